/* partners/partner_api.c — the partner registry over HTTP (see partner_api.h). Masking happens here:
 * the contact (and a person partner's name, for viewers who do not manage partners) shows masked
 * (core/privacy.h); /contact, audited in partner_svc.c, and the resident's own view show it whole. */
#include "partners/partner_api.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/privacy.h"
#include "json/reply.h"
#include "partners/partner_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_LIMIT_MAX 100
#define LIST_OFFSET_MAX 100000
#define MINE_MAX 20

static json_t *div_json(int64_t id, const char *name)
{
    return id ? json_pack("{s:I,s:s}", "id", (json_int_t)id, "name", name) : json_null();
}

static json_t *tags_json(const char *tags)
{
    json_t *a = json_array();
    for (const char *p = tags; p && *p;) {
        size_t n = strcspn(p, ",");
        json_array_append_new(a, json_stringn(p, n));
        p += n + (p[n] == ',');
    }
    return a;
}

static json_t *verified_json(const gw_partner_row *p)
{
    if (!p->verified_ms) return json_null();
    return json_pack("{s:o,s:o,s:s,s:o}", "by", gw_json_id(p->verified_by), "by_name",
                     gw_json_str(p->verified_by_name[0] ? p->verified_by_name : NULL), "method",
                     gw_partner_verify_name(p->verify_method), "at", gw_json_time(p->verified_ms));
}

/* A partner; full: the name and contact whole; names: a person's name whole (the viewer manages). */
static json_t *partner_json(const gw_partner_row *p, int full, int names)
{
    char name[sizeof p->name], cname[sizeof p->contact_name], phone[sizeof p->contact_phone];
    snprintf(name, sizeof name, "%s", p->name);
    snprintf(cname, sizeof cname, "%s", p->contact_name);
    snprintf(phone, sizeof phone, "%s", p->contact_phone);
    if (!full) {
        if (p->kind == GW_PKIND_PERSON && !names) gw_mask_name(p->name, name, sizeof name);
        gw_mask_name(p->contact_name, cname, sizeof cname);
        gw_mask_phone(p->contact_phone, phone, sizeof phone);
    }
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:b,s:o,s:o}", "id",
                          (json_int_t)p->id, "type", gw_partner_type_name(p->type), "kind", gw_partner_kind_name(p->kind),
                          "name", name, "community", div_json(p->community_id, p->community_name), "service_area",
                          div_json(p->service_div_id, p->service_div_name), "tags", tags_json(p->tags), "offer",
                          p->offer, "contact_name", cname, "contact_phone", phone, "status",
                          gw_partner_status_name(p->status), "verified", verified_json(p), "status_reason",
                          p->status_reason, "status_at", gw_json_time(p->status_ms), "self_registered",
                          p->resident_id != 0, "created_at", gw_json_time(p->created_ms), "updated_at",
                          gw_json_time(p->updated_ms));
    return o;
}

static gw_err fail_msg(gw_req *r, gw_err e, const char *msg, const char *dflt)
{
    return gw_fail(r, e, "%s", msg && msg[0] ? msg : dflt);
}

/* The body's fields into in (strings point into body, which the caller keeps until it is done). */
static gw_err read_in(gw_req *r, json_t *body, gw_partner_in *in)
{
    json_int_t community = 0, area = 0;
    json_t *tags = NULL;
    char msg[200];
    if (gw_json_unpack(body, msg, sizeof msg, "{s?:s, s?:s, s?:s, s?:I, s?:I, s?:o, s?:s, s?:s, s?:s}", "type",
                       &in->type, "kind", &in->kind, "name", &in->name, "community_id", &community, "service_area_id",
                       &area, "tags", &tags, "offer", &in->offer, "contact_name", &in->contact_name, "contact_phone",
                       &in->contact_phone))
        return gw_fail(r, GW_E_INVALID, "%s", msg);
    if (community < 0 || area < 0 || community > INT64_MAX / 2 || area > INT64_MAX / 2)
        return gw_fail(r, GW_E_INVALID, "ids are positive integers");
    in->community_id = community;
    in->service_div_id = area;
    if (!tags) return GW_OK;
    if (!json_is_array(tags)) return gw_fail(r, GW_E_INVALID, "tags must be an array of strings");
    in->has_tags = 1;
    in->n_tags = (int)json_array_size(tags);
    for (size_t i = 0; i < json_array_size(tags) && i < GW_PARTNER_TAGS_MAX; i++) {
        if (!json_is_string(json_array_get(tags, i))) return gw_fail(r, GW_E_INVALID, "tags must be an array of strings");
        in->tags[i] = json_string_value(json_array_get(tags, i));
    }
    return GW_OK;
}

typedef gw_err (*write_fn)(gw_req *r, int64_t id, const gw_partner_in *in, gw_partner_row *out, char *msg, size_t n);

