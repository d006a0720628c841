"""Data rules on the ticket paths: reports without a grid land in the city's 待定位 queue, photos are
read only by their uploader (unattached) or by those who see a ticket holding them, phone numbers are
masked at every length and validated, control characters (NUL above all) are refused in JSON and form
bodies, and the public side (tracking page, Open311) shows only what staff wrote for the public."""
import json
import os
import random
import re
import string
import struct
import traceback
import uuid
import zlib

import gw
from test_authz import new_user

OUTSIDE = {"lon": 121.5, "lat": 31.5}  # far from every demo grid
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def png(seed):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00" + seed.to_bytes(3, "big")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def seed():
    return uuid.uuid4().int % (1 << 24)


def act(c, tid, action, **kw):
    body = {"action": action}
    body.update(kw)
    return c.post("/api/v1/tickets/%d/actions" % tid, body)


def find(c, code, query=""):
    """The list item with this track code, or None (walks every page the caller may see)."""
    path = "/api/v1/tickets?limit=200" + query
    while True:
        r = c.get(path)
        if r.status != 200:
            return None
        page = r.json()
        for x in page["items"]:
            if x["track_code"] == code:
                return x
        if not page["next_cursor"]:
            return None
        path = "/api/v1/tickets?limit=200%s&cursor=%d" % (query, page["next_cursor"])


def count_tickets(ctx):
    return gw.sql(ctx, ctx["server"].db, "SELECT COUNT(*) FROM tickets")[0][0]


def o311_post(ctx, fields):
    return gw.Client(ctx["port"]).request("POST", "/open311/v2/requests.json", raw=fields.encode(),
                                          ctype="application/x-www-form-urlencoded")


def is_o311_error(r, status):
    try:
        doc = r.json()
    except ValueError:
        return False
    return r.status == status and isinstance(doc, list) and doc and doc[0].get("code") == status \
        and isinstance(doc[0].get("description"), str)


# ---- 1. reports without a grid ------------------------------------------------------------------


