"""积分规则 and 服务记录 (issue 11 item 3): earning rules with caps and validity windows; service records
credited only after the other party confirms (a lawyer's consultation confirmed by the resident earns 10
points); nobody confirms their own record; back-filled hours kept apart from live ones; a volunteer signs
in and out of a patrol and the organiser confirms; a fraudulent record is revoked by a correcting transfer
(credit event, `ledger verify` clean); points expire once across two job runs; a gift; an exchange
between two communities; bad input writes nothing."""
import random
import subprocess
import threading
import time

import gw
from test_authz import is_error, new_user
from test_residents import communities, phone_of

HOUR = 3600 * 1000


def verify(binary, db):
    return subprocess.run([binary, "ledger", "verify", "--db", db], capture_output=True, text=True, timeout=600)


def balance(admin, community, kind, owner):
    r = admin.get("/api/v1/ledger/accounts?division_id=%d&owner_kind=%s&owner_id=%d" % (community, kind, owner))
    got = r.json().get("items", []) if r.status == 200 else []
    return got[0]["balance"] if got else None


def resident(port, community, name):
    phone = phone_of("151")
    r = gw.Client(port).post("/api/v1/resident/register", {"phone": phone, "password": "resident-pass",
                                                           "display_name": name, "community_id": community})
    c = gw.Client(port, r.json()["token"])
    return c, c.get("/api/v1/resident/me").json()["id"], phone


def approved_partner(staff, approver, body):
    p = staff.post("/api/v1/partners", body).json()
    approver.post("/api/v1/partners/%d/actions" % p["id"], {"action": "approve", "reason": "核验", "method": "practice"})
    return p["id"]


def records_total(admin):
    return admin.get("/api/v1/service-records?limit=1").json()["total"]


