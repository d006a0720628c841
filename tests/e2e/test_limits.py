"""Rate limits and login throttling: counters keyed exactly (a colliding key never resets a live
counter), the lockout per (username, client address) with a slower limit per username and an
admin unlock, the same answer time for unknown and known usernames, and a bound on concurrent
argon2id verifications (memory). Clients use distinct loopback source addresses 127.0.x.y."""
import http.client
import json
import random
import statistics
import threading
import time

import gw
from test_authz import is_error, new_user, root_division

MIB = 1024 * 1024


# ---- the hash functions of the old fixed-size tables, to find keys that collided in them ----------


def djb2_slot(s):  # auth.c: login failures per username, 1024 slots
    h = 5381
    for b in s.encode():
        h = (h * 33 + b) & 0xFFFFFFFF
    return h % 1024


def fnv_slot(s):  # server.c: public token buckets per client address, 4096 slots
    h = 2166136261
    for b in s.encode():
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h % 4096


def colliding_name(user):
    return next("x%d" % i for i in range(10 ** 6) if "x%d" % i != user and djb2_slot("x%d" % i) == djb2_slot(user))


def colliding_ip(ip):
    return next(c for c in ("127.0.%d.%d" % (a, b) for a in range(256) for b in range(1, 255))
                if c != ip and fnv_slot(c) == fnv_slot(ip))


# ---- requests from a chosen source address --------------------------------------------------------


def call(port, method, path, body=None, src="127.0.0.1", token=None, timeout=60):
    h = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    if token:
        h["Authorization"] = "Bearer " + token
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(src, 0))
    try:
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        return gw.Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        c.close()


def login(port, user, pw, src):
    return call(port, "POST", "/api/v1/auth/login", {"username": user, "password": pw}, src=src)


def retry_after(r, lo, hi):
    """r carries a Retry-After of whole seconds in [lo, hi]."""
    v = r.headers.get("retry-after", "")
    return v.isdigit() and lo <= int(v) <= hi