def needs_location(ctx, check):
    disp, hotline, pub = ctx["dispatcher"], ctx["hotline"], gw.Client(ctx["port"])
    city = [d for d in disp.get("/api/v1/divisions").json()["items"] if not d.get("parent_id")][0]
    made = []
    r = pub.post("/api/v1/public/reports", {"category_code": "0101", "description": "只有地址的井盖报告",
                                            "address": "江临市某路口"})
    check("locate: public report with an address only", r.status == 201, r)
    made.append(("public address", r.json()["track_code"]))
    r = pub.post("/api/v1/public/reports", {"category_code": "0101", "description": "网格外的井盖报告",
                                            "location": OUTSIDE})
    check("locate: public report outside every grid", r.status == 201, r)
    made.append(("public outside", r.json()["track_code"]))
    r = hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "热线：只有地址", "address": "某小区门口"})
    check("locate: staff report with an address only", r.status == 201, r)
    made.append(("staff address", r.json()["track_code"]))
    check("locate: a staff report without a place is not auto-dispatched", r.json().get("state") == "reported", r)
    r = o311_post(ctx, "api_key=%s&service_code=0101&address_string=%s&description=%s" % (
        ctx["api_key"], "%E6%9F%90%E8%B7%AF", "open311%E5%9C%B0%E5%9D%80"))
    check("locate: Open311 report with an address only", r.status == 200, r)
    srid = r.json()[0]["service_request_id"] if r.status == 200 else "0"
    t = ctx["admin"].get("/api/v1/tickets/%s" % srid)
    made.append(("open311 address", t.json()["track_code"] if t.status == 200 else ""))

    for what, code in made:
        item = find(disp, code, "&needs_location=1")
        check("locate: %s in the dispatcher's 待定位 list" % what, item is not None and item.get("needs_location") is True, item)
        check("locate: %s in the dispatcher's plain list" % what, find(disp, code) is not None)
        if not item:
            continue
        r = disp.get("/api/v1/tickets/%d" % item["id"])
        t = r.json() if r.status == 200 else {}
        check("locate: %s GET 200 at the city root" % what, r.status == 200 and t.get("needs_location") is True
              and t.get("division_path") == city["path"], r)
    # the list filter keeps located tickets out
    lst = disp.get("/api/v1/tickets?needs_location=1&limit=200").json()["items"]
    check("locate: the 待定位 filter lists only unplaced tickets", lst and all(x.get("needs_location") for x in lst), lst[:2])
    check("locate: bad needs_location value -> 400", disp.get("/api/v1/tickets?needs_location=yes").status == 400)

    item = find(disp, made[0][1], "&needs_location=1")
    if not item:
        return
    tid = item["id"]
    check("locate: accept works", act(disp, tid, "accept").status == 200)
    grid = disp.get("/api/v1/grids/at?lon=120.155&lat=30.255").json()
    r = act(disp, tid, "locate", location=OUTSIDE)
    check("locate: a point outside every grid -> 400", r.status == 400, r)
    check("locate: a unit handler cannot locate", act(ctx["shizheng"], tid, "locate",
                                                        location={"lon": 120.155, "lat": 30.255}).status in (403, 404))
    r = act(disp, tid, "locate", location={"lon": 120.155, "lat": 30.255}, note="电话回访确认位置")
    t = r.json() if r.status == 200 else {}
    check("locate: set the place by a point", r.status == 200 and t.get("needs_location") is False
          and t.get("division_id") == grid.get("id") and t.get("location", {}).get("lon") == 120.155
          and t.get("state") == "accepted", r)
    check("locate: division path follows the grid", t.get("division_path", "").endswith("/%d/" % grid.get("id")), t)
    check("locate: a routing suggestion for the new place", (t.get("routing_suggestion") or {}).get("unit_id"), t)
    tl = disp.get("/api/v1/tickets/%d/timeline" % tid).json()["items"]
    check("locate: on the timeline", tl[-1]["action"] == "locate" and tl[-1]["detail"]["after"]["division_id"] == grid.get("id"), tl[-1])
    check("locate: left the 待定位 list", find(disp, made[0][1], "&needs_location=1") is None)
    check("locate: dispatch by rule after locating", act(disp, tid, "dispatch").status == 200)
    item = find(disp, made[1][1], "&needs_location=1")
    if item:
        r = act(disp, item["id"], "locate", division_id=grid.get("id"))
        check("locate: set the place by choosing a grid", r.status == 200 and r.json()["division_id"] == grid.get("id")
              and r.json()["needs_location"] is False, r)
        r = act(disp, item["id"], "locate", division_id=999999)
        check("locate: unknown division -> 400", r.status == 400, r)


# ---- 2. photos ------------------------------------------------------------------------------------