def run(base, ctx):
    check, port, srv, admin, disp = ctx["check"], ctx["port"], ctx["server"], ctx["admin"], ctx["dispatcher"]
    ca, cb = communities(admin)[:2]
    pw = "earn-staff-%d" % random.randrange(10 ** 6)
    org_name, _ = new_user(admin, "era", "grid_worker", pw, division_id=ca["id"])
    other_name, _ = new_user(admin, "erb", "grid_worker", pw, division_id=cb["id"])
    org, other = srv.login(org_name, pw), srv.login(other_name, pw)
    now = int(time.time() * 1000)
    state = {"ca": ca, "cb": cb, "org": org, "other": other, "now": now}

    # ---- rules: create, bad input 400 and nothing written, scope, update ----
    rule = {"community_id": ca["id"], "code": "legal_%d" % random.randrange(10 ** 6), "name": "法律咨询",
            "unit": "service", "points": 10, "daily_cap": 20}
    n_rules = len(admin.get("/api/v1/earn-rules").json()["items"])
    for label, body, status in [("no code", {k: v for k, v in rule.items() if k != "code"}, 400),
                                ("bad code", dict(rule, code="法律"), 400), ("bad unit", dict(rule, unit="day"), 400),
                                ("zero points", dict(rule, points=0), 400), ("huge points", dict(rule, points=10 ** 9), 400),
                                ("points a string", dict(rule, points="10"), 400),
                                ("negative cap", dict(rule, daily_cap=-1), 400),
                                ("window backwards", dict(rule, valid_from_ms=now, valid_to_ms=now - 1), 400),
                                ("unknown field", dict(rule, colour="red"), 400),
                                ("not a community", dict(rule, community_id=999999999), 400),
                                ("out of area", dict(rule, community_id=cb["id"]), 403)]:
        r = org.post("/api/v1/earn-rules", body)
        check("earn: rule %s -> %d" % (label, status), is_error(r, status), r)
    check("earn: refused rules wrote nothing", len(admin.get("/api/v1/earn-rules").json()["items"]) == n_rules)
    r = disp.post("/api/v1/earn-rules", rule)
    check("earn: a dispatcher (partner.view) may not add rules -> 403", is_error(r, 403, "forbidden"), r)
    r = org.post("/api/v1/earn-rules", rule)
    legal = r.json() if r.status == 201 else {}
    check("earn: rule 法律咨询 10 per service -> 201", r.status == 201 and legal["points"] == 10
          and legal["unit"] == "service" and legal["active"] is True, r)
    r = org.post("/api/v1/earn-rules", rule)
    check("earn: the same code twice in a community -> 409", is_error(r, 409, "conflict"), r)
    r = other.put("/api/v1/earn-rules/%d" % legal.get("id", 0), {"points": 11})
    check("earn: another community's staff may not edit -> 404", is_error(r, 404), r)
    r = org.put("/api/v1/earn-rules/%d" % legal.get("id", 0), {"code": "x"})
    check("earn: a rule's code stays -> 400", is_error(r, 400), r)
    got = disp.get("/api/v1/earn-rules?community_id=%d" % ca["id"]).json()["items"]
    check("earn: partner.view lists the rules", any(x["id"] == legal.get("id") for x in got), got[:2])
    state["legal"] = legal

    # ---- a lawyer's consultation confirmed by the resident earns 10 points ----
    lawyer = approved_partner(org, admin, {"type": "professional", "kind": "person", "name": "李律师",
                                           "community_id": ca["id"], "tags": ["法律咨询"]})
    res, res_id, res_phone = resident(port, ca["id"], "王阿姨")
    rec = {"source": "service", "rule_id": legal["id"], "partner_id": lawyer, "beneficiary_id": res_id,
           "started_ms": now - HOUR, "note": "遗产继承咨询"}
    before = records_total(admin)
    for label, body, status in [("unknown source", dict(rec, source="gift"), 400),
                                ("live is not staff's", dict(rec, source="live"), 400),
                                ("no rule", {k: v for k, v in rec.items() if k != "rule_id"}, 400),
                                ("unknown rule", dict(rec, rule_id=999999999), 400),
                                ("unknown partner", dict(rec, partner_id=999999999), 400),
                                ("unknown beneficiary", dict(rec, beneficiary_id=999999999), 400),
                                ("in the future", dict(rec, started_ms=now + 10 * HOUR), 400),
                                ("too many services", dict(rec, quantity=101), 400),
                                ("negative minutes", dict(rec, minutes=-5), 400),
                                ("backfill of a service rule", dict(rec, source="backfill", minutes=30), 400),
                                ("note too long", dict(rec, note="长" * 201), 400),
                                ("unknown field", dict(rec, points=100), 400)]:
        r = org.post("/api/v1/service-records", body)
        check("earn: record %s -> %d" % (label, status), is_error(r, status), r)
    r = other.post("/api/v1/service-records", rec)
    check("earn: a record under another community's rule -> 403", is_error(r, 403), r)
    check("earn: refused records wrote nothing", records_total(admin) == before)
    r = org.post("/api/v1/service-records", rec)
    first = r.json() if r.status == 201 else {}
    check("earn: the organiser records the consultation -> 201 pending, no points yet", r.status == 201
          and first["status"] == "pending" and first["points"] == 0 and first["quantity"] == 1, r)
    check("earn: no points before confirmation", balance(admin, ca["id"], "partner", lawyer) == 0)
    r = org.post("/api/v1/service-records/%d/actions" % first["id"], {"action": "confirm"})
    check("earn: the organiser may not confirm a record the resident confirms -> 403", is_error(r, 403), r)
    mine = res.get("/api/v1/resident/service-records").json()["items"]
    check("earn: the resident sees the record to confirm, the lawyer's name masked",
          [x["id"] for x in mine] == [first["id"]] and mine[0]["mine"] is False and mine[0]["partner"]["name"] != "李律师",
          mine)
    stranger, _, _ = resident(port, ca["id"], "路人")
    r = stranger.post("/api/v1/resident/service-records/%d/confirm" % first["id"], {})
    check("earn: another resident -> 404", is_error(r, 404), r)
    r = res.post("/api/v1/resident/service-records/%d/confirm" % first["id"], {})
    got = r.json() if r.status == 200 else {}
    check("earn: the resident confirms -> confirmed, 10 points", r.status == 200 and got["status"] == "confirmed"
          and got["points"] == 10 and got["transfer_id"] and got["decided_by_resident"] is True, r)
    check("earn: the lawyer's account holds 10 points", balance(admin, ca["id"], "partner", lawyer) == 10)
    r = res.post("/api/v1/resident/service-records/%d/confirm" % first["id"], {})
    check("earn: confirming twice -> 409", is_error(r, 409, "conflict"), r)
    check("earn: still 10 points", balance(admin, ca["id"], "partner", lawyer) == 10)

    # ---- caps: 20 a day for 法律咨询 ----
    r = org.post("/api/v1/service-records", dict(rec, quantity=2, started_ms=now - HOUR + 1))
    second = r.json()
    r = res.post("/api/v1/resident/service-records/%d/confirm" % second["id"], {})
    check("earn: the daily cap cuts two services to 10 more points", r.status == 200 and r.json()["points"] == 10, r)
    r = org.post("/api/v1/service-records", dict(rec, started_ms=now - HOUR + 2))
    third = r.json()
    r = res.post("/api/v1/resident/service-records/%d/confirm" % third["id"], {})
    check("earn: the day's cap is full -> 409, no points", is_error(r, 409) and "cap" in r.json()["error"]["message"], r)
    check("earn: 20 points after the cap", balance(admin, ca["id"], "partner", lawyer) == 20)
    r = res.post("/api/v1/resident/service-records/%d/reject" % third["id"], {"reason": "今天已达上限"})
    check("earn: the resident rejects it with a reason", r.status == 200 and r.json()["status"] == "rejected", r)
    state.update(lawyer=lawyer, res=res, res_id=res_id, res_phone=res_phone, first=first)

    # ---- back-filled hours: nobody confirms their own record ----
    patrol = org.post("/api/v1/earn-rules", {"community_id": ca["id"], "code": "patrol_%d" % random.randrange(10 ** 6),
                                             "name": "巡逻", "unit": "hour", "points": 5}).json()
    vol_res, vol_res_id, vol_phone = resident(port, ca["id"], "老周")
    vol = vol_res.post("/api/v1/resident/partner", {"type": "volunteer", "kind": "person", "name": "周建国",
                                                     "community_id": ca["id"]}).json()["id"]
    admin.post("/api/v1/partners/%d/actions" % vol, {"action": "approve", "reason": "核验", "method": "id_card"})
    back = {"source": "backfill", "rule_id": patrol["id"], "partner_id": vol, "minutes": 90, "started_ms": now - 30 * HOUR}
    r = org.post("/api/v1/service-records", dict(back, minutes=0))
    check("earn: back-filled hours need minutes -> 400", is_error(r, 400), r)
    r = org.post("/api/v1/service-records", back)
    bf = r.json() if r.status == 201 else {}
    check("earn: back-filled 90 minutes -> 201 pending", r.status == 201 and bf["source"] == "backfill", r)
    r = org.post("/api/v1/service-records", dict(back, started_ms=now - 30 * HOUR + 30 * 60000))
    check("earn: an overlapping record of the same partner -> 409", is_error(r, 409), r)
    r = org.post("/api/v1/service-records/%d/actions" % bf["id"], {"action": "confirm"})
    check("earn: the organiser may not confirm their own record -> 403", is_error(r, 403), r)
    r = vol_res.post("/api/v1/resident/service-records/%d/confirm" % bf["id"], {})
    check("earn: the volunteer may not confirm their own record -> 403", is_error(r, 403), r)
    r = admin.post("/api/v1/service-records/%d/actions" % bf["id"], {"action": "confirm"})
    check("earn: another organiser confirms: 90 min at 5/h = 7 points", r.status == 200 and r.json()["points"] == 7, r)
    # two organisers confirm one record at once: one wins, the points are credited once
    org2_name, _ = new_user(admin, "erc", "grid_worker", pw, division_id=ca["id"])
    org2 = srv.login(org2_name, pw)
    racer = approved_partner(org, admin, {"type": "volunteer", "kind": "person", "name": "赵志愿", "community_id": ca["id"]})
    r = org.post("/api/v1/service-records", dict(back, partner_id=racer, minutes=60))
    race = r.json()["id"]
    got, go = [None, None], threading.Barrier(2)

    def confirm(i, c):
        go.wait()
        got[i] = c.post("/api/v1/service-records/%d/actions" % race, {"action": "confirm"}).status
    threads = [threading.Thread(target=confirm, args=(i, c)) for i, c in enumerate([admin, org2])]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    check("earn: two confirmations at once: one 200, one 409", sorted(got) == [200, 409], got)
    check("earn: the points were credited once", balance(admin, ca["id"], "partner", racer) == 5)
    state.update(patrol=patrol, vol=vol, vol_res=vol_res, vol_res_id=vol_res_id, vol_phone=vol_phone)

    live_part(ctx, state)
    revoke_part(ctx, state)
    points_part(ctx, state)


