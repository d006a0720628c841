"""PostgreSQL only: two gridwork servers on one database behind a real nginx (Debian's), with
concurrent clients reporting and acting through nginx while one server is SIGKILLed.

What must hold (the multi-instance issue's acceptance test; test_pg covers the two-server
semantics without a proxy and without a crash):
- every ticket a client was told about (201) is in the database exactly once, with its whole
  report transaction (timeline report/accept/dispatch, CC row); no report is ever stored twice
  (nginx must not replay a POST that reached the killed server: `proxy_next_upstream error timeout`);
- a request caught by the kill gets a clean error (502/503/504 or a broken connection), never a
  500 or a wrong answer, and once the dead server is out of the way requests succeed again;
- the surviving server keeps serving through nginx, and its sweeper flags the deadlines the dead one
  left, each once (one 'warning' and one 'overdue' timeline entry per ticket and deadline);
- the audit and timeline hash chains still verify;
- the killed server, restarted on its port, gets traffic from nginx again.
"""
import http.client
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import gw
from test_authz import act, report_manhole

CLIENTS = 8
BEFORE_KILL_S = 2.5
AFTER_KILL_S = 3.5
CLEAN_STATUSES = (502, 503, 504)
SANITIZER = ("AddressSanitizer", "runtime error:", "LeakSanitizer")