def photos(ctx, check):
    srv = ctx["server"]
    grid01, grid02 = ctx["grid01"], srv.login("grid02")
    disp, shizheng, admin, pub = ctx["dispatcher"], ctx["shizheng"], ctx["admin"], gw.Client(ctx["port"])

    def get(c, sha):
        return c.get("/api/v1/files/" + sha).status

    p1 = png(seed())
    r = grid01.request("POST", "/api/v1/files", raw=p1, ctype="image/png")
    check("photo: grid01 uploads", r.status == 201, r)
    sha1 = r.json()["sha256"]
    check("photo: the uploader previews it", get(grid01, sha1) == 200)
    for name, c in (("grid02", grid02), ("dispatcher", disp), ("unit handler", shizheng)):
        check("photo: unattached photo hidden from %s" % name, get(c, sha1) == 404)
    rows = gw.sql(ctx, srv.db, "SELECT COUNT(*) FROM uploads WHERE sha256 = ?", (sha1,))
    check("photo: the upload is recorded", rows and rows[0][0] == 1, rows)

    r = pub.request("POST", "/api/v1/public/files", raw=png(seed()), ctype="image/png")
    sha_pub = r.json()["sha256"]
    check("photo: a public upload is read by no staff account", get(disp, sha_pub) == 404 and get(grid01, sha_pub) == 404)
    check("photo: nor by the public", pub.get("/api/v1/files/" + sha_pub).status == 401)

    # referencing a photo someone else uploaded is refused, and grants nothing
    n = count_tickets(ctx)
    r = grid02.post("/api/v1/tickets", {"category_code": "0101", "description": "借用别人的照片",
                                        "address": "x", "photos": [sha1]})
    check("photo: attaching another user's photo -> 4xx", 400 <= r.status < 500, r)
    r = pub.post("/api/v1/public/reports", {"category_code": "0101", "description": "公众借用员工照片",
                                            "address": "某路", "photos": [sha1]})
    check("photo: a public report with a staff photo -> 4xx", 400 <= r.status < 500, r)
    r = grid01.post("/api/v1/tickets", {"category_code": "0101", "description": "员工借用公众照片",
                                        "address": "某路", "photos": [sha_pub]})
    check("photo: a staff report with a public photo -> 4xx", 400 <= r.status < 500, r)
    check("photo: refused reports wrote nothing", count_tickets(ctx) == n)
    check("photo: still hidden from grid02", get(grid02, sha1) == 404)

    # attached: whoever sees the ticket
    r = grid01.post("/api/v1/tickets", {"category_code": "0101", "description": "网格员上报井盖破损（带照片）",
                                        "location": {"lon": 120.105, "lat": 30.205}, "photos": [sha1]})
    check("photo: grid01 reports with its photo", r.status == 201, r)
    tid = r.json()["id"]
    check("photo: the dispatcher (city scope) reads it now", get(disp, sha1) == 200)
    check("photo: the reporter reads it", get(grid01, sha1) == 200)
    check("photo: grid02 (another grid) still cannot", get(grid02, sha1) == 404)
    check("photo: admin reads it", get(admin, sha1) == 200)

    # feedback photos: only the handler's own upload
    t = r.json()
    if t["state"] != "dispatched":
        act(disp, tid, "accept")
        act(disp, tid, "dispatch", unit_id=[u for u in disp.get("/api/v1/units").json()["items"] if u["code"] == "shizheng"][0]["id"])
    t = disp.get("/api/v1/tickets/%d" % tid).json()
    handler = shizheng if t["unit"]["id"] == shizheng.get("/api/v1/me").json().get("unit_id") else None
    if handler is None:
        code = [u for u in disp.get("/api/v1/units").json()["items"] if u["id"] == t["unit"]["id"]][0]["code"]
        handler = srv.login(code)
    check("photo: sign", act(handler, tid, "sign").status == 200)
    r = act(handler, tid, "feedback", note="已处理", public_reply="已处理", photos=[sha_pub])
    check("photo: feedback with someone else's photo -> 4xx", 400 <= r.status < 500, r)
    p3 = handler.request("POST", "/api/v1/files", raw=png(seed()), ctype="image/png").json()["sha256"]
    check("photo: feedback with its own photo", act(handler, tid, "feedback", note="已处理", public_reply="已处理", photos=[p3]).status == 200)
    check("photo: grid02 cannot read the feedback photo", get(grid02, p3) == 404)
    check("photo: the dispatcher can", get(disp, p3) == 200)

    # a public photo attached to a public report: staff who see that ticket read it
    r = pub.post("/api/v1/public/reports", {"category_code": "0101", "description": "居民带照片上报",
                                            "location": {"lon": 120.105, "lat": 30.205}, "photos": [sha_pub]})
    check("photo: a public report with a public photo", r.status == 201, r)
    check("photo: the dispatcher reads the resident's photo", get(disp, sha_pub) == 200)
    check("photo: grid02 does not", get(grid02, sha_pub) == 404)


# ---- 3. phones --------------------------------------------------------------------------------------


