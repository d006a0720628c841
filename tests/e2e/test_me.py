"""The personal centre (个人中心, issue 9 item 16): GET /api/v1/me/logins lists the caller's own sign-ins,
failed ones too, newest first, with the client address — and nobody else's."""
import gw
from test_authz import is_error, new_user, root_division


def run(base, ctx):
    check, admin, srv = ctx["check"], ctx["admin"], ctx["server"]
    pw = "me-logins-1"
    name, r = new_user(admin, "me", "auditor", pw, division_id=root_division(admin)["id"])
    check("me: a user", r.status == 201, r)
    anon = gw.Client(ctx["port"])
    check("me: a failed sign-in", anon.post("/api/v1/auth/login", {"username": name, "password": "wrong"}).status == 401)
    me = srv.login(name, pw)
    other = srv.login(name, pw)
    r = me.get("/api/v1/me/logins")
    items = r.json().get("items", []) if r.status == 200 else []
    check("me: own sign-ins, newest first, the failed one too", r.status == 200 and [x["ok"] for x in items] == [True, True, False]
          and r.json()["total"] == 3, r)
    check("me: each with time and address", all(x["at"] and x["ip"] == "127.0.0.1" for x in items), items)
    theirs = ctx["dispatcher"].get("/api/v1/me/logins").json()["items"]
    check("me: another user's list holds none of these", all(x["id"] not in {i["id"] for i in items} for x in theirs), theirs[:2])
    r = other.get("/api/v1/me/logins?limit=1")
    check("me: limit", r.status == 200 and len(r.json()["items"]) == 1 and r.json()["total"] == 3, r)
    for q in ["limit=0", "limit=51", "limit=x", "user=1"]:
        check("me: logins?%s -> 400" % q, is_error(me.get("/api/v1/me/logins?" + q), 400, "invalid_request"))
    check("me: no login -> 401", is_error(anon.get("/api/v1/me/logins"), 401, "unauthorized"))
