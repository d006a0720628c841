/* partners/ledger_api.c — the points bank over HTTP (see ledger_api.h). */
#include "partners/ledger_api.h"
#include "base/clock.h"
#include "base/str.h"
#include "core/admin.h"
#include "json/reply.h"
#include "partners/ledger_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEDGER_OFFSET_MAX 1000000

static json_t *account_json(const gw_ledger_account_row *r)
{
    const gw_ledger_account *a = &r->a;
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:o}", "id", (json_int_t)a->id,
                          "division_id", (json_int_t)a->division_id, "division_name", r->division_name, "owner_kind",
                          gw_ledger_owner_name(a->owner), "owner_id", (json_int_t)a->owner_id, "balance",
                          (json_int_t)gw_ledger_balance(a), "available", (json_int_t)gw_ledger_available(a),
                          "debits_pending", (json_int_t)a->debits_pending, "debits_posted", (json_int_t)a->debits_posted,
                          "credits_pending", (json_int_t)a->credits_pending, "credits_posted",
                          (json_int_t)a->credits_posted, "created_at", gw_json_time(r->created_ms));
    if (o && a->owner == GW_LO_SYSTEM)
        json_object_set_new(o, "system", json_string(gw_ledger_system_name((int)a->owner_id)));
    return o;
}

static json_t *transfer_json(const gw_ledger_transfer *t, int64_t now, int with_balance)
{
    int st = gw_ledger_transfer_state(t, now);
    json_t *o = json_pack("{s:I,s:o,s:s,s:I,s:I,s:I,s:o,s:o,s:s,s:o,s:o}", "id", (json_int_t)t->id, "client_id",
                          t->client_id[0] ? json_string(t->client_id) : json_null(), "kind",
                          gw_ledger_kind_name(t->kind), "debit_account_id", (json_int_t)t->debit_account_id,
                          "credit_account_id", (json_int_t)t->credit_account_id, "amount", (json_int_t)t->amount,
                          "pending_id", gw_json_id(t->pending_id), "corrects_id", gw_json_id(t->corrects_id), "memo",
                          t->memo, "created_by", gw_json_id(t->created_by), "created_at", gw_json_time(t->created_ms));
    if (o && t->kind == GW_LK_PENDING) {
        json_object_set_new(o, "expires_at", gw_json_time(t->expires_ms));
        json_object_set_new(o, "state", json_string(gw_ledger_pstate_name(st)));
    }
    if (o && with_balance) json_object_set_new(o, "balance_after", json_integer(t->balance_after));
    return o;
}

/* An optional positive id in the query string: 0 when absent. */
static gw_err query_id(gw_req *r, const char *key, int64_t *out)
{
    const char *v = gw_req_query(r, key);
    *out = 0;
    if (!v) return GW_OK;
    if ((*out = gw_parse_id(v)) <= 0) return gw_fail(r, GW_E_INVALID, "%s must be a positive id", key);
    return GW_OK;
}

static gw_err query_kind(gw_req *r, int *kind)
{
    const char *v = gw_req_query(r, "kind");
    *kind = v ? gw_ledger_kind_parse(v) : -1;
    if (v && *kind < 0) return gw_fail(r, GW_E_INVALID, "kind must be posted, pending, post, void or expire");
    return GW_OK;
}

static gw_err reply_page(gw_req *r, json_t *arr, size_t offset, size_t limit, int more)
{
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:o}", "items", arr, "offset", (json_int_t)offset, "next_offset",
                                      more ? json_integer((json_int_t)(offset + limit)) : json_null()));
}

gw_err api_ledger_accounts(gw_req *r)
{
    static const char *const allowed[] = { "division_id", "owner_kind", "owner_id", "offset", "limit", NULL };
    gw_err e = gw_req_only_query(r, allowed);
    if (e) return e;
    gw_ledger_account_query q = { 0 };
    const char *ok = gw_req_query(r, "owner_kind");
    q.owner = ok ? gw_ledger_owner_parse(ok) : -1;
    if (ok && q.owner < 0) return gw_fail(r, GW_E_INVALID, "owner_kind must be system, partner or resident");
    if ((e = query_id(r, "division_id", &q.division_id)) || (e = query_id(r, "owner_id", &q.owner_id)) ||
        (e = gw_req_page(r, 20, GW_LEDGER_PAGE_MAX, LEDGER_OFFSET_MAX, &q.offset, &q.limit)))
        return e;
    gw_ledger_account_row *rows = calloc(q.limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int more = 0;
    e = gw_ledger_accounts_list(db, &r->who, &q, rows, &n, &more);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, account_json(&rows[i]));
    free(rows);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not read the accounts"); }
    return reply_page(r, arr, q.offset, q.limit, more);
}

