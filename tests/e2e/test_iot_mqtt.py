"""物联感知 over MQTT (issue 10), end to end through a real mosquitto started here: the demo's manhole cover
MC-001 reports `tilted` on its topic -> one alarm and a ticket to 市政 with CC 城管; `normal` clears it;
malformed messages (bad JSON, unknown device, invalid UTF-8, oversized, a bad device id) are dropped with a
counted reason and ingestion goes on; and the crash: the server is SIGKILLed while `gridwork simulate`
publishes QoS 1 faults and recoveries, and after the restart (same MQTT session) every device's alarm state
is what its last status said — nothing the broker handed over was lost.

Needs the IoT core (src/iot/ingest_svc.c) and serve's MQTT sink wired to gw_iot_ingest: written before the
merge, run it after (scripts/e2e.sh BIN test_iot_mqtt) and add it to run.py's MODULES."""
import json
import os
import re
import subprocess
import time

import gw
from mqttbroker import Mosquitto
from test_authz import unit_by_code

T = "gridwork/v1/devices/%s/%s"


def metric(port, name, labels=""):
    text = gw.Client(port).get("/metrics").body.decode()
    m = re.search(r"^%s%s (\S+)$" % (re.escape(name), re.escape(labels)), text, re.M)
    return float(m.group(1)) if m else None


def until(pred, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = pred()
        if v:
            return v
        time.sleep(0.1)
    return pred()


def alarms(c, did, state=None):
    q = "/api/v1/alarms?device_id=%s&limit=50%s" % (did, "&state=" + state if state else "")
    return c.get(q).json()["items"]


def serve(ctx, db, b, cid):
    srv = gw.Server(ctx["binary"], db=db, extra=["--mqtt-url", "mqtt://127.0.0.1:%d" % b.port, "--mqtt-client-id", cid])
    srv.start()
    ok = until(lambda: metric(srv.port, "gridwork_mqtt_up") == 1, 20)
    ctx["check"]("iot mqtt: the server subscribed", ok, gw.Client(srv.port).get("/metrics").body[-800:])
    return srv


def t_seed_example(ctx, srv, b):
    check = ctx["check"]
    admin, disp = srv.login("admin"), srv.login("dispatcher")
    b.pub(T % ("MC-001", "status"), json.dumps({"ts": int(time.time() * 1000), "status": "tilted", "values": {"angle": 35.2}}))
    al = until(lambda: alarms(disp, "MC-001", "active"))
    check("iot mqtt: tilted over MQTT -> one active alarm with a ticket", len(al) == 1 and al[0]["ticket_id"], al)
    if al:
        t = disp.get("/api/v1/tickets/%d" % al[0]["ticket_id"]).json()
        sz, cg = unit_by_code(admin, "shizheng"), unit_by_code(admin, "chengguan")
        check("iot mqtt: the ticket went to 市政 with CC 城管", t["source"] == "iot" and t["unit"]["id"] == sz["id"]
              and any(u["id"] == cg["id"] for u in t["cc_units"]), t)
    b.pub(T % ("MC-001", "status"), json.dumps({"ts": int(time.time() * 1000), "status": "normal"}))
    check("iot mqtt: normal clears it", until(lambda: not alarms(disp, "MC-001", "active")), alarms(disp, "MC-001"))


def t_malformed(ctx, srv, b):
    check = ctx["check"]
    disp = srv.login("dispatcher")
    before = metric(srv.port, "gridwork_mqtt_dropped_total", '{reason="rejected"}') or 0
    b.pub(T % ("MC-001", "status"), "{not json")
    b.pub(T % ("NO-SUCH-1", "status"), '{"status":"tilted"}')
    b.pub(T % ("MC-001", "status"), b'{"status":"\xff\xfe"}')
    b.pub(T % ("MC-001", "status"), '{"status":"no-such-status"}')
    b.pub(T % ("MC-001", "status"), "{" + " " * 33000 + "}")
    b.pub("gridwork/v1/devices/a b/status", '{"status":"tilted"}')
    b.pub(T % ("MC-001", "status"), json.dumps({"ts": int(time.time() * 1000), "status": "open"}))
    al = until(lambda: alarms(disp, "MC-001", "active"))
    check("iot mqtt: after malformed messages a good one is still taken", len(al) == 1 and al[0]["severity"] == "critical", al)
    rej = (metric(srv.port, "gridwork_mqtt_dropped_total", '{reason="rejected"}') or 0) - before
    check("iot mqtt: malformed messages are counted by reason", rej == 4
          and metric(srv.port, "gridwork_mqtt_dropped_total", '{reason="too_large"}') >= 1
          and metric(srv.port, "gridwork_mqtt_dropped_total", '{reason="device_id"}') >= 1, rej)
    b.pub(T % ("MC-001", "status"), json.dumps({"ts": int(time.time() * 1000), "status": "normal"}))
    until(lambda: not alarms(disp, "MC-001", "active"))


def last_status(lines):
    """From simulate's output: each device's last status change it sent."""
    last = {}
    for ln in lines:
        p = ln.split()
        if len(p) >= 3 and p[0].startswith("SIM-") and p[1] in ("fault", "recovery"):
            last[p[0]] = p[2]
    return last


def t_crash(ctx, db, srv, b, cid):
    check = ctx["check"]
    sim = subprocess.Popen([ctx["binary"], "simulate", "--mqtt-url", "mqtt://127.0.0.1:%d" % b.port, "--rate", "150",
                            "--duration", "4", "--fault", "0.4", "--recover", "0.4", "--seed", "11"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    time.sleep(1.5)
    srv.proc.kill()  # SIGKILL in the middle of the stream: commits in flight die with it
    srv.proc.wait()
    srv.log.close()
    srv.proc = None
    time.sleep(0.5)
    srv2 = serve(ctx, db, b, cid)  # the same session: the broker hands over what was not acknowledged
    out, _ = sim.communicate(timeout=60)
    check("iot mqtt crash: the simulator ran", sim.returncode == 0, out[-500:])
    last = {d: s for d, s in last_status(out.splitlines()).items() if (int(d[4:]) - 1) % 5 == 0}  # manhole covers
    disp = srv2.login("dispatcher")

    def settled():
        for d, s in last.items():
            active = alarms(disp, d, "active")
            if (s == "normal") != (len(active) == 0) or len(active) > 1:
                return False
        return True
    ok = until(settled, 40)
    bad = {d: (s, [(a["alarm_type"], a["state"]) for a in alarms(disp, d, "active")]) for d, s in last.items()}
    check("iot mqtt crash: every manhole's alarm state is its last status (%d devices)" % len(last),
          ok and len(last) >= 5, bad)
    return srv2


def run(base, ctx):
    b = Mosquitto(persistence=True).start()
    db = gw.fresh_db(ctx, tickets=0)
    cid = "gw-iot-mqtt-%d" % os.getpid()
    srv = None
    try:
        srv = serve(ctx, db, b, cid)
        t_seed_example(ctx, srv, b)
        t_malformed(ctx, srv, b)
        srv = t_crash(ctx, db, srv, b, cid)
    finally:
        if srv and srv.proc:
            rc, log = srv.stop()
            ctx["check"]("iot mqtt: clean shutdown", rc == 0 and "AddressSanitizer" not in log and "runtime error" not in log,
                         log[-1500:])
        b.cleanup()
