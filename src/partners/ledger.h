/* partners/ledger.h — the 积分银行 (points bank) as a double-entry ledger, pure half: accounts with
 * TigerBeetle-style balances, the transfer kinds and the two-phase states, the validation of a transfer,
 * the balance arithmetic with its int64 overflow and no-negative rules, and the idempotency rule.
 * No I/O, no allocation. The store (ledger_store.c) enforces the same balance rules in its UPDATEs. */
#ifndef GW_PARTNERS_LEDGER_H
#define GW_PARTNERS_LEDGER_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h" /* GW_LEDGER_CLIENT_ID_MAX, GW_LEDGER_MEMO_MAX, GW_LEDGER_BATCH_MAX */

#define GW_LEDGER_TIMEOUT_MAX (30LL * 24 * 3600 * 1000) /* a pending hold lasts at most 30 days */
#define GW_LEDGER_FIELDS_MAX 1100   /* bytes of a request's canonical fields text */

/* Who owns an account. System accounts (one per community and code) may go negative; the others never. */
typedef enum { GW_LO_SYSTEM = 0, GW_LO_PARTNER, GW_LO_RESIDENT, GW_LO__COUNT } gw_ledger_owner;
/* The system accounts of a community (owner_id of a system account). */
typedef enum {
    GW_LS_ISSUANCE = 1, /* points come into being: earning */
    GW_LS_REDEMPTION,   /* points spent on services, goods, coupons */
    GW_LS_EXPIRY,       /* points expired after N months */
    GW_LS_CORRECTION,   /* 冲正 and revocations */
    GW_LS_EXCHANGE,     /* settlement with other communities */
    GW_LS__END
} gw_ledger_system;

typedef struct {
    int64_t id;
    int64_t division_id;   /* the community */
    gw_ledger_owner owner;
    int64_t owner_id;      /* partner or resident id; the gw_ledger_system code for a system account */
    int64_t debits_pending, debits_posted, credits_pending, credits_posted;
} gw_ledger_account;

/* Kinds of transfer: a single-phase transfer, a pending hold, and the three ends of a hold. */
typedef enum { GW_LK_POSTED = 0, GW_LK_PENDING, GW_LK_POST, GW_LK_VOID, GW_LK_EXPIRE, GW_LK__COUNT } gw_ledger_kind;
/* The state of a pending transfer. */
typedef enum { GW_LP_PENDING = 0, GW_LP_POSTED, GW_LP_VOIDED, GW_LP_EXPIRED } gw_ledger_pstate;

/* Names as stored and served; parse gives -1 for anything else (NULL too). */
const char *gw_ledger_owner_name(int o);
int gw_ledger_owner_parse(const char *s);
const char *gw_ledger_system_name(int code);
int gw_ledger_system_parse(const char *s);
const char *gw_ledger_kind_name(int k);
int gw_ledger_kind_parse(const char *s);
const char *gw_ledger_pstate_name(int st);

/* Whether the account may go negative (system accounts only). */
int gw_ledger_may_go_negative(const gw_ledger_account *a);
/* Posted balance (credits - debits) and what may still be spent (less the pending debits). */
int64_t gw_ledger_balance(const gw_ledger_account *a);
int64_t gw_ledger_available(const gw_ledger_account *a);
/* *sum = a + b when it fits an int64 (both >= 0); 0 on overflow. */
int gw_ledger_add(int64_t a, int64_t b, int64_t *sum);

/* What a client asks for. For post and void only pending_id (and client_id, memo) count. */
typedef struct {
    char client_id[GW_LEDGER_CLIENT_ID_MAX + 1];
    gw_ledger_kind kind;           /* posted, pending, post or void (expire is the job's) */
    int64_t debit_account_id, credit_account_id, amount;
    int64_t pending_id;            /* post, void: the pending transfer */
    int64_t timeout_ms;            /* pending: how long the hold lasts (1 .. GW_LEDGER_TIMEOUT_MAX) */
    int64_t corrects_id;           /* 冲正: the transfer this one corrects, 0 none */
    char memo[GW_LEDGER_MEMO_MAX * 4 + 1];
} gw_ledger_req;

/* The request's own shape, before any account is read: a client id, a kind a client may ask for,
 * amount > 0, two different accounts, a timeout for a pending hold only, a pending id for post/void
 * only. GW_E_INVALID with msg. */
gw_err gw_ledger_check_req(const gw_ledger_req *q, char *msg, size_t msgn);
/* The two accounts of a posted or pending transfer: different, and of one community unless both are
 * exchange accounts (an exchange between communities). GW_E_INVALID with msg. */
gw_err gw_ledger_check_accounts(const gw_ledger_account *dr, const gw_ledger_account *cr, char *msg, size_t msgn);

/* Apply a transfer of `amount` of `kind` to the two accounts in memory (the store's UPDATEs in C: the
 * in-memory model of the property test and the checks before them). On failure neither account changes:
 * GW_E_CONFLICT when the debit account may not go negative and lacks the points, or a balance would
 * overflow. */
gw_err gw_ledger_apply(gw_ledger_account *dr, gw_ledger_account *cr, gw_ledger_kind kind, int64_t amount,
                       char *msg, size_t msgn);

/* A pending transfer's state from the kind of the transfer that ended it (-1: none yet), its expiry
 * time and now: past expires_ms it counts as expired even before the job writes the expiry. */
gw_ledger_pstate gw_ledger_pending_state(int end_kind, int64_t expires_ms, int64_t now_ms);
/* Whether `kind` (post or void) may end a pending transfer in state st: GW_E_CONFLICT with msg if not. */
gw_err gw_ledger_check_end(gw_ledger_pstate st, gw_ledger_kind kind, int64_t pending_id, char *msg, size_t msgn);

/* The canonical text of a request's fields (what the idempotency rule compares). Returns 0, or -1 when
 * it does not fit n bytes. */
int gw_ledger_fields_text(const gw_ledger_req *q, char *out, size_t n);
/* The idempotency rule for a client id seen before with stored_fields: GW_OK when the request is the
 * same (the stored outcome is the answer, success or failure), GW_E_CONFLICT when it differs. */
gw_err gw_ledger_idem(const char *stored_fields, const gw_ledger_req *q, char *msg, size_t msgn);

#endif
