/* partners/partners_schema_store.c — 社区合伙人's tables as this module's migrations, in both dialects,
 * run by db/schema.c after core's, ops' and iot's (partners name divisions, users and resident accounts;
 * the rules for the PostgreSQL twins are in db/schema.h). Never edit an applied migration: add one, to
 * both lists.
 * Migration 1 is the points bank (积分银行): accounts with their four balance columns, the immutable
 * transfers, and the client idempotency ids with their outcomes. A partner or resident account can
 * never go negative: the ledger store's UPDATEs check it (partners/ledger_store.c) and the CHECK below
 * stands behind them. Migration 2 is the partner registry. */
#include "partners/partners_schema_store.h"

static const char *const sqlite_migrations[] = {
/* 1: the points bank */
"CREATE TABLE ledger_accounts ("
"  id INTEGER PRIMARY KEY,"
"  division_id INTEGER NOT NULL REFERENCES divisions(id),"  /* the community */
"  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('system','partner','resident')),"
"  owner_id INTEGER NOT NULL,"                              /* system: 1 issuance .. 5 exchange */
"  debits_pending INTEGER NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),"
"  debits_posted INTEGER NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),"
"  credits_pending INTEGER NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),"
"  credits_posted INTEGER NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),"
"  created_ms INTEGER NOT NULL,"
"  UNIQUE (division_id, owner_kind, owner_id),"
"  CHECK (owner_kind = 'system' OR credits_posted - debits_posted - debits_pending >= 0));"
"CREATE TABLE ledger_transfers ("
"  id INTEGER PRIMARY KEY,"
"  client_id TEXT UNIQUE,"                                   /* NULL for the expiry job's */
"  kind TEXT NOT NULL CHECK (kind IN ('posted','pending','post','void','expire')),"
"  debit_account_id INTEGER NOT NULL REFERENCES ledger_accounts(id),"
"  credit_account_id INTEGER NOT NULL REFERENCES ledger_accounts(id),"
"  amount INTEGER NOT NULL CHECK (amount > 0),"
"  pending_id INTEGER UNIQUE REFERENCES ledger_transfers(id),"  /* post/void/expire: the hold it ends, once */
"  corrects_id INTEGER REFERENCES ledger_transfers(id),"        /* 冲正 */
"  expires_ms INTEGER,"                                        /* pending: when the hold expires */
"  memo TEXT NOT NULL DEFAULT '',"
"  created_by INTEGER REFERENCES users(id),"
"  created_ms INTEGER NOT NULL,"
"  CHECK (debit_account_id <> credit_account_id),"
"  CHECK ((kind IN ('post','void','expire')) = (pending_id IS NOT NULL)),"
"  CHECK ((kind = 'pending') = (expires_ms IS NOT NULL)));"
"CREATE INDEX ledger_transfers_debit ON ledger_transfers(debit_account_id, id);"
"CREATE INDEX ledger_transfers_credit ON ledger_transfers(credit_account_id, id);"
"CREATE INDEX ledger_transfers_due ON ledger_transfers(kind, expires_ms);"
"CREATE TABLE ledger_requests ("
"  id INTEGER PRIMARY KEY,"
"  client_id TEXT NOT NULL UNIQUE,"
"  fields TEXT NOT NULL,"                                    /* partners/ledger.h gw_ledger_fields_text */
"  transfer_id INTEGER REFERENCES ledger_transfers(id),"     /* the outcome: a transfer ... */
"  error TEXT,"                                              /* ... or an error (gw_err name) */
"  message TEXT,"
"  created_ms INTEGER NOT NULL);",
/* 2: the partner registry (partners/partner_store.h): type, person or organisation, the community it
 * registered in and the division subtree it serves, skills/resources offered (tags, text), contact, the
 * status staff drive and how they verified it; a resident holds at most one record per community */
"CREATE TABLE partners ("
"  id INTEGER PRIMARY KEY,"
"  type TEXT NOT NULL CHECK (type IN ('resource','professional','volunteer')),"
"  kind TEXT NOT NULL CHECK (kind IN ('person','organisation')),"
"  name TEXT NOT NULL,"
"  community_id INTEGER NOT NULL REFERENCES divisions(id),"
"  service_div_id INTEGER NOT NULL REFERENCES divisions(id),"
"  tags TEXT NOT NULL DEFAULT '',"                  /* ','-joined, at most 8 */
"  offer TEXT NOT NULL DEFAULT '',"
"  contact_name TEXT NOT NULL DEFAULT '',"
"  contact_phone TEXT NOT NULL DEFAULT '',"
"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','suspended','retired')),"
"  resident_id INTEGER REFERENCES resident_accounts(id)," /* self-registered from the H5 page */
"  verified_by INTEGER REFERENCES users(id),"
"  verify_method TEXT NOT NULL DEFAULT '',"
"  verified_ms INTEGER,"
"  status_reason TEXT NOT NULL DEFAULT '',"
"  status_by INTEGER REFERENCES users(id),"
"  status_ms INTEGER,"
"  created_by INTEGER REFERENCES users(id),"
"  created_ms INTEGER NOT NULL,"
"  updated_ms INTEGER NOT NULL);"
"CREATE UNIQUE INDEX partners_resident_community ON partners(resident_id, community_id);"
"CREATE INDEX partners_community ON partners(community_id, status);",
/* 3: the credit file's events (partners/credit_store.h): append-only, one row per step that counts for
 * or against a partner; the score, level and certificates are computed from them */
"CREATE TABLE partner_credit_events ("
"  id INTEGER PRIMARY KEY,"
"  partner_id INTEGER NOT NULL REFERENCES partners(id),"
"  community_id INTEGER NOT NULL REFERENCES divisions(id),"
"  kind TEXT NOT NULL CHECK (kind IN ('service_live','service_backfill','confirmed','points_earned',"
"    'revoked','no_show','evaluation','project_done')),"
"  value INTEGER NOT NULL,"
"  ref_kind TEXT NOT NULL,"
"  ref_id INTEGER NOT NULL,"
"  at_ms INTEGER NOT NULL);"
"CREATE INDEX partner_credit_events_partner ON partner_credit_events(partner_id, at_ms);"
"CREATE INDEX partner_credit_events_community ON partner_credit_events(community_id, at_ms);",/* 4..6: reserved for the other partners migrations of this session (placeholders on branch s6d only:
 * the integrator puts the real 4, 5 and 6 here; they must never ship as no-ops) */
"SELECT 1;",
"SELECT 1;",
"SELECT 1;",
/* 7: volunteer service certificates (志愿服务记录证明, 民政部令第67号; partners/credit_store.h): issued
 * by staff, never edited — a wrong one is revoked (revoked_*) and another issued that names it in
 * replaces_id. The number is the community's code, the year and a sequence without gaps: the next
 * sequence comes from partner_cert_seq's row for (community, year), incremented in the issuing
 * transaction (an upsert: the row lock on PostgreSQL, the one writer on SQLite). */
"CREATE TABLE partner_cert_seq ("
"  community_id INTEGER NOT NULL REFERENCES divisions(id),"
"  year INTEGER NOT NULL,"
"  last INTEGER NOT NULL CHECK (last > 0),"
"  PRIMARY KEY (community_id, year));"
"CREATE TABLE partner_certificates ("
"  id INTEGER PRIMARY KEY,"
"  number TEXT NOT NULL UNIQUE,"
"  community_id INTEGER NOT NULL REFERENCES divisions(id),"
"  year INTEGER NOT NULL,"
"  seq INTEGER NOT NULL CHECK (seq > 0),"
"  partner_id INTEGER NOT NULL REFERENCES partners(id),"
"  volunteer_name TEXT NOT NULL,"                 /* as it was at issue */
"  from_ms INTEGER NOT NULL,"                      /* the period the hours are counted over: [from, to) */
"  to_ms INTEGER NOT NULL,"
"  live_minutes INTEGER NOT NULL CHECK (live_minutes >= 0)," /* live service only (back-fill not certified) */
"  services INTEGER NOT NULL CHECK (services >= 0)," /* the service_live records counted */
"  content TEXT NOT NULL,"                         /* the service content, summarised by the issuer */
"  place TEXT NOT NULL,"                           /* where the service was given */
"  organisation TEXT NOT NULL,"                    /* the issuing organisation */
"  issued_by INTEGER NOT NULL REFERENCES users(id),"
"  issued_ms INTEGER NOT NULL,"
"  replaces_id INTEGER UNIQUE REFERENCES partner_certificates(id),"
"  revoked_by INTEGER REFERENCES users(id),"
"  revoked_ms INTEGER,"
"  revoke_reason TEXT NOT NULL DEFAULT '',"
"  UNIQUE (community_id, year, seq),"
"  CHECK (from_ms < to_ms),"
"  CHECK ((revoked_ms IS NULL) = (revoked_by IS NULL)));"
"CREATE INDEX partner_certificates_partner ON partner_certificates(partner_id, id);",
};

