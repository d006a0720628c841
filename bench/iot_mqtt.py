"""The MQTT half of bench/iot.sh: publish N messages through a mosquitto broker and time how long the
subscriber takes to take all of them, from the first byte published to the last message taken.

  iot_mqtt.py status|telemetry|batch PREFIX BROKER_PORT N DEVICES anchor
  iot_mqtt.py status|telemetry|batch PREFIX BROKER_PORT N DEVICES gridwork METRICS_PORT[,METRICS_PORT...]

status: QoS 1 status changes on PREFIX/devices/<id>/status; the devices BENCH-00000.. take turns and
each message flips its device between tilted and normal (a manhole cover: every message raises or clears
an alarm, a raise opens a ticket). telemetry: QoS 0 heartbeats ({"status":"normal","values":{...}}) on
.../telemetry, which change nothing durable; batch: the same heartbeats 100 to a message
({"events":[...]}, as a gateway would send them; N counts heartbeats). Each subscriber under test has its own PREFIX (the
anchor's is anchor/v1), so that none of them sees another's stream. One publisher connection (a stdlib MQTT client that sends
the encoded packets in large writes and reads PUBACKs on another thread, so that it outruns both
subscribers); per device the order is kept.

Subscriber "gridwork": the servers already subscribed (serve --mqtt-url); done when the sum of their
gridwork_mqtt_delivered_total (status) or gridwork_iot_heartbeats_total (telemetry) has grown by N.
Subscriber "anchor": mosquitto_sub (C, libmosquitto, the same QoS as the server's subscription: 1)
started here with -C N; done when it exits. Prints "RATE msgs/s SECONDS s" on stdout."""
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "e2e"))
from mqttbroker import _varint  # noqa: E402


BATCH = 100


def packets(kind, prefix, n, devices):
    """The encoded PUBLISH packets, in order. QoS 1 for status, QoS 0 for telemetry."""
    out = []
    ts = int(time.time() * 1000)
    for i in range(n):
        d = i % devices
        if kind == "status":
            status = "tilted" if (i // devices) % 2 == 0 else "normal"
            topic = b"%s/devices/BENCH-%05d/status" % (prefix, d)
            payload = b'{"ts":%d,"status":"%s"}' % (ts + i, status.encode())
            mid = i % 65535 + 1
            body = len(topic).to_bytes(2, "big") + topic + mid.to_bytes(2, "big") + payload
            out.append(b"\x32" + _varint(len(body)) + body)
        else:
            topic = b"%s/devices/BENCH-%05d/telemetry" % (prefix, d)
            payload = b'{"ts":%d,"status":"normal","values":{"t":%d,"battery":87}}' % (ts + i, i % 40)
            if kind == "batch":
                payload = b'{"events":[' + b",".join([payload] * BATCH) + b']}'
            body = len(topic).to_bytes(2, "big") + topic + payload
            out.append(b"\x30" + _varint(len(body)) + body)
    return out


class FastPublisher:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        cid = b"bench-pub-%d" % os.getpid()
        body = b"\x00\x04MQTT\x04\x02\x00\x3c" + len(cid).to_bytes(2, "big") + cid
        self.sock.sendall(b"\x10" + _varint(len(body)) + body)
        if self.sock.recv(4)[:1] != b"\x20":
            raise RuntimeError("no CONNACK")
        self.acked = 0
        self.cv = threading.Condition()

    def _reader(self, want):
        buf = b""
        while self.acked < want:
            chunk = self.sock.recv(65536)
            if not chunk:
                return
            buf += chunk
            k = len(buf) // 4  # every packet the broker sends us now is a 4-byte PUBACK
            buf = buf[k * 4:]
            with self.cv:
                self.acked += k
                self.cv.notify_all()

    def send(self, pkts, qos, window=2000, chunk=200):
        r = None
        if qos:
            r = threading.Thread(target=self._reader, args=(len(pkts),))
            r.start()
        for i in range(0, len(pkts), chunk):
            if qos:
                with self.cv:
                    self.cv.wait_for(lambda: i - self.acked < window, timeout=60)
            self.sock.sendall(b"".join(pkts[i:i + chunk]))
        if r:
            r.join(120)

    def close(self):
        self.sock.sendall(b"\xe0\x00")
        self.sock.close()


def metric(ports, name):
    total = 0.0
    for port in ports.split(","):
        text = urllib.request.urlopen("http://127.0.0.1:%s/metrics" % port, timeout=10).read().decode()
        m = re.search(r"^%s (\S+)$" % re.escape(name), text, re.M)
        total += float(m.group(1)) if m else 0.0
    return total


def main():
    kind, prefix, bport, n, devices, who = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    pkts = packets(kind, prefix.encode(), n // BATCH if kind == "batch" else n, devices)
    qos = 1 if kind == "status" else 0
    pub = FastPublisher(bport)
    if who == "anchor":
        sub = subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", str(bport), "-q", "1", "-C", str(len(pkts)),
                                "-i", "bench-anchor-%d" % os.getpid(), "-t", "%s/devices/+/%s" % (prefix, "status" if kind == "status" else "telemetry")],
                               stdout=subprocess.DEVNULL)
        time.sleep(0.5)  # subscribed (mosquitto_sub has no ready signal; it subscribes on CONNACK)
        t0 = time.monotonic()
        pub.send(pkts, qos)
        sub.wait(600)
        t1 = time.monotonic()
    else:
        mport = sys.argv[7]
        name = "gridwork_mqtt_delivered_total" if kind == "status" else "gridwork_iot_heartbeats_total"
        base = metric(mport, name)
        t0 = time.monotonic()
        pub.send(pkts, qos)
        got = base
        while got < base + n and time.monotonic() - t0 < 600:
            time.sleep(0.01)
            got = metric(mport, name)
        t1 = time.monotonic()
        if got < base + n:
            print("iot_mqtt.py: only %d of %d messages taken" % (got - base, n), file=sys.stderr)
    pub.close()
    print("%.0f msgs/s %.3f s" % (n / (t1 - t0), t1 - t0))


if __name__ == "__main__":
    main()
