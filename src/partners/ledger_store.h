/* partners/ledger_store.h — SQL of the points bank: accounts, the immutable transfers, the client ids
 * with their outcomes, the holds due to expire, and the recomputation `ledger verify` compares.
 * Every balance change is one conditional UPDATE that checks, in the database, the rule of
 * partners/ledger.h (no negative partner or resident account, no int64 overflow), so it holds under
 * any concurrency on both backends. Rows are structs; rendering is above. */
#ifndef GW_PARTNERS_LEDGER_STORE_H
#define GW_PARTNERS_LEDGER_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "db/db.h"
#include "partners/ledger.h"

typedef struct {
    gw_ledger_account a;
    char division_path[128];
    char division_name[256];
    int64_t created_ms;
} gw_ledger_account_row;

typedef struct {
    int64_t id;
    char client_id[GW_LEDGER_CLIENT_ID_MAX + 1]; /* "" for the expiry job's */
    gw_ledger_kind kind;
    int64_t debit_account_id, credit_account_id, amount;
    int64_t pending_id, corrects_id; /* 0 none */
    int64_t expires_ms;              /* pending only */
    char memo[GW_LEDGER_MEMO_MAX * 4 + 1];
    int64_t created_by, created_ms;
    int end_kind;                    /* a pending transfer: the kind that ended it, -1 none */
    int64_t balance_after;           /* in an account's history: its posted balance after this transfer */
} gw_ledger_transfer;

/* The account of (community, owner), opened when missing; *id its id. */
gw_err gw_store_ledger_account_ensure(gw_db *tx, int64_t division_id, gw_ledger_owner owner, int64_t owner_id,
                                      int64_t now_ms, int64_t *id);
/* GW_E_NOT_FOUND when there is no such account. */
gw_err gw_store_ledger_account_get(gw_db *db, int64_t id, gw_ledger_account_row *out);
/* Whether division_id is a community (GW_OK), GW_E_INVALID otherwise; *path its path (128 bytes). */
gw_err gw_store_ledger_community(gw_db *db, int64_t division_id, char *path);

typedef struct {
    const char *div_prefix; /* the caller's subtree ("/" = all) */
    int64_t division_id;    /* 0 = any */
    int owner;              /* -1 = any */
    int64_t owner_id;       /* 0 = any */
    size_t offset, limit;
} gw_ledger_account_query;
/* A page of accounts by id; *found rows in out (at most limit), *more whether another page exists. */
gw_err gw_store_ledger_accounts(gw_db *db, const gw_ledger_account_query *q, gw_ledger_account_row *out,
                                size_t *found, int *more);

typedef enum { GW_LEDGER_DEBIT = 0, GW_LEDGER_CREDIT = 1 } gw_ledger_side;
/* Move one side of an account for a transfer of `kind`: posted/pending add to the posted/pending
 * column; post moves pending to posted; void and expire release the pending. GW_E_CONFLICT when the
 * rule refuses it (the debit of a non-system account past its available points, an int64 overflow, a
 * release of more than is pending); GW_E_NOT_FOUND when there is no account. */
gw_err gw_store_ledger_move(gw_db *tx, int64_t account_id, gw_ledger_side side, gw_ledger_kind kind, int64_t amount);

/* Lock the account's row until the transaction ends (PostgreSQL; SQLite has one writer). A linked
 * batch locks all its accounts in id order first, so two batches never wait for each other in a circle. */
gw_err gw_store_ledger_lock(gw_db *tx, int64_t account_id);

/* Insert a transfer (fills t->id). GW_E_CONFLICT when its client id or the hold it ends is taken. */
gw_err gw_store_ledger_transfer_insert(gw_db *tx, gw_ledger_transfer *t);
gw_err gw_store_ledger_transfer_get(gw_db *db, int64_t id, gw_ledger_transfer *out);

typedef struct {
    const char *div_prefix; /* the debit account's community under it ("/" = all) */
    int64_t account_id;     /* 0 = any; otherwise balance_after is filled */
    int kind;               /* -1 = any */
    size_t offset, limit;
} gw_ledger_transfer_query;
/* A page of transfers, newest first. */
gw_err gw_store_ledger_transfers(gw_db *db, const gw_ledger_transfer_query *q, gw_ledger_transfer *out,
                                 size_t *found, int *more);

/* A client id's request: claim it with its fields (*fresh = 1), or, when it was seen before,
 * *fresh = 0 and its stored fields and outcome. */
typedef struct {
    char fields[GW_LEDGER_FIELDS_MAX];
    int64_t transfer_id; /* the outcome: a transfer, or ... */
    char error[32];      /* ... an error (gw_err name) and its message */
    char message[256];
} gw_ledger_outcome;
gw_err gw_store_ledger_request_claim(gw_db *tx, const char *client_id, const char *fields, int64_t now_ms, int *fresh,
                                     gw_ledger_outcome *stored);
gw_err gw_store_ledger_request_finish(gw_db *tx, const char *client_id, int64_t transfer_id, const char *error,
                                      const char *message);

/* Pending transfers due to expire at now_ms (not ended), oldest first, at most max ids. */
gw_err gw_store_ledger_due(gw_db *db, int64_t now_ms, int64_t *ids, size_t max, size_t *n);

/* One account's stored balances beside the ones recomputed from the transfers. */
typedef struct {
    int64_t id;
    int64_t stored[4], computed[4]; /* debits_pending, debits_posted, credits_pending, credits_posted */
} gw_ledger_check_row;
typedef int (*gw_ledger_check_fn)(void *cls, const gw_ledger_check_row *r);
/* Hand every account to fn (a non-zero return stops); *bad_ends gets the number of post/void/expire
 * transfers that do not match the hold they end (other accounts, amount, or not a hold). */
gw_err gw_store_ledger_recompute(gw_db *db, gw_ledger_check_fn fn, void *cls, int64_t *transfers, int64_t *bad_ends);

#endif
