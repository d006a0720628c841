"""现场核查 and 撤回 over HTTP: a dispatcher recalls a dispatched ticket (note required) and
re-dispatches it; after the unit's feedback the grid worker of the ticket's grid verifies on site
with before/after photos; the supervisor sees the result and closes. A grid worker of another
grid cannot see it; other roles cannot verify."""
import random

from test_authz import act, is_error, items, grid_outside, new_user
from test_loop import tiny_png


def grid_point(c, scope_path):
    """A point inside the grid whose path is scope_path (grid01's own grid)."""
    for d in items(c, "/api/v1/divisions"):
        if d["path"] != scope_path or not d.get("bbox"):
            continue
        lon, lat = (d["bbox"][0] + d["bbox"][2]) / 2, (d["bbox"][1] + d["bbox"][3]) / 2
        r = c.get("/api/v1/grids/at?lon=%r&lat=%r" % (lon, lat))
        if r.status == 200 and r.json()["path"].startswith(scope_path):
            return lon, lat
    raise RuntimeError("no point in " + scope_path)


def upload(c, seed):
    r = c.request("POST", "/api/v1/files", raw=tiny_png(seed), ctype="image/png")
    return r.json()["sha256"]


def unit_id(c, code):
    return next(u["id"] for u in items(c, "/api/v1/units") if u["code"] == code)


def to_handled(disp, shizheng, tid):
    """Drive ticket tid to handled by 市政 (recalling it first if the rule sent it elsewhere)."""
    t = disp.get("/api/v1/tickets/%d" % tid).json()
    if t["state"] == "reported":
        t = act(disp, tid, "accept").json()
    sz = unit_id(disp, "shizheng")
    if t["state"] == "dispatched" and t["unit"]["id"] != sz:
        t = act(disp, tid, "recall", note="改派市政").json()
    if t["state"] == "accepted":
        t = act(disp, tid, "dispatch", unit_id=sz).json()
    act(shizheng, tid, "sign")
    return act(shizheng, tid, "feedback", note="已处理", public_reply="已处理完毕").json()