gw_err api_ledger_account_open(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    json_t *body;
    if (e || (e = gw_req_json(r, &body))) return e;
    json_int_t div = 0, owner_id = 0;
    const char *kind = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:I, s:s, s:I}", "division_id", &div, "owner_kind", &kind, "owner_id", &owner_id);
    char msg[200] = "";
    gw_ledger_account_row row;
    int owner = gw_ledger_owner_parse(kind);
    e = gw_ledger_open(r->store, &r->who, div, owner < 0 ? GW_LO_SYSTEM : (gw_ledger_owner)owner, owner_id, &row, msg,
                       sizeof msg);
    json_decref(body);
    if ((e = gw_admin_finish_write(r, e, msg, "account"))) return e;
    return gw_reply(r, 201, account_json(&row));
}

/* The account (balance) and a page of its history, each transfer with the balance after it. */
gw_err api_ledger_account(gw_req *r)
{
    static const char *const allowed[] = { "kind", "offset", "limit", NULL };
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, allowed);
    if (!e) e = gw_admin_path_id(r, "account", &id);
    gw_ledger_transfer_query q = { 0 };
    q.account_id = id;
    if (e || (e = query_kind(r, &q.kind)) ||
        (e = gw_req_page(r, 20, GW_LEDGER_PAGE_MAX, LEDGER_OFFSET_MAX, &q.offset, &q.limit)))
        return e;
    gw_ledger_transfer *rows = calloc(q.limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    gw_ledger_account_row a;
    size_t n = 0;
    int more = 0;
    e = gw_ledger_account_read(db, &r->who, id, &a);
    if (!e) e = gw_ledger_transfers_list(db, &r->who, &q, rows, &n, &more);
    gw_store_read_end(r->store, db);
    if (e) { free(rows); return gw_fail(r, e, e == GW_E_NOT_FOUND ? "no such account" : "could not read the account"); }
    int64_t now = gw_now_ms();
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, transfer_json(&rows[i], now, 1));
    free(rows);
    json_t *o = account_json(&a);
    json_object_set_new(o, "history", json_pack("{s:o,s:I,s:o}", "items", arr, "offset", (json_int_t)q.offset,
                                                "next_offset", more ? json_integer((json_int_t)(q.offset + q.limit))
                                                                    : json_null()));
    return gw_reply(r, 200, o);
}

gw_err api_ledger_transfers(gw_req *r)
{
    static const char *const allowed[] = { "account_id", "kind", "offset", "limit", NULL };
    gw_err e = gw_req_only_query(r, allowed);
    gw_ledger_transfer_query q = { 0 };
    if (e || (e = query_id(r, "account_id", &q.account_id)) || (e = query_kind(r, &q.kind)) ||
        (e = gw_req_page(r, 20, GW_LEDGER_PAGE_MAX, LEDGER_OFFSET_MAX, &q.offset, &q.limit)))
        return e;
    gw_ledger_transfer *rows = calloc(q.limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int more = 0;
    e = gw_ledger_transfers_list(db, &r->who, &q, rows, &n, &more);
    gw_store_read_end(r->store, db);
    if (e) { free(rows); return gw_fail(r, e, e == GW_E_NOT_FOUND ? "no such account" : "could not read the transfers"); }
    int64_t now = gw_now_ms();
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, transfer_json(&rows[i], now, q.account_id != 0));
    free(rows);
    return reply_page(r, arr, q.offset, q.limit, more);
}

