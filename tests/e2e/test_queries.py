"""Query strings on the list endpoints: every endpoint answers 400 invalid_request for a parameter it
does not know (a typo must not silently widen or change a list), still accepts every parameter it
documents (including each one the web console sends), and GET /api/v1/divisions filters by level."""
import urllib.parse

LEVELS = ["city", "district", "street", "community", "grid"]


def run(base_url, ctx):
    check = ctx["check"]
    admin = ctx["admin"]

    def unknown_refused(name, path):
        sep = "&" if "?" in path else "?"
        r = admin.get(path + sep + "bogus_param=1")
        err = (r.json() or {}).get("error", {}) if r.status == 400 else {}
        check("unknown query parameter refused: " + name, r.status == 400 and err.get("code") == "invalid_request"
              and err.get("message") == "unknown query parameter 'bogus_param'", "%s %s" % (r.status, r.body[:200]))

    def ok(name, path, status=200):
        r = admin.get(path)
        check("known query parameters accepted: " + name, r.status == status, "%s %s" % (r.status, r.body[:200]))
        return r

    # reference data for the queries below
    divs = ok("divisions", "/api/v1/divisions?geometry=1").json().get("items", [])
    grid = next((d for d in divs if d.get("level") == "grid"), {})
    street = next((d for d in divs if d.get("level") == "street"), {})
    cat = (ok("categories", "/api/v1/categories").json().get("items") or [{}])[0]
    unit = (ok("units", "/api/v1/units").json().get("items") or [{}])[0]
    g = grid.get("geometry") or {}
    ring = (g.get("coordinates") or [[[[120.15, 30.25]]]])[0]
    ring = ring[0] if ring and isinstance(ring[0][0], list) else ring
    lon = sum(p[0] for p in ring[:-1]) / max(len(ring) - 1, 1)
    lat = sum(p[1] for p in ring[:-1]) / max(len(ring) - 1, 1)

    # divisions?level=
    for lv in LEVELS:
        r = admin.get("/api/v1/divisions?level=" + lv)
        items = r.json().get("items", []) if r.status == 200 else []
        want = sum(1 for d in divs if d.get("level") == lv)
        check("divisions?level=%s lists only that level" % lv, r.status == 200 and want > 0 and len(items) == want
              and all(d.get("level") == lv for d in items), "%s %d/%d" % (r.status, len(items), want))
    r = admin.get("/api/v1/divisions?level=village")
    check("divisions?level=village 400", r.status == 400 and r.json()["error"]["code"] == "invalid_request", r.body[:200])
    if street.get("id"):
        r = admin.get("/api/v1/divisions?level=grid&geometry=1&under=%d" % street["id"])
        items = r.json().get("items", []) if r.status == 200 else []
        check("divisions?level=grid&under=street: the street's grids with geometry", r.status == 200 and items
              and all(d.get("level") == "grid" and d.get("geometry") for d in items)
              and len(items) < sum(1 for d in divs if d.get("level") == "grid"), "%s %d" % (r.status, len(items)))

    # the known parameters, as the console sends them (web/src: Tickets.vue, Workbench.vue, dupes.js,
    # Dashboard.vue, Config.vue, refdata.js) and as documented
    tq = {"status": "signed", "category_id": cat.get("id", 1), "unit_id": unit.get("id", 1),
          "division_id": street.get("id", 1), "source": "hotline", "q": "井盖", "overdue": "1", "warning": "1",
          "extension_pending": "1", "needs_location": "1", "from": "2024-01-01T00:00:00+08:00",
          "to": "2030-01-01T00:00:00+08:00", "limit": 50, "cursor": 999999}
    ok("tickets, every filter", "/api/v1/tickets?" + urllib.parse.urlencode(tq))
    ok("tickets needs_location+limit (workbench)", "/api/v1/tickets?needs_location=1&limit=200")
    ok("tickets export, every filter", "/api/v1/tickets/export.xlsx?" + urllib.parse.urlencode(
        {k: v for k, v in tq.items() if k not in ("limit", "cursor")}))
    ok("divisions geometry+under+level", "/api/v1/divisions?geometry=0&level=grid&under=%d" % street.get("id", 1))
    ok("stats days", "/api/v1/stats/summary?days=30")
    ok("grids/at lon lat coord", "/api/v1/grids/at?lon=%f&lat=%f&coord=wgs84" % (lon, lat))
    ok("routing-rules/test category+division", "/api/v1/routing-rules/test?category_id=%s&division_id=%s"
       % (cat.get("id", 1), grid.get("id", 1)))
    ok("routing-rules/test category+lon/lat/coord", "/api/v1/routing-rules/test?category_id=%s&lon=%f&lat=%f&coord=wgs84"
       % (cat.get("id", 1), lon, lat))

    # one unknown parameter on every list endpoint (next to valid ones, so the check is the reason)
    unknown_refused("tickets", "/api/v1/tickets?status=signed")
    unknown_refused("tickets export", "/api/v1/tickets/export.xlsx?status=signed")
    unknown_refused("divisions", "/api/v1/divisions?geometry=1")
    unknown_refused("divisions (a typo of level)", "/api/v1/divisions")
    unknown_refused("units", "/api/v1/units")
    unknown_refused("categories", "/api/v1/categories")
    unknown_refused("routing-rules", "/api/v1/routing-rules")
    unknown_refused("users", "/api/v1/users")
    unknown_refused("stats/summary", "/api/v1/stats/summary?days=30")
    unknown_refused("grids/at", "/api/v1/grids/at?lon=%f&lat=%f" % (lon, lat))
    unknown_refused("routing-rules/test", "/api/v1/routing-rules/test?category_id=%s&division_id=%s"
                    % (cat.get("id", 1), grid.get("id", 1)))
    r = admin.get("/api/v1/divisions?levle=grid")
    check("divisions?levle= (typo) names the parameter", r.status == 400 and "'levle'" in r.json()["error"]["message"],
          r.body[:200])
    r = admin.get("/api/v1/units?%C3%A9%01x=1")
    check("a hostile parameter name is refused with a clean message", r.status == 400
          and r.json()["error"]["code"] == "invalid_request", "%s %s" % (r.status, r.body[:200]))
    ok("still serving after the refusals", "/api/v1/tickets?limit=1")
