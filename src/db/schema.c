/* db/schema.c — versioned migrations. Each entry runs once, in order, inside one
 * transaction with its row in schema_migrations. Never edit an applied migration: add one. */
#include "db/store.h"
#include "base/clock.h"
#include "base/log.h"

static const char *const migrations[] = {
/* 1: core model, tickets, timeline, audit */
"CREATE TABLE divisions ("
"  id INTEGER PRIMARY KEY,"
"  parent_id INTEGER REFERENCES divisions(id),"
"  level TEXT NOT NULL CHECK (level IN ('city','district','street','community','grid')),"
"  code TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL,"
"  path TEXT NOT NULL,"                      /* '/1/4/9/': ancestors and self, for subtree filters */
"  fallback_unit_id INTEGER,"                /* 兜底 unit when no routing rule matches */
"  geometry TEXT,"                           /* GeoJSON (WGS-84), grids and optionally others */
"  min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,"
"  created_ms INTEGER NOT NULL);"
"CREATE INDEX divisions_parent ON divisions(parent_id);"
"CREATE INDEX divisions_bbox ON divisions(level, min_lon, max_lon);"
"CREATE TABLE units ("
"  id INTEGER PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL,"
"  level TEXT NOT NULL CHECK (level IN ('city','district','street','community')),"
"  division_id INTEGER REFERENCES divisions(id),"
"  phone TEXT,"
"  enabled INTEGER NOT NULL DEFAULT 1,"
"  created_ms INTEGER NOT NULL);"
"CREATE TABLE categories ("
"  id INTEGER PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE,"               /* '01' big class, '0101' subclass (GB/T 30428 style) */
"  name TEXT NOT NULL,"
"  kind TEXT NOT NULL CHECK (kind IN ('part','event')),"   /* 部件 / 事件 */
"  parent_id INTEGER REFERENCES categories(id),"
"  dispatch_hours INTEGER NOT NULL DEFAULT 2,"
"  handle_hours INTEGER NOT NULL DEFAULT 72,"
"  verify_hours INTEGER NOT NULL DEFAULT 24,"
"  default_urgency INTEGER NOT NULL DEFAULT 1 CHECK (default_urgency BETWEEN 1 AND 3),"
"  open311 INTEGER NOT NULL DEFAULT 1,"      /* offered as an Open311 service */
"  enabled INTEGER NOT NULL DEFAULT 1,"
"  created_ms INTEGER NOT NULL);"
"CREATE TABLE routing_rules ("
"  id INTEGER PRIMARY KEY,"
"  category_id INTEGER NOT NULL REFERENCES categories(id),"
"  division_id INTEGER REFERENCES divisions(id),"
"  unit_id INTEGER NOT NULL REFERENCES units(id),"
"  cc_unit_ids TEXT NOT NULL DEFAULT '',"    /* comma-separated unit ids */
"  handle_hours INTEGER,"                    /* override of the category default */
"  mode TEXT NOT NULL DEFAULT 'auto' CHECK (mode IN ('auto','review')),"
"  enabled INTEGER NOT NULL DEFAULT 1,"
"  created_ms INTEGER NOT NULL);"
"CREATE INDEX routing_rules_cat ON routing_rules(category_id);"
"CREATE TABLE users ("
"  id INTEGER PRIMARY KEY,"
"  username TEXT NOT NULL UNIQUE,"
"  display_name TEXT NOT NULL,"
"  phone TEXT,"
"  role TEXT NOT NULL,"
"  division_id INTEGER REFERENCES divisions(id),"   /* scope: a division subtree ... */
"  unit_id INTEGER REFERENCES units(id),"           /* ... or a unit */
"  pw_hash TEXT NOT NULL,"
"  demo_password INTEGER NOT NULL DEFAULT 0,"       /* still the published demo password */
"  disabled INTEGER NOT NULL DEFAULT 0,"
"  created_ms INTEGER NOT NULL);"
"CREATE TABLE sessions ("
"  token_hash TEXT PRIMARY KEY,"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  created_ms INTEGER NOT NULL,"
"  expires_ms INTEGER NOT NULL);"
"CREATE TABLE api_keys ("
"  id INTEGER PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  prefix TEXT NOT NULL,"
"  key_hash TEXT NOT NULL UNIQUE,"
"  created_ms INTEGER NOT NULL,"
"  revoked_ms INTEGER);"
"CREATE TABLE tickets ("
"  id INTEGER PRIMARY KEY,"
"  track_code TEXT NOT NULL UNIQUE,"
"  source TEXT NOT NULL CHECK (source IN ('resident','grid_worker','hotline','open311','iot','staff')),"
"  category_id INTEGER NOT NULL REFERENCES categories(id),"
"  division_id INTEGER REFERENCES divisions(id),"
"  division_path TEXT NOT NULL DEFAULT '/',"
"  lon REAL, lat REAL,"
"  address TEXT,"
"  description TEXT NOT NULL,"
"  urgency INTEGER NOT NULL DEFAULT 1,"
"  reporter_name TEXT, reporter_phone TEXT,"
"  reporter_user_id INTEGER REFERENCES users(id),"
"  api_key_id INTEGER REFERENCES api_keys(id),"
"  state TEXT NOT NULL,"
"  suspended_from TEXT,"
"  unit_id INTEGER REFERENCES units(id),"
"  rule_id INTEGER,"
"  dispatch_due_ms INTEGER, handle_due_ms INTEGER, verify_due_ms INTEGER,"
"  suspended_at_ms INTEGER, closed_at_ms INTEGER,"
"  ext_pending_days INTEGER NOT NULL DEFAULT 0,"
"  rework_count INTEGER NOT NULL DEFAULT 0,"
"  return_count INTEGER NOT NULL DEFAULT 0,"
"  extension_count INTEGER NOT NULL DEFAULT 0,"
"  rating INTEGER NOT NULL DEFAULT 0,"
"  rating_comment TEXT,"
"  due_ms INTEGER,"                          /* the running clock's deadline; NULL when none runs */
"  warn_at_ms INTEGER,"                      /* 80% of the running clock */
"  warn_flag INTEGER NOT NULL DEFAULT 0,"
"  overdue_flag INTEGER NOT NULL DEFAULT 0,"
"  version INTEGER NOT NULL DEFAULT 1,"
"  created_ms INTEGER NOT NULL,"
"  updated_ms INTEGER NOT NULL);"
"CREATE INDEX tickets_state ON tickets(state, id);"
"CREATE INDEX tickets_unit ON tickets(unit_id, id);"
"CREATE INDEX tickets_path ON tickets(division_path);"
"CREATE INDEX tickets_created ON tickets(created_ms);"
"CREATE INDEX tickets_updated ON tickets(updated_ms);"
"CREATE INDEX tickets_due ON tickets(due_ms);"
"CREATE TABLE ticket_cc ("
"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),"
"  unit_id INTEGER NOT NULL REFERENCES units(id),"
"  PRIMARY KEY (ticket_id, unit_id));"
"CREATE INDEX ticket_cc_unit ON ticket_cc(unit_id);"
"CREATE TABLE ticket_timeline ("
"  id INTEGER PRIMARY KEY,"
"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),"
"  at_ms INTEGER NOT NULL,"
"  actor_user_id INTEGER,"
"  actor_role TEXT NOT NULL,"
"  action TEXT NOT NULL,"
"  from_state TEXT, to_state TEXT NOT NULL,"
"  note TEXT,"
"  detail TEXT NOT NULL DEFAULT '{}',"       /* JSON: before/after of changed fields, routing decision */
"  prev_hash TEXT NOT NULL,"
"  hash TEXT NOT NULL);"
"CREATE INDEX ticket_timeline_ticket ON ticket_timeline(ticket_id, id);"
"CREATE TABLE attachments ("
"  sha256 TEXT PRIMARY KEY,"
"  mime TEXT NOT NULL,"
"  size INTEGER NOT NULL,"
"  created_ms INTEGER NOT NULL);"
"CREATE TABLE ticket_photos ("
"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),"
"  sha256 TEXT NOT NULL REFERENCES attachments(sha256),"
"  stage TEXT NOT NULL CHECK (stage IN ('report','feedback')),"
"  created_ms INTEGER NOT NULL,"
"  PRIMARY KEY (ticket_id, sha256));"
"CREATE TABLE audit_log ("
"  id INTEGER PRIMARY KEY,"
"  at_ms INTEGER NOT NULL,"
"  actor_user_id INTEGER,"
"  action TEXT NOT NULL,"
"  object TEXT NOT NULL,"
"  detail TEXT NOT NULL DEFAULT '',"
"  prev_hash TEXT NOT NULL,"
"  hash TEXT NOT NULL);"
"CREATE VIRTUAL TABLE tickets_fts USING fts5(description, content='tickets', content_rowid='id', tokenize='trigram');"
"CREATE TRIGGER tickets_fts_ai AFTER INSERT ON tickets BEGIN"
"  INSERT INTO tickets_fts(rowid, description) VALUES (new.id, new.description); END;"
"CREATE TRIGGER tickets_fts_au AFTER UPDATE OF description ON tickets BEGIN"
"  INSERT INTO tickets_fts(tickets_fts, rowid, description) VALUES ('delete', old.id, old.description);"
"  INSERT INTO tickets_fts(rowid, description) VALUES (new.id, new.description); END;",
/* 2: request counters shared by every server on one database (rate limits, login throttling) */
"CREATE TABLE rate_counters ("
"  key TEXT NOT NULL,"
"  window_start INTEGER NOT NULL,"
"  n INTEGER NOT NULL,"
"  PRIMARY KEY (key, window_start));",
/* 3: reports nobody could place wait at the root division flagged 待定位 (needs_location) instead
 * of under '/', where only an administrator saw them; who uploaded which photo (a photo no ticket
 * holds yet is shown to its uploader only; public uploads have no user) */
"ALTER TABLE tickets ADD COLUMN needs_location INTEGER NOT NULL DEFAULT 0;"
"UPDATE tickets SET needs_location = 1,"
"  division_id = (SELECT id FROM divisions WHERE parent_id IS NULL ORDER BY id LIMIT 1),"
"  division_path = (SELECT path FROM divisions WHERE parent_id IS NULL ORDER BY id LIMIT 1)"
"  WHERE division_path = '/' AND EXISTS (SELECT 1 FROM divisions WHERE parent_id IS NULL);"
"CREATE INDEX tickets_needs_location ON tickets(needs_location, id);"
"CREATE TABLE uploads ("
"  id INTEGER PRIMARY KEY,"
"  sha256 TEXT NOT NULL REFERENCES attachments(sha256),"
"  user_id INTEGER REFERENCES users(id),"       /* NULL: the public upload path */
"  created_ms INTEGER NOT NULL);"
"CREATE INDEX uploads_sha ON uploads(sha256, user_id);",
/* 4: the address gazetteer (地名地址/门牌库, ops/place_store.c): places and their bigram index */
"CREATE TABLE places ("
"  id INTEGER PRIMARY KEY,"
"  kind TEXT NOT NULL CHECK (kind IN ('street','house','poi')),"
"  name TEXT NOT NULL,"
"  road TEXT NOT NULL DEFAULT '',"
"  number TEXT NOT NULL DEFAULT '',"
"  num_sort INTEGER NOT NULL DEFAULT 0,"     /* the number's leading integer, to draw a road in order */
"  norm_key TEXT NOT NULL UNIQUE,"           /* ops/place.c's matching form of the address */
"  aliases TEXT NOT NULL DEFAULT '',"        /* '|' between aliases */
"  lon REAL NOT NULL, lat REAL NOT NULL,"    /* WGS-84 */
"  division_id INTEGER REFERENCES divisions(id),"  /* the grid at the point, when one covers it */
"  created_ms INTEGER NOT NULL,"
"  updated_ms INTEGER NOT NULL);"
"CREATE INDEX places_road ON places(road, num_sort);"
"CREATE TABLE place_grams ("               /* character bigrams of the key, name and aliases */
"  gram TEXT NOT NULL,"
"  place_id INTEGER NOT NULL REFERENCES places(id),"
"  PRIMARY KEY (gram, place_id));"
"CREATE INDEX place_grams_place ON place_grams(place_id);",
};

