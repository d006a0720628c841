"""One scope rule (core/scope.c): for a sample of users every ticket in their list reads by id and every
other ticket answers 404; the figures count the list minus what the documented difference leaves out
(CC units' tickets and one's own reports outside one's area); and GET /api/v1/me's permissions are
exactly what the routes let the role do."""
import random

import gw
from test_authz import grid_outside, is_error, items, new_user, report_manhole, unit_by_code


def all_items(c, path="/api/v1/tickets"):
    """Every ticket of c's list, page by page."""
    out, cursor = [], None
    while True:
        r = c.get(path + "?limit=200" + ("&cursor=%d" % cursor if cursor else ""))
        if r.status != 200:
            raise RuntimeError("GET %s: %r" % (path, r))
        out += r.json()["items"]
        cursor = r.json()["next_cursor"]
        if not cursor:
            return out


def list_vs_read(check, name, c, listed, every, always=()):
    """Listed tickets read by id; unlisted ones (a sample, and always the tickets in `always` that are
    not listed) answer 404."""
    ids = {x["id"] for x in listed}
    bad = [i for i in sorted(ids) if c.get("/api/v1/tickets/%d" % i).status != 200]
    check("scope: %s reads every listed ticket by id" % name, not bad, bad[:5])
    others = [x["id"] for x in every if x["id"] not in ids]
    sample = random.sample(others, min(25, len(others))) + [i for i in always if i not in ids]
    bad = [i for i in sample if not is_error(c.get("/api/v1/tickets/%d" % i), 404, "not_found")]
    check("scope: %s gets 404 for unlisted tickets" % name, not bad, bad[:5])


# permission -> (method, path, body): a probe that changes nothing, answered 403 by the route (or the
# service) unless the role holds the permission
PROBES = {
    "ticket.view": ("GET", "/api/v1/tickets?limit=1", None),
    "ticket.intake": ("POST", "/api/v1/tickets", {}),
    "ticket.act": ("POST", "/api/v1/tickets/999999999/actions", {"action": "sign"}),
    "ticket.dispatch": ("POST", "/api/v1/tickets/999999999/actions", {"action": "locate"}),
    "contact.view": ("GET", "/api/v1/tickets/999999999/reporter", None),
    "stats.view": ("GET", "/api/v1/stats/summary?days=1", None),
    "config.view": ("GET", "/api/v1/units", None),
    "config.edit": ("POST", "/api/v1/units", {}),
    "user.manage": ("GET", "/api/v1/users", None),
    "audit.view": ("GET", "/api/v1/audit?limit=1", None),
    "kb.view": ("GET", "/api/v1/kb?limit=1", None),
    "kb.edit": ("POST", "/api/v1/kb", {}),
    "iot.view": ("GET", "/api/v1/alarms?limit=1", None),
    "iot.manage": ("POST", "/api/v1/device-types", {}),
    "ledger.view": ("GET", "/api/v1/ledger/accounts?limit=1", None),
    "ledger.manage": ("POST", "/api/v1/ledger/transfers", {}),
    "resident.view": ("GET", "/api/v1/residents?limit=1", None),
    "resident.verify": ("POST", "/api/v1/residents/999999999/verify", {}),
    "partner.view": ("GET", "/api/v1/partners?limit=1", None),
    "partner.manage": ("POST", "/api/v1/partners", {}),
}
# permissions with no route of their own (the loop's roles, ticket.supervise, ticket.handle and
# ticket.onsite, and a console page, dashboard.view): their role sets are checked in tests/unit/core/test_scope.c
NO_PROBE = {"ticket.supervise", "ticket.handle", "dashboard.view", "ticket.onsite"}


