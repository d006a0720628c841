"""Who may see and do what: authentication, role permissions, unit/grid scope, reporter privacy,
login throttling and logout. The small helpers at the top are shared with test_badinput/test_ops."""
import json
import base64
import os
import re
import random
import struct
import zlib

import gw

# ---- shared helpers ---------------------------------------------------------------------------


def is_error(r, status, code=None):
    """r has this status and the JSON error shape {"error":{"code":str,"message":str}}."""
    if r.status != status or not r.headers.get("content-type", "").startswith("application/json"):
        return False
    try:
        e = r.json()["error"]
    except (ValueError, KeyError, TypeError):
        return False
    return (isinstance(e, dict) and set(e) == {"code", "message"} and isinstance(e["code"], str) and e["code"] != ""
            and isinstance(e["message"], str) and e["message"] != "" and (code is None or e["code"] == code))


def tiny_png(seed):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00" + bytes([seed % 256, (seed >> 8) % 256, 7])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def items(c, path):
    r = c.get(path)
    if r.status != 200:
        raise RuntimeError("GET %s: %r" % (path, r))
    return r.json()["items"]


def category_id(c, code):
    return next(x["id"] for x in items(c, "/api/v1/categories") if x["code"] == code)


def unit_by_code(c, code):
    """Demo units by code: shizheng 市政, shuiwu 水务, chengguan 城管 (城市管理局)."""
    return next(u for u in items(c, "/api/v1/units") if u["code"] == code)


def root_division(c):
    return next(d for d in items(c, "/api/v1/divisions") if d["parent_id"] is None)


def grid_outside(c, scope_path):
    """A point (lon, lat) inside a demo grid that is not under scope_path, found via /grids/at."""
    for d in items(c, "/api/v1/divisions"):
        if d["level"] != "grid" or d["path"].startswith(scope_path) or not d.get("bbox"):
            continue
        lon, lat = (d["bbox"][0] + d["bbox"][2]) / 2, (d["bbox"][1] + d["bbox"][3]) / 2
        r = c.get("/api/v1/grids/at?lon=%r&lat=%r" % (lon, lat))
        if r.status == 200 and not r.json()["path"].startswith(scope_path):
            return lon, lat, r.json()
    raise RuntimeError("no demo grid outside " + scope_path)


