/* partners/ledger_store.c — SQL of the points bank (see ledger_store.h). Portable SQL only: every
 * parameter whose type PostgreSQL cannot infer is CAST. */
#include "partners/ledger_store.h"

#include <stdio.h>
#include <string.h>

static const char SQL_ENSURE[] =
    "INSERT INTO ledger_accounts(division_id, owner_kind, owner_id, created_ms) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (division_id, owner_kind, owner_id) DO NOTHING";
static const char SQL_FIND[] =
    "SELECT id FROM ledger_accounts WHERE division_id = ?1 AND owner_kind = ?2 AND owner_id = ?3";
static const char SQL_COMMUNITY[] = "SELECT path, level FROM divisions WHERE id = ?1";

#define ACCT_COLS                                                                                      \
    "a.id, a.division_id, a.owner_kind, a.owner_id, a.debits_pending, a.debits_posted, a.credits_pending," \
    " a.credits_posted, a.created_ms, d.path, d.name"
static const char SQL_ACCT_GET[] =
    "SELECT " ACCT_COLS " FROM ledger_accounts a JOIN divisions d ON d.id = a.division_id WHERE a.id = ?1";
static const char SQL_ACCTS[] =
    "SELECT " ACCT_COLS " FROM ledger_accounts a JOIN divisions d ON d.id = a.division_id"
    " WHERE substr(d.path, 1, length(CAST(?1 AS TEXT))) = ?1"
    " AND (CAST(?2 AS BIGINT) IS NULL OR a.division_id = ?2)"
    " AND (CAST(?3 AS TEXT) IS NULL OR a.owner_kind = ?3)"
    " AND (CAST(?4 AS BIGINT) IS NULL OR a.owner_id = ?4)"
    " ORDER BY a.id LIMIT CAST(?5 AS BIGINT) OFFSET CAST(?6 AS BIGINT)";

/* ?2 the amount, ?3 INT64_MAX. The no-negative rule and the overflow bounds are in the WHERE. */
#define MAXL "CAST(?3 AS BIGINT) - CAST(?2 AS BIGINT)"
#define DEBIT_OK                                                                                       \
    " AND debits_pending + debits_posted <= " MAXL                                                     \
    " AND (owner_kind = 'system' OR credits_posted - debits_posted - debits_pending >= CAST(?2 AS BIGINT))"
static const char *const SQL_MOVE[2][4] = {
    { "UPDATE ledger_accounts SET debits_posted = debits_posted + CAST(?2 AS BIGINT) WHERE id = ?1" DEBIT_OK
      " RETURNING id",
      "UPDATE ledger_accounts SET debits_pending = debits_pending + CAST(?2 AS BIGINT) WHERE id = ?1" DEBIT_OK
      " RETURNING id",
      "UPDATE ledger_accounts SET debits_pending = debits_pending - CAST(?2 AS BIGINT),"
      " debits_posted = debits_posted + CAST(?2 AS BIGINT) WHERE id = ?1 AND debits_pending >= CAST(?2 AS BIGINT)"
      " AND CAST(?3 AS BIGINT) > 0 RETURNING id",
      "UPDATE ledger_accounts SET debits_pending = debits_pending - CAST(?2 AS BIGINT)"
      " WHERE id = ?1 AND debits_pending >= CAST(?2 AS BIGINT) AND CAST(?3 AS BIGINT) > 0 RETURNING id" },
    { "UPDATE ledger_accounts SET credits_posted = credits_posted + CAST(?2 AS BIGINT)"
      " WHERE id = ?1 AND credits_pending + credits_posted <= " MAXL " RETURNING id",
      "UPDATE ledger_accounts SET credits_pending = credits_pending + CAST(?2 AS BIGINT)"
      " WHERE id = ?1 AND credits_pending + credits_posted <= " MAXL " RETURNING id",
      "UPDATE ledger_accounts SET credits_pending = credits_pending - CAST(?2 AS BIGINT),"
      " credits_posted = credits_posted + CAST(?2 AS BIGINT) WHERE id = ?1 AND credits_pending >= CAST(?2 AS BIGINT)"
      " AND CAST(?3 AS BIGINT) > 0 RETURNING id",
      "UPDATE ledger_accounts SET credits_pending = credits_pending - CAST(?2 AS BIGINT)"
      " WHERE id = ?1 AND credits_pending >= CAST(?2 AS BIGINT) AND CAST(?3 AS BIGINT) > 0 RETURNING id" },
};
static const char SQL_EXISTS[] = "SELECT 1 FROM ledger_accounts WHERE id = ?1";
static const char SQL_LOCK_PG[] = "SELECT id FROM ledger_accounts WHERE id = ?1 FOR UPDATE";

