/* partners/ledger_svc.h — the points bank's use cases: open accounts (ledger.manage, audited), submit
 * one transfer or a linked batch (ledger.manage, audited), read accounts, histories and transfers
 * (ledger.view), all scoped to the staff's division subtree; the expiry job for pending holds; and
 * `gridwork ledger verify`. The rules are partners/ledger.h, the SQL partners/ledger_store.h.
 *
 * Idempotency: every transfer carries a client id, stored with its outcome in the same transaction as
 * the transfer. A request whose every client id was seen before with the same fields gets the stored
 * outcomes again (a failure stays the same failure); the same id with other fields, or a batch mixing
 * seen and new ids, is GW_E_CONFLICT and stores nothing. A request that fails its own shape (ledger.h
 * gw_ledger_check_req) or scope stores nothing either; one that fails on the ledger's state (an
 * account missing, too few points, a hold already ended) stores that failure under its client ids. */
#ifndef GW_PARTNERS_LEDGER_SVC_H
#define GW_PARTNERS_LEDGER_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/jobs.h"
#include "db/store.h"
#include "partners/ledger_store.h"

#define GW_LEDGER_JOB "ledger_expire"
#define GW_LEDGER_PAGE_MAX 200

/* The account of (community, owner) inside a write transaction, opened when missing together with the
 * community's five system accounts. For the integrator: called when a partner is approved or a resident
 * verified. GW_E_INVALID when division_id is not a community. */
gw_err gw_ledger_account_ensure(gw_db *tx, int64_t division_id, gw_ledger_owner owner, int64_t owner_id, int64_t now_ms,
                                int64_t *id);
/* Open (or find) an account as a staff member: ledger.manage, the community in who's subtree; audited. */
gw_err gw_ledger_open(gw_store *s, const gw_principal *who, int64_t division_id, gw_ledger_owner owner,
                      int64_t owner_id, gw_ledger_account_row *out, char *msg, size_t msgn);

/* One transfer of a request: req in; err, message and (on success) t out. replayed: the outcome was
 * stored by an earlier request with the same client id. */
typedef struct {
    gw_ledger_req req;
    gw_err err;
    char message[256];
    gw_ledger_transfer t;
    int replayed;
} gw_ledger_item;

/* Submit n (1..GW_LEDGER_BATCH_MAX) transfers as one linked batch: all are written or none. GW_OK when
 * all succeeded; otherwise the failing transfer's error, *failed its index (-1 when the request as a
 * whole was refused) and msg naming it and why (the other members carry "linked transfer failed"). */
gw_err gw_ledger_submit(gw_store *s, const gw_principal *who, gw_ledger_item *items, int n, int *failed, char *msg,
                        size_t msgn);

/* The same inside the caller's write transaction, for a practice step that moves points as part of its
 * own write (a confirmed service credits them, a redemption holds them, a finished project pays its
 * partners): the caller has authorised the step, so neither ledger.manage nor the accounts' scope is
 * checked; who is recorded as the transfers' creator and in the audit. Idempotency holds as above, for
 * outcomes that commit: when the caller abandons its transaction on a refusal, nothing is stored.
 * Make client ids from the step (e.g. "svc-<record id>"), so a retried step finds its transfer. */
gw_err gw_ledger_submit_tx(gw_db *tx, const gw_principal *who, gw_ledger_item *items, int n, int *failed, char *msg,
                           size_t msgn);

/* Reads inside a read snapshot. An account outside who's subtree is GW_E_NOT_FOUND. */
gw_err gw_ledger_account_read(gw_db *db, const gw_principal *who, int64_t id, gw_ledger_account_row *out);
gw_err gw_ledger_accounts_list(gw_db *db, const gw_principal *who, gw_ledger_account_query *q, gw_ledger_account_row *out,
                          size_t *found, int *more);
gw_err gw_ledger_transfers_list(gw_db *db, const gw_principal *who, gw_ledger_transfer_query *q, gw_ledger_transfer *out,
                           size_t *found, int *more);
/* The state of a pending transfer now (ledger.h gw_ledger_pending_state); -1 for other kinds. */
int gw_ledger_transfer_state(const gw_ledger_transfer *t, int64_t now_ms);

/* The expiry job: every pending hold past its time gets an expire transfer (dated at its expiry time,
 * so a run is the same whichever server or slot makes it) that gives the points back. */
gw_job gw_ledger_expiry(int seconds);
gw_err gw_ledger_expire_due(gw_db *tx, int64_t now_ms, int *expired);

/* `gridwork ledger verify`: every account's four balances recomputed from the transfers, every end of a
 * hold checked against its hold, and Σ balances = 0. GW_OK when all agree, GW_E_CONFLICT otherwise with
 * the first disagreement in where. */
typedef struct {
    int64_t accounts, transfers, mismatches, bad_ends;
    int64_t sum_posted, sum_pending; /* Σ credits - debits over all accounts (mod 2^64): 0 */
    char where[256];
} gw_ledger_report;
gw_err gw_ledger_verify(gw_db *db, gw_ledger_report *rep);

#endif
