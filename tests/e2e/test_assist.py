"""协办 over HTTP: the dispatcher names co-handling units on a case at its lead unit (主办); each gets a
sub-task it signs, completes (internal note + 协办意见) or returns with a reason; the lead cannot feed back
while a sub-task is open; a returned sub-task goes back to the dispatcher, who reassigns or withdraws it.
Co-handling units see the ticket but act only on their own sub-task; an unrelated unit sees nothing;
bad input writes nothing; the tracking page shows the 协办意见 and never an internal note."""
import random

import gw
from test_authz import act, is_error, items, new_user, report_manhole, unit_by_code


def new_unit_handler(ctx, label):
    """A fresh unit and a logged-in handler of it."""
    admin, n = ctx["admin"], random.randrange(10 ** 6)
    r = admin.post("/api/v1/units", {"code": "as%s%06d" % (label, n), "name": "协办测试%s%06d" % (label, n),
                                     "level": "district"})
    uid = r.json()["id"]
    pw = "assist-pass-%d" % n
    name, r2 = new_user(admin, "as" + label, "unit_handler", pw, unit_id=uid)
    return uid, r.json()["name"], ctx["server"].login(name, pw), r.status == 201 and r2.status == 201


def at_shizheng(ctx, desc):
    """A new manhole case dispatched to 市政 (the lead), not yet signed."""
    disp, sz = ctx["dispatcher"], unit_by_code(ctx["admin"], "shizheng")["id"]
    tid = report_manhole(ctx["hotline"], desc).json()["id"]
    t = disp.get("/api/v1/tickets/%d" % tid).json()
    if t["state"] == "dispatched" and t["unit"]["id"] != sz:
        t = act(disp, tid, "recall", note="改派市政").json()
    if t["state"] == "reported":
        t = act(disp, tid, "accept").json()
    if t["state"] == "accepted":
        t = act(disp, tid, "dispatch", unit_id=sz).json()
    return tid, t


def sub(c, tid, aid, action, **kw):
    body = {"action": action}
    body.update(kw)
    return c.post("/api/v1/tickets/%d/assists/%d/actions" % (tid, aid), body)


def ticket_version(c, tid):
    return c.get("/api/v1/tickets/%d" % tid).json()["version"]


def totals(c):
    return c.get("/api/v1/stats/summary?days=1").json()["totals"]


def by_unit(t, uid):
    return next(a for a in t["assists"] if a["unit"]["id"] == uid)


