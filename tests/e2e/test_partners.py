"""The 社区合伙人 registry (issue 11 item 1): staff register partners of each type, approve them (who, how,
when), suspend, resume and retire them (audited, a state machine that refuses what it must); a signed-in
resident applies from the H5 page (one record per community) and sees the outcome; staff see only their own
area; contacts are masked unless read through the audited /contact."""
import random

import gw
from test_authz import is_error, items, new_user
from test_residents import communities, phone_of


def audit_actions(admin, pid):
    r = admin.get("/api/v1/audit?action=partner.&limit=100")
    return [x["action"] for x in r.json()["items"] if x["object"] == "partner:%d" % pid]


def run(base, ctx):
    check, port, srv, admin, disp = ctx["check"], ctx["port"], ctx["server"], ctx["admin"], ctx["dispatcher"]
    anon = gw.Client(port)
    ca, cb = communities(admin)[:2]
    pw = "partner-staff-%d" % random.randrange(10 ** 6)
    name_a, _ = new_user(admin, "pta", "grid_worker", pw, division_id=ca["id"])
    name_b, _ = new_user(admin, "ptb", "grid_worker", pw, division_id=cb["id"])
    staff_a, staff_b = srv.login(name_a, pw), srv.login(name_b, pw)
    total = lambda: admin.get("/api/v1/partners?limit=1").json()["total"]  # noqa: E731

    # ---- staff register a law firm; bad input is 400 (403 out of area) and writes nothing ----
    firm = {"type": "professional", "kind": "organisation", "name": "明理律师事务所", "community_id": ca["id"],
            "tags": ["法律咨询", "合同审查"], "offer": "每月两次免费法律咨询", "contact_name": "李明理",
            "contact_phone": "13905710001"}
    before = total()
    for label, body, status in [("unknown type", dict(firm, type="sponsor"), 400),
                                ("unknown kind", dict(firm, kind="company"), 400),
                                ("empty name", dict(firm, name=""), 400), ("blank name", dict(firm, name="   "), 400),
                                ("nine tags", dict(firm, tags=["t%d" % i for i in range(9)]), 400),
                                ("tag with a comma", dict(firm, tags=["a,b"]), 400),
                                ("tag too long", dict(firm, tags=["长" * 13]), 400),
                                ("repeated tags", dict(firm, tags=["法律", "法律"]), 400),
                                ("tags not strings", dict(firm, tags=[1]), 400),
                                ("tags a string", dict(firm, tags="法律"), 400),
                                ("bad phone", dict(firm, contact_phone="call me"), 400),
                                ("no community", {k: v for k, v in firm.items() if k != "community_id"}, 400),
                                ("a grid as community", dict(firm, community_id=next(
                                    d["id"] for d in items(admin, "/api/v1/divisions") if d["level"] == "grid")), 400),
                                ("unknown service area", dict(firm, service_area_id=999999999), 400),
                                ("unknown field", dict(firm, status="active"), 400),
                                ("community out of area", dict(firm, community_id=cb["id"]), 403)]:
        r = staff_a.post("/api/v1/partners", body)
        check("partners: create %s -> %d" % (label, status), is_error(r, status), r)
    check("partners: refused creates wrote nothing", total() == before, (before, total()))
    r = staff_a.post("/api/v1/partners", firm)
    p = r.json() if r.status == 201 else {}
    check("partners: create -> 201 pending", r.status == 201 and p["status"] == "pending" and p["verified"] is None
          and p["tags"] == ["法律咨询", "合同审查"] and p["service_area"]["id"] == ca["id"]
          and p["self_registered"] is False, r)
    pid = p.get("id", 0)
    r = disp.post("/api/v1/partners", firm)
    check("partners: a dispatcher (partner.view only) may not register -> 403", is_error(r, 403, "forbidden"), r)

    # ---- the status machine over HTTP ----
    act = lambda c, action, **kw: c.post("/api/v1/partners/%d/actions" % pid, dict({"action": action}, **kw))  # noqa
    for label, body, status in [("approve without method", {"action": "approve", "reason": "ok"}, 400),
                                ("approve bad method", {"action": "approve", "reason": "ok", "method": "trust"}, 400),
                                ("no reason", {"action": "suspend"}, 400),
                                ("unknown action", {"action": "reject", "reason": "x"}, 400),
                                ("method on suspend", {"action": "suspend", "reason": "x", "method": "licence"}, 400),
                                ("suspend pending", {"action": "suspend", "reason": "x"}, 409),
                                ("resume pending", {"action": "resume", "reason": "x"}, 409)]:
        r = staff_a.post("/api/v1/partners/%d/actions" % pid, body)
        check("partners: %s -> %d" % (label, status), is_error(r, status), r)
    check("partners: refused actions changed nothing", staff_a.get("/api/v1/partners/%d" % pid).json()["status"]
          == "pending")
    r = act(staff_b, "approve", reason="x", method="licence")
    check("partners: another community's staff -> 404", is_error(r, 404, "not_found"), r)
    r = act(disp, "approve", reason="x", method="licence")
    check("partners: a dispatcher may not approve -> 403", is_error(r, 403, "forbidden"), r)
    r = act(staff_a, "approve", reason="执业许可证已核验", method="practice")
    v = r.json() if r.status == 200 else {}
    check("partners: approve -> active, verified by whom, how, when", r.status == 200 and v["status"] == "active"
          and v["verified"]["method"] == "practice" and v["verified"]["by_name"] and v["verified"]["at"], r)
    check("partners: approve twice -> 409", is_error(act(staff_a, "approve", reason="x", method="licence"), 409))
    accts = ctx["admin"].get("/api/v1/ledger/accounts?owner_kind=partner&owner_id=%d" % pid)
    check("partners: approval opens the partner's points account (积分银行) in its community", accts.status == 200
          and [(x["owner_id"], x["division_id"]) for x in accts.json()["items"]] == [(pid, ca["id"])], accts)
    steps = [("suspend", "active", "suspended"), ("resume", "suspended", "active"), ("suspend", "active", "suspended"),
             ("retire", "suspended", "retired")]
    for action, frm, to in steps:
        r = act(staff_a, action, reason="理由：" + action)
        check("partners: %s %s -> %s" % (action, frm, to), r.status == 200 and r.json()["status"] == to
              and r.json()["status_reason"] == "理由：" + action, r)
    for action in ("approve", "suspend", "resume", "retire"):
        r = act(staff_a, action, reason="x", **({"method": "licence"} if action == "approve" else {}))
        check("partners: retired is final (%s -> 409)" % action, is_error(r, 409, "conflict"), r)
    check("partners: every step is audited", audit_actions(admin, pid)[::-1] == [
        "partner.create", "partner.approve", "partner.suspend", "partner.resume", "partner.suspend", "partner.retire"],
        audit_actions(admin, pid))

    # ---- edit ----
    r = staff_a.post("/api/v1/partners", dict(firm, type="resource", name="江临健身房", kind="organisation",
                                              tags=["场地"], offer="工作日上午免费开放"))
    gym = r.json()["id"]
    r = staff_a.put("/api/v1/partners/%d" % gym, {"tags": ["场地", "健身指导"], "offer": "每周二上午开放"})
    check("partners: edit tags and offer", r.status == 200 and r.json()["tags"] == ["场地", "健身指导"]
          and r.json()["offer"] == "每周二上午开放" and r.json()["name"] == "江临健身房", r)
    check("partners: an empty edit -> 400", is_error(staff_a.put("/api/v1/partners/%d" % gym, {}), 400))
    check("partners: edit out of area -> 404", is_error(staff_b.put("/api/v1/partners/%d" % gym, {"offer": "x"}), 404))

    # ---- scope and masking ----
    ids_b = {x["id"] for x in items(staff_b, "/api/v1/partners?limit=100")}
    check("partners: B's staff do not list A's partners", gym not in ids_b and pid not in ids_b, ids_b)
    check("partners: B's staff read A's partner as 404", is_error(staff_b.get("/api/v1/partners/%d" % gym), 404))
    mine = [x for x in items(disp, "/api/v1/partners?limit=100") if x["id"] == gym]
    check("partners: the list masks the contact", mine and mine[0]["contact_phone"] == "139****0001"
          and mine[0]["contact_name"] == "李*理", mine)
    check("partners: a dispatcher may not read the full contact -> 403",
          is_error(disp.get("/api/v1/partners/%d/contact" % gym), 403, "forbidden"))
    r = staff_a.get("/api/v1/partners/%d/contact" % gym)
    check("partners: the full contact", r.status == 200 and r.json()["contact_phone"] == "13905710001"
          and r.json()["contact_name"] == "李明理", r)
    check("partners: the full contact read is audited", audit_actions(admin, gym)[0] == "partner.contact_read",
          audit_actions(admin, gym))
    for q, want in [("type=resource", lambda x: x["type"] == "resource"), ("status=retired", lambda x: x["status"] == "retired"),
                    ("q=%E5%81%A5%E8%BA%AB", lambda x: "健身" in x["name"] + x["offer"] + ",".join(x["tags"]))]:
        got = items(staff_a, "/api/v1/partners?limit=100&" + q)
        check("partners: filter %s" % q, got and all(want(x) for x in got), got[:2])

    # ---- a resident applies from the H5 page, staff approve, the resident sees it ----
    phone = phone_of("150")
    r = anon.post("/api/v1/resident/register", {"phone": phone, "password": "volunteer-pass", "display_name": "老周",
                                                "community_id": ca["id"]})
    res = gw.Client(port, r.json()["token"])
    vol = {"type": "volunteer", "kind": "person", "name": "周建国", "community_id": ca["id"],
           "tags": ["治安巡逻", "老年陪护"], "offer": "退休干部，周末可参加巡逻"}
    before = total()
    for label, body, status in [("service area elsewhere", dict(vol, service_area_id=cb["id"]), 400),
                                ("unknown type", dict(vol, type="helper"), 400),
                                ("unknown field", dict(vol, resident_id=1), 400)]:
        r = res.post("/api/v1/resident/partner", body)
        check("partners: apply %s -> %d" % (label, status), is_error(r, status), r)
    check("partners: refused applications wrote nothing", total() == before)
    r = res.post("/api/v1/resident/partner", vol)
    mine = r.json() if r.status == 201 else {}
    check("partners: a resident applies -> 201 pending, their own contact", r.status == 201
          and mine["status"] == "pending" and mine["self_registered"] and mine["contact_phone"] == phone, r)
    r = res.post("/api/v1/resident/partner", dict(vol, name="周建国2"))
    check("partners: one record per community -> 409", is_error(r, 409, "conflict"), r)
    r = res.post("/api/v1/resident/partner", dict(vol, community_id=cb["id"]))
    check("partners: another community is another record", r.status == 201, r)
    check("partners: staff may not use the resident route -> 403",
          is_error(staff_a.get("/api/v1/resident/partner"), 403, "forbidden"))
    check("partners: a resident may not use staff routes -> 403",
          is_error(res.get("/api/v1/partners"), 403, "forbidden"))
    r = staff_a.post("/api/v1/partners/%d/actions" % mine["id"], {"action": "approve", "reason": "社区推荐",
                                                                  "method": "reference"})
    check("partners: community staff approve the application", r.status == 200 and r.json()["status"] == "active", r)
    r = res.get("/api/v1/resident/partner")
    recs = {x["id"]: x for x in r.json()["items"]} if r.status == 200 else {}
    check("partners: the resident sees the approval", len(recs) == 2 and recs[mine["id"]]["status"] == "active"
          and recs[mine["id"]]["verified"]["method"] == "reference", r)
    check("partners: a person partner's name is masked for viewers who do not manage",
          any(x["id"] == mine["id"] and x["name"] == "周*国" for x in items(disp, "/api/v1/partners?limit=100")))
    for q in ("type=x", "status=gone", "limit=0", "limit=101", "offset=-2", "foo=1"):
        check("partners: list %s -> 400" % q, is_error(staff_a.get("/api/v1/partners?" + q), 400))