/* One transfer object of a request into q; fails the request (returns non-zero) when malformed. */
static gw_err decode_item(gw_req *r, json_t *o, int i, gw_ledger_req *q)
{
    const char *cid = NULL, *kind = NULL, *memo = NULL;
    json_int_t dr = 0, cr = 0, amount = 0, timeout = 0, corrects = 0;
    char m[200];
    if (gw_json_unpack(o, m, sizeof m, "{s:s, s?:s, s:I, s:I, s:I, s?:I, s?:I, s?:s}", "client_id", &cid, "kind",
                       &kind, "debit_account_id", &dr, "credit_account_id", &cr, "amount", &amount, "timeout_ms",
                       &timeout, "corrects_id", &corrects, "memo", &memo))
        return gw_fail(r, GW_E_INVALID, "transfer %d: %s", i + 1, m);
    memset(q, 0, sizeof *q);
    if (gw_json_check_text("client_id", cid, 1, GW_LEDGER_CLIENT_ID_MAX, m, sizeof m) ||
        gw_json_check_text("memo", memo, 0, GW_LEDGER_MEMO_MAX, m, sizeof m))
        return gw_fail(r, GW_E_INVALID, "transfer %d: %s", i + 1, m);
    int k = kind ? gw_ledger_kind_parse(kind) : GW_LK_POSTED;
    if (k != GW_LK_POSTED && k != GW_LK_PENDING)
        return gw_fail(r, GW_E_INVALID, "transfer %d: kind must be posted or pending", i + 1);
    snprintf(q->client_id, sizeof q->client_id, "%s", cid);
    snprintf(q->memo, sizeof q->memo, "%s", memo ? memo : "");
    q->kind = (gw_ledger_kind)k;
    q->debit_account_id = dr;
    q->credit_account_id = cr;
    q->amount = amount;
    q->timeout_ms = timeout;
    q->corrects_id = corrects;
    return GW_OK;
}

static gw_err reply_items(gw_req *r, gw_ledger_item *items, int n, gw_err e, const char *msg)
{
    if (e == GW_E_NOMEM || e == GW_E_IO || e == GW_E_INTERNAL || e == GW_E_UNAVAILABLE)
        return gw_fail(r, e, "could not write the transfer");
    if (e) return gw_fail(r, e, "%s", msg);
    int64_t now = gw_now_ms();
    json_t *arr = json_array();
    int replayed = 1;
    for (int i = 0; i < n; i++) {
        json_array_append_new(arr, transfer_json(&items[i].t, now, 0));
        replayed &= items[i].replayed;
    }
    return gw_reply(r, 201, json_pack("{s:o,s:b}", "transfers", arr, "replayed", replayed));
}

gw_err api_ledger_transfer(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    json_t *body;
    if (e || (e = gw_req_json(r, &body))) return e;
    json_t *list = json_object_get(body, "transfers");
    if (list && json_object_size(body) != 1) { json_decref(body); return gw_fail(r, GW_E_INVALID, "a batch holds only transfers"); }
    int n = list ? (int)json_array_size(list) : 1;
    if ((list && !json_is_array(list)) || n < 1 || n > GW_LEDGER_BATCH_MAX) {
        json_decref(body);
        return gw_fail(r, GW_E_INVALID, "transfers must be an array of 1 to %d transfers", GW_LEDGER_BATCH_MAX);
    }
    gw_ledger_item *items = calloc((size_t)n, sizeof *items);
    if (!items) { json_decref(body); return gw_fail(r, GW_E_NOMEM, "out of memory"); }
    for (int i = 0; i < n && !e; i++) e = decode_item(r, list ? json_array_get(list, (size_t)i) : body, i, &items[i].req);
    json_decref(body);
    if (e) { free(items); return e; }
    char msg[400] = "";
    int failed = -1;
    e = gw_ledger_submit(r->store, &r->who, items, n, &failed, msg, sizeof msg);
    e = reply_items(r, items, n, e, msg);
    free(items);
    return e;
}

static gw_err end_hold(gw_req *r, gw_ledger_kind kind)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "transfer", &id);
    json_t *body;
    if (e || (e = gw_req_json(r, &body))) return e;
    const char *cid = NULL, *memo = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s, s?:s}", "client_id", &cid, "memo", &memo);
    char m[200];
    if (gw_json_check_text("client_id", cid, 1, GW_LEDGER_CLIENT_ID_MAX, m, sizeof m) ||
        gw_json_check_text("memo", memo, 0, GW_LEDGER_MEMO_MAX, m, sizeof m)) {
        json_decref(body);
        return gw_fail(r, GW_E_INVALID, "%s", m);
    }
    gw_ledger_item it;
    memset(&it, 0, sizeof it);
    snprintf(it.req.client_id, sizeof it.req.client_id, "%s", cid);
    snprintf(it.req.memo, sizeof it.req.memo, "%s", memo ? memo : "");
    json_decref(body);
    it.req.kind = kind;
    it.req.pending_id = id;
    char msg[400] = "";
    int failed = -1;
    e = gw_ledger_submit(r->store, &r->who, &it, 1, &failed, msg, sizeof msg);
    return reply_items(r, &it, 1, e, msg);
}

gw_err api_ledger_post(gw_req *r) { return end_hold(r, GW_LK_POST); }
gw_err api_ledger_void(gw_req *r) { return end_hold(r, GW_LK_VOID); }