def live_part(ctx, state):
    """A volunteer signs in and out of a patrol on the phone; the organiser confirms. The test moves the
    sign-in an hour back in the database, as if the volunteer had patrolled for an hour."""
    check, admin, srv, org, now = ctx["check"], ctx["admin"], ctx["server"], state["org"], state["now"]
    vol_res, patrol, ca = state["vol_res"], state["patrol"], state["ca"]
    act = {"rule_id": patrol["id"], "title": "夜间巡逻", "lon": 120.15, "lat": 30.25, "radius_m": 300,
           "address": "东湖社区北门", "starts_ms": now - 2 * HOUR, "ends_ms": now + HOUR}
    for label, body, status in [("no title", {k: v for k, v in act.items() if k != "title"}, 400),
                                ("backwards", dict(act, ends_ms=now - 3 * HOUR), 400),
                                ("longer than a week", dict(act, ends_ms=now + 8 * 24 * HOUR), 400),
                                ("radius too big", dict(act, radius_m=50000), 400),
                                ("off the Earth", dict(act, lat=95.0), 400),
                                ("service rule", dict(act, rule_id=state["legal"]["id"]), 400)]:
        r = org.post("/api/v1/activities", body)
        check("earn: activity %s -> %d" % (label, status), is_error(r, status), r)
    r = org.post("/api/v1/activities", act)
    a = r.json() if r.status == 201 else {}
    check("earn: the organiser creates a patrol -> 201", r.status == 201 and a["title"] == "夜间巡逻", r)
    r = org.get("/api/v1/activities/%d/code" % a["id"])
    code = r.json()["code"] if r.status == 200 else ""
    check("earn: the organiser shows a six-digit sign-in code", len(code) == 6 and code.isdigit(), r)
    r = state["other"].get("/api/v1/activities/%d/code" % a["id"])
    check("earn: another community's staff do not see the code -> 404", is_error(r, 404), r)
    mine = vol_res.get("/api/v1/resident/activities").json()["items"]
    check("earn: the volunteer sees the patrol on the phone", any(x["id"] == a["id"] for x in mine), mine)
    here = {"code": code, "lon": 120.1502, "lat": 30.2501}
    wrong = "%06d" % ((int(code) + 1) % 1000000)
    for label, body, status in [("wrong code", dict(here, code=wrong), 403), ("far away", dict(here, lon=120.2), 403),
                                ("no position", {"code": code}, 400), ("code not digits", dict(here, code="abcdef"), 400)]:
        r = vol_res.post("/api/v1/resident/activities/%d/sign-in" % a["id"], body)
        check("earn: sign-in %s -> %d" % (label, status), is_error(r, status), r)
    r = state["res"].post("/api/v1/resident/activities/%d/sign-in" % a["id"], here)
    check("earn: a resident who is no volunteer partner may not sign in -> 403", is_error(r, 403), r)
    r = vol_res.post("/api/v1/resident/activities/%d/sign-out" % a["id"], {"lon": 120.15, "lat": 30.25})
    check("earn: sign-out before sign-in -> 409", is_error(r, 409), r)
    r = vol_res.post("/api/v1/resident/activities/%d/sign-in" % a["id"], here)
    rec = r.json() if r.status == 201 else {}
    check("earn: the volunteer signs in -> 201 open", r.status == 201 and rec["status"] == "open", r)
    r = vol_res.post("/api/v1/resident/activities/%d/sign-in" % a["id"], here)
    check("earn: a second open sign-in -> 409", is_error(r, 409), r)
    ctx["backend"].sql(srv.db, "UPDATE earn_records SET started_ms = started_ms - ? WHERE id = ?", (HOUR, rec["id"]))
    r = vol_res.post("/api/v1/resident/activities/%d/sign-out" % a["id"], {"lon": 120.1501, "lat": 30.2502})
    out = r.json() if r.status == 200 else {}
    check("earn: the volunteer signs out after an hour -> pending, 60 minutes", r.status == 200
          and out["status"] == "pending" and out["minutes"] == 60, r)
    r = vol_res.post("/api/v1/resident/service-records/%d/confirm" % rec["id"], {})
    check("earn: the volunteer may not confirm their own hours -> 403", is_error(r, 403), r)
    listed = org.get("/api/v1/service-records?source=live&activity_id=%d" % a["id"]).json()["items"]
    check("earn: the organiser sees the live record", [x["id"] for x in listed] == [rec["id"]]
          and listed[0]["sign_in"] and listed[0]["sign_out"], listed)
    before = balance(admin, ca["id"], "partner", state["vol"])
    r = org.post("/api/v1/service-records/%d/actions" % rec["id"], {"action": "confirm"})
    check("earn: the organiser confirms: an hour of patrol at 5/h = 5 points", r.status == 200
          and r.json()["points"] == 5, r)
    check("earn: the volunteer's points arrive", balance(admin, ca["id"], "partner", state["vol"]) == before + 5)
    ev = ctx["backend"].sql(srv.db, "SELECT kind, value FROM partner_credit_events WHERE ref_kind = 'service'"
                            " AND ref_id = ? ORDER BY id", (rec["id"],))
    check("earn: credit events confirmed, points_earned 5, service_live 60", [tuple(x) for x in ev] ==
          [("confirmed", 1), ("points_earned", 5), ("service_live", 60)], ev)
    state["activity"] = a


