/* ops/ops_schema_store.c — 一网统管's tables (categories, routing rules, tickets with their cc
 * units, timeline and photos, text search) as this module's migrations, in both dialects, run by
 * db/schema.c after core's (so they may refer to core's tables; the rules for the PostgreSQL twins
 * are in db/schema.h). Never edit an applied migration: add one, to both lists. */
#include "ops/ops_schema_store.h"

static const char *const sqlite_migrations[] = {
/* 1 (old 1): categories, routing rules, tickets, their cc units, timeline and photos, text search */
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
"CREATE TABLE ticket_photos ("
"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),"
"  sha256 TEXT NOT NULL REFERENCES attachments(sha256),"
"  stage TEXT NOT NULL CHECK (stage IN ('report','feedback')),"
"  created_ms INTEGER NOT NULL,"
"  PRIMARY KEY (ticket_id, sha256));"
"CREATE VIRTUAL TABLE tickets_fts USING fts5(description, content='tickets', content_rowid='id', tokenize='trigram');"
"CREATE TRIGGER tickets_fts_ai AFTER INSERT ON tickets BEGIN"
"  INSERT INTO tickets_fts(rowid, description) VALUES (new.id, new.description); END;"
"CREATE TRIGGER tickets_fts_au AFTER UPDATE OF description ON tickets BEGIN"
"  INSERT INTO tickets_fts(tickets_fts, rowid, description) VALUES ('delete', old.id, old.description);"
"  INSERT INTO tickets_fts(rowid, description) VALUES (new.id, new.description); END;",
/* 2 (old 3): reports nobody could place wait at the root division flagged 待定位 (needs_location)
 * instead of under '/', where only an administrator saw them */
"ALTER TABLE tickets ADD COLUMN needs_location INTEGER NOT NULL DEFAULT 0;"
"UPDATE tickets SET needs_location = 1,"
"  division_id = (SELECT id FROM divisions WHERE parent_id IS NULL ORDER BY id LIMIT 1),"
"  division_path = (SELECT path FROM divisions WHERE parent_id IS NULL ORDER BY id LIMIT 1)"
"  WHERE division_path = '/' AND EXISTS (SELECT 1 FROM divisions WHERE parent_id IS NULL);"
"CREATE INDEX tickets_needs_location ON tickets(needs_location, id);",
/* 3: per-ticket timeline chains (chain_v 2; the rows before stay one global chain, chain_v 1) */
"ALTER TABLE ticket_timeline ADD COLUMN chain_v INTEGER NOT NULL DEFAULT 1;",
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
/* 5: the caller's phone as its digits, so a caller who rings back is found by number (core/privacy.h
 * gw_phone_key) */
"ALTER TABLE tickets ADD COLUMN reporter_phone_key TEXT;"
"UPDATE tickets SET reporter_phone_key = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(reporter_phone,"
"  ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '') WHERE reporter_phone IS NOT NULL AND reporter_phone <> '';"
"CREATE INDEX tickets_phone_key ON tickets(reporter_phone_key) WHERE reporter_phone_key IS NOT NULL;",
/* 6: 诉求类型 (the kind of request: consult complain help suggest report; existing tickets were
 * complaints), and the 知识库 (ops/kb_store.c): articles and their bigram index, as the gazetteer's */
"ALTER TABLE tickets ADD COLUMN request_type TEXT NOT NULL DEFAULT 'complain'"
"  CHECK (request_type IN ('consult','complain','help','suggest','report'));"
"CREATE INDEX tickets_request_type ON tickets(request_type, id);"
"CREATE TABLE kb_articles ("
"  id INTEGER PRIMARY KEY,"
"  title TEXT NOT NULL,"
"  body TEXT NOT NULL,"
"  category TEXT NOT NULL DEFAULT '',"
"  tags TEXT NOT NULL DEFAULT '',"
"  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),"
"  updated_by INTEGER REFERENCES users(id),"
"  created_ms INTEGER NOT NULL,"
"  updated_ms INTEGER NOT NULL);"
"CREATE TABLE kb_grams ("
"  gram TEXT NOT NULL,"
"  article_id INTEGER NOT NULL REFERENCES kb_articles(id),"
"  weight INTEGER NOT NULL DEFAULT 1,"
"  PRIMARY KEY (gram, article_id));"
"CREATE INDEX kb_grams_article ON kb_grams(article_id);",
/* 7: 催办 and 回访 (ops/ticket.h): how often a caller urged, how often a case was reopened after an
 * unsatisfied callback, and the last callback's answer and time */
"ALTER TABLE tickets ADD COLUMN urge_count BIGINT NOT NULL DEFAULT 0;"
"ALTER TABLE tickets ADD COLUMN reopen_count BIGINT NOT NULL DEFAULT 0;"
"ALTER TABLE tickets ADD COLUMN revisit_result TEXT;"
"ALTER TABLE tickets ADD COLUMN revisited_at_ms BIGINT;"
"CREATE INDEX tickets_urged ON tickets(urge_count, id) WHERE urge_count > 0;",
/* 8: 现场核查 — on-site verifications by grid workers and their before/after photos (ops/onsite_store.c) */
"CREATE TABLE ticket_onsite ("
"  id INTEGER PRIMARY KEY,"
"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),"
"  user_id INTEGER NOT NULL REFERENCES users(id),"
"  result TEXT NOT NULL CHECK (result IN ('pass','fail')),"
"  note TEXT,"
"  at_ms INTEGER NOT NULL);"
"CREATE INDEX ticket_onsite_ticket ON ticket_onsite(ticket_id, id);"
"CREATE TABLE ticket_onsite_photos ("
"  onsite_id INTEGER NOT NULL REFERENCES ticket_onsite(id),"
"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),"
"  sha256 TEXT NOT NULL REFERENCES attachments(sha256),"
"  stage TEXT NOT NULL CHECK (stage IN ('before','after')),"
"  PRIMARY KEY (onsite_id, sha256));"
"CREATE INDEX ticket_onsite_photos_sha ON ticket_onsite_photos(sha256);"
/* and 二级派单: a unit's parent unit (one level; ops/unit_tree_store.c) */
"ALTER TABLE units ADD COLUMN parent_unit_id INTEGER REFERENCES units(id);"
"CREATE INDEX units_parent ON units(parent_unit_id);",
/* 9: 协办 — co-handling units' sub-tasks on a ticket (ops/assist.h, ops/assist_store.c) */
"CREATE TABLE ticket_assists ("
"  id INTEGER PRIMARY KEY,"
"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),"
"  unit_id INTEGER NOT NULL REFERENCES units(id),"
"  state TEXT NOT NULL CHECK (state IN ('assigned','signed','done','returned','withdrawn')),"
"  due_ms INTEGER,"
"  note TEXT,"                              /* internal: the completion note */
"  reason TEXT,"                            /* internal: why it was returned */
"  public_reply TEXT,"                      /* 协办意见, for the resident */
"  created_by INTEGER REFERENCES users(id),"
"  created_ms INTEGER NOT NULL,"
"  signed_ms INTEGER, done_ms INTEGER, returned_ms INTEGER, withdrawn_ms INTEGER,"
"  updated_ms INTEGER NOT NULL);"
"CREATE INDEX ticket_assists_ticket ON ticket_assists(ticket_id, id);"
"CREATE INDEX ticket_assists_unit ON ticket_assists(unit_id, state);",
/* 10: the text classifier's models (ops/classify_store.c): who trained
 * each, on what, when, its dev figures and the saved model (insight/classify.h); at most one active */
"CREATE TABLE classifier_models ("
"  id INTEGER PRIMARY KEY,"
"  source TEXT NOT NULL,"                   /* what it was trained on: a file name, 'tickets', 'demo' */
"  trained_by INTEGER REFERENCES users(id),"  /* NULL: the command line */
"  examples INTEGER NOT NULL,"
"  labels INTEGER NOT NULL,"
"  dev_examples INTEGER NOT NULL DEFAULT 0,"
"  dev_accuracy REAL,"
"  dev_macro_f1 REAL,"
"  created_ms INTEGER NOT NULL,"
"  active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0,1)),"
"  activated_ms INTEGER,"
"  model BLOB NOT NULL);"
"CREATE UNIQUE INDEX classifier_models_active ON classifier_models(active) WHERE active = 1;",
/* 11: the 复核队列 (ops/review_store.c): what the classifier said about each report that came without a
 * category (decision auto or review, the model, its top-3 with their n-grams as JSON, kept as said then)
 * and what became of it; the labelled examples corrections make (review | redispatch); the models'
 * count of labelled examples trained on and the active model's dev macro-F1 on the same dev set */
"CREATE TABLE ticket_classifications ("
"  ticket_id INTEGER PRIMARY KEY REFERENCES tickets(id),"
"  model_id INTEGER REFERENCES classifier_models(id),"
"  decision TEXT NOT NULL CHECK (decision IN ('auto','review')),"
"  probability REAL NOT NULL,"
"  suggestions TEXT NOT NULL,"
"  state TEXT NOT NULL CHECK (state IN ('auto','pending','confirmed','corrected')),"
"  corrected INTEGER NOT NULL DEFAULT 0 CHECK (corrected IN (0,1)),"
"  decided_by INTEGER REFERENCES users(id),"
"  decided_ms INTEGER,"
"  created_ms INTEGER NOT NULL);"
"CREATE INDEX ticket_classifications_state ON ticket_classifications(state, ticket_id);"
"CREATE INDEX ticket_classifications_created ON ticket_classifications(created_ms);"
"CREATE TABLE classifier_examples ("
"  id INTEGER PRIMARY KEY,"
"  ticket_id INTEGER NOT NULL REFERENCES tickets(id),"
"  text TEXT NOT NULL,"
"  category_id INTEGER NOT NULL REFERENCES categories(id),"
"  from_category_id INTEGER REFERENCES categories(id),"
"  source TEXT NOT NULL CHECK (source IN ('review','redispatch')),"
"  model_id INTEGER REFERENCES classifier_models(id),"
"  user_id INTEGER REFERENCES users(id),"
"  created_ms INTEGER NOT NULL);"
"ALTER TABLE classifier_models ADD COLUMN labelled_examples INTEGER NOT NULL DEFAULT 0;"
"ALTER TABLE classifier_models ADD COLUMN baseline_macro_f1 REAL;",
/* 12: duplicates (ops/dupe_svc.c): a merged ticket's parent and the state it was merged from; each
 * category's search radius and time window for candidates; a box index for the candidate query */
"ALTER TABLE tickets ADD COLUMN parent_id INTEGER REFERENCES tickets(id);"
"ALTER TABLE tickets ADD COLUMN merged_from TEXT;"
"CREATE INDEX tickets_parent ON tickets(parent_id) WHERE parent_id IS NOT NULL;"
"CREATE INDEX tickets_lat_lon ON tickets(lat, lon);"
"ALTER TABLE categories ADD COLUMN dup_radius_m INTEGER NOT NULL DEFAULT 250 CHECK (dup_radius_m BETWEEN 10 AND 5000);"
"ALTER TABLE categories ADD COLUMN dup_window_days INTEGER NOT NULL DEFAULT 7 CHECK (dup_window_days BETWEEN 1 AND 90);",
/* 13: early warnings (预警, ops/warning_store.c): one row per key — a rise in an area and category on a
 * day ('rise:<area>:<category>:<day>'), a caller who reports again and again ('repeat:<hashed number>') */
"CREATE TABLE warnings ("
"  id INTEGER PRIMARY KEY,"
"  kind TEXT NOT NULL CHECK (kind IN ('rise','repeat','cluster')),"
"  wkey TEXT NOT NULL UNIQUE,"
"  area_path TEXT NOT NULL,"
"  category_id INTEGER REFERENCES categories(id),"
"  day_ms INTEGER NOT NULL,"
"  count INTEGER NOT NULL,"
"  baseline REAL NOT NULL DEFAULT 0,"
"  score REAL NOT NULL DEFAULT 0,"
"  subject TEXT NOT NULL DEFAULT '',"
"  evidence TEXT NOT NULL DEFAULT '',"       /* ticket ids, ','-joined, newest first */
"  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','acknowledged')),"
"  ack_by INTEGER REFERENCES users(id),"
"  ack_ms INTEGER,"
"  ack_note TEXT,"
"  created_ms INTEGER NOT NULL,"
"  updated_ms INTEGER NOT NULL);"
"CREATE INDEX warnings_area ON warnings(area_path, state);",
};

