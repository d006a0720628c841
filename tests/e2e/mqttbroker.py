"""A real mosquitto (Debian's package) for the tests and `make run`: 127.0.0.1, a free port, a generated
config in its own directory, optional password file + ACL, optional persistence. Stdlib only.

    b = Mosquitto(users={"gridwork": "pw", "MC-001": "dev"}, acl=ACL).start()
    b.pub("gridwork/v1/devices/MC-001/status", '{"status":"tilted"}', qos=1)
    b.stop()
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time

import gw

# The broker's ACL for devices and servers (docs/iot.md): a device may only publish on its own topics
# (%u = its username = its device id); the server user reads every device's topics.
DEVICE_ACL = """user gridwork
topic read gridwork/v1/devices/#

pattern write gridwork/v1/devices/%u/status
pattern write gridwork/v1/devices/%u/telemetry
"""


class Mosquitto:
    def __init__(self, port=None, users=None, acl=None, persistence=False, directory=None):
        self.port = port or gw.free_port()
        self.dir = directory or tempfile.mkdtemp(prefix="gw-mqtt-")
        self.users = users or {}
        self.acl = acl
        self.persistence = persistence
        self.proc = None
        self.log_path = os.path.join(self.dir, "mosquitto.log")

    def _config(self):
        lines = ["listener %d 127.0.0.1" % self.port, "log_dest file %s" % self.log_path,
                 "log_type error", "log_type warning", "log_type notice", "log_type information",
                 "max_queued_messages 100000", "persistent_client_expiration 1d"]
        if os.environ.get("GW_MQTT_DEBUG"):
            lines.append("log_type all")
        if os.geteuid() == 0:
            lines.append("user root")  # mosquitto drops root for the 'mosquitto' user, who cannot write here
        if self.users:
            pw = os.path.join(self.dir, "passwd")
            open(pw, "w").close()
            for u, p in self.users.items():
                subprocess.run(["mosquitto_passwd", "-b", pw, u, p], check=True, capture_output=True)
            lines += ["allow_anonymous false", "password_file %s" % pw]
        else:
            lines.append("allow_anonymous true")
        if self.acl:
            path = os.path.join(self.dir, "acl")
            with open(path, "w") as f:
                f.write(self.acl)
            lines.append("acl_file %s" % path)
        if self.persistence:
            lines += ["persistence true", "persistence_location %s/" % self.dir, "autosave_interval 1"]
        else:
            lines.append("persistence false")
        path = os.path.join(self.dir, "mosquitto.conf")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        return path

    def start(self):
        conf = self._config()
        self.proc = subprocess.Popen(["mosquitto", "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 10
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("mosquitto exited: %s %s" % (self.proc.stderr.read(), self.log()))
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not come up: " + self.log())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self):
        self.stop()
        return self.start()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def log(self):
        try:
            return open(self.log_path).read()
        except OSError:
            return ""

    def pub(self, topic, payload, qos=1, user=None, password=None, lines=False, check=True):
        """mosquitto_pub one message (or, lines=True, one message per line of payload)."""
        cmd = ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(self.port), "-q", str(qos), "-t", topic]
        if user:
            cmd += ["-u", user, "-P", password or ""]
        if lines:
            cmd += ["-l"]
            r = subprocess.run(cmd, input=payload.encode(), capture_output=True, timeout=60)
        elif not payload:
            cmd += ["-n"]
            r = subprocess.run(cmd, capture_output=True, timeout=30)
        else:
            cmd += ["-s"]
            r = subprocess.run(cmd, input=payload if isinstance(payload, bytes) else payload.encode(),
                               capture_output=True, timeout=30)
        if check and r.returncode != 0:
            raise RuntimeError("mosquitto_pub failed: %s" % r.stderr.decode(errors="replace"))
        return r


class Publisher:
    """A minimal MQTT 3.1.1 QoS 1 publisher (stdlib, one connection, clean session): publish() sends a list
    of (topic, payload) with up to `window` in flight and returns once the broker has acknowledged every
    one (PUBACK). For tests that must send many messages to many topics fast; mosquitto_pub takes one topic."""

    def __init__(self, port, client_id, window=64):
        self.window = window
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        cid = client_id.encode()
        body = b"\x00\x04MQTT\x04\x02\x00\x3c" + len(cid).to_bytes(2, "big") + cid
        self.sock.sendall(b"\x10" + _varint(len(body)) + body)
        head, rest = self._packet()
        if head >> 4 != 2 or rest[1] != 0:
            raise RuntimeError("CONNACK refused: %r" % rest)
        self.mid = 0
        self.acked = 0

    def _read(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise RuntimeError("the broker closed the connection")
            out += chunk
        return out

    def _packet(self):
        head = self._read(1)[0]
        n, shift = 0, 0
        while True:
            b = self._read(1)[0]
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                break
        return head, self._read(n)

    def publish(self, messages):
        inflight = 0
        for topic, payload in messages:
            self.mid = self.mid % 65535 + 1
            t = topic.encode()
            p = payload if isinstance(payload, bytes) else payload.encode()
            body = len(t).to_bytes(2, "big") + t + self.mid.to_bytes(2, "big") + p
            self.sock.sendall(b"\x32" + _varint(len(body)) + body)
            inflight += 1
            while inflight >= self.window:
                inflight -= self._puback()
        while inflight:
            inflight -= self._puback()

    def _puback(self):
        head, _ = self._packet()
        if head >> 4 == 4:
            self.acked += 1
            return 1
        return 0

    def close(self):
        try:
            self.sock.sendall(b"\xe0\x00")
        finally:
            self.sock.close()


def _varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out
