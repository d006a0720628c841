"""Anchor for durable writes: single-row INSERT + COMMIT with WAL and synchronous=FULL,
as fast as one thread can, for N seconds. Prints commits per second."""
import sqlite3
import sys
import time

path, secs = sys.argv[1], float(sys.argv[2])
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, description TEXT, created_ms INTEGER)")
n, t0 = 0, time.monotonic()
while time.monotonic() - t0 < secs:
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t(description, created_ms) VALUES (?, ?)", ("压测：中山路井盖破损", int(time.time() * 1000)))
    db.execute("COMMIT")
    n += 1
print("%.1f" % (n / (time.monotonic() - t0)))