static const char *const pg_migrations[] = {
/* 1 (old 1): categories, routing rules, tickets, their cc units, timeline and photos, text search */
"CREATE TABLE categories ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  code TEXT NOT NULL UNIQUE,"
"  name TEXT NOT NULL,"
"  kind TEXT NOT NULL CHECK (kind IN ('part','event')),"
"  parent_id BIGINT REFERENCES categories(id),"
"  dispatch_hours BIGINT NOT NULL DEFAULT 2,"
"  handle_hours BIGINT NOT NULL DEFAULT 72,"
"  verify_hours BIGINT NOT NULL DEFAULT 24,"
"  default_urgency BIGINT NOT NULL DEFAULT 1 CHECK (default_urgency BETWEEN 1 AND 3),"
"  open311 BIGINT NOT NULL DEFAULT 1,"
"  enabled BIGINT NOT NULL DEFAULT 1,"
"  created_ms BIGINT NOT NULL);\n"
"CREATE TABLE routing_rules ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  category_id BIGINT NOT NULL REFERENCES categories(id),"
"  division_id BIGINT REFERENCES divisions(id),"
"  unit_id BIGINT NOT NULL REFERENCES units(id),"
"  cc_unit_ids TEXT NOT NULL DEFAULT '',"
"  handle_hours BIGINT,"
"  mode TEXT NOT NULL DEFAULT 'auto' CHECK (mode IN ('auto','review')),"
"  enabled BIGINT NOT NULL DEFAULT 1,"
"  created_ms BIGINT NOT NULL);\n"
"CREATE INDEX routing_rules_cat ON routing_rules(category_id);\n"
"CREATE TABLE tickets ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  track_code TEXT NOT NULL UNIQUE,"
"  source TEXT NOT NULL CHECK (source IN ('resident','grid_worker','hotline','open311','iot','staff')),"
"  category_id BIGINT NOT NULL REFERENCES categories(id),"
"  division_id BIGINT REFERENCES divisions(id),"
"  division_path TEXT NOT NULL DEFAULT '/',"
"  lon DOUBLE PRECISION, lat DOUBLE PRECISION,"
"  address TEXT,"
"  description TEXT NOT NULL,"
"  urgency BIGINT NOT NULL DEFAULT 1,"
"  reporter_name TEXT, reporter_phone TEXT,"
"  reporter_user_id BIGINT REFERENCES users(id),"
"  api_key_id BIGINT REFERENCES api_keys(id),"
"  state TEXT NOT NULL,"
"  suspended_from TEXT,"
"  unit_id BIGINT REFERENCES units(id),"
"  rule_id BIGINT,"
"  dispatch_due_ms BIGINT, handle_due_ms BIGINT, verify_due_ms BIGINT,"
"  suspended_at_ms BIGINT, closed_at_ms BIGINT,"
"  ext_pending_days BIGINT NOT NULL DEFAULT 0,"
"  rework_count BIGINT NOT NULL DEFAULT 0,"
"  return_count BIGINT NOT NULL DEFAULT 0,"
"  extension_count BIGINT NOT NULL DEFAULT 0,"
"  rating BIGINT NOT NULL DEFAULT 0,"
"  rating_comment TEXT,"
"  due_ms BIGINT,"
"  warn_at_ms BIGINT,"
"  warn_flag BIGINT NOT NULL DEFAULT 0,"
"  overdue_flag BIGINT NOT NULL DEFAULT 0,"
"  version BIGINT NOT NULL DEFAULT 1,"
"  created_ms BIGINT NOT NULL,"
"  updated_ms BIGINT NOT NULL);\n"
"CREATE INDEX tickets_state ON tickets(state, id);\n"
"CREATE INDEX tickets_unit ON tickets(unit_id, id);\n"
"CREATE INDEX tickets_path ON tickets(division_path);\n"
"CREATE INDEX tickets_created ON tickets(created_ms);\n"
"CREATE INDEX tickets_updated ON tickets(updated_ms);\n"
"CREATE INDEX tickets_due ON tickets(due_ms);\n"
"CREATE TABLE ticket_cc ("
"  ticket_id BIGINT NOT NULL REFERENCES tickets(id),"
"  unit_id BIGINT NOT NULL REFERENCES units(id),"
"  PRIMARY KEY (ticket_id, unit_id));\n"
"CREATE INDEX ticket_cc_unit ON ticket_cc(unit_id);\n"
"CREATE TABLE ticket_timeline ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  ticket_id BIGINT NOT NULL REFERENCES tickets(id),"
"  at_ms BIGINT NOT NULL,"
"  actor_user_id BIGINT,"
"  actor_role TEXT NOT NULL,"
"  action TEXT NOT NULL,"
"  from_state TEXT, to_state TEXT NOT NULL,"
"  note TEXT,"
"  detail TEXT NOT NULL DEFAULT '{}',"
"  prev_hash TEXT NOT NULL,"
"  hash TEXT NOT NULL);\n"
"CREATE INDEX ticket_timeline_ticket ON ticket_timeline(ticket_id, id);\n"
"CREATE TABLE ticket_photos ("
"  ticket_id BIGINT NOT NULL REFERENCES tickets(id),"
"  sha256 TEXT NOT NULL REFERENCES attachments(sha256),"
"  stage TEXT NOT NULL CHECK (stage IN ('report','feedback')),"
"  created_ms BIGINT NOT NULL,"
"  PRIMARY KEY (ticket_id, sha256));\n"
/* In place of tickets_fts (FTS5, trigram tokenizer) and its two triggers: a trigram GIN index
 * answers `description LIKE '%' || q || '%'` for q of 3+ characters; shorter q scan the table,
 * as instr() does on SQLite. pg_trgm ships in Debian's postgresql-15 package. */
"CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
"CREATE INDEX tickets_description_trgm ON tickets USING gin (description gin_trgm_ops);\n",
/* 2 (old 3): reports nobody could place wait at the root division flagged 待定位 (needs_location)
 * instead of under '/', where only an administrator saw them */
"ALTER TABLE tickets ADD COLUMN needs_location BIGINT NOT NULL DEFAULT 0;\n"
"UPDATE tickets SET needs_location = 1,"
"  division_id = (SELECT id FROM divisions WHERE parent_id IS NULL ORDER BY id LIMIT 1),"
"  division_path = (SELECT path FROM divisions WHERE parent_id IS NULL ORDER BY id LIMIT 1)"
"  WHERE division_path = '/' AND EXISTS (SELECT 1 FROM divisions WHERE parent_id IS NULL);\n"
"CREATE INDEX tickets_needs_location ON tickets(needs_location, id);\n",
/* 3: per-ticket timeline chains (chain_v 2; the rows before stay one global chain, chain_v 1) */
"ALTER TABLE ticket_timeline ADD COLUMN chain_v BIGINT NOT NULL DEFAULT 1;\n",
/* 4: the address gazetteer (地名地址/门牌库, ops/place_store.c): places and their bigram index.
 * Bigrams in a table of their own rather than pg_trgm: pg_trgm takes no trigrams from CJK text
 * in the C locale, and a road name is often two or three characters. */
"CREATE TABLE places ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  kind TEXT NOT NULL CHECK (kind IN ('street','house','poi')),"
"  name TEXT NOT NULL,"
"  road TEXT NOT NULL DEFAULT '',"
"  number TEXT NOT NULL DEFAULT '',"
"  num_sort BIGINT NOT NULL DEFAULT 0,"
"  norm_key TEXT NOT NULL UNIQUE,"
"  aliases TEXT NOT NULL DEFAULT '',"
"  lon DOUBLE PRECISION NOT NULL, lat DOUBLE PRECISION NOT NULL,"
"  division_id BIGINT REFERENCES divisions(id),"
"  created_ms BIGINT NOT NULL,"
"  updated_ms BIGINT NOT NULL);\n"
"CREATE INDEX places_road ON places(road, num_sort);\n"
"CREATE TABLE place_grams ("
"  gram TEXT NOT NULL,"
"  place_id BIGINT NOT NULL REFERENCES places(id),"
"  PRIMARY KEY (gram, place_id));\n"
"CREATE INDEX place_grams_place ON place_grams(place_id);\n",
/* 5: the caller's phone as its digits, so a caller who rings back is found by number (core/privacy.h
 * gw_phone_key) */
"ALTER TABLE tickets ADD COLUMN reporter_phone_key TEXT;\n"
"UPDATE tickets SET reporter_phone_key = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(reporter_phone,"
"  ' ', ''), '-', ''), '.', ''), '(', ''), ')', ''), '+', '') WHERE reporter_phone IS NOT NULL AND reporter_phone <> '';\n"
"CREATE INDEX tickets_phone_key ON tickets(reporter_phone_key) WHERE reporter_phone_key IS NOT NULL;\n",
/* 6: 诉求类型 and the 知识库 (as in the SQLite list) */
"ALTER TABLE tickets ADD COLUMN request_type TEXT NOT NULL DEFAULT 'complain'"
"  CHECK (request_type IN ('consult','complain','help','suggest','report'));\n"
"CREATE INDEX tickets_request_type ON tickets(request_type, id);\n"
"CREATE TABLE kb_articles ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  title TEXT NOT NULL,"
"  body TEXT NOT NULL,"
"  category TEXT NOT NULL DEFAULT '',"
"  tags TEXT NOT NULL DEFAULT '',"
"  status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published')),"
"  updated_by BIGINT REFERENCES users(id),"
"  created_ms BIGINT NOT NULL,"
"  updated_ms BIGINT NOT NULL);\n"
"CREATE TABLE kb_grams ("
"  gram TEXT NOT NULL,"
"  article_id BIGINT NOT NULL REFERENCES kb_articles(id),"
"  weight BIGINT NOT NULL DEFAULT 1,"
"  PRIMARY KEY (gram, article_id));\n"
"CREATE INDEX kb_grams_article ON kb_grams(article_id);\n",
/* 7: 催办 and 回访 (ops/ticket.h): how often a caller urged, how often a case was reopened after an
 * unsatisfied callback, and the last callback's answer and time */
"ALTER TABLE tickets ADD COLUMN urge_count BIGINT NOT NULL DEFAULT 0;"
"ALTER TABLE tickets ADD COLUMN reopen_count BIGINT NOT NULL DEFAULT 0;"
"ALTER TABLE tickets ADD COLUMN revisit_result TEXT;"
"ALTER TABLE tickets ADD COLUMN revisited_at_ms BIGINT;"
"CREATE INDEX tickets_urged ON tickets(urge_count, id) WHERE urge_count > 0;",
/* 8: 现场核查 — on-site verifications by grid workers and their before/after photos */
"CREATE TABLE ticket_onsite ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  ticket_id BIGINT NOT NULL REFERENCES tickets(id),"
"  user_id BIGINT NOT NULL REFERENCES users(id),"
"  result TEXT NOT NULL CHECK (result IN ('pass','fail')),"
"  note TEXT,"
"  at_ms BIGINT NOT NULL);\n"
"CREATE INDEX ticket_onsite_ticket ON ticket_onsite(ticket_id, id);\n"
"CREATE TABLE ticket_onsite_photos ("
"  onsite_id BIGINT NOT NULL REFERENCES ticket_onsite(id),"
"  ticket_id BIGINT NOT NULL REFERENCES tickets(id),"
"  sha256 TEXT NOT NULL REFERENCES attachments(sha256),"
"  stage TEXT NOT NULL CHECK (stage IN ('before','after')),"
"  PRIMARY KEY (onsite_id, sha256));\n"
"CREATE INDEX ticket_onsite_photos_sha ON ticket_onsite_photos(sha256);\n"
"ALTER TABLE units ADD COLUMN parent_unit_id BIGINT REFERENCES units(id);\n"
"CREATE INDEX units_parent ON units(parent_unit_id);\n",
/* 9: 协办 (as in the SQLite list) */
"CREATE TABLE ticket_assists ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  ticket_id BIGINT NOT NULL REFERENCES tickets(id),"
"  unit_id BIGINT NOT NULL REFERENCES units(id),"
"  state TEXT NOT NULL CHECK (state IN ('assigned','signed','done','returned','withdrawn')),"
"  due_ms BIGINT,"
"  note TEXT,"
"  reason TEXT,"
"  public_reply TEXT,"
"  created_by BIGINT REFERENCES users(id),"
"  created_ms BIGINT NOT NULL,"
"  signed_ms BIGINT, done_ms BIGINT, returned_ms BIGINT, withdrawn_ms BIGINT,"
"  updated_ms BIGINT NOT NULL);\n"
"CREATE INDEX ticket_assists_ticket ON ticket_assists(ticket_id, id);\n"
"CREATE INDEX ticket_assists_unit ON ticket_assists(unit_id, state);\n",
/* 10: the classifier's models (as in the SQLite list) */
"CREATE TABLE classifier_models ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  source TEXT NOT NULL,"
"  trained_by BIGINT REFERENCES users(id),"
"  examples BIGINT NOT NULL,"
"  labels BIGINT NOT NULL,"
"  dev_examples BIGINT NOT NULL DEFAULT 0,"
"  dev_accuracy DOUBLE PRECISION,"
"  dev_macro_f1 DOUBLE PRECISION,"
"  created_ms BIGINT NOT NULL,"
"  active BIGINT NOT NULL DEFAULT 0 CHECK (active IN (0,1)),"
"  activated_ms BIGINT,"
"  model BYTEA NOT NULL);\n"
"CREATE UNIQUE INDEX classifier_models_active ON classifier_models(active) WHERE active = 1;\n",
/* 11: the 复核队列 and the labelled examples (as in the SQLite list) */
"CREATE TABLE ticket_classifications ("
"  ticket_id BIGINT PRIMARY KEY REFERENCES tickets(id),"
"  model_id BIGINT REFERENCES classifier_models(id),"
"  decision TEXT NOT NULL CHECK (decision IN ('auto','review')),"
"  probability DOUBLE PRECISION NOT NULL,"
"  suggestions TEXT NOT NULL,"
"  state TEXT NOT NULL CHECK (state IN ('auto','pending','confirmed','corrected')),"
"  corrected BIGINT NOT NULL DEFAULT 0 CHECK (corrected IN (0,1)),"
"  decided_by BIGINT REFERENCES users(id),"
"  decided_ms BIGINT,"
"  created_ms BIGINT NOT NULL);\n"
"CREATE INDEX ticket_classifications_state ON ticket_classifications(state, ticket_id);\n"
"CREATE INDEX ticket_classifications_created ON ticket_classifications(created_ms);\n"
"CREATE TABLE classifier_examples ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  ticket_id BIGINT NOT NULL REFERENCES tickets(id),"
"  text TEXT NOT NULL,"
"  category_id BIGINT NOT NULL REFERENCES categories(id),"
"  from_category_id BIGINT REFERENCES categories(id),"
"  source TEXT NOT NULL CHECK (source IN ('review','redispatch')),"
"  model_id BIGINT REFERENCES classifier_models(id),"
"  user_id BIGINT REFERENCES users(id),"
"  created_ms BIGINT NOT NULL);\n"
"ALTER TABLE classifier_models ADD COLUMN labelled_examples BIGINT NOT NULL DEFAULT 0;\n"
"ALTER TABLE classifier_models ADD COLUMN baseline_macro_f1 DOUBLE PRECISION;\n",
/* 12: duplicates (as in the SQLite list) */
"ALTER TABLE tickets ADD COLUMN parent_id BIGINT REFERENCES tickets(id);\n"
"ALTER TABLE tickets ADD COLUMN merged_from TEXT;\n"
"CREATE INDEX tickets_parent ON tickets(parent_id) WHERE parent_id IS NOT NULL;\n"
"CREATE INDEX tickets_lat_lon ON tickets(lat, lon);\n"
"ALTER TABLE categories ADD COLUMN dup_radius_m BIGINT NOT NULL DEFAULT 250 CHECK (dup_radius_m BETWEEN 10 AND 5000);\n"
"ALTER TABLE categories ADD COLUMN dup_window_days BIGINT NOT NULL DEFAULT 7 CHECK (dup_window_days BETWEEN 1 AND 90);\n",
/* 13: early warnings (as in the SQLite list) */
"CREATE TABLE warnings ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  kind TEXT NOT NULL CHECK (kind IN ('rise','repeat','cluster')),"
"  wkey TEXT NOT NULL UNIQUE,"
"  area_path TEXT NOT NULL,"
"  category_id BIGINT REFERENCES categories(id),"
"  day_ms BIGINT NOT NULL,"
"  count BIGINT NOT NULL,"
"  baseline DOUBLE PRECISION NOT NULL DEFAULT 0,"
"  score DOUBLE PRECISION NOT NULL DEFAULT 0,"
"  subject TEXT NOT NULL DEFAULT '',"
"  evidence TEXT NOT NULL DEFAULT '',"
"  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','acknowledged')),"
"  ack_by BIGINT REFERENCES users(id),"
"  ack_ms BIGINT,"
"  ack_note TEXT,"
"  created_ms BIGINT NOT NULL,"
"  updated_ms BIGINT NOT NULL);\n"
"CREATE INDEX warnings_area ON warnings(area_path, state);\n",
};

_Static_assert(sizeof sqlite_migrations == sizeof pg_migrations, "one migration list per dialect, in step");

/* How many of these migrations a database of the single history (schema_migrations) had applied,
 * by its old version 1..GW_SCHEMA_LEGACY_LAST. */
static const int legacy[GW_SCHEMA_LEGACY_LAST] = { 1, 1, 2 };

const gw_schema_module gw_ops_schema = {
    "ops", sqlite_migrations, pg_migrations, (int)(sizeof sqlite_migrations / sizeof sqlite_migrations[0]), legacy,
};