static const char *const pg_migrations[] = {
/* 1: the points bank (as in the SQLite list) */
"CREATE TABLE ledger_accounts ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  division_id BIGINT NOT NULL REFERENCES divisions(id),"
"  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('system','partner','resident')),"
"  owner_id BIGINT NOT NULL,"
"  debits_pending BIGINT NOT NULL DEFAULT 0 CHECK (debits_pending >= 0),"
"  debits_posted BIGINT NOT NULL DEFAULT 0 CHECK (debits_posted >= 0),"
"  credits_pending BIGINT NOT NULL DEFAULT 0 CHECK (credits_pending >= 0),"
"  credits_posted BIGINT NOT NULL DEFAULT 0 CHECK (credits_posted >= 0),"
"  created_ms BIGINT NOT NULL,"
"  UNIQUE (division_id, owner_kind, owner_id),"
"  CHECK (owner_kind = 'system' OR credits_posted - debits_posted - debits_pending >= 0));\n"
"CREATE TABLE ledger_transfers ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  client_id TEXT UNIQUE,"
"  kind TEXT NOT NULL CHECK (kind IN ('posted','pending','post','void','expire')),"
"  debit_account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),"
"  credit_account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),"
"  amount BIGINT NOT NULL CHECK (amount > 0),"
"  pending_id BIGINT UNIQUE REFERENCES ledger_transfers(id),"
"  corrects_id BIGINT REFERENCES ledger_transfers(id),"
"  expires_ms BIGINT,"
"  memo TEXT NOT NULL DEFAULT '',"
"  created_by BIGINT REFERENCES users(id),"
"  created_ms BIGINT NOT NULL,"
"  CHECK (debit_account_id <> credit_account_id),"
"  CHECK ((kind IN ('post','void','expire')) = (pending_id IS NOT NULL)),"
"  CHECK ((kind = 'pending') = (expires_ms IS NOT NULL)));\n"
"CREATE INDEX ledger_transfers_debit ON ledger_transfers(debit_account_id, id);\n"
"CREATE INDEX ledger_transfers_credit ON ledger_transfers(credit_account_id, id);\n"
"CREATE INDEX ledger_transfers_due ON ledger_transfers(kind, expires_ms);\n"
"CREATE TABLE ledger_requests ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  client_id TEXT NOT NULL UNIQUE,"
"  fields TEXT NOT NULL,"
"  transfer_id BIGINT REFERENCES ledger_transfers(id),"
"  error TEXT,"
"  message TEXT,"
"  created_ms BIGINT NOT NULL);\n",
/* 2: the partner registry */
"CREATE TABLE partners ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  type TEXT NOT NULL CHECK (type IN ('resource','professional','volunteer')),"
"  kind TEXT NOT NULL CHECK (kind IN ('person','organisation')),"
"  name TEXT NOT NULL,"
"  community_id BIGINT NOT NULL REFERENCES divisions(id),"
"  service_div_id BIGINT NOT NULL REFERENCES divisions(id),"
"  tags TEXT NOT NULL DEFAULT '',"
"  offer TEXT NOT NULL DEFAULT '',"
"  contact_name TEXT NOT NULL DEFAULT '',"
"  contact_phone TEXT NOT NULL DEFAULT '',"
"  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','suspended','retired')),"
"  resident_id BIGINT REFERENCES resident_accounts(id),"
"  verified_by BIGINT REFERENCES users(id),"
"  verify_method TEXT NOT NULL DEFAULT '',"
"  verified_ms BIGINT,"
"  status_reason TEXT NOT NULL DEFAULT '',"
"  status_by BIGINT REFERENCES users(id),"
"  status_ms BIGINT,"
"  created_by BIGINT REFERENCES users(id),"
"  created_ms BIGINT NOT NULL,"
"  updated_ms BIGINT NOT NULL);\n"
"CREATE UNIQUE INDEX partners_resident_community ON partners(resident_id, community_id);\n"
"CREATE INDEX partners_community ON partners(community_id, status);\n",
/* 3: the credit file's events */
"CREATE TABLE partner_credit_events ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  partner_id BIGINT NOT NULL REFERENCES partners(id),"
"  community_id BIGINT NOT NULL REFERENCES divisions(id),"
"  kind TEXT NOT NULL CHECK (kind IN ('service_live','service_backfill','confirmed','points_earned',"
"    'revoked','no_show','evaluation','project_done')),"
"  value BIGINT NOT NULL,"
"  ref_kind TEXT NOT NULL,"
"  ref_id BIGINT NOT NULL,"
"  at_ms BIGINT NOT NULL);\n"
"CREATE INDEX partner_credit_events_partner ON partner_credit_events(partner_id, at_ms);\n"
"CREATE INDEX partner_credit_events_community ON partner_credit_events(community_id, at_ms);\n",/* 4..6: placeholders (see the SQLite list) */
"SELECT 1;",
"SELECT 1;",
"SELECT 1;",
/* 7: volunteer service certificates */
"CREATE TABLE partner_cert_seq ("
"  community_id BIGINT NOT NULL REFERENCES divisions(id),"
"  year BIGINT NOT NULL,"
"  last BIGINT NOT NULL CHECK (last > 0),"
"  PRIMARY KEY (community_id, year));\n"
"CREATE TABLE partner_certificates ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  number TEXT NOT NULL UNIQUE,"
"  community_id BIGINT NOT NULL REFERENCES divisions(id),"
"  year BIGINT NOT NULL,"
"  seq BIGINT NOT NULL CHECK (seq > 0),"
"  partner_id BIGINT NOT NULL REFERENCES partners(id),"
"  volunteer_name TEXT NOT NULL,"
"  from_ms BIGINT NOT NULL,"
"  to_ms BIGINT NOT NULL,"
"  live_minutes BIGINT NOT NULL CHECK (live_minutes >= 0),"
"  services BIGINT NOT NULL CHECK (services >= 0),"
"  content TEXT NOT NULL,"
"  place TEXT NOT NULL,"
"  organisation TEXT NOT NULL,"
"  issued_by BIGINT NOT NULL REFERENCES users(id),"
"  issued_ms BIGINT NOT NULL,"
"  replaces_id BIGINT UNIQUE REFERENCES partner_certificates(id),"
"  revoked_by BIGINT REFERENCES users(id),"
"  revoked_ms BIGINT,"
"  revoke_reason TEXT NOT NULL DEFAULT '',"
"  UNIQUE (community_id, year, seq),"
"  CHECK (from_ms < to_ms),"
"  CHECK ((revoked_ms IS NULL) = (revoked_by IS NULL)));\n"
"CREATE INDEX partner_certificates_partner ON partner_certificates(partner_id, id);\n",
};

_Static_assert(sizeof sqlite_migrations == sizeof pg_migrations, "one migration list per dialect, in step");

const gw_schema_module gw_partners_schema = {
    "partners", sqlite_migrations, pg_migrations, (int)(sizeof sqlite_migrations / sizeof sqlite_migrations[0]), NULL,
};