def revoke_part(ctx, state):
    check, admin, srv, org = ctx["check"], ctx["admin"], ctx["server"], state["org"]
    lawyer, first = state["lawyer"], state["first"]
    r = org.post("/api/v1/service-records/%d/actions" % first["id"], {"action": "revoke"})
    check("earn: revoke without a reason -> 400", is_error(r, 400), r)
    r = state["res"].post("/api/v1/service-records/%d/actions" % first["id"], {"action": "revoke", "reason": "x"})
    check("earn: a resident may not use the staff route -> 403", is_error(r, 403), r)
    r = org.post("/api/v1/service-records/%d/actions" % first["id"], {"action": "revoke", "reason": "借用他人签到码"})
    got = r.json() if r.status == 200 else {}
    check("earn: revoke -> revoked, 10 points taken back by a correcting transfer", r.status == 200
          and got["status"] == "revoked" and got["revoked_points"] == 10 and got["revoke_transfer_id"], r)
    t = admin.get("/api/v1/ledger/transfers?limit=5").json()["items"]
    corr = [x for x in t if x["id"] == got.get("revoke_transfer_id")]
    check("earn: the correcting transfer references the original, partner -> correction",
          len(corr) == 1 and corr[0]["corrects_id"] == got["transfer_id"] and corr[0]["amount"] == 10, corr)
    check("earn: the lawyer's balance is 10 after the revocation", balance(admin, state["ca"]["id"], "partner", lawyer) == 10)
    r = org.post("/api/v1/service-records/%d/actions" % first["id"], {"action": "revoke", "reason": "again"})
    check("earn: revoking twice -> 409", is_error(r, 409, "conflict"), r)
    ev = ctx["backend"].sql(srv.db, "SELECT kind, value FROM partner_credit_events WHERE ref_kind = 'service'"
                            " AND ref_id = ? AND kind = 'revoked'", (first["id"],))
    check("earn: a revoked credit event", [tuple(x) for x in ev] == [("revoked", 10)], ev)