def run(base, ctx):
    check = ctx["check"]
    admin, hotline, disp, sup = ctx["admin"], ctx["hotline"], ctx["dispatcher"], ctx["supervisor"]
    grid01, shizheng, shuiwu = ctx["grid01"], ctx["shizheng"], ctx["shuiwu"]
    scope = grid01.get("/api/v1/me").json()["scope_path"]
    lon, lat = grid_point(admin, scope)
    r = hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "现场核查测试：井盖破损",
                                          "location": {"lon": lon, "lat": lat}})
    check("onsite: ticket in grid01's grid", r.status == 201 and r.json()["division_path"].startswith(scope), r)
    tid = r.json()["id"]
    t = r.json()
    if t["state"] == "reported":
        t = act(disp, tid, "accept").json()
    if t["state"] == "accepted":
        t = act(disp, tid, "dispatch", unit_id=unit_id(disp, "shuiwu")).json()
    t = disp.get("/api/v1/tickets/%d" % tid).json()
    check("onsite: dispatched", t["state"] == "dispatched", t)
    check("onsite: dispatcher is offered recall", "recall" in t["actions"], t["actions"])

    # 撤回: note required; the unit may not; then the unit no longer holds it.
    held = t["unit"]["id"]
    r = act(disp, tid, "recall")
    check("onsite: recall without a note -> 400", is_error(r, 400, "invalid_request"), r)
    handler = shizheng if held == unit_id(disp, "shizheng") else shuiwu
    r = act(handler, tid, "recall", note="x")
    check("onsite: the unit cannot recall -> 403", is_error(r, 403, "forbidden"), r)
    r = act(disp, tid, "recall", note="派错单位，撤回重派")
    check("onsite: recalled -> accepted", r.status == 200 and r.json()["state"] == "accepted"
          and r.json()["unit"] is None and r.json()["cc_units"] == [], r)
    check("onsite: the unit no longer sees it", handler.get("/api/v1/tickets/%d" % tid).status == 404)
    r = act(disp, tid, "recall", note="again")
    check("onsite: recall from accepted -> 409", is_error(r, 409, "conflict"), r)
    tl = items(disp, "/api/v1/tickets/%d/timeline" % tid)
    check("onsite: timeline has the recall", tl[-1]["action"] == "recall" and tl[-1]["note"] == "派错单位，撤回重派", tl[-1])
    r = act(disp, tid, "dispatch", unit_id=unit_id(disp, "shizheng"))
    check("onsite: re-dispatched to 市政", r.status == 200 and r.json()["state"] == "dispatched", r)
    act(shizheng, tid, "sign")
    r = act(shizheng, tid, "feedback", note="已更换井盖", public_reply="井盖已更换")
    check("onsite: handled", r.status == 200 and r.json()["state"] == "handled", r)

    # 现场核查 by the grid worker of the ticket's grid.
    t = grid01.get("/api/v1/tickets/%d" % tid).json()
    check("onsite: grid worker is offered verify_onsite", t["actions"] == ["verify_onsite"] and t["onsite"] is None, t)
    s = sup.get("/api/v1/tickets/%d" % tid).json()
    check("onsite: supervisor is not offered verify_onsite", "verify_onsite" not in s["actions"], s["actions"])
    r = act(sup, tid, "verify_onsite", result="pass")
    check("onsite: supervisor cannot verify on site -> 403", is_error(r, 403, "forbidden"), r)
    r = act(grid01, tid, "verify_onsite", result="fail")
    check("onsite: fail without a note -> 400", is_error(r, 400, "invalid_request"), r)
    r = act(grid01, tid, "verify_onsite", result="maybe")
    check("onsite: bad result -> 400", is_error(r, 400, "invalid_request"), r)
    foreign = upload(shizheng, 41)
    r = act(grid01, tid, "verify_onsite", result="pass", photos=[foreign])
    check("onsite: someone else's photo -> 400", is_error(r, 400, "invalid_request"), r)
    check("onsite: nothing recorded yet", admin.get("/api/v1/tickets/%d" % tid).json()["onsite"] is None)
    first = upload(grid01, 44)
    r = act(grid01, tid, "verify_onsite", result="fail", note="井盖仍有松动", photos=[first])
    check("onsite: a first check fails, the ticket stays handled", r.status == 200 and r.json()["state"] == "handled", r)
    before, after = upload(grid01, 42), upload(grid01, 43)
    r = act(grid01, tid, "verify_onsite", result="pass", note="现场已修复", photos=[before], after_photos=[after])
    check("onsite: verified", r.status == 200 and r.json()["state"] == "handled", r)
    o = sup.get("/api/v1/tickets/%d" % tid).json()
    v = o.get("onsite") or {}
    check("onsite: supervisor sees the result", v.get("result") == "pass" and v.get("note") == "现场已修复"
          and v.get("by", {}).get("id"), v)
    check("onsite: before/after photos", sorted((p["stage"], p["sha256"]) for p in v.get("photos", []))
          == sorted([("before", before), ("after", after)]), v)
    check("onsite: supervisor reads the photo", sup.get("/api/v1/files/" + after).status == 200)
    checks = o.get("onsite_checks") or []
    check("onsite: every check listed, newest first", [c["result"] for c in checks] == ["pass", "fail"]
          and checks[0]["id"] == v.get("id") and checks[1]["note"] == "井盖仍有松动", checks)
    check("onsite: the earlier check keeps its photos", len(checks) == 2 and
          [(p["stage"], p["sha256"]) for p in checks[1]["photos"]] == [("before", first)], checks)
    tl = items(sup, "/api/v1/tickets/%d/timeline" % tid)
    check("onsite: timeline entry", tl[-1]["action"] == "verify_onsite" and tl[-1]["to"] == "handled", tl[-1])

    # The 待核查 list (handled tickets in the worker's grids) shows it; then the supervisor closes.
    check("onsite: grid01 lists it among handled", any(x["id"] == tid for x in items(grid01, "/api/v1/tickets?status=handled&limit=200")))
    r = act(sup, tid, "approve", public_reply="经现场核查，问题已解决")
    check("onsite: supervisor closes", r.status == 200 and r.json()["state"] == "closed", r)
    r = act(grid01, tid, "verify_onsite", result="pass")
    check("onsite: no verification after close -> 409", is_error(r, 409, "conflict"), r)

    # A grid worker's own report in another grid is visible to them, but not theirs to verify (a fresh
    # worker of grid01's grid, so the demo accounts' lists stay as other modules expect).
    pw = "gw-onsite-%d" % random.randrange(10 ** 6)
    div = grid01.get("/api/v1/me").json()["division_id"]
    name, r = new_user(admin, "gwo", "grid_worker", pw, division_id=div)
    check("onsite: second grid worker created", r.status == 201, r)
    grid01 = ctx["server"].login(name, pw)
    lon2, lat2, other = grid_outside(admin, scope)
    r = grid01.post("/api/v1/tickets", {"category_code": "0101", "description": "现场核查测试：别的网格",
                                         "location": {"lon": lon2, "lat": lat2}})
    oid = r.json()["id"]
    check("onsite: other grid's ticket handled", to_handled(disp, shizheng, oid)["state"] == "handled")
    o = grid01.get("/api/v1/tickets/%d" % oid)
    check("onsite: own report elsewhere: visible, no verify_onsite", o.status == 200
          and "verify_onsite" not in o.json()["actions"], o)
    r = act(grid01, oid, "verify_onsite", result="pass")
    check("onsite: own report elsewhere: verify -> 403", is_error(r, 403, "forbidden"), r)
    check("onsite: nothing recorded", admin.get("/api/v1/tickets/%d" % oid).json()["onsite"] is None)

    subdispatch(ctx)


