"""催办 and 回访 (issue 9 items 11 and 12): a caller who rings again urges an open case (counted, on the
timeline, shown to the unit; every second urge raises the urgency), and after closure the caller is
called back: 满意 clears the 待回访 queue, 不满意 may reopen the case (重办) to the same unit with a reason;
both counted in the unit's figures."""
import gw
from test_authz import act, report_manhole

PHONE = "13812345678"


def unit_figures(c, unit_id):
    for u in c.get("/api/v1/stats/summary?days=1").json()["by_unit"]:
        if u["unit"]["id"] == unit_id:
            return u
    return None


def close(ctx, tid):
    sz, sup = ctx["shizheng"], ctx["supervisor"]
    for who, a, kw in [(sz, "sign", {}), (sz, "feedback", {"note": "已更换井盖", "public_reply": "井盖已更换，感谢反映"}),
                       (sup, "approve", {"public_reply": "井盖已更换，感谢反映"})]:
        r = act(who, tid, a, **kw)
        if r.status != 200:
            return r
    return r


def urge_checks(ctx, check):
    hotline, sz, disp = ctx["hotline"], ctx["shizheng"], ctx["dispatcher"]
    r = report_manhole(hotline, "催办测试：井盖松动", reporter_phone=PHONE, urgency=1)
    check("urge: a case", r.status == 201 and r.json()["unit"], r)
    t = r.json()
    tid = t["id"]
    check("urge: starts at 0", t["counts"]["urge"] == 0 and t["urgency"] == 1, t.get("counts"))
    r = hotline.post("/api/v1/tickets/%d/urge" % tid, {"note": "来电人再次来电，问何时处理"})
    check("urge: the operator urges", r.status == 200 and r.json()["counts"]["urge"] == 1, r)
    check("urge: the state does not change", r.json()["state"] == t["state"], r.json()["state"])
    check("urge: one urge keeps the urgency", r.json()["urgency"] == 1, r.json()["urgency"])
    r = disp.post("/api/v1/tickets/%d/urge" % tid, {"note": "第二次催办"})
    check("urge: the second urge raises the urgency", r.status == 200 and r.json()["urgency"] == 2, r)
    tl = hotline.get("/api/v1/tickets/%d/timeline" % tid).json()["items"]
    urges = [e for e in tl if e["action"] == "urge"]
    check("urge: both on the timeline with the note", len(urges) == 2 and urges[0]["note"] == "来电人再次来电，问何时处理", urges)
    check("urge: the raise is recorded", urges[-1]["detail"]["after"].get("urgency") == 2, urges[-1].get("detail"))
    got = sz.get("/api/v1/tickets/%d" % tid).json()
    check("urge: the unit sees the count", got["counts"]["urge"] == 2, got.get("counts"))
    check("urge: the unit cannot urge", "urge" not in got["actions"], got["actions"])
    r = sz.post("/api/v1/tickets/%d/urge" % tid, {"note": "x"})
    check("urge: a handler is refused", r.status == 403, r)
    ids = [i["id"] for i in sz.get("/api/v1/tickets?urged=1&limit=200").json()["items"]]
    check("urge: in the unit's 被催办 list", tid in ids, ids[:5])
    items = sz.get("/api/v1/tickets?urged=1&limit=200").json()["items"]
    check("urge: only urged tickets listed", all(i["urge_count"] > 0 for i in items), items[:2])
    check("urge: counted in the unit's figures", (unit_figures(sz, t["unit"]["id"]) or {}).get("urges", 0) >= 2)
    check("urge: in the totals", ctx["supervisor"].get("/api/v1/stats/summary").json()["totals"]["urged"] >= 1)
    r = hotline.post("/api/v1/tickets/%d/urge" % tid, {"note": "   "})
    check("urge: a blank note is refused", r.status == 400 and r.json()["error"]["code"], r)
    return tid


def revisit_checks(ctx, check, tid):
    hotline, sz, sup = ctx["hotline"], ctx["shizheng"], ctx["supervisor"]
    r = hotline.post("/api/v1/tickets/%d/revisit" % tid, {"satisfaction": "satisfied"})
    check("revisit: not before closure", r.status == 409, r)
    check("revisit: closed", close(ctx, tid).status == 200)
    got = hotline.get("/api/v1/tickets/%d" % tid).json()
    check("revisit: pending after closure", got["revisit"]["pending"] is True and "revisit" in got["actions"], got.get("revisit"))
    queue = lambda c: [i["id"] for i in c.get("/api/v1/tickets?revisit=pending&limit=200").json()["items"]]  # noqa: E731
    check("revisit: in the 待回访 queue", tid in queue(hotline))
    before = sup.get("/api/v1/stats/summary").json()["totals"]["revisit_pending"]
    check("revisit: counted as pending", before >= 1, before)
    r = hotline.post("/api/v1/tickets/%d/revisit" % tid, {"satisfaction": "satisfied", "note": "来电人表示满意"})
    check("revisit: 满意 recorded", r.status == 200 and r.json()["revisit"]["result"] == "satisfied"
          and r.json()["revisit"]["pending"] is False and r.json()["state"] == "closed", r)
    check("revisit: leaves the queue", tid not in queue(hotline))
    check("revisit: the pending count drops", sup.get("/api/v1/stats/summary").json()["totals"]["revisit_pending"] == before - 1)
    r = hotline.post("/api/v1/tickets/%d/revisit" % tid, {"satisfaction": "unsatisfied"})
    check("revisit: once per closure", r.status == 409, r)