def points_part(ctx, state):
    """The resident's points and history, gifts, the exchange and expiry."""
    check, admin, srv, org, disp = ctx["check"], ctx["admin"], ctx["server"], state["org"], ctx["dispatcher"]
    ca, cb, vol_res, res = state["ca"], state["cb"], state["vol_res"], state["res"]
    pts = vol_res.get("/api/v1/resident/points").json()
    acct = [a for a in pts["accounts"] if a["owner_kind"] == "partner" and a["community"]["id"] == ca["id"]]
    check("earn: the volunteer sees 12 points and their history", len(acct) == 1 and acct[0]["balance"] == 12
          and [h["amount"] for h in acct[0]["history"]] == [5, 7] and acct[0]["history"][0]["direction"] == "in", pts)
    vol_acct = acct[0]["id"] if acct else 0

    # ---- a gift by mobile number, idempotent by the page's client id ----
    gift = {"client_id": "g-%d" % random.randrange(10 ** 9), "phone": state["res_phone"], "from": "partner",
            "community_id": ca["id"], "amount": 3, "memo": "谢谢王阿姨"}
    for label, body, status in [("too many points", dict(gift, amount=13), 409), ("zero", dict(gift, amount=0), 400),
                                ("unknown phone", dict(gift, phone="13000000000"), 400),
                                ("bad phone", dict(gift, phone="call me"), 400),
                                ("to oneself", dict(gift, phone=state["vol_phone"]), 400),
                                ("bad client id", dict(gift, client_id="a b"), 400),
                                ("no resident points", dict(gift, **{"from": "resident"}), 409),
                                ("unknown from", dict(gift, **{"from": "bank"}), 400),
                                ("unknown field", dict(gift, to=1), 400)]:
        if body["client_id"] == gift["client_id"]:
            body = dict(body, client_id=gift["client_id"] + label.replace(" ", ""))
        r = vol_res.post("/api/v1/resident/gifts", body)
        check("earn: gift %s -> %d" % (label, status), is_error(r, status), r)
    r = vol_res.post("/api/v1/resident/gifts", gift)
    g = r.json() if r.status == 201 else {}
    check("earn: the volunteer gives 3 points -> 201", r.status == 201 and g["amount"] == 3 and g["replayed"] is False, r)
    r = vol_res.post("/api/v1/resident/gifts", gift)
    check("earn: the same gift again returns the first -> 200 replayed", r.status == 200 and r.json()["id"] == g.get("id")
          and r.json()["replayed"] is True, r)
    r = vol_res.post("/api/v1/resident/gifts", dict(gift, amount=4))
    check("earn: the same client id with another amount -> 409", is_error(r, 409), r)
    check("earn: the giver has 9 points", balance(admin, ca["id"], "partner", state["vol"]) == 9)
    rp = res.get("/api/v1/resident/points").json()
    mine = [a for a in rp["accounts"] if a["owner_kind"] == "resident"]
    check("earn: the receiver's resident account opened with 3 points", len(mine) == 1 and mine[0]["balance"] == 3, rp)

    # ---- an exchange between two communities: two linked transfers through the exchange accounts ----
    held = admin.post("/api/v1/ledger/accounts", {"division_id": cb["id"], "owner_kind": "resident",
                                                  "owner_id": state["res_id"]}).json()["id"]
    xch = {"client_id": "x-%d" % random.randrange(10 ** 9), "from_account_id": mine[0]["id"] if mine else 0,
           "to_account_id": held, "amount": 2, "memo": "搬家到邻社区"}
    for label, c, body, status in [("by a grid worker", org, xch, 403), ("one community", admin, dict(xch, to_account_id=vol_acct), 400),
                                   ("too many points", admin, dict(xch, amount=4), 409),
                                   ("unknown account", admin, dict(xch, to_account_id=999999999), 400),
                                   ("a system account", admin, dict(xch, to_account_id=1), 400)]:
        r = c.post("/api/v1/ledger/exchanges", dict(body, client_id=body["client_id"] + label.replace(" ", "")))
        check("earn: exchange %s -> %d" % (label, status), is_error(r, status), r)
    r = disp.post("/api/v1/ledger/exchanges", xch)
    x = r.json() if r.status == 201 else {}
    check("earn: the exchange -> 201, out of A and into B", r.status == 201 and x["out"]["amount"] == 2
          and x["in"]["amount"] == 2 and x["out"]["debit_account_id"] == xch["from_account_id"]
          and x["in"]["credit_account_id"] == held, r)
    check("earn: balances after the exchange", balance(admin, ca["id"], "resident", state["res_id"]) == 1
          and balance(admin, cb["id"], "resident", state["res_id"]) == 2)

    # ---- expiry after N months: what was earned long ago and not spent, once ----
    bf_transfer = ctx["backend"].sql(srv.db, "SELECT id FROM ledger_transfers WHERE credit_account_id = ? AND amount = 7",
                                     (vol_acct,))
    ctx["backend"].sql(srv.db, "UPDATE ledger_transfers SET created_ms = created_ms - ? WHERE id = ?",
                       (60 * 24 * HOUR, bf_transfer[0][0]))
    for body in [{"expiry_months": -1}, {"expiry_months": 121}, {"expiry_months": "1"}, {}]:
        r = org.put("/api/v1/earn-settings/%d" % ca["id"], body)
        check("earn: expiry setting %r -> 400" % body, is_error(r, 400), r)
    r = state["other"].put("/api/v1/earn-settings/%d" % ca["id"], {"expiry_months": 1})
    check("earn: another community's staff -> 404", is_error(r, 404), r)
    r = org.put("/api/v1/earn-settings/%d" % ca["id"], {"expiry_months": 1})
    check("earn: points of this community expire after a month", r.status == 200, r)
    exp = lambda: ctx["backend"].sql(srv.db, "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM ledger_transfers"  # noqa
                                     " WHERE debit_account_id = ? AND client_id LIKE 'exp-%'", (vol_acct,))[0]
    deadline = time.time() + 20
    while time.time() < deadline and exp()[0] == 0:
        time.sleep(0.5)
    time.sleep(3)  # two or three more runs of the job
    got = tuple(exp())
    check("earn: the 7 old points less the 3 given expired once: one transfer of 4", got == (1, 4), got)
    check("earn: the volunteer keeps the 5 recent points", balance(admin, ca["id"], "partner", state["vol"]) == 5)
    org.put("/api/v1/earn-settings/%d" % ca["id"], {"expiry_months": 0})
    check("earn: the setting reads back", org.get("/api/v1/earn-settings/%d" % ca["id"]).json()["expiry_months"] == 0)
    v = verify(ctx["binary"], srv.db)
    check("earn: ledger verify is clean", v.returncode == 0 and "ledger balanced" in v.stdout, v.stdout + v.stderr)
