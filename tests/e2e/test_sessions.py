"""Who is signed in (在线用户, issue 9 item 16): the administrator lists live sessions (user, since, until,
address) and ends one (强制下线, audited); a user lists and ends their own other sessions; nobody else may."""
import gw
from test_authz import is_error, new_user, root_division


def run(base, ctx):
    check, admin, srv, db = ctx["check"], ctx["admin"], ctx["server"], ctx["server"].db
    pw = "sessions-pw-1"
    name, r = new_user(admin, "ses", "dispatcher", pw, division_id=root_division(admin)["id"])
    uid = r.json()["id"]
    a, b = srv.login(name, pw), srv.login(name, pw)
    r = admin.get("/api/v1/sessions")
    mine = [s for s in r.json().get("items", []) if s["user"]["id"] == uid] if r.status == 200 else []
    check("sessions: the admin sees both of the user's sessions", r.status == 200 and len(mine) == 2, r)
    check("sessions: each with since, until and address", all(s["since"] and s["until"] and s["ip"] == "127.0.0.1"
                                                            and len(s["id"]) == 16 for s in mine), mine)
    check("sessions: no token or hash is shown", all(set(s) == {"id", "user", "since", "until", "ip", "current"} for s in mine), mine)
    own = a.get("/api/v1/me/sessions").json()["items"]
    check("sessions: a user sees their own two, this one marked", sorted(s["current"] for s in own) == [False, True]
          and {s["id"] for s in own} == {s["id"] for s in mine}, own)
    other = [s["id"] for s in own if not s["current"]][0]
    check("sessions: another user cannot end it", is_error(ctx["dispatcher"].delete("/api/v1/me/sessions/" + other), 404))
    check("sessions: a dispatcher cannot list everyone's", is_error(ctx["dispatcher"].get("/api/v1/sessions"), 403, "forbidden"))
    check("sessions: nor end one", is_error(ctx["dispatcher"].delete("/api/v1/sessions/" + other), 403, "forbidden"))
    check("sessions: the other session still works", b.get("/api/v1/me").status == 200)
    r = a.delete("/api/v1/me/sessions/" + other)
    check("sessions: the user ends their other session", r.status == 200, r)
    check("sessions: ... which is signed out", is_error(b.get("/api/v1/me"), 401, "unauthorized"))
    check("sessions: ... and this one goes on", a.get("/api/v1/me").status == 200)
    this = [s["id"] for s in own if s["current"]][0]
    audits = lambda: gw.sql(ctx, db, "SELECT COUNT(*) FROM audit_log WHERE action = 'session.end' AND object = ?",  # noqa: E731
                            ("user:%d" % uid,))[0][0]
    before = audits()
    r = admin.delete("/api/v1/sessions/" + this)
    check("sessions: the admin ends a session (强制下线)", r.status == 200, r)
    check("sessions: ... it is signed out", is_error(a.get("/api/v1/me"), 401, "unauthorized"))
    check("sessions: ... and it is audited", audits() == before + 1, (before, audits()))
    for sid in ["0" * 16, "xyz", "0" * 64, "%00"]:
        check("sessions: end %r -> 404" % sid[:20], is_error(admin.delete("/api/v1/sessions/" + sid), 404, "not_found"))
    check("sessions: unknown query -> 400", is_error(admin.get("/api/v1/sessions?x=1"), 400, "invalid_request"))
    anon = gw.Client(ctx["port"])
    for method, path in [("GET", "/api/v1/sessions"), ("GET", "/api/v1/me/sessions"), ("DELETE", "/api/v1/me/sessions/" + "0" * 16)]:
        check("sessions: no login -> 401 %s %s" % (method, path), is_error(anon.request(method, path), 401, "unauthorized"))
