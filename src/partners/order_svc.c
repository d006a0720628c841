/* partners/order_svc.c — see order_svc.h. */
#include "partners/order_svc.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/audit.h"
#include "core/resident_store.h"
#include "core/scope.h"
#include "json/reply.h"
#include "partners/credit_store.h"
#include "partners/ledger_svc.h"
#include "partners/partner_store.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SETTLE_BATCH 200

static gw_err audit(gw_db *tx, int64_t now, int64_t actor, const char *action, int64_t id, json_t *detail)
{
    char obj[40], *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    snprintf(obj, sizeof obj, "order:%lld", (long long)id);
    gw_err e = gw_audit_append(tx, now, actor, action, obj, d ? d : "");
    free(d);
    return e;
}

/* The resident's points account in the community (never opened here: points come from earning). */
static gw_err resident_account(gw_db *db, int64_t community, int64_t resident, gw_ledger_account_row *out)
{
    gw_ledger_account_query q = { "/", community, GW_LO_RESIDENT, resident, 0, 1 };
    size_t n = 0;
    int more = 0;
    gw_err e = gw_store_ledger_accounts(db, &q, out, &n, &more);
    return e ? e : n ? GW_OK : GW_E_NOT_FOUND;
}

/* The partner's id of the resident's record in the community (any status when !active_only), 0 none. */
static int64_t partner_of(gw_db *tx, int64_t resident, int64_t community, int active_only)
{
    gw_partner_row *rows = calloc(8, sizeof *rows);
    gw_partner_query q = { .resident_id = resident, .type = -1, .status = active_only ? GW_PS_ACTIVE : -1, .limit = 8 };
    size_t n = 0;
    int64_t total = 0, id = 0;
    if (rows && !gw_store_partner_list(tx, &q, rows, &n, &total))
        for (size_t i = 0; i < n && !id; i++)
            if (rows[i].community_id == community) id = rows[i].id;
    free(rows);
    return id;
}

/* The account the order is paid from: the resident's, or their active partner record's. */
static gw_err paying_account(gw_db *tx, int64_t community, int64_t resident, int from_partner,
                             gw_ledger_account_row *out)
{
    if (!from_partner) return resident_account(tx, community, resident, out);
    int64_t pid = partner_of(tx, resident, community, 1);
    if (!pid) return GW_E_NOT_FOUND;
    gw_ledger_account_query q = { "/", community, GW_LO_PARTNER, pid, 0, 1 };
    size_t n = 0;
    int more = 0;
    gw_err e = gw_store_ledger_accounts(tx, &q, out, &n, &more);
    return e ? e : n ? GW_OK : GW_E_NOT_FOUND;
}

/* One ledger step of an order: a pending hold (kind pending) or its end (post, void). */
static gw_err ledger_step(gw_db *tx, const gw_principal *who, gw_order_row *o, gw_ledger_kind kind, int64_t credit,
                          int64_t timeout_ms, const char *memo, gw_ledger_transfer *t, char *msg, size_t msgn)
{
    gw_ledger_item it;
    memset(&it, 0, sizeof it);
    snprintf(it.req.client_id, sizeof it.req.client_id, kind == GW_LK_PENDING ? "ord-%lld" : "ord-%lld-end",
             (long long)o->id);
    it.req.kind = kind;
    if (kind == GW_LK_PENDING) {
        it.req.debit_account_id = o->account_id;
        it.req.credit_account_id = credit;
        it.req.amount = o->price;
        it.req.timeout_ms = timeout_ms;
    } else {
        it.req.pending_id = o->hold_id;
    }
    snprintf(it.req.memo, sizeof it.req.memo, "%s", memo ? memo : "");
    int failed = -1;
    gw_err e = gw_ledger_submit_tx(tx, who, &it, 1, &failed, msg, msgn);
    if (!e) e = it.err;
    if (e && it.message[0]) snprintf(msg, msgn, "%s", it.message);
    if (!e && t) *t = it.t;
    return e;
}

/* ---- redeem ---- */

typedef struct {
    const gw_principal *who;
    int64_t item_id, slot_id;
    int from_partner;
    const char *key;
    gw_order_row *out;
    int replayed;
    char *msg;
    size_t msgn;
} redeem_op;