static const char SQL_INSERT[] =
    "INSERT INTO ledger_transfers(client_id, kind, debit_account_id, credit_account_id, amount, pending_id,"
    " corrects_id, expires_ms, memo, created_by, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    " RETURNING id";
#define T_COLS                                                                                          \
    "t.id AS id, COALESCE(t.client_id, '') AS client_id, t.kind AS kind, t.debit_account_id AS dr,"     \
    " t.credit_account_id AS cr, t.amount AS amount, COALESCE(t.pending_id, 0) AS pending_id,"         \
    " COALESCE(t.corrects_id, 0) AS corrects_id, COALESCE(t.expires_ms, 0) AS expires_ms, t.memo AS memo," \
    " COALESCE(t.created_by, 0) AS created_by, t.created_ms AS created_ms, COALESCE(e.kind, '') AS end_kind"
static const char SQL_GET[] =
    "SELECT " T_COLS " FROM ledger_transfers t LEFT JOIN ledger_transfers e ON e.pending_id = t.id WHERE t.id = ?1";
static const char SQL_HISTORY[] =
    "SELECT * FROM (SELECT " T_COLS ", CAST(SUM(CASE WHEN t.kind IN ('posted','post') THEN"
    " (CASE WHEN t.credit_account_id = ?1 THEN t.amount ELSE -t.amount END) ELSE 0 END)"
    " OVER (ORDER BY t.id) AS BIGINT) AS balance_after"
    " FROM ledger_transfers t LEFT JOIN ledger_transfers e ON e.pending_id = t.id"
    " WHERE (t.debit_account_id = ?1 OR t.credit_account_id = ?1)) h"
    " WHERE (CAST(?4 AS TEXT) IS NULL OR h.kind = ?4)"
    " ORDER BY h.id DESC LIMIT CAST(?2 AS BIGINT) OFFSET CAST(?3 AS BIGINT)";
static const char SQL_LIST[] =
    "SELECT " T_COLS ", 0 FROM ledger_transfers t LEFT JOIN ledger_transfers e ON e.pending_id = t.id"
    " JOIN ledger_accounts a ON a.id = t.debit_account_id JOIN divisions d ON d.id = a.division_id"
    " WHERE substr(d.path, 1, length(CAST(?1 AS TEXT))) = ?1 AND (CAST(?4 AS TEXT) IS NULL OR t.kind = ?4)"
    " ORDER BY t.id DESC LIMIT CAST(?2 AS BIGINT) OFFSET CAST(?3 AS BIGINT)";

static const char SQL_CLAIM[] = "INSERT INTO ledger_requests(client_id, fields, created_ms) VALUES (?1, ?2, ?3)"
                                " ON CONFLICT (client_id) DO NOTHING RETURNING id";
static const char SQL_REQUEST[] = "SELECT fields, COALESCE(transfer_id, 0), COALESCE(error, ''), COALESCE(message, '')"
                                  " FROM ledger_requests WHERE client_id = ?1";
static const char SQL_FINISH[] =
    "UPDATE ledger_requests SET transfer_id = ?2, error = ?3, message = ?4 WHERE client_id = ?1 RETURNING id";
static const char SQL_DUE[] =
    "SELECT t.id FROM ledger_transfers t WHERE t.kind = 'pending' AND t.expires_ms <= ?1"
    " AND NOT EXISTS (SELECT 1 FROM ledger_transfers e WHERE e.pending_id = t.id)"
    " ORDER BY t.expires_ms, t.id LIMIT CAST(?2 AS BIGINT)";

