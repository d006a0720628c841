"""Hash chains per ticket, tied together by anchors in the audit log (core/chain.h, core/anchor.h):
- each ticket's timeline is its own chain (its first entry starts from genesis);
- the anchor job (--anchor-seconds) and `gridwork audit anchor` list the heads of the chains that moved;
- `gridwork audit verify` passes untouched, fails naming the row for one tampered entry, and fails naming
  the ticket when its whole timeline was deleted after an anchor;
- on PostgreSQL with two servers: the anchor job runs once per slot, not once per server, and a write to
  one ticket does not wait for another ticket's chain lock (nor for the old cluster-wide one)."""
import json
import os
import subprocess
import threading
import time

import gw
from test_authz import act, report_manhole

GENESIS = "0" * 64
OLD_GLOBAL_LOCK = 0x67770002  # the one timeline lock every ticket write used to take


def cli(binary, *args):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=300)


def anchored_heads(ctx, db):
    """{ticket id: (timeline id, hash)} of the latest anchor of each ticket, and the anchor entries."""
    rows = gw.sql(ctx, db, "SELECT detail FROM audit_log WHERE action = 'chain.anchor' AND object = 'ticket_timeline'"
                  " ORDER BY id")
    heads, entries = {}, [json.loads(r[0]) for r in rows]
    for d in entries:
        for tid, lid, h in d["heads"]:
            heads[tid] = (lid, h)
    return heads, entries


def timeline_heads(ctx, db, ids):
    rows = gw.sql(ctx, db, "SELECT ticket_id, id, hash FROM ticket_timeline t WHERE ticket_id IN (%s) AND id ="
                  " (SELECT MAX(id) FROM ticket_timeline u WHERE u.ticket_id = t.ticket_id)" % ",".join(map(str, ids)))
    return {r[0]: (r[1], r[2]) for r in rows}


def run(base, ctx):
    check, binary, backend = ctx["check"], ctx["binary"], ctx["backend"]
    db = gw.fresh_db(ctx, 5)
    s = gw.Server(binary, db=db, extra=["--anchor-seconds", "1", "--public-rate", "100000"]).start()
    try:
        hot = s.login("hotline")
        made = [report_manhole(hot, "链测试第%d件：井盖缺失" % i) for i in range(3)]
        check("chain: 3 reports -> 201", [r.status for r in made] == [201] * 3, made)
        ids = [r.json()["id"] for r in made if r.status == 201]
        first = gw.sql(ctx, db, "SELECT ticket_id, CASE WHEN prev_hash = '%s' THEN 'genesis' ELSE prev_hash END, chain_v"
                       " FROM ticket_timeline t WHERE ticket_id IN (%s)"
                       " AND id = (SELECT MIN(id) FROM ticket_timeline u WHERE u.ticket_id = t.ticket_id)"
                       % (GENESIS, ",".join(map(str, ids))))
        check("chain: each ticket's timeline starts its own chain", sorted(first) == [(i, "genesis", 2) for i in ids],
              first)
        deadline, heads = time.time() + 15, {}
        while time.time() < deadline:
            heads, _ = anchored_heads(ctx, db)
            if all(i in heads for i in ids):
                break
            time.sleep(0.2)
        want = timeline_heads(ctx, db, ids)
        check("chain: the anchor job anchored each new ticket's head", {i: heads.get(i) for i in ids} == want,
              ({i: heads.get(i) for i in ids}, want))
    finally:
        rc, log = s.stop()
        check("chain: server stops cleanly", rc == 0, log[-500:])
    r = cli(binary, "audit", "verify", "--db", db)
    check("chain: untouched -> verify passes", r.returncode == 0 and "intact" in r.stdout, (r.stdout, r.stderr[-300:]))

    gone = gw.copy_db(ctx, db)
    gw.sql(ctx, gone, "DELETE FROM ticket_timeline WHERE ticket_id = ?", (ids[0],))
    r = cli(binary, "audit", "verify", "--db", gone)
    check("chain: a ticket's whole timeline deleted after its anchor -> verify fails naming it",
          r.returncode == 1 and "(ticket_id %d): the anchored head is gone" % ids[0] in r.stdout, (r.returncode, r.stdout))

    forged = gw.copy_db(ctx, db)
    row = gw.sql(ctx, forged, "SELECT MIN(id) FROM ticket_timeline WHERE ticket_id = ?", (ids[1],))[0][0]
    gw.sql(ctx, forged, "UPDATE ticket_timeline SET note = 'forged' WHERE id = ?", (row,))
    r = cli(binary, "audit", "verify", "--db", forged)
    check("chain: one tampered entry -> verify fails naming the row",
          r.returncode == 1 and "ticket_timeline id %d (ticket_id %d): hash does not match" % (row, ids[1]) in r.stdout,
          (r.returncode, r.stdout))

    # On demand: a database no server has anchored yet (the demo's tickets).
    fresh = gw.fresh_db(ctx, 4)
    n = gw.sql(ctx, fresh, "SELECT COUNT(DISTINCT ticket_id) FROM ticket_timeline")[0][0]
    cut = gw.sql(ctx, fresh, "SELECT MIN(ticket_id) FROM ticket_timeline")[0][0]
    r = cli(binary, "audit", "anchor", "--db", fresh)
    check("chain: audit anchor anchors every ticket's chain", r.returncode == 0 and r.stdout.strip() ==
          "anchored %d chain heads" % n, (n, r.stdout, r.stderr[-300:]))
    r = cli(binary, "audit", "anchor", "--db", fresh)
    check("chain: anchoring again with nothing moved anchors nothing", r.stdout.strip() == "anchored 0 chain heads",
          r.stdout)
    gw.sql(ctx, fresh, "DELETE FROM ticket_timeline WHERE ticket_id = ?", (cut,))
    r = cli(binary, "audit", "verify", "--db", fresh)
    check("chain: deleted after an on-demand anchor -> verify fails naming it",
          r.returncode == 1 and "(ticket_id %d)" % cut in r.stdout, (r.returncode, r.stdout))

    if backend.postgres:
        two_servers(ctx, binary)