/* Stock or the slot's place: taken first, so redemptions of one item queue on its row. */
static gw_err take_stock(gw_db *tx, redeem_op *r, const gw_cat_item_row *it, int64_t now, int64_t available)
{
    if (it->rules.kind != GW_CK_ROOM) {
        if (r->slot_id) return gw_say(r->msg, r->msgn, GW_E_INVALID, "slot_id belongs to room bookings");
        gw_err e = gw_store_cat_stock_move(tx, it->id, -1);
        return e == GW_E_CONFLICT ? gw_say(r->msg, r->msgn, e, "out of stock") : e;
    }
    gw_cat_slot_row sl;
    if (!r->slot_id) return gw_say(r->msg, r->msgn, GW_E_INVALID, "a room booking needs slot_id");
    gw_err e = gw_store_cat_slot_get(tx, r->slot_id, &sl);
    if (e == GW_E_NOT_FOUND || (!e && sl.item_id != it->id)) return gw_say(r->msg, r->msgn, GW_E_INVALID, "slot_id: no such slot of this room");
    if (e) return e;
    if (sl.start_ms <= now) return gw_say(r->msg, r->msgn, GW_E_CONFLICT, "this slot has already begun");
    int level = gw_booking_level(available);
    if (now < gw_booking_opens(sl.start_ms, level))
        return gw_say(r->msg, r->msgn, GW_E_CONFLICT, "this slot opens to you %d days before it starts", gw_booking_days(level));
    e = gw_store_cat_slot_move(tx, sl.id, -1);
    return e == GW_E_CONFLICT ? gw_say(r->msg, r->msgn, e, "this slot is fully booked") : e;
}

static gw_err check_limit(gw_db *tx, redeem_op *r, const gw_cat_item_row *it)
{
    int64_t live = 0;
    if (it->rules.kind != GW_CK_COUPON || !it->rules.per_person) return GW_OK;
    gw_err e = gw_store_order_count_live(tx, r->who->resident_id, it->id, &live);
    if (!e && live >= it->rules.per_person)
        return gw_say(r->msg, r->msgn, GW_E_CONFLICT, "you may hold at most %lld of this coupon", (long long)it->rules.per_person);
    return e;
}

/* A retry of the same key: the first order (same item and slot), or a conflict. */
static gw_err replay(gw_db *tx, redeem_op *r, const char *ckey, int *found)
{
    gw_err e = gw_store_order_by_key(tx, ckey, r->out);
    *found = !e;
    if (e == GW_E_NOT_FOUND) return GW_OK;
    if (e) return e;
    if (r->out->item_id != r->item_id || r->out->slot_id != r->slot_id)
        return gw_say(r->msg, r->msgn, GW_E_CONFLICT, "this key was used for another order");
    r->replayed = 1;
    return GW_OK;
}

static gw_err place(gw_db *tx, redeem_op *r, const gw_cat_item_row *it, const gw_ledger_account_row *acct, int64_t now,
                    const char *ckey)
{
    gw_order_row *o = r->out;
    memset(o, 0, sizeof *o);
    o->item_id = it->id;
    o->slot_id = r->slot_id;
    o->community_id = it->community_id;
    o->resident_id = r->who->resident_id;
    o->account_id = acct->a.id;
    o->price = it->rules.price;
    o->expires_ms = gw_order_expires(&it->rules, now);
    o->created_ms = now;
    snprintf(o->client_key, sizeof o->client_key, "%s", ckey);
    if (it->rules.kind == GW_CK_COUPON) {
        uint32_t idx[GW_COUPON_CODE_LEN];
        for (int i = 0; i < GW_COUPON_CODE_LEN; i++) idx[i] = randombytes_uniform(GW_COUPON_ALPHABET_N);
        gw_coupon_code_make(idx, o->code);
    }
    int64_t redemption = 0;
    gw_ledger_transfer t;
    gw_err e = gw_store_order_insert(tx, o);
    if (!e) e = gw_ledger_account_ensure(tx, it->community_id, GW_LO_SYSTEM, GW_LS_REDEMPTION, now, &redemption);
    if (!e) e = ledger_step(tx, r->who, o, GW_LK_PENDING, redemption, o->expires_ms - now, it->name, &t, r->msg, r->msgn);
    if (e == GW_E_CONFLICT && strstr(r->msg, "points")) gw_say(r->msg, r->msgn, e, "you have too few points for this");
    if (!e) e = gw_store_order_set_hold(tx, o->id, t.id, t.expires_ms);
    if (e) return e;
    return audit(tx, now, 0, "order.redeem", o->id,
                 json_pack("{s:I,s:I,s:I,s:I}", "item_id", (json_int_t)it->id, "resident_id",
                           (json_int_t)o->resident_id, "price", (json_int_t)o->price, "hold_id", (json_int_t)t.id));
}

