/* core/core_schema_store.c — the tables every practice shares (divisions and grids, units, users,
 * sessions, API keys, attachments and uploads, the audit log, request counters) as this module's
 * migrations, in both dialects, run by db/schema.c (the rules for the PostgreSQL twins are in
 * db/schema.h). Never edit an applied migration: add one, to both lists. */
#include "core/core_schema_store.h"

static const char *const sqlite_migrations[] = {
/* 1 (old 1): divisions and grids, units, users, sessions, API keys, attachments, the audit log */
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
"CREATE TABLE attachments ("
"  sha256 TEXT PRIMARY KEY,"
"  mime TEXT NOT NULL,"
"  size INTEGER NOT NULL,"
"  created_ms INTEGER NOT NULL);"
"CREATE TABLE audit_log ("
"  id INTEGER PRIMARY KEY,"
"  at_ms INTEGER NOT NULL,"
"  actor_user_id INTEGER,"
"  action TEXT NOT NULL,"
"  object TEXT NOT NULL,"
"  detail TEXT NOT NULL DEFAULT '',"
"  prev_hash TEXT NOT NULL,"
"  hash TEXT NOT NULL);",
/* 2 (old 2): request counters shared by every server on one database (rate limits, login throttling) */
"CREATE TABLE rate_counters ("
"  key TEXT NOT NULL,"
"  window_start INTEGER NOT NULL,"
"  n INTEGER NOT NULL,"
"  PRIMARY KEY (key, window_start));",
/* 3 (old 3): who uploaded which photo (a photo no ticket holds yet is shown to its uploader only;
 * public uploads have no user) */
"CREATE TABLE uploads ("
"  id INTEGER PRIMARY KEY,"
"  sha256 TEXT NOT NULL REFERENCES attachments(sha256),"
"  user_id INTEGER REFERENCES users(id),"       /* NULL: the public upload path */
"  created_ms INTEGER NOT NULL);"
"CREATE INDEX uploads_sha ON uploads(sha256, user_id);",
/* 4: the anchor job's cursor and anchored heads (core/anchor.h), periodic jobs run once across
 * servers (core/jobs.h) */
"CREATE TABLE chain_cursor (chain TEXT PRIMARY KEY, upto INTEGER NOT NULL, prev_upto INTEGER NOT NULL);"
"CREATE TABLE chain_anchor ("
"  chain TEXT NOT NULL,"
"  agg INTEGER NOT NULL,"
"  last_id INTEGER NOT NULL,"
"  PRIMARY KEY (chain, agg));"
"CREATE TABLE jobs ("
"  name TEXT PRIMARY KEY,"
"  next_run_ms INTEGER NOT NULL,"
"  last_run_ms INTEGER,"
"  runs INTEGER NOT NULL DEFAULT 0);",
/* 5: the client address a session signed in from (在线用户, GET /api/v1/sessions) */
"ALTER TABLE sessions ADD COLUMN ip TEXT;",
/* 6: 字典管理 — the administrator's display labels of dictionary codes (core/dict_store.h) */
"CREATE TABLE dict_labels ("
"  dict TEXT NOT NULL,"
"  code TEXT NOT NULL,"
"  zh TEXT NOT NULL,"
"  en TEXT NOT NULL,"
"  updated_ms INTEGER NOT NULL,"
"  updated_by INTEGER REFERENCES users(id),"
"  PRIMARY KEY (dict, code));",
/* 7: resident accounts (core/resident_store.h): a mobile number and a password, the person record staff
 * verify them against, their own sessions (never staff sessions) and one-time codes, stored hashed */
"CREATE TABLE resident_accounts ("
"  id INTEGER PRIMARY KEY,"
"  phone TEXT NOT NULL UNIQUE,"                  /* the digits of the mobile number (gw_phone_key) */
"  pw_hash TEXT NOT NULL DEFAULT '',"            /* '' until one is set (an account made for a code) */
"  display_name TEXT NOT NULL DEFAULT '',"
"  division_id INTEGER REFERENCES divisions(id),"/* the community: claimed at sign-up, set at verification */
"  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),"
"  person_name TEXT NOT NULL DEFAULT '',"        /* the person record, filled at verification */
"  id_number TEXT NOT NULL DEFAULT '',"          /* 身份证号, optional */
"  address TEXT NOT NULL DEFAULT '',"
"  verified_ms INTEGER,"
"  verified_by INTEGER REFERENCES users(id),"
"  verify_method TEXT NOT NULL DEFAULT '',"
"  created_ms INTEGER NOT NULL);"
"CREATE INDEX resident_accounts_division ON resident_accounts(division_id);"
"CREATE TABLE resident_sessions ("
"  token_hash TEXT PRIMARY KEY,"
"  resident_id INTEGER NOT NULL REFERENCES resident_accounts(id),"
"  created_ms INTEGER NOT NULL,"
"  expires_ms INTEGER NOT NULL,"
"  ip TEXT);"
"CREATE INDEX resident_sessions_resident ON resident_sessions(resident_id);"
"CREATE TABLE resident_codes ("
"  code_hash TEXT PRIMARY KEY,"
"  resident_id INTEGER NOT NULL REFERENCES resident_accounts(id),"
"  issued_by INTEGER REFERENCES users(id),"
"  created_ms INTEGER NOT NULL,"
"  expires_ms INTEGER NOT NULL,"
"  used_ms INTEGER);"
"CREATE INDEX resident_codes_resident ON resident_codes(resident_id);",
};