def phones(ctx, check):
    hotline = ctx["hotline"]
    for phone in ("5550123", "13812345678", "+86 571-8888 1234", "120"):
        r = hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "电话脱敏检查",
                                             "address": "某路", "reporter_phone": phone})
        masked = (r.json().get("reporter") or {}).get("phone") if r.status == 201 else None
        digits = re.sub(r"\D", "", phone)
        shown = len(re.sub(r"\D", "", masked or ""))
        ok = masked is not None and (shown <= len(digits) // 2 or (len(digits) == 11 and shown == 7))
        check("phone: %r masked (%r)" % (phone, masked), r.status == 201 and ok and masked != phone, r)
    for phone in ("call-me-maybe", "12", "1" * 21, "138 1234 5678 ext", "++8613812345678", "\u0661\u0662\u0663\u0664"):
        r = hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "非法电话", "address": "某路",
                                             "reporter_phone": phone})
        check("phone: %r refused with 400" % phone, r.status == 400 and r.json()["error"]["code"] == "invalid_request", r)
    r = gw.Client(ctx["port"]).post("/api/v1/public/reports", {"category_code": "0101", "description": "公众非法电话",
                                                               "address": "某路", "reporter_phone": "abc"})
    check("phone: public report refuses a bad phone", r.status == 400, r)


# ---- 4. control characters -------------------------------------------------------------------------


def controls(ctx, check):
    hotline, pub = ctx["hotline"], gw.Client(ctx["port"])
    n = count_tickets(ctx)
    for what, raw in (("NUL", "abc\\u0000def"), ("SOH", "abc\\u0001def"), ("ESC", "abc\\u001bdef")):
        body = ('{"category_code":"0101","description":"%s","address":"x"}' % raw).encode()
        r = pub.request("POST", "/api/v1/public/reports", raw=body)
        check("ctl: public report with %s -> 400" % what, r.status == 400 and r.json()["error"]["code"] == "invalid_request", r)
        r = hotline.request("POST", "/api/v1/tickets", raw=body)
        check("ctl: staff create with %s -> 400" % what, r.status == 400, r)
        body = ('{"category_code":"0101","description":"ok","address":"x","reporter_name":"%s"}' % raw).encode()
        check("ctl: %s in another field -> 400" % what, hotline.request("POST", "/api/v1/tickets", raw=body).status == 400)
    check("ctl: nothing written", count_tickets(ctx) == n)
    r = hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "第一行\n第二行\t制表", "address": "x"})
    check("ctl: tab and newline stay allowed", r.status == 201, r)
    n = count_tickets(ctx)
    base = "api_key=%s&service_code=0101&lat=30.255&long=120.155" % ctx["api_key"]
    for what, tail in (("NUL in description", "&description=abc%00def"),
                       ("SOH in description", "&description=abc%01def"),
                       ("NUL smuggling a field", "&description=ok%00first_name%00x"),
                       ("NUL in address", "&address_string=a%00b"),
                       ("NUL in a name", "&first_name=a%00b")):
        r = o311_post(ctx, base + tail)
        check("ctl: Open311 %s -> 400 error list" % what, is_o311_error(r, 400), r)
    check("ctl: Open311 wrote nothing", count_tickets(ctx) == n)
    r = o311_post(ctx, base + "&description=%E4%BA%95%E7%9B%96%0A%E6%9D%BE%E5%8A%A8")
    check("ctl: Open311 newline in description allowed", r.status == 200, r)


# ---- 5. what the public sees -----------------------------------------------------------------------


def state_machine_actions():
    """Every action of the loop, read from src/ops/ticket.h (so a new action cannot escape this test)."""
    text = open(os.path.join(ROOT, "src", "ops", "ticket.h"), encoding="utf-8").read()
    block = text[text.index("GW_A_ACCEPT"):text.index("GW_A__COUNT")]
    return [m.lower() for m in re.findall(r"GW_A_([A-Z_]+)", block)]


def assist_actions():
    """Every 协办 sub-task action, read from src/ops/assist.h."""
    text = open(os.path.join(ROOT, "src", "ops", "assist.h"), encoding="utf-8").read()
    block = text[text.index("GW_AA_SIGN"):text.index("GW_AA__COUNT")]
    return [m.lower() for m in re.findall(r"GW_AA_([A-Z_]+)", block)]


