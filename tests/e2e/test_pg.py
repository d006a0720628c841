"""PostgreSQL only (run.py adds this module when GW_PG_DIR is set): several gridwork servers on one
database — shared sessions, concurrent reports, one winner across instances, hash chains appended
from two processes, the sweeper running on both — and `gridwork migrate` from SQLite."""
import os
import re
import subprocess
import tempfile
import threading
import time

import gw
from test_authz import act, new_user, report_manhole, root_division


def cli(binary, *args, timeout=120):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout)


def parallel(n, fn):
    """Run fn(i) for i in range(n) on n threads released together; returns the results in order."""
    out, go = [None] * n, threading.Barrier(n)

    def one(i):
        go.wait()
        try:
            out[i] = fn(i)
        except Exception as e:  # noqa: BLE001 — a transport error is a result to report
            out[i] = repr(e)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    return out


def timeline_actions(c, tid):
    r = c.get("/api/v1/tickets/%d/timeline" % tid)
    return [e["action"] for e in r.json()["items"]] if r.status == 200 else r


def run(base, ctx):
    check, binary, backend = ctx["check"], ctx["binary"], ctx["backend"]
    if not backend.postgres:
        return
    db = gw.fresh_db(ctx, 60)
    a = gw.Server(binary, db=db, extra=["--sweep-seconds", "1", "--public-rate", "100000"]).start()
    b = gw.Server(binary, db=db, extra=["--sweep-seconds", "1", "--public-rate", "100000"]).start()
    servers = {"A": a, "B": b}
    try:
        # Sessions live in the database: a login on A is valid on B, a logout on B ends it on A.
        ha = a.login("hotline")
        hb = gw.Client(b.port, ha.token)
        check("pg: session from server A works on B", hb.get("/api/v1/me").status == 200)
        tmp = b.login("auditor")
        check("pg: logout on B", tmp.post("/api/v1/auth/logout").status == 200)
        r = gw.Client(a.port, tmp.token).get("/api/v1/me")
        check("pg: that session is dead on A too", r.status == 401, r)

        # 40 reports at once, alternating servers: all 201, distinct ids and tracking codes,
        # each readable through the other server.
        got = parallel(40, lambda i: report_manhole(ha if i % 2 else hb, "多实例测试第%d件：井盖缺失" % i))
        ok = [r for r in got if not isinstance(r, str) and r.status == 201]
        check("pg: 40 concurrent reports on two servers -> 201", len(ok) == 40,
              [r if isinstance(r, str) else r.status for r in got if isinstance(r, str) or r.status != 201][:5])
        ids = [r.json()["id"] for r in ok]
        codes = [r.json()["track_code"] for r in ok]
        check("pg: distinct ids and tracking codes", len(set(ids)) == len(ids) and len(set(codes)) == len(codes),
              (len(ids), len(set(ids)), len(set(codes))))
        adm = {"A": a.login("admin"), "B": b.login("admin")}
        unseen = [(i, s) for i in ids for s in ("A", "B")
                  if adm[s].get("/api/v1/tickets/%d" % i).status != 200]
        check("pg: every report readable on both servers", not unseen, unseen[:5])
        bad = [i for i in ids if timeline_actions(adm["A"], i)[:1] != ["report"]]
        check("pg: each report has its timeline", not bad, bad[:5])

        # The same transition from both servers at once: exactly one winner.
        r = report_manhole(ha, "多实例测试：两台服务器同时签收")
        tid = r.json()["id"] if r.status == 201 else 0
        v = adm["A"].get("/api/v1/tickets/%d" % tid).json().get("version")
        sz = {"A": a.login("shizheng"), "B": b.login("shizheng")}
        st = parallel(6, lambda i: act(sz["AB"[i % 2]], tid, "sign", version=v).status)
        check("pg: concurrent sign across servers: one winner", sorted(map(str, st)) == ["200"] + ["409"] * 5, st)
        check("pg: one sign on the timeline", timeline_actions(adm["B"], tid).count("sign") == 1,
              timeline_actions(adm["B"], tid))

        # Audit log appends from both processes at once (pii.read): the chain stays intact.
        disp = {"A": a.login("dispatcher"), "B": b.login("dispatcher")}
        before = gw.sql(ctx, db, "SELECT COUNT(*) FROM audit_log")[0][0]
        st = parallel(30, lambda i: disp["AB"[i % 2]].get("/api/v1/tickets/%d/reporter" % ids[i % len(ids)]).status)
        check("pg: 30 concurrent audited reads -> 200", st == [200] * 30, st)
        after = gw.sql(ctx, db, "SELECT COUNT(*) FROM audit_log")[0][0]
        check("pg: 30 audit rows appended", after - before == 30, (before, after))
        r = cli(binary, "audit", "verify", "--db", db)
        check("pg: audit chains intact after concurrent writers", r.returncode == 0 and "intact" in r.stdout,
              (r.returncode, r.stdout, r.stderr[-500:]))

        # Both sweepers run every second: a ticket past its deadline is flagged once, not twice.
        now = int(time.time() * 1000)
        victims = ids[:10]
        gw.sql(ctx, db, "UPDATE tickets SET warn_at_ms = %d, due_ms = %d WHERE id IN (%s)"
               % (now - 2000, now - 1000, ",".join(map(str, victims))))
        deadline = time.time() + 20
        while time.time() < deadline:
            flags = gw.sql(ctx, db, "SELECT COUNT(*) FROM tickets WHERE overdue_flag = 1 AND id IN (%s)"
                           % ",".join(map(str, victims)))[0][0]
            if flags == len(victims):
                break
            time.sleep(0.2)
        time.sleep(2.5)  # two more sweeps on each server
        counts = {i: timeline_actions(adm["A"], i).count("overdue") for i in victims}
        check("pg: two sweepers flag each overdue ticket exactly once", all(n == 1 for n in counts.values()), counts)
        r = adm["B"].get("/api/v1/tickets?overdue=1&limit=200")
        listed = {x["id"] for x in r.json()["items"]} if r.status == 200 else set()
        check("pg: B lists the tickets A or B flagged", set(victims) <= listed, sorted(set(victims) - listed))

        # The login throttle (per user, 15-minute window) is counted in the database: failures on
        # either server add up.
        uname, r = new_user(adm["A"], "pgthr", "auditor", "right-password", division_id=root_division(adm["A"])["id"])
        check("pg: throttle user created", r.status == 201, r)
        gw.avoid_window_end(900, 5)
        st = [gw.Client((a, b)[i % 2].port).post("/api/v1/auth/login", {"username": uname, "password": "wrong-%d" % i}).status
              for i in range(5)]
        check("pg: 5 wrong logins over two servers -> 401 each", st == [401] * 5, st)
        r = gw.Client(a.port).post("/api/v1/auth/login", {"username": uname, "password": "wrong-6"})
        check("pg: 6th wrong login -> 429", r.status == 429, r)
        r = gw.Client(b.port).post("/api/v1/auth/login", {"username": uname, "password": "right-password"})
        check("pg: locked out on the other server too", r.status == 429, r)
        check("pg: other users unaffected", b.login("supervisor").get("/api/v1/me").status == 200)

        # The per-state gauges agree across servers.
        def gauges(s):
            text = gw.Client(servers[s].port).get("/metrics").body.decode()
            return sorted(line for line in text.splitlines() if line.startswith("gridwork_tickets{"))
        check("pg: both servers report the same ticket gauges", gauges("A") == gauges("B") and gauges("A"),
              (gauges("A")[:3], gauges("B")[:3]))

        # A classifier model activated through A is the one B classifies with within 5 s (no restart).
        csv_path = os.path.join(a.dir, "two.csv")
        with open(csv_path, "w", encoding="utf-8") as f:
            f.write("text,label\n" + "".join("路灯不亮%d,0106\n井盖破损%d,0101\n" % (i, i) for i in range(10)))
        r = cli(binary, "train", "--csv", csv_path, "--text-col", "text", "--label-col", "label", "--hash-bits", "12",
                "--db", db)
        new_id = int(re.search(r"stored model (\d+)", r.stdout).group(1)) if r.returncode == 0 else 0
        check("pg: a second model stored", new_id > 0, r.stderr[-500:])
        r = a.login("admin").post("/api/v1/models/%d/activate" % new_id)
        check("pg: activated through A", r.status == 200 and r.json()["active"], r)
        seen, deadline = None, time.time() + 10
        while time.time() < deadline:
            seen = hb.post("/api/v1/classify", {"text": "路灯不亮"}).json().get("model_id")
            if seen == new_id:
                break
            time.sleep(0.5)
        check("pg: B classifies with the model activated on A", seen == new_id, (seen, new_id))

        # One instance stops; the other keeps serving the same sessions; the first comes back.
        rc, log = a.stop()
        check("pg: server A stops cleanly", rc == 0, log[-500:])
        r = report_manhole(hb, "多实例测试：A 停机后 B 照常受理")
        check("pg: B accepts reports while A is down", r.status == 201, r)
        a.start()
        check("pg: A back, the same session works", gw.Client(a.port, ha.token).get("/api/v1/me").status == 200)
        if r.status == 201:
            check("pg: A reads what B wrote meanwhile", a.login("admin").get("/api/v1/tickets/%d" % r.json()["id"]).status == 200)
    finally:
        for name, s in servers.items():
            if s.alive():
                rc, log = s.stop()
                check("pg: server %s stops cleanly" % name, rc == 0, log[-500:])
                check("pg: server %s no sanitizer reports" % name, "AddressSanitizer" not in log
                      and "runtime error:" not in log and "LeakSanitizer" not in log, log[-3000:])
    r = cli(binary, "audit", "verify", "--db", db)
    check("pg: audit chains intact at the end", r.returncode == 0 and "intact" in r.stdout, (r.stdout, r.stderr[-500:]))

    # The public rate limit (per client and wall-clock minute) is counted in the database: requests
    # to either server add up. Logging in is a public request too, so it comes first and counts.
    db2 = gw.fresh_db(ctx, 5)
    c = gw.Server(binary, db=db2, extra=["--public-rate", "5"]).start()
    d = gw.Server(binary, db=db2, extra=["--public-rate", "5"]).start()
    try:
        gw.avoid_window_end(60, 5)
        staff = c.login("dispatcher")
        st = [gw.Client((c, d)[i % 2].port).get("/api/v1/track/XXXXXXXXXXXXXXXX").status for i in range(9)]
        check("pg: public rate 5/min shared by two servers (1 login + 4 lookups, then 429)",
              st == [404] * 4 + [429] * 5, st)
        check("pg: staff routes not limited", all(gw.Client(p, staff.token).get("/api/v1/me").status == 200
                                                  for p in (c.port, d.port) for _ in range(4)))
    finally:
        for name, s in (("C", c), ("D", d)):
            rc, log = s.stop()
            check("pg: server %s stops cleanly" % name, rc == 0 and "AddressSanitizer" not in log
                  and "runtime error:" not in log, log[-500:])

    # gridwork migrate: a SQLite demo city into an empty PostgreSQL database.
    src = os.path.join(tempfile.mkdtemp(prefix="gw-migrate-"), "src.db")
    for args in (("init", "--db", src), ("demo", "--db", src, "--tickets", "80")):
        r = cli(binary, *args)
        check("pg: migrate source %s" % args[0], r.returncode == 0, r.stderr[-500:])
    dest = backend.new_db()
    r = cli(binary, "migrate", "--from", "sqlite:" + src, "--to", dest, timeout=600)
    check("pg: migrate exits 0 and reports counts and chains", r.returncode == 0 and "counts match" in r.stdout
          and "intact" in r.stdout, (r.returncode, r.stdout, r.stderr[-1000:]))
    # every table of the source but the ones a new database makes for itself, so a table added without
    # teaching db/copy.c about it fails here
    not_copied = {"schema_versions", "schema_migrations", "rate_counters", "jobs"}
    tables = [t for (t,) in gw.sqlite_sql(src, "SELECT name FROM sqlite_master WHERE type = 'table'"
                                                   " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'tickets_fts%'")
              if t not in not_copied]
    check("pg: the table list is read from the source", {"tickets", "kb_articles", "ticket_onsite"} <= set(tables), tables)
    diff = {}
    for t in tables:
        q = "SELECT COUNT(*), COALESCE(MAX(%s), 0) FROM %s" % ("id" if t in ID_TABLES else "0", t)
        n_src = gw.sqlite_sql(src, q)[0]
        n_dst = tuple(gw.sql(ctx, dest, q)[0]) if r.returncode == 0 else None
        if tuple(n_src) != n_dst:
            diff[t] = (tuple(n_src), n_dst)
    check("pg: migrated tables have the source's rows and ids", not diff, diff)
    r2 = cli(binary, "audit", "verify", "--db", dest)
    check("pg: migrated database verifies", r2.returncode == 0 and "intact" in r2.stdout, (r2.stdout, r2.stderr[-500:]))
    r3 = cli(binary, "migrate", "--from", "sqlite:" + src, "--to", dest, timeout=600)
    check("pg: migrate into a non-empty database refuses", r3.returncode != 0, (r3.returncode, r3.stdout, r3.stderr[-500:]))
    if r.returncode == 0:
        m = gw.Server(binary, db=dest).start()
        try:
            c = m.login("hotline")
            top = gw.sql(ctx, dest, "SELECT MAX(id) FROM tickets")[0][0]
            r = report_manhole(c, "迁移测试：迁移后新上报")
            check("pg: new report after migrate gets a fresh id", r.status == 201 and r.json()["id"] > top, (r, top))
            adm = m.login("admin")
            old = gw.sql(ctx, dest, "SELECT id, track_code FROM tickets WHERE id < %d ORDER BY id LIMIT 3" % (top + 1))
            check("pg: migrated tickets served", all(adm.get("/api/v1/tickets/%d" % i).status == 200 for i, _ in old)
                  and all(gw.Client(m.port).get("/api/v1/track/" + code).status == 200 for _, code in old), old)
            r = adm.post("/api/v1/users", {"username": "migr_u", "display_name": "迁移用户",
                                           "password": "migrate-password", "role": "auditor",
                                           "division_id": root_division(adm)["id"]})
            check("pg: new user after migrate (users id sequence)", r.status == 201, r)
        finally:
            rc, log = m.stop()
            check("pg: migrated server stops cleanly", rc == 0 and "AddressSanitizer" not in log, log[-500:])


ID_TABLES = {"divisions", "units", "categories", "routing_rules", "users", "api_keys", "tickets", "ticket_timeline",
             "audit_log"}