#define SUM_OF(side, cond)                                                                              \
    " COALESCE((SELECT CAST(SUM(t.amount) AS BIGINT) FROM ledger_transfers t WHERE t." side " = a.id AND " cond "), 0)"
#define OPEN_HOLD "t.kind = 'pending' AND NOT EXISTS (SELECT 1 FROM ledger_transfers e WHERE e.pending_id = t.id)"
static const char SQL_RECOMPUTE[] =
    "SELECT a.id, a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted,"
    SUM_OF("debit_account_id", OPEN_HOLD) "," SUM_OF("debit_account_id", "t.kind IN ('posted','post')") ","
    SUM_OF("credit_account_id", OPEN_HOLD) "," SUM_OF("credit_account_id", "t.kind IN ('posted','post')")
    " FROM ledger_accounts a ORDER BY a.id";
static const char SQL_BAD_ENDS[] =
    "SELECT (SELECT COUNT(*) FROM ledger_transfers), (SELECT COUNT(*) FROM ledger_transfers e"
    " JOIN ledger_transfers p ON p.id = e.pending_id WHERE p.kind <> 'pending'"
    " OR p.debit_account_id <> e.debit_account_id OR p.credit_account_id <> e.credit_account_id"
    " OR p.amount <> e.amount)";

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

gw_err gw_store_ledger_account_ensure(gw_db *tx, int64_t division_id, gw_ledger_owner owner, int64_t owner_id,
                                      int64_t now_ms, int64_t *id)
{
    /* look first: an INSERT that finds the row would still use up an identity value on PostgreSQL */
    for (int pass = 0; pass < 2; pass++) {
        gw_stmt *st = gw_db_prep(tx, SQL_FIND);
        if (!st) return GW_E_INTERNAL;
        gw_bind_int(st, 1, division_id);
        gw_bind_text(st, 2, gw_ledger_owner_name(owner));
        gw_bind_int(st, 3, owner_id);
        gw_err e = gw_step_row(st);
        if (!e) { *id = gw_col_int(st, 0); gw_stmt_reset(st); return GW_OK; }
        if (e != GW_E_NOT_FOUND || pass) return e;
        if (!(st = gw_db_prep(tx, SQL_ENSURE))) return GW_E_INTERNAL;
        gw_bind_int(st, 1, division_id);
        gw_bind_text(st, 2, gw_ledger_owner_name(owner));
        gw_bind_int(st, 3, owner_id);
        gw_bind_int(st, 4, now_ms);
        if ((e = gw_step_done(st))) return e; /* DO NOTHING when another transaction opened it meanwhile */
    }
    return GW_E_INTERNAL;
}

static void read_account(gw_stmt *st, gw_ledger_account_row *r)
{
    memset(r, 0, sizeof *r);
    r->a.id = gw_col_int(st, 0);
    r->a.division_id = gw_col_int(st, 1);
    r->a.owner = (gw_ledger_owner)gw_ledger_owner_parse(gw_col_text(st, 2));
    r->a.owner_id = gw_col_int(st, 3);
    r->a.debits_pending = gw_col_int(st, 4);
    r->a.debits_posted = gw_col_int(st, 5);
    r->a.credits_pending = gw_col_int(st, 6);
    r->a.credits_posted = gw_col_int(st, 7);
    r->created_ms = gw_col_int(st, 8);
    cpy(r->division_path, sizeof r->division_path, gw_col_text(st, 9));
    cpy(r->division_name, sizeof r->division_name, gw_col_text(st, 10));
}