def assist_walk(ctx, check, tid, note, reply):
    """Two co-handling units on ticket tid (signed at its lead unit): one signs and completes, the other
    returns and the dispatcher reassigns, then withdraws it. Returns {action: succeeded}."""
    admin, disp, done = ctx["admin"], ctx["dispatcher"], {}
    units, handlers = [], []
    for i in range(3):
        n = random.randrange(10 ** 6)
        u = admin.post("/api/v1/units", {"code": "pubas%d%06d" % (i, n), "name": "公开答复协办%d%06d" % (i, n),
                                         "level": "district"}).json()["id"]
        pw = "pubas-%d" % n
        name, _ = new_user(admin, "pas", "unit_handler", pw, unit_id=u)
        units.append(u)
        handlers.append(ctx["server"].login(name, pw))
    r = disp.post("/api/v1/tickets/%d/assists" % tid, {"unit_ids": units[:2], "note": note("assist")})
    check("public: assist", r.status == 201, r)
    ids = [a["id"] for a in r.json()["assists"]] if r.status == 201 else [0, 0]

    def sub(c, aid, action, **kw):
        r = c.post("/api/v1/tickets/%d/assists/%d/actions" % (tid, aid), dict(action=action, note=note("assist_" + action), **kw))
        done[action] = r.status == 200
        check("public: assist %s" % action, r.status == 200, r)

    sub(handlers[0], ids[0], "sign")
    sub(handlers[0], ids[0], "complete", public_reply=reply("assist_complete"))
    sub(handlers[1], ids[1], "return")
    sub(disp, ids[1], "reassign", unit_id=units[2])
    sub(disp, ids[1], "withdraw")
    return done


def public_views(ctx, code, tid):
    pub = gw.Client(ctx["port"])
    bodies = [pub.get("/api/v1/track/" + code).body.decode(),
              pub.get("/open311/v2/requests/%d.json" % tid).body.decode(),
              pub.get("/open311/v2/requests/%d.xml" % tid).body.decode(),
              pub.get("/open311/v2/requests.json?service_request_id=%d" % tid).body.decode()]
    return "\n".join(bodies)


