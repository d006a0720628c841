/* partners/ledger_svc.c — see ledger_svc.h. */
#include "partners/ledger_svc.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/admin.h"
#include "core/scope.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPIRE_BATCH 500

/* ---- accounts ---- */

gw_err gw_ledger_account_ensure(gw_db *tx, int64_t division_id, gw_ledger_owner owner, int64_t owner_id, int64_t now_ms,
                                int64_t *id)
{
    char path[128];
    gw_err e = gw_store_ledger_community(tx, division_id, path);
    int64_t sys;
    for (int c = GW_LS_ISSUANCE; !e && c < GW_LS__END; c++)
        e = gw_store_ledger_account_ensure(tx, division_id, GW_LO_SYSTEM, c, now_ms, &sys);
    return e ? e : gw_store_ledger_account_ensure(tx, division_id, owner, owner_id, now_ms, id);
}

typedef struct {
    const gw_principal *who;
    int64_t division_id, owner_id;
    gw_ledger_owner owner;
    gw_ledger_account_row *out;
    char *msg;
    size_t msgn;
} open_arg;

static gw_err op_open(gw_db *tx, void *arg)
{
    open_arg *o = arg;
    char path[128];
    int64_t now = gw_now_ms(), id = 0;
    gw_err e = gw_store_ledger_community(tx, o->division_id, path);
    if (e == GW_E_INVALID) snprintf(o->msg, o->msgn, "division_id: no community %lld", (long long)o->division_id);
    if (e) return e;
    if (!gw_scope_has_path(o->who, path)) {
        snprintf(o->msg, o->msgn, "the community is outside your area");
        return GW_E_FORBIDDEN;
    }
    if ((e = gw_ledger_account_ensure(tx, o->division_id, o->owner, o->owner_id, now, &id))) return e;
    char *d = gw_admin_detail_of(json_pack("{s:I,s:s,s:I}", "division_id", (json_int_t)o->division_id, "owner_kind",
                                           gw_ledger_owner_name(o->owner), "owner_id", (json_int_t)o->owner_id));
    e = gw_admin_audit(tx, now, o->who->user_id, "ledger.open", "ledger_account", id, d);
    free(d);
    return e ? e : gw_store_ledger_account_get(tx, id, o->out);
}

gw_err gw_ledger_open(gw_store *s, const gw_principal *who, int64_t division_id, gw_ledger_owner owner,
                      int64_t owner_id, gw_ledger_account_row *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_LEDGER_MANAGE)) { snprintf(msg, msgn, "your role may not manage the points bank"); return GW_E_FORBIDDEN; }
    if (owner != GW_LO_PARTNER && owner != GW_LO_RESIDENT) {
        snprintf(msg, msgn, "owner_kind must be partner or resident");
        return GW_E_INVALID;
    }
    if (owner_id <= 0 || division_id <= 0) { snprintf(msg, msgn, "division_id and owner_id must be positive ids"); return GW_E_INVALID; }
    open_arg o = { who, division_id, owner_id, owner, out, msg, msgn };
    return gw_store_write(s, op_open, &o);
}

/* ---- transfers ---- */

typedef struct {
    const gw_principal *who;
    gw_ledger_item *items;
    int n;
    int failed;
    char *msg;
    size_t msgn;
    int scoped; /* check every account against who's subtree (a staff request) */
} batch;

static gw_err err_of_name(const char *name)
{
    for (int e = 1; e < GW_E__COUNT; e++)
        if (!strcmp(gw_err_name((gw_err)e), name)) return (gw_err)e;
    return GW_E_INTERNAL;
}

/* The accounts an item touches: its own, or its hold's. GW_E_NOT_FOUND when the hold is missing. */
static gw_err item_accounts(gw_db *tx, const gw_ledger_req *q, int64_t ids[2], gw_ledger_transfer *hold)
{
    if (q->kind != GW_LK_POST && q->kind != GW_LK_VOID) {
        ids[0] = q->debit_account_id;
        ids[1] = q->credit_account_id;
        return GW_OK;
    }
    gw_err e = gw_store_ledger_transfer_get(tx, q->pending_id, hold);
    if (e) return e;
    ids[0] = hold->debit_account_id;
    ids[1] = hold->credit_account_id;
    return GW_OK;
}

