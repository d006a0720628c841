/* ops/ticket_view.c — tickets as the API shows them: the detail view, the caller's actions, list
 * summaries and the timeline. Masking and the public view's rule live here, above the store. */
#include "ops/ticket_view.h"
#include "ops/ticket_steps_svc.h"
#include "ops/ticket_svc.h"
#include "base/geo.h"
#include "json/reply.h"
#include "core/model_store.h"
#include "ops/catalogue_store.h"
#include "ops/onsite_store.h"
#include "ops/assist_view.h"
#include "ops/dupe_store.h"
#include "ops/review_store.h"

#include <string.h>

static int add_cc(void *cls, int64_t id, const char *name)
{
    return json_array_append_new(cls, json_pack("{s:I,s:s}", "id", (json_int_t)id, "name", name)) == 0;
}

gw_err gw_ticket_cc_json(gw_db *db, int64_t ticket_id, json_t **out)
{
    json_t *arr = json_array();
    gw_err e = arr ? gw_store_ticket_cc_each(db, ticket_id, add_cc, arr) : GW_E_NOMEM;
    if (e) { json_decref(arr); return e; }
    *out = arr;
    return GW_OK;
}

static int add_photo(void *cls, const gw_photo_row *p)
{
    return json_array_append_new(cls, json_pack("{s:s,s:s,s:s,s:I,s:o,s:s+}", "sha256", p->sha256, "stage", p->stage,
        "mime", p->mime, "size", (json_int_t)p->size, "created_at", gw_json_time(p->created_ms),
        "url", "/api/v1/files/", p->sha256)) == 0;
}

gw_err gw_ticket_photos_json(gw_db *db, int64_t ticket_id, json_t **out)
{
    json_t *arr = json_array();
    gw_err e = arr ? gw_store_ticket_photo_each(db, ticket_id, add_photo, arr) : GW_E_NOMEM;
    if (e) { json_decref(arr); return e; }
    *out = arr;
    return GW_OK;
}

static int add_onsite_photo(void *cls, const gw_onsite_photo_row *p)
{
    return json_array_append_new(cls, json_pack("{s:s,s:s,s:s,s:I,s:s+}", "sha256", p->sha256, "stage", p->stage,
        "mime", p->mime, "size", (json_int_t)p->size, "url", "/api/v1/files/", p->sha256)) == 0;
}

typedef struct { json_t *arr; gw_db *db; } onsite_out;

/* One 现场核查: result, note, who, when, before/after photos. */
static int add_onsite(void *cls, const gw_onsite_row *v)
{
    onsite_out *out = cls;
    json_t *photos = json_array();
    if (gw_store_onsite_photo_each(out->db, v->id, add_onsite_photo, photos) != GW_OK) json_array_clear(photos);
    json_t *o = json_pack("{s:I,s:s,s:o,s:{s:I,s:s},s:o,s:o}", "id", (json_int_t)v->id, "result", v->result,
        "note", gw_json_str(v->note[0] ? v->note : NULL), "by", "id", (json_int_t)v->user_id, "name", v->user_name,
        "at", gw_json_time(v->at_ms), "photos", photos);
    return o && json_array_append_new(out->arr, o) == 0;
}

/* Every 现场核查 of a ticket, newest first (an empty array when none or on a read error). */
static json_t *onsite_list_json(gw_db *db, int64_t ticket_id)
{
    onsite_out out = { json_array(), db };
    if (!out.arr) return NULL;
    if (gw_store_onsite_each(db, ticket_id, add_onsite, &out) != GW_OK) json_array_clear(out.arr);
    return out.arr;
}

/* 回访: the last callback's answer, and whether this closure still waits for one (GW_REVISIT_PENDING_SQL). */
static json_t *revisit_json(const gw_ticket_row *t)
{
    const char *res = gw_satisfaction_name(t->t.revisit_result);
    int done = t->t.revisited_at_ms > 0 && t->t.revisited_at_ms >= t->t.closed_at_ms;
    int wanted = (!strcmp(t->source, "hotline") && t->reporter_phone[0]) ||
                 (t->t.rating >= 1 && t->t.rating <= GW_LOW_RATING);
    return json_pack("{s:o,s:o,s:b}", "result", gw_json_str(res), "at", gw_json_time(t->t.revisited_at_ms),
                     "pending", t->t.state == GW_T_CLOSED && !done && wanted);
}