static gw_err op_redeem(gw_db *tx, void *arg)
{
    redeem_op *r = arg;
    int64_t now = gw_now_ms();
    char ckey[GW_ORDER_KEY_MAX + 24] = "";
    int found = 0;
    if (r->key) snprintf(ckey, sizeof ckey, "r%lld:%s", (long long)r->who->resident_id, r->key);
    gw_err e = r->key ? replay(tx, r, ckey, &found) : GW_OK;
    if (e || found) return e;
    gw_resident_row *res = malloc(sizeof *res);
    gw_cat_item_row *it = malloc(sizeof *it);
    gw_ledger_account_row acct;
    e = res && it ? gw_store_resident_get(tx, r->who->resident_id, res) : GW_E_NOMEM;
    if (!e) e = gw_store_cat_item_get(tx, r->item_id, it);
    if (!e && (it->community_id != res->division_id || !gw_cat_on_offer(&it->rules, now))) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) gw_say(r->msg, r->msgn, e, "no such item on offer in your community");
    if (!e && (e = paying_account(tx, it->community_id, r->who->resident_id, r->from_partner, &acct)) == GW_E_NOT_FOUND)
        e = gw_say(r->msg, r->msgn, GW_E_CONFLICT, r->from_partner ? "you have no active partner account in this community"
                                                                    : "you have no points account in this community yet");
    if (!e) e = take_stock(tx, r, it, now, gw_ledger_available(&acct.a));
    if (!e) e = check_limit(tx, r, it);
    if (!e) e = place(tx, r, it, &acct, now, ckey);
    free(res);
    free(it);
    return e;
}

static gw_err reload(gw_store *s, int64_t id, gw_order_row *out)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_order_get(db, id, out);
    gw_store_read_end(s, db);
    return e;
}

static int key_ok(const char *k)
{
    size_t n = strlen(k);
    if (!n || n > GW_ORDER_KEY_MAX) return 0;
    for (const char *p = k; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("_.:-", *p)))
            return 0;
    return 1;
}

gw_err gw_order_redeem(gw_store *s, const gw_principal *who, int64_t item_id, int64_t slot_id, int from_partner,
                       const char *key, gw_order_row *out, int *replayed, char *msg, size_t msgn)
{
    *replayed = 0;
    if (who->kind != GW_PK_RESIDENT) return gw_say(msg, msgn, GW_E_FORBIDDEN, "sign in with a resident account to redeem");
    if (item_id <= 0 || slot_id < 0) return gw_say(msg, msgn, GW_E_INVALID, "item_id must be a positive id");
    if (key && !key_ok(key))
        return gw_say(msg, msgn, GW_E_INVALID, "key must be 1 to %d characters of A-Z a-z 0-9 _ . : -", GW_ORDER_KEY_MAX);
    msg[0] = 0;
    redeem_op r = { who, item_id, slot_id, from_partner, key, out, 0, msg, msgn };
    gw_err e = gw_store_write(s, op_redeem, &r);
    if (e) return msg[0] ? e : gw_say(msg, msgn, e, "could not redeem the item");
    *replayed = r.replayed;
    return reload(s, out->id, out);
}

/* ---- ends ---- */

typedef struct {
    const gw_principal *who;
    int64_t id;
    const char *code;   /* verify: the normalised code */
    gw_order_action act;
    const char *reason;
    int mine;           /* the resident's own cancel */
    gw_order_row *out;
    char *msg;
    size_t msgn;
} end_op;

gw_order_status gw_order_state_at(const gw_order_row *o, int64_t now_ms)
{
    return o->status == GW_OS_HELD && o->expires_ms <= now_ms ? GW_OS_EXPIRED : o->status;
}

