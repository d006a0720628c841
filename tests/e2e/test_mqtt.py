"""MQTT transport (iot/mqtt.c) against a real mosquitto started here: status and telemetry reach the
sink; wrong topics, bad device ids, oversized and empty payloads are dropped with their counted reason;
a refused (RETRY) message is redelivered; the subscriber comes back after the broker restarts; two
subscribers of one shared subscription split the stream, each message once; a message whose sink was
cut by SIGKILL is redelivered to the restarted subscriber; the broker's password file and device ACL.
The subscriber is tests/e2e/mqtt_probe.c (build dir of GW_BIN). The server of run.py is not used."""
import base64
import http.server
import json
import os
import signal
import subprocess
import threading
import time

import gw
from mqttbroker import DEVICE_ACL, Mosquitto

T = "gridwork/v1/devices/%s/%s"


class Probe:
    def __init__(self, binary, port, client_id, *extra):
        exe = os.path.join(os.path.dirname(os.path.abspath(binary)), "mqtt_probe")
        self.out_path = "/tmp/gw-probe-%s-%d.out" % (client_id, os.getpid())
        self.out = open(self.out_path, "w")
        self.proc = subprocess.Popen([exe, "--port", str(port), "--client-id", client_id, *extra],
                                     stdout=self.out, stderr=subprocess.STDOUT)

    def lines(self):
        with open(self.out_path) as f:
            return f.read().splitlines()

    def wait_for(self, pred, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if pred(self.lines()):
                return True
            if self.proc.poll() is not None:
                return pred(self.lines())
            time.sleep(0.05)
        return False

    def ready(self, timeout=15):
        return self.wait_for(lambda ls: ls and "READY" in ls, timeout)

    def msgs(self):
        return [ln for ln in self.lines() if ln.startswith("MSG ")]

    def stop(self):
        """SIGTERM; the counters as a dict."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)
        self.out.close()
        counts = {}
        for ln in self.lines():
            if ln.startswith("COUNTS "):
                counts = dict(kv.split("=") for kv in ln.split()[1:])
                counts = {k: int(v) for k, v in counts.items()}
        os.unlink(self.out_path)
        return counts

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        self.out.close()


def t_receive_and_drops(ctx, b):
    check = ctx["check"]
    p = Probe(ctx["binary"], b.port, "recv")
    check("mqtt: subscribed", p.ready(), p.lines())
    b.pub(T % ("MC-001", "status"), '{"ts":1,"status":"tilted"}')
    b.pub(T % ("MC-001", "telemetry"), '{"ts":2,"values":{"angle":31.5}}')
    b.pub(T % ("MC-001", "events"), '{"x":1}')  # not a kind we take: no subscription matches, never arrives
    b.pub("gridwork/v1/devices/a b/status", '{"x":1}')                # bad device id
    b.pub(T % ("X" * 65, "status"), '{"x":1}')                           # one byte over the id limit
    b.pub(T % ("X" * 64, "status"), '{"ok":"at the limit"}')             # exactly the limit
    b.pub(T % ("MC-002", "status"), "{" + " " * 33000 + "}")             # over GW_IOT_PAYLOAD_MAX
    b.pub(T % ("MC-002", "status"), "")                                  # empty
    b.pub(T % ("MC-002", "status"), '{"status":"reject"}')               # the sink refuses it
    b.pub(T % ("MC-003", "status"), '{"status":"last"}')
    check("mqtt: the last message arrived", p.wait_for(lambda ls: any("MC-003" in ln for ln in ls)), p.lines())
    m = p.msgs()
    c = p.stop()
    check("mqtt: status reached the sink", 'MSG MC-001 status {"ts":1,"status":"tilted"}' in m, m)
    check("mqtt: telemetry reached the sink", 'MSG MC-001 telemetry {"ts":2,"values":{"angle":31.5}}' in m, m)
    check("mqtt: an id at the limit passes", any(("X" * 64) + " status" in ln for ln in m), m)
    check("mqtt: exactly the good ones reached the sink", len(m) == 4, m)
    check("mqtt: drops counted by reason",
          c.get("device_id") == 2 and c.get("too_large") == 1 and c.get("empty") == 1 and c.get("rejected") == 1
          and c.get("topic") == 0 and c.get("received") == 9 and c.get("delivered") == 4, c)


def t_retry_redelivers(ctx, b):
    check = ctx["check"]
    p = Probe(ctx["binary"], b.port, "retry", "--retry-on", "DBDOWN")
    check("mqtt retry: subscribed", p.ready(), p.lines())
    b.pub(T % ("MC-001", "status"), '{"status":"DBDOWN"}')
    ok = p.wait_for(lambda ls: any(ln.startswith("MSG MC-001 status") and "DBDOWN" in ln for ln in ls), 20)
    lines = p.lines()
    c = p.stop()
    check("mqtt retry: withheld then redelivered after the reconnect", ok and any(ln.startswith("RETRY") for ln in lines)
          and c.get("withheld") == 1 and c.get("connects", 0) >= 2, (lines, c))


def t_broker_restart(ctx, b):
    check = ctx["check"]
    p = Probe(ctx["binary"], b.port, "restart")
    check("mqtt restart: subscribed", p.ready(), p.lines())
    b.restart()  # no persistence: the broker forgot the session and the subscription
    back = p.wait_for(lambda ls: "DOWN" in ls and ls.count("READY") >= 2, 30)
    check("mqtt restart: down, then subscribed again", back, p.lines())
    b.pub(T % ("MC-009", "status"), '{"status":"after"}')
    check("mqtt restart: messages flow again", p.wait_for(lambda ls: any("MC-009" in ln for ln in ls)), p.lines())
    p.stop()


def t_shared(ctx, b):
    check = ctx["check"]
    a = Probe(ctx["binary"], b.port, "share-a", "--group", "gw")
    z = Probe(ctx["binary"], b.port, "share-b", "--group", "gw")
    check("mqtt shared: both subscribed", a.ready() and z.ready())
    n = 200
    b.pub(T % ("SIM-0001", "status"), "\n".join('{"n":%d}' % i for i in range(n)), lines=True)
    done = lambda: len(a.msgs()) + len(z.msgs()) >= n  # noqa: E731
    deadline = time.time() + 30
    while not done() and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # a duplicate would come now
    ma, mz = a.msgs(), z.msgs()
    a.stop()
    z.stop()
    seen = [ln.split(" ", 3)[3] for ln in ma + mz]
    check("mqtt shared: every message once", sorted(seen) == sorted('{"n":%d}' % i for i in range(n)),
          (len(ma), len(mz)))
    check("mqtt shared: both took a share", len(ma) > 0 and len(mz) > 0, (len(ma), len(mz)))


def t_crash_redelivers(ctx, b):
    check = ctx["check"]
    p = Probe(ctx["binary"], b.port, "crash", "--block-on", "COMMITTING")
    check("mqtt crash: subscribed", p.ready(), p.lines())
    b.pub(T % ("MC-001", "status"), '{"status":"before"}')
    b.pub(T % ("MC-001", "status"), '{"status":"tilted","note":"COMMITTING"}')
    b.pub(T % ("MC-001", "status"), '{"status":"queued behind"}')
    check("mqtt crash: the sink is blocked", p.wait_for(lambda ls: any(ln.startswith("BLOCKED") for ln in ls)),
          p.lines())
    time.sleep(0.5)  # plenty of time for a PUBACK to leave, were it sent before the sink returns
    p.kill()
    p2 = Probe(ctx["binary"], b.port, "crash")  # the same session (client id), a sink that completes
    got = p2.wait_for(lambda ls: any("COMMITTING" in ln for ln in ls) and any("queued behind" in ln for ln in ls), 20)
    m = p2.msgs()
    p2.stop()
    check("mqtt crash: the unfinished message and the one behind it are redelivered", got, m)
    check("mqtt crash: the finished one is not", not any('"before"' in ln for ln in m), m)


def t_auth_acl(ctx):
    check = ctx["check"]
    b = Mosquitto(users={"gridwork": "srv-pw", "MC-001": "dev-pw", "MC-002": "dev2-pw"}, acl=DEVICE_ACL).start()
    try:
        bad = Probe(ctx["binary"], b.port, "auth-bad", "--user", "gridwork", "--password", "wrong")
        check("mqtt auth: a wrong password never subscribes", not bad.ready(2), bad.lines())
        bad.stop()
        p = Probe(ctx["binary"], b.port, "auth", "--user", "gridwork", "--password", "srv-pw")
        check("mqtt auth: subscribed with the password", p.ready(), p.lines())
        b.pub(T % ("MC-001", "status"), '{"status":"own"}', user="MC-001", password="dev-pw")
        b.pub(T % ("MC-002", "status"), '{"status":"spoofed"}', user="MC-001", password="dev-pw")
        b.pub(T % ("MC-002", "status"), '{"status":"own2"}', user="MC-002", password="dev2-pw")
        p.wait_for(lambda ls: any("own2" in ln for ln in ls))
        m = p.msgs()
        p.stop()
        check("mqtt acl: a device publishes on its own topic only",
              any('"own"' in ln for ln in m) and any("own2" in ln for ln in m) and not any("spoofed" in ln for ln in m), m)
    finally:
        b.cleanup()


def t_simulate_mqtt(ctx, b):
    check = ctx["check"]
    p = Probe(ctx["binary"], b.port, "sim")
    check("simulate: subscriber ready", p.ready(), p.lines())
    # every message a fault or a recovery (QoS 1): the subscriber must see exactly what was sent
    r = subprocess.run([ctx["binary"], "simulate", "--mqtt-url", "mqtt://127.0.0.1:%d" % b.port, "--devices", "6",
                        "--types", "manhole,trashbin", "--fault", "1", "--recover", "1", "--rate", "200",
                        "--duration", "0.5", "--seed", "7"], capture_output=True, text=True, timeout=60)
    sent = [ln for ln in r.stdout.splitlines() if ln.startswith("SIM-")]
    ok = p.wait_for(lambda ls: len([x for x in ls if x.startswith("MSG ")]) >= len(sent), 20)
    m = p.msgs()
    check("simulate: exit 0 and a summary", r.returncode == 0 and "0 errors, 0 unacknowledged" in r.stdout,
          r.stdout[-500:] + r.stderr[-500:])
    check("simulate: sent at the rate for the duration", 60 <= len(sent) <= 110, len(sent))
    got = [" ".join(ln.split(" ", 3)[1:3]) for ln in m]
    check("simulate: the subscriber got every message", ok and len(m) == len(sent), (len(m), len(sent)))
    check("simulate: on the status topic of SIM-0001..SIM-0006",
          set(x.split()[0] for x in got) <= {"SIM-%04d" % i for i in range(1, 7)} and all(x.endswith(" status") for x in got), got[:5])
    statuses = [json.loads(ln.split(" ", 3)[3])["status"] for ln in m]
    check("simulate: manhole and bin statuses", set(statuses) <= {"normal", "tilted", "open", "full"} and "normal" in statuses
          and ("tilted" in statuses or "open" in statuses) and "full" in statuses, set(statuses))
    # the default mix: mostly heartbeats on telemetry; the same seed prints the same run
    runs = []
    for _ in range(2):
        r = subprocess.run([ctx["binary"], "simulate", "--mqtt-url", "mqtt://127.0.0.1:%d" % b.port, "--rate", "400",
                            "--duration", "0.5", "--seed", "3", "--fault", "0.1"], capture_output=True, text=True, timeout=60)
        runs.append([" ".join(ln.split()[:3]) for ln in r.stdout.splitlines() if ln.startswith("SIM-")])
    check("simulate: the same seed, the same faults", runs[0] == runs[1] and len(runs[0]) > 0, runs)
    p.wait_for(lambda ls: False, 1)
    tele = [ln for ln in p.msgs() if " telemetry " in ln]
    check("simulate: heartbeats arrive as telemetry", len(tele) > 100, len(tele))
    p.stop()
    bad = subprocess.run([ctx["binary"], "simulate", "--devices", "0", "--mqtt-url", "mqtt://127.0.0.1:1"],
                         capture_output=True, text=True, timeout=30)
    none = subprocess.run([ctx["binary"], "simulate"], capture_output=True, text=True, timeout=30)
    down = subprocess.run([ctx["binary"], "simulate", "--mqtt-url", "mqtt://127.0.0.1:%d" % __import__("gw").free_port(),
                           "--duration", "1"], capture_output=True, text=True, timeout=60)
    check("simulate: usage errors exit 2, no broker exits 1", bad.returncode == 2 and none.returncode == 2
          and down.returncode == 1, (bad.stderr, none.stderr, down.stderr))


class _Events(http.server.BaseHTTPRequestHandler):
    got = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        auth = base64.b64decode(self.headers.get("Authorization", "Basic ").split(" ", 1)[1]).decode()
        _Events.got.append((self.path, auth, self.headers.get("Content-Type"), json.loads(body)))
        code = 401 if auth.startswith("SIM-0002:") else 200
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *a):
        pass


def t_simulate_http(ctx):
    check = ctx["check"]
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Events)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        r = subprocess.run([ctx["binary"], "simulate", "--http", "http://127.0.0.1:%d/" % srv.server_port,
                            "--devices", "3", "--rate", "100", "--duration", "0.3", "--secret", "s3"],
                           capture_output=True, text=True, timeout=60)
    finally:
        srv.shutdown()
    got = _Events.got
    check("simulate http: POST /api/v1/iot/events, Basic <id>:<secret>, JSON",
          len(got) >= 20 and all(g[0] == "/api/v1/iot/events" and g[1].split(":")[1] == "s3"
                                 and g[2] == "application/json" and "ts" in g[3] and "status" in g[3] for g in got),
          got[:3])
    refused = sum(1 for g in got if g[1].startswith("SIM-0002:"))
    check("simulate http: a refused event is reported and fails the run",
          r.returncode == 1 and refused > 0 and ("%d errors" % refused) in r.stdout and "HTTP 401" in r.stdout,
          (refused, r.stdout[-400:]))


def t_serve(ctx, b):
    """gridwork serve with a broker: subscribes, counts in /metrics, stops cleanly; bad settings refuse to start."""
    check = ctx["check"]
    db = gw.fresh_db(ctx, tickets=0)
    srv = gw.Server(ctx["binary"], db=db, extra=["--mqtt-url", "mqtt://127.0.0.1:%d" % b.port,
                                                 "--mqtt-client-id", "gw-e2e-%d" % os.getpid()])
    srv.start()
    try:
        deadline, text = time.time() + 15, ""
        while time.time() < deadline and "gridwork_mqtt_up 1" not in text:
            text = gw.Client(srv.port).get("/metrics").body.decode()
            time.sleep(0.1)
        check("serve: subscribed (gridwork_mqtt_up 1)", "gridwork_mqtt_up 1" in text, text[-600:])
        b.pub(T % ("SIM-0001", "status"), json.dumps({"ts": int(time.time() * 1000), "status": "normal"}))
        b.pub(T % ("SIM-0001", "status"), "{" + " " * 33000 + "}")
        b.pub(T % ("bad id", "telemetry"), "{}")
        deadline = time.time() + 15
        while time.time() < deadline and "gridwork_mqtt_received_total 3" not in text:
            text = gw.Client(srv.port).get("/metrics").body.decode()
            time.sleep(0.1)
        check("serve: /metrics counts received, delivered and drops by reason",
              "gridwork_mqtt_received_total 3" in text and "gridwork_mqtt_delivered_total 1" in text
              and 'gridwork_mqtt_dropped_total{reason="too_large"} 1' in text
              and 'gridwork_mqtt_dropped_total{reason="device_id"} 1' in text, text[-900:])
    finally:
        rc, log = srv.stop()
    check("serve with MQTT: clean shutdown", rc == 0 and "AddressSanitizer" not in log and "runtime error" not in log,
          log[-1500:])
    bad = subprocess.run([ctx["binary"], "serve", "--db", db, "--listen", "127.0.0.1:%d" % gw.free_port(),
                          "--mqtt-url", "mqtt://127.0.0.1:%d" % b.port, "--mqtt-prefix", "a/#"],
                         capture_output=True, text=True, timeout=60)
    check("serve: a bad mqtt_prefix refuses to start", bad.returncode == 1 and "mqtt_prefix" in bad.stderr, bad.stderr[-500:])


def run(base, ctx):
    b = Mosquitto().start()
    try:
        t_receive_and_drops(ctx, b)
        t_retry_redelivers(ctx, b)
        t_shared(ctx, b)
        t_crash_redelivers(ctx, b)
        t_simulate_mqtt(ctx, b)
        t_serve(ctx, b)
        t_broker_restart(ctx, b)
    finally:
        b.cleanup()
    t_auth_acl(ctx)
    t_simulate_http(ctx)
