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


def audit_browse(ctx, check):
    admin, auditor = ctx["admin"], ctx["auditor"]
    unit = admin.get("/api/v1/units").json()["items"][0]
    for phone in ("0571-1234567", "0571-7654321", "0571-1234567"):
        r = admin.put("/api/v1/units/%d" % unit["id"], {"phone": phone})
        check("audit: a unit edit to browse", r.status == 200, r)
    me = admin.get("/api/v1/me").json()
    page = auditor.get("/api/v1/audit?limit=3").json()
    check("audit: the auditor browses newest first, 3 a page, with a total",
          len(page["items"]) == 3 and page["total"] >= 4
          and [x["id"] for x in page["items"]] == sorted([x["id"] for x in page["items"]], reverse=True), page)
    mine = auditor.get("/api/v1/audit?actor=%d&action=unit.update" % me["id"]).json()
    top = mine["items"][0] if mine["items"] else {}
    check("audit: filter by actor and action finds the edit",
          top.get("object") == "unit:%d" % unit["id"] and top.get("actor") == "admin"
          and all(x["action"] == "unit.update" and x["actor_id"] == me["id"] for x in mine["items"]), mine)
    pre = auditor.get("/api/v1/audit?action=unit.&limit=100").json()
    check("audit: an action ending in '.' is a prefix", pre["total"] >= 1
          and all(x["action"].startswith("unit.") for x in pre["items"]), pre["total"])
    two = auditor.get("/api/v1/audit?limit=2&offset=1").json()
    one = auditor.get("/api/v1/audit?limit=3").json()
    check("audit: offset pages", [x["id"] for x in two["items"]] == [x["id"] for x in one["items"][1:3]], (two, one))
    future = auditor.get("/api/v1/audit?from=2099-01-01").json()
    long = [x for x in auditor.get("/api/v1/audit?action=chain.anchor&limit=100").json()["items"]
            if x["detail_cut"]]
    check("audit: a long detail is cut at 1023 bytes and says so", all(len(x["detail"].encode()) <= 1023 for x in long), long[:1])
    check("audit: a time range with nothing in it", future == {"items": [], "total": 0}, future)
    past = auditor.get("/api/v1/audit?to=2000-01-01").json()
    check("audit: to before every entry", past["total"] == 0, past)
    for bad in ("limit=0", "limit=101", "offset=-1", "actor=x", "action=" + "a" * 64, "from=yesterday", "q=1"):
        r = auditor.get("/api/v1/audit?" + bad)
        check("audit: ?%s refused" % bad[:20], r.status == 400 and "error" in r.json(), r)
    for who in ("dispatcher", "supervisor", "hotline", "shizheng"):
        r = ctx[who].get("/api/v1/audit")
        check("audit: %s may not browse" % who, r.status == 403, r)


def audit_verify(ctx, check):
    r = ctx["auditor"].post("/api/v1/audit/verify", {})
    v = r.json()
    names = sorted(c["chain"] for c in v.get("chains", []))
    check("verify: every chain intact, a result per chain",
          r.status == 200 and v["ok"] is True and names == ["audit_log", "ticket_timeline", "ticket_timeline"]
          and all(c["ok"] and c["broken_at"] is None for c in v["chains"]) and v["rows"] > 0, v)
    r = ctx["dispatcher"].post("/api/v1/audit/verify", {})
    check("verify: a dispatcher may not", r.status == 403, r)
    # break one copy of the log: the verification names the row
    srv = ctx["server"]
    db = gw.copy_db(ctx, srv.db)
    gw.sql(ctx, db, "UPDATE audit_log SET detail = 'tampered' WHERE id = (SELECT min(id) FROM audit_log)")
    other = gw.Server(ctx["binary"], db=db)
    other.start()
    try:
        c = other.login("auditor")
        v = c.post("/api/v1/audit/verify", {}).json()
        audit = [x for x in v.get("chains", []) if x["chain"] == "audit_log"]
        check("verify: a tampered audit row is found", v.get("ok") is False and audit and audit[0]["ok"] is False
              and "audit_log id" in (audit[0]["broken_at"] or ""), v)
    finally:
        other.stop()


def login_log(ctx, check):
    srv, auditor = ctx["server"], ctx["auditor"]
    anon = gw.Client(ctx["port"])
    me = ctx["grid01"].get("/api/v1/me").json()
    r = anon.post("/api/v1/auth/login", {"username": "grid01", "password": "not-the-password"})
    check("login log: a wrong password refused", r.status == 401, r)
    srv.login("grid01")
    log = auditor.get("/api/v1/audit?action=auth.&actor=%d&limit=2" % me["id"]).json()["items"]
    acts = [x["action"] for x in log]
    check("login log: the success and the failure, newest first, with the address",
          acts == ["auth.login", "auth.login_failed"] and all(x["object"] == "login:%d" % me["id"]
          and '"ip":"127.0.0.1"' in x["detail"] and '"username":"grid01"' in x["detail"] for x in log), log)
    r = anon.post("/api/v1/auth/login", {"username": "nobody-here", "password": "x"})
    last = auditor.get("/api/v1/audit?action=auth.login_failed&limit=1").json()["items"]
    check("login log: an unknown name is logged as user 0 with the name typed", r.status == 401 and last
          and last[0]["object"] == "login:0" and last[0]["actor_id"] is None and "nobody-here" in last[0]["detail"], last)


PARTS = [paging, audit_browse, audit_verify, login_log]


def run(base, ctx):
    check = ctx["check"]
    for part in PARTS:
        try:
            part(ctx, check)
        except Exception:  # one broken part must not hide the others' results
            import traceback
            check("%s (crashed)" % part.__name__, False, traceback.format_exc())