/* Decode the body, run fn, answer with the record (status on success). */
static gw_err write_with(gw_req *r, int64_t id, write_fn fn, int status, int full)
{
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    gw_partner_in in = { 0 };
    if ((e = read_in(r, body, &in))) { json_decref(body); return e; }
    gw_partner_row *p = malloc(sizeof *p);
    char msg[200] = "";
    e = p ? fn(r, id, &in, p, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    if (e) { free(p); return fail_msg(r, e, msg, "could not save the partner"); }
    json_t *o = partner_json(p, full, 1);
    free(p);
    return gw_reply(r, status, o);
}

static gw_err do_create(gw_req *r, int64_t id, const gw_partner_in *in, gw_partner_row *out, char *msg, size_t n)
{
    (void)id;
    return gw_partner_create(r->store, &r->who, in, out, msg, n);
}

static gw_err do_update(gw_req *r, int64_t id, const gw_partner_in *in, gw_partner_row *out, char *msg, size_t n)
{
    if (!in->type && !in->kind && !in->name && !in->offer && !in->contact_name && !in->contact_phone && !in->has_tags &&
        !in->community_id && !in->service_div_id)
    {
        snprintf(msg, n, "nothing to change");
        return GW_E_INVALID;
    }
    return gw_partner_update(r->store, &r->who, id, in, out, msg, n);
}

static gw_err do_apply(gw_req *r, int64_t id, const gw_partner_in *in, gw_partner_row *out, char *msg, size_t n)
{
    (void)id;
    return gw_partner_apply(r->store, &r->who, in, out, msg, n);
}

gw_err api_partners_create(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    return e ? e : write_with(r, 0, do_create, 201, 0);
}

gw_err api_partners_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "partner", &id);
    return e ? e : write_with(r, id, do_update, 200, 0);
}

gw_err api_resident_partner_apply(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    return e ? e : write_with(r, 0, do_apply, 201, 1);
}

static gw_err list_query(gw_req *r, gw_partner_query *q)
{
    static const char *const keys[] = { "q", "type", "status", "offset", "limit", NULL };
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    const char *tv = gw_req_query(r, "type"), *sv = gw_req_query(r, "status");
    char msg[200];
    q->q = gw_req_query(r, "q");
    if (q->q && (e = gw_json_check_text("q", q->q, 0, GW_SEARCH_MAX, msg, sizeof msg))) return gw_fail(r, e, "%s", msg);
    if ((q->type = tv ? gw_partner_type_parse(tv) : -1) < 0 && tv)
        return gw_fail(r, GW_E_INVALID, "type must be resource, professional or volunteer");
    if ((q->status = sv ? gw_partner_status_parse(sv) : -1) < 0 && sv)
        return gw_fail(r, GW_E_INVALID, "status must be pending, active, suspended or retired");
    return gw_req_page(r, 20, LIST_LIMIT_MAX, LIST_OFFSET_MAX, &q->offset, &q->limit);
}

gw_err api_partners_list(gw_req *r)
{
    gw_partner_query q = { 0 };
    gw_err e = list_query(r, &q);
    if (e) return e;
    gw_partner_row *rows = calloc(q.limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int64_t total = 0;
    char msg[200] = "";
    e = gw_partner_list(db, &r->who, &q, rows, &n, &total, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    int names = gw_may(&r->who, GW_P_PARTNER_MANAGE);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, partner_json(&rows[i], 0, names));
    free(rows);
    if (e) { json_decref(arr); return fail_msg(r, e, msg, "could not list partners"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:I}", "items", arr, "total", (json_int_t)total, "offset",
                                      (json_int_t)q.offset));
}

/* GET one: masked (get) or whole and audited (contact). */
static gw_err read_one(gw_req *r, int contact)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "partner", &id);
    if (e) return e;
    gw_partner_row *p = malloc(sizeof *p);
    if (!p) return gw_fail(r, GW_E_NOMEM, "out of memory");
    char msg[200] = "";
    if (contact) {
        e = gw_partner_contact(r->store, &r->who, id, p, msg, sizeof msg);
    } else {
        gw_db *db = gw_admin_read_begin(r);
        e = db ? gw_partner_get(db, &r->who, id, p, msg, sizeof msg) : GW_E_IO;
        if (db) gw_store_read_end(r->store, db);
    }
    if (e) { free(p); return fail_msg(r, e, msg, "could not read the partner"); }
    json_t *o = partner_json(p, contact, gw_may(&r->who, GW_P_PARTNER_MANAGE));
    free(p);
    return gw_reply(r, 200, o);
}

gw_err api_partners_get(gw_req *r) { return read_one(r, 0); }
gw_err api_partners_contact(gw_req *r) { return read_one(r, 1); }

gw_err api_partners_action(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "partner", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *action = NULL, *reason = NULL, *method = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s?:s}", "action", &action, "reason", &reason, "method", &method);
    gw_partner_row *p = malloc(sizeof *p);
    char msg[200] = "";
    e = p ? gw_partner_act(r->store, &r->who, id, action, reason, method, p, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    if (e) { free(p); return fail_msg(r, e, msg, "could not change the partner"); }
    json_t *o = partner_json(p, 0, 1);
    free(p);
    return gw_reply(r, 200, o);
}

gw_err api_resident_partner_mine(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_partner_row *rows = calloc(MINE_MAX, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    e = gw_partner_mine(db, &r->who, rows, MINE_MAX, &n);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, partner_json(&rows[i], 1, 1));
    free(rows);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not read your partner records"); }
    return gw_admin_reply_items(r, arr);
}