/* 重复件: the parent a merged ticket follows, and the tickets merged into this one (同诉). */
#define CHILDREN_SHOWN 20
static json_t *merge_json(gw_db *db, const gw_ticket_row *t)
{
    json_t *parent = json_null(), *kids = json_array();
    char code[24], state[16];
    if (t->parent_id && gw_store_dupe_code_state(db, t->parent_id, code, sizeof code, state, sizeof state) == GW_OK)
        parent = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)t->parent_id, "track_code", code, "state", state);
    gw_dupe_child c[CHILDREN_SHOWN];
    int n = 0;
    int64_t count = 0;
    if (gw_store_dupe_children(db, t->id, c, CHILDREN_SHOWN, &n) == GW_OK)
        for (int i = 0; i < n; i++)
            json_array_append_new(kids, json_pack("{s:I,s:s}", "id", (json_int_t)c[i].id, "track_code", c[i].track_code));
    gw_store_dupe_merged_count(db, t->id, &count);
    return json_pack("{s:o,s:I,s:o}", "parent", parent ? parent : json_null(), "merged_count", (json_int_t)count,
                     "children", kids);
}

/* Reported without a category: what the classifier decided (ops/review_svc.h). */
static void view_classification(gw_db *db, int64_t id, json_t *o)
{
    gw_review_row k;
    if (gw_store_review_get(db, id, &k) != GW_OK) return;
    json_object_set_new(o, "classification", json_pack("{s:s,s:s,s:b,s:b,s:o,s:f}", "decision", k.decision, "state",
                                                       k.state, "auto_classified", !strcmp(k.decision, "auto"),
                                                       "corrected", k.corrected, "model_id", gw_json_id(k.model_id),
                                                       "probability", k.probability));
}

/* The full view of a ticket for staff in scope (reporter masked: see /reporter), except the
 * caller-dependent "actions" (see gw_ticket_actions_json). */
