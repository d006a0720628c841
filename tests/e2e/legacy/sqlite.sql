-- The single migration history (schema_migrations versions 1..3) of gridwork before each module owned
-- its own migrations (src/db/schema.c / schema_pg.c at commit 7fe464f), verbatim but for
-- a line break after each ';'.
-- tests/e2e/test_upgrade.py builds old-layout databases from it. Never edit.
-- migration 1
CREATE TABLE divisions (  id INTEGER PRIMARY KEY,  parent_id INTEGER REFERENCES divisions(id),  level TEXT NOT NULL CHECK (level IN ('city','district','street','community','grid')),  code TEXT NOT NULL UNIQUE,  name TEXT NOT NULL,  path TEXT NOT NULL,  fallback_unit_id INTEGER,  geometry TEXT,  min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,  created_ms INTEGER NOT NULL);
CREATE INDEX divisions_parent ON divisions(parent_id);
CREATE INDEX divisions_bbox ON divisions(level, min_lon, max_lon);
CREATE TABLE units (  id INTEGER PRIMARY KEY,  code TEXT NOT NULL UNIQUE,  name TEXT NOT NULL,  level TEXT NOT NULL CHECK (level IN ('city','district','street','community')),  division_id INTEGER REFERENCES divisions(id),  phone TEXT,  enabled INTEGER NOT NULL DEFAULT 1,  created_ms INTEGER NOT NULL);
CREATE TABLE categories (  id INTEGER PRIMARY KEY,  code TEXT NOT NULL UNIQUE,  name TEXT NOT NULL,  kind TEXT NOT NULL CHECK (kind IN ('part','event')),  parent_id INTEGER REFERENCES categories(id),  dispatch_hours INTEGER NOT NULL DEFAULT 2,  handle_hours INTEGER NOT NULL DEFAULT 72,  verify_hours INTEGER NOT NULL DEFAULT 24,  default_urgency INTEGER NOT NULL DEFAULT 1 CHECK (default_urgency BETWEEN 1 AND 3),  open311 INTEGER NOT NULL DEFAULT 1,  enabled INTEGER NOT NULL DEFAULT 1,  created_ms INTEGER NOT NULL);
CREATE TABLE routing_rules (  id INTEGER PRIMARY KEY,  category_id INTEGER NOT NULL REFERENCES categories(id),  division_id INTEGER REFERENCES divisions(id),  unit_id INTEGER NOT NULL REFERENCES units(id),  cc_unit_ids TEXT NOT NULL DEFAULT '',  handle_hours INTEGER,  mode TEXT NOT NULL DEFAULT 'auto' CHECK (mode IN ('auto','review')),  enabled INTEGER NOT NULL DEFAULT 1,  created_ms INTEGER NOT NULL);
CREATE INDEX routing_rules_cat ON routing_rules(category_id);
CREATE TABLE users (  id INTEGER PRIMARY KEY,  username TEXT NOT NULL UNIQUE,  display_name TEXT NOT NULL,  phone TEXT,  role TEXT NOT NULL,  division_id INTEGER REFERENCES divisions(id),  unit_id INTEGER REFERENCES units(id),  pw_hash TEXT NOT NULL,  demo_password INTEGER NOT NULL DEFAULT 0,  disabled INTEGER NOT NULL DEFAULT 0,  created_ms INTEGER NOT NULL);
CREATE TABLE sessions (  token_hash TEXT PRIMARY KEY,  user_id INTEGER NOT NULL REFERENCES users(id),  created_ms INTEGER NOT NULL,  expires_ms INTEGER NOT NULL);
CREATE TABLE api_keys (  id INTEGER PRIMARY KEY,  name TEXT NOT NULL,  prefix TEXT NOT NULL,  key_hash TEXT NOT NULL UNIQUE,  created_ms INTEGER NOT NULL,  revoked_ms INTEGER);
CREATE TABLE tickets (  id INTEGER PRIMARY KEY,  track_code TEXT NOT NULL UNIQUE,  source TEXT NOT NULL CHECK (source IN ('resident','grid_worker','hotline','open311','iot','staff')),  category_id INTEGER NOT NULL REFERENCES categories(id),  division_id INTEGER REFERENCES divisions(id),  division_path TEXT NOT NULL DEFAULT '/',  lon REAL, lat REAL,  address TEXT,  description TEXT NOT NULL,  urgency INTEGER NOT NULL DEFAULT 1,  reporter_name TEXT, reporter_phone TEXT,  reporter_user_id INTEGER REFERENCES users(id),  api_key_id INTEGER REFERENCES api_keys(id),  state TEXT NOT NULL,  suspended_from TEXT,  unit_id INTEGER REFERENCES units(id),  rule_id INTEGER,  dispatch_due_ms INTEGER, handle_due_ms INTEGER, verify_due_ms INTEGER,  suspended_at_ms INTEGER, closed_at_ms INTEGER,  ext_pending_days INTEGER NOT NULL DEFAULT 0,  rework_count INTEGER NOT NULL DEFAULT 0,  return_count INTEGER NOT NULL DEFAULT 0,  extension_count INTEGER NOT NULL DEFAULT 0,  rating INTEGER NOT NULL DEFAULT 0,  rating_comment TEXT,  due_ms INTEGER,  warn_at_ms INTEGER,  warn_flag INTEGER NOT NULL DEFAULT 0,  overdue_flag INTEGER NOT NULL DEFAULT 0,  version INTEGER NOT NULL DEFAULT 1,  created_ms INTEGER NOT NULL,  updated_ms INTEGER NOT NULL);
CREATE INDEX tickets_state ON tickets(state, id);
CREATE INDEX tickets_unit ON tickets(unit_id, id);
CREATE INDEX tickets_path ON tickets(division_path);
CREATE INDEX tickets_created ON tickets(created_ms);
CREATE INDEX tickets_updated ON tickets(updated_ms);
CREATE INDEX tickets_due ON tickets(due_ms);
CREATE TABLE ticket_cc (  ticket_id INTEGER NOT NULL REFERENCES tickets(id),  unit_id INTEGER NOT NULL REFERENCES units(id),  PRIMARY KEY (ticket_id, unit_id));
CREATE INDEX ticket_cc_unit ON ticket_cc(unit_id);
CREATE TABLE ticket_timeline (  id INTEGER PRIMARY KEY,  ticket_id INTEGER NOT NULL REFERENCES tickets(id),  at_ms INTEGER NOT NULL,  actor_user_id INTEGER,  actor_role TEXT NOT NULL,  action TEXT NOT NULL,  from_state TEXT, to_state TEXT NOT NULL,  note TEXT,  detail TEXT NOT NULL DEFAULT '{}',  prev_hash TEXT NOT NULL,  hash TEXT NOT NULL);
CREATE INDEX ticket_timeline_ticket ON ticket_timeline(ticket_id, id);
CREATE TABLE attachments (  sha256 TEXT PRIMARY KEY,  mime TEXT NOT NULL,  size INTEGER NOT NULL,  created_ms INTEGER NOT NULL);
CREATE TABLE ticket_photos (  ticket_id INTEGER NOT NULL REFERENCES tickets(id),  sha256 TEXT NOT NULL REFERENCES attachments(sha256),  stage TEXT NOT NULL CHECK (stage IN ('report','feedback')),  created_ms INTEGER NOT NULL,  PRIMARY KEY (ticket_id, sha256));
CREATE TABLE audit_log (  id INTEGER PRIMARY KEY,  at_ms INTEGER NOT NULL,  actor_user_id INTEGER,  action TEXT NOT NULL,  object TEXT NOT NULL,  detail TEXT NOT NULL DEFAULT '',  prev_hash TEXT NOT NULL,  hash TEXT NOT NULL);
CREATE VIRTUAL TABLE tickets_fts USING fts5(description, content='tickets', content_rowid='id', tokenize='trigram');
CREATE TRIGGER tickets_fts_ai AFTER INSERT ON tickets BEGIN  INSERT INTO tickets_fts(rowid, description) VALUES (new.id, new.description);
END;
CREATE TRIGGER tickets_fts_au AFTER UPDATE OF description ON tickets BEGIN  INSERT INTO tickets_fts(tickets_fts, rowid, description) VALUES ('delete', old.id, old.description);
INSERT INTO tickets_fts(rowid, description) VALUES (new.id, new.description);
END;
-- migration 2
CREATE TABLE rate_counters (  key TEXT NOT NULL,  window_start INTEGER NOT NULL,  n INTEGER NOT NULL,  PRIMARY KEY (key, window_start));
-- migration 3
ALTER TABLE tickets ADD COLUMN needs_location INTEGER NOT NULL DEFAULT 0;
UPDATE tickets SET needs_location = 1,  division_id = (SELECT id FROM divisions WHERE parent_id IS NULL ORDER BY id LIMIT 1),  division_path = (SELECT path FROM divisions WHERE parent_id IS NULL ORDER BY id LIMIT 1)  WHERE division_path = '/' AND EXISTS (SELECT 1 FROM divisions WHERE parent_id IS NULL);
CREATE INDEX tickets_needs_location ON tickets(needs_location, id);
CREATE TABLE uploads (  id INTEGER PRIMARY KEY,  sha256 TEXT NOT NULL REFERENCES attachments(sha256),  user_id INTEGER REFERENCES users(id),  created_ms INTEGER NOT NULL);
CREATE INDEX uploads_sha ON uploads(sha256, user_id);
