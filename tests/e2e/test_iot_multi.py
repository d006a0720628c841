"""PostgreSQL only: two gridwork servers on one database take the same device's alarm at the same moment,
many times: exactly one open alarm and one ticket each time, every message counted on it (the partial
unique index on open alarms and the upsert hold across servers, not a read-then-insert)."""
import threading

import gw
from test_iot import alarms, dev_client, new_device, new_type, send

THREADS = 12
ROUNDS = 6


def run(base, ctx):
    check, binary, backend = ctx["check"], ctx["binary"], ctx["backend"]
    if not backend.postgres:
        return
    db = gw.fresh_db(ctx, 5)
    a = gw.Server(binary, db=db, extra=["--public-rate", "100000"]).start()
    b = gw.Server(binary, db=db, extra=["--public-rate", "100000"]).start()
    try:
        admin = a.login("admin")
        t = new_type(admin, "multi")
        check("iot multi: type", t.status == 201, t)
        r, _ = new_device(admin, a.port, "MCX-0001", t.json()["code"])
        secret = r.json()["secret"]
        for k in range(ROUNDS):
            go = threading.Barrier(THREADS)
            res = []

            def post(i):
                c = dev_client((a, b)[i % 2].port, "MCX-0001", secret)
                go.wait()
                res.append(send(c, {"status": "tilted"}).status)
            ts = [threading.Thread(target=post, args=(i,)) for i in range(THREADS)]
            [x.start() for x in ts]
            [x.join() for x in ts]
            act = alarms(admin, "MCX-0001", "active")
            tickets = [x["ticket_id"] for x in alarms(admin, "MCX-0001")]
            check("iot multi: round %d: one open alarm holding all %d messages" % (k, THREADS),
                  res == [200] * THREADS and len(act) == 1 and act[0]["count"] == THREADS, (res, act))
            check("iot multi: round %d: one ticket per alarm" % k,
                  len(tickets) == k + 1 and len(set(tickets)) == k + 1 and None not in tickets, tickets)
            for s in (a, b):  # each server's cache has seen the alarm: either clears it, the other finds it cleared
                send(dev_client(s.port, "MCX-0001", secret), {"status": "normal"})
            check("iot multi: round %d: cleared" % k, alarms(admin, "MCX-0001", "active") == [])
        n = gw.sql(ctx, db, "SELECT COUNT(*) FROM tickets WHERE source = 'iot'")[0][0]
        check("iot multi: tickets in the database = alarms", n == ROUNDS, n)
    finally:
        for s in (a, b):
            rc, log = s.stop()
            check("iot multi: server stops cleanly without sanitizer reports", rc == 0 and "Sanitizer" not in log
                  and "runtime error:" not in log, log[-2000:])