/* Apply an end to a loaded order: state, stock (first: the lock order of a redemption), ledger, credit. */
/* who NULL: the job, settling what the ledger ends (or ended) by itself: no ledger step here. */
static gw_err settle(gw_db *tx, const gw_principal *who, gw_order_row *o, gw_order_action act, const char *reason,
                     int64_t now, char *msg, size_t msgn)
{
    gw_order_status to;
    gw_err e = gw_order_step(o->kind, who ? gw_order_state_at(o, now) : o->status, act, &to, msg, msgn);
    if (!e && (e = gw_store_order_end(tx, o->id, to, now, who ? who->user_id : 0, who ? who->resident_id : 0, reason)) ==
                  GW_E_CONFLICT)
        gw_say(msg, msgn, e, o->kind == GW_CK_COUPON ? "this coupon code was already used" : "the order was ended at the same time");
    if (!e && !gw_order_posts(to))
        e = o->slot_id ? gw_store_cat_slot_move(tx, o->slot_id, 1) : gw_store_cat_stock_move(tx, o->item_id, 1);
    if (!e && who) /* the job's holds were ended by the ledger, or are expired by it in the same transaction */
        e = ledger_step(tx, who, o, gw_order_posts(to) ? GW_LK_POST : GW_LK_VOID, 0, 0, reason, NULL, msg, msgn);
    if (!e && to == GW_OS_NO_SHOW) {
        int64_t pid = partner_of(tx, o->resident_id, o->community_id, 0);
        gw_credit_event ev = { pid, GW_CE_NO_SHOW, 1, "order", o->id, now };
        if (pid) e = gw_credit_event_add(tx, &ev);
    }
    if (e) return e;
    o->status = to;
    return audit(tx, now, who ? who->user_id : 0, act == GW_OA_EXPIRE ? "order.expire" : "order.end", o->id,
                 json_pack("{s:s,s:s,s:s}", "action", gw_order_action_name(act), "to", gw_order_status_name(to),
                           "reason", reason ? reason : ""));
}

static gw_err op_end(gw_db *tx, void *arg)
{
    end_op *a = arg;
    gw_err e = a->code ? gw_store_order_by_code(tx, a->code, a->out) : gw_store_order_get(tx, a->id, a->out);
    int ok = !e;
    if (ok && a->code) { /* the merchant: a resident linked to the active partner that issued the coupon */
        gw_partner_row *p = malloc(sizeof *p);
        ok = p && a->out->partner_id && !gw_store_partner_get(tx, a->out->partner_id, p) &&
             p->resident_id == a->who->resident_id && p->status == GW_PS_ACTIVE;
        free(p);
    } else if (ok && a->mine) {
        ok = a->out->resident_id == a->who->resident_id;
    } else if (ok) {
        ok = gw_scope_has_path(a->who, a->out->community_path);
    }
    if (e && e != GW_E_NOT_FOUND) return e;
    if (!ok) return gw_say(a->msg, a->msgn, GW_E_NOT_FOUND, a->code ? "no such coupon code among yours" : "no such order");
    return settle(tx, a->who, a->out, a->act, a->reason, gw_now_ms(), a->msg, a->msgn);
}

static gw_err run_end(gw_store *s, end_op *a)
{
    a->msg[0] = 0;
    gw_err e = gw_store_write(s, op_end, a);
    if (e) return a->msg[0] ? e : gw_say(a->msg, a->msgn, e, "could not change the order");
    return reload(s, a->out->id, a->out);
}

gw_err gw_order_act(gw_store *s, const gw_principal *who, int64_t id, const char *action, const char *reason,
                    gw_order_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    int act = gw_order_action_parse(action);
    if (act != GW_OA_HAND_OVER && act != GW_OA_CANCEL && act != GW_OA_NO_SHOW)
        return gw_say(msg, msgn, GW_E_INVALID, "action must be hand_over, cancel or no_show");
    gw_err e = gw_json_check_text("reason", reason, act != GW_OA_HAND_OVER, GW_REASON_MAX, msg, msgn);
    if (e) return e;
    end_op a = { who, id, NULL, (gw_order_action)act, reason, 0, out, msg, msgn };
    return run_end(s, &a);
}

gw_err gw_order_cancel_mine(gw_store *s, const gw_principal *who, int64_t id, gw_order_row *out, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT) return gw_say(msg, msgn, GW_E_FORBIDDEN, "sign in with a resident account");
    end_op a = { who, id, NULL, GW_OA_CANCEL, "cancelled by the resident", 1, out, msg, msgn };
    return run_end(s, &a);
}

gw_err gw_order_verify(gw_store *s, const gw_principal *who, const char *code, gw_order_row *out, char *msg, size_t msgn)
{
    char norm[GW_COUPON_CODE_LEN + 1];
    if (who->kind != GW_PK_RESIDENT) return gw_say(msg, msgn, GW_E_FORBIDDEN, "sign in with a resident account");
    if (gw_coupon_code_norm(code, norm, sizeof norm))
        return gw_say(msg, msgn, GW_E_INVALID, "code must be %d letters and digits", GW_COUPON_CODE_LEN);
    end_op a = { who, 0, norm, GW_OA_VERIFY, "verified by the merchant", 0, out, msg, msgn };
    return run_end(s, &a);
}

