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
"CREATE INDEX partner_credit_events_community ON partner_credit_events(community_id, at_ms);",
/* 4: reserved for the earning rules (another branch); a no-op here so the numbers stay in step */
"SELECT 1;",
/* 5: the redemption catalogue (partners/catalogue_store.h): items per community (goods with stock,
 * merchant coupons, activity-room bookings), the room's slots, and the orders (兑换订单) whose points
 * are a pending ledger hold. Stock and free places never go negative: the store's UPDATEs check it and
 * the CHECKs stand behind them. A coupon code is unique; an order's idempotency key is unique. */
"CREATE TABLE catalogue_items ("
"  id INTEGER PRIMARY KEY,"
"  community_id INTEGER NOT NULL REFERENCES divisions(id),"
"  kind TEXT NOT NULL CHECK (kind IN ('goods','coupon','room')),"
"  name TEXT NOT NULL,"
"  description TEXT NOT NULL DEFAULT '',"
"  price INTEGER NOT NULL CHECK (price > 0),"
"  stock INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),"     /* goods and coupons; rooms count per slot */
"  active INTEGER NOT NULL DEFAULT 1,"
"  valid_from_ms INTEGER NOT NULL DEFAULT 0,"                /* 0: no bound */
"  valid_to_ms INTEGER NOT NULL DEFAULT 0,"
"  hold_ms INTEGER NOT NULL CHECK (hold_ms > 0),"
"  per_person INTEGER NOT NULL DEFAULT 0 CHECK (per_person >= 0),"
"  partner_id INTEGER REFERENCES partners(id),"             /* a coupon's merchant */
"  created_by INTEGER REFERENCES users(id),"
"  created_ms INTEGER NOT NULL,"
"  updated_ms INTEGER NOT NULL);"
"CREATE INDEX catalogue_items_community ON catalogue_items(community_id, kind);"
"CREATE TABLE catalogue_slots ("
"  id INTEGER PRIMARY KEY,"
"  item_id INTEGER NOT NULL REFERENCES catalogue_items(id),"
"  start_ms INTEGER NOT NULL,"
"  end_ms INTEGER NOT NULL,"
"  capacity INTEGER NOT NULL CHECK (capacity > 0),"
"  free INTEGER NOT NULL,"
"  created_ms INTEGER NOT NULL,"
"  CHECK (free >= 0 AND free <= capacity),"
"  CHECK (end_ms > start_ms));"
"CREATE INDEX catalogue_slots_item ON catalogue_slots(item_id, start_ms);"
"CREATE TABLE catalogue_orders ("
"  id INTEGER PRIMARY KEY,"
"  item_id INTEGER NOT NULL REFERENCES catalogue_items(id),"
"  slot_id INTEGER REFERENCES catalogue_slots(id),"
"  community_id INTEGER NOT NULL REFERENCES divisions(id),"
"  resident_id INTEGER NOT NULL REFERENCES resident_accounts(id),"
"  account_id INTEGER NOT NULL REFERENCES ledger_accounts(id),"
"  price INTEGER NOT NULL CHECK (price > 0),"
"  hold_id INTEGER UNIQUE REFERENCES ledger_transfers(id),"  /* the pending transfer "ord-<id>" */
"  status TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held','handed_over','used','cancelled','expired','no_show')),"
"  code TEXT UNIQUE,"                                        /* a coupon's code */
"  client_key TEXT UNIQUE,"                                  /* r<resident>:<the page's idempotency key> */
"  expires_ms INTEGER NOT NULL,"
"  created_ms INTEGER NOT NULL,"
"  ended_ms INTEGER,"
"  ended_by INTEGER REFERENCES users(id),"
"  ended_by_resident INTEGER REFERENCES resident_accounts(id),"
"  reason TEXT NOT NULL DEFAULT '');"
"CREATE INDEX catalogue_orders_resident ON catalogue_orders(resident_id, id);"
"CREATE INDEX catalogue_orders_item ON catalogue_orders(item_id, status);"
"CREATE INDEX catalogue_orders_status ON catalogue_orders(status, expires_ms);",
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
"CREATE INDEX partner_credit_events_community ON partner_credit_events(community_id, at_ms);\n",
/* 4: reserved (as in the SQLite list) */
"SELECT 1;",
/* 5: the redemption catalogue (partners/catalogue_store.h): items per community (goods with stock,
 * merchant coupons, activity-room bookings), the room's slots, and the orders (兑换订单) whose points
 * are a pending ledger hold. Stock and free places never go negative: the store's UPDATEs check it and
 * the CHECKs stand behind them. A coupon code is unique; an order's idempotency key is unique. */
