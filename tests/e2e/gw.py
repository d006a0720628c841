"""Small HTTP client and server harness for gridwork's end-to-end tests (stdlib only)."""
import http.client
import itertools
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


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
    """One keep-alive connection to the server; token is sent as a bearer. Error messages are asked for
    in English (lang="en") so tests can compare them; lang=None sends no Accept-Language."""

    def __init__(self, port, token=None, lang="en"):
        self.port = port
        self.token = token
        self.lang = lang

    def request(self, method, path, body=None, headers=None, raw=None, ctype="application/json"):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if data is not None and "Content-Type" not in h and ctype:
            h["Content-Type"] = ctype
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        if self.lang and "Accept-Language" not in h:
            h["Accept-Language"] = self.lang
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

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

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


STARTED = []  # every Server started, so that run.py can end those a crashed test left running


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
        STARTED.append(self)
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


# ---- databases: SQLite files, or PostgreSQL databases when GW_PG_DIR names a cluster -----------


class Backend:
    """Where the tests' databases live. Without GW_PG_DIR: SQLite files in temporary directories.
    With GW_PG_DIR (a cluster started by `scripts/pg.sh start DIR`): one new database per call on
    that cluster, named by URL. Every database this run creates is listed in self.created."""

    def __init__(self, binary):
        self.binary = binary
        self.pg_dir = os.environ.get("GW_PG_DIR") or None
        self.name = "postgres" if self.pg_dir else "sqlite"
        self.pgbin = os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin")
        self.created = []
        self._seq = itertools.count(1)
        self._tag = "%d_%04d" % (os.getpid(), random.randrange(10000))

    @property
    def postgres(self):
        return self.pg_dir is not None

    def new_db(self):
        """An empty database (no schema yet): a file path or a postgres:// URL."""
        if not self.postgres:
            path = os.path.join(tempfile.mkdtemp(prefix="gw-e2e-"), "gw.db")
        else:
            name = "e2e_%s_%d" % (self._tag, next(self._seq))
            r = subprocess.run([os.path.join(ROOT, "scripts", "pg.sh"), "createdb", self.pg_dir, name],
                               capture_output=True, text=True, timeout=120)
            if r.returncode != 0 or not r.stdout.startswith("postgres://"):
                raise RuntimeError("pg.sh createdb %s failed (%d): %s" % (name, r.returncode, r.stderr[-2000:]))
            path = r.stdout.strip()
        self.created.append(path)
        return path

    def _gridwork(self, *args):
        r = subprocess.run([self.binary, *args], capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            raise RuntimeError("gridwork %s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr[-2000:]))
        return r

    def fresh_db(self, tickets=40):
        """A new database with the schema and the demo city (`gridwork init` + `gridwork demo`)."""
        db = self.new_db()
        self._gridwork("init", "--db", db)
        self._gridwork("demo", "--db", db, "--tickets", str(tickets))
        return db

    def copy_db(self, src):
        """A consistent copy of `src` (which a server may be writing): `gridwork backup` for SQLite,
        pg_dump into a new database for PostgreSQL. The copy starts with no request counters (table
        rate_counters, shared by servers on one PostgreSQL database): like a SQLite server's in-memory
        limits, they belong to the servers running on `src`, not to a copy."""
        if not self.postgres:
            dest = os.path.join(tempfile.mkdtemp(prefix="gw-copy-"), "copy.db")
            self._gridwork("backup", "--db", src, "--to", dest)
            self.created.append(dest)
            return dest
        dest = self.new_db()
        dump = subprocess.Popen([os.path.join(self.pgbin, "pg_dump"), "--no-owner", "--no-privileges",
                                 "--exclude-table-data=rate_counters", "-d", src],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        load = subprocess.run([os.path.join(self.pgbin, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dest],
                              stdin=dump.stdout, capture_output=True, text=True, timeout=300)
        dump.stdout.close()
        derr = dump.stderr.read().decode(errors="replace")
        if dump.wait(timeout=300) != 0 or load.returncode != 0:
            raise RuntimeError("copy %s -> %s failed: %s %s" % (src, dest, derr[-1000:], load.stderr[-1000:]))
        return dest

    def sql(self, db, query, params=()):
        """Run one statement against `db` with ?-placeholders; returns its rows as tuples (ints as int,
        NULL as None, everything else as str). Changes are committed."""
        if not self.postgres:
            return sqlite_sql(db, query, params)
        parts = query.split("?")
        if len(parts) != len(params) + 1:
            raise ValueError("%d placeholders, %d parameters" % (len(parts) - 1, len(params)))
        text = parts[0] + "".join(_pg_literal(v) + p for v, p in zip(params, parts[1:]))
        null, fs, rs = "\x1dNULL\x1d", "\x1f", "\x1e"
        r = subprocess.run([os.path.join(self.pgbin, "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                            "-F", fs, "-R", rs, "-P", "null=" + null, "-d", db, "-c", text],
                           capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            raise RuntimeError("psql %r failed: %s" % (text[:200], r.stderr[-1000:]))
        out = r.stdout[:-1] if r.stdout.endswith("\n") else r.stdout
        if not out:
            return []
        return [tuple(_pg_value(f, null) for f in row.split(fs)) for row in out.split(rs)]

    def drop_all(self):
        """Drop the PostgreSQL databases this run created (servers on them must have stopped)."""
        if not self.postgres:
            return
        admin = subprocess.run([os.path.join(ROOT, "scripts", "pg.sh"), "url", self.pg_dir, "postgres"],
                               capture_output=True, text=True).stdout.strip()
        for url in self.created:
            name = url.rsplit("/", 1)[1]
            subprocess.run([os.path.join(self.pgbin, "psql"), "-X", "-q", "-d", admin, "-c",
                            'DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name], capture_output=True, timeout=120)


def avoid_window_end(window_s, margin_s):
    """Sleep past the end of the current wall-clock window when fewer than margin_s seconds of it
    remain, so that a short burst of requests falls in one window. Servers sharing a PostgreSQL
    database count rate limits and login failures in fixed windows aligned to the clock."""
    left = window_s - time.time() % window_s
    if left < margin_s:
        time.sleep(left + 0.2)


def sqlite_sql(path, query, params=()):
    """Run one ?-parameterized statement against a SQLite file; returns its rows (committed)."""
    con = sqlite3.connect(path, timeout=30)
    try:
        rows = con.execute(query, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def _pg_literal(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (int, float)):
        return repr(v)
    return "'" + str(v).replace("'", "''") + "'"


def _pg_value(f, null):
    if f == null:
        return None
    try:
        return int(f)
    except ValueError:
        return f


def fresh_db(ctx, tickets=40):
    """A new database with the demo city, on the backend this run uses."""
    return ctx["backend"].fresh_db(tickets)


def copy_db(ctx, src):
    """A consistent copy of database `src` (file or URL), on the backend this run uses."""
    return ctx["backend"].copy_db(src)


def sql(ctx, db, query, params=()):
    """Run one ?-parameterized statement against database `db`; returns its rows."""
    return ctx["backend"].sql(db, query, params)
