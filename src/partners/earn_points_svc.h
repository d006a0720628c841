/* partners/earn_points_svc.h — the resident's points (积分) outside earning: their balances and history,
 * gifts to another resident by mobile number, the exchange between communities by staff, and the expiry
 * of points after N months (a per-community setting, 0 = never).
 *
 * Gift: from the giver's partner account or resident account in a community to the receiver's resident
 * account there (opened on demand); the page's client id makes it idempotent ("gift-<resident>-<id>":
 * a retry returns the first outcome).
 * Exchange: staff with ledger.manage over both communities move points of a holder in community A to a
 * holder in community B as two linked transfers, holder_A -> exchange_A and exchange_B -> holder_B (the
 * ledger takes a pair of accounts of one community, or two exchange accounts; each community's books
 * stay balanced on their own).
 * Expiry: a job (exactly once per slot across servers, core/jobs.h) moves, for each partner or resident
 * account of a community with a setting, what it received more than N 30-day months ago and has not
 * spent since (first in, first out: old credits less every debit ever, at most what is available) to
 * the community's expiry account, with the client id "exp-<account>-<slot>". */
#ifndef GW_PARTNERS_EARN_POINTS_SVC_H
#define GW_PARTNERS_EARN_POINTS_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/jobs.h"
#include "db/store.h"
#include "partners/ledger_store.h"

#define GW_EARN_JOB "earn_expire"
#define GW_EARN_MY_ACCOUNTS_MAX 16
#define GW_EARN_HISTORY_MAX 50
#define GW_EARN_GIFT_ID_MAX 40 /* the page's client id: [A-Za-z0-9_.:-] */

/* The resident's accounts: their resident accounts and their partner records' accounts. */
gw_err gw_earn_my_accounts(gw_db *db, const gw_principal *who, gw_ledger_account_row *out, size_t *n);
/* The latest transfers (at most GW_EARN_HISTORY_MAX) of one of the resident's accounts (else not found). */
gw_err gw_earn_my_history(gw_db *db, const gw_principal *who, int64_t account_id, gw_ledger_transfer *out, size_t *n);

typedef struct {
    const char *client_id, *phone, *from, *memo; /* from: "partner" or "resident" */
    int64_t community_id, amount;
} gw_earn_gift_in;
gw_err gw_earn_gift(gw_store *s, const gw_principal *who, const gw_earn_gift_in *in, gw_ledger_transfer *out,
                    int *replayed, char *msg, size_t msgn);

typedef struct {
    const char *client_id, *memo;
    int64_t from_account_id, to_account_id, amount;
} gw_earn_exchange_in;
/* out[0] holder_A -> exchange_A, out[1] exchange_B -> holder_B. */
gw_err gw_earn_exchange(gw_store *s, const gw_principal *who, const gw_earn_exchange_in *in, gw_ledger_transfer out[2],
                        char *msg, size_t msgn);

/* The community's expiry setting: read (partner.view) and set (partner.manage, audited). */
gw_err gw_earn_expiry_read(gw_db *db, const gw_principal *who, int64_t community_id, int *months, char *msg, size_t msgn);
gw_err gw_earn_expiry_set(gw_store *s, const gw_principal *who, int64_t community_id, int months, char *msg, size_t msgn);

/* The expiry job and its work inside a transaction (*n: transfers written). */
gw_job gw_earn_expiry(int seconds);
gw_err gw_earn_expire_due(gw_db *tx, int64_t now_ms, int64_t slot_ms, int *n);

#endif
