/* partners/earn_api.c — earning rules and service records over HTTP (see earn_api.h). Masking happens
 * here: a person partner's name shows masked to viewers who do not manage partners and to the
 * beneficiary; the partner sees their own records whole. */
#include "partners/earn_api.h"
#include "core/admin.h"
#include "core/privacy.h"
#include "json/reply.h"
#include "partners/earn_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_LIMIT_MAX 100
#define LIST_OFFSET_MAX 100000
#define TIME_LIMIT 4102444800000LL

static gw_err fail_msg(gw_req *r, gw_err e, const char *msg, const char *dflt)
{
    return gw_fail(r, e, "%s", msg && msg[0] ? msg : dflt);
}

static json_t *rule_json(const gw_earn_rule *x)
{
    return json_pack("{s:I,s:{s:I,s:s},s:s,s:s,s:s,s:I,s:I,s:I,s:I,s:I,s:b,s:o,s:o}", "id", (json_int_t)x->id,
                     "community", "id", (json_int_t)x->community_id, "name", x->community_name, "code", x->code,
                     "name", x->name, "unit", gw_earn_unit_name(x->unit), "points", (json_int_t)x->points, "daily_cap",
                     (json_int_t)x->daily_cap, "total_cap", (json_int_t)x->total_cap, "valid_from_ms",
                     (json_int_t)x->valid_from_ms, "valid_to_ms", (json_int_t)x->valid_to_ms, "active", x->active,
                     "created_at", gw_json_time(x->created_ms), "updated_at", gw_json_time(x->updated_ms));
}

gw_err api_earn_rules_list(gw_req *r)
{
    static const char *const keys[] = { "community_id", NULL };
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    const char *cv = gw_req_query(r, "community_id");
    char *end = NULL;
    long long community = cv ? strtoll(cv, &end, 10) : 0;
    if (cv && (!*cv || *end || community <= 0)) return gw_fail(r, GW_E_INVALID, "community_id must be a positive integer");
    gw_earn_rule *rows = calloc(GW_EARN_RULES_MAX, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    char msg[200] = "";
    e = gw_earn_rule_list(db, &r->who, community, rows, &n, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, rule_json(&rows[i]));
    free(rows);
    if (e) { json_decref(arr); return fail_msg(r, e, msg, "could not list the rules"); }
    return gw_admin_reply_items(r, arr);
}

/* The body of a rule write (strings point into body). */
static gw_err rule_in_of(gw_req *r, json_t *body, gw_earn_rule_in *in)
{
    json_t *points = NULL, *dcap = NULL, *tcap = NULL, *from = NULL, *to = NULL;
    json_int_t community = 0;
    int active = -1;
    char msg[200];
    if (gw_json_unpack(body, msg, sizeof msg, "{s?:s, s?:s, s?:s, s?:I, s?:o, s?:o, s?:o, s?:o, s?:o, s?:b}", "code",
                       &in->code, "name", &in->name, "unit", &in->unit, "community_id", &community, "points", &points,
                       "daily_cap", &dcap, "total_cap", &tcap, "valid_from_ms", &from, "valid_to_ms", &to, "active",
                       &active))
        return gw_fail(r, GW_E_INVALID, "%s", msg);
    if (community < 0) return gw_fail(r, GW_E_INVALID, "community_id must be a positive integer");
    in->community_id = community;
    in->active = active;
    int k;
    if ((k = gw_admin_opt_int(r, "points", points, 1, GW_EARN_POINTS_MAX, 0, &in->points)) < 0) return GW_E_INVALID;
    in->has_points = k;
    if ((k = gw_admin_opt_int(r, "daily_cap", dcap, 0, GW_EARN_CAP_MAX, 0, &in->daily_cap)) < 0) return GW_E_INVALID;
    in->has_daily_cap = k;
    if ((k = gw_admin_opt_int(r, "total_cap", tcap, 0, GW_EARN_CAP_MAX, 0, &in->total_cap)) < 0) return GW_E_INVALID;
    in->has_total_cap = k;
    if ((k = gw_admin_opt_int(r, "valid_from_ms", from, 0, TIME_LIMIT, 0, &in->valid_from_ms)) < 0) return GW_E_INVALID;
    in->has_valid_from = k;
    if ((k = gw_admin_opt_int(r, "valid_to_ms", to, 0, TIME_LIMIT, 0, &in->valid_to_ms)) < 0) return GW_E_INVALID;
    in->has_valid_to = k;
    return GW_OK;
}

static gw_err rule_write(gw_req *r, int64_t id)
{
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    gw_earn_rule_in in = { 0 };
    if ((e = rule_in_of(r, body, &in))) { json_decref(body); return e; }
    if (id && !in.name && !in.unit && !in.has_points && !in.has_daily_cap && !in.has_total_cap && !in.has_valid_from &&
        !in.has_valid_to && in.active < 0 && !in.code && !in.community_id)
    {
        json_decref(body);
        return gw_fail(r, GW_E_INVALID, "nothing to change");
    }
    gw_earn_rule out;
    char msg[200] = "";
    e = id ? gw_earn_rule_update(r->store, &r->who, id, &in, &out, msg, sizeof msg)
           : gw_earn_rule_create(r->store, &r->who, &in, &out, msg, sizeof msg);
    json_decref(body);
    if (e) return fail_msg(r, e, msg, "could not save the rule");
    return gw_reply(r, id ? 200 : 201, rule_json(&out));
}

gw_err api_earn_rules_create(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    return e ? e : rule_write(r, 0);
}

gw_err api_earn_rules_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "rule", &id);
    return e ? e : rule_write(r, id);
}

