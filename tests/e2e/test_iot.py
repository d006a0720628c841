"""物联感知 (issue 10) over HTTP: the seed's example — manhole cover MC-xxx reports `tilted` → one alarm and a
ticket dispatched to 市政 with CC 城管; repeats count; a worse status escalates; `normal` clears it and the
ticket's timeline says so. Debounce holds back a single flap; the duplicate-alarm race gives one alarm and
one ticket; offline fires and clears; malformed messages are 4xx, counted, and write nothing; a heartbeat
writes nothing until the flush."""
import base64
import random
import re
import threading
import time

import gw
from test_authz import is_error, tiny_png, unit_by_code

LON, LAT = 120.155, 30.255  # in the demo grid where 0101 routes to 市政 with CC 城管


def dev_client(port, did, secret):
    tok = base64.b64encode(("%s:%s" % (did, secret)).encode()).decode()
    c = gw.Client(port)
    c.hdr = {"Authorization": "Basic " + tok}
    return c


def send(c, body=None, raw=None):
    return c.request("POST", "/api/v1/iot/events", body=body, raw=raw, headers=c.hdr)


def metric(port, name, labels=""):
    text = gw.Client(port).get("/metrics").body.decode()
    m = re.search(r"^%s%s (\S+)$" % (re.escape(name), re.escape(labels)), text, re.M)
    return float(m.group(1)) if m else None


def new_type(admin, tag, **kw):
    body = {"code": "manhole-%s" % tag, "name": "井盖传感器%s" % tag, "heartbeat_s": 5, "offline_s": 600,
            "statuses": [{"status": "normal"},
                         {"status": "tilted", "alarm": "cover", "severity": "major", "category": "0101"},
                         {"status": "open", "alarm": "cover", "severity": "critical", "category": "0101"}]}
    body.update(kw)
    return admin.post("/api/v1/device-types", body)


def new_device(admin, port, did, type_code, **kw):
    body = {"device_id": did, "type": type_code, "name": "井盖%s" % did, "address": "中山路100号",
            "location": {"lon": LON, "lat": LAT}}
    body.update(kw)
    r = admin.post("/api/v1/devices", body)
    return r, (dev_client(port, did, r.json()["secret"]) if r.status == 201 else None)


def alarms(c, did, state=None):
    q = "/api/v1/alarms?device_id=%s&limit=50%s" % (did, "&state=" + state if state else "")
    return c.get(q).json()["items"]


def timeline_actions(c, tid):
    return [e["action"] for e in c.get("/api/v1/tickets/%d/timeline" % tid).json()["items"]]


