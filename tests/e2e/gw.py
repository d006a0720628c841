"""Small HTTP client and server harness for gridwork's end-to-end tests (stdlib only)."""
import http.client
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<%d %s>" % (self.status, self.body[:300])


class Client:
    """One keep-alive connection to the server; token is sent as a bearer."""

    def __init__(self, port, token=None):
        self.port = port
        self.token = token

    def request(self, method, path, body=None, headers=None, raw=None, ctype="application/json"):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if data is not None and "Content-Type" not in h and ctype:
            h["Content-Type"] = ctype
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            c.request(method, path, body=data, headers=h)
            r = c.getresponse()
            return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
        finally:
            c.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def form(self, path, fields):
        return self.request("POST", path, raw=urllib.parse.urlencode(fields).encode(),
                            ctype="application/x-www-form-urlencoded")


def raw_exchange(port, data, timeout=5):
    """Send raw bytes, return everything the server sends back before closing (or timeout)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        s.sendall(data)
        out = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            out += chunk
            if b"\r\n\r\n" in out:
                head, _, rest = out.partition(b"\r\n\r\n")
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        if len(rest) >= int(line.split(b":")[1]):
                            return out
        return out
    finally:
        s.close()


class Server:
    """A gridwork process on a free loopback port with its own database directory."""

    def __init__(self, binary, db=None, extra=()):
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="gw-e2e-")
        self.db = db or os.path.join(self.dir, "gw.db")
        self.port = free_port()
        self.extra = list(extra)
        self.proc = None
        self.log_path = os.path.join(self.dir, "server.log")

    def cli(self, *args, check=True):
        r = subprocess.run([self.binary, *args], capture_output=True, text=True, timeout=600)
        if check and r.returncode != 0:
            raise RuntimeError("gridwork %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr[-2000:]))
        return r

    def start(self):
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([self.binary, "serve", "--db", self.db, "--listen", "127.0.0.1:%d" % self.port,
                                      "--access-log", "0", *self.extra], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + open(self.log_path).read()[-3000:])
            try:
                if Client(self.port).get("/healthz").status == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not come up")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        """SIGTERM; returns (exit code, log text)."""
        if self.proc is None:
            return 0, ""
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.log.close()
        self.proc = None
        return rc, open(self.log_path).read()

    def login(self, username, password="demo"):
        r = Client(self.port).post("/api/v1/auth/login", {"username": username, "password": password})
        if r.status != 200:
            raise RuntimeError("login %s: %r" % (username, r))
        return Client(self.port, r.json()["token"])
