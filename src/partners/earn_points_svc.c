/* partners/earn_points_svc.c — the resident's points, gifts, exchange and expiry (see earn_points_svc.h). */
#include "partners/earn_points_svc.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/admin.h"
#include "core/resident.h"
#include "core/resident_store.h"
#include "core/scope.h"
#include "json/reply.h"
#include "partners/earn_store.h"
#include "partners/ledger_svc.h"
#include "partners/partner_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPIRE_BATCH 200
#define PARTNERS_SCAN 8

static int client_id_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && n <= GW_EARN_GIFT_ID_MAX &&
           strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-") == n;
}

/* ---- the resident's accounts and history ---- */

static gw_err accounts_of(gw_db *db, gw_ledger_owner owner, int64_t owner_id, gw_ledger_account_row *out, size_t max,
                          size_t *n)
{
    gw_ledger_account_query q = { .div_prefix = "/", .owner = owner, .owner_id = owner_id, .limit = max };
    int more;
    *n = 0;
    return max ? gw_store_ledger_accounts(db, &q, out, n, &more) : GW_OK;
}

gw_err gw_earn_my_accounts(gw_db *db, const gw_principal *who, gw_ledger_account_row *out, size_t *n)
{
    *n = 0;
    if (who->kind != GW_PK_RESIDENT) return GW_E_FORBIDDEN;
    gw_err e = accounts_of(db, GW_LO_RESIDENT, who->resident_id, out, GW_EARN_MY_ACCOUNTS_MAX, n);
    gw_partner_row *ps = calloc(PARTNERS_SCAN, sizeof *ps);
    if (!ps) return GW_E_NOMEM;
    gw_partner_query q = { .resident_id = who->resident_id, .type = -1, .status = -1, .limit = PARTNERS_SCAN };
    size_t np = 0;
    int64_t total;
    if (!e) e = gw_store_partner_list(db, &q, ps, &np, &total);
    for (size_t i = 0; !e && i < np; i++) {
        size_t got = 0;
        e = accounts_of(db, GW_LO_PARTNER, ps[i].id, out + *n, GW_EARN_MY_ACCOUNTS_MAX - *n, &got);
        *n += got;
    }
    free(ps);
    return e;
}

gw_err gw_earn_my_history(gw_db *db, const gw_principal *who, int64_t account_id, gw_ledger_transfer *out, size_t *n)
{
    *n = 0;
    gw_ledger_account_row *mine = calloc(GW_EARN_MY_ACCOUNTS_MAX, sizeof *mine);
    if (!mine) return GW_E_NOMEM;
    size_t k = 0;
    gw_err e = gw_earn_my_accounts(db, who, mine, &k);
    int found = 0;
    for (size_t i = 0; i < k; i++) found |= mine[i].a.id == account_id;
    free(mine);
    if (e) return e;
    if (!found) return GW_E_NOT_FOUND;
    gw_ledger_transfer_query q = { .div_prefix = "/", .account_id = account_id, .kind = -1, .limit = GW_EARN_HISTORY_MAX };
    int more;
    return gw_store_ledger_transfers(db, &q, out, n, &more);
}

/* ---- gifts ---- */

typedef struct {
    const gw_principal *who;
    const gw_earn_gift_in *in;
    gw_ledger_transfer *out;
    int replayed;
    char *msg;
    size_t msgn;
} gift_op;

/* The giver's account in the community (not opened here: no account, no points). */
static gw_err giver_account(gw_db *tx, gift_op *g, int64_t *id)
{
    gw_ledger_account_row rows[PARTNERS_SCAN];
    size_t n = 0;
    gw_err e;
    if (!strcmp(g->in->from, "resident")) {
        e = accounts_of(tx, GW_LO_RESIDENT, g->who->resident_id, rows, PARTNERS_SCAN, &n);
        for (size_t i = 0; !e && i < n; i++)
            if (rows[i].a.division_id == g->in->community_id) { *id = rows[i].a.id; return GW_OK; }
        return e ? e : gw_say(g->msg, g->msgn, GW_E_CONFLICT, "you have no points in this community");
    }
    gw_partner_row ps[PARTNERS_SCAN];
    gw_partner_query q = { .resident_id = g->who->resident_id, .type = -1, .status = -1, .limit = PARTNERS_SCAN };
    int64_t total;
    size_t np = 0;
    if ((e = gw_store_partner_list(tx, &q, ps, &np, &total))) return e;
    for (size_t i = 0; i < np; i++) {
        if (ps[i].community_id != g->in->community_id) continue;
        if ((e = accounts_of(tx, GW_LO_PARTNER, ps[i].id, rows, 1, &n))) return e;
        if (n) { *id = rows[0].a.id; return GW_OK; }
    }
    return gw_say(g->msg, g->msgn, GW_E_CONFLICT, "you have no partner points in this community");
}

