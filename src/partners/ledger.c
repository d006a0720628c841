/* partners/ledger.c — see ledger.h. */
#include "partners/ledger.h"

#include <stdio.h>
#include <string.h>

static const char *const owners[GW_LO__COUNT] = { "system", "partner", "resident" };
static const char *const systems[GW_LS__END] = { NULL, "issuance", "redemption", "expiry", "correction", "exchange" };
static const char *const kinds[GW_LK__COUNT] = { "posted", "pending", "post", "void", "expire" };
static const char *const pstates[] = { "pending", "posted", "voided", "expired" };

static int parse(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (names[i] && !strcmp(names[i], s)) return i;
    return -1;
}

const char *gw_ledger_owner_name(int o) { return o >= 0 && o < GW_LO__COUNT ? owners[o] : "unknown"; }
int gw_ledger_owner_parse(const char *s) { return parse(owners, GW_LO__COUNT, s); }
const char *gw_ledger_system_name(int c) { return c > 0 && c < GW_LS__END ? systems[c] : "unknown"; }
int gw_ledger_system_parse(const char *s) { return parse(systems, GW_LS__END, s); }
const char *gw_ledger_kind_name(int k) { return k >= 0 && k < GW_LK__COUNT ? kinds[k] : "unknown"; }
int gw_ledger_kind_parse(const char *s) { return parse(kinds, GW_LK__COUNT, s); }
const char *gw_ledger_pstate_name(int st) { return st >= 0 && st <= GW_LP_EXPIRED ? pstates[st] : "unknown"; }

int gw_ledger_may_go_negative(const gw_ledger_account *a) { return a->owner == GW_LO_SYSTEM; }
int64_t gw_ledger_balance(const gw_ledger_account *a) { return a->credits_posted - a->debits_posted; }
int64_t gw_ledger_available(const gw_ledger_account *a)
{
    return a->credits_posted - a->debits_posted - a->debits_pending;
}

int gw_ledger_add(int64_t a, int64_t b, int64_t *sum)
{
    if (a < 0 || b < 0 || a > INT64_MAX - b) return 0;
    *sum = a + b;
    return 1;
}

static int client_id_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > GW_LEDGER_CLIENT_ID_MAX) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("_.:-", c)))
            return 0;
    }
    return 1;
}

gw_err gw_ledger_check_req(const gw_ledger_req *q, char *msg, size_t msgn)
{
    if (!client_id_ok(q->client_id)) {
        snprintf(msg, msgn, "client_id must be 1 to %d letters, digits or _.:-", GW_LEDGER_CLIENT_ID_MAX);
        return GW_E_INVALID;
    }
    int ends = q->kind == GW_LK_POST || q->kind == GW_LK_VOID;
    if (q->kind != GW_LK_POSTED && q->kind != GW_LK_PENDING && !ends) {
        snprintf(msg, msgn, "kind must be posted, pending, post or void");
        return GW_E_INVALID;
    }
    if (ends) {
        if (q->pending_id <= 0) { snprintf(msg, msgn, "pending_id is required to post or void"); return GW_E_INVALID; }
        if (q->debit_account_id || q->credit_account_id || q->amount || q->timeout_ms || q->corrects_id) {
            snprintf(msg, msgn, "post and void take only pending_id");
            return GW_E_INVALID;
        }
        return GW_OK;
    }
    if (q->pending_id) { snprintf(msg, msgn, "pending_id is only for post and void"); return GW_E_INVALID; }
    if (q->amount <= 0) { snprintf(msg, msgn, "amount must be a positive number of points"); return GW_E_INVALID; }
    if (q->debit_account_id <= 0 || q->credit_account_id <= 0) {
        snprintf(msg, msgn, "debit_account_id and credit_account_id are required");
        return GW_E_INVALID;
    }
    if (q->debit_account_id == q->credit_account_id) {
        snprintf(msg, msgn, "a transfer needs two different accounts");
        return GW_E_INVALID;
    }
    if (q->corrects_id < 0) { snprintf(msg, msgn, "corrects_id must be a transfer id"); return GW_E_INVALID; }
    if (q->kind == GW_LK_PENDING ? (q->timeout_ms < 1 || q->timeout_ms > GW_LEDGER_TIMEOUT_MAX) : q->timeout_ms != 0) {
        snprintf(msg, msgn, "timeout_ms must be 1 to %lld for a pending transfer, and absent otherwise",
                 (long long)GW_LEDGER_TIMEOUT_MAX);
        return GW_E_INVALID;
    }
    return GW_OK;
}

gw_err gw_ledger_check_accounts(const gw_ledger_account *dr, const gw_ledger_account *cr, char *msg, size_t msgn)
{
    if (dr->id == cr->id) { snprintf(msg, msgn, "a transfer needs two different accounts"); return GW_E_INVALID; }
    int exchange = dr->owner == GW_LO_SYSTEM && dr->owner_id == GW_LS_EXCHANGE && cr->owner == GW_LO_SYSTEM &&
                   cr->owner_id == GW_LS_EXCHANGE;
    if (dr->division_id != cr->division_id && !exchange) {
        snprintf(msg, msgn, "accounts %lld and %lld belong to different communities", (long long)dr->id,
                 (long long)cr->id);
        return GW_E_INVALID;
    }
    return GW_OK;
}