gw_err gw_store_ledger_account_get(gw_db *db, int64_t id, gw_ledger_account_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_ACCT_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_account(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_ledger_community(gw_db *db, int64_t division_id, char *path)
{
    gw_stmt *st = gw_db_prep(db, SQL_COMMUNITY);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, division_id);
    gw_err e = gw_step_row(st);
    if (e) return e == GW_E_NOT_FOUND ? GW_E_INVALID : e;
    cpy(path, 128, gw_col_text(st, 0));
    int community = gw_col_text(st, 1) && !strcmp(gw_col_text(st, 1), "community");
    gw_stmt_reset(st);
    return community ? GW_OK : GW_E_INVALID;
}

gw_err gw_store_ledger_accounts(gw_db *db, const gw_ledger_account_query *q, gw_ledger_account_row *out,
                                size_t *found, int *more)
{
    *found = 0;
    *more = 0;
    gw_stmt *st = gw_db_prep(db, SQL_ACCTS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, q->div_prefix ? q->div_prefix : "/");
    gw_bind_id(st, 2, q->division_id);
    if (q->owner >= 0) gw_bind_text(st, 3, gw_ledger_owner_name(q->owner));
    gw_bind_id(st, 4, q->owner_id);
    gw_bind_int(st, 5, (int64_t)q->limit + 1);
    gw_bind_int(st, 6, (int64_t)q->offset);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*found == q->limit) { *more = 1; gw_stmt_reset(st); rc = 0; break; }
        read_account(st, &out[(*found)++]);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_ledger_move(gw_db *tx, int64_t account_id, gw_ledger_side side, gw_ledger_kind kind, int64_t amount)
{
    int op = kind == GW_LK_POSTED ? 0 : kind == GW_LK_PENDING ? 1 : kind == GW_LK_POST ? 2 : 3;
    gw_stmt *st = gw_db_prep(tx, SQL_MOVE[side][op]);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, account_id);
    gw_bind_int(st, 2, amount);
    gw_bind_int(st, 3, INT64_MAX);
    gw_err e = gw_step_touched(st);
    if (e != GW_E_NOT_FOUND) return e;
    /* nothing touched: the rule refused it, or there is no such account */
    return gw_db_row_exists(tx, SQL_EXISTS, account_id) == GW_OK ? GW_E_CONFLICT : GW_E_NOT_FOUND;
}

gw_err gw_store_ledger_lock(gw_db *tx, int64_t account_id)
{
    if (gw_db_dialect_of(tx) != GW_DIALECT_POSTGRES) return GW_OK; /* SQLite: the one writer holds every row */
    gw_stmt *st = gw_db_prep(tx, SQL_LOCK_PG);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, account_id);
    return gw_step_done(st);
}