static gw_err op_gift(gw_db *tx, void *arg)
{
    gift_op *g = arg;
    const gw_earn_gift_in *in = g->in;
    gw_resident_row *to = malloc(sizeof *to);
    if (!to) return GW_E_NOMEM;
    char key[GW_RESIDENT_PHONE_BUF];
    gw_err e = gw_resident_phone_key(in->phone, key, sizeof key);
    if (!e) e = gw_store_resident_by_phone(tx, key, to);
    int64_t to_id = to->id;
    free(to);
    if (e == GW_E_NOT_FOUND) return gw_say(g->msg, g->msgn, GW_E_INVALID, "no resident account has this mobile number");
    if (e) return e;
    if (to_id == g->who->resident_id) return gw_say(g->msg, g->msgn, GW_E_INVALID, "you cannot give points to yourself");
    int64_t from_acct = 0, to_acct = 0, now = gw_now_ms();
    char path[128];
    if ((e = gw_store_community_path(tx, in->community_id, path, sizeof path)) == GW_E_NOT_FOUND)
        return gw_say(g->msg, g->msgn, GW_E_INVALID, "community_id must name a community");
    if (e || (e = giver_account(tx, g, &from_acct))) return e;
    if ((e = gw_ledger_account_ensure(tx, in->community_id, GW_LO_RESIDENT, to_id, now, &to_acct))) return e;
    gw_ledger_item it;
    memset(&it, 0, sizeof it);
    snprintf(it.req.client_id, sizeof it.req.client_id, "gift-%lld-%s", (long long)g->who->resident_id, in->client_id);
    it.req.kind = GW_LK_POSTED;
    it.req.debit_account_id = from_acct;
    it.req.credit_account_id = to_acct;
    it.req.amount = in->amount;
    snprintf(it.req.memo, sizeof it.req.memo, "%s", in->memo && *in->memo ? in->memo : "积分赠送");
    int failed;
    if ((e = gw_ledger_submit_tx(tx, g->who, &it, 1, &failed, g->msg, g->msgn))) return e;
    *g->out = it.t;
    g->replayed = it.replayed;
    if (it.replayed) return GW_OK;
    char *d = gw_admin_detail_of(json_pack("{s:I,s:I,s:I,s:I}", "resident_id", (json_int_t)g->who->resident_id, "to_resident",
                                           (json_int_t)to_id, "amount", (json_int_t)in->amount, "transfer_id",
                                           (json_int_t)it.t.id));
    e = gw_admin_audit(tx, now, 0, "earn.gift", "ledger_transfer", it.t.id, d);
    free(d);
    return e;
}

gw_err gw_earn_gift(gw_store *s, const gw_principal *who, const gw_earn_gift_in *in, gw_ledger_transfer *out,
                    int *replayed, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT) return gw_say(msg, msgn, GW_E_FORBIDDEN, "sign in with a resident account");
    if (!client_id_ok(in->client_id))
        return gw_say(msg, msgn, GW_E_INVALID, "client_id must be 1 to %d letters, digits, '_', '.', ':' or '-'",
                      GW_EARN_GIFT_ID_MAX);
    if (!in->from || (strcmp(in->from, "partner") && strcmp(in->from, "resident")))
        return gw_say(msg, msgn, GW_E_INVALID, "from must be partner or resident");
    if (in->amount < 1 || in->amount > GW_GIFT_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "amount must be between 1 and %d", GW_GIFT_MAX);
    if (in->community_id <= 0) return gw_say(msg, msgn, GW_E_INVALID, "community_id is required");
    gw_err e = gw_json_check_text("memo", in->memo, 0, GW_LEDGER_MEMO_MAX, msg, msgn);
    char key[GW_RESIDENT_PHONE_BUF];
    if (!e && (!in->phone || gw_resident_phone_key(in->phone, key, sizeof key)))
        e = gw_say(msg, msgn, GW_E_INVALID, "phone must be the receiver's mobile number");
    if (e) return e;
    msg[0] = 0;
    gift_op g = { who, in, out, 0, msg, msgn };
    e = gw_store_write(s, op_gift, &g);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not give the points");
    *replayed = g.replayed;
    return e;
}