def public_reply(ctx, check):
    disp, sup, hotline, pub = ctx["dispatcher"], ctx["supervisor"], ctx["hotline"], gw.Client(ctx["port"])
    # letters only: Open311 masks runs of 7+ digits in what it publishes (phone numbers in replies)
    tag = "".join(random.choice(string.ascii_lowercase) for _ in range(10))
    note = lambda a: "NOTE-%s-%s 照片未显示井盖全貌，请返工 陈晓东" % (a, tag)  # noqa: E731
    reply = lambda a: "REPLY-%s-%s" % (a, tag)  # noqa: E731
    done = {}

    def step(c, tid, action, **kw):
        r = act(c, tid, action, note=note(action), public_reply=reply(action), **kw)
        done[action] = r.status == 200
        check("public: %s" % action, r.status == 200, r)
        return r

    def report(desc):
        r = pub.post("/api/v1/public/reports", {"category_code": "0101", "description": desc,
                                                "location": {"lon": 120.155, "lat": 30.255}})
        code = r.json()["track_code"]
        return find(disp, code)["id"], code

    tid, code = report("公开答复测试：井盖破损")
    step(disp, tid, "accept")
    step(disp, tid, "dispatch")
    step(disp, tid, "recall")
    step(disp, tid, "dispatch")
    unit = disp.get("/api/v1/tickets/%d" % tid).json()["unit"]
    code_of = [u for u in disp.get("/api/v1/units").json()["items"] if u["id"] == unit["id"]][0]["code"]
    handler = ctx["server"].login(code_of)
    step(handler, tid, "sign")
    step(handler, tid, "return")
    step(disp, tid, "dispatch")
    step(handler, tid, "sign")
    # 协办: every sub-task action (read from ops/assist.h) with internal notes; only complete has a reply
    a_done = assist_walk(ctx, check, tid, note, reply)
    step(disp, tid, "urge")
    step(handler, tid, "extend", days=2)
    step(sup, tid, "approve_extension")
    step(handler, tid, "extend", days=2)
    step(sup, tid, "deny_extension")
    step(sup, tid, "suspend")
    check("public: status_notes carry the public reply only", reply("suspend") in public_views(ctx, code, tid)
          and note("suspend") not in public_views(ctx, code, tid))
    step(sup, tid, "resume")
    step(handler, tid, "feedback")
    step(sup, tid, "rework")
    step(handler, tid, "feedback")
    # 现场核查 by a grid worker of the ticket's grid
    admin, pw = ctx["admin"], "onsite-%d" % random.randrange(10 ** 6)
    div = disp.get("/api/v1/tickets/%d" % tid).json()["division_id"]
    name, r = new_user(admin, "gwp", "grid_worker", pw, division_id=div)
    step(ctx["server"].login(name, pw), tid, "verify_onsite", result="pass")
    step(sup, tid, "approve")
    r = pub.post("/api/v1/track/%s/rating" % code, {"rating": 4, "comment": note("rate")})
    done["rate"] = r.status == 200
    check("public: rate", r.status == 200, r)
    r = sup.post("/api/v1/tickets/%d/revisit" % tid, {"satisfaction": "unsatisfied", "note": note("revisit")})
    done["revisit"] = r.status == 200
    check("public: revisit", r.status == 200, r)
    step(sup, tid, "reopen")
    # 二级派单: the unit passes the reopened case down to a sub-unit of its own
    n = random.randrange(10 ** 6)
    sub = admin.post("/api/v1/units", {"code": "pubsub%06d" % n, "name": "公开答复下级单位%06d" % n, "level": "street"}).json()["id"]
    admin.put("/api/v1/units/%d/parent" % sub, {"parent_unit_id": unit["id"]})
    tree = admin.get("/api/v1/units/%d/subunits" % sub).json()
    check("unit tree: a unit's subunits answer names its parent", tree.get("parent_unit_id") == unit["id"]
          and tree["items"] == [], tree)
    tree = admin.get("/api/v1/units/%d/subunits" % unit["id"]).json()
    check("unit tree: the parent has none and lists the sub-unit", tree.get("parent_unit_id") is None
          and sub in [x["id"] for x in tree["items"]], tree)
    step(handler, tid, "subdispatch", unit_id=sub)
    tid2, code2 = report("公开答复测试：作废")
    step(disp, tid2, "reject")
    tid3, code3 = report("公开答复测试：咨询直接答复")
    step(disp, tid3, "answer")
    # 重复件: merged into another report (its own route), then unmerged by a supervisor, with internal notes
    tid4, code4 = report("公开答复测试：合并的父件")
    tid5, code5 = report("公开答复测试：合并的重复件")
    r = disp.post("/api/v1/tickets/%d/merge" % tid5, {"parent_id": tid4, "note": note("merge")})
    done["merge"] = r.status == 200
    check("public: merge", r.status == 200, r)
    r = sup.post("/api/v1/tickets/%d/unmerge" % tid5, {"note": note("unmerge")})
    done["unmerge"] = r.status == 200
    check("public: unmerge", r.status == 200, r)

    wanted = state_machine_actions()
    check("public: every action of the state machine was taken", set(wanted) <= set(done) and all(done.values()),
          (wanted, done))
    seen = public_views(ctx, code, tid) + public_views(ctx, code2, tid2) + public_views(ctx, code3, tid3)
    seen += public_views(ctx, code4, tid4) + public_views(ctx, code5, tid5)
    check("public: every 协办 action was taken", set(assist_actions()) <= set(a_done) and all(a_done.values()), a_done)
    wanted_notes = wanted + ["assist"] + ["assist_" + a for a in assist_actions()]
    leaks = [a for a in wanted_notes if note(a) in seen or ("NOTE-%s-%s" % (a, tag)) in seen]
    check("public: no internal note reaches the public views", not leaks and "陈晓东" not in seen, leaks)
    tk = pub.get("/api/v1/track/" + code).json()
    replies = [e.get("public_reply") for e in tk["timeline"]]
    # a 回访 carries no public reply, nor does a merge (the tracking page says where it was merged)
    staff = [a for a in wanted if a not in ("rate", "revisit", "merge", "unmerge")]
    missing = [a for a in staff if a not in ("reject", "answer") and reply(a) not in replies]
    check("public: every public reply on the tracking page", not missing, (missing, replies))
    check("public: the 协办意见 on the tracking page", reply("assist_complete") in replies, replies)
    check("public: the answer's reply on its ticket", reply("answer") in json.dumps(pub.get("/api/v1/track/" + code3).json(), ensure_ascii=False))
    check("public: the reject reply on the other ticket", reply("reject") in json.dumps(pub.get("/api/v1/track/" + code2).json(), ensure_ascii=False))
    check("public: no notes at all on the tracking page", all("note" not in e for e in tk["timeline"]), tk["timeline"][:3])
    o = pub.get("/open311/v2/requests/%d.json" % tid2).json()[0]
    check("public: Open311 status_notes use the reply", reply("reject") in (o.get("status_notes") or ""), o)
    staff_tl = disp.get("/api/v1/tickets/%d/timeline" % tid).json()["items"]
    check("public: staff still see the note and the reply", any(e.get("note") == note("rework") and e.get("public_reply") == reply("rework")
                                                               for e in staff_tl), staff_tl[-3:])
    r = act(disp, tid2, "accept", public_reply="x" * 501)
    check("public: over-long public_reply -> 400", r.status == 400, r)
    r = act(disp, tid2, "accept", public_reply=5)
    check("public: public_reply must be text", r.status == 400, r)