def seed_example(ctx, tag):
    check, admin, disp, port = ctx["check"], ctx["admin"], ctx["dispatcher"], ctx["port"]
    r = new_type(admin, tag)
    check("iot: admin creates a device type", r.status == 201 and r.json()["statuses"][1]["severity"] == "major", r)
    tcode = r.json()["code"]
    did = "MC-%s" % tag
    r, dev = new_device(admin, port, did, tcode)
    check("iot: admin registers a device; the secret is answered once", r.status == 201
          and len(r.json()["secret"]) == 43 and r.json()["division_id"] and r.json()["status"] == "normal", r)
    g = admin.get("/api/v1/devices/%d" % r.json()["id"])
    check("iot: the secret is never read again", g.status == 200 and "secret" not in g.json(), g)

    r = send(dev, {"device_id": did, "type": tcode, "location": "中山路100号", "status": "tilted",
                   "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(time.time() + 8 * 3600))})
    check("iot: the seed's alert shape is accepted", r.status == 200, r)
    al = alarms(disp, did)
    check("iot: one active alarm", len(al) == 1 and al[0]["state"] == "active" and al[0]["severity"] == "major"
          and al[0]["count"] == 1 and al[0]["ticket_id"], al)
    tid = al[0]["ticket_id"]
    t = disp.get("/api/v1/tickets/%d" % tid).json()
    sz, cg = unit_by_code(admin, "shizheng"), unit_by_code(admin, "chengguan")
    check("iot: the ticket went to 市政 with CC 城管", t["source"] == "iot" and t["unit"]["id"] == sz["id"]
          and any(u["id"] == cg["id"] for u in t["cc_units"]) and t["state"] == "dispatched", t)
    check("iot: the ticket names the alarm", "iot_alarm" in timeline_actions(disp, tid))

    check("iot: a repeat", send(dev, {"status": "tilted", "values": {"angle": 31.5}}).status == 200)
    al = alarms(disp, did)
    check("iot: repeats count on the one alarm", len(al) == 1 and al[0]["count"] == 2, al)
    check("iot: the first repeat is on the timeline", "iot_repeat" in timeline_actions(disp, tid))
    send(dev, {"status": "open"})
    al = alarms(disp, did)
    check("iot: a worse status escalates", len(al) == 1 and al[0]["severity"] == "critical" and al[0]["count"] == 3, al)
    check("iot: the escalation is on the timeline", "iot_escalate" in timeline_actions(disp, tid))
    r = send(dev, {"ts": int(time.time() * 1000), "status": "normal"})
    al = alarms(disp, did)
    check("iot: normal clears the alarm", r.status == 200 and len(al) == 1 and al[0]["state"] == "cleared"
          and al[0]["cleared_ms"], al)
    check("iot: the clear is on the ticket's timeline", timeline_actions(disp, tid)[-1] == "iot_clear")
    d = admin.get("/api/v1/devices?q=%s" % did).json()
    check("iot: the device list shows it normal", d["total"] == 1 and d["items"][0]["status"] == "normal"
          and d["items"][0]["open_alarms"] == 0, d)
    rd = admin.get("/api/v1/devices/%d/readings" % d["items"][0]["id"]).json()["items"]
    check("iot: readings recorded", [x["status"] for x in rd][-4:] == ["tilted", "tilted", "open", "normal"]
          and rd[-3]["values"] == {"angle": 31.5}, rd)
    # acknowledge
    aid = al[0]["id"]
    r = disp.post("/api/v1/alarms/%d/ack" % aid)
    check("iot: a dispatcher acknowledges", r.status == 200 and r.json()["acked"] is True, r)
    check("iot: twice -> 409", is_error(disp.post("/api/v1/alarms/%d/ack" % aid), 409, "conflict"))
    return tcode


def debounce(ctx, tag):
    check, admin, port = ctx["check"], ctx["admin"], ctx["port"]
    r = new_type(admin, tag + "d", debounce_n=3)
    did = "MCD-%s" % tag
    _, dev = new_device(admin, port, did, r.json()["code"])
    for s in ["tilted", "tilted", "normal", "tilted", "normal"]:
        send(dev, {"status": s})
    check("iot: debounce holds back flaps", alarms(admin, did) == [], alarms(admin, did))
    for s in ["tilted", "tilted", "tilted"]:
        send(dev, {"status": s})
    al = alarms(admin, did)
    check("iot: three in a row raise it", len(al) == 1 and al[0]["state"] == "active", al)


def race(ctx, tag, tcode, rounds=5, threads=12):
    check, admin, port = ctx["check"], ctx["admin"], ctx["port"]
    did = "MCR-%s" % tag
    r, _ = new_device(admin, port, did, tcode)
    secret = r.json()["secret"]
    ok = True
    for k in range(rounds):
        go = threading.Barrier(threads)
        res = []

        def post():
            c = dev_client(port, did, secret)
            go.wait()
            res.append(send(c, {"status": "tilted"}).status)
        ts = [threading.Thread(target=post) for _ in range(threads)]
        [t.start() for t in ts]
        [t.join() for t in ts]
        act = alarms(admin, did, "active")
        tickets = {a["ticket_id"] for a in alarms(admin, did)}
        ok &= check("iot: race round %d: one open alarm, all %d answered" % (k, threads),
                    res == [200] * threads and len(act) == 1 and act[0]["count"] == threads, (res, act))
        ok &= check("iot: race round %d: one ticket per alarm" % k, len(tickets) == k + 1 and None not in tickets, tickets)
        send(dev_client(port, did, secret), {"status": "normal"})
    return ok


def malformed(ctx, tag, tcode):
    check, admin, port = ctx["check"], ctx["admin"], ctx["port"]
    did = "MCM-%s" % tag
    r, dev = new_device(admin, port, did, tcode)
    before = alarms(admin, did)
    bad_payload = metric(port, "gridwork_iot_dropped_total", '{reason="bad_payload"}')
    auth = metric(port, "gridwork_iot_dropped_total", '{reason="auth"}')
    status = metric(port, "gridwork_iot_dropped_total", '{reason="bad_status"}')
    too_large = metric(port, "gridwork_iot_dropped_total", '{reason="too_large"}')
    check("iot: bad JSON -> 400", is_error(send(dev, raw=b'{"status": tilted'), 400))
    check("iot: invalid UTF-8 -> 400", is_error(send(dev, raw=b'{"status": "\xff\xfe"}'), 400))
    check("iot: unknown field -> 400", is_error(send(dev, {"status": "tilted", "evil": 1}), 400))
    check("iot: a status the type lacks -> 400", is_error(send(dev, {"status": "melted"}), 400))
    check("iot: another device's id -> 400", is_error(send(dev, {"device_id": "MC-other", "status": "tilted"}), 400))
    big = {"events": [{"status": "tilted", "values": {"k%d" % i: "x" * 60 for i in range(30)}} for _ in range(20)]}
    check("iot: oversized -> 413", is_error(send(dev, big), 413))
    wrong = dev_client(port, did, "not-the-secret")
    check("iot: wrong secret -> 401", is_error(send(wrong, {"status": "tilted"}), 401, "unauthorized"))
    check("iot: unknown device -> 401", is_error(send(dev_client(port, "NOPE-%s" % tag, "x" * 43), {"status": "tilted"}), 401))
    check("iot: no credentials -> 401", is_error(gw.Client(port).post("/api/v1/iot/events", {"status": "tilted"}), 401))
    check("iot: a staff session is no device -> 401", is_error(admin.post("/api/v1/iot/events", {"status": "tilted"}), 401))
    check("iot: nothing written by them", alarms(admin, did) == before
          and admin.get("/api/v1/devices/%d" % r.json()["id"]).json()["status"] == "normal")
    check("iot: drops counted by reason",
          metric(port, "gridwork_iot_dropped_total", '{reason="bad_payload"}') >= bad_payload + 4
          and metric(port, "gridwork_iot_dropped_total", '{reason="auth"}') >= auth + 3
          and metric(port, "gridwork_iot_dropped_total", '{reason="bad_status"}') >= status + 1
          and metric(port, "gridwork_iot_dropped_total", '{reason="too_large"}') >= too_large + 1)
    # guessing: after 10 failures for one device from one address, 429 for that pair only
    r2, good = new_device(admin, port, "MCG-%s" % tag, tcode)
    guess = dev_client(port, "MCG-%s" % tag, "guess")
    st = [send(guess, {"status": "normal"}).status for _ in range(11)]
    check("iot: 10 failed logins, then 429", st == [401] * 10 + [429], st)
    check("iot: 429 even with the right secret from there, for a minute", send(good, {}).status == 429)
    check("iot: other devices behind the same address are not throttled", send(dev, {"status": "normal"}).status == 200)
    # a disabled device is refused; the old secret stops working after a rotation
    r2 = admin.post("/api/v1/devices/%d/secret" % r.json()["id"])
    check("iot: rotate the secret", r2.status == 200 and len(r2.json()["secret"]) == 43, r2)
    check("iot: the old secret is refused", is_error(send(dev, {"status": "normal"}), 401))
    check("iot: the new one works", send(dev_client(port, did, r2.json()["secret"]), {"status": "normal"}).status == 200)


def heartbeat(ctx, tag, tcode):
    check, admin, port = ctx["check"], ctx["admin"], ctx["port"]
    did = "MCH-%s" % tag
    r, dev = new_device(admin, port, did, tcode)
    path = "/api/v1/devices/%d" % r.json()["id"]
    flushes = metric(port, "gridwork_iot_flushes_total")
    hb = metric(port, "gridwork_iot_heartbeats_total")
    check("iot: a heartbeat is accepted", send(dev, {"status": "normal", "battery": 55, "signal": -70}).status == 200)
    d = admin.get(path).json()
    check("iot: a heartbeat writes nothing until the flush", d["battery"] is None
          or metric(port, "gridwork_iot_flushes_total") > flushes, d)
    check("iot: heartbeats counted", metric(port, "gridwork_iot_heartbeats_total") >= hb + 1)
    time.sleep(2.6)
    d = admin.get(path).json()
    check("iot: flushed within the period", d["battery"] == 55 and d["signal"] == -70 and d["last_seen_ms"], d)


def offline(ctx, tag):
    check, admin, port = ctx["check"], ctx["admin"], ctx["port"]
    r = new_type(admin, tag + "o", heartbeat_s=2, offline_s=10)
    did = "MCO-%s" % tag
    _, dev = new_device(admin, port, did, r.json()["code"])
    deadline = time.time() + 20
    al = []
    while time.time() < deadline:
        al = alarms(admin, did, "active")
        if al:
            break
        time.sleep(0.5)
    check("iot: a silent device goes offline", len(al) == 1 and al[0]["alarm_type"] == "offline", al)
    d = admin.get("/api/v1/devices?q=%s" % did).json()["items"]
    check("iot: listed offline", d and d[0]["online"] is False, d)
    check("iot: it speaks again", send(dev, {}).status == 200)
    check("iot: the offline alarm clears", alarms(admin, did, "active") == [] and
          admin.get("/api/v1/devices?q=%s" % did).json()["items"][0]["online"] is True)


def demo_mc001(ctx):
    """The demo's own MC-001 at 中山路100号 with the documented demo secret, as the seed tells it."""
    check, admin, disp, port = ctx["check"], ctx["admin"], ctx["dispatcher"], ctx["port"]
    d = admin.get("/api/v1/devices?q=MC-001").json()["items"]
    check("iot demo: MC-001 at 中山路100号", d and d[0]["device_id"] == "MC-001" and d[0]["address"] == "中山路100号"
          and d[0]["type"] == "manhole" and d[0]["division_name"], d)
    fleet = admin.get("/api/v1/devices?q=SIM-&limit=100").json()
    check("iot demo: the simulated fleet SIM-0001..SIM-0040", fleet["total"] == 40, fleet["total"])
    check("iot demo: alarms in the demo history", admin.get("/api/v1/alarms?state=cleared").json()["total"] >= 2)
    dev = dev_client(port, "MC-001", "demo-device")
    r = send(dev, {"device_id": "MC-001", "type": "manhole", "location": "中山路100号", "status": "tilted",
                   "timestamp": int(time.time())})
    al = alarms(disp, "MC-001", "active")
    check("iot demo: MC-001 tilted -> an alarm with a ticket", r.status == 200 and len(al) == 1 and al[0]["ticket_id"], (r, al))
    if al:
        t = disp.get("/api/v1/tickets/%d" % al[0]["ticket_id"]).json()
        sz, cg = unit_by_code(admin, "shizheng"), unit_by_code(admin, "chengguan")
        check("iot demo: dispatched to 市政 with CC 城管", t["unit"]["id"] == sz["id"] and t["state"] == "dispatched"
              and [u["id"] for u in t["cc_units"]] == [cg["id"]] and t["address"] == "中山路100号", t)
    send(dev, {"status": "normal"})
    check("iot demo: MC-001 normal clears it", alarms(disp, "MC-001", "active") == [])


def video(ctx):
    """A camera's AI event with its snapshot: an alarm of the camera, the snapshot on the ticket."""
    check, admin, disp, port = ctx["check"], ctx["admin"], ctx["dispatcher"], ctx["port"]
    cam = dev_client(port, "SIM-0005", "demo-device")  # a demo camera
    png = tiny_png(random.randrange(10 ** 6))
    r = cam.request("POST", "/api/v1/iot/video-events?event=garbage&ts=%d" % int(time.time() * 1000), raw=png,
                    headers=dict(cam.hdr, **{"Content-Type": "image/png"}), ctype=None)
    check("iot video: a camera's event with its snapshot", r.status == 200 and len(r.json()["snapshot"]) == 64, r)
    al = alarms(disp, "SIM-0005", "active")
    check("iot video: an alarm of the camera with a ticket", len(al) == 1 and al[0]["alarm_type"] == "garbage_exposed"
          and al[0]["ticket_id"], al)
    if al and r.status == 200:
        t = disp.get("/api/v1/tickets/%d" % al[0]["ticket_id"]).json()
        check("iot video: the snapshot is the ticket's photo", r.json()["snapshot"] in str(t["photos"]), t["photos"])
        f = disp.get("/api/v1/files/%s" % r.json()["snapshot"])
        check("iot video: staff who see the ticket see the snapshot", f.status == 200 and f.body == png, f)
    bad = cam.request("POST", "/api/v1/iot/video-events?event=garbage", raw=b"not an image",
                      headers=dict(cam.hdr, **{"Content-Type": "image/jpeg"}), ctype=None)
    check("iot video: not an image -> 415", is_error(bad, 415), bad)
    bad = cam.request("POST", "/api/v1/iot/video-events?event=fire", raw=png,
                      headers=dict(cam.hdr, **{"Content-Type": "image/png"}), ctype=None)
    check("iot video: an event the camera's type lacks -> 400", is_error(bad, 400), bad)
    check("iot video: no credentials -> 401", is_error(gw.Client(port).request(
        "POST", "/api/v1/iot/video-events?event=garbage", raw=png, ctype="image/png"), 401))
    send(cam, {"status": "normal"})


def import_csv(ctx, tag, tcode):
    check, admin = ctx["check"], ctx["admin"]
    csv_head = "device_id,type,name,lon,lat,address,secret\n"
    bad = (csv_head + "IMP-%s-1,%s,导入一,120.155,30.255,中山路1号,\n" % (tag, tcode)
           + "IMP-%s-2,no-such-type,导入二,120.155,30.255,,\n" % tag
           + "IMP-%s-3,%s,导入三,east,30.255,,\n" % (tag, tcode))
    r = admin.request("POST", "/api/v1/devices/import", raw=bad.encode(), ctype="text/csv")
    rows = r.json().get("rows", []) if r.status == 400 else []
    check("iot import: bad rows reported, one each", r.status == 400 and [(x["row"], x["column"]) for x in rows]
          == [(3, "type"), (4, "lon")], r)
    check("iot import: all or nothing", admin.get("/api/v1/devices?q=IMP-%s" % tag).json()["total"] == 0)
    good = (csv_head + "IMP-%s-1,%s,导入一,120.155,30.255,中山路1号,\n" % (tag, tcode)
            + "IMP-%s-2,%s,导入二,,,,factory-secret-2\n" % (tag, tcode))
    r = admin.request("POST", "/api/v1/devices/import", raw=good.encode(), ctype="text/csv")
    check("iot import: imported, made secrets shown once", r.status == 201 and r.json()["imported"] == 2
          and [x["device_id"] for x in r.json()["secrets"]] == ["IMP-%s-1" % tag], r)
    dev = dev_client(ctx["port"], "IMP-%s-2" % tag, "factory-secret-2")
    check("iot import: a device with its factory secret reports", send(dev, {"status": "normal"}).status == 200)
    r = admin.request("POST", "/api/v1/devices/import", raw=good.encode(), ctype="text/csv")
    check("iot import: an existing device_id -> 400 naming the row", r.status == 400
          and r.json()["rows"][0]["row"] == 2, r)
    check("iot import: the dispatcher may not", is_error(ctx["dispatcher"].request(
        "POST", "/api/v1/devices/import", raw=good.encode(), ctype="text/csv"), 403))


def run(base, ctx):
    check, admin, port = ctx["check"], ctx["admin"], ctx["port"]
    tag = "%06d" % random.randrange(10 ** 6)
    demo_mc001(ctx)
    video(ctx)
    tcode = seed_example(ctx, tag)
    debounce(ctx, tag)
    race(ctx, tag, tcode)
    malformed(ctx, tag, tcode)
    heartbeat(ctx, tag, tcode)
    import_csv(ctx, tag, tcode)
    offline(ctx, tag)
    s = ctx["dispatcher"].get("/api/v1/iot/summary")
    check("iot: summary", s.status == 200 and "normal" in s.json()["devices_by_status"]
          and set(s.json()["active_alarms_by_severity"]) == {"critical", "major", "minor", "warning"}, s)
    check("iot: message counters in /metrics", metric(port, "gridwork_iot_messages_total", '{via="http",result="ok"}') > 10)
    check("iot: alarm events in /metrics", metric(port, "gridwork_iot_alarm_events_total", '{event="raised"}') >= 5
          and metric(port, "gridwork_iot_alarm_events_total", '{event="cleared"}') >= 5
          and metric(port, "gridwork_iot_alarm_events_total", '{event="escalated"}') >= 1)
    active = sum(metric(port, "gridwork_iot_alarms_active", '{severity="%s",acked="%d"}' % (s, a)) or 0
                 for s in ("warning", "minor", "major", "critical") for a in (0, 1))
    check("iot: open alarms in /metrics = the alarm list's", active == admin.get("/api/v1/alarms?state=active").json()["total"],
          active)
    check("iot: ingest lag measured", metric(port, "gridwork_iot_ingest_lag_seconds_count") >= 3)