/* ---- exchange between communities ---- */

typedef struct {
    const gw_principal *who;
    const gw_earn_exchange_in *in;
    gw_ledger_transfer *out;
    char *msg;
    size_t msgn;
} exchange_op;

static gw_err holder(gw_db *tx, exchange_op *x, int64_t id, gw_ledger_account_row *a)
{
    gw_err e = gw_store_ledger_account_get(tx, id, a);
    if (e == GW_E_NOT_FOUND) return gw_say(x->msg, x->msgn, GW_E_INVALID, "account %lld does not exist", (long long)id);
    if (e) return e;
    if (!gw_scope_has_path(x->who, a->division_path))
        return gw_say(x->msg, x->msgn, GW_E_FORBIDDEN, "account %lld is outside your area", (long long)id);
    if (a->a.owner == GW_LO_SYSTEM)
        return gw_say(x->msg, x->msgn, GW_E_INVALID, "an exchange is between partner or resident accounts");
    return GW_OK;
}

static gw_err op_exchange(gw_db *tx, void *arg)
{
    exchange_op *x = arg;
    gw_ledger_account_row a, b;
    gw_err e = holder(tx, x, x->in->from_account_id, &a);
    if (!e) e = holder(tx, x, x->in->to_account_id, &b);
    if (e) return e;
    if (a.a.division_id == b.a.division_id)
        return gw_say(x->msg, x->msgn, GW_E_INVALID, "both accounts are in one community: use a transfer");
    int64_t now = gw_now_ms(), ex_a, ex_b;
    if ((e = gw_ledger_account_ensure(tx, a.a.division_id, GW_LO_SYSTEM, GW_LS_EXCHANGE, now, &ex_a)) ||
        (e = gw_ledger_account_ensure(tx, b.a.division_id, GW_LO_SYSTEM, GW_LS_EXCHANGE, now, &ex_b)))
        return e;
    gw_ledger_item it[2];
    memset(it, 0, sizeof it);
    const int64_t dr[2] = { a.a.id, ex_b }, cr[2] = { ex_a, b.a.id };
    for (int i = 0; i < 2; i++) {
        snprintf(it[i].req.client_id, sizeof it[i].req.client_id, "xch-%s.%s", x->in->client_id, i ? "in" : "out");
        it[i].req.kind = GW_LK_POSTED;
        it[i].req.debit_account_id = dr[i];
        it[i].req.credit_account_id = cr[i];
        it[i].req.amount = x->in->amount;
        snprintf(it[i].req.memo, sizeof it[i].req.memo, "%s", x->in->memo && *x->in->memo ? x->in->memo : "社区间积分兑换");
    }
    int failed;
    if ((e = gw_ledger_submit_tx(tx, x->who, it, 2, &failed, x->msg, x->msgn))) return e;
    x->out[0] = it[0].t;
    x->out[1] = it[1].t;
    if (it[0].replayed) return GW_OK;
    char *d = gw_admin_detail_of(json_pack("{s:I,s:I,s:I,s:I,s:I}", "from_account", (json_int_t)a.a.id, "to_account",
                                           (json_int_t)b.a.id, "amount", (json_int_t)x->in->amount, "out",
                                           (json_int_t)it[0].t.id, "in", (json_int_t)it[1].t.id));
    e = gw_admin_audit(tx, now, x->who->user_id, "earn.exchange", "ledger_transfer", it[0].t.id, d);
    free(d);
    return e;
}

gw_err gw_earn_exchange(gw_store *s, const gw_principal *who, const gw_earn_exchange_in *in, gw_ledger_transfer out[2],
                        char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_LEDGER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage the points bank");
    if (!client_id_ok(in->client_id))
        return gw_say(msg, msgn, GW_E_INVALID, "client_id must be 1 to %d letters, digits, '_', '.', ':' or '-'",
                      GW_EARN_GIFT_ID_MAX);
    if (in->amount < 1 || in->amount > GW_GIFT_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "amount must be between 1 and %d", GW_GIFT_MAX);
    if (in->from_account_id <= 0 || in->to_account_id <= 0)
        return gw_say(msg, msgn, GW_E_INVALID, "from_account_id and to_account_id are required");
    gw_err e = gw_json_check_text("memo", in->memo, 0, GW_LEDGER_MEMO_MAX, msg, msgn);
    if (e) return e;
    msg[0] = 0;
    exchange_op x = { who, in, out, msg, msgn };
    e = gw_store_write(s, op_exchange, &x);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not exchange the points");
    return e;
}