class Nginx:
    """nginx in the foreground (daemon off) with a generated config in its own directory: one
    upstream of the given loopback ports, keepalive to them, retry on the other server only when a
    request could not be passed (never a POST once sent)."""

    def __init__(self, upstream_ports):
        self.dir = tempfile.mkdtemp(prefix="gw-nginx-")
        os.chmod(self.dir, 0o755)  # workers run as nobody when we are root
        self.port = gw.free_port()
        self.conf = os.path.join(self.dir, "nginx.conf")
        self.error_log = os.path.join(self.dir, "error.log")
        self.proc = None
        servers = "".join("        server 127.0.0.1:%d max_fails=2 fail_timeout=2s;\n" % p for p in upstream_ports)
        temp = "".join("    %s_temp_path %s;\n" % (k, os.path.join(self.dir, k))
                       for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        with open(self.conf, "w") as f:
            f.write("""daemon off;
worker_processes 2;
pid %(dir)s/nginx.pid;
error_log %(err)s warn;
events { worker_connections 1024; }
http {
    access_log off;
%(temp)s    upstream gridwork {
%(servers)s        keepalive 32;
    }
    server {
        listen 127.0.0.1:%(port)d;
        client_max_body_size 6m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_next_upstream error timeout;
        proxy_connect_timeout 2s;
        proxy_read_timeout 30s;
        proxy_max_temp_file_size 0;
        location / { proxy_pass http://gridwork; }
    }
}
""" % {"dir": self.dir, "err": self.error_log, "temp": temp, "servers": servers, "port": self.port})

    def start(self):
        exe = shutil.which("nginx") or "/usr/sbin/nginx"
        self.out = open(os.path.join(self.dir, "stdout.log"), "w")
        self.proc = subprocess.Popen([exe, "-e", self.error_log, "-c", self.conf, "-p", self.dir],
                                     stdout=self.out, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("nginx exited %s: %s" % (self.proc.returncode, self.log()[-2000:]))
            try:
                if gw.Client(self.port).get("/healthz").status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("nginx did not come up: " + self.log()[-2000:])

    def log(self):
        try:
            return open(self.error_log, errors="replace").read()
        except OSError:
            return ""

    def stop(self):
        """Graceful shutdown (SIGQUIT); returns the exit code."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
        try:
            rc = self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.out.close()
        self.proc = None
        return rc


def clean_failure(outcome):
    """A request the kill broke: a gateway error from nginx or a broken connection."""
    return outcome in CLEAN_STATUSES or isinstance(outcome, (OSError, http.client.HTTPException))


def login_retry(port, username, attempts=20):
    last = None
    for _ in range(attempts):
        try:
            r = gw.Client(port).post("/api/v1/auth/login", {"username": username, "password": "demo"})
            if r.status == 200:
                return gw.Client(port, r.json()["token"])
            last = r
        except (OSError, http.client.HTTPException) as e:
            last = e
        time.sleep(0.1)
    raise RuntimeError("login %s through nginx: %r" % (username, last))


class Load:
    """CLIENTS threads, each with its own sessions through nginx: a hotline operator reporting 0101
    tickets (auto-dispatched to 市政) with a unique marker in the description, the 市政 handler
    signing every third of them, a dispatcher reading lists and tickets. Every request's outcome
    (status or exception) is recorded with its start and end time."""

    def __init__(self, port, tag):
        self.port, self.tag = port, tag
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.acked = {}        # marker -> ticket id (201)
        self.unacked = []      # markers of reports that failed
        self.signed = set()    # ticket ids signed (200)
        self.events = []       # (kind, t_start, t_end, outcome)
        self.crashes = []

    def marker(self, i, seq):
        return "MT%s-%02d-%05d" % (self.tag, i, seq)

    def record(self, kind, t0, outcome):
        with self.lock:
            self.events.append((kind, t0, time.time(), outcome))

    def call(self, kind, fn):
        t0 = time.time()
        try:
            r = fn()
            self.record(kind, t0, r.status)
            return r
        except (OSError, http.client.HTTPException) as e:
            self.record(kind, t0, e)
            return None

    def worker(self, i):
        try:
            hot = login_retry(self.port, "hotline")
            hand = login_retry(self.port, "shizheng")
            disp = login_retry(self.port, "dispatcher")
            seq = 0
            while not self.stop.is_set():
                seq += 1
                m = self.marker(i, seq)
                r = self.call("report", lambda: report_manhole(hot, "多实例故障测试 %s：中山路井盖缺失" % m))
                if r is None or r.status != 201:
                    with self.lock:
                        self.unacked.append(m)
                    continue
                tid = r.json()["id"]
                with self.lock:
                    self.acked[m] = tid
                if seq % 3 == 0:
                    r = self.call("sign", lambda: act(hand, tid, "sign"))
                    if r is not None and r.status == 200:
                        with self.lock:
                            self.signed.add(tid)
                if seq % 4 == 0:
                    self.call("list", lambda: disp.get("/api/v1/tickets?limit=20"))
                    self.call("get", lambda: disp.get("/api/v1/tickets/%d" % tid))
        except Exception as e:  # noqa: BLE001 — reported as a check failure
            with self.lock:
                self.crashes.append("client %d: %r" % (i, e))

    def start(self):
        self.threads = [threading.Thread(target=self.worker, args=(i,), daemon=True) for i in range(CLIENTS)]
        for th in self.threads:
            th.start()

    def finish(self):
        self.stop.set()
        for th in self.threads:
            th.join(120)
        return not any(th.is_alive() for th in self.threads)

    def victims(self, n, exclude):
        """Up to n acknowledged tickets nobody acts on (sequence numbers not divisible by 3), so their
        deadline clock is the report's."""
        with self.lock:
            ids = [t for m, t in self.acked.items() if int(m.rsplit("-", 1)[1]) % 3 and t not in exclude]
        return sorted(ids)[:n]

    def warm(self, n, timeout=60):
        """Wait until n reports were acknowledged (the clients log in first)."""
        deadline = time.time() + timeout
        while time.time() < deadline and len(self.acked) < n and not self.crashes:
            time.sleep(0.05)
        return len(self.acked) >= n


def route_count(port, route, status="200"):
    """gridwork_http_requests_total{route,status} of the server on `port` (its own counter)."""
    text = gw.Client(port).get("/metrics").body.decode()
    key = 'gridwork_http_requests_total{route="%s",status="%s"} ' % (route, status)
    return sum(int(line[len(key):]) for line in text.splitlines() if line.startswith(key))


def ids_sql(ids):
    return ",".join(str(int(i)) for i in ids) or "0"


def no_sanitizer(log):
    return not any(s in log for s in SANITIZER)


def run(base, ctx):
    check, binary, backend = ctx["check"], ctx["binary"], ctx["backend"]
    if not backend.postgres:
        return
    if not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        check("multi: nginx installed (scripts/deps.sh)", False, "no nginx binary")
        return
    db = gw.fresh_db(ctx, 60)
    extra = ["--sweep-seconds", "1", "--public-rate", "100000"]
    a = gw.Server(binary, db=db, extra=extra).start()
    b = gw.Server(binary, db=db, extra=extra).start()
    ng = Nginx([a.port, b.port])
    load = None
    t_start = int(time.time() * 1000)
    try:
        ng.start()
        front = ng.port
        adm = login_retry(front, "admin")
        check("multi: nginx proxies to gridwork", adm.get("/api/v1/me").status == 200)

        tag = "%04x" % (os.getpid() & 0xFFFF)
        load = Load(front, tag)
        load.start()
        check("multi: load under way through nginx", load.warm(40), (len(load.acked), load.crashes[:3]))
        time.sleep(BEFORE_KILL_S - 0.6)
        # Deadlines for the sweepers, set behind the servers' backs as test_pg does: batch 1 is past
        # its warning point and falls due 2.5 s later (around the kill), batch 2 is overdue at once
        # and is set after the kill, so only the survivor can flag it.
        batch1 = load.victims(15, set())
        now = int(time.time() * 1000)
        if batch1:
            gw.sql(ctx, db, "UPDATE tickets SET warn_at_ms = %d, due_ms = %d WHERE id IN (%s)"
                   % (now - 1000, now + 2500, ids_sql(batch1)))
        time.sleep(0.6)

        a.proc.kill()  # SIGKILL mid-load: no drain, open transactions die with their connections
        a_rc = a.proc.wait(timeout=30)
        t_kill = time.time()
        a.log.close()
        killed_log = open(a.log_path, errors="replace").read()
        check("multi: server A killed by SIGKILL", a_rc == -signal.SIGKILL, a_rc)
        check("multi: killed server's log has no sanitizer reports", no_sanitizer(killed_log), killed_log[-3000:])
        time.sleep(0.3)
        batch2 = load.victims(15, set(batch1))
        now = int(time.time() * 1000)
        if batch2:
            gw.sql(ctx, db, "UPDATE tickets SET warn_at_ms = %d, due_ms = %d WHERE id IN (%s)"
                   % (now - 2000, now - 1000, ids_sql(batch2)))
        time.sleep(AFTER_KILL_S - 0.3)
        finished = load.finish()
        check("multi: load clients finished", finished and not load.crashes, load.crashes[:3])

        # ---- what the clients saw -----------------------------------------------------------
        ev = load.events
        reports = [e for e in ev if e[0] == "report"]
        failed = [e for e in ev if e[3] not in (200, 201)]
        unclean = [e for e in failed if not clean_failure(e[3]) and not (e[0] == "sign" and e[3] == 409)]
        clean = [e for e in failed if clean_failure(e[3])]
        late = [e for e in clean if e[1] > t_kill + 3.0]
        before = [e for e in clean if e[2] < t_kill - 0.5]
        load.summary = ("%d requests (%d reports: %d acknowledged, %d failed); clean failures %d %s; "
                        "409 on sign %d; requests that began >3 s after the kill and failed: %d"
                        % (len(ev), len(reports), len(load.acked), len(load.unacked), len(clean),
                           sorted({str(e[3]) if isinstance(e[3], int) else type(e[3]).__name__ for e in clean}),
                           sum(1 for e in ev if e[0] == "sign" and e[3] == 409), len(late)))
        print("multi: " + load.summary, flush=True)
        check("multi: load produced reports on both sides of the kill",
              len(load.acked) >= 20 and any(e[1] > t_kill + 0.5 and e[3] == 201 for e in reports),
              load.summary)
        check("multi: every failure is a clean 502/503/504 or broken connection (no 500, no 4xx)", not unclean,
              [(k, str(o)[:80]) for k, _, _, o in unclean[:5]])
        check("multi: no failures before the kill", not before, [(k, str(o)[:80]) for k, _, _, o in before[:5]])
        check("multi: requests succeed again once the dead server is out (none failed >3 s after the kill)",
              not late, [(k, round(t - t_kill, 2), str(o)[:80]) for k, t, _, o in late[:5]])

        # ---- what the database holds --------------------------------------------------------
        rows = gw.sql(ctx, db, "SELECT id, description FROM tickets WHERE description LIKE ?",
                      ("%%MT%s-%%" % tag,))
        pat = re.compile(r"MT%s-\d+-\d+" % tag)
        stored = {}
        for tid, desc in rows:
            mm = pat.search(desc)
            stored.setdefault(mm.group(0) if mm else desc, []).append(tid)
        twice = {m: ids for m, ids in stored.items() if len(ids) != 1}
        missing = [m for m in load.acked if m not in stored]
        wrong_id = [m for m, tid in load.acked.items() if m in stored and stored[m] != [tid]]
        check("multi: no report stored twice (nginx replayed no POST)", not twice, list(twice.items())[:5])
        check("multi: every acknowledged (201) report is stored", not missing, (len(missing), missing[:5]))
        check("multi: ...under the id the client was given", not wrong_id, wrong_id[:5])
        lost_acks = [m for m in load.unacked if m in stored]
        print("multi: failed reports that committed anyway (answer lost with the server): %d of %d"
              % (len(lost_acks), len(load.unacked)), flush=True)
        unknown = [m for m in stored if m not in load.acked and m not in load.unacked]
        check("multi: no stored report the clients never sent", not unknown, unknown[:5])
        # All or nothing: each stored report carries its whole transaction.
        partial = gw.sql(ctx, db,
                         "SELECT t.id FROM tickets t WHERE t.description LIKE ? AND ("
                         " (SELECT COUNT(*) FROM ticket_timeline e WHERE e.ticket_id = t.id"
                         "  AND e.action IN ('report', 'accept', 'dispatch')) <> 3"
                         " OR NOT EXISTS (SELECT 1 FROM ticket_cc c WHERE c.ticket_id = t.id))",
                         ("%%MT%s-%%" % tag,))
        check("multi: every stored report has its report/accept/dispatch timeline and CC row", not partial,
              partial[:5])

        # ---- the survivor ---------------------------------------------------------------------
        check("multi: survivor B alive", b.alive())
        hot = login_retry(front, "hotline", attempts=5)
        st = []
        for i in range(10):
            r = report_manhole(hot, "多实例故障测试 %s：A 停机后经 nginx 上报 %d" % (tag, i))
            st.append(r.status)
        check("multi: survivor serves reports through nginx (10 x 201)", st == [201] * 10, st)
        r = adm.get("/api/v1/tickets?limit=5")
        check("multi: survivor serves lists through nginx", r.status == 200, r)

        # ---- the sweeper: the survivor flags what was due, each once ------------------------
        want = set(batch1) | set(batch2)
        deadline = time.time() + 30
        flagged = []
        while time.time() < deadline and want:
            flagged = gw.sql(ctx, db, "SELECT id FROM tickets WHERE overdue_flag = 1 AND id IN (%s)" % ids_sql(want))
            if len(flagged) == len(want):
                break
            time.sleep(0.25)
        time.sleep(2.5)  # a few more sweeps
        check("multi: deadline victims chosen", len(batch1) >= 5 and len(batch2) >= 5, (len(batch1), len(batch2)))
        check("multi: every due ticket flagged overdue (by B after A died)", len(flagged) == len(want),
              sorted(want - {r[0] for r in flagged})[:10])
        ent = gw.sql(ctx, db, "SELECT ticket_id, action, COUNT(*) FROM ticket_timeline WHERE at_ms >= ?"
                     " AND action IN ('warning', 'overdue') GROUP BY ticket_id, action", (t_start,))
        per = {}
        for tid, action, n in ent:
            per.setdefault(tid, {})[action] = n
        dup = {t: v for t, v in per.items() if any(n > 1 for n in v.values())}
        check("multi: no ticket flagged twice for one deadline (one warning, one overdue at most)", not dup,
              list(dup.items())[:5])
        exp1 = {t: per.get(t) for t in batch1 if per.get(t) != {"warning": 1, "overdue": 1}}
        exp2 = {t: per.get(t) for t in batch2 if per.get(t) != {"overdue": 1}}
        check("multi: batch due around the kill: one warning then one overdue each", not exp1, list(exp1.items())[:5])
        check("multi: batch due after the kill: one overdue each", not exp2, list(exp2.items())[:5])
        sweep_at = gw.sql(ctx, db, "SELECT COUNT(*) FROM ticket_timeline WHERE at_ms >= ? AND action IN"
                          " ('warning', 'overdue')", (t_start,))[0][0]
        check("multi: the sweepers flagged tickets during the test", sweep_at > 0, sweep_at)

        r = subprocess.run([binary, "audit", "verify", "--db", db], capture_output=True, text=True, timeout=300)
        check("multi: audit verify exits 0 after the kill", r.returncode == 0 and "intact" in r.stdout,
              (r.returncode, r.stdout[-500:], r.stderr[-500:]))

        # ---- A comes back on its port; nginx uses it again -----------------------------------
        a.start()
        check("multi: A restarted on its port", a.alive() and gw.Client(a.port).get("/healthz").status == 200)
        some = next(iter(load.acked.values()))
        deadline = time.time() + 30
        got_a = got_b = 0
        b0 = route_count(b.port, "tickets_get")
        while time.time() < deadline:
            for _ in range(10):
                adm.get("/api/v1/tickets/%d" % some)
            got_a, got_b = route_count(a.port, "tickets_get"), route_count(b.port, "tickets_get") - b0
            if got_a > 0 and got_b > 0:
                break
            time.sleep(0.5)
        check("multi: nginx sends requests to both servers again", got_a > 0 and got_b > 0, (got_a, got_b))
        c0 = (route_count(a.port, "tickets_create", "201"), route_count(b.port, "tickets_create", "201"))
        st = [report_manhole(hot, "多实例故障测试 %s：A 恢复后上报 %d" % (tag, i)).status for i in range(20)]
        c1 = (route_count(a.port, "tickets_create", "201"), route_count(b.port, "tickets_create", "201"))
        check("multi: reports after the restart: 20 x 201, spread over both servers",
              st == [201] * 20 and c1[0] > c0[0] and c1[1] > c0[1], (st, c0, c1))
    finally:
        if load is not None and not load.stop.is_set():
            load.finish()
        rc = ng.stop()
        nlog = ng.log()
        check("multi: nginx stops cleanly", rc == 0, (rc, nlog[-1000:]))
        check("multi: nginx logged no emergencies or crashes", "[emerg]" not in nlog and "[alert]" not in nlog
              and "exited on signal" not in nlog, nlog[-2000:])
        print("multi: nginx error log: %d upstream connect failures, %d upstream closed early"
              % (nlog.count("connect() failed"), nlog.count("prematurely closed")), flush=True)
        for name, s in (("A", a), ("B", b)):
            if s.alive():
                rc, log = s.stop()
                check("multi: server %s stops cleanly on SIGTERM" % name, rc == 0, (rc, log[-500:]))
                check("multi: server %s no sanitizer reports" % name, no_sanitizer(log), log[-3000:])
        if not os.environ.get("GW_PG_KEEP"):
            shutil.rmtree(ng.dir, ignore_errors=True)