/* Scope: every existing account a member touches lies in who's subtree (missing ones fail later). */
static gw_err check_scope(gw_db *tx, batch *b)
{
    gw_ledger_account_row a;
    gw_ledger_transfer hold;
    for (int i = 0; i < b->n; i++) {
        int64_t ids[2];
        gw_err e = item_accounts(tx, &b->items[i].req, ids, &hold);
        if (e == GW_E_NOT_FOUND) continue;
        for (int k = 0; !e && k < 2; k++) {
            e = gw_store_ledger_account_get(tx, ids[k], &a);
            if (e == GW_E_NOT_FOUND) { e = GW_OK; continue; }
            if (!e && !gw_scope_has_path(b->who, a.division_path)) {
                snprintf(b->msg, b->msgn, "transfer %d: account %lld is outside your area", i + 1, (long long)ids[k]);
                b->failed = i;
                return GW_E_FORBIDDEN;
            }
        }
        if (e) return e;
    }
    return GW_OK;
}

/* Claim every client id, or find the batch was seen before: *replay = 1 with the stored outcomes. */
static gw_err claim_all(gw_db *tx, batch *b, int64_t now, int *replay)
{
    int fresh_n = 0;
    gw_ledger_outcome *o = malloc(sizeof *o);
    if (!o) return GW_E_NOMEM;
    gw_err e = GW_OK;
    for (int i = 0; i < b->n && !e; i++) {
        gw_ledger_item *it = &b->items[i];
        char f[GW_LEDGER_FIELDS_MAX];
        int fresh = 0;
        gw_ledger_fields_text(&it->req, f, sizeof f);
        if ((e = gw_store_ledger_request_claim(tx, it->req.client_id, f, now, &fresh, o))) break;
        fresh_n += fresh;
        if (fresh) continue;
        if ((e = gw_ledger_idem(o->fields, &it->req, b->msg, b->msgn))) { b->failed = i; break; }
        it->replayed = 1;
        it->err = o->transfer_id ? GW_OK : err_of_name(o->error);
        snprintf(it->message, sizeof it->message, "%s", o->message);
        if (o->transfer_id) e = gw_store_ledger_transfer_get(tx, o->transfer_id, &it->t);
    }
    free(o);
    if (!e && fresh_n && fresh_n < b->n) {
        for (int i = 0; i < b->n; i++)
            if (b->items[i].replayed) {
                snprintf(b->msg, b->msgn, "client_id %s was already used", b->items[i].req.client_id);
                b->failed = i;
                break;
            }
        e = GW_E_CONFLICT;
    }
    *replay = !e && fresh_n == 0;
    return e;
}

static gw_err move_pair(gw_db *tx, int64_t dr, int64_t cr, gw_ledger_kind kind, int64_t amount)
{
    /* in account id order, so two transfers between the same accounts never wait for each other in a circle */
    gw_err e;
    if (dr < cr) {
        if ((e = gw_store_ledger_move(tx, dr, GW_LEDGER_DEBIT, kind, amount))) return e;
        return gw_store_ledger_move(tx, cr, GW_LEDGER_CREDIT, kind, amount);
    }
    if ((e = gw_store_ledger_move(tx, cr, GW_LEDGER_CREDIT, kind, amount))) return e;
    return gw_store_ledger_move(tx, dr, GW_LEDGER_DEBIT, kind, amount);
}