static const char *const pg_migrations[] = {
/* 1 (old 1): divisions and grids, units, users, sessions, API keys, attachments, the audit log */
"CREATE TABLE divisions ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  parent_id BIGINT REFERENCES divisions(id),"
"  level TEXT NOT NULL CHECK (level IN ('city','district','street','community','grid')),"
"  code TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL,"
"  path TEXT NOT NULL,"
"  fallback_unit_id BIGINT,"
"  geometry TEXT,"
"  min_lon DOUBLE PRECISION, min_lat DOUBLE PRECISION, max_lon DOUBLE PRECISION, max_lat DOUBLE PRECISION,"
"  created_ms BIGINT NOT NULL);\n"
"CREATE INDEX divisions_parent ON divisions(parent_id);\n"
"CREATE INDEX divisions_bbox ON divisions(level, min_lon, max_lon);\n"
"CREATE TABLE units ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL,"
"  level TEXT NOT NULL CHECK (level IN ('city','district','street','community')),"
"  division_id BIGINT REFERENCES divisions(id),"
"  phone TEXT,"
"  enabled BIGINT NOT NULL DEFAULT 1,"
"  created_ms BIGINT NOT NULL);\n"
"CREATE TABLE users ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  username TEXT NOT NULL UNIQUE,"
"  display_name TEXT NOT NULL,"
"  phone TEXT,"
"  role TEXT NOT NULL,"
"  division_id BIGINT REFERENCES divisions(id),"
"  unit_id BIGINT REFERENCES units(id),"
"  pw_hash TEXT NOT NULL,"
"  demo_password BIGINT NOT NULL DEFAULT 0,"
"  disabled BIGINT NOT NULL DEFAULT 0,"
"  created_ms BIGINT NOT NULL);\n"
"CREATE TABLE sessions ("
"  token_hash TEXT PRIMARY KEY,"
"  user_id BIGINT NOT NULL REFERENCES users(id),"
"  created_ms BIGINT NOT NULL,"
"  expires_ms BIGINT NOT NULL);\n"
"CREATE TABLE api_keys ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  prefix TEXT NOT NULL,"
"  key_hash TEXT NOT NULL UNIQUE,"
"  created_ms BIGINT NOT NULL,"
"  revoked_ms BIGINT);\n"
"CREATE TABLE attachments ("
"  sha256 TEXT PRIMARY KEY,"
"  mime TEXT NOT NULL,"
"  size BIGINT NOT NULL,"
"  created_ms BIGINT NOT NULL);\n"
"CREATE TABLE audit_log ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  at_ms BIGINT NOT NULL,"
"  actor_user_id BIGINT,"
"  action TEXT NOT NULL,"
"  object TEXT NOT NULL,"
"  detail TEXT NOT NULL DEFAULT '',"
"  prev_hash TEXT NOT NULL,"
"  hash TEXT NOT NULL);\n",
/* 2 (old 2): request counters shared by every server on one database (rate limits, login throttling) */
"CREATE TABLE rate_counters ("
"  key TEXT NOT NULL,"
"  window_start BIGINT NOT NULL,"
"  n BIGINT NOT NULL,"
"  PRIMARY KEY (key, window_start));",
/* 3 (old 3): who uploaded which photo (a photo no ticket holds yet is shown to its uploader only;
 * public uploads have no user) */
"CREATE TABLE uploads ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  sha256 TEXT NOT NULL REFERENCES attachments(sha256),"
"  user_id BIGINT REFERENCES users(id),"
"  created_ms BIGINT NOT NULL);\n"
"CREATE INDEX uploads_sha ON uploads(sha256, user_id);\n",
/* 4: the anchor job's cursor and anchored heads (core/anchor.h), periodic jobs run once across
 * servers (core/jobs.h) */
"CREATE TABLE chain_cursor (chain TEXT PRIMARY KEY, upto BIGINT NOT NULL, prev_upto BIGINT NOT NULL);\n"
"CREATE TABLE chain_anchor ("
"  chain TEXT NOT NULL,"
"  agg BIGINT NOT NULL,"
"  last_id BIGINT NOT NULL,"
"  PRIMARY KEY (chain, agg));\n"
"CREATE TABLE jobs ("
"  name TEXT PRIMARY KEY,"
"  next_run_ms BIGINT NOT NULL,"
"  last_run_ms BIGINT,"
"  runs BIGINT NOT NULL DEFAULT 0);\n",
/* 5: the client address a session signed in from (在线用户, GET /api/v1/sessions) */
"ALTER TABLE sessions ADD COLUMN ip TEXT;\n",
/* 6: 字典管理 — the administrator's display labels of dictionary codes (core/dict_store.h) */
"CREATE TABLE dict_labels ("
"  dict TEXT NOT NULL,"
"  code TEXT NOT NULL,"
"  zh TEXT NOT NULL,"
"  en TEXT NOT NULL,"
"  updated_ms BIGINT NOT NULL,"
"  updated_by BIGINT REFERENCES users(id),"
"  PRIMARY KEY (dict, code));\n",
/* 7: resident accounts (core/resident_store.h), their sessions and one-time codes */
"CREATE TABLE resident_accounts ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  phone TEXT NOT NULL UNIQUE,"
"  pw_hash TEXT NOT NULL DEFAULT '',"
"  display_name TEXT NOT NULL DEFAULT '',"
"  division_id BIGINT REFERENCES divisions(id),"
"  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),"
"  person_name TEXT NOT NULL DEFAULT '',"
"  id_number TEXT NOT NULL DEFAULT '',"
"  address TEXT NOT NULL DEFAULT '',"
"  verified_ms BIGINT,"
"  verified_by BIGINT REFERENCES users(id),"
"  verify_method TEXT NOT NULL DEFAULT '',"
"  created_ms BIGINT NOT NULL);\n"
"CREATE INDEX resident_accounts_division ON resident_accounts(division_id);\n"
"CREATE TABLE resident_sessions ("
"  token_hash TEXT PRIMARY KEY,"
"  resident_id BIGINT NOT NULL REFERENCES resident_accounts(id),"
"  created_ms BIGINT NOT NULL,"
"  expires_ms BIGINT NOT NULL,"
"  ip TEXT);\n"
"CREATE INDEX resident_sessions_resident ON resident_sessions(resident_id);\n"
"CREATE TABLE resident_codes ("
"  code_hash TEXT PRIMARY KEY,"
"  resident_id BIGINT NOT NULL REFERENCES resident_accounts(id),"
"  issued_by BIGINT REFERENCES users(id),"
"  created_ms BIGINT NOT NULL,"
"  expires_ms BIGINT NOT NULL,"
"  used_ms BIGINT);\n"
"CREATE INDEX resident_codes_resident ON resident_codes(resident_id);\n",
};

_Static_assert(sizeof sqlite_migrations == sizeof pg_migrations, "one migration list per dialect, in step");

/* How many of these migrations a database of the single history (schema_migrations) had applied,
 * by its old version 1..GW_SCHEMA_LEGACY_LAST. */
static const int legacy[GW_SCHEMA_LEGACY_LAST] = { 1, 2, 3 };

const gw_schema_module gw_core_schema = {
    "core", sqlite_migrations, pg_migrations, (int)(sizeof sqlite_migrations / sizeof sqlite_migrations[0]), legacy,
};