def lock_key(ticket_id):
    return (0x6777 << 48) | (2 << 40) | ticket_id


def hold_locks(ctx, db, keys, seconds):
    """A psql session holding advisory locks `keys` for `seconds`; returns once they are held."""
    sql = "BEGIN; %s SELECT pg_sleep(%d); COMMIT;" % ("".join("SELECT pg_advisory_xact_lock(%d);" % k for k in keys),
                                                    seconds)
    p = subprocess.Popen([os.path.join(ctx["backend"].pgbin, "psql"), "-X", "-q", "-d", db, "-c", sql],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 10
    while time.time() < deadline:
        held = gw.sql(ctx, db, "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND (%s)"
                      % " OR ".join("(classid = %d AND objid = %d)" % (k >> 32, k & 0xffffffff) for k in keys))[0][0]
        if held >= len(keys):
            break
        time.sleep(0.05)
    return p


def two_servers(ctx, binary):
    check = ctx["check"]
    db = gw.fresh_db(ctx, 5)
    extra = ["--anchor-seconds", "1", "--sweep-seconds", "1", "--public-rate", "100000"]
    a, b = gw.Server(binary, db=db, extra=extra).start(), gw.Server(binary, db=db, extra=extra).start()
    try:
        hot = {"A": a.login("hotline"), "B": b.login("hotline")}
        sz = {"A": a.login("shizheng"), "B": b.login("shizheng")}
        # Anchors while both servers write: once per slot, not once per server.
        stop, made = threading.Event(), []

        def load():
            i = 0
            while not stop.is_set():
                r = report_manhole(hot["AB"[i % 2]], "双机锚定测试第%d件" % i)
                if r.status == 201:
                    made.append(r.json()["id"])
                i += 1
                time.sleep(0.05)
        th = threading.Thread(target=load)
        runs0 = (gw.sql(ctx, db, "SELECT runs FROM jobs WHERE name = 'chain.anchor'") or [(0,)])[0][0]
        t0 = time.time()
        th.start()
        time.sleep(6)
        stop.set()
        th.join(30)
        runs1 = gw.sql(ctx, db, "SELECT runs FROM jobs WHERE name = 'chain.anchor'")[0][0]
        elapsed = time.time() - t0
        check("pg chain: the anchor job ran about once a second for both servers together",
              elapsed / 2 <= runs1 - runs0 <= elapsed + 1.5, (runs1 - runs0, elapsed))
        time.sleep(2.5)  # the last rows get anchored
        heads, entries = anchored_heads(ctx, db)
        slots = [d["slot"] for d in entries if d["part"] == 0]
        check("pg chain: no slot anchored twice", len(slots) == len(set(slots)) and len(slots) >= 3, slots)
        listed = [(t, lid) for d in entries for t, lid, _ in d["heads"]]
        check("pg chain: no head anchored twice", len(listed) == len(set(listed)), len(listed))
        want = timeline_heads(ctx, db, made)
        check("pg chain: every ticket written meanwhile has its head anchored",
              len(made) > 20 and all(heads.get(t) == want[t] for t in made), (len(made), len(want)))

        # A held chain lock of one ticket (and the old cluster-wide timeline lock) does not hold up a
        # write to another ticket on the other server; a write to the locked ticket waits for it.
        t1, t2 = [report_manhole(hot["A"], "锁测试第%d件" % i).json()["id"] for i in range(2)]
        holder = hold_locks(ctx, db, [lock_key(t1), OLD_GLOBAL_LOCK], 4)
        waited = {}

        def sign(name, server, tid):
            t = time.time()
            waited[name] = (act(sz[server], tid, "sign").status, time.time() - t)
        slow = threading.Thread(target=sign, args=("t1", "A", t1))
        slow.start()
        time.sleep(0.2)
        sign("t2", "B", t2)
        slow.join(30)
        holder.wait(30)
        check("pg chain: a write to another ticket does not wait for a held chain lock",
              waited["t2"][0] == 200 and waited["t2"][1] < 1.5, waited)
        check("pg chain: a write to the locked ticket waits for its lock", waited["t1"][0] == 200 and waited["t1"][1] > 2,
              waited)
    finally:
        for name, srv in (("A", a), ("B", b)):
            rc, log = srv.stop()
            check("pg chain: server %s stops cleanly" % name, rc == 0, log[-500:])
    r = cli(binary, "audit", "verify", "--db", db)
    check("pg chain: verify passes after two servers", r.returncode == 0 and "intact" in r.stdout,
          (r.stdout, r.stderr[-300:]))
