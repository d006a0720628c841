"""A user changes their own password (issue 9 item 9): POST /api/v1/me/password with the current one;
a wrong current password or a weak new one changes nothing; afterwards the old password no longer signs
in, the user's other sessions end, this one goes on, and the change is audited. GET /api/v1/meta/login
says whether demo logins (password "demo") still exist, for the login page's hint."""
import gw
from test_authz import new_user, root_division


def run(base, ctx):
    check, admin = ctx["check"], ctx["admin"]
    srv, db = ctx["server"], ctx["server"].db
    old, new = "first-pass-1", "second-pass-2"
    name, r = new_user(admin, "pw", "auditor", old, division_id=root_division(admin)["id"])
    check("password: a user to change", r.status == 201, r)
    uid = r.json()["id"]
    me, other = srv.login(name, old), srv.login(name, old)

    def change(c, current, nxt):
        return c.post("/api/v1/me/password", {"current_password": current, "new_password": nxt})

    audits = lambda: gw.sql(ctx, db, "SELECT COUNT(*) FROM audit_log WHERE action = 'user.password' AND object = ?",  # noqa: E731
                            ("user:%d" % uid,))[0][0]
    r = change(me, "wrong-password", new)
    check("password: a wrong current password is refused (403, still signed in)", r.status == 403, r)
    check("password: too short is refused", change(me, old, "short").status == 400)
    check("password: the same password is refused", change(me, old, old).status == 400)
    check("password: unknown fields are refused", me.post("/api/v1/me/password", {"current_password": old,
          "new_password": new, "x": 1}).status == 400)
    check("password: nothing changed so far", audits() == 0 and srv.login(name, old) is not None)
    r = change(me, old, new)
    check("password: changed", r.status == 200, r)
    check("password: audited once", audits() == 1, audits())
    check("password: this session goes on", me.get("/api/v1/me").status == 200)
    check("password: other sessions end", other.get("/api/v1/me").status == 401)
    bad = gw.Client(ctx["port"]).post("/api/v1/auth/login", {"username": name, "password": old})
    check("password: the old password no longer signs in", bad.status == 401, bad)
    good = gw.Client(ctx["port"]).post("/api/v1/auth/login", {"username": name, "password": new})
    check("password: the new one does", good.status == 200, good)
    anon = gw.Client(ctx["port"])
    check("password: needs a session", change(anon, old, new).status == 401)
    r = anon.get("/api/v1/meta/login")
    check("password: the login page learns that demo logins exist", r.status == 200 and r.json().get("demo_logins") is True, r)