gw_err gw_store_ledger_transfer_insert(gw_db *tx, gw_ledger_transfer *t)
{
    gw_stmt *st = gw_db_prep(tx, SQL_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, t->client_id[0] ? t->client_id : NULL);
    gw_bind_text(st, 2, gw_ledger_kind_name(t->kind));
    gw_bind_int(st, 3, t->debit_account_id);
    gw_bind_int(st, 4, t->credit_account_id);
    gw_bind_int(st, 5, t->amount);
    gw_bind_id(st, 6, t->pending_id);
    gw_bind_id(st, 7, t->corrects_id);
    if (t->kind == GW_LK_PENDING) gw_bind_int(st, 8, t->expires_ms);
    else gw_bind_null(st, 8);
    gw_bind_text(st, 9, t->memo);
    gw_bind_id(st, 10, t->created_by);
    gw_bind_int(st, 11, t->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    t->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

static void read_transfer(gw_stmt *st, gw_ledger_transfer *t)
{
    memset(t, 0, sizeof *t);
    t->id = gw_col_int(st, 0);
    cpy(t->client_id, sizeof t->client_id, gw_col_text(st, 1));
    t->kind = (gw_ledger_kind)gw_ledger_kind_parse(gw_col_text(st, 2));
    t->debit_account_id = gw_col_int(st, 3);
    t->credit_account_id = gw_col_int(st, 4);
    t->amount = gw_col_int(st, 5);
    t->pending_id = gw_col_int(st, 6);
    t->corrects_id = gw_col_int(st, 7);
    t->expires_ms = gw_col_int(st, 8);
    cpy(t->memo, sizeof t->memo, gw_col_text(st, 9));
    t->created_by = gw_col_int(st, 10);
    t->created_ms = gw_col_int(st, 11);
    t->end_kind = gw_ledger_kind_parse(gw_col_text(st, 12));
}

gw_err gw_store_ledger_transfer_get(gw_db *db, int64_t id, gw_ledger_transfer *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_transfer(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_ledger_transfers(gw_db *db, const gw_ledger_transfer_query *q, gw_ledger_transfer *out,
                                 size_t *found, int *more)
{
    *found = 0;
    *more = 0;
    gw_stmt *st = gw_db_prep(db, q->account_id ? SQL_HISTORY : SQL_LIST);
    if (!st) return GW_E_INTERNAL;
    if (q->account_id) gw_bind_int(st, 1, q->account_id);
    else gw_bind_text(st, 1, q->div_prefix ? q->div_prefix : "/");
    gw_bind_int(st, 2, (int64_t)q->limit + 1);
    gw_bind_int(st, 3, (int64_t)q->offset);
    if (q->kind >= 0) gw_bind_text(st, 4, gw_ledger_kind_name(q->kind));
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*found == q->limit) { *more = 1; gw_stmt_reset(st); rc = 0; break; }
        read_transfer(st, &out[*found]);
        out[(*found)++].balance_after = gw_col_int(st, 13);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_ledger_request_claim(gw_db *tx, const char *client_id, const char *fields, int64_t now_ms, int *fresh,
                                     gw_ledger_outcome *stored)
{
    gw_stmt *st = gw_db_prep(tx, SQL_CLAIM);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, client_id);
    gw_bind_text(st, 2, fields);
    gw_bind_int(st, 3, now_ms);
    gw_err e = gw_step_row(st);
    if (!e) { gw_stmt_reset(st); *fresh = 1; return GW_OK; }
    if (e != GW_E_NOT_FOUND) return e;
    *fresh = 0; /* seen before (on PostgreSQL: committed by the transaction this one waited for) */
    if (!(st = gw_db_prep(tx, SQL_REQUEST))) return GW_E_INTERNAL;
    gw_bind_text(st, 1, client_id);
    if ((e = gw_step_row(st))) return e;
    memset(stored, 0, sizeof *stored);
    cpy(stored->fields, sizeof stored->fields, gw_col_text(st, 0));
    stored->transfer_id = gw_col_int(st, 1);
    cpy(stored->error, sizeof stored->error, gw_col_text(st, 2));
    cpy(stored->message, sizeof stored->message, gw_col_text(st, 3));
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_ledger_request_finish(gw_db *tx, const char *client_id, int64_t transfer_id, const char *error,
                                      const char *message)
{
    gw_stmt *st = gw_db_prep(tx, SQL_FINISH);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, client_id);
    gw_bind_id(st, 2, transfer_id);
    gw_bind_text(st, 3, error);
    gw_bind_text(st, 4, message);
    return gw_step_touched(st);
}

gw_err gw_store_ledger_due(gw_db *db, int64_t now_ms, int64_t *ids, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_DUE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, now_ms);
    gw_bind_int(st, 2, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) ids[(*n)++] = gw_col_int(st, 0);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_ledger_recompute(gw_db *db, gw_ledger_check_fn fn, void *cls, int64_t *transfers, int64_t *bad_ends)
{
    gw_stmt *st = gw_db_prep(db, SQL_BAD_ENDS);
    if (!st) return GW_E_INTERNAL;
    gw_err e = gw_step_row(st);
    if (e) return e;
    *transfers = gw_col_int(st, 0);
    *bad_ends = gw_col_int(st, 1);
    gw_stmt_reset(st);
    if (!(st = gw_db_prep(db, SQL_RECOMPUTE))) return GW_E_INTERNAL;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_ledger_check_row r;
        r.id = gw_col_int(st, 0);
        for (int i = 0; i < 4; i++) {
            r.stored[i] = gw_col_int(st, 1 + i);
            r.computed[i] = gw_col_int(st, 5 + i);
        }
        if (fn(cls, &r)) { gw_stmt_reset(st); return GW_OK; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
