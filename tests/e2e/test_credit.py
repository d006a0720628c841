"""The credit file (信用档案, issue 11 item 5): a partner's score and star level recomputed from its credit
events on every read (back-filled hours shown apart and never counted, a revocation lowers the score), the
ranking of outstanding partners per community and period with deterministic ties (JSON and .xlsx), and
volunteer service certificates (志愿服务记录证明, 民政部令第67号): issued by staff with a gap-free number,
printed, revoked and re-issued, never edited; two concurrent issues get consecutive numbers; a resident
reads only their own file and certificates. The events come from an SQL fixture (no route writes them)."""
import datetime
import random
import re
import threading
import time

import gw
from test_authz import is_error, new_user
from test_residents import communities, phone_of

CST = datetime.timezone(datetime.timedelta(hours=8))


def the_month():
    """A month two months back (Asia/Shanghai): its "YYYY-MM", start, end, and a time in its middle (ms)."""
    d = datetime.datetime.now(CST) - datetime.timedelta(days=60)
    start = datetime.datetime(d.year, d.month, 1, tzinfo=CST)
    end = datetime.datetime(d.year + (d.month == 12), d.month % 12 + 1, 1, tzinfo=CST)
    mid = datetime.datetime(d.year, d.month, 15, 12, tzinfo=CST)
    ms = lambda t: int(t.timestamp() * 1000)  # noqa: E731
    return "%04d-%02d" % (d.year, d.month), ms(start), ms(end), ms(mid)


def add_events(ctx, db, pid, events, at):
    for i, (kind, value) in enumerate(events):
        gw.sql(ctx, db, "INSERT INTO partner_credit_events(partner_id, community_id, kind, value, ref_kind, ref_id,"
               " at_ms) SELECT id, community_id, ?, ?, 'fixture', ?, ? FROM partners WHERE id = ?",
               (kind, value, i + 1, at + i, pid))


def n_certs(ctx, db):
    return gw.sql(ctx, db, "SELECT COUNT(*) FROM partner_certificates")[0][0]


