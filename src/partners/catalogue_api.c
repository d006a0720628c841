/* partners/catalogue_api.c — the catalogue's items, stock and slots over HTTP (see catalogue_api.h). */
#include "partners/catalogue_api.h"
#include "base/clock.h"
#include "core/admin.h"
#include "json/reply.h"
#include "partners/catalogue_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_LIMIT_MAX 100
#define LIST_OFFSET_MAX 100000
#define RESIDENT_ITEMS_MAX 100

static json_t *slot_json(const gw_cat_slot_row *s, int level)
{
    json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:I}", "id", (json_int_t)s->id, "start_ms", (json_int_t)s->start_ms, "end_ms",
                          (json_int_t)s->end_ms, "capacity", (json_int_t)s->capacity, "free", (json_int_t)s->free);
    if (o && level >= 0) json_object_set_new(o, "opens_ms", json_integer(gw_booking_opens(s->start_ms, level)));
    return o;
}

static json_t *item_json(const gw_cat_item_row *it)
{
    const gw_cat_rules *r = &it->rules;
    json_t *merchant = r->partner_id ? json_pack("{s:I,s:s}", "id", (json_int_t)r->partner_id, "name", it->partner_name)
                                     : json_null();
    return json_pack("{s:I,s:{s:I,s:s},s:s,s:s,s:s,s:I,s:I,s:b,s:I,s:I,s:I,s:I,s:o,s:o,s:o}", "id", (json_int_t)it->id,
                     "community", "id", (json_int_t)it->community_id, "name", it->community_name, "kind",
                     gw_cat_kind_name(r->kind), "name", it->name, "description", it->description, "price",
                     (json_int_t)r->price, "stock", (json_int_t)it->stock, "active", r->active, "valid_from_ms",
                     (json_int_t)r->valid_from_ms, "valid_to_ms", (json_int_t)r->valid_to_ms, "hold_ms",
                     (json_int_t)r->hold_ms, "per_person", (json_int_t)r->per_person, "merchant", merchant,
                     "created_at", gw_json_time(it->created_ms), "updated_at", gw_json_time(it->updated_ms));
}

/* The item with its coming slots (a room); level >= 0: when each opens to the resident. */
static json_t *item_with_slots(gw_db *db, const gw_cat_item_row *it, int level)
{
    json_t *o = item_json(it);
    if (it->rules.kind != GW_CK_ROOM || !o) return o;
    gw_cat_slot_row *slots = calloc(GW_CAT_SLOTS_MAX, sizeof *slots);
    size_t n = 0;
    json_t *arr = json_array();
    if (slots && !gw_cat_item_slots(db, it->id, gw_now_ms(), slots, &n))
        for (size_t i = 0; i < n; i++) json_array_append_new(arr, slot_json(&slots[i], level));
    free(slots);
    json_object_set_new(o, "slots", arr);
    return o;
}

static gw_err fail_msg(gw_req *r, gw_err e, const char *msg, const char *dflt)
{
    return gw_fail(r, e, "%s", msg && msg[0] ? msg : dflt);
}

static gw_err reply_item(gw_req *r, int status, const gw_cat_item_row *it)
{
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = item_with_slots(db, it, -1);
    gw_store_read_end(r->store, db);
    return gw_reply(r, status, o);
}

/* Decode an item's body (create: every field; update: all but kind, community_id and stock). */
static gw_err write_item(gw_req *r, int64_t id)
{
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    gw_cat_in in = { NULL, NULL, NULL, GW_CAT_UNSET, GW_CAT_UNSET, GW_CAT_UNSET, GW_CAT_UNSET, GW_CAT_UNSET,
                     GW_CAT_UNSET, GW_CAT_UNSET, GW_CAT_UNSET, -1 };
    json_int_t v[8] = { GW_CAT_UNSET, GW_CAT_UNSET, GW_CAT_UNSET, GW_CAT_UNSET, GW_CAT_UNSET, GW_CAT_UNSET,
                        GW_CAT_UNSET, GW_CAT_UNSET };
    GW_ADMIN_UNPACK(r, body, "{s?:s,s?:s,s?:s,s?:I,s?:I,s?:I,s?:I,s?:I,s?:I,s?:I,s?:I,s?:b}", "kind", &in.kind, "name",
                    &in.name, "description", &in.description, "community_id", &v[0], "price", &v[1], "stock", &v[2],
                    "valid_from_ms", &v[3], "valid_to_ms", &v[4], "hold_ms", &v[5], "per_person", &v[6], "partner_id",
                    &v[7], "active", &in.active);
    in.community_id = v[0], in.price = v[1], in.stock = v[2], in.valid_from_ms = v[3], in.valid_to_ms = v[4];
    in.hold_ms = v[5], in.per_person = v[6], in.partner_id = v[7];
    gw_cat_item_row *it = malloc(sizeof *it);
    char msg[256] = "";
    if (!it) e = GW_E_NOMEM;
    else if (id) e = gw_cat_item_update(r->store, &r->who, id, &in, it, msg, sizeof msg);
    else e = gw_cat_item_create(r->store, &r->who, &in, it, msg, sizeof msg);
    json_decref(body);
    if (!e) e = reply_item(r, id ? 200 : 201, it);
    else fail_msg(r, e, msg, "could not save the item");
    free(it);
    return e;
}

