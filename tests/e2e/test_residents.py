"""Resident accounts (居民账号, issue 11 item 0): sign-up with a mobile number, sign-in by password or by a
one-time code staff issue, sessions of their own kind (no staff route takes one, no resident route takes a
staff session), verification by community staff within their area, masked lists, audited full reads,
disable/enable, and the login throttle."""
import random

import gw
from test_authz import is_error, items, new_user


def phone_of(prefix="139"):
    return "%s%08d" % (prefix, random.randrange(10 ** 8))


def communities(admin):
    return [d for d in items(admin, "/api/v1/divisions") if d["level"] == "community"]


def total(admin):
    return admin.get("/api/v1/residents?limit=1").json()["total"]


def audit_rows(admin, action):
    r = admin.get("/api/v1/audit?action=%s&limit=100" % action)
    return r.json()["items"] if r.status == 200 else []


def run(base, ctx):
    check, port, srv, admin, disp = ctx["check"], ctx["port"], ctx["server"], ctx["admin"], ctx["dispatcher"]
    anon = gw.Client(port)
    comm = communities(admin)
    check("residents: the demo has two communities or more", len(comm) >= 2, comm)
    ca, cb = comm[0], comm[1]
    r = anon.get("/api/v1/public/communities")
    check("residents: sign-up lists the communities (public)", r.status == 200
          and {c["id"] for c in r.json()["items"]} == {c["id"] for c in comm}, r)

    # ---- sign-up: bad input is 400 and writes nothing ----
    before = total(admin)
    phone = phone_of()
    for label, body in [("no phone", {"password": "longenough1"}),
                        ("landline", {"phone": "0571-88881234", "password": "longenough1"}),
                        ("foreign", {"phone": "+1 212 555 0100", "password": "longenough1"}),
                        ("short password", {"phone": phone, "password": "short"}),
                        ("unknown field", {"phone": phone, "password": "longenough1", "role": "admin"}),
                        ("grid as community", {"phone": phone, "password": "longenough1",
                                               "community_id": next(d["id"] for d in items(admin, "/api/v1/divisions")
                                                                    if d["level"] == "grid")}),
                        ("community string", {"phone": phone, "password": "longenough1", "community_id": "1"}),
                        ("control in name", {"phone": phone, "password": "longenough1", "display_name": "a\u0001b"})]:
        r = anon.post("/api/v1/resident/register", body)
        check("residents: register %s -> 400" % label, is_error(r, 400, "invalid_request"), r)
    check("residents: refused sign-ups wrote nothing", total(admin) == before, (before, total(admin)))

    # ---- sign-up and sign-in ----
    r = anon.post("/api/v1/resident/register", {"phone": phone[:3] + " " + phone[3:7] + "-" + phone[7:],
                                                "password": "居民密码pass", "display_name": "小王",
                                                "community_id": ca["id"]})
    check("residents: register -> 201 with a session", r.status == 201 and len(r.json()["token"]) == 64
          and r.json()["account"]["phone"] == phone and r.json()["account"]["verified"] is False
          and r.json()["account"]["community"]["id"] == ca["id"], r)
    cookie = r.headers.get("set-cookie", "")
    check("residents: the cookie is gw_resident, HttpOnly, never gw_session", cookie.startswith("gw_resident=")
          and "HttpOnly" in cookie and "gw_session" not in cookie, cookie)
    res = gw.Client(port, r.json()["token"])
    rid = r.json()["account"]["id"]
    r = anon.post("/api/v1/resident/register", {"phone": phone, "password": "anotherpass"})
    check("residents: a number registers once -> 409", is_error(r, 409, "conflict"), r)
    r = res.get("/api/v1/resident/me")
    check("residents: me", r.status == 200 and r.json()["id"] == rid and r.json()["has_password"] is True
          and "pw_hash" not in r.json(), r)
    r = anon.get("/api/v1/resident/me", headers={"Cookie": "gw_resident=" + res.token})
    check("residents: the gw_resident cookie authenticates", r.status == 200 and r.json()["id"] == rid, r)
    r = anon.post("/api/v1/resident/login", {"phone": phone, "password": "wrong-password"})
    check("residents: wrong password -> 401", is_error(r, 401, "unauthorized"), r)
    r = anon.post("/api/v1/resident/login", {"phone": phone_of("137"), "password": "wrong-password"})
    check("residents: unknown number -> the same 401", is_error(r, 401, "unauthorized")
          and r.json()["error"]["message"] == "wrong phone number or password", r)
    r = anon.post("/api/v1/resident/login", {"phone": phone, "password": "居民密码pass"})
    check("residents: login", r.status == 200 and r.json()["account"]["id"] == rid, r)
    res2 = gw.Client(port, r.json()["token"])

    # ---- the two kinds never mix ----
    for method, path in [("GET", "/api/v1/me"), ("GET", "/api/v1/tickets"), ("GET", "/api/v1/residents"),
                         ("POST", "/api/v1/residents/%d/verify" % rid), ("POST", "/api/v1/auth/logout")]:
        r = res.request(method, path, body={} if method == "POST" else None)
        check("residents: a resident session on %s %s -> 403" % (method, path), is_error(r, 403, "forbidden"), r)
    r = anon.get("/api/v1/tickets", headers={"Cookie": "gw_session=" + res.token})
    check("residents: a resident token as the staff cookie -> 401", is_error(r, 401, "unauthorized"), r)
    for method, path in [("GET", "/api/v1/resident/me"), ("POST", "/api/v1/resident/password"),
                         ("POST", "/api/v1/resident/logout")]:
        r = disp.request(method, path, body={} if method == "POST" else None)
        check("residents: a staff session on %s %s -> 403" % (method, path), is_error(r, 403, "forbidden"), r)
        r = anon.request(method, path, body={} if method == "POST" else None)
        check("residents: no session on %s %s -> 401" % (method, path), is_error(r, 401, "unauthorized"), r)
    r = anon.get("/api/v1/resident/me", headers={"Cookie": "gw_session=%s; gw_resident=%s" % (disp.token, res.token)})
    check("residents: with both cookies a resident route takes the resident's", r.status == 200
          and r.json()["id"] == rid, r)
    r = anon.get("/api/v1/me", headers={"Cookie": "gw_session=%s; gw_resident=%s" % (disp.token, res.token)})
    check("residents: with both cookies a staff route takes the staff's", r.status == 200
          and r.json()["username"] == "dispatcher", r)

    # ---- password ----
    r = res.post("/api/v1/resident/password", {"current_password": "nope-nope", "new_password": "新的密码pass2"})
    check("residents: wrong current password -> 403", is_error(r, 403, "forbidden"), r)
    r = res.post("/api/v1/resident/password", {"current_password": "居民密码pass", "new_password": "short"})
    check("residents: weak new password -> 400", is_error(r, 400, "invalid_request"), r)
    r = res.post("/api/v1/resident/password", {"current_password": "居民密码pass", "new_password": "新的密码pass2"})
    check("residents: change password", r.status == 200, r)
    check("residents: the asking session goes on", res.get("/api/v1/resident/me").status == 200)
    check("residents: the other sessions end", is_error(res2.get("/api/v1/resident/me"), 401, "unauthorized"))
    r = anon.post("/api/v1/resident/login", {"phone": phone, "password": "新的密码pass2"})
    check("residents: login with the new password", r.status == 200, r)

    # ---- staff: scope, masking, verification ----
    pw = "shequ-pass-%d" % random.randrange(10 ** 6)
    name_a, r = new_user(admin, "sqa", "grid_worker", pw, division_id=ca["id"])
    name_b, r2 = new_user(admin, "sqb", "grid_worker", pw, division_id=cb["id"])
    check("residents: community staff created", r.status == 201 and r2.status == 201, (r, r2))
    staff_a, staff_b = srv.login(name_a, pw), srv.login(name_b, pw)
    other_phone = phone_of("158")
    r = anon.post("/api/v1/resident/register", {"phone": other_phone, "password": "longenough1",
                                                "community_id": cb["id"]})
    other = r.json()["account"]["id"]
    lst = items(staff_a, "/api/v1/residents?limit=100")
    ids = {x["id"] for x in lst}
    check("residents: community A's staff list A's account and not B's", rid in ids and other not in ids, ids)
    mine = next(x for x in lst if x["id"] == rid)
    check("residents: the list masks the phone", mine["phone"] == phone[:3] + "****" + phone[7:], mine)
    check("residents: out of area reads as 404", is_error(staff_a.get("/api/v1/residents/%d" % other), 404, "not_found"))
    body = {"person_name": "王小明", "id_number": "11010519491231002x", "address": "幸福路12号3幢501室",
            "method": "document", "community_id": ca["id"]}
    r = staff_a.post("/api/v1/residents/%d/verify" % other, dict(body))
    check("residents: verifying an account out of area -> 404", is_error(r, 404, "not_found"), r)
    r = staff_a.post("/api/v1/residents/%d/verify" % rid, dict(body, community_id=cb["id"]))
    check("residents: into a community out of area -> 403", is_error(r, 403, "forbidden"), r)
    for label, bad in [("bad id number", {"id_number": "110105194912310021"}), ("bad method", {"method": "phone"}),
                       ("no name", {"person_name": ""}), ("unknown field", {"household_id": 3})]:
        r = staff_a.post("/api/v1/residents/%d/verify" % rid, dict(body, **bad))
        check("residents: verify %s -> 400" % label, is_error(r, 400, "invalid_request"), r)
    check("residents: refused verifications wrote nothing",
          staff_a.get("/api/v1/residents/%d" % rid).json()["verified"] is False)
    r = disp.post("/api/v1/residents/%d/verify" % rid, dict(body))
    check("residents: a dispatcher (resident.view only) may not verify -> 403", is_error(r, 403, "forbidden"), r)
    r = staff_a.post("/api/v1/residents/%d/verify" % rid, dict(body))
    v = r.json() if r.status == 200 else {}
    check("residents: verify", r.status == 200 and v["verified"] and v["verify_method"] == "document"
          and v["verified_by_name"] and v["community"]["id"] == ca["id"], r)
    check("residents: the verify answer is masked", v.get("person_name") == "王*明"
          and v.get("id_number") == "110*************2X" and v.get("address") == "幸福路*号*幢*室", v)
    check("residents: the list is masked too", not any("王小明" in str(x) or "11010519491231002" in str(x)
                                                        for x in items(disp, "/api/v1/residents?limit=100")))
    n_reads = len(audit_rows(admin, "resident.person_read"))
    r = staff_a.get("/api/v1/residents/%d/person" % rid)
    check("residents: the full person record", r.status == 200 and r.json()["person_name"] == "王小明"
          and r.json()["id_number"] == "11010519491231002X" and r.json()["phone"] == phone, r)
    reads = audit_rows(admin, "resident.person_read")
    check("residents: the full read is audited", len(reads) == n_reads + 1 and reads[0]["object"] == "resident:%d" % rid
          and reads[0]["actor_id"] == staff_a.get("/api/v1/me").json()["id"], reads[:1])
    check("residents: a dispatcher may not read the full record -> 403",
          is_error(disp.get("/api/v1/residents/%d/person" % rid), 403, "forbidden"))
    check("residents: B's staff may not read A's -> 404",
          is_error(staff_b.get("/api/v1/residents/%d/person" % rid), 404, "not_found"))
    r = res.get("/api/v1/resident/me")
    check("residents: the resident sees their own record whole", r.json()["verified"] is True
          and r.json()["person_name"] == "王小明", r)
    check("residents: verification is audited", any(x["object"] == "resident:%d" % rid
                                                    for x in audit_rows(admin, "resident.verify")))

    # ---- one-time codes ----
    r = staff_b.post("/api/v1/residents/%d/code" % other)
    check("residents: issue a code", r.status == 201 and len(r.json()["code"]) == 10 and r.json()["expires_at"], r)
    code = r.json()["code"]
    r = staff_b.post("/api/v1/residents/%d/code" % other)
    newer = r.json()["code"]
    r = anon.post("/api/v1/resident/code-login", {"phone": other_phone, "code": code})
    check("residents: a replaced code no longer works -> 401", is_error(r, 401, "unauthorized"), r)
    r = anon.post("/api/v1/resident/code-login", {"phone": other_phone, "code": "abc"})
    check("residents: a malformed code -> 400", is_error(r, 400, "invalid_request"), r)
    typed = (newer[:5] + "-" + newer[5:]).lower()
    r = anon.post("/api/v1/resident/code-login", {"phone": other_phone, "code": typed, "new_password": "纸条上的新密码八"})
    check("residents: code login (typed as printed) sets the password", r.status == 200
          and r.json()["account"]["id"] == other, r)
    r = anon.post("/api/v1/resident/code-login", {"phone": other_phone, "code": newer})
    check("residents: a code works once -> 401", is_error(r, 401, "unauthorized"), r)
    r = anon.post("/api/v1/resident/login", {"phone": other_phone, "password": "纸条上的新密码八"})
    check("residents: the password set with the code works", r.status == 200, r)
    acts = {x["action"] for x in audit_rows(admin, "resident.")}
    check("residents: codes are audited (issue, use)", {"resident.code_issue", "resident.code_login"} <= acts, acts)
    check("residents: a code is stored hashed", not gw.sql(ctx, gw.copy_db(ctx, srv.db),
                                                            "SELECT 1 FROM resident_codes WHERE code_hash = ?", (newer,)))

    # ---- staff make an account for someone without a smartphone; a code sets its password ----
    paper = phone_of("151")
    for label, body, status in [("bad phone", {"phone": "12345", "community_id": ca["id"]}, 400),
                                ("no community", {"phone": paper}, 400),
                                ("community out of area", {"phone": paper, "community_id": cb["id"]}, 403),
                                ("unknown field", {"phone": paper, "community_id": ca["id"], "password": "x"}, 400)]:
        r = staff_a.post("/api/v1/residents", body)
        check("residents: staff create %s -> %d" % (label, status), is_error(r, status), r)
    check("residents: dispatchers may not create -> 403", is_error(disp.post("/api/v1/residents", {
        "phone": paper, "community_id": ca["id"]}), 403))
    r = staff_a.post("/api/v1/residents", {"phone": paper, "display_name": "张奶奶", "community_id": ca["id"]})
    check("residents: staff create an account without a password", r.status == 201
          and r.json()["has_password"] is False and r.json()["phone"] == paper[:3] + "****" + paper[7:], r)
    made = r.json()["id"]
    check("residents: a created number registers no second time", is_error(anon.post(
        "/api/v1/resident/register", {"phone": paper, "password": "longenough1"}), 409))
    check("residents: no password, no password sign-in", is_error(anon.post(
        "/api/v1/resident/login", {"phone": paper, "password": ""}), 401))
    code = staff_a.post("/api/v1/residents/%d/code" % made).json()["code"]
    r = anon.post("/api/v1/resident/code-login", {"phone": paper, "code": code, "new_password": "奶奶的新密码八位"})
    check("residents: the code signs in and sets the first password", r.status == 200
          and r.json()["account"]["has_password"] is True, r)
    check("residents: creation is audited", any(x["object"] == "resident:%d" % made
                                                for x in audit_rows(admin, "resident.create")))

    # ---- disable and enable ----
    r = staff_a.post("/api/v1/residents/%d/disable" % rid, {})
    check("residents: disable needs a reason -> 400", is_error(r, 400, "invalid_request"), r)
    r = staff_a.post("/api/v1/residents/%d/disable" % rid, {"reason": "本人申请注销"})
    check("residents: disable", r.status == 200 and r.json()["status"] == "disabled", r)
    check("residents: a disabled account's sessions end", is_error(res.get("/api/v1/resident/me"), 401, "unauthorized"))
    r = anon.post("/api/v1/resident/login", {"phone": phone, "password": "新的密码pass2"})
    check("residents: a disabled account cannot sign in", is_error(r, 401, "unauthorized"), r)
    r = staff_a.post("/api/v1/residents/%d/disable" % rid, {"reason": "again"})
    check("residents: disable twice -> 409", is_error(r, 409, "conflict"), r)
    r = staff_a.post("/api/v1/residents/%d/code" % rid)
    check("residents: no code for a disabled account -> 409", is_error(r, 409, "conflict"), r)
    r = staff_a.post("/api/v1/residents/%d/enable" % rid, {"reason": "误操作"})
    check("residents: enable", r.status == 200 and r.json()["status"] == "active", r)
    r = anon.post("/api/v1/resident/login", {"phone": phone, "password": "新的密码pass2"})
    check("residents: signs in again", r.status == 200, r)
    res = gw.Client(port, r.json()["token"])

    # ---- logout ----
    r = res.post("/api/v1/resident/logout")
    check("residents: logout clears the cookie", r.status == 200
          and r.headers.get("set-cookie", "").startswith("gw_resident=;"), r)
    check("residents: the token is dead", is_error(res.get("/api/v1/resident/me"), 401, "unauthorized"))

    # ---- throttle: 5 failures per number and address, then 429 with Retry-After ----
    victim = phone_of("186")
    anon.post("/api/v1/resident/register", {"phone": victim, "password": "victim-pass"})
    codes = [anon.post("/api/v1/resident/login", {"phone": victim, "password": "guess-%d" % i}).status
             for i in range(6)]
    check("residents: 5 wrong passwords, then 429", codes == [401] * 5 + [429], codes)
    r = anon.post("/api/v1/resident/login", {"phone": victim, "password": "victim-pass"})
    check("residents: throttled even with the right password", is_error(r, 429) and r.headers.get("retry-after"), r)
    codes = [anon.post("/api/v1/resident/code-login", {"phone": victim, "code": "ABCDEFGHJK"}).status
             for i in range(6)]
    check("residents: code guesses are throttled too", codes == [401] * 5 + [429], codes)
    r = admin.get("/api/v1/residents?verified=2")
    check("residents: a bad filter -> 400", is_error(r, 400, "invalid_request"), r)
    r = admin.get("/api/v1/residents?colour=red")
    check("residents: an unknown query key -> 400", is_error(r, 400, "invalid_request"), r)