/* ---- reads ---- */

gw_err gw_orders_list(gw_db *db, const gw_principal *who, gw_order_query *q, gw_order_row *out, size_t *n,
                      int64_t *total, char *msg, size_t msgn)
{
    *n = 0;
    *total = 0;
    if (who->kind == GW_PK_RESIDENT) {
        q->div_prefix = NULL;
        q->resident_id = who->resident_id;
    } else if (!gw_may(who, GW_P_PARTNER_VIEW)) {
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    } else {
        q->div_prefix = who->role == GW_R_ADMIN ? NULL : who->div_path;
    }
    gw_err e = gw_store_orders(db, q, out, n, total);
    return e ? gw_say(msg, msgn, e, "could not list orders") : GW_OK;
}

gw_err gw_order_read(gw_db *db, const gw_principal *who, int64_t id, gw_order_row *out, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT && !gw_may(who, GW_P_PARTNER_VIEW))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    gw_err e = gw_store_order_get(db, id, out);
    if (!e && (who->kind == GW_PK_RESIDENT ? out->resident_id != who->resident_id
                                            : !gw_scope_has_path(who, out->community_path)))
        e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no such order");
    return e ? gw_say(msg, msgn, e, "could not read the order") : GW_OK;
}

/* ---- the job ---- */

static gw_err settle_ids(gw_db *tx, const int64_t *ids, const gw_order_action *acts, size_t n, int64_t now,
                         int *ended)
{
    gw_order_row *o = malloc(sizeof *o);
    gw_err e = o ? GW_OK : GW_E_NOMEM;
    for (size_t i = 0; i < n && !e; i++) {
        char m[256] = "";
        if ((e = gw_store_order_get(tx, ids[i], o)) || (e = gw_db_exec(tx, "SAVEPOINT order_settle"))) break;
        e = settle(tx, NULL, o, acts[i], "settled by the job", now, m, sizeof m);
        if (e == GW_E_CONFLICT || e == GW_E_INVALID) { /* this order's refusal undoes only its own steps */
            gw_warn("order %lld: %s", (long long)ids[i], m);
            e = gw_db_exec(tx, "ROLLBACK TO order_settle");
        } else if (!e) {
            (*ended)++;
        }
        if (!e) e = gw_db_exec(tx, "RELEASE order_settle");
    }
    free(o);
    return e;
}

gw_err gw_order_settle_due(gw_db *tx, int64_t now_ms, int *ended)
{
    int64_t ids[SETTLE_BATCH];
    int kinds[SETTLE_BATCH];
    gw_order_action acts[SETTLE_BATCH];
    size_t n = 0;
    int expired = 0;
    *ended = 0;
    /* orders past their time, then the ones whose hold the ledger ended by itself */
    gw_err e = gw_store_orders_due(tx, now_ms, ids, SETTLE_BATCH, &n);
    for (size_t i = 0; i < n; i++) acts[i] = GW_OA_EXPIRE;
    if (!e) e = settle_ids(tx, ids, acts, n, now_ms, ended);
    if (!e) e = gw_store_orders_unsettled(tx, ids, kinds, SETTLE_BATCH, &n);
    for (size_t i = 0; !e && i < n; i++)
        acts[i] = kinds[i] == GW_LK_POST ? GW_OA_HAND_OVER : kinds[i] == GW_LK_VOID ? GW_OA_CANCEL : GW_OA_EXPIRE;
    if (!e) e = settle_ids(tx, ids, acts, n, now_ms, ended);
    if (!e) e = gw_ledger_expire_due(tx, now_ms, &expired);
    return e;
}

static gw_err expiry_job(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg)
{
    (void)slot_ms;
    (void)arg;
    int n = 0;
    gw_err e = gw_order_settle_due(tx, now_ms, &n);
    if (!e && n) gw_info("orders: %d settled", n);
    return e;
}

gw_job gw_order_expiry(int seconds)
{
    gw_job j = { GW_ORDER_JOB, (int64_t)(seconds < 1 ? 60 : seconds) * 1000, expiry_job, NULL, NULL };
    return j;
}