def subdispatch(ctx):
    """二级派单: 市政 passes a signed ticket down to its sub-unit, which signs and handles it; 市政 stays
    on the ticket as a CC unit (sees it, cannot act)."""
    check, admin, hotline, disp = ctx["check"], ctx["admin"], ctx["hotline"], ctx["dispatcher"]
    shizheng, shuiwu = ctx["shizheng"], ctx["shuiwu"]
    sz, sw = unit_id(admin, "shizheng"), unit_id(admin, "shuiwu")
    n = random.randrange(10 ** 6)
    r = admin.post("/api/v1/units", {"code": "szsub%06d" % n, "name": "市政中山养护所%06d" % n, "level": "street"})
    check("sub: sub-unit created", r.status == 201, r)
    sub = r.json()["id"]
    r = shizheng.put("/api/v1/units/%d/parent" % sub, {"parent_unit_id": sz})
    check("sub: a handler cannot set a parent -> 403", is_error(r, 403, "forbidden"), r)
    r = admin.put("/api/v1/units/%d/parent" % sub, {"parent_unit_id": sub})
    check("sub: own parent -> 400", is_error(r, 400, "invalid_request"), r)
    r = admin.put("/api/v1/units/%d/parent" % sub, {"parent_unit_id": 999999999})
    check("sub: missing parent -> 400", is_error(r, 400, "invalid_request"), r)
    r = admin.put("/api/v1/units/%d/parent" % sub, {"parent_unit_id": sz})
    check("sub: parent set", r.status == 200 and r.json()["parent_unit_id"] == sz, r)
    r = admin.put("/api/v1/units/%d/parent" % sz, {"parent_unit_id": sw})
    check("sub: one level only (市政 has a sub-unit) -> 400", is_error(r, 400, "invalid_request"), r)
    subs = items(shizheng, "/api/v1/units/%d/subunits" % sz)
    check("sub: 市政's sub-units listed", [u["id"] for u in subs] == [sub] or sub in [u["id"] for u in subs], subs)
    check("sub: missing unit's sub-units -> 404", is_error(shizheng.get("/api/v1/units/999999999/subunits"), 404))
    pw = "sub-pass-%d" % n
    name, r = new_user(admin, "szs", "unit_handler", pw, unit_id=sub)
    check("sub: sub-unit handler created", r.status == 201, r)
    subc = ctx["server"].login(name, pw)

    r = hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "二级派单测试：井盖松动",
                                          "location": {"lon": 120.155, "lat": 30.255}})
    tid = r.json()["id"]
    t = disp.get("/api/v1/tickets/%d" % tid).json()
    if t["state"] == "dispatched" and t["unit"]["id"] != sz:
        t = act(disp, tid, "recall", note="改派市政").json()
    if t["state"] in ("reported",):
        t = act(disp, tid, "accept").json()
    if t["state"] == "accepted":
        t = act(disp, tid, "dispatch", unit_id=sz).json()
    check("sub: at 市政", t["unit"]["id"] == sz, t)
    act(shizheng, tid, "sign")
    check("sub: 市政 offered subdispatch", "subdispatch" in shizheng.get("/api/v1/tickets/%d" % tid).json()["actions"])
    r = act(shizheng, tid, "subdispatch", unit_id=sw)
    check("sub: to a unit that is not its sub-unit -> 400", is_error(r, 400, "invalid_request"), r)
    r = act(shizheng, tid, "subdispatch")
    check("sub: without unit_id -> 400", is_error(r, 400, "invalid_request"), r)
    r = act(subc, tid, "subdispatch", unit_id=sub)
    check("sub: the sub-unit cannot take it before it is theirs -> 404", is_error(r, 404, "not_found"), r)
    r = act(shizheng, tid, "subdispatch", unit_id=sub, note="请中山养护所处置")
    check("sub: passed down", r.status == 200 and r.json()["state"] == "dispatched" and r.json()["unit"]["id"] == sub
          and any(u["id"] == sz for u in r.json()["cc_units"]), r)
    o = shizheng.get("/api/v1/tickets/%d" % tid)
    check("sub: 市政 still sees it, cannot act", o.status == 200 and o.json()["actions"] == [], o)
    tl = items(disp, "/api/v1/tickets/%d/timeline" % tid)
    check("sub: timeline names the dispatching unit", tl[-1]["action"] == "subdispatch"
          and (tl[-1].get("detail") or {}).get("from_unit_id") == sz, tl[-1])
    # 退单 by the sub-unit goes back to 市政, which passed it down (not to the dispatcher).
    r = act(subc, tid, "return", note="不在本所养护范围")
    check("sub: the sub-unit's return goes back to 市政", r.status == 200 and r.json()["state"] == "dispatched"
          and r.json()["unit"]["id"] == sz, r)
    o = shizheng.get("/api/v1/tickets/%d" % tid).json()
    check("sub: 市政 holds it again: sign, pass down, return", {"sign", "subdispatch", "return"} <= set(o["actions"]), o)
    check("sub: not at the dispatcher", disp.get("/api/v1/tickets/%d" % tid).json()["state"] == "dispatched")
    check("sub: not in the dispatcher's returned list", tid not in
          [x["id"] for x in items(disp, "/api/v1/tickets?status=returned&limit=200")])
    tl = items(disp, "/api/v1/tickets/%d/timeline" % tid)
    check("sub: timeline: return to the parent", tl[-1]["action"] == "return" and tl[-1]["to"] == "dispatched"
          and tl[-1]["detail"]["after"].get("unit_id") == sz, tl[-1])
    act(shizheng, tid, "sign")
    r = act(shizheng, tid, "subdispatch", unit_id=sub, note="请再核实后处置")
    check("sub: passed down again", r.status == 200 and r.json()["unit"]["id"] == sub, r)
    r = act(subc, tid, "sign")
    check("sub: the sub-unit signs", r.status == 200 and r.json()["state"] == "signed", r)
    r = act(subc, tid, "feedback", note="已处理", public_reply="已处理完毕")
    check("sub: the sub-unit feeds back", r.status == 200 and r.json()["state"] == "handled", r)
    # Back at 市政 after its sub-unit's return, 市政's own return goes to the dispatcher.
    r = hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "二级派单测试：退回后上交",
                                          "location": {"lon": 120.155, "lat": 30.255}})
    tid2 = r.json()["id"]
    t = disp.get("/api/v1/tickets/%d" % tid2).json()
    if t["state"] == "dispatched" and t["unit"]["id"] != sz:
        t = act(disp, tid2, "recall", note="改派市政").json()
    if t["state"] == "reported":
        t = act(disp, tid2, "accept").json()
    if t["state"] == "accepted":
        t = act(disp, tid2, "dispatch", unit_id=sz).json()
    act(shizheng, tid2, "subdispatch", unit_id=sub, note="下派")
    r = act(subc, tid2, "return", note="不归本所")
    check("sub: back at 市政 (passed down unsigned)", r.status == 200 and r.json()["unit"]["id"] == sz
          and r.json()["state"] == "dispatched", r)
    r = act(shizheng, tid2, "return", note="不归市政")
    check("sub: the top unit's return reaches the dispatcher", r.status == 200 and r.json()["state"] == "returned"
          and r.json()["unit"]["id"] == sz, r)
    check("sub: in the dispatcher's returned list", tid2 in
          [x["id"] for x in items(disp, "/api/v1/tickets?status=returned&limit=200")])
    admin.put("/api/v1/units/%d/parent" % sub, {"parent_unit_id": None})
    check("sub: parent cleared", items(shizheng, "/api/v1/units/%d/subunits" % sz) == [] or
          sub not in [u["id"] for u in items(shizheng, "/api/v1/units/%d/subunits" % sz)])