#define N_MIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))
#define LOCK_MIGRATIONS 0x67770000

static const char SQL_CREATE_META[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_ms BIGINT NOT NULL)";
static const char SQL_MAX_VERSION[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
static const char SQL_MARK[] = "INSERT INTO schema_migrations(version, applied_ms) VALUES (?1, ?2)";

/* Apply the next pending migration, if any, in its own transaction; *done when none was left.
 * The lock makes servers starting together on one PostgreSQL database take turns. */
static gw_err migrate_one(gw_db *db, const char *const *list, int n, int *done)
{
    gw_err e = gw_db_exec(db, GW_SQL(db, "BEGIN IMMEDIATE", "BEGIN"));
    if (e) return e;
    gw_stmt *st = NULL;
    int have = 0;
    if (!(e = gw_db_lock(db, LOCK_MIGRATIONS)) && !(e = gw_db_exec(db, SQL_CREATE_META))) {
        st = gw_db_prep(db, SQL_MAX_VERSION);
        if (!st || gw_step(st) != 1) e = GW_E_IO;
        else { have = (int)gw_col_int(st, 0); gw_stmt_reset(st); }
    }
    if (!e && have > n) {
        gw_error("schema: database is at version %d, this binary knows %d: refusing to run", have, n);
        e = GW_E_CONFLICT;
    }
    *done = !e && have == n;
    if (!e && !*done) {
        e = gw_db_exec(db, list[have]);
        gw_stmt *m = e ? NULL : gw_db_prep(db, SQL_MARK);
        if (m) {
            gw_bind_int(m, 1, have + 1);
            gw_bind_int(m, 2, gw_now_ms());
            e = gw_step_done(m);
        } else if (!e) {
            e = GW_E_IO;
        }
        if (e) gw_error("schema: migration %d failed", have + 1);
    }
    if (e) { gw_db_exec(db, "ROLLBACK"); return e; }
    if ((e = gw_db_exec(db, "COMMIT"))) return e;
    if (!*done) gw_info("schema: applied migration %d", have + 1);
    return GW_OK;
}

gw_err gw_schema_migrate(gw_db *db)
{
    int pg = gw_db_dialect_of(db) == GW_DIALECT_POSTGRES;
    const char *const *list = pg ? gw_pg_migrations : migrations;
    int n = pg ? gw_pg_n_migrations : N_MIGRATIONS, done = 0;
    gw_err e = GW_OK;
    while (!e && !done) e = migrate_one(db, list, n, &done);
    return e;
}
