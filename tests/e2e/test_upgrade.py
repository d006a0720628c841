"""Per-module migrations: a database of the single migration history (schema_migrations 1..3, built here
from the old migration texts kept verbatim in tests/e2e/legacy/) opens with this binary as if it had
been made by it — the same tables, columns and indexes as a new database, the old data moved by the
pending migrations — and a database newer than the binary (a module ahead, a module unknown here, an
old history past 3) is refused. SQLite or PostgreSQL, whichever the run uses."""
import os
import re
import subprocess

import gw

LEGACY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "legacy")
OLD_META = "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_ms BIGINT NOT NULL)"


def old_migrations(backend):
    """{version: SQL text} of the single history, for this backend's dialect."""
    text = open(os.path.join(LEGACY, "pg.sql" if backend.postgres else "sqlite.sql"), encoding="utf-8").read()
    parts = re.split(r"^-- migration (\d+)\n", text, flags=re.M)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}


def script(backend, db, text):
    """Run a multi-statement script in one transaction."""
    if not backend.postgres:
        con = gw.sqlite3.connect(db)
        try:
            con.executescript("BEGIN;\n" + text + "\nCOMMIT;")
        finally:
            con.close()
        return
    r = subprocess.run([os.path.join(backend.pgbin, "psql"), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", db],
                       input=text, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError("psql failed: " + r.stderr[-1000:])


def old_db(backend, version, extra=""):
    """A database exactly as the old binary left it at `version`, then `extra` SQL."""
    db = backend.new_db()
    mig = old_migrations(backend)
    text = "".join(mig[v] + "\n" + OLD_META + ";\nINSERT INTO schema_migrations VALUES (%d, 1);\n" % v
                   for v in range(1, version + 1))
    script(backend, db, text + extra)
    return db


def shape(backend, db):
    """Every table's columns (name:type, in order) and every index's definition."""
    if backend.postgres:
        cols = gw.Backend.sql(backend, db, "SELECT table_name || '(' || string_agg(column_name || ':' || data_type, ','"
                              " ORDER BY ordinal_position) || ')' FROM information_schema.columns"
                              " WHERE table_schema = current_schema() GROUP BY table_name ORDER BY table_name")
        idx = gw.Backend.sql(backend, db, "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                             " ORDER BY indexname")
    else:
        cols = gw.sqlite_sql(db, "SELECT m.name || '(' || group_concat(p.name || ':' || p.type, ',') || ')'"
                             " FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'"
                             " GROUP BY m.name ORDER BY m.name")
        idx = gw.sqlite_sql(db, "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master"
                            " WHERE type IN ('index', 'trigger') ORDER BY name")
    return [c[0] for c in cols], [re.sub(r"\s+", " ", i[0]) for i in idx]


def init(binary, db):
    return subprocess.run([binary, "init", "--db", db], capture_output=True, text=True, timeout=300)


def versions(ctx, db):
    return gw.sql(ctx, db, "SELECT module, version FROM schema_versions ORDER BY module, version")


# The old single history (versions 1..3) covered core 1..3 and ops 1..2; later migrations of either
# module apply on top of the mapping, so an upgraded database must end where a new one starts.
LEGACY_COVERS = {"core": 3, "ops": 2}


def contiguous(vs):
    """Each module's versions run 1..n with nothing missing."""
    by = {}
    for m, v in vs:
        by.setdefault(m, []).append(v)
    return all(sorted(v) == list(range(1, len(v) + 1)) for v in by.values()) and set(by) >= set(LEGACY_COVERS) \
        and all(len(by[m]) >= n for m, n in LEGACY_COVERS.items())
# a root division and a ticket nobody could place (division_path '/'): old migration 3 moves it
PLACED = ("INSERT INTO divisions(parent_id, level, code, name, path, created_ms) VALUES (NULL, 'city', 'C1', 'City', '/1/', 1);\n"
          "INSERT INTO categories(code, name, kind, created_ms) VALUES ('01', 'Roads', 'part', 1);\n"
          "INSERT INTO tickets(track_code, source, category_id, description, state, created_ms, updated_ms)"
          " VALUES ('T1', 'resident', 1, 'pothole', 'reported', 1, 1);\n")


def run(base, ctx):
    check, binary, backend = ctx["check"], ctx["binary"], ctx["backend"]
    fresh = backend.new_db()
    r = init(binary, fresh)
    check("upgrade: a new database migrates", r.returncode == 0, r.stderr[-500:])
    NEW = versions(ctx, fresh)
    check("upgrade: a new database records each module, every version from 1", contiguous(NEW), NEW)
    check("upgrade: a new database tells old binaries it is newer",
          gw.sql(ctx, fresh, "SELECT version FROM schema_migrations") == [(1000000,)])
    want = shape(backend, fresh)

    for v in (1, 2, 3):
        db = old_db(backend, v, PLACED if v < 3 else "")
        r = init(binary, db)
        check("upgrade: old version %d opens" % v, r.returncode == 0, r.stderr[-800:])
        check("upgrade: old version %d mapped onto the modules" % v, versions(ctx, db) == NEW, versions(ctx, db))
        check("upgrade: old version %d keeps its history and the moved mark" % v,
              gw.sql(ctx, db, "SELECT version FROM schema_migrations ORDER BY version")
              == [(i,) for i in range(1, v + 1)] + [(1000000,)])
        got = shape(backend, db)
        check("upgrade: old version %d has the new database's tables and columns" % v, got[0] == want[0],
              sorted(set(got[0]) ^ set(want[0]))[:4])
        check("upgrade: old version %d has the new database's indexes" % v, got[1] == want[1],
              sorted(set(got[1]) ^ set(want[1]))[:4])
        if v < 3:
            check("upgrade: the pending old migration ran on old rows (version %d)" % v,
                  gw.sql(ctx, db, "SELECT needs_location, division_path FROM tickets") == [(1, "/1/")],
                  gw.sql(ctx, db, "SELECT needs_location, division_path FROM tickets"))
        r = init(binary, db)
        check("upgrade: a second open applies nothing (old version %d)" % v,
              r.returncode == 0 and "applied" not in r.stderr and versions(ctx, db) == NEW, r.stderr[-300:])

    # The upgraded database is a working one: the demo city loads and a server serves it.
    db = old_db(backend, 3)
    init(binary, db)
    srv = gw.Server(binary, db=db)
    srv.cli("demo", "--db", db, "--tickets", "5")
    srv.start()
    try:
        items = srv.login("admin").get("/api/v1/tickets").json().get("items", [])
        check("upgrade: an upgraded database serves tickets", len(items) == 5, len(items))
    finally:
        srv.stop()

    refused(ctx, binary, NEW)


def refused(ctx, binary, NEW):
    check, backend = ctx["check"], ctx["backend"]
    cases = [
        ("a module ahead of this binary", "INSERT INTO schema_versions VALUES ('ops', 99, 1)", "module ops is at version 99"),
        ("a module this binary does not know", "INSERT INTO schema_versions VALUES ('future', 1, 1)",
         "module future, which this binary does not know"),
    ]
    for name, sql, says in cases:
        db = backend.new_db()
        init(binary, db)
        gw.sql(ctx, db, sql)
        r = init(binary, db)
        check("upgrade: refused: " + name, r.returncode != 0 and says in r.stderr, r.stderr[-400:])
        check("upgrade: refused, nothing written: " + name, [m for m in versions(ctx, db) if m not in (("ops", 99), ("future", 1))] == NEW)
    db = old_db(backend, 3, "INSERT INTO schema_migrations VALUES (4, 1);\n")
    r = init(binary, db)
    check("upgrade: refused: an old history past version 3", r.returncode != 0 and "version 4 of the single history"
          in r.stderr, r.stderr[-400:])
    check("upgrade: refused, nothing written: an old history past version 3",
          gw.sql(ctx, db, "SELECT MAX(version) FROM schema_migrations") == [(4,)])