def run(base, ctx):
    check, srv, admin = ctx["check"], ctx["server"], ctx["admin"]
    grid01, hotline = ctx["grid01"], ctx["hotline"]
    paths = {d["id"]: d["path"] for d in items(admin, "/api/v1/divisions")}

    # An own report outside one's area: grid01 reports at a point in another grid (and, placed
    # nowhere, a report without a location). Both belong in grid01's list, as they read by id.
    scope = grid01.get("/api/v1/me").json()["scope_path"]
    lon, lat, other = grid_outside(admin, scope)
    r = report_manhole(grid01, "范围测试：网格员在别的网格上报的井盖", lon=lon, lat=lat)
    check("scope: grid01 reports in another grid", r.status == 201 and r.json()["division_id"] == other["id"], r)
    own = r.json()["id"] if r.status == 201 else 0
    listed = {x["id"] for x in all_items(grid01)}
    check("scope: own report outside the area is listed", own in listed, own)
    check("scope: own report outside the area reads by id", grid01.get("/api/v1/tickets/%d" % own).status == 200)

    # A CC unit's handler: 城管 is CC'd on 0101 reports.
    cg = unit_by_code(admin, "chengguan")
    pw = "cg-scope-%d" % random.randrange(10 ** 6)
    cg_name, r = new_user(admin, "cgs", "unit_handler", pw, unit_id=cg["id"])
    check("scope: 城管 handler created", r.status == 201, r)
    cgc = srv.login(cg_name, pw)
    r = report_manhole(hotline, "范围测试：抄送城管的井盖")
    check("scope: a report CCs 城管", r.status == 201 and any(u["id"] == cg["id"] for u in r.json()["cc_units"]), r)
    special = [own, r.json()["id"] if r.status == 201 else 0]

    every = all_items(admin)
    users = [("dispatcher", ctx["dispatcher"]), ("supervisor", ctx["supervisor"]), ("hotline", hotline),
             ("grid01", grid01), ("shizheng", ctx["shizheng"]), ("shuiwu", ctx["shuiwu"]),
             ("auditor", ctx["auditor"]), ("chengguan", cgc), ("admin", admin)]
    for name, c in users:
        me = c.get("/api/v1/me").json()
        listed = all_items(c)
        list_vs_read(check, name, c, listed, every, special)
        # Figures: the list minus CC-only tickets (unit handlers) and own reports outside the area.
        if me["role"] == "admin":
            counted = listed
        elif me["role"] == "unit_handler":
            counted = [x for x in listed if x["unit_id"] == me["unit_id"]]
        else:
            counted = [x for x in listed if paths.get(x["division_id"], "\x00").startswith(me["scope_path"])]
        stats = c.get("/api/v1/stats/summary?days=1").json()["totals"]["all"]
        check("scope: %s figures = list minus the documented difference" % name, stats == len(counted),
              (stats, len(counted), len(listed)))
        if name == "chengguan":
            check("scope: the CC handler lists tickets it does not count", len(listed) > len(counted) >= 0,
                  (len(listed), len(counted)))
        if name == "grid01":
            check("scope: grid01 lists its own outside report but does not count it",
                  own in {x["id"] for x in listed} and own not in {x["id"] for x in counted})

    # /me permissions <=> what the routes allow, for each staff role.
    for name, c in users:
        me = c.get("/api/v1/me").json()
        perms = set(me.get("permissions") or [])
        check("scope: %s /me lists permissions" % name, isinstance(me.get("permissions"), list) and perms, me)
        check("scope: %s permissions are known names" % name, perms <= set(PROBES) | NO_PROBE, perms)
        for perm, (method, path, body) in PROBES.items():
            r = c.request(method, path, body=body)
            check("scope: %s %s listed <=> %s %s not 403" % (name, perm, method, path),
                  (perm in perms) == (r.status != 403), (perm in perms, r))
    check("scope: login answers the same permissions", srv.login("auditor").get("/api/v1/me").json()["permissions"]
          == ctx["auditor"].get("/api/v1/me").json()["permissions"])
    r = gw.Client(ctx["port"]).post("/api/v1/auth/login", {"username": "dispatcher", "password": "demo"})
    check("scope: the login reply's user has permissions", r.status == 200
          and "ticket.dispatch" in r.json()["user"]["permissions"], r)