def ticket_total(admin):
    """(number of tickets from /metrics, id of the newest ticket) — changes whenever a ticket is written."""
    text = admin.get("/metrics").body.decode()
    total = sum(int(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith("gridwork_tickets{"))
    first = items(admin, "/api/v1/tickets?limit=1")
    return total, first[0]["id"] if first else None


def ticket_state(admin, tid):
    """What an action may change: version, state and timeline length."""
    t = admin.get("/api/v1/tickets/%d" % tid).json()
    return t["version"], t["state"], len(items(admin, "/api/v1/tickets/%d/timeline" % tid))


def act(c, tid, action, **kw):
    body = {"action": action}
    body.update(kw)
    return c.post("/api/v1/tickets/%d/actions" % tid, body)


def report_manhole(c, desc, lon=120.155, lat=30.255, **extra):
    """A 0101 (manhole cover) report; in the demo it auto-routes to 市政 with CC 城管."""
    body = {"category_code": "0101", "description": desc, "location": {"lon": lon, "lat": lat}}
    body.update(extra)
    return c.post("/api/v1/tickets", body)


def new_user(admin, prefix, role, password, **scope):
    name = "%s%06d" % (prefix, random.randrange(10 ** 6))
    body = {"username": name, "display_name": name, "password": password, "role": role}
    body.update(scope)
    r = admin.post("/api/v1/users", body)
    return name, r


def json_has_key(v, key):
    if isinstance(v, dict):
        return key in v or any(json_has_key(x, key) for x in v.values())
    if isinstance(v, list):
        return any(json_has_key(x, key) for x in v)
    return False


# ---- the tests --------------------------------------------------------------------------------


def run(base, ctx):
    check, port, srv = ctx["check"], ctx["port"], ctx["server"]
    admin, disp, hotline = ctx["admin"], ctx["dispatcher"], ctx["hotline"]
    shizheng, shuiwu, grid01, auditor = ctx["shizheng"], ctx["shuiwu"], ctx["grid01"], ctx["auditor"]
    anon = gw.Client(port)
    sz, cg = unit_by_code(admin, "shizheng"), unit_by_code(admin, "chengguan")
    name, phone = "欧阳娜娜", "13871625678"

    # A 市政 ticket with a reporter whose contact must stay private.
    r = report_manhole(hotline, "权限测试：人民路口井盖松动，车辆经过有响声", address="人民路8号",
                       reporter_name=name, reporter_phone=phone)
    check("authz: setup ticket created", r.status == 201, r)
    t = r.json()
    tid, code = t["id"], t["track_code"]
    check("authz: setup ticket is 市政's and CCs 城管", t["unit"] and t["unit"]["id"] == sz["id"]
          and any(u["id"] == cg["id"] for u in t["cc_units"]), (t["unit"], t["cc_units"]))

    # Unauthenticated and bad tokens: 401 on every staff endpoint, before any role check.
    staff = [("GET", "/api/v1/me"), ("GET", "/api/v1/tickets"), ("GET", "/api/v1/tickets/%d" % tid),
             ("GET", "/api/v1/tickets/%d/timeline" % tid), ("GET", "/api/v1/tickets/%d/reporter" % tid),
             ("POST", "/api/v1/tickets"), ("POST", "/api/v1/tickets/%d/actions" % tid), ("POST", "/api/v1/files"),
             ("GET", "/api/v1/users"), ("POST", "/api/v1/units"), ("GET", "/api/v1/divisions"),
             ("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/users/1/unlock"),
             ("GET", "/api/v1/places?q=%E4%B8%AD%E5%B1%B1%E8%B7%AF"), ("GET", "/api/v1/places/1"),
             ("GET", "/api/v1/places/roads"), ("POST", "/api/v1/places"), ("PATCH", "/api/v1/places/1"),
             ("DELETE", "/api/v1/places/1"), ("POST", "/api/v1/places/import"), ("POST", "/api/v1/me/password"), ("GET", "/api/v1/me/logins"), ("GET", "/api/v1/me/sessions"), ("GET", "/api/v1/sessions"),
             ("PUT", "/api/v1/units/1/parent"), ("GET", "/api/v1/units/1/subunits"),
             ("POST", "/api/v1/tickets/%d/urge" % tid), ("POST", "/api/v1/tickets/%d/revisit" % tid),
             ("POST", "/api/v1/tickets/%d/assists" % tid), ("POST", "/api/v1/tickets/%d/assists/1/actions" % tid),
             ("GET", "/api/v1/kb"), ("GET", "/api/v1/kb/1"), ("POST", "/api/v1/kb"), ("PATCH", "/api/v1/kb/1"),
             ("DELETE", "/api/v1/kb/1"), ("GET", "/api/v1/dictionaries"),
             ("PUT", "/api/v1/dictionaries/source/hotline"), ("DELETE", "/api/v1/dictionaries/source/hotline"),
             ("GET", "/api/v1/device-types"), ("POST", "/api/v1/device-types"), ("GET", "/api/v1/device-types/x"),
             ("PUT", "/api/v1/device-types/x"), ("GET", "/api/v1/devices"), ("POST", "/api/v1/devices"),
             ("GET", "/api/v1/devices/1"), ("PUT", "/api/v1/devices/1"), ("DELETE", "/api/v1/devices/1"),
             ("POST", "/api/v1/devices/1/secret"), ("GET", "/api/v1/devices/1/readings"), ("GET", "/api/v1/iot/summary"),
             ("GET", "/api/v1/alarms"), ("POST", "/api/v1/alarms/1/ack"), ("POST", "/api/v1/devices/import"),
             ("POST", "/api/v1/classify"), ("GET", "/api/v1/models"), ("POST", "/api/v1/models/1/activate"),
             ("GET", "/api/v1/review-queue"), ("POST", "/api/v1/tickets/%d/classify" % tid),
             ("GET", "/api/v1/classifier/examples"), ("POST", "/api/v1/classifier/retrain"),
             ("GET", "/api/v1/classifier/stats"),
             ("GET", "/api/v1/residents"), ("POST", "/api/v1/residents"), ("GET", "/api/v1/residents/1"),
             ("GET", "/api/v1/residents/1/person"), ("POST", "/api/v1/residents/1/verify"),
             ("POST", "/api/v1/residents/1/code"), ("POST", "/api/v1/residents/1/disable"),
             ("POST", "/api/v1/residents/1/enable"), ("GET", "/api/v1/partners"), ("POST", "/api/v1/partners"),
             ("GET", "/api/v1/partners/1"), ("PUT", "/api/v1/partners/1"), ("POST", "/api/v1/partners/1/actions"),
             ("GET", "/api/v1/partners/1/contact"), ("GET", "/api/v1/warnings"), ("GET", "/api/v1/warnings/1"),
             ("POST", "/api/v1/warnings/1/ack"), ("POST", "/api/v1/warnings/run"), ("GET", "/api/v1/partners/1/credit"),
             ("GET", "/api/v1/partners/1/certificates"), ("POST", "/api/v1/partners/1/certificates"), ("GET", "/api/v1/certificates/1"),
             ("POST", "/api/v1/certificates/1/revoke"), ("GET", "/api/v1/credit/ranking?community_id=1&period=year&at=2026"), ("GET", "/api/v1/credit/ranking.xlsx?community_id=1&period=year&at=2026"),
             ("GET", "/api/v1/tickets/%d/duplicates" % tid), ("POST", "/api/v1/tickets/duplicates"), ("POST", "/api/v1/tickets/%d/merge" % tid),
             ("POST", "/api/v1/tickets/%d/unmerge" % tid), ("PUT", "/api/v1/categories/1/duplicates"), ("GET", "/api/v1/surveys"),
             ("POST", "/api/v1/surveys"), ("GET", "/api/v1/surveys/1"), ("GET", "/api/v1/surveys/1/results"),
             ("GET", "/api/v1/visits"), ("POST", "/api/v1/visits"), ("GET", "/api/v1/projects"),
             ("POST", "/api/v1/projects"), ("GET", "/api/v1/projects/1"), ("POST", "/api/v1/projects/1/actions"),
             ("PUT", "/api/v1/projects/1/representatives"), ("POST", "/api/v1/projects/1/claims/1/actions"), ("POST", "/api/v1/projects/1/evaluations"),
             ("GET", "/api/v1/earn-rules"), ("POST", "/api/v1/earn-rules"), ("PUT", "/api/v1/earn-rules/1"),
             ("GET", "/api/v1/service-records"), ("POST", "/api/v1/service-records"), ("GET", "/api/v1/service-records/1"),
             ("POST", "/api/v1/service-records/1/actions"), ("GET", "/api/v1/activities"), ("POST", "/api/v1/activities"),
             ("GET", "/api/v1/activities/1/code"), ("POST", "/api/v1/ledger/exchanges"), ("GET", "/api/v1/earn-settings/1"),
             ("PUT", "/api/v1/earn-settings/1")]
    for method, path in staff:
        r = anon.request(method, path, body={} if method == "POST" else None)
        check("authz: no login -> 401 %s %s" % (method, path), is_error(r, 401, "unauthorized"), r)
    for label, hdrs in [("64 zeros", {"Authorization": "Bearer " + "0" * 64}),
                        ("short", {"Authorization": "Bearer abc"}),
                        ("basic", {"Authorization": "Basic YWRtaW46ZGVtbw=="}),
                        ("cookie", {"Cookie": "gw_session=" + "f" * 64})]:
        r = anon.get("/api/v1/tickets/%d" % tid, headers=hdrs)
        check("authz: bad token (%s) -> 401" % label, is_error(r, 401, "unauthorized"), r)
    r = anon.get("/api/v1/me", headers={"Cookie": "gw_session=" + disp.token})
    check("authz: session cookie authenticates", r.status == 200 and r.json()["username"] == "dispatcher", r)

    # Unit scope: 水务 sees nothing of a 市政 ticket (404, like a missing one); 市政 can.
    before = ticket_state(admin, tid)
    for path in ["", "/timeline", "/reporter"]:
        r = shuiwu.get("/api/v1/tickets/%d%s" % (tid, path))
        check("authz: 水务 GET ticket%s -> 404" % path, is_error(r, 404, "not_found"), r)
    for action in ["sign", "return", "feedback"]:
        r = act(shuiwu, tid, action, note="不是我们的")
        check("authz: 水务 %s -> 404" % action, is_error(r, 404, "not_found"), r)
    check("authz: 水务's attempts changed nothing", ticket_state(admin, tid) == before, (before, ticket_state(admin, tid)))
    check("authz: 水务's list omits it", all(x["id"] != tid for x in items(shuiwu, "/api/v1/tickets?limit=200")))
    r = shizheng.get("/api/v1/tickets/%d" % tid)
    check("authz: 市政 reads its ticket", r.status == 200 and r.json()["id"] == tid and "sign" in r.json()["actions"], r)
    check("authz: 市政 reads the timeline", shizheng.get("/api/v1/tickets/%d/timeline" % tid).status == 200)
    check("authz: 市政's list has it", any(x["id"] == tid for x in items(shizheng, "/api/v1/tickets?limit=200")))

    # The CC unit 城管 may read but not act: a fresh 城管 handler.
    cg_pw = "cg-pass-%d" % random.randrange(10 ** 6)
    cg_user, r = new_user(admin, "cg", "unit_handler", cg_pw, unit_id=cg["id"])
    check("authz: admin creates a 城管 handler", r.status == 201 and r.json()["unit_id"] == cg["id"]
          and "pw_hash" not in r.json() and cg_pw not in r.body.decode(), r)
    chengguan = srv.login(cg_user, cg_pw)
    r = chengguan.get("/api/v1/tickets/%d" % tid)
    check("authz: 城管 (CC) reads the ticket", r.status == 200 and "sign" not in r.json()["actions"], r)
    check("authz: 城管 (CC) lists it", any(x["id"] == tid for x in items(chengguan, "/api/v1/tickets?limit=200")))
    r = act(chengguan, tid, "sign")
    check("authz: 城管 (CC) cannot sign -> 403", is_error(r, 403, "forbidden"), r)
    r = chengguan.get("/api/v1/tickets/%d/reporter" % tid)
    check("authz: 城管 (CC) cannot see the reporter -> 403", is_error(r, 403, "forbidden"), r)
    check("authz: CC attempts changed nothing", ticket_state(admin, tid) == before)

    # Grid scope: grid01 lists only tickets under its scope path; another grid's ticket is 404.
    me = grid01.get("/api/v1/me").json()
    scope = me["scope_path"]
    check("authz: grid01 has a grid scope", me["role"] == "grid_worker" and scope.count("/") > 2, me)
    paths = {d["id"]: d["path"] for d in items(admin, "/api/v1/divisions")}
    mine = items(grid01, "/api/v1/tickets?limit=200")
    outside = [x for x in mine if not paths.get(x["division_id"], "").startswith(scope)]
    check("authz: every grid01 list item lies in its scope", mine and not outside, (len(mine), outside[:2]))
    for x in mine[:5]:
        r = grid01.get("/api/v1/tickets/%d" % x["id"])
        check("authz: grid01 detail division_path in scope", r.status == 200
              and r.json()["division_path"].startswith(scope), r)
    if mine:
        r = grid01.get("/api/v1/tickets/%d/reporter" % mine[0]["id"])
        check("authz: grid worker never sees reporter contact -> 403", is_error(r, 403, "forbidden"), r)
    lon, lat, other = grid_outside(admin, scope)
    r = report_manhole(hotline, "权限测试：别的网格里的井盖", lon=lon, lat=lat)
    check("authz: ticket in another grid created", r.status == 201 and r.json()["division_id"] == other["id"], r)
    if r.status == 201:
        oid = r.json()["id"]
        check("authz: grid01 GET other grid's ticket -> 404", is_error(grid01.get("/api/v1/tickets/%d" % oid), 404))
        check("authz: grid01 list omits it", all(x["id"] != oid for x in items(grid01, "/api/v1/tickets?limit=200")))

    # Auditor: reads, never acts; hotline cannot list users; only admin changes configuration.
    check("authz: auditor reads the ticket", auditor.get("/api/v1/tickets/%d" % tid).status == 200)
    check("authz: auditor lists", auditor.get("/api/v1/tickets").status == 200)
    total = ticket_total(admin)
    r = act(auditor, tid, "sign")
    check("authz: auditor action -> 403", is_error(r, 403, "forbidden"), r)
    r = report_manhole(auditor, "审计员不应能上报")
    check("authz: auditor create -> 403", is_error(r, 403, "forbidden"), r)
    r = auditor.request("POST", "/api/v1/files", raw=tiny_png(4242), ctype="image/png")
    check("authz: auditor upload -> 403", is_error(r, 403, "forbidden"), r)
    check("authz: auditor reporter contact -> 403", is_error(auditor.get("/api/v1/tickets/%d/reporter" % tid), 403))
    check("authz: auditor changed nothing", ticket_total(admin) == total and ticket_state(admin, tid) == before)
    check("authz: hotline GET users -> 403", is_error(hotline.get("/api/v1/users"), 403, "forbidden"))
    check("authz: admin GET users", admin.get("/api/v1/users").status == 200)
    counts = [len(items(admin, p)) for p in ("/api/v1/units", "/api/v1/categories", "/api/v1/routing-rules",
                                             "/api/v1/divisions")]
    cat = category_id(admin, "0101")
    attempts = [("POST", "/api/v1/units", {"code": "X9", "name": "越权单位", "level": "city"}),
                ("POST", "/api/v1/categories", {"code": "0199", "name": "越权类别", "kind": "part"}),
                ("POST", "/api/v1/routing-rules", {"category_id": cat, "unit_id": sz["id"]}),
                ("PUT", "/api/v1/units/%d" % sz["id"], {"name": "改名"}),
                ("PUT", "/api/v1/categories/%d" % cat, {"name": "改名"}),
                ("POST", "/api/v1/users", {"username": "sneaky", "display_name": "x", "password": "12345678",
                                           "role": "admin", "division_id": 1}),
                ("POST", "/api/v1/users/1/unlock", {}),
                ("POST", "/api/v1/places", {"kind": "poi", "name": "越权地点", "lon": 120.15, "lat": 30.25}),
                ("PATCH", "/api/v1/places/1", {"name": "越权改名"}),
                ("DELETE", "/api/v1/places/1", None),
                ("POST", "/api/v1/places/import", {})]
    for who in ("dispatcher", "supervisor", "grid01"):
        for method, path, body in attempts:
            r = ctx[who].request(method, path, body=body)
            check("authz: %s %s %s -> 403" % (who, method, path), is_error(r, 403, "forbidden"), r)
    rules = items(admin, "/api/v1/routing-rules")
    if rules:
        r = disp.request("DELETE", "/api/v1/routing-rules/%d" % rules[0]["id"])
        check("authz: dispatcher DELETE rule -> 403", is_error(r, 403, "forbidden"), r)
    after = [len(items(admin, p)) for p in ("/api/v1/units", "/api/v1/categories", "/api/v1/routing-rules",
                                            "/api/v1/divisions")]
    check("authz: configuration unchanged", after == counts, (counts, after))
    check("authz: unit name unchanged", unit_by_code(admin, "shizheng")["name"] == sz["name"])
    place1 = admin.get("/api/v1/places/1").json()
    check("authz: place 1 unchanged and nothing named 越权", place1.get("name") != "越权改名"
          and all("越权" not in p["name"] for p in admin.get("/api/v1/places?q=%E8%B6%8A%E6%9D%83%E5%9C%B0%E7%82%B9").json()["items"]),
          place1)
    for who in ("hotline", "grid01", "auditor", "shizheng"):
        r = ctx[who].get("/api/v1/places?q=%E4%B8%AD%E5%B1%B1%E8%B7%AF100%E5%8F%B7")
        check("authz: %s searches places" % who, r.status == 200 and r.json()["items"], r)

    # 知识库: every staff role reads (kb.view); only the administrator and dispatchers write (kb.edit).
    kb1 = admin.get("/api/v1/kb/1").json()
    for who in ("hotline", "grid01", "auditor", "shizheng", "supervisor", "dispatcher"):
        r = ctx[who].get("/api/v1/kb?q=%E7%A4%BE%E4%BF%9D%E5%8D%A1")  # 社保卡
        check("authz: %s searches the kb" % who, r.status == 200 and r.json()["items"], r)
    for who in ("hotline", "grid01", "auditor", "shizheng", "supervisor"):
        for method, path, body in [("POST", "/api/v1/kb", {"title": "越权条目", "body": "x"}),
                                   ("PATCH", "/api/v1/kb/1", {"title": "越权改名"}), ("DELETE", "/api/v1/kb/1", None)]:
            r = ctx[who].request(method, path, body=body)
            check("authz: %s %s %s -> 403" % (who, method, path), is_error(r, 403, "forbidden"), r)
    check("authz: kb article 1 unchanged", admin.get("/api/v1/kb/1").json() == kb1)
    # The classifier: intake and dispatch roles classify; only the administrator lists and activates models.
    for who in ["admin", "dispatcher", "supervisor", "hotline", "grid01"]:
        r = ctx[who].post("/api/v1/classify", {"text": "路灯不亮"})
        check("authz: %s classifies" % who, r.status == 200 and r.json()["suggestions"], r)
    active = [m for m in admin.get("/api/v1/models").json()["items"] if m["active"]]
    for who in ["shizheng", "auditor"]:
        check("authz: %s may not classify" % who, is_error(ctx[who].post("/api/v1/classify", {"text": "路灯不亮"}), 403))
    for who in ["dispatcher", "supervisor", "hotline", "grid01", "shizheng", "auditor"]:
        check("authz: %s may not list models" % who, is_error(ctx[who].get("/api/v1/models"), 403))
        check("authz: %s may not activate a model" % who,
              is_error(ctx[who].post("/api/v1/models/%d/activate" % active[0]["id"]), 403))
    check("authz: the active model unchanged", [m for m in admin.get("/api/v1/models").json()["items"]
                                                if m["active"]] == active)
    # The 复核队列: dispatch roles read the queue and decide; the administrator lists the labelled examples and
    # retrains; dispatch and supervision read the figures.
    n_models = len(admin.get("/api/v1/models").json()["items"])
    for who in ["hotline", "supervisor", "grid01", "shizheng", "auditor"]:
        check("authz: %s may not read the review queue" % who, is_error(ctx[who].get("/api/v1/review-queue"), 403))
        check("authz: %s may not classify a ticket" % who,
              is_error(ctx[who].post("/api/v1/tickets/%d/classify" % tid, {"category_code": "0106"}), 403))
    for who in ["admin", "dispatcher"]:
        check("authz: %s reads the review queue" % who, ctx[who].get("/api/v1/review-queue").status == 200)
    for who in ["dispatcher", "supervisor", "hotline", "grid01", "shizheng", "auditor"]:
        check("authz: %s may not list labelled examples" % who, is_error(ctx[who].get("/api/v1/classifier/examples"), 403))
        check("authz: %s may not retrain" % who, is_error(ctx[who].post("/api/v1/classifier/retrain", {}), 403))
    for who in ["hotline", "grid01", "shizheng", "auditor"]:
        check("authz: %s may not read the classifier figures" % who,
              is_error(ctx[who].get("/api/v1/classifier/stats"), 403))
    for who in ["admin", "dispatcher", "supervisor"]:
        check("authz: %s reads the classifier figures" % who, ctx[who].get("/api/v1/classifier/stats").status == 200)
    check("authz: no model trained by a refused retrain", len(admin.get("/api/v1/models").json()["items"]) == n_models)
    check("authz: no kb article named 越权", not admin.get("/api/v1/kb?q=%E8%B6%8A%E6%9D%83%E6%9D%A1%E7%9B%AE").json()["items"])
    # 物联感知: iot.view (admin, dispatcher, supervisor, unit handlers, grid workers) reads and acknowledges;
    # iot.manage (admin) writes types and devices; hotline operators and auditors see nothing. A device's
    # credentials open only the ingestion endpoint, and a staff session does not open that.
    tr = admin.post("/api/v1/device-types", {"code": "authz-type", "name": "权限测试类型", "statuses": [
        {"status": "normal"}, {"status": "tilted", "alarm": "cover", "severity": "major"}]})
    dr = admin.post("/api/v1/devices", {"device_id": "AUTHZ-0001", "type": "authz-type", "name": "权限测试设备",
                                        "location": {"lon": 120.155, "lat": 30.255}, "owner_unit_id": sz["id"]})
    check("authz: admin manages devices", tr.status == 201 and dr.status == 201, (tr, dr))
    dev_id = dr.json()["id"]
    basic = {"Authorization": "Basic " + base64.b64encode(("AUTHZ-0001:%s" % dr.json()["secret"]).encode()).decode()}
    r = anon.post("/api/v1/iot/events", {"status": "tilted"}, headers=basic)
    check("authz: the device reports with its credentials", r.status == 200, r)
    aid = admin.get("/api/v1/alarms?device_id=AUTHZ-0001").json()["items"][0]["id"]
    for method, path in [("GET", "/api/v1/me"), ("GET", "/api/v1/devices"), ("GET", "/api/v1/tickets"),
                         ("GET", "/api/v1/alarms"), ("POST", "/api/v1/alarms/%d/ack" % aid)]:
        r = anon.request(method, path, headers=basic)
        check("authz: device credentials on %s %s -> 401" % (method, path), is_error(r, 401, "unauthorized"), r)
    for who in ("hotline", "auditor"):
        for method, path in [("GET", "/api/v1/devices"), ("GET", "/api/v1/alarms"), ("GET", "/api/v1/iot/summary"),
                             ("GET", "/api/v1/device-types"), ("GET", "/api/v1/devices/%d" % dev_id),
                             ("GET", "/api/v1/devices/%d/readings" % dev_id), ("POST", "/api/v1/alarms/%d/ack" % aid)]:
            r = ctx[who].request(method, path)
            check("authz: %s %s %s -> 403" % (who, method, path), is_error(r, 403, "forbidden"), r)
    for who in ("dispatcher", "supervisor", "grid01", "shizheng"):
        for method, path, body in [("POST", "/api/v1/device-types", {"code": "x", "name": "x", "statuses": []}),
                                   ("PUT", "/api/v1/device-types/authz-type", {"name": "越权"}),
                                   ("POST", "/api/v1/devices", {"device_id": "X-1", "type": "authz-type", "name": "x"}),
                                   ("PUT", "/api/v1/devices/%d" % dev_id, {"name": "越权"}),
                                   ("DELETE", "/api/v1/devices/%d" % dev_id, None),
                                   ("POST", "/api/v1/devices/%d/secret" % dev_id, None),
                                   ("POST", "/api/v1/devices/import", {})]:
            r = ctx[who].request(method, path, body=body)
            check("authz: %s %s %s -> 403" % (who, method, path), is_error(r, 403, "forbidden"), r)
    check("authz: the device is unchanged", admin.get("/api/v1/devices/%d" % dev_id).json()["name"] == "权限测试设备")
    # scope: 市政 (the owner unit) sees its device, 水务 does not (404 by id, absent from the list)
    check("authz: 市政 sees its device", shizheng.get("/api/v1/devices/%d" % dev_id).status == 200)
    check("authz: 水务 gets 404 for it", is_error(shuiwu.get("/api/v1/devices/%d" % dev_id), 404, "not_found"))
    check("authz: 水务's list omits it", shuiwu.get("/api/v1/devices?q=AUTHZ-0001").json()["total"] == 0)
    check("authz: 水务 may not acknowledge its alarm", is_error(shuiwu.post("/api/v1/alarms/%d/ack" % aid), 404))
    r = shizheng.post("/api/v1/alarms/%d/ack" % aid)
    check("authz: 市政 acknowledges its device's alarm", r.status == 200 and r.json()["acked"] is True, r)
    # 直接答复办结: hotline operators and dispatchers answer; a unit handler or the supervisor may not.
    r = report_manhole(hotline, "越权直接答复测试", request_type="consult")
    cid = r.json()["id"]
    before = ticket_state(admin, cid)
    for who in ("shizheng", "supervisor", "grid01", "auditor"):
        r = act(ctx[who], cid, "answer", public_reply="越权答复")
        check("authz: %s answer -> 403/404" % who, is_error(r, 403) or is_error(r, 404), r)
    check("authz: the consultation is unchanged", ticket_state(admin, cid) == before and before[1] == "reported",
          (before, ticket_state(admin, cid)))

    # Reporter contact: full for the dispatcher (and audited), masked in the detail, absent from tracking.
    r = disp.get("/api/v1/tickets/%d/reporter" % tid)
    check("authz: dispatcher gets the full contact", r.status == 200 and r.json()["phone"] == phone
          and r.json()["name"] == name, r)
    check("authz: 市政 (handling unit) gets the contact", shizheng.get("/api/v1/tickets/%d/reporter" % tid).status == 200)
    r = disp.get("/api/v1/tickets/%d" % tid)
    raw = r.body.decode()
    check("authz: detail masks the phone", r.json()["reporter"]["phone"] == "138****5678", r.json()["reporter"])
    check("authz: detail never has the full phone or name", phone not in raw and name not in raw, r.json()["reporter"])
    lst = disp.get("/api/v1/tickets?limit=200").body.decode()
    check("authz: list never has the full phone or name", phone not in lst and name not in lst)
    rows = gw.sql(ctx, gw.copy_db(ctx, srv.db), "SELECT actor_user_id FROM audit_log WHERE action = 'pii.read'"
                  " AND object = ? ORDER BY id", ("ticket:%d" % tid,))
    disp_id = disp.get("/api/v1/me").json()["id"]
    check("authz: contact reads are in the audit log", [disp_id] == [x[0] for x in rows][:1] and len(rows) == 2, rows)
    pub = anon.get("/api/v1/track/" + code)
    body = pub.body
    leaks = [s for s in (name, phone, phone[3:7], "138****5678", json.dumps(name)[1:-1])
             if s.encode() in body]
    check("authz: tracking page has no reporter data", pub.status == 200 and not leaks, (leaks, body[:300]))
    check("authz: tracking page has no actor ids", pub.status == 200 and not json_has_key(pub.json(), "actor_user_id")
          and not json_has_key(pub.json(), "actor_name") and not json_has_key(pub.json(), "reporter"), body[:400])

    # Login failures: one message for a wrong password and an unknown user; throttled after 5.
    r1 = anon.post("/api/v1/auth/login", {"username": "supervisor", "password": "wrong-password"})
    r2 = anon.post("/api/v1/auth/login", {"username": "nobody_%d" % random.randrange(10 ** 6), "password": "x"})
    check("authz: wrong password -> 401", is_error(r1, 401, "unauthorized") and "token" not in r1.json(), r1)
    check("authz: unknown user -> 401 with the same body", is_error(r2, 401) and r1.json() == r2.json(), (r1, r2))
    root = root_division(admin)
    uname, r = new_user(admin, "thr", "auditor", "right-password", division_id=root["id"])
    check("authz: throttle user created", r.status == 201, r)
    if ctx["backend"].postgres:
        gw.avoid_window_end(900, 5)  # failures counted per 15-minute clock window in the database
    got = [anon.post("/api/v1/auth/login", {"username": uname, "password": "wrong-%d" % i}).status for i in range(5)]
    r = anon.post("/api/v1/auth/login", {"username": uname, "password": "wrong-6"})
    check("authz: 5 wrong logins -> 401 each", got == [401] * 5, got)
    check("authz: 6th wrong login -> 429", is_error(r, 429, "rate_limited"), r)
    r = anon.post("/api/v1/auth/login", {"username": uname, "password": "right-password"})
    check("authz: locked out even with the right password", is_error(r, 429, "rate_limited"), r)
    check("authz: other users unaffected", srv.login("supervisor").get("/api/v1/me").status == 200)

    # Logout ends that session only.
    c = srv.login("auditor")
    check("authz: new session works", c.get("/api/v1/me").status == 200)
    r = c.post("/api/v1/auth/logout")
    check("authz: logout 200", r.status == 200 and r.json() == {"ok": True}, r)
    r = c.get("/api/v1/me")
    check("authz: token dead after logout -> 401", is_error(r, 401, "unauthorized"), r)
    check("authz: cookie with the dead token -> 401",
          is_error(anon.get("/api/v1/me", headers={"Cookie": "gw_session=" + c.token}), 401))
    check("authz: other auditor session still alive", auditor.get("/api/v1/me").status == 200)
    # A console logged in by cookie logs out by cookie.
    c = srv.login("auditor")
    cookie = {"Cookie": "gw_session=" + c.token}
    check("authz: cookie session works", anon.get("/api/v1/me", headers=cookie).status == 200)
    r = anon.post("/api/v1/auth/logout", headers=cookie)
    check("authz: cookie logout clears the cookie", r.status == 200 and "Max-Age=0" in r.headers.get("set-cookie", ""), r)
    check("authz: cookie session dead after logout", is_error(anon.get("/api/v1/me", headers=cookie), 401))

    # Disabling an account ends its sessions and its logins.
    cg_id = chengguan.get("/api/v1/me").json()["id"]
    r = admin.put("/api/v1/users/%d" % cg_id, {"disabled": True})
    check("authz: admin disables the 城管 handler", r.status == 200 and r.json()["disabled"] is True, r)
    check("authz: disabled user's session -> 401", is_error(chengguan.get("/api/v1/tickets/%d" % tid), 401))
    r = anon.post("/api/v1/auth/login", {"username": cg_user, "password": cg_pw})
    check("authz: disabled user cannot log in", is_error(r, 401) and r.json() == r1.json(), r)

    # 现场核查 is the grid worker's, 撤回 the dispatcher's: nobody else is offered them or may take them.
    r = report_manhole(hotline, "权限测试：撤回与现场核查")
    rid = r.json()["id"]
    check("authz: recall setup dispatched", r.json()["state"] == "dispatched", r)
    for who, label in [(shizheng, "市政 handler"), (grid01, "grid worker"), (auditor, "auditor"), (hotline, "hotline")]:
        before = ticket_state(admin, rid)
        r = act(who, rid, "recall", note="撤回")
        check("authz: %s recall -> 403/404" % label, (is_error(r, 403, "forbidden") or is_error(r, 404, "not_found"))
              and ticket_state(admin, rid) == before, r)
    check("authz: dispatcher offered recall", "recall" in disp.get("/api/v1/tickets/%d" % rid).json()["actions"])
    for who, label in [(disp, "dispatcher"), (ctx["supervisor"], "supervisor"), (admin, "admin"), (shizheng, "市政 handler")]:
        r = act(who, rid, "verify_onsite", result="pass")
        check("authz: %s verify_onsite -> 403" % label, is_error(r, 403, "forbidden"), r)
    r = act(disp, rid, "recall", note="权限测试撤回")
    check("authz: dispatcher recalls", r.status == 200 and r.json()["state"] == "accepted", r)

    # 二级派单's unit tree: only the administrator sets a parent; staff read sub-units.
    sw = unit_by_code(admin, "shuiwu")
    for who, label in [(disp, "dispatcher"), (shizheng, "市政 handler"), (grid01, "grid worker"), (auditor, "auditor"),
                       (hotline, "hotline"), (ctx["supervisor"], "supervisor")]:
        r = who.put("/api/v1/units/%d/parent" % sw["id"], {"parent_unit_id": sz["id"]})
        check("authz: %s sets a unit parent -> 403" % label, is_error(r, 403, "forbidden"), r)
        r = who.get("/api/v1/units/%d/subunits" % sz["id"])
        check("authz: %s reads sub-units" % label, r.status == 200 and sw["id"] not in [u["id"] for u in r.json()["items"]], r)
    r = anon.request("PUT", "/api/v1/units/%d/parent" % sw["id"], body={"parent_unit_id": sz["id"]})
    check("authz: no login sets no parent -> 401", is_error(r, 401, "unauthorized"), r)
    # 字典管理: every staff role reads the dictionaries; only the administrator edits or resets a label.
    labels = admin.get("/api/v1/dictionaries").json()["items"]
    for who in ("dispatcher", "supervisor", "hotline", "grid01", "shizheng", "auditor"):
        check("authz: %s reads the dictionaries" % who, ctx[who].get("/api/v1/dictionaries").status == 200)
        r = ctx[who].put("/api/v1/dictionaries/source/hotline", {"zh": "越权", "en": "x"})
        check("authz: %s edits a label -> 403" % who, is_error(r, 403, "forbidden"), r)
        r = ctx[who].delete("/api/v1/dictionaries/state/closed")
        check("authz: %s resets a label -> 403" % who, is_error(r, 403, "forbidden"), r)
    check("authz: the labels unchanged", admin.get("/api/v1/dictionaries").json()["items"] == labels)
    # The auditor's page: admin and auditor browse and verify; no one else; anonymous 401.
    for who in ("admin", "auditor"):
        check("authz: %s GET audit" % who, ctx[who].get("/api/v1/audit?limit=1").status == 200)
        check("authz: %s POST audit/verify" % who, ctx[who].post("/api/v1/audit/verify", {}).status == 200)
    for who in ("dispatcher", "supervisor", "hotline", "grid01", "shizheng"):
        check("authz: %s GET audit -> 403" % who, is_error(ctx[who].get("/api/v1/audit"), 403, "forbidden"))
        check("authz: %s POST audit/verify -> 403" % who,
              is_error(ctx[who].post("/api/v1/audit/verify", {}), 403, "forbidden"))
    for method, path in [("GET", "/api/v1/audit"), ("POST", "/api/v1/audit/verify")]:
        r = anon.request(method, path, body={} if method == "POST" else None)
        check("authz: no login -> 401 %s %s" % (method, path), is_error(r, 401, "unauthorized"), r)
    # Paged lists keep their roles: users stays the administrator's.
    check("authz: hotline GET users?q= -> 403", is_error(hotline.get("/api/v1/users?q=a&limit=5"), 403, "forbidden"))

    # 催办 and 回访: the hotline, dispatchers and supervisors urge; the unit, grid workers and auditors do
    # not; a unit outside the ticket does not even see it; 回访 is for the hotline and supervisors.
    r = report_manhole(hotline, "权限测试：催办与回访")
    uid = r.json()["id"]
    base = ticket_state(admin, uid)
    for who, status in [("shizheng", 403), ("auditor", 403), ("shuiwu", 404), ("grid01", 404)]:
        r = ctx[who].post("/api/v1/tickets/%d/urge" % uid, {"note": "越权催办"})
        check("authz: %s urge -> %d" % (who, status), is_error(r, status), r)
        r = ctx[who].post("/api/v1/tickets/%d/revisit" % uid, {"satisfaction": "satisfied"})
        check("authz: %s revisit -> %d" % (who, status), is_error(r, status), r)
    check("authz: refused urges changed nothing", ticket_state(admin, uid) == base)
    for who in ("hotline", "dispatcher", "supervisor", "admin"):
        r = ctx[who].post("/api/v1/tickets/%d/urge" % uid, {"note": "催办 by " + who})
        check("authz: %s urges" % who, r.status == 200, r)
    r = disp.post("/api/v1/tickets/%d/revisit" % uid, {"satisfaction": "satisfied"})
    check("authz: dispatcher revisit -> 403", is_error(r, 403), r)

    # 协办: only dispatchers (and the administrator) name co-handling units; a unit outside the ticket
    # does not even see it; nobody but the co-handling unit takes its sub-task's steps.
    base = ticket_state(admin, uid)
    sw = unit_by_code(admin, "shuiwu")["id"]
    for who, status in [("shizheng", 403), ("supervisor", 403), ("hotline", 403), ("grid01", 403),
                        ("auditor", 403), ("shuiwu", 403)]:
        r = ctx[who].post("/api/v1/tickets/%d/assists" % uid, {"unit_ids": [sw]})
        check("authz: %s names co-handling units -> %d" % (who, status), is_error(r, status), r)
    check("authz: refused assists changed nothing", ticket_state(admin, uid) == base)
    r = disp.post("/api/v1/tickets/%d/assists" % uid, {"unit_ids": [sw]})
    check("authz: dispatcher names 水务", r.status == 201, r)
    aid = r.json()["assists"][0]["id"] if r.status == 201 else 0
    base = ticket_state(admin, uid)
    for who, status in [("shizheng", 403), ("supervisor", 403), ("hotline", 403), ("auditor", 403),
                        ("dispatcher", 403), ("grid01", 404)]:
        r = ctx[who].post("/api/v1/tickets/%d/assists/%d/actions" % (uid, aid), {"action": "sign"})
        check("authz: %s signs 水务's sub-task -> %d" % (who, status), is_error(r, status), r)
    check("authz: refused sub-task steps changed nothing", ticket_state(admin, uid) == base)
    r = shuiwu.post("/api/v1/tickets/%d/assists/%d/actions" % (uid, aid), {"action": "sign"})
    check("authz: 水务 signs its sub-task", r.status == 200, r)
    ledger_authz(ctx)
    dupes_authz(ctx)
    project_authz(ctx)
    catalogue_authz(ctx)
    route_kinds(ctx)


def dupes_authz(ctx):
    """重复件: candidates are read by staff in scope (a unit outside the ticket: 404); drafts by those who
    take reports; merging is the dispatcher's, undoing it the supervisor's, the radius the administrator's;
    the public question needs no login. Refused steps change nothing."""
    check, admin, disp, sup = ctx["check"], ctx["admin"], ctx["dispatcher"], ctx["supervisor"]
    a = report_manhole(ctx["hotline"], "权限测试：重复件父件").json()["id"]
    b = report_manhole(ctx["hotline"], "权限测试：重复件子件").json()["id"]
    for who, status in [("dispatcher", 200), ("supervisor", 200), ("auditor", 200), ("shizheng", 200), ("shuiwu", 404)]:
        r = ctx[who].get("/api/v1/tickets/%d/duplicates" % a)
        check("authz: %s reads a ticket's duplicates -> %d" % (who, status), r.status == status, r)
    draft = {"category_code": "0101", "location": {"lon": 120.155, "lat": 30.255}}
    for who, status in [("hotline", 200), ("grid01", 200), ("dispatcher", 200), ("shizheng", 403), ("auditor", 403)]:
        r = ctx[who].post("/api/v1/tickets/duplicates", draft)
        check("authz: %s asks about a draft -> %d" % (who, status), r.status == status, r)
    r = gw.Client(ctx["port"]).get("/api/v1/public/duplicates?category_code=0101&lon=120.155&lat=30.255")
    check("authz: the public question needs no login", r.status == 200, r)
    before = ticket_state(admin, b)
    for who in ("supervisor", "hotline", "shizheng", "grid01", "auditor"):
        r = ctx[who].post("/api/v1/tickets/%d/merge" % b, {"parent_id": a})
        check("authz: %s merges -> 403" % who, is_error(r, 403, "forbidden"), r)
    check("authz: refused merges changed nothing", ticket_state(admin, b) == before)
    check("authz: the dispatcher merges", disp.post("/api/v1/tickets/%d/merge" % b, {"parent_id": a}).status == 200)
    for who in ("dispatcher", "hotline", "shizheng", "grid01", "auditor"):
        r = ctx[who].post("/api/v1/tickets/%d/unmerge" % b, {"note": "x"})
        check("authz: %s unmerges -> 403" % who, is_error(r, 403, "forbidden"), r)
    check("authz: the supervisor unmerges", sup.post("/api/v1/tickets/%d/unmerge" % b, {"note": "不是同一件"}).status == 200)
    for who in ("dispatcher", "supervisor", "hotline"):
        r = ctx[who].put("/api/v1/categories/1/duplicates", {"radius_m": 300, "window_days": 7})
        check("authz: %s sets a category's radius -> 403" % who, is_error(r, 403, "forbidden"), r)


def ledger_authz(ctx):
    """积分银行: ledger.view (admin, dispatcher, supervisor, auditor) reads; ledger.manage (admin, dispatcher)
    opens accounts and transfers; every other staff role gets 403 and nothing moves; no login 401."""
    check, admin, anon = ctx["check"], ctx["admin"], gw.Client(ctx["port"])
    div = [d for d in items(admin, "/api/v1/divisions") if d["level"] == "community"][0]["id"]
    acc = admin.post("/api/v1/ledger/accounts", {"division_id": div, "owner_kind": "resident", "owner_id": 424242}).json()
    iss = [a for a in items(admin, "/api/v1/ledger/accounts?owner_kind=system&division_id=%d" % div)
           if a["system"] == "issuance"][0]["id"]
    routes = [("GET", "/api/v1/ledger/accounts", None), ("GET", "/api/v1/ledger/accounts/%d" % acc["id"], None),
              ("GET", "/api/v1/ledger/transfers", None),
              ("POST", "/api/v1/ledger/accounts", {"division_id": div, "owner_kind": "resident", "owner_id": 434343}),
              ("POST", "/api/v1/ledger/transfers", {"client_id": "authz-x", "debit_account_id": iss,
                                                    "credit_account_id": acc["id"], "amount": 5}),
              ("POST", "/api/v1/ledger/transfers/1/post", {"client_id": "authz-p"}),
              ("POST", "/api/v1/ledger/transfers/1/void", {"client_id": "authz-v"})]
    for method, path, body in routes:
        r = anon.request(method, path, body=body)
        check("authz: no login -> 401 %s %s" % (method, path), is_error(r, 401, "unauthorized"), r)
    for who in ("hotline", "grid01", "shizheng"):
        for method, path, body in routes:
            r = ctx[who].request(method, path, body=body)
            check("authz: %s %s %s -> 403" % (who, method, path), is_error(r, 403, "forbidden"), r)
    for who in ("supervisor", "auditor"):
        for method, path, body in routes:
            r = ctx[who].request(method, path, body=body)
            ok = r.status == 200 if method == "GET" else is_error(r, 403, "forbidden")
            check("authz: %s %s %s -> %s" % (who, method, path, "200" if method == "GET" else "403"), ok, r)
    after = admin.get("/api/v1/ledger/accounts/%d" % acc["id"]).json()
    check("authz: refused ledger writes moved nothing", after["balance"] == 0 and not after["history"]["items"], after)
    check("authz: refused account opening opened nothing",
          not items(admin, "/api/v1/ledger/accounts?owner_kind=resident&owner_id=434343"))


def catalogue_authz(ctx):
    """兑换目录与订单: partner.view (admin, dispatcher, supervisor, grid worker, hotline) reads; partner.manage
    (admin, grid worker) writes; the auditor and a unit handler get 403 on both; no login 401; refused writes
    write nothing."""
    check, admin, anon = ctx["check"], ctx["admin"], gw.Client(ctx["port"])
    div = [d for d in items(admin, "/api/v1/divisions") if d["level"] == "community"][0]["id"]
    it = admin.post("/api/v1/catalogue", {"kind": "goods", "name": "权限测试米", "community_id": div, "price": 1,
                                          "stock": 1}).json()
    total = lambda: admin.get("/api/v1/catalogue?limit=1").json()["total"]  # noqa: E731
    before = total()
    reads = [("GET", "/api/v1/catalogue", None), ("GET", "/api/v1/catalogue/%d" % it["id"], None),
             ("GET", "/api/v1/orders", None), ("GET", "/api/v1/orders/1", None)]
    writes = [("POST", "/api/v1/catalogue", {"kind": "goods", "name": "x", "community_id": div, "price": 1}),
              ("PUT", "/api/v1/catalogue/%d" % it["id"], {"price": 2}),
              ("POST", "/api/v1/catalogue/%d/stock" % it["id"], {"delta": 5, "reason": "x"}),
              ("POST", "/api/v1/catalogue/%d/slots" % it["id"], {"start_ms": 1, "end_ms": 2, "capacity": 1}),
              ("POST", "/api/v1/orders/1/actions", {"action": "cancel", "reason": "x"})]
    for method, path, body in reads + writes:
        r = anon.request(method, path, body=body)
        check("authz: no login -> 401 %s %s" % (method, path), is_error(r, 401, "unauthorized"), r)
    for who in ("auditor", "shizheng"):
        for method, path, body in reads + writes:
            r = ctx[who].request(method, path, body=body)
            check("authz: %s %s %s -> 403" % (who, method, path), is_error(r, 403, "forbidden"), r)
    for who in ("dispatcher", "supervisor", "hotline"):
        for method, path, body in writes:
            r = ctx[who].request(method, path, body=body)
            check("authz: %s %s %s -> 403" % (who, method, path), is_error(r, 403, "forbidden"), r)
        r = ctx[who].get("/api/v1/catalogue/%d" % it["id"])
        check("authz: %s reads the catalogue" % who, r.status == 200, r)
    after = admin.get("/api/v1/catalogue/%d" % it["id"]).json()
    check("authz: refused catalogue writes wrote nothing", total() == before and after["price"] == 1
          and after["stock"] == 1, after)


# ---- the two kinds of session, over the whole route table ----------------------------------------

ROUTE_ROW = re.compile(r'\{\s*"(GET|POST|PUT|PATCH|DELETE)",\s*"([^"]+)",\s*(\w+),\s*([^,]+?),\s*"\w+"\s*\}')
PUBLIC_MASKS = {"GW_PERM_PUBLIC", "GW_PERM_DEVICE"}  # no session needed (a device authenticates itself)
RESIDENT_MASKS = {"RESIDENT", "GW_ROLES_RESIDENT_ACCOUNT"}


def route_table():
    """Every row of src/http/routes.c as (method, path with each {capture} as 1, mask name)."""
    text = open(os.path.join(os.path.dirname(__file__), "..", "..", "src", "http", "routes.c")).read()
    return [(m, re.sub(r"\{\w+\}", "1", p), mask.strip()) for m, p, _, mask in ROUTE_ROW.findall(text)]


def project_authz(ctx):
    """需求→项目: partner.view (admin, dispatcher, supervisor, grid worker, hotline) reads surveys, visits and
    projects; partner.manage (admin, grid worker) writes them; auditors and unit handlers get 403 on all,
    and a refused write writes nothing."""
    check, admin = ctx["check"], ctx["admin"]
    div = [d for d in items(admin, "/api/v1/divisions") if d["level"] == "community"][0]["id"]
    counts = lambda: (len(items(admin, "/api/v1/surveys")), admin.get("/api/v1/visits?limit=1").json()["total"],  # noqa
                      admin.get("/api/v1/projects?limit=1").json()["total"])
    before = counts()
    writes = [("/api/v1/surveys", {"community_id": div, "title": "authz", "opens_at": "2020-01-01T00:00:00Z",
                                   "closes_at": "2099-01-01T00:00:00Z", "questions": [{"type": "text", "prompt": "x"}]}),
              ("/api/v1/visits", {"community_id": div, "household": "authz"}),
              ("/api/v1/projects", {"community_id": div, "title": "authz", "budget": 1,
                                    "starts_at": "2026-01-01T00:00:00Z", "ends_at": "2026-02-01T00:00:00Z"})]
    for who in ("auditor", "shizheng"):
        for path in ("/api/v1/surveys", "/api/v1/visits", "/api/v1/projects"):
            check("authz: %s GET %s -> 403" % (who, path), is_error(ctx[who].get(path), 403, "forbidden"))
    for who in ("auditor", "shizheng", "dispatcher", "hotline"):
        for path, body in writes:
            check("authz: %s POST %s -> 403" % (who, path), is_error(ctx[who].post(path, body), 403, "forbidden"))
    for who in ("dispatcher", "hotline"):
        for path in ("/api/v1/surveys", "/api/v1/visits", "/api/v1/projects"):
            check("authz: %s GET %s -> 200" % (who, path), ctx[who].get(path).status == 200)
    check("authz: refused project writes wrote nothing", counts() == before, (before, counts()))


def route_kinds(ctx):
    """A resident session is refused by every staff route (403: it is authenticated, but no staff role), a
    staff session by every resident-account route, and no session by either (401)."""
    check, port, disp = ctx["check"], ctx["port"], ctx["dispatcher"]
    rows = route_table()
    check("authz: the route table parses", len(rows) > 60, len(rows))
    phone = "136%08d" % random.randrange(10 ** 8)
    r = gw.Client(port).post("/api/v1/resident/register", {"phone": phone, "password": "resident-pass"})
    check("authz: a resident account for the sweep", r.status == 201, r)
    res = gw.Client(port, r.json()["token"] if r.status == 201 else None)
    anon = gw.Client(port)
    staff_rows = [x for x in rows if x[2] not in PUBLIC_MASKS | RESIDENT_MASKS]
    resident_rows = [x for x in rows if x[2] in RESIDENT_MASKS]
    check("authz: both kinds have routes", len(staff_rows) > 50 and len(resident_rows) >= 3, (len(staff_rows), resident_rows))
    for method, path, _ in staff_rows:
        r = res.request(method, path, body={} if method in ("POST", "PUT", "PATCH") else None)
        check("authz: resident session -> 403 %s %s" % (method, path), is_error(r, 403, "forbidden"), r)
    for method, path, _ in resident_rows:
        r = disp.request(method, path, body={} if method in ("POST", "PUT", "PATCH") else None)
        check("authz: staff session -> 403 %s %s" % (method, path), is_error(r, 403, "forbidden"), r)
        r = anon.request(method, path, body={} if method in ("POST", "PUT", "PATCH") else None)
        check("authz: no session -> 401 %s %s" % (method, path), is_error(r, 401, "unauthorized"), r)
    check("authz: the resident session still works after the sweep", res.get("/api/v1/resident/me").status == 200)