static gw_err overflow(char *msg, size_t msgn, int64_t id)
{
    snprintf(msg, msgn, "account %lld would overflow", (long long)id);
    return GW_E_CONFLICT;
}

/* The debit side of a posted or pending transfer: may it take `amount`? */
static gw_err debit_ok(const gw_ledger_account *dr, gw_ledger_kind kind, int64_t amount, char *msg, size_t msgn)
{
    int64_t t;
    if (!gw_ledger_add(kind == GW_LK_PENDING ? dr->debits_pending : dr->debits_posted, amount, &t) ||
        !gw_ledger_add(dr->debits_pending + dr->debits_posted, amount, &t))
        return overflow(msg, msgn, dr->id);
    if (!gw_ledger_may_go_negative(dr) && gw_ledger_available(dr) < amount) {
        snprintf(msg, msgn, "account %lld has %lld points available, fewer than %lld", (long long)dr->id,
                 (long long)gw_ledger_available(dr), (long long)amount);
        return GW_E_CONFLICT;
    }
    return GW_OK;
}

gw_err gw_ledger_apply(gw_ledger_account *dr, gw_ledger_account *cr, gw_ledger_kind kind, int64_t amount,
                       char *msg, size_t msgn)
{
    int64_t t;
    gw_err e;
    if (amount <= 0) { snprintf(msg, msgn, "amount must be a positive number of points"); return GW_E_INVALID; }
    switch (kind) {
    case GW_LK_POSTED:
    case GW_LK_PENDING:
        if ((e = debit_ok(dr, kind, amount, msg, msgn))) return e;
        if (!gw_ledger_add(cr->credits_posted + cr->credits_pending, amount, &t)) return overflow(msg, msgn, cr->id);
        if (kind == GW_LK_POSTED) { dr->debits_posted += amount; cr->credits_posted += amount; }
        else { dr->debits_pending += amount; cr->credits_pending += amount; }
        return GW_OK;
    case GW_LK_POST:
    case GW_LK_VOID:
    case GW_LK_EXPIRE:
        if (dr->debits_pending < amount || cr->credits_pending < amount) {
            snprintf(msg, msgn, "no pending hold of %lld points to end", (long long)amount);
            return GW_E_CONFLICT;
        }
        dr->debits_pending -= amount;
        cr->credits_pending -= amount;
        if (kind == GW_LK_POST) { dr->debits_posted += amount; cr->credits_posted += amount; }
        return GW_OK;
    default:
        snprintf(msg, msgn, "unknown transfer kind");
        return GW_E_INVALID;
    }
}

gw_ledger_pstate gw_ledger_pending_state(int end_kind, int64_t expires_ms, int64_t now_ms)
{
    if (end_kind == GW_LK_POST) return GW_LP_POSTED;
    if (end_kind == GW_LK_VOID) return GW_LP_VOIDED;
    if (end_kind == GW_LK_EXPIRE || now_ms >= expires_ms) return GW_LP_EXPIRED;
    return GW_LP_PENDING;
}

gw_err gw_ledger_check_end(gw_ledger_pstate st, gw_ledger_kind kind, int64_t pending_id, char *msg, size_t msgn)
{
    if (kind != GW_LK_POST && kind != GW_LK_VOID && kind != GW_LK_EXPIRE) {
        snprintf(msg, msgn, "kind must be post or void");
        return GW_E_INVALID;
    }
    if (st == GW_LP_PENDING) return GW_OK;
    snprintf(msg, msgn, "transfer %lld is already %s", (long long)pending_id, gw_ledger_pstate_name(st));
    return GW_E_CONFLICT;
}

int gw_ledger_fields_text(const gw_ledger_req *q, char *out, size_t n)
{
    int w = snprintf(out, n, "k=%s;d=%lld;c=%lld;a=%lld;p=%lld;t=%lld;x=%lld;m=%s", gw_ledger_kind_name(q->kind),
                     (long long)q->debit_account_id, (long long)q->credit_account_id, (long long)q->amount,
                     (long long)q->pending_id, (long long)q->timeout_ms, (long long)q->corrects_id, q->memo);
    return w < 0 || (size_t)w >= n ? -1 : 0;
}

gw_err gw_ledger_idem(const char *stored_fields, const gw_ledger_req *q, char *msg, size_t msgn)
{
    char f[GW_LEDGER_FIELDS_MAX];
    if (gw_ledger_fields_text(q, f, sizeof f) == 0 && !strcmp(f, stored_fields)) return GW_OK;
    snprintf(msg, msgn, "client_id %s was used for a different transfer", q->client_id);
    return GW_E_CONFLICT;
}