json_t *gw_ticket_json(gw_db *db, const gw_ticket_row *t, int gcj)
{
    char code[16], cname[GW_NAME_BUF], uname[GW_NAME_BUF], masked_name[64], masked_phone[32];
    gw_store_category_name(db, t->category_id, code, sizeof code, cname, sizeof cname);
    gw_store_unit_name(db, t->t.unit_id, uname, sizeof uname);
    gw_mask_name(t->reporter_name, masked_name, sizeof masked_name);
    gw_mask_phone(t->reporter_phone, masked_phone, sizeof masked_phone);
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:{s:I,s:s,s:s},s:o,s:s,s:o,s:s,s:i}",
        "id", (json_int_t)t->id, "version", (json_int_t)t->version, "track_code", t->track_code,
        "source", t->source, "state", gw_ticket_state_name(t->t.state),
        "category", "id", (json_int_t)t->category_id, "code", code, "name", cname,
        "division_id", gw_json_id(t->division_id), "division_path", t->division_path,
        "address", gw_json_str(t->address[0] ? t->address : NULL), "description", t->description,
        "urgency", t->urgency);
    if (!o) return NULL;
    json_object_set_new(o, "needs_location", json_boolean(t->needs_location));
    json_object_set_new(o, "request_type", json_string(t->request_type[0] ? t->request_type : GW_REQUEST_DEFAULT));
    if (t->has_location) {
        gw_point p = { t->lon, t->lat };
        if (gcj) p = gw_geo_wgs84_to_gcj02(p);
        json_object_set_new(o, "location", json_pack("{s:f,s:f,s:s}", "lon", p.lon, "lat", p.lat, "coord", gcj ? "gcj02" : "wgs84"));
    }
    json_object_set_new(o, "unit", t->t.unit_id ? json_pack("{s:I,s:s}", "id", (json_int_t)t->t.unit_id, "name", uname) : json_null());
    json_t *cc = NULL, *photos = NULL;
    if (gw_ticket_cc_json(db, t->id, &cc) == GW_OK) json_object_set_new(o, "cc_units", cc);
    if (gw_ticket_photos_json(db, t->id, &photos) == GW_OK) json_object_set_new(o, "photos", photos);
    json_t *checks = onsite_list_json(db, t->id); /* the latest is "onsite", as before */
    json_object_set_new(o, "onsite", json_array_size(checks) ? json_incref(json_array_get(checks, 0)) : json_null());
    json_object_set_new(o, "onsite_checks", checks ? checks : json_array());
    json_object_set_new(o, "assists", gw_assist_list_json(db, t->id)); /* 协办 sub-tasks */
    json_object_set_new(o, "merge", merge_json(db, t));
    json_object_set_new(o, "reporter", json_pack("{s:o,s:o}", "name", gw_json_str(masked_name[0] ? masked_name : NULL),
                                                 "phone", gw_json_str(masked_phone[0] ? masked_phone : NULL)));
    json_object_set_new(o, "rule_id", gw_json_id(t->rule_id));
    json_object_set_new(o, "deadlines", json_pack("{s:o,s:o,s:o,s:o}", "dispatch", gw_json_time(t->t.dispatch_due_ms),
        "handle", gw_json_time(t->t.handle_due_ms), "verify", gw_json_time(t->t.verify_due_ms), "running", gw_json_time(t->due_ms)));
    json_object_set_new(o, "warning", json_boolean(t->warn_flag));
    json_object_set_new(o, "overdue", json_boolean(t->overdue_flag));
    json_object_set_new(o, "extension_pending_days", json_integer(t->t.ext_pending_days));
    json_object_set_new(o, "counts", json_pack("{s:i,s:i,s:i,s:i,s:i}", "rework", t->t.rework_count, "return",
                                               t->t.return_count, "extension", t->t.extension_count, "urge",
                                               t->t.urge_count, "reopen", t->t.reopen_count));
    json_object_set_new(o, "revisit", revisit_json(t));
    json_object_set_new(o, "rating", t->t.rating ? json_pack("{s:i,s:o}", "score", t->t.rating, "comment",
                                                             gw_json_str(t->rating_comment[0] ? t->rating_comment : NULL))
                                                 : json_null());
    json_object_set_new(o, "created_at", gw_json_time(t->created_ms));
    json_object_set_new(o, "updated_at", gw_json_time(t->updated_ms));
    json_object_set_new(o, "closed_at", gw_json_time(t->t.closed_at_ms));
    if (t->t.state == GW_T_ACCEPTED || t->t.state == GW_T_RETURNED || t->t.state == GW_T_REPORTED) {
        gw_route_rule rule;
        if (gw_ticket_route(db, t->category_id, t->division_id, &rule) == GW_OK) {
            char un[GW_NAME_BUF];
            gw_store_unit_name(db, rule.unit_id, un, sizeof un);
            json_object_set_new(o, "routing_suggestion", json_pack("{s:o,s:I,s:s,s:s,s:b}", "rule_id", gw_json_id(rule.id),
                "unit_id", (json_int_t)rule.unit_id, "unit_name", un, "mode", rule.mode == GW_ROUTE_AUTO ? "auto" : "review",
                "fallback", rule.id == 0));
        }
    }
    view_classification(db, t->id, o);
    return o;
}

/* The actions `who` may take on t now: the buttons a console shows. */
json_t *gw_ticket_actions_json(const gw_ticket *t, const char *division_path, const gw_principal *who)
{
    json_t *acts = json_array();
    gw_actor actor = { who->role, who->user_id, who->unit_id };
    for (int k = 0; k < GW_A__COUNT; k++)
        if (k != GW_A_RATE && gw_ticket_can(t, (gw_action_kind)k, &actor) &&
            (k != GW_A_VERIFY_ONSITE || gw_ticket_onsite_ok(who, division_path)))
            json_array_append_new(acts, json_string(gw_action_name((gw_action_kind)k)));
    return acts;
}

json_t *gw_ticket_view(gw_db *db, const gw_ticket_row *t, const gw_principal *who, int gcj)
{
    json_t *o = gw_ticket_json(db, t, gcj);
    gw_assist_brief *b = malloc(sizeof *b);
    if (o) json_object_set_new(o, "actions", gw_ticket_actions_json(&t->t, t->division_path, who));
    if (o && b && gw_assist_brief_load(db, t->id, b) == GW_OK)
        json_object_set_new(o, "assist_actions", gw_assist_actions_json(b, t->t.state, who));
    free(b);
    return o;
}

/* ---- list ----------------------------------------------------------------------------- */