/* ---- service records ---- */

static json_t *point_json(int has, gw_point p) { return has ? json_pack("{s:f,s:f}", "lon", p.lon, "lat", p.lat) : json_null(); }

/* A record; names: the partner's name whole (staff who manage partners, or the partner themself). */
static json_t *record_json(const gw_earn_record *x, int names)
{
    char pname[sizeof x->partner_name];
    snprintf(pname, sizeof pname, "%s", x->partner_name);
    if (x->partner_person && !names) gw_mask_name(x->partner_name, pname, sizeof pname);
    json_t *o = json_pack("{s:I,s:I,s:{s:I,s:s,s:s,s:s},s:{s:I,s:s},s:s,s:s,s:I,s:I,s:o,s:o,s:I,s:o,s:I,s:o}", "id",
                          (json_int_t)x->id, "community_id", (json_int_t)x->community_id, "rule", "id",
                          (json_int_t)x->rule_id, "code", x->rule_code, "name", x->rule_name, "unit",
                          gw_earn_unit_name(x->unit), "partner", "id", (json_int_t)x->partner_id, "name", pname,
                          "source", gw_earn_source_name(x->source), "status", gw_earn_status_name(x->status), "quantity",
                          (json_int_t)x->quantity, "minutes", (json_int_t)x->minutes, "activity",
                          x->activity_id ? json_pack("{s:I,s:s}", "id", (json_int_t)x->activity_id, "title",
                                                     x->activity_title) : json_null(),
                          "beneficiary_id", gw_json_id(x->beneficiary_id), "started_ms", (json_int_t)x->started_ms,
                          "started_at", gw_json_time(x->started_ms), "ended_ms", (json_int_t)x->ended_ms, "ended_at",
                          gw_json_time(x->ended_ms));
    json_object_set_new(o, "sign_in", point_json(x->has_in, x->in_at));
    json_object_set_new(o, "sign_out", point_json(x->has_out, x->out_at));
    json_object_set_new(o, "points", json_integer(x->points));
    json_object_set_new(o, "transfer_id", gw_json_id(x->transfer_id));
    json_object_set_new(o, "revoke_transfer_id", gw_json_id(x->revoke_transfer_id));
    json_object_set_new(o, "revoked_points", json_integer(x->revoked_points));
    json_object_set_new(o, "note", json_string(x->note));
    json_object_set_new(o, "reason", json_string(x->reason));
    json_object_set_new(o, "recorded_by", gw_json_id(x->created_by));
    json_object_set_new(o, "decided_at", gw_json_time(x->decided_ms));
    json_object_set_new(o, "decided_by_resident", json_boolean(x->decided_by_resident != 0));
    json_object_set_new(o, "revoked_at", gw_json_time(x->revoked_ms));
    json_object_set_new(o, "created_at", gw_json_time(x->created_ms));
    return o;
}

static int names_for(gw_req *r, const gw_earn_record *x)
{
    if (r->who.kind == GW_PK_RESIDENT) return x->partner_resident && x->partner_resident == r->who.resident_id;
    return gw_may(&r->who, GW_P_PARTNER_MANAGE);
}