gw_err api_catalogue_create(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    return e ? e : write_item(r, 0);
}

gw_err api_catalogue_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "catalogue item", &id);
    return e ? e : write_item(r, id);
}

gw_err api_catalogue_list(gw_req *r)
{
    static const char *const keys[] = { "community_id", "kind", "offset", "limit", NULL };
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    gw_cat_item_query q = { .kind = -1 };
    const char *kv = gw_req_query(r, "kind"), *cv = gw_req_query(r, "community_id");
    if (kv && (q.kind = gw_cat_kind_parse(kv)) < 0) return gw_fail(r, GW_E_INVALID, "kind must be goods, coupon or room");
    if (cv) {
        char *end = NULL;
        long long c = strtoll(cv, &end, 10);
        if (!*cv || *end || c <= 0) return gw_fail(r, GW_E_INVALID, "community_id must be a positive id");
        q.community_id = c;
    }
    if ((e = gw_req_page(r, 20, LIST_LIMIT_MAX, LIST_OFFSET_MAX, &q.offset, &q.limit))) return e;
    gw_cat_item_row *rows = calloc(q.limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int64_t total = 0;
    char msg[200] = "";
    e = gw_cat_items_list(db, &r->who, &q, rows, &n, &total, msg, sizeof msg);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, item_with_slots(db, &rows[i], -1));
    gw_store_read_end(r->store, db);
    free(rows);
    if (e) { json_decref(arr); return fail_msg(r, e, msg, "could not list the catalogue"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:I}", "items", arr, "total", (json_int_t)total, "offset",
                                      (json_int_t)q.offset));
}

gw_err api_catalogue_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "catalogue item", &id);
    if (e) return e;
    gw_cat_item_row *it = malloc(sizeof *it);
    gw_db *db = it ? gw_admin_read_begin(r) : NULL;
    if (!db) { free(it); return it ? GW_E_IO : gw_fail(r, GW_E_NOMEM, "out of memory"); }
    char msg[200] = "";
    e = gw_cat_item_read(db, &r->who, id, it, msg, sizeof msg);
    json_t *o = e ? NULL : item_with_slots(db, it, -1);
    gw_store_read_end(r->store, db);
    free(it);
    return e ? fail_msg(r, e, msg, "could not read the item") : gw_reply(r, 200, o);
}

gw_err api_catalogue_stock(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "catalogue item", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t delta = 0;
    const char *reason = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:I,s:s}", "delta", &delta, "reason", &reason);
    gw_cat_item_row *it = malloc(sizeof *it);
    char msg[256] = "";
    e = it ? gw_cat_stock_adjust(r->store, &r->who, id, delta, reason, it, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    if (!e) e = reply_item(r, 200, it);
    else fail_msg(r, e, msg, "could not adjust the stock");
    free(it);
    return e;
}

gw_err api_catalogue_slot(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "catalogue item", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t start = 0, end = 0, cap = 0;
    GW_ADMIN_UNPACK(r, body, "{s:I,s:I,s:I}", "start_ms", &start, "end_ms", &end, "capacity", &cap);
    json_decref(body);
    gw_cat_slot_row slot;
    char msg[256] = "";
    e = gw_cat_slot_add(r->store, &r->who, id, start, end, cap, &slot, msg, sizeof msg);
    return e ? fail_msg(r, e, msg, "could not add the slot") : gw_reply(r, 201, slot_json(&slot, -1));
}

gw_err api_resident_catalogue(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_cat_item_row *rows = calloc(RESIDENT_ITEMS_MAX, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int64_t available = 0;
    int level = 0;
    e = gw_cat_resident_items(db, &r->who, rows, RESIDENT_ITEMS_MAX, &n, &available, &level);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, item_with_slots(db, &rows[i], level));
    gw_store_read_end(r->store, db);
    free(rows);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not read the catalogue"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:i,s:i}", "items", arr, "available", (json_int_t)available,
                                      "booking_level", level, "booking_days", gw_booking_days(level)));
}
