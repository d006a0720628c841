/* partners/order_api.c — redemption orders over HTTP (see catalogue_api.h). Masking happens here: staff
 * and a verifying merchant see the resident's name and phone masked (core/privacy.h); staff see a coupon
 * code's first four characters only; the resident sees their own order whole. */
#include "partners/catalogue_api.h"
#include "base/clock.h"
#include "core/admin.h"
#include "core/privacy.h"
#include "json/reply.h"
#include "partners/order_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_LIMIT_MAX 100
#define LIST_OFFSET_MAX 100000

typedef enum { VIEW_STAFF, VIEW_OWNER, VIEW_MERCHANT } view;

static json_t *order_json(const gw_order_row *o, view v)
{
    char name[sizeof o->resident_name], phone[sizeof o->resident_phone], code[GW_COUPON_CODE_LEN + 1];
    snprintf(name, sizeof name, "%s", o->resident_name);
    snprintf(phone, sizeof phone, "%s", o->resident_phone);
    snprintf(code, sizeof code, "%s", o->code);
    if (v != VIEW_OWNER) {
        gw_mask_name(o->resident_name, name, sizeof name);
        gw_mask_phone(o->resident_phone, phone, sizeof phone);
    }
    if (v == VIEW_STAFF && code[0]) memset(code + 4, '*', GW_COUPON_CODE_LEN - 4);
    json_t *slot = o->slot_id ? json_pack("{s:I,s:I,s:I}", "id", (json_int_t)o->slot_id, "start_ms",
                                          (json_int_t)o->slot_start_ms, "end_ms", (json_int_t)o->slot_end_ms)
                              : json_null();
    json_t *merchant = o->partner_id ? json_pack("{s:I,s:s}", "id", (json_int_t)o->partner_id, "name", o->partner_name)
                                     : json_null();
    return json_pack("{s:I,s:{s:I,s:s,s:s},s:o,s:I,s:{s:I,s:s,s:s},s:I,s:s,s:o,s:o,s:o,s:I,s:o,s:o,s:o,s:s}", "id",
                     (json_int_t)o->id, "item", "id", (json_int_t)o->item_id, "name", o->item_name, "kind",
                     gw_cat_kind_name(o->kind), "slot", slot, "community_id", (json_int_t)o->community_id, "resident",
                     "id", (json_int_t)o->resident_id, "name", name, "phone", phone, "price", (json_int_t)o->price,
                     "status", gw_order_status_name(gw_order_state_at(o, gw_now_ms())), "code",
                     gw_json_str(code[0] ? code : NULL), "merchant", merchant, "hold_id", gw_json_id(o->hold_id),
                     "expires_ms", (json_int_t)o->expires_ms, "expires_at", gw_json_time(o->expires_ms), "created_at",
                     gw_json_time(o->created_ms), "ended_at", gw_json_time(o->ended_ms), "reason", o->reason);
}

static gw_err fail_msg(gw_req *r, gw_err e, const char *msg, const char *dflt)
{
    return gw_fail(r, e, "%s", msg && msg[0] ? msg : dflt);
}

static gw_err list(gw_req *r, int mine)
{
    static const char *const keys[] = { "status", "item_id", "offset", "limit", NULL };
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    gw_order_query q = { .status = -1 };
    const char *sv = gw_req_query(r, "status"), *iv = gw_req_query(r, "item_id");
    if (sv && (q.status = gw_order_status_parse(sv)) < 0)
        return gw_fail(r, GW_E_INVALID, "status must be held, handed_over, used, cancelled, expired or no_show");
    if (iv) {
        char *end = NULL;
        long long v = strtoll(iv, &end, 10);
        if (!*iv || *end || v <= 0) return gw_fail(r, GW_E_INVALID, "item_id must be a positive id");
        q.item_id = v;
    }
    if ((e = gw_req_page(r, 20, LIST_LIMIT_MAX, LIST_OFFSET_MAX, &q.offset, &q.limit))) return e;
    gw_order_row *rows = calloc(q.limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int64_t total = 0;
    char msg[200] = "";
    e = gw_orders_list(db, &r->who, &q, rows, &n, &total, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, order_json(&rows[i], mine ? VIEW_OWNER : VIEW_STAFF));
    free(rows);
    if (e) { json_decref(arr); return fail_msg(r, e, msg, "could not list orders"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:I}", "items", arr, "total", (json_int_t)total, "offset",
                                      (json_int_t)q.offset));
}

gw_err api_orders_list(gw_req *r) { return list(r, 0); }
gw_err api_resident_orders(gw_req *r) { return list(r, 1); }

gw_err api_orders_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "order", &id);
    if (e) return e;
    gw_order_row *o = malloc(sizeof *o);
    gw_db *db = o ? gw_admin_read_begin(r) : NULL;
    if (!db) { free(o); return o ? GW_E_IO : gw_fail(r, GW_E_NOMEM, "out of memory"); }
    char msg[200] = "";
    e = gw_order_read(db, &r->who, id, o, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    json_t *j = e ? NULL : order_json(o, VIEW_STAFF);
    free(o);
    return e ? fail_msg(r, e, msg, "could not read the order") : gw_reply(r, 200, j);
}

/* Answer with the order after a write (or its failure). */
static gw_err answer(gw_req *r, gw_err e, gw_order_row *o, const char *msg, int status, view v)
{
    if (e) { free(o); return fail_msg(r, e, msg, "could not change the order"); }
    json_t *j = order_json(o, v);
    free(o);
    return gw_reply(r, status, j);
}

gw_err api_orders_action(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "order", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *action = NULL, *reason = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s,s?:s}", "action", &action, "reason", &reason);
    gw_order_row *o = malloc(sizeof *o);
    char msg[256] = "";
    e = o ? gw_order_act(r->store, &r->who, id, action, reason, o, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    return answer(r, e, o, msg, 200, VIEW_STAFF);
}

gw_err api_resident_redeem(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t item = 0, slot = 0;
    const char *key = NULL, *from = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:I,s?:I,s?:s,s?:s}", "item_id", &item, "slot_id", &slot, "key", &key, "from", &from);
    if (from && strcmp(from, "resident") && strcmp(from, "partner")) {
        json_decref(body);
        return gw_fail(r, GW_E_INVALID, "from must be resident or partner");
    }
    gw_order_row *o = malloc(sizeof *o);
    char msg[256] = "";
    int replayed = 0, partner = from && !strcmp(from, "partner");
    e = o ? gw_order_redeem(r->store, &r->who, item, slot, partner, key, o, &replayed, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    return answer(r, e, o, msg, replayed ? 200 : 201, VIEW_OWNER);
}

gw_err api_resident_order_cancel(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "order", &id);
    if (e) return e;
    if (r->body_len) {
        json_t *body;
        if ((e = gw_req_json(r, &body))) return e;
        GW_ADMIN_UNPACK(r, body, "{}");
        json_decref(body);
    }
    gw_order_row *o = malloc(sizeof *o);
    char msg[256] = "";
    e = o ? gw_order_cancel_mine(r->store, &r->who, id, o, msg, sizeof msg) : GW_E_NOMEM;
    return answer(r, e, o, msg, 200, VIEW_OWNER);
}

gw_err api_resident_merchant_verify(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *code = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s}", "code", &code);
    gw_order_row *o = malloc(sizeof *o);
    char msg[256] = "";
    e = o ? gw_order_verify(r->store, &r->who, code, o, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    return answer(r, e, o, msg, 200, VIEW_MERCHANT);
}
