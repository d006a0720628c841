"""The operations pages (issue 9 item 16): search and paging on the configuration lists, the audit
log and its verification, who is signed in, the personal centre, the dictionaries."""
import urllib.parse

import gw  # noqa: F401


def paging(ctx, check):
    admin = ctx["admin"]
    for path in ("/api/v1/units", "/api/v1/categories", "/api/v1/routing-rules", "/api/v1/users", "/api/v1/divisions"):
        full = admin.get(path).json()
        n = len(full["items"])
        check("paging: %s without a page lists every row with the total" % path, full.get("total") == n and n > 2, full.get("total"))
        page = admin.get(path + "?limit=2&offset=1").json()
        check("paging: %s limit=2 offset=1 is rows 2 and 3" % path,
              [x["id"] for x in page["items"]] == [x["id"] for x in full["items"][1:3]] and page["total"] == n, page)
        beyond = admin.get(path + "?offset=100000").json()
        check("paging: %s past the end is empty with the total" % path, beyond["items"] == [] and beyond["total"] == n, beyond)
    users = admin.get("/api/v1/users?q=ADMIN").json()
    check("search: users q matches the username without case",
          users["total"] >= 1 and all(any("admin" in str(v).lower() for v in u.values()) for u in users["items"])
          and any(u["username"] == "admin" for u in users["items"]), users)
    units = admin.get("/api/v1/units").json()["items"]
    name = units[0]["name"]
    got = admin.get("/api/v1/units?q=" + urllib.parse.quote(name)).json()
    check("search: units q matches a Chinese name", got["total"] >= 1 and got["items"][0]["name"] == name
          and all(name in u["name"] or any(name in str(v) for v in u.values()) for u in got["items"]), got)
    none = admin.get("/api/v1/routing-rules?q=zzzz-no-such-thing").json()
    check("search: no match is an empty page", none == {"items": [], "total": 0}, none)
    rules = admin.get("/api/v1/routing-rules").json()["items"]
    rid = rules[-1]["id"]
    got = admin.get("/api/v1/routing-rules?q=%d" % rid).json()
    check("search: a whole number finds the rule by id", any(x["id"] == rid for x in got["items"]), got)
    for bad in ("limit=0", "limit=501", "limit=x", "offset=-1", "offset=1e3", "q=" + "a" * 65, "q=%01", "zzz=1"):
        r = admin.get("/api/v1/units?" + bad)
        check("paging: units?%s refused" % bad[:20], r.status == 400 and "error" in r.json(), (r.status, r.body[:200]))


PARTS = [paging]


def run(base, ctx):
    check = ctx["check"]
    for part in PARTS:
        try:
            part(ctx, check)
        except Exception:  # one broken part must not hide the others' results
            import traceback
            check("%s (crashed)" % part.__name__, False, traceback.format_exc())