def run(base, ctx):
    check, admin, disp, sup = ctx["check"], ctx["admin"], ctx["dispatcher"], ctx["supervisor"]
    shizheng, shuiwu = ctx["shizheng"], ctx["shuiwu"]
    sw = unit_by_code(admin, "shuiwu")["id"]
    sz = unit_by_code(admin, "shizheng")["id"]
    u1, u1_name, h1, ok1 = new_unit_handler(ctx, "a")
    u2, _, h2, ok2 = new_unit_handler(ctx, "b")
    u3, _, h3, ok3 = new_unit_handler(ctx, "c")
    check("assist: units and handlers created", ok1 and ok2 and ok3)
    tid, t = at_shizheng(ctx, "协办测试：路面下排水管堵塞")
    check("assist: the case is at 市政", t["state"] == "dispatched" and t["unit"]["id"] == sz, t)
    check("assist: no sub-tasks yet", t.get("assists") == [], t.get("assists"))
    path = "/api/v1/tickets/%d/assists" % tid

    # Bad input and the wrong people write nothing.
    tl0 = len(items(disp, "/api/v1/tickets/%d/timeline" % tid))
    r = shizheng.post(path, {"unit_ids": [sw]})
    check("assist: the lead unit cannot name co-handling units -> 403", is_error(r, 403, "forbidden"), r)
    r = sup.post(path, {"unit_ids": [sw]})
    check("assist: a supervisor cannot -> 403", is_error(r, 403, "forbidden"), r)
    for body, why in [({}, "no unit_ids"), ({"unit_ids": []}, "empty"), ({"unit_ids": "x"}, "not an array"),
                      ({"unit_ids": [sz]}, "the lead unit"), ({"unit_ids": [999999999]}, "missing unit"),
                      ({"unit_ids": [sw, sw]}, "twice"), ({"unit_ids": [0]}, "zero"),
                      ({"unit_ids": [sw], "due_ms": 1000}, "due in the past"),
                      ({"unit_ids": [sw], "note": "长" * 1001}, "note too long"),
                      ({"unit_ids": [sw], "extra": 1}, "unknown field"),
                      ({"unit_ids": list(range(1, 11))}, "too many")]:
        r = disp.post(path, body)
        check("assist: bad add (%s) -> 400" % why, is_error(r, 400, "invalid_request"), r)
    r = disp.post("/api/v1/tickets/999999999/assists", {"unit_ids": [sw]})
    check("assist: missing ticket -> 404", is_error(r, 404, "not_found"), r)
    check("assist: nothing written", disp.get("/api/v1/tickets/%d" % tid).json()["assists"] == []
          and len(items(disp, "/api/v1/tickets/%d/timeline" % tid)) == tl0)

    # The dispatcher names 水务 and unit A; each gets a sub-task with the lead's handling deadline.
    r = disp.post(path, {"unit_ids": [sw, u1], "note": "请水务、A 协助"})
    check("assist: named -> 201", r.status == 201 and len(r.json()["assists"]) == 2, r)
    t = r.json()
    a_sw, a_u1 = by_unit(t, sw), by_unit(t, u1)
    check("assist: assigned, due with the lead", a_sw["state"] == "assigned" and a_sw["due_at"] == t["deadlines"]["handle"]
          and a_u1["unit"]["name"] == u1_name, t["assists"])
    r = disp.post(path, {"unit_ids": [sw]})
    check("assist: the same unit twice -> 409", is_error(r, 409, "conflict"), r)

    # Who sees what.
    o = shuiwu.get("/api/v1/tickets/%d" % tid)
    check("assist: 水务 sees the ticket", o.status == 200, o)
    o = o.json()
    check("assist: 水务 may sign or return its own sub-task only", o["assist_actions"] == {str(a_sw["id"]): ["sign", "return"]}
          and o["actions"] == [], (o["actions"], o["assist_actions"]))
    check("assist: 水务's 待协办 list", tid in [x["id"] for x in items(shuiwu, "/api/v1/tickets?assist=open&limit=200")])
    check("assist: 待协办 counted for 水务", totals(shuiwu)["assist_open"] >= 1 and totals(h3)["assist_open"] == 0,
          (totals(shuiwu), totals(h3)))
    check("assist: not in unit B's 待协办 list", tid not in [x["id"] for x in items(h2, "/api/v1/tickets?assist=open&limit=200")])
    check("assist: an unrelated unit cannot see it -> 404", is_error(h3.get("/api/v1/tickets/%d" % tid), 404, "not_found"))
    check("assist: nor list it", tid not in [x["id"] for x in items(h3, "/api/v1/tickets?limit=200")])
    r = sub(h3, tid, a_sw["id"], "sign")
    check("assist: an unrelated unit cannot act -> 404", is_error(r, 404, "not_found"), r)
    check("assist: the dispatcher may withdraw", disp.get("/api/v1/tickets/%d" % tid).json()["assist_actions"]
          == {str(a_sw["id"]): ["withdraw"], str(a_u1["id"]): ["withdraw"]})

    # Nobody acts on someone else's sub-task, and a co-handling unit takes none of the lead's actions.
    r = sub(shuiwu, tid, a_u1["id"], "sign")
    check("assist: 水务 cannot sign A's sub-task -> 403", is_error(r, 403, "forbidden"), r)
    r = sub(shizheng, tid, a_sw["id"], "sign")
    check("assist: the lead cannot sign a sub-task -> 403", is_error(r, 403, "forbidden"), r)
    r = act(shuiwu, tid, "sign")
    check("assist: 水务 cannot sign the lead's task -> 403", is_error(r, 403, "forbidden"), r)
    r = sub(shuiwu, tid, a_sw["id"], "withdraw")
    check("assist: a co-handling unit cannot withdraw -> 403", is_error(r, 403, "forbidden"), r)
    for body, why in [({"action": "finish"}, "unknown action"), ({"action": "complete", "note": "x", "public_reply": "y",
                      "unit_id": 3}, "unit_id on complete"), ({"action": "sign", "public_reply": "y"}, "reply on sign"),
                      ({"action": "sign", "due_ms": 1}, "due on sign"), ({}, "no action")]:
        r = shuiwu.post("/api/v1/tickets/%d/assists/%d/actions" % (tid, a_sw["id"]), body)
        check("assist: bad step (%s) -> 400" % why, is_error(r, 400, "invalid_request"), r)
    r = sub(shuiwu, tid + 1, a_sw["id"], "sign")
    check("assist: a sub-task under another ticket -> 404", is_error(r, 404, "not_found"), r)
    r = sub(shuiwu, tid, a_sw["id"], "complete", note="x")
    check("assist: complete before signing -> 409", is_error(r, 409, "conflict"), r)

    # The lead signs; its feedback waits for the open sub-tasks, naming them.
    check("assist: 市政 signs", act(shizheng, tid, "sign").json()["state"] == "signed")
    r = act(shizheng, tid, "feedback", note="已疏通", public_reply="已处理")
    check("assist: feedback blocked while sub-tasks are open -> 409", is_error(r, 409, "conflict"), r)
    msg = r.json()["error"]["message"] if r.status == 409 else ""
    check("assist: the message names the open units", u1_name in msg and unit_by_code(admin, "shuiwu")["name"] in msg, msg)

    # 水务 signs and completes (internal note + 协办意见).
    r = sub(shuiwu, tid, a_sw["id"], "sign")
    check("assist: 水务 signs", r.status == 200 and by_unit(r.json(), sw)["state"] == "signed", r)
    r = sub(shuiwu, tid, a_sw["id"], "complete")
    check("assist: complete without a note -> 400", is_error(r, 400, "invalid_request"), r)
    r = sub(shuiwu, tid, a_sw["id"], "complete", note="内部：更换了DN300管段", public_reply="水务部门已疏通排水管道")
    d = by_unit(r.json(), sw) if r.status == 200 else {}
    check("assist: 水务 done", d.get("state") == "done" and d.get("public_reply") == "水务部门已疏通排水管道"
          and d.get("note") == "内部：更换了DN300管段" and d.get("done_at"), r)
    r = sub(shuiwu, tid, a_sw["id"], "return", note="x")
    check("assist: return after done -> 409", is_error(r, 409, "conflict"), r)

    # A returns with a reason: back at the dispatcher, who reassigns it to B and then withdraws it.
    r = sub(h1, tid, a_u1["id"], "return")
    check("assist: return without a reason -> 400", is_error(r, 400, "invalid_request"), r)
    r = sub(h1, tid, a_u1["id"], "return", note="不属于本单位职责")
    check("assist: A returned", r.status == 200 and by_unit(r.json(), u1)["state"] == "returned"
          and by_unit(r.json(), u1)["reason"] == "不属于本单位职责", r)
    check("assist: returned sub-tasks counted for the dispatcher", totals(disp)["assist_returned"] >= 1, totals(disp))
    check("assist: in the dispatcher's returned list", tid in [x["id"] for x in items(disp, "/api/v1/tickets?assist=returned&limit=200")])
    check("assist: dispatcher may withdraw or reassign", disp.get("/api/v1/tickets/%d" % tid).json()["assist_actions"]
          == {str(a_u1["id"]): ["withdraw", "reassign"]})
    r = sub(disp, tid, a_u1["id"], "reassign")
    check("assist: reassign without a unit -> 400", is_error(r, 400, "invalid_request"), r)
    r = sub(disp, tid, a_u1["id"], "reassign", unit_id=sz)
    check("assist: reassign to the lead -> 400", is_error(r, 400, "invalid_request"), r)
    r = sub(disp, tid, a_u1["id"], "reassign", unit_id=sw)
    check("assist: reassign to a unit already on it -> 409", is_error(r, 409, "conflict"), r)
    r = sub(disp, tid, a_u1["id"], "reassign", unit_id=u2)
    check("assist: reassigned to B", r.status == 200 and r.json()["assists"][1]["unit"]["id"] == u2
          and r.json()["assists"][1]["state"] == "assigned", r)
    check("assist: A no longer sees it", is_error(h1.get("/api/v1/tickets/%d" % tid), 404))
    check("assist: B sees it", h2.get("/api/v1/tickets/%d" % tid).status == 200)
    r = act(shizheng, tid, "feedback", note="已疏通", public_reply="已处理")
    check("assist: still blocked by B's sub-task -> 409", is_error(r, 409, "conflict"), r)
    r = sub(disp, tid, a_u1["id"], "withdraw", note="无需协办")
    check("assist: withdrawn", r.status == 200 and r.json()["assists"][1]["state"] == "withdrawn", r)
    check("assist: B no longer sees it", is_error(h2.get("/api/v1/tickets/%d" % tid), 404))

    # Now the lead feeds back.
    r = act(shizheng, tid, "feedback", note="主办已处理", public_reply="道路排水已恢复")
    check("assist: the lead feeds back once sub-tasks are closed", r.status == 200 and r.json()["state"] == "handled", r)
    r = disp.post(path, {"unit_ids": [u3]})
    check("assist: no new co-handling unit after feedback -> 409", is_error(r, 409, "conflict"), r)

    # The timeline has every step with its unit; the tracking page only the 协办意见.
    tl = items(disp, "/api/v1/tickets/%d/timeline" % tid)
    steps = [(e["action"], (e.get("detail") or {}).get("unit_id")) for e in tl if e["action"].startswith("assist")]
    check("assist: every step on the timeline", steps == [("assist", sw), ("assist", u1), ("assist_sign", sw),
          ("assist_complete", sw), ("assist_return", u1), ("assist_reassign", u2), ("assist_withdraw", u2)], steps)
    check("assist: internal notes on the staff timeline", any(e["note"] == "内部：更换了DN300管段" for e in tl))
    code = disp.get("/api/v1/tickets/%d" % tid).json()["track_code"]
    pub = gw.Client(ctx["port"]).get("/api/v1/track/%s" % code)
    text = pub.body.decode("utf-8")
    check("assist: the tracking page shows the 协办意见", "水务部门已疏通排水管道" in text, text[:300])
    check("assist: no internal note or reason on the tracking page", "DN300" not in text and "不属于本单位" not in text
          and "无需协办" not in text and "assists" not in pub.json(), text[:300])

    # A co-handling unit cannot become the lead while its sub-task stands (after a recall, say).
    tid2, t2 = at_shizheng(ctx, "协办测试：撤回后改派")
    check("assist: second case at 市政", t2["state"] == "dispatched" and t2["unit"]["id"] == sz, t2)
    r = disp.post("/api/v1/tickets/%d/assists" % tid2, {"unit_ids": [sw]})
    check("assist: 水务 named on the second case", r.status == 201, r)
    r = act(disp, tid2, "recall", note="改派")
    check("assist: recalled", r.status == 200 and r.json()["state"] == "accepted", r)
    v = ticket_version(disp, tid2)
    r = act(disp, tid2, "dispatch", unit_id=sw)
    check("assist: dispatch to a unit with a sub-task -> 400", is_error(r, 400, "invalid_request"), r)
    check("assist: nothing written", ticket_version(disp, tid2) == v)
    aid2 = disp.get("/api/v1/tickets/%d" % tid2).json()["assists"][0]["id"]
    r = sub(disp, tid2, aid2, "withdraw")
    check("assist: withdrawn while at the dispatcher", r.status == 200, r)
    r = act(disp, tid2, "dispatch", unit_id=sw)
    check("assist: then 水务 may lead", r.status == 200 and r.json()["unit"]["id"] == sw, r)