def run(base, ctx):
    check, port, srv, admin, disp = ctx["check"], ctx["port"], ctx["server"], ctx["admin"], ctx["dispatcher"]
    db = srv.db
    anon = gw.Client(port)
    ca, cb = communities(admin)[:2]
    pw = "credit-staff-%d" % random.randrange(10 ** 6)
    name_a, _ = new_user(admin, "cra", "grid_worker", pw, division_id=ca["id"])
    name_b, _ = new_user(admin, "crb", "grid_worker", pw, division_id=cb["id"])
    staff_a, staff_b = srv.login(name_a, pw), srv.login(name_b, pw)

    # ---- partners: a resident's own (A), two registered by staff (B, C) in community ca ----
    phone = phone_of("151")
    r = anon.post("/api/v1/resident/register", {"phone": phone, "password": "credit-pass-1", "community_id": ca["id"]})
    res = gw.Client(port, r.json()["token"])
    a = res.post("/api/v1/resident/partner", {"type": "volunteer", "kind": "person", "name": "王秀英",
                                              "community_id": ca["id"]}).json()
    vol = {"type": "volunteer", "kind": "person", "community_id": ca["id"]}
    b = staff_a.post("/api/v1/partners", dict(vol, name="赵志强")).json()
    c = staff_a.post("/api/v1/partners", dict(vol, name="钱小红")).json()
    check("credit: three partners", a.get("id") and b.get("id") and c.get("id") and a["id"] < b["id"] < c["id"],
          (a, b, c))
    for p in (a, b, c):
        staff_a.post("/api/v1/partners/%d/actions" % p["id"], {"action": "approve", "reason": "核实", "method": "onsite"})

    month, m_from, m_to, mid = the_month()
    # A and B: the same history (a tie broken by id); A also has back-filled hours; C is penalised
    same = [("service_live", 6000), ("confirmed", 1), ("confirmed", 1), ("confirmed", 1), ("points_earned", 200),
            ("evaluation", 90)]
    add_events(ctx, db, a["id"], same + [("service_backfill", 3000)], mid)
    add_events(ctx, db, b["id"], same, mid)
    add_events(ctx, db, c["id"], [("service_live", 600), ("revoked", 20), ("no_show", 1)], mid)

    # ---- a partner's file ----
    r = staff_a.get("/api/v1/partners/%d/credit" % a["id"])
    f = r.json() if r.status == 200 else {}
    # hours min(100,150)x2 = 200, confirmations 3x5 = 15, points 200/10 = 20, evaluation 90x2 = 180
    check("credit: A's file: score 415, one star at 100 live hours, back-fill apart", r.status == 200
          and f["score"] == 415 and f["level"] == 1 and f["live_minutes"] == 6000 and f["backfill_minutes"] == 3000
          and f["next_level_minutes"] == 300 * 60 and f["score_parts"]["hours"] == 200
          and f["partner"]["name"] == "王秀英" and f["events"]["total"] == 7 and len(f["events"]["items"]) == 7, r)
    r = staff_a.get("/api/v1/partners/%d/credit?limit=2&offset=2" % a["id"])
    check("credit: the events page", r.status == 200 and len(r.json()["events"]["items"]) == 2
          and r.json()["events"]["offset"] == 2, r)
    r = disp.get("/api/v1/partners/%d/credit" % a["id"])
    check("credit: partner.view without manage sees the name masked",
          r.status == 200 and r.json()["partner"]["name"] != "王秀英" and "*" in r.json()["partner"]["name"], r)
    check("credit: out of area -> 404", is_error(staff_b.get("/api/v1/partners/%d/credit" % a["id"]), 404))
    r = staff_a.get("/api/v1/partners/%d/credit" % c["id"])
    check("credit: C's penalties take the score to 0", r.status == 200 and r.json()["score"] == 0
          and r.json()["score_parts"]["revocations"] == -100 and r.json()["score_parts"]["no_shows"] == -30, r)
    add_events(ctx, db, a["id"], [("revoked", 10)], int(time.time() * 1000) - 1000)
    r = staff_a.get("/api/v1/partners/%d/credit" % a["id"])
    check("credit: a revocation lowers the score at once (recomputed on read)",
          r.status == 200 and r.json()["score"] == 315, r)

    # ---- the ranking ----
    q = "/api/v1/credit/ranking?community_id=%d&period=month&at=%s" % (ca["id"], month)
    r = staff_a.get(q)
    rk = r.json()["items"] if r.status == 200 else []
    ids = [x["partner"]["id"] for x in rk]
    mine = [x for x in rk if x["partner"]["id"] in (a["id"], b["id"], c["id"])]
    check("credit: ranking: A and B tie at 415 (lower id first), then C",
          [x["partner"]["id"] for x in mine] == [a["id"], b["id"], c["id"]]
          and [x["score"] for x in mine] == [415, 415, 0] and mine[0]["rank"] < mine[1]["rank"] < mine[2]["rank"]
          and ids == [x["partner"]["id"] for x in sorted(rk, key=lambda x: x["rank"])], rk)
    check("credit: ranking in score order", all(rk[i]["score"] >= rk[i + 1]["score"] for i in range(len(rk) - 1)), rk)
    r2 = staff_a.get("/api/v1/credit/ranking?community_id=%d&period=quarter&at=%s-Q%d" % (
        ca["id"], month[:4], (int(month[5:]) - 1) // 3 + 1))
    check("credit: the quarter holds the month", r2.status == 200 and
          {a["id"], b["id"], c["id"]} <= {x["partner"]["id"] for x in r2.json()["items"]}, r2)
    r = disp.get(q)
    check("credit: a dispatcher's ranking masks person names", r.status == 200 and all(
        x["partner"]["name"] != "王秀英" for x in r.json()["items"]), r)
    r = staff_a.get(q.replace("ranking?", "ranking.xlsx?"))
    check("credit: the ranking as .xlsx", r.status == 200 and r.body[:2] == b"PK"
          and "spreadsheetml" in r.headers.get("content-type", ""), r)
    for label, path in [("no community", "/api/v1/credit/ranking?period=month&at=" + month),
                        ("bad period", "/api/v1/credit/ranking?community_id=%d&period=week&at=2026" % ca["id"]),
                        ("bad month", "/api/v1/credit/ranking?community_id=%d&period=month&at=2026-13" % ca["id"]),
                        ("limit 0", q + "&limit=0"), ("unknown key", q + "&sort=name")]:
        check("credit: ranking %s -> 400" % label, is_error(staff_a.get(path), 400), label)
    check("credit: a community out of area -> 404", is_error(staff_b.get(q), 404))

    # ---- certificates: issue, print, revoke, re-issue ----
    cert = {"from": m_from, "to": m_to, "content": "社区治安巡逻、独居老人探访", "place": "东湖社区"}
    before = n_certs(ctx, db)
    for label, body, status in [("empty content", dict(cert, content=""), 400),
                                ("blank content", dict(cert, content="   "), 400),
                                ("content too long", dict(cert, content="长" * 201), 400),
                                ("from after to", dict(cert, **{"from": m_to, "to": m_from}), 400),
                                ("from in the future", dict(cert, **{"from": m_from + 10 ** 12, "to": m_to + 10 ** 12}),
                                 400),
                                ("from not a time", dict(cert, **{"from": "yesterday"}), 400),
                                ("unknown field", dict(cert, hours=100), 400),
                                ("replaces an unknown certificate", dict(cert, replaces_id=999999999), 400),
                                ("no live hours in the period", dict(cert, **{"from": m_from - 10 ** 10,
                                                                              "to": m_from - 10 ** 9}), 409)]:
        r = staff_a.post("/api/v1/partners/%d/certificates" % a["id"], body)
        check("credit: issue %s -> %d" % (label, status), is_error(r, status), r)
    check("credit: dispatcher may not issue -> 403",
          is_error(disp.post("/api/v1/partners/%d/certificates" % a["id"], cert), 403))
    check("credit: out of area may not issue -> 404",
          is_error(staff_b.post("/api/v1/partners/%d/certificates" % a["id"], cert), 404))
    check("credit: refused issues wrote nothing", n_certs(ctx, db) == before)
    r = staff_a.post("/api/v1/partners/%d/certificates" % a["id"], cert)
    c1 = r.json() if r.status == 201 else {}
    m = re.fullmatch(r"(.+)-(\d{4})-(\d{5,})", c1.get("number", ""))
    check("credit: issued -> 201 with a number, live hours only (back-fill not certified)", r.status == 201 and m
          and int(m.group(3)) == c1["seq"] and c1["live_minutes"] == 6000 and c1["services"] == 1
          and c1["volunteer_name"] == "王秀英" and c1["valid"] and c1["organisation"] == ca["name"]
          and c1["issued_by"]["name"] == name_a, r)
    seq1 = c1.get("seq", 0)
    r = staff_a.get("/api/v1/certificates/%d" % c1.get("id", 0))
    check("credit: the certificate reads back (the print view's data)", r.status == 200 and r.json() == c1, r)
    r = disp.get("/api/v1/certificates/%d" % c1.get("id", 0))
    check("credit: masked for partner.view", r.status == 200 and r.json()["volunteer_name"] != "王秀英", r)
    check("credit: out of area -> 404", is_error(staff_b.get("/api/v1/certificates/%d" % c1.get("id", 0)), 404))
    for label, body in [("no reason", {}), ("empty reason", {"reason": ""}), ("reason number", {"reason": 1})]:
        r = staff_a.post("/api/v1/certificates/%d/revoke" % c1.get("id", 0), body)
        check("credit: revoke %s -> 400" % label, is_error(r, 400), r)
    r = staff_a.post("/api/v1/partners/%d/certificates" % a["id"], dict(cert, replaces_id=c1.get("id", 0)))
    check("credit: a valid certificate cannot be replaced -> 409", is_error(r, 409), r)
    r = staff_a.post("/api/v1/certificates/%d/revoke" % c1.get("id", 0), {"reason": "服务地点填写错误"})
    check("credit: revoked", r.status == 200 and not r.json()["valid"]
          and r.json()["revoked"]["reason"] == "服务地点填写错误", r)
    r = staff_a.post("/api/v1/certificates/%d/revoke" % c1.get("id", 0), {"reason": "again"})
    check("credit: revoked twice -> 409", is_error(r, 409), r)
    r = staff_a.post("/api/v1/partners/%d/certificates" % a["id"], dict(cert, place="东湖社区活动中心",
                                                                         replaces_id=c1.get("id", 0)))
    c2 = r.json() if r.status == 201 else {}
    check("credit: re-issued in its place with the next number (the refused issue took none)", r.status == 201
          and c2["replaces_id"] == c1.get("id") and c2["seq"] == seq1 + 1 and c2["place"] == "东湖社区活动中心", r)
    r = staff_a.get("/api/v1/certificates/%d" % c1.get("id", 0))
    check("credit: the old one names its replacement", r.status == 200 and r.json()["replaced_by"] == c2.get("id"), r)
    r = staff_a.post("/api/v1/partners/%d/certificates" % b["id"], dict(cert, replaces_id=c1.get("id", 0)))
    check("credit: another partner's certificate cannot be replaced -> 400", is_error(r, 400), r)
    r = admin.get("/api/v1/audit?action=certificate.&limit=100")
    acts = [x["action"] for x in r.json()["items"] if x["object"] in ("certificate:%d" % c1.get("id", 0),
                                                                     "certificate:%d" % c2.get("id", 0))]
    check("credit: issue, revoke and re-issue are audited", sorted(acts) == ["certificate.issue", "certificate.issue",
                                                                            "certificate.revoke"], acts)

    # ---- two concurrent issues: distinct, consecutive numbers ----
    out = []
    go = threading.Barrier(2)

    def issue():
        cl = srv.login(name_a, pw)
        go.wait()
        out.append(cl.post("/api/v1/partners/%d/certificates" % b["id"], cert))
    ts = [threading.Thread(target=issue) for _ in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    seqs = sorted(x.json()["seq"] for x in out if x.status == 201)
    check("credit: two concurrent issues -> consecutive numbers", seqs == [seq1 + 2, seq1 + 3],
          [(x.status, x.body[:200]) for x in out])
    r = staff_a.get("/api/v1/partners/%d/certificates" % b["id"])
    check("credit: B's certificates, newest first", r.status == 200 and len(r.json()["items"]) == 2
          and r.json()["items"][0]["seq"] > r.json()["items"][1]["seq"], r)

    # ---- the resident sees only their own ----
    r = res.get("/api/v1/resident/credit")
    got = r.json()["items"] if r.status == 200 else []
    check("credit: the resident's file: their record only, name whole, with certificates", len(got) == 1
          and got[0]["partner"]["id"] == a["id"] and got[0]["score"] == 315 and got[0]["partner"]["name"] == "王秀英"
          and [x["id"] for x in got[0]["certificates"]] == [c2.get("id"), c1.get("id")], r)
    r = res.get("/api/v1/resident/certificates/%d" % c2.get("id", 0))
    check("credit: the resident prints their certificate", r.status == 200 and r.json()["number"] == c2["number"], r)
    other = out[0].json().get("id", 0) if out and out[0].status == 201 else 0
    check("credit: another's certificate -> 404", is_error(res.get("/api/v1/resident/certificates/%d" % other), 404))
    check("credit: a resident may not use staff routes -> 403",
          is_error(res.get("/api/v1/partners/%d/credit" % a["id"]), 403))
    check("credit: staff may not use the resident route -> 403", is_error(staff_a.get("/api/v1/resident/credit"), 403))
    r = gw.Client(port, gw.Client(port).post("/api/v1/resident/register", {
        "phone": phone_of("152"), "password": "credit-pass-2"}).json()["token"]).get("/api/v1/resident/credit")
    check("credit: a resident without a partner record has an empty file list",
          r.status == 200 and r.json()["items"] == [], r)