json_t *gw_ticket_list_item_json(const gw_ticket_list_row *r)
{
    char masked[64];
    gw_mask_name(r->reporter_name, masked, sizeof masked);
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:{s:I,s:s,s:s},s:o,s:o,s:o,s:s,s:i,s:o,s:o,s:o,s:o,s:b,s:b,s:o,s:o,s:i,s:b}",
        "id", (json_int_t)r->id, "track_code", r->track_code, "source", r->source, "state", r->state,
        "category", "id", (json_int_t)r->category_id, "code", r->category_code, "name", r->category_name,
        "division_id", gw_json_id(r->division_id), "division_name", gw_json_str(r->division_name),
        "address", gw_json_str(r->address), "description", r->description, "urgency", r->urgency,
        "unit_id", gw_json_id(r->unit_id), "unit_name", gw_json_str(r->unit_name),
        "reporter_name", masked[0] ? json_string(masked) : json_null(), "due_at", gw_json_time(r->due_ms),
        "warning", r->warning, "overdue", r->overdue, "created_at", gw_json_time(r->created_ms),
        "updated_at", gw_json_time(r->updated_ms), "rating", r->rating, "extension_pending", r->extension_pending);
    if (o) json_object_set_new(o, "needs_location", json_boolean(r->needs_location));
    if (o) json_object_set_new(o, "urge_count", json_integer(r->urge_count));
    if (o) json_object_set_new(o, "reopen_count", json_integer(r->reopen_count));
    if (o) json_object_set_new(o, "revisit_result", gw_json_str(r->revisit_result));
    if (o) json_object_set_new(o, "request_type", json_string(r->request_type ? r->request_type : GW_REQUEST_DEFAULT));
    if (o && r->has_location) json_object_set_new(o, "location", json_pack("{s:f,s:f}", "lon", r->lon, "lat", r->lat));
    return o;
}

static int add_list_item(void *cls, const gw_ticket_list_row *r)
{
    json_t *o = gw_ticket_list_item_json(r);
    if (o) json_array_append_new(cls, o);
    return 0;
}

gw_err gw_ticket_list_json(gw_db *db, const gw_principal *who, const gw_ticket_filter *f, json_t **out,
                           int64_t *next_cursor)
{
    json_t *arr = json_array();
    gw_err e = arr ? gw_store_ticket_rows(db, who, f, add_list_item, arr, next_cursor) : GW_E_NOMEM;
    if (e) { json_decref(arr); return e; }
    *out = arr;
    return GW_OK;
}

/* ---- timeline --------------------------------------------------------------------------- */

typedef struct { json_t *arr; int public_view; } timeline_out;

static int add_timeline_item(void *cls, const gw_timeline_row *r)
{
    timeline_out *t = cls;
    json_t *d = r->detail ? json_loads(r->detail, 0, NULL) : NULL;
    if (!json_is_object(d)) { json_decref(d); d = json_object(); }
    json_t *reply = json_object_get(d, "public_reply"); /* 答复口径: what staff wrote for the public */
    json_t *e = json_pack("{s:I,s:o,s:s,s:o,s:s,s:O}", "seq", (json_int_t)r->seq, "at", gw_json_time(r->at_ms),
                          "action", r->action, "from", gw_json_str(r->from_state), "to", r->to_state,
                          "public_reply", json_is_string(reply) ? reply : json_null());
    if (e && !t->public_view) { /* internal notes, actors and details: staff only */
        json_object_set_new(e, "actor_role", json_string(r->actor_role));
        json_object_set_new(e, "note", gw_json_str(r->note));
        json_object_set_new(e, "actor_user_id", gw_json_id(r->actor_user_id));
        json_object_set_new(e, "actor_name", gw_json_str(r->actor_name));
        json_object_set_new(e, "detail", json_incref(d));
        json_object_set_new(e, "hash", json_string(r->hash));
    }
    json_decref(d);
    if (e) json_array_append_new(t->arr, e);
    return 0;
}

gw_err gw_ticket_timeline_json(gw_db *db, int64_t ticket_id, int public_view, json_t **out)
{
    timeline_out t = { json_array(), public_view };
    gw_err e = t.arr ? gw_store_timeline_rows(db, ticket_id, add_timeline_item, &t) : GW_E_NOMEM;
    if (e) { json_decref(t.arr); return e; }
    *out = t.arr;
    return GW_OK;
}