gw_err api_service_records_create(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    gw_earn_record_in in = { 0 };
    json_int_t rule = 0, partner = 0, ben = 0, qty = 0, minutes = 0, started = 0;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:I, s:I, s?:I, s?:I, s?:I, s:I, s?:s}", "source", &in.source, "rule_id", &rule,
                    "partner_id", &partner, "beneficiary_id", &ben, "quantity", &qty, "minutes", &minutes,
                    "started_ms", &started, "note", &in.note);
    in.rule_id = rule;
    in.partner_id = partner;
    in.beneficiary_id = ben;
    in.quantity = qty;
    in.minutes = minutes;
    in.started_ms = started;
    gw_earn_record *out = malloc(sizeof *out);
    char msg[200] = "";
    e = out ? gw_earn_record_create(r->store, &r->who, &in, out, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    if (e) { free(out); return fail_msg(r, e, msg, "could not save the record"); }
    json_t *o = record_json(out, 1);
    free(out);
    return gw_reply(r, 201, o);
}

static gw_err list_query(gw_req *r, gw_earn_record_query *q)
{
    static const char *const keys[] = { "status", "source", "partner_id", "activity_id", "offset", "limit", NULL };
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    const char *sv = gw_req_query(r, "status"), *src = gw_req_query(r, "source");
    if ((q->status = sv ? gw_earn_status_parse(sv) : -1) < 0 && sv)
        return gw_fail(r, GW_E_INVALID, "status must be open, pending, confirmed, rejected or revoked");
    if ((q->source = src ? gw_earn_source_parse(src) : -1) < 0 && src)
        return gw_fail(r, GW_E_INVALID, "source must be service, live or backfill");
    const char *ids[2] = { gw_req_query(r, "partner_id"), gw_req_query(r, "activity_id") };
    int64_t *outs[2] = { &q->partner_id, &q->activity_id };
    for (int i = 0; i < 2; i++) {
        char *end = NULL;
        long long v = ids[i] ? strtoll(ids[i], &end, 10) : 0;
        if (ids[i] && (!*ids[i] || *end || v <= 0)) return gw_fail(r, GW_E_INVALID, "ids must be positive integers");
        *outs[i] = v;
    }
    return gw_req_page(r, 20, LIST_LIMIT_MAX, LIST_OFFSET_MAX, &q->offset, &q->limit);
}

static gw_err list_records(gw_req *r)
{
    gw_earn_record_query q = { 0 };
    gw_err e = list_query(r, &q);
    if (e) return e;
    gw_earn_record *rows = calloc(q.limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int64_t total = 0;
    char msg[200] = "";
    e = gw_earn_record_list(db, &r->who, &q, rows, &n, &total, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) {
        json_t *o = record_json(&rows[i], names_for(r, &rows[i]));
        if (r->who.kind == GW_PK_RESIDENT)
            json_object_set_new(o, "mine", json_boolean(rows[i].partner_resident == r->who.resident_id));
        json_array_append_new(arr, o);
    }
    free(rows);
    if (e) { json_decref(arr); return fail_msg(r, e, msg, "could not list the records"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:I}", "items", arr, "total", (json_int_t)total, "offset",
                                      (json_int_t)q.offset));
}

gw_err api_service_records_list(gw_req *r) { return list_records(r); }
gw_err api_resident_service_records(gw_req *r) { return list_records(r); }

gw_err api_service_records_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "service record", &id);
    if (e) return e;
    gw_earn_record *x = malloc(sizeof *x);
    if (!x) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    char msg[200] = "";
    e = db ? gw_earn_record_get(db, &r->who, id, x, msg, sizeof msg) : GW_E_IO;
    if (db) gw_store_read_end(r->store, db);
    if (e) { free(x); return fail_msg(r, e, msg, "could not read the record"); }
    json_t *o = record_json(x, names_for(r, x));
    free(x);
    return gw_reply(r, 200, o);
}

/* POST .../actions {action, reason} (staff) or .../confirm|reject {reason} (the resident). */
static gw_err act(gw_req *r, const char *fixed)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "service record", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *action = fixed, *reason = NULL;
    if (fixed) GW_ADMIN_UNPACK(r, body, "{s?:s}", "reason", &reason);
    else GW_ADMIN_UNPACK(r, body, "{s:s, s?:s}", "action", &action, "reason", &reason);
    gw_earn_record *x = malloc(sizeof *x);
    char msg[200] = "";
    e = x ? gw_earn_record_act(r->store, &r->who, id, action, reason, x, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    if (e) { free(x); return fail_msg(r, e, msg, "could not change the record"); }
    json_t *o = record_json(x, names_for(r, x));
    free(x);
    return gw_reply(r, 200, o);
}

gw_err api_service_records_action(gw_req *r) { return act(r, NULL); }

gw_err api_resident_service_record_confirm(gw_req *r) { return act(r, "confirm"); }
gw_err api_resident_service_record_reject(gw_req *r) { return act(r, "reject"); }