def public_masking(ctx, check):
    """One address rule and one free-text rule on both public paths (core/privacy.c): every run of
    digits in an address is one '*'; runs of 7+ digits (ASCII or full-width) in descriptions and
    public replies keep 3 (or 1) leading and 2 trailing digits."""
    disp, pub = ctx["dispatcher"], gw.Client(ctx["port"])
    r = pub.post("/api/v1/public/reports", {"category_code": "0101", "address": "文三路478号5幢301室",
                                            "description": "井盖缺失，电话１３９１２３４５６７８ 门牌12号",
                                            "location": {"lon": 120.155, "lat": 30.255}})
    check("mask: public report", r.status == 201, r)
    code = r.json()["track_code"]
    tid = find(disp, code)["id"]
    r = act(disp, tid, "accept", public_reply="已受理，请致电13812345678或０５７１８８８８１２３４，工单12345")
    check("mask: accept with a public reply", r.status == 200, r)
    tk = pub.get("/api/v1/track/" + code).json()
    o = pub.get("/open311/v2/requests/%d.json" % tid).json()[0]
    check("mask: tracking page address, one '*' per number", tk.get("address") == "文三路*号*幢*室", tk.get("address"))
    check("mask: Open311 address, the same rule", o.get("address") == "文三路*号*幢*室", o.get("address"))
    want = "已受理，请致电138******78或０５７*******３４，工单12345"
    replies = [e.get("public_reply") for e in tk["timeline"] if e.get("public_reply")]
    check("mask: tracking page reply, long numbers masked", replies == [want], replies)
    check("mask: Open311 status_notes, the same rule", (o.get("status_notes") or "").endswith(want), o.get("status_notes"))
    check("mask: Open311 description, full-width digits too",
          o.get("description") == "井盖缺失，电话１３９******７８ 门牌12号", o.get("description"))


def run(base, ctx):
    check = ctx["check"]
    for part in (needs_location, photos, phones, controls, public_reply, public_masking):
        try:
            part(ctx, check)
        except Exception:  # one broken part must not hide the others' results
            check("%s (crashed)" % part.__name__, False, traceback.format_exc())