/* A posted transfer or a pending hold. */
static gw_err apply_new(gw_db *tx, gw_ledger_item *it, int64_t now, char *m, size_t mn)
{
    const gw_ledger_req *q = &it->req;
    gw_ledger_account_row dr, cr;
    int64_t missing = q->debit_account_id;
    gw_err e = gw_store_ledger_account_get(tx, q->debit_account_id, &dr);
    if (!e && (e = gw_store_ledger_account_get(tx, q->credit_account_id, &cr)) == GW_E_NOT_FOUND)
        missing = q->credit_account_id;
    if (e == GW_E_NOT_FOUND) {
        snprintf(m, mn, "no account %lld", (long long)missing);
        return GW_E_INVALID;
    }
    if (!e) e = gw_ledger_check_accounts(&dr.a, &cr.a, m, mn);
    if (!e && q->corrects_id && gw_store_ledger_transfer_get(tx, q->corrects_id, &it->t) == GW_E_NOT_FOUND) {
        snprintf(m, mn, "corrects_id: no transfer %lld", (long long)q->corrects_id);
        e = GW_E_INVALID;
    }
    if (!e) e = gw_ledger_apply(&dr.a, &cr.a, q->kind, q->amount, m, mn); /* the message; the UPDATEs decide */
    if (e) return e;
    if ((e = move_pair(tx, q->debit_account_id, q->credit_account_id, q->kind, q->amount)) == GW_E_CONFLICT)
        snprintf(m, mn, "account %lld has too few points available", (long long)q->debit_account_id);
    if (e) return e;
    memset(&it->t, 0, sizeof it->t);
    snprintf(it->t.client_id, sizeof it->t.client_id, "%s", q->client_id);
    it->t.kind = q->kind;
    it->t.debit_account_id = q->debit_account_id;
    it->t.credit_account_id = q->credit_account_id;
    it->t.amount = q->amount;
    it->t.corrects_id = q->corrects_id;
    it->t.expires_ms = q->kind == GW_LK_PENDING ? now + q->timeout_ms : 0;
    snprintf(it->t.memo, sizeof it->t.memo, "%s", q->memo);
    it->t.created_ms = now;
    return GW_OK;
}

/* The end of a hold: post, void (a client's) or expire (the job's), dated `at`. */
static gw_err apply_end(gw_db *tx, gw_ledger_transfer *out, const gw_ledger_transfer *hold, gw_ledger_kind kind,
                        int64_t at, char *m, size_t mn)
{
    if (hold->kind != GW_LK_PENDING) {
        snprintf(m, mn, "transfer %lld is not a pending transfer", (long long)hold->id);
        return GW_E_INVALID;
    }
    /* the job ends a hold that is due; a client's post or void must come before it is due */
    gw_ledger_pstate st = gw_ledger_pending_state(hold->end_kind, hold->expires_ms, kind == GW_LK_EXPIRE ? 0 : at);
    gw_err e = gw_ledger_check_end(st, kind, hold->id, m, mn);
    if (e) return e;
    if ((e = move_pair(tx, hold->debit_account_id, hold->credit_account_id, kind, hold->amount)) == GW_E_CONFLICT)
        snprintf(m, mn, "transfer %lld holds more than its accounts have pending", (long long)hold->id);
    if (e) return e;
    out->kind = kind;
    out->debit_account_id = hold->debit_account_id;
    out->credit_account_id = hold->credit_account_id;
    out->amount = hold->amount;
    out->pending_id = hold->id;
    out->created_ms = at;
    return GW_OK;
}

static gw_err apply_item(gw_db *tx, const gw_principal *who, gw_ledger_item *it, int64_t now)
{
    char *m = it->message;
    size_t mn = sizeof it->message;
    gw_err e;
    if (it->req.kind == GW_LK_POST || it->req.kind == GW_LK_VOID) {
        gw_ledger_transfer hold;
        if ((e = gw_store_ledger_transfer_get(tx, it->req.pending_id, &hold)) == GW_E_NOT_FOUND) {
            snprintf(m, mn, "pending_id: no transfer %lld", (long long)it->req.pending_id);
            return GW_E_INVALID;
        }
        memset(&it->t, 0, sizeof it->t);
        if (!e) e = apply_end(tx, &it->t, &hold, it->req.kind, now, m, mn);
        snprintf(it->t.client_id, sizeof it->t.client_id, "%s", it->req.client_id);
        snprintf(it->t.memo, sizeof it->t.memo, "%s", it->req.memo);
    } else {
        e = apply_new(tx, it, now, m, mn);
    }
    if (e) return e;
    it->t.created_by = who->user_id;
    if ((e = gw_store_ledger_transfer_insert(tx, &it->t)) == GW_E_CONFLICT)
        snprintf(m, mn, "transfer %lld was ended at the same time", (long long)it->req.pending_id);
    return e;
}