/* ---- expiry ---- */

gw_err gw_earn_expiry_read(gw_db *db, const gw_principal *who, int64_t community_id, int *months, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see the settings");
    char path[128];
    gw_err e = gw_store_community_path(db, community_id, path, sizeof path);
    if (!e && !gw_scope_has_path(who, path)) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no such community");
    return e ? e : gw_store_earn_expiry_get(db, community_id, months);
}

typedef struct {
    const gw_principal *who;
    int64_t community_id;
    int months;
    char *msg;
    size_t msgn;
} expiry_set_op;

static gw_err op_expiry_set(gw_db *tx, void *arg)
{
    expiry_set_op *o = arg;
    char path[128];
    gw_err e = gw_store_community_path(tx, o->community_id, path, sizeof path);
    if (!e && !gw_scope_has_path(o->who, path)) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(o->msg, o->msgn, e, "no such community");
    int64_t now = gw_now_ms();
    if (e || (e = gw_store_earn_expiry_set(tx, o->community_id, o->months, now))) return e;
    char *d = gw_admin_detail_of(json_pack("{s:i}", "expiry_months", o->months));
    e = gw_admin_audit(tx, now, o->who->user_id, "earn.expiry_set", "division", o->community_id, d);
    free(d);
    return e;
}

gw_err gw_earn_expiry_set(gw_store *s, const gw_principal *who, int64_t community_id, int months, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not change the settings");
    if (months < 0 || months > GW_EARN_EXPIRY_MONTHS_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "expiry_months must be between 0 (never) and %d", GW_EARN_EXPIRY_MONTHS_MAX);
    msg[0] = 0;
    expiry_set_op o = { who, community_id, months, msg, msgn };
    gw_err e = gw_store_write(s, op_expiry_set, &o);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the setting");
    return e;
}

gw_err gw_earn_expire_due(gw_db *tx, int64_t now_ms, int64_t slot_ms, int *n)
{
    gw_earn_expiring *due = calloc(EXPIRE_BATCH, sizeof *due);
    if (!due) return GW_E_NOMEM;
    size_t k = 0;
    *n = 0;
    gw_err e = gw_store_earn_expiring(tx, now_ms, due, EXPIRE_BATCH, &k);
    gw_principal job = { .kind = GW_PK_NONE };
    for (size_t i = 0; !e && i < k; i++) {
        int64_t amount = due[i].old_credits - due[i].debits, expiry;
        if (amount > due[i].available) amount = due[i].available;
        if ((e = gw_ledger_account_ensure(tx, due[i].community_id, GW_LO_SYSTEM, GW_LS_EXPIRY, now_ms, &expiry))) break;
        gw_ledger_item it;
        memset(&it, 0, sizeof it);
        snprintf(it.req.client_id, sizeof it.req.client_id, "exp-%lld-%lld", (long long)due[i].account_id,
                 (long long)slot_ms);
        it.req.kind = GW_LK_POSTED;
        it.req.debit_account_id = due[i].account_id;
        it.req.credit_account_id = expiry;
        it.req.amount = amount;
        snprintf(it.req.memo, sizeof it.req.memo, "积分过期");
        char m[256];
        int failed;
        if ((e = gw_ledger_submit_tx(tx, &job, &it, 1, &failed, m, sizeof m))) {
            gw_error("earn expiry of account %lld: %s", (long long)due[i].account_id, m);
            break;
        }
        (*n)++;
    }
    free(due);
    if (!e && *n) {
        char *d = gw_admin_detail_of(json_pack("{s:i}", "expired", *n));
        e = gw_admin_audit(tx, now_ms, 0, "earn.expire", "ledger_transfer", 0, d);
        free(d);
    }
    return e;
}

static gw_err expiry_job(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg)
{
    (void)arg;
    int n = 0;
    gw_err e = gw_earn_expire_due(tx, now_ms, slot_ms, &n);
    if (!e && n) gw_info("earn: points of %d accounts expired", n);
    return e;
}

gw_job gw_earn_expiry(int seconds)
{
    gw_job j = { GW_EARN_JOB, (int64_t)(seconds < 1 ? 60 : seconds) * 1000, expiry_job, NULL, NULL };
    return j;
}