def addr(i):
    """The i-th test source address (127.0.2.1 ...), never 127.0.0.1 where the other modules log in."""
    return "127.0.%d.%d" % (2 + i // 250, 1 + i % 250)


def vm_hwm(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM")


# ---- the tests -----------------------------------------------------------------------------------


def run(base, ctx):
    check, binary, srv = ctx["check"], ctx["binary"], ctx["server"]
    pg = ctx["backend"].postgres
    s = gw.Server(binary, db=gw.copy_db(ctx, srv.db), extra=["--public-rate", "100000"]).start()
    try:
        if pg:
            gw.avoid_window_end(900, 120)  # login failures are counted per 15-minute clock window there
        run_login_collision(s, check)
        run_lockout(s, check, ctx)
        run_timing(s, check)
    finally:
        rc, log = s.stop()
    check("limits: login server stops cleanly", rc == 0 and "AddressSanitizer" not in log
          and "runtime error:" not in log, log[-2000:])
    run_public_collision(ctx, check)
    run_concurrency(ctx, check)


def run_login_collision(s, check):
    """Wrong passwords for dispatcher with a failure for a name of the same old slot after every 4:
    the counter is not reset, so the right password is still refused."""
    other = colliding_name("dispatcher")
    src = addr(0)
    st = []
    for _ in range(2):
        st += [login(s.port, "dispatcher", "wrong-pw", src).status for _ in range(4)]
        st.append(login(s.port, other, "wrong-pw", src).status)
    r = login(s.port, "dispatcher", "demo", src)
    check("limits: collision: dispatcher failures then 429", st[:4] == [401] * 4 and st[4] == 401
          and set(st[5:9]) <= {401, 429} and 429 in st[5:9], st)
    check("limits: a colliding name does not reset the counter (right password -> 429)",
          is_error(r, 429, "rate_limited") and retry_after(r, 1, 900), r)
    r = login(s.port, "dispatcher", "demo", addr(1))
    check("limits: dispatcher still logs in from another address", r.status == 200, r)


def run_lockout(s, check, ctx):
    admin = gw.Client(s.port, login(s.port, "admin", "demo", "127.0.0.1").json()["token"])
    root = root_division(admin)
    uname, r = new_user(admin, "lk", "auditor", "right-password", division_id=root["id"])
    check("limits: lockout user created", r.status == 201, r)
    uid = r.json()["id"]
    a, b = addr(10), addr(11)
    st = [login(s.port, uname, "wrong-%d" % i, a).status for i in range(5)]
    r6 = login(s.port, uname, "wrong-6", a)
    check("limits: 5 wrong from one address -> 401 each, then 429", st == [401] * 5 and is_error(r6, 429, "rate_limited"),
          (st, r6))
    check("limits: 429 carries Retry-After (seconds, at most 15 minutes)", retry_after(r6, 1, 900), r6.headers)
    r = login(s.port, uname, "right-password", a)
    check("limits: that address is locked out even with the right password", is_error(r, 429, "rate_limited"), r)
    r = login(s.port, uname, "right-password", b)
    check("limits: the account's owner at another address still logs in", r.status == 200, r)

    # Unknown usernames are counted too.
    ghost = "ghost%06d" % random.randrange(10 ** 6)
    st = [login(s.port, ghost, "x", addr(12)).status for _ in range(6)]
    check("limits: unknown username: 5 x 401 then 429", st == [401] * 5 + [429], st)

    # The slower limit per username: 50 failures from 10 addresses lock it everywhere.
    vname, r = new_user(admin, "lv", "auditor", "right-password", division_id=root["id"])
    vid = r.json()["id"] if r.status == 201 else 0
    st = [login(s.port, vname, "wrong", addr(20 + i // 5)).status for i in range(50)]
    r = login(s.port, vname, "right-password", addr(40))
    check("limits: 50 failures over 10 addresses -> 401 each", st == [401] * 50, st)
    check("limits: then the username is locked at every address", is_error(r, 429, "rate_limited")
          and retry_after(r, 1, 900), r)

    # Unlock: admin only, audited, clears every counter of that username.
    disp = gw.Client(s.port, login(s.port, "dispatcher", "demo", "127.0.0.1").json()["token"])
    r = disp.post("/api/v1/users/%d/unlock" % vid, {})
    check("limits: dispatcher cannot unlock -> 403", is_error(r, 403, "forbidden"), r)
    check("limits: unlock unknown user -> 404", is_error(admin.post("/api/v1/users/99999999/unlock", {}), 404))
    check("limits: unlock bad id -> 404", is_error(admin.post("/api/v1/users/abc/unlock", {}), 404))
    check("limits: still locked after refused unlocks", login(s.port, vname, "right-password", addr(40)).status == 429)
    for target in (vid, uid):
        r = admin.post("/api/v1/users/%d/unlock" % target, {})
        check("limits: admin unlocks user %d" % target, r.status == 200 and r.json().get("ok") is True, r)
    if ctx["backend"].postgres:
        left = gw.sql(ctx, s.db, "SELECT key, n FROM rate_counters WHERE key LIKE ? OR key LIKE ?",
                      ("%" + vname + "%", "%" + uname + "%"))
        check("limits: unlock cleared the database counters", left == [], left)
    r = login(s.port, vname, "right-password", addr(40))
    check("limits: unlocked username logs in", r.status == 200, r)
    r = login(s.port, vname, "right-password", addr(20))
    check("limits: unlock cleared the per-address counter too", r.status == 200, r)
    r = login(s.port, uname, "right-password", a)
    check("limits: the first user is unlocked at the locked address", r.status == 200, r)
    rows = gw.sql(ctx, gw.copy_db(ctx, s.db), "SELECT actor_user_id, object FROM audit_log WHERE action = 'user.unlock'"
                  " ORDER BY id")
    admin_id = admin.get("/api/v1/me").json()["id"]
    check("limits: unlocks are in the audit log", rows == [(admin_id, "user:%d" % vid), (admin_id, "user:%d" % uid)],
          rows)


def run_timing(s, check):
    """An unknown username takes as long to refuse as a wrong password for a real one."""
    admin = gw.Client(s.port, login(s.port, "admin", "demo", "127.0.0.1").json()["token"])
    knames = [new_user(admin, "tm", "auditor", "right-password", division_id=root_division(admin)["id"])
              for _ in range(2)]
    check("limits: timing users created", all(r.status == 201 for _, r in knames), knames)
    known, unknown = [], []
    for i in range(9):  # two known users, so that even a per-username limit of 5 does not interfere
        for user, out in ((knames[i % 2][0], known), ("nobody%06d" % random.randrange(10 ** 6), unknown)):
            t0 = time.perf_counter()
            r = login(s.port, user, "wrong-password", addr(60 + 2 * i + (out is unknown)))
            out.append(time.perf_counter() - t0)
            if r.status != 401:
                check("limits: timing login -> 401", False, r)
                return
    mk, mu = statistics.median(known), statistics.median(unknown)
    check("limits: unknown-user logins take as long as wrong passwords (median %.1f ms vs %.1f ms)"
          % (mu * 1000, mk * 1000), mu >= 0.5 * mk, (unknown, known))


def run_public_collision(ctx, check):
    """127.0.2.1 has used its public bucket; a request from an address of the same old slot does
    not give it a fresh one."""
    if ctx["backend"].postgres:
        gw.avoid_window_end(60, 15)  # counted per clock minute in the database
    p = gw.Server(ctx["binary"], db=gw.copy_db(ctx, ctx["server"].db), extra=["--public-rate", "10"]).start()
    try:
        a = addr(0)
        other = colliding_ip(a)
        got = [call(p.port, "GET", "/api/v1/public/categories", src=a) for _ in range(11)]
        st = [x.status for x in got]
        check("limits: public: 10 pass then 429", st == [200] * 10 + [429], st)
        check("limits: public 429 is a JSON error with Retry-After", is_error(got[-1], 429, "rate_limited")
              and retry_after(got[-1], 1, 60), got[-1].headers)
        r = call(p.port, "GET", "/api/v1/public/categories", src=other)
        check("limits: public: the colliding address has its own bucket", r.status == 200, r)
        st = [call(p.port, "GET", "/api/v1/public/categories", src=a).status for _ in range(10)]
        check("limits: public: the limited address stays limited", st.count(200) <= 1, st)
    finally:
        rc, log = p.stop()
    check("limits: public server stops cleanly", rc == 0, log[-1000:])


def run_concurrency(ctx, check):
    """200 logins at once: at most login_concurrency argon2id verifications run together, so the
    peak memory stays bounded; every answer is a JSON 200/401/429/503; the server keeps serving."""
    limit = 2
    c = gw.Server(ctx["binary"], db=gw.copy_db(ctx, ctx["server"].db),
                  extra=["--public-rate", "100000", "--threads", "32", "--db-readers", "32", "--login-concurrency", str(limit)]).start()
    try:
        for i in range(3):  # warm up: a verification or two has run, its memory counted in the baseline
            login(c.port, "hotline", "demo" if i else "wrong", addr(100 + i))
        base_hwm = vm_hwm(c.proc.pid)
        users = ["hotline", "dispatcher", "supervisor", "grid01", "shizheng"]  # mostly right passwords: all verify
        results, lock = [], threading.Lock()
        go = threading.Barrier(200)

        def one(i):
            go.wait()
            try:
                r = login(c.port, users[i % 5], "wrong" if i % 4 == 0 else "demo", addr(110 + i))
            except OSError as e:
                r = e
            with lock:
                results.append(r)

        threads = [threading.Thread(target=one, args=(i,)) for i in range(200)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        peak = vm_hwm(c.proc.pid)
        bad = [r for r in results if not isinstance(r, gw.Response) or r.status not in (200, 401, 429, 503)
               or not r.headers.get("content-type", "").startswith("application/json")]
        for r in results:
            if isinstance(r, gw.Response) and r.status != 200 and r not in bad and not is_error(r, r.status):
                bad.append(r)
        busy = [r for r in results if isinstance(r, gw.Response) and r.status == 503]
        check("limits: 200 concurrent logins all answered 200/401/429/503 with JSON", len(results) == 200 and not bad,
              (len(results), bad[:3]))
        check("limits: 503 answers carry Retry-After", all(retry_after(r, 1, 60) for r in busy), busy[:2])
        check("limits: some logins succeeded", any(isinstance(r, gw.Response) and r.status == 200 for r in results),
              sorted({getattr(r, "status", -1) for r in results}))
        # ASan adds redzones and keeps freed blocks in a quarantine (256 MiB by default): allow for both.
        bound = (limit + 2) * 64 * MIB + 256 * MIB
        check("limits: peak memory bounded by login_concurrency (+%d MiB, bound %d MiB)"
              % ((peak - base_hwm) // MIB, bound // MIB), peak - base_hwm <= bound, (base_hwm, peak))
        check("limits: server serves after the burst", gw.Client(c.port).get("/healthz").status == 200
              and login(c.port, "auditor", "demo", addr(400)).status == 200)
    finally:
        rc, log = c.stop()
    check("limits: concurrency server stops cleanly", rc == 0 and "AddressSanitizer" not in log, log[-1000:])
