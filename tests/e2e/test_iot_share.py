"""PostgreSQL only: two gridwork servers in one MQTT shared subscription ($share/<group>/...) split one
stream of status changes (issue 10). A publisher sends rounds of status changes for many devices (every
device tilted, then every one normal, then tilted again, then normal); a round is published only when the
one before has settled, because a shared subscription hands one device's messages to either server and
does not keep their order. Afterwards every tilted message made exactly one alarm and one ticket (none
lost, none twice) and every normal cleared it; both servers took part (their /metrics counters). In the
third round one server is SIGKILLed mid-stream and restarted under the same client id: whatever it had
acknowledged is in the database, and whatever it had not comes again (to it after the restart: the
broker keeps a persistent session's queue)."""
import os
import threading
import time

import gw
from mqttbroker import Mosquitto, Publisher
from test_iot import LAT, LON, new_type
from test_iot_mqtt import metric, until

DEVICES = 120
GROUP = "gwshare"
T = "gridwork/v1/devices/%s/status"


def serve(ctx, db, b, cid):
    srv = gw.Server(ctx["binary"], db=db, extra=["--public-rate", "100000", "--mqtt-url", "mqtt://127.0.0.1:%d" % b.port,
                                                 "--mqtt-client-id", cid, "--mqtt-share-group", GROUP])
    srv.start()
    ctx["check"]("iot share: %s subscribed" % cid, until(lambda: metric(srv.port, "gridwork_mqtt_up") == 1, 20),
                 gw.Client(srv.port).get("/metrics").body[-600:])
    return srv


def delivered(srv):
    return metric(srv.port, "gridwork_mqtt_delivered_total") or 0


def state(ctx, db, devs):
    """Per device: (alarms, distinct tickets of them, active alarms), read from the database."""
    rows = gw.sql(ctx, db, "SELECT d.device_id, COUNT(a.id), COUNT(DISTINCT a.ticket_id), "
                  "COALESCE(SUM(CASE WHEN a.state = 'active' THEN 1 ELSE 0 END), 0) FROM devices d "
                  "LEFT JOIN alarms a ON a.device_id = d.id WHERE d.device_id LIKE 'SHR-%' GROUP BY d.device_id")
    got = {r[0]: tuple(int(x) for x in r[1:]) for r in rows}
    return {d: got.get(d) for d in devs}


def settled(ctx, db, devs, n_alarms, active):
    want = (n_alarms, n_alarms, 1 if active else 0)
    return all(v == want for v in state(ctx, db, devs).values())


def publish_round(b, devs, status, tag):
    p = Publisher(b.port, "share-pub-%s-%d" % (tag, os.getpid()), window=8)
    try:
        p.publish([(T % d, '{"ts":%d,"status":"%s"}' % (int(time.time() * 1000), status)) for d in devs])
    finally:
        p.close()


def run(base, ctx):
    check, backend = ctx["check"], ctx["backend"]
    if not backend.postgres:
        return
    b = Mosquitto(persistence=True).start()
    db = gw.fresh_db(ctx, 0)
    ids = ("gw-share-a-%d" % os.getpid(), "gw-share-b-%d" % os.getpid())
    a = z = None
    try:
        a, z = serve(ctx, db, b, ids[0]), serve(ctx, db, b, ids[1])
        admin = z.login("admin")  # z is never killed
        tcode = new_type(admin, "share%d" % os.getpid()).json()["code"]
        devs = ["SHR-%03d" % i for i in range(DEVICES)]
        sheet = "device_id,type,name,lon,lat,address\n" + "".join(
            "%s,%s,井盖%s,%s,%s,中山路100号\n" % (d, tcode, d, LON, LAT) for d in devs)
        r = admin.request("POST", "/api/v1/devices/import", raw=sheet.encode(), ctype="text/csv")
        check("iot share: %d devices" % DEVICES, r.status == 201 and r.json()["imported"] == DEVICES, r)

        publish_round(b, devs, "tilted", "1")
        check("iot share: round 1 (tilted): one alarm and one ticket per device",
              until(lambda: settled(ctx, db, devs, 1, True), 60), state(ctx, db, devs))
        publish_round(b, devs, "normal", "2")
        check("iot share: round 2 (normal): every alarm cleared", until(lambda: settled(ctx, db, devs, 1, False), 60),
              state(ctx, db, devs))
        da, dz = delivered(a), delivered(z)
        check("iot share: both servers took a share of the stream, each message once",
              da > 0 and dz > 0 and da + dz == 2 * DEVICES, (da, dz))

        # round 3 with a SIGKILL of server a in the middle of it
        pub = threading.Thread(target=publish_round, args=(b, devs, "tilted", "3"))
        pub.start()
        until(lambda: delivered(a) > da + 5 or not pub.is_alive(), 30)
        at_kill = delivered(a) - da
        a.proc.kill()
        a.proc.wait()
        a.log.close()
        a.proc = None
        pub.join(60)
        time.sleep(0.5)
        a = serve(ctx, db, b, ids[0])  # the same session: what it had not acknowledged comes again
        check("iot share: round 3 (tilted, a server SIGKILLed mid-stream): every device has its new alarm and ticket, none twice",
              until(lambda: settled(ctx, db, devs, 2, True), 90), state(ctx, db, devs))
        after, zd = delivered(a), delivered(z) - dz
        print("iot share: round 3: a acknowledged %d before SIGKILL, %d after its restart; b %d" % (at_kill, after, zd))
        # The counters cannot add up exactly: what a acknowledged between reading at_kill and the SIGKILL is
        # counted nowhere (committed and acknowledged, so not sent again). That nothing was lost is the
        # database check above; here: the restarted server received the rest of its share.
        check("iot share: round 3: the killed server had not finished its share; it got the rest after its restart",
              after > 0, (at_kill, after, zd))
        publish_round(b, devs, "normal", "4")
        check("iot share: round 4 (normal): every alarm cleared", until(lambda: settled(ctx, db, devs, 2, False), 60),
              state(ctx, db, devs))
        n = gw.sql(ctx, db, "SELECT COUNT(*), COUNT(DISTINCT ticket_id) FROM alarms WHERE ticket_id IS NOT NULL")[0]
        t = gw.sql(ctx, db, "SELECT COUNT(*) FROM tickets WHERE source = 'iot'")[0][0]
        check("iot share: in the database, alarms = tickets = 2 per device", n == (2 * DEVICES, 2 * DEVICES)
              and t == 2 * DEVICES, (n, t))
    finally:
        for s in (a, z):
            if s and s.proc:
                rc, log = s.stop()
                check("iot share: server stops cleanly without sanitizer reports", rc == 0 and "Sanitizer" not in log
                      and "runtime error:" not in log, log[-2000:])
        b.cleanup()