static char *transfer_detail(const gw_ledger_transfer *t)
{
    return gw_admin_detail_of(json_pack("{s:s,s:s,s:I,s:I,s:I,s:I,s:I}", "client_id", t->client_id, "kind",
                                        gw_ledger_kind_name(t->kind), "debit_account_id",
                                        (json_int_t)t->debit_account_id, "credit_account_id",
                                        (json_int_t)t->credit_account_id, "amount", (json_int_t)t->amount,
                                        "pending_id", (json_int_t)t->pending_id, "corrects_id",
                                        (json_int_t)t->corrects_id));
}

/* Apply every member under one savepoint; on a failure undo them all and record why. */
static gw_err apply_all(gw_db *tx, batch *b, int64_t now)
{
    gw_err e = gw_db_exec(tx, "SAVEPOINT ledger_batch");
    if (e) return e;
    int bad = -1;
    for (int i = 0; i < b->n && bad < 0; i++) {
        gw_ledger_item *it = &b->items[i];
        if ((it->err = apply_item(tx, b->who, it, now)) != GW_OK) bad = i;
        if (it->err && it->err != GW_E_INVALID && it->err != GW_E_CONFLICT && it->err != GW_E_NOT_FOUND) {
            gw_db_exec(tx, "ROLLBACK TO ledger_batch"); /* the database's trouble (retried on UNAVAILABLE): no outcome */
            return it->err;
        }
    }
    if (bad >= 0) {
        if ((e = gw_db_exec(tx, "ROLLBACK TO ledger_batch"))) return e;
        for (int i = 0; i < b->n; i++) {
            if (i == bad) continue;
            b->items[i].err = b->items[bad].err;
            snprintf(b->items[i].message, sizeof b->items[i].message, "linked transfer %d failed", bad + 1);
            memset(&b->items[i].t, 0, sizeof b->items[i].t);
        }
        memset(&b->items[bad].t, 0, sizeof b->items[bad].t);
    }
    if ((e = gw_db_exec(tx, "RELEASE ledger_batch"))) return e;
    for (int i = 0; i < b->n && !e; i++) {
        gw_ledger_item *it = &b->items[i];
        e = gw_store_ledger_request_finish(tx, it->req.client_id, it->err ? 0 : it->t.id,
                                           it->err ? gw_err_name(it->err) : NULL, it->err ? it->message : NULL);
        if (!e && !it->err) {
            char *d = transfer_detail(&it->t);
            e = gw_admin_audit(tx, now, b->who->user_id, "ledger.transfer", "ledger_transfer", it->t.id, d);
            free(d);
        }
    }
    if (!e && bad >= 0) {
        char *d = gw_admin_detail_of(json_pack("{s:s,s:s}", "client_id", b->items[bad].req.client_id, "error",
                                               b->items[bad].message));
        e = gw_admin_audit(tx, now, b->who->user_id, "ledger.refused", "ledger_transfer", 0, d);
        free(d);
    }
    return e;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* A batch of more than one transfer locks every account it touches, in id order, before moving any. */
static gw_err lock_accounts(gw_db *tx, batch *b)
{
    int64_t ids[2 * GW_LEDGER_BATCH_MAX];
    int n = 0;
    gw_ledger_transfer hold;
    if (b->n < 2) return GW_OK; /* one transfer: move_pair already goes in id order */
    for (int i = 0; i < b->n; i++) {
        gw_err e = item_accounts(tx, &b->items[i].req, &ids[n], &hold);
        if (e == GW_E_NOT_FOUND) continue;
        if (e) return e;
        n += 2;
    }
    qsort(ids, (size_t)n, sizeof ids[0], cmp_id);
    for (int i = 0; i < n; i++) {
        if (i && ids[i] == ids[i - 1]) continue;
        gw_err e = gw_store_ledger_lock(tx, ids[i]);
        if (e) return e;
    }
    return GW_OK;
}

static gw_err op_submit(gw_db *tx, void *arg)
{
    batch *b = arg;
    int64_t now = gw_now_ms();
    int replay = 0;
    gw_err e = b->scoped ? check_scope(tx, b) : GW_OK;
    if (!e) e = claim_all(tx, b, now, &replay);
    if (!e && !replay) e = lock_accounts(tx, b);
    if (!e && !replay) e = apply_all(tx, b, now);
    return e;
}

/* The request's own shape: 1..GW_LEDGER_BATCH_MAX members, each well formed, no client id twice. */
static gw_err check_batch(const gw_ledger_item *items, int n, int *failed, char *msg, size_t msgn)
{
    if (n < 1 || n > GW_LEDGER_BATCH_MAX) {
        snprintf(msg, msgn, "a request holds 1 to %d transfers", GW_LEDGER_BATCH_MAX);
        return GW_E_INVALID;
    }
    for (int i = 0; i < n; i++) {
        char m[200];
        gw_err e = gw_ledger_check_req(&items[i].req, m, sizeof m);
        for (int k = 0; !e && k < i; k++)
            if (!strcmp(items[k].req.client_id, items[i].req.client_id)) {
                snprintf(m, sizeof m, "client_id %s appears twice", items[i].req.client_id);
                e = GW_E_INVALID;
            }
        if (e) { *failed = i; snprintf(msg, msgn, "transfer %d: %s", i + 1, m); return e; }
    }
    return GW_OK;
}

/* The batch's outcome once its operation ran: the first member that failed on its own. */
static gw_err outcome(gw_ledger_item *items, int n, int *failed, char *msg, size_t msgn)
{
    for (int i = 0; i < n; i++)
        if (items[i].err && strncmp(items[i].message, "linked transfer", 15)) {
            *failed = i;
            snprintf(msg, msgn, "transfer %d (client_id %s): %s", i + 1, items[i].req.client_id, items[i].message);
            return items[i].err;
        }
    return GW_OK;
}

gw_err gw_ledger_submit(gw_store *s, const gw_principal *who, gw_ledger_item *items, int n, int *failed, char *msg,
                        size_t msgn)
{
    *failed = -1;
    if (!gw_may(who, GW_P_LEDGER_MANAGE)) { snprintf(msg, msgn, "your role may not manage the points bank"); return GW_E_FORBIDDEN; }
    gw_err e = check_batch(items, n, failed, msg, msgn);
    if (e) return e;
    batch b = { who, items, n, -1, msg, msgn, 1 };
    e = gw_store_write(s, op_submit, &b);
    *failed = b.failed;
    return e ? e : outcome(items, n, failed, msg, msgn);
}

gw_err gw_ledger_submit_tx(gw_db *tx, const gw_principal *who, gw_ledger_item *items, int n, int *failed, char *msg,
                           size_t msgn)
{
    *failed = -1;
    gw_err e = check_batch(items, n, failed, msg, msgn);
    if (e) return e;
    batch b = { who, items, n, -1, msg, msgn, 0 };
    e = op_submit(tx, &b);
    *failed = b.failed;
    return e ? e : outcome(items, n, failed, msg, msgn);
}

/* ---- reads ---- */

gw_err gw_ledger_account_read(gw_db *db, const gw_principal *who, int64_t id, gw_ledger_account_row *out)
{
    gw_err e = gw_store_ledger_account_get(db, id, out);
    if (!e && !gw_scope_has_path(who, out->division_path)) e = GW_E_NOT_FOUND;
    return e;
}

static const char *prefix_of(const gw_principal *who)
{
    return who->role == GW_R_ADMIN || !who->div_path[0] ? "/" : who->div_path;
}

gw_err gw_ledger_accounts_list(gw_db *db, const gw_principal *who, gw_ledger_account_query *q, gw_ledger_account_row *out,
                          size_t *found, int *more)
{
    q->div_prefix = prefix_of(who);
    return gw_store_ledger_accounts(db, q, out, found, more);
}

gw_err gw_ledger_transfers_list(gw_db *db, const gw_principal *who, gw_ledger_transfer_query *q, gw_ledger_transfer *out,
                           size_t *found, int *more)
{
    q->div_prefix = prefix_of(who);
    if (q->account_id) {
        gw_ledger_account_row a;
        gw_err e = gw_ledger_account_read(db, who, q->account_id, &a);
        if (e) return e;
    }
    return gw_store_ledger_transfers(db, q, out, found, more);
}

int gw_ledger_transfer_state(const gw_ledger_transfer *t, int64_t now_ms)
{
    return t->kind == GW_LK_PENDING ? (int)gw_ledger_pending_state(t->end_kind, t->expires_ms, now_ms) : -1;
}

/* ---- expiry ---- */

gw_err gw_ledger_expire_due(gw_db *tx, int64_t now_ms, int *expired)
{
    int64_t ids[EXPIRE_BATCH];
    size_t n = 0;
    *expired = 0;
    gw_err e = gw_store_ledger_due(tx, now_ms, ids, EXPIRE_BATCH, &n);
    for (size_t i = 0; i < n && !e; i++) {
        gw_ledger_transfer hold, t;
        char m[256];
        memset(&t, 0, sizeof t);
        if ((e = gw_store_ledger_transfer_get(tx, ids[i], &hold))) break;
        e = apply_end(tx, &t, &hold, GW_LK_EXPIRE, hold.expires_ms, m, sizeof m);
        if (e) { gw_error("ledger expiry of transfer %lld: %s", (long long)ids[i], m); break; }
        if (!(e = gw_store_ledger_transfer_insert(tx, &t))) (*expired)++;
    }
    if (!e && *expired) {
        char *d = gw_admin_detail_of(json_pack("{s:i}", "expired", *expired));
        e = gw_admin_audit(tx, now_ms, 0, "ledger.expire", "ledger_transfer", 0, d);
        free(d);
    }
    return e;
}

static gw_err expiry_job(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg)
{
    (void)slot_ms;
    (void)arg;
    int n = 0;
    gw_err e = gw_ledger_expire_due(tx, now_ms, &n);
    if (!e && n) gw_info("ledger: %d pending transfers expired", n);
    return e;
}

gw_job gw_ledger_expiry(int seconds)
{
    gw_job j = { GW_LEDGER_JOB, (int64_t)(seconds < 1 ? 60 : seconds) * 1000, expiry_job, NULL, NULL };
    return j;
}

/* ---- verify ---- */

static const char *const col_names[4] = { "debits_pending", "debits_posted", "credits_pending", "credits_posted" };

static int check_one(void *cls, const gw_ledger_check_row *r)
{
    gw_ledger_report *rep = cls;
    rep->accounts++;
    /* Σ over all accounts modulo 2^64: the sums may pass INT64_MAX, the difference is what counts */
    rep->sum_posted = (int64_t)((uint64_t)rep->sum_posted + (uint64_t)r->stored[3] - (uint64_t)r->stored[1]);
    rep->sum_pending = (int64_t)((uint64_t)rep->sum_pending + (uint64_t)r->stored[2] - (uint64_t)r->stored[0]);
    for (int i = 0; i < 4; i++)
        if (r->stored[i] != r->computed[i]) {
            if (!rep->mismatches)
                snprintf(rep->where, sizeof rep->where, "account %lld: %s is %lld, the transfers make it %lld",
                         (long long)r->id, col_names[i], (long long)r->stored[i], (long long)r->computed[i]);
            rep->mismatches++;
            break;
        }
    return 0;
}

gw_err gw_ledger_verify(gw_db *db, gw_ledger_report *rep)
{
    memset(rep, 0, sizeof *rep);
    gw_err e = gw_store_ledger_recompute(db, check_one, rep, &rep->transfers, &rep->bad_ends);
    if (e) return e;
    if (rep->bad_ends && !rep->mismatches)
        snprintf(rep->where, sizeof rep->where, "%lld post/void/expire transfers do not match their hold",
                 (long long)rep->bad_ends);
    else if ((rep->sum_posted || rep->sum_pending) && !rep->mismatches)
        snprintf(rep->where, sizeof rep->where, "the balances do not sum to zero (posted %lld, pending %lld)",
                 (long long)rep->sum_posted, (long long)rep->sum_pending);
    return rep->mismatches || rep->bad_ends || rep->sum_posted || rep->sum_pending ? GW_E_CONFLICT : GW_OK;
}