"CREATE TABLE catalogue_items ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  community_id BIGINT NOT NULL REFERENCES divisions(id),"
"  kind TEXT NOT NULL CHECK (kind IN ('goods','coupon','room')),"
"  name TEXT NOT NULL,"
"  description TEXT NOT NULL DEFAULT '',"
"  price BIGINT NOT NULL CHECK (price > 0),"
"  stock BIGINT NOT NULL DEFAULT 0 CHECK (stock >= 0),"     /* goods and coupons; rooms count per slot */
"  active BIGINT NOT NULL DEFAULT 1,"
"  valid_from_ms BIGINT NOT NULL DEFAULT 0,"                /* 0: no bound */
"  valid_to_ms BIGINT NOT NULL DEFAULT 0,"
"  hold_ms BIGINT NOT NULL CHECK (hold_ms > 0),"
"  per_person BIGINT NOT NULL DEFAULT 0 CHECK (per_person >= 0),"
"  partner_id BIGINT REFERENCES partners(id),"             /* a coupon's merchant */
"  created_by BIGINT REFERENCES users(id),"
"  created_ms BIGINT NOT NULL,"
"  updated_ms BIGINT NOT NULL);\n"
"CREATE INDEX catalogue_items_community ON catalogue_items(community_id, kind);\n"
"CREATE TABLE catalogue_slots ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  item_id BIGINT NOT NULL REFERENCES catalogue_items(id),"
"  start_ms BIGINT NOT NULL,"
"  end_ms BIGINT NOT NULL,"
"  capacity BIGINT NOT NULL CHECK (capacity > 0),"
"  free BIGINT NOT NULL,"
"  created_ms BIGINT NOT NULL,"
"  CHECK (free >= 0 AND free <= capacity),"
"  CHECK (end_ms > start_ms));\n"
"CREATE INDEX catalogue_slots_item ON catalogue_slots(item_id, start_ms);\n"
"CREATE TABLE catalogue_orders ("
"  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
"  item_id BIGINT NOT NULL REFERENCES catalogue_items(id),"
"  slot_id BIGINT REFERENCES catalogue_slots(id),"
"  community_id BIGINT NOT NULL REFERENCES divisions(id),"
"  resident_id BIGINT NOT NULL REFERENCES resident_accounts(id),"
"  account_id BIGINT NOT NULL REFERENCES ledger_accounts(id),"
"  price BIGINT NOT NULL CHECK (price > 0),"
"  hold_id BIGINT UNIQUE REFERENCES ledger_transfers(id),"  /* the pending transfer "ord-<id>" */
"  status TEXT NOT NULL DEFAULT 'held' CHECK (status IN ('held','handed_over','used','cancelled','expired','no_show')),"
"  code TEXT UNIQUE,"                                        /* a coupon's code */
"  client_key TEXT UNIQUE,"                                  /* r<resident>:<the page's idempotency key> */
"  expires_ms BIGINT NOT NULL,"
"  created_ms BIGINT NOT NULL,"
"  ended_ms BIGINT,"
"  ended_by BIGINT REFERENCES users(id),"
"  ended_by_resident BIGINT REFERENCES resident_accounts(id),"
"  reason TEXT NOT NULL DEFAULT '');\n"
"CREATE INDEX catalogue_orders_resident ON catalogue_orders(resident_id, id);\n"
"CREATE INDEX catalogue_orders_item ON catalogue_orders(item_id, status);\n"
"CREATE INDEX catalogue_orders_status ON catalogue_orders(status, expires_ms);\n",
};

_Static_assert(sizeof sqlite_migrations == sizeof pg_migrations, "one migration list per dialect, in step");

const gw_schema_module gw_partners_schema = {
    "partners", sqlite_migrations, pg_migrations, (int)(sizeof sqlite_migrations / sizeof sqlite_migrations[0]), NULL,
};