def reopen_checks(ctx, check):
    hotline, sz, sup = ctx["hotline"], ctx["shizheng"], ctx["supervisor"]
    r = report_manhole(hotline, "回访重办测试：井盖仍松动", reporter_phone=PHONE)
    tid = r.json()["id"]
    unit = r.json()["unit"]["id"]
    check("reopen: closed", close(ctx, tid).status == 200)
    figs = unit_figures(sz, unit) or {}
    r = hotline.post("/api/v1/tickets/%d/revisit" % tid, {"satisfaction": "basic", "reopen": True, "reason": "x"})
    check("reopen: only after 不满意", r.status == 400, r)
    r = hotline.post("/api/v1/tickets/%d/revisit" % tid, {"satisfaction": "unsatisfied", "reopen": True})
    check("reopen: needs a reason", r.status == 400, r)
    check("reopen: nothing written by the refusals", hotline.get("/api/v1/tickets/%d" % tid).json()["revisit"]["result"] is None)
    r = hotline.post("/api/v1/tickets/%d/revisit" % tid, {"satisfaction": "unsatisfied", "note": "来电人不满意",
                                                          "reopen": True, "reason": "井盖仍然松动，车辆经过有响声"})
    check("reopen: 不满意 reopens", r.status == 200 and r.json()["state"] == "signed", r)
    t = r.json()
    check("reopen: back at the same unit", t["unit"]["id"] == unit and t["counts"]["reopen"] == 1, t.get("unit"))
    check("reopen: a new handling window", t["deadlines"]["handle"] and t["deadlines"]["running"] == t["deadlines"]["handle"],
          t["deadlines"])
    got = sz.get("/api/v1/tickets/%d" % tid).json()
    check("reopen: the unit can work it again", "feedback" in got["actions"], got["actions"])
    tl = sz.get("/api/v1/tickets/%d/timeline" % tid).json()["items"]
    re = [e for e in tl if e["action"] == "reopen"]
    check("reopen: the reason on the timeline", len(re) == 1 and re[0]["note"] == "井盖仍然松动，车辆经过有响声"
          and re[0]["from"] == "closed" and re[0]["to"] == "signed", re)
    check("reopen: the revisit before it", [e["action"] for e in tl][-2:] == ["revisit", "reopen"], [e["action"] for e in tl][-3:])
    after = unit_figures(sz, unit) or {}
    check("reopen: counted in the unit's figures", after.get("reopens", 0) == figs.get("reopens", 0) + 1
          and after["revisits"]["unsatisfied"] == figs.get("revisits", {}).get("unsatisfied", 0) + 1, (figs, after))
    check("reopen: 重办率 is a share", after["reopen_rate"] is not None and 0 < after["reopen_rate"] <= 1, after.get("reopen_rate"))
    r = hotline.post("/api/v1/tickets/%d/actions" % tid, {"action": "reopen", "note": "again"})
    check("reopen: not while it is open", r.status == 409, r)
    for who, a, kw in [(sz, "feedback", {"note": "已重新固定", "public_reply": "井盖已重新固定"}), (sup, "approve", {"public_reply": "井盖已重新固定，感谢反映"})]:
        check("reopen: " + a + " again", act(who, tid, a, **kw).status == 200)
    got = hotline.get("/api/v1/tickets/%d" % tid).json()
    check("reopen: the new closure is revisited again", got["revisit"]["pending"] is True, got["revisit"])


def run(base, ctx):
    check = ctx["check"]
    tid = urge_checks(ctx, check)
    revisit_checks(ctx, check, tid)
    reopen_checks(ctx, check)
    # a resident's low rating also needs a call back
    pub = gw.Client(ctx["port"])
    r = report_manhole(ctx["supervisor"], "回访测试：差评也要回访")
    tid, code = r.json()["id"], r.json()["track_code"]
    close(ctx, tid)
    ids = lambda: [i["id"] for i in ctx["hotline"].get("/api/v1/tickets?revisit=pending&limit=200").json()["items"]]  # noqa: E731
    check("revisit: a staff report without a phone is not called back", tid not in ids())
    pub.post("/api/v1/track/%s/rating" % code, {"rating": 1, "comment": "没修好"})
    check("revisit: a 差评 joins the queue", tid in ids())
