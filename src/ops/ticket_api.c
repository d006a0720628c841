/* ops/ticket_api.c — tickets: list, create, read (with the view cache), act, timeline, reporter contact.
 * Rendering is in ticket_view.c, the export in export_api.c, photos in file_api.c. */
#include "core/api.h"
#include "core/model.h"
#include "base/clock.h"
#include "base/geo.h"
#include "base/str.h"
#include "core/audit.h"
#include "json/reply.h"
#include "ops/review_api.h"
#include "ops/ticket_api.h"
#include "ops/ticket_view.h"
#include "ops/ticket_svc.h"
#include "ops/assist_view.h"
#include "ops/ticket_steps_svc.h"
#include "core/auth_store.h"
#include "core/model_store.h"
#include "core/scope.h"
#include "ops/catalogue_store.h"
#include "core/privacy.h"
#include "ops/track.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int want_gcj(gw_req *r)
{
    const char *c = gw_req_query(r, "coord");
    return c && !strcmp(c, "gcj02");
}

/* ---- the view cache --------------------------------------------------------------------
 * Consoles poll ticket details. A rendered view depends on the ticket (its version changes with
 * every write, photos and CC units included) and on names and rules an admin may edit (the
 * config generation, bumped by api_admin, and a one-minute age limit for edits made through other
 * servers). A hit costs one indexed version lookup; the caller-dependent parts — whether they may
 * see it, and their actions — are decided per request from the cached loop fields. */

#define VIEW_SLOTS 1024
#define VIEW_MAX_AGE_MS 60000

typedef struct {
    int64_t id, version, gen, born_ms;
    uint64_t store_gen;  /* the ticket's change counter when rendered (0: none on a shared database) */
    gw_ticket t;
    char div_path[128];
    int64_t reporter_user_id;
    int64_t cc[GW_SEEN_UNITS_MAX]; /* CC units and 协办 units: they see it */
    int n_cc;
    gw_assist_brief assists;       /* the 协办 sub-tasks someone may act on */
    char *body; /* compact JSON object text without its closing brace */
    size_t len;
} view_entry;

static view_entry views[VIEW_SLOTS];
static pthread_mutex_t views_mu = PTHREAD_MUTEX_INITIALIZER;
/* Copy a fresh cached view of ticket id into *out (body malloc'd); 0 on a miss. The view is current
 * when the ticket's change counter is what it was at rendering (store_gen, no database read at all),
 * or else when the version read from the database matches (pass version 0 to skip that). */
static int view_get(int64_t id, uint64_t store_gen, int64_t version, view_entry *out)
{
    int hit = 0;
    pthread_mutex_lock(&views_mu);
    view_entry *v = &views[id % VIEW_SLOTS];
    int current = (store_gen && v->store_gen == store_gen) || (version && v->version == version);
    if (v->body && v->id == id && current && v->gen == gw_model_gen() &&
        gw_mono_ms() - v->born_ms < VIEW_MAX_AGE_MS && (out->body = malloc(v->len + 1))) {
        memcpy(out->body, v->body, v->len + 1);
        char *keep = out->body;
        *out = *v;
        out->body = keep;
        hit = 1;
    }
    pthread_mutex_unlock(&views_mu);
    return hit;
}

static void view_put(const view_entry *e)
{
    char *copy = malloc(e->len + 1);
    if (!copy) return;
    memcpy(copy, e->body, e->len + 1);
    pthread_mutex_lock(&views_mu);
    view_entry *v = &views[e->id % VIEW_SLOTS];
    free(v->body);
    *v = *e;
    v->body = copy;
    pthread_mutex_unlock(&views_mu);
}

/* Render the cacheable part of ticket id into *e; GW_E_NOT_FOUND when there is none. */
static gw_err view_build(gw_db *db, int64_t id, view_entry *e)
{
    gw_ticket_row *row = malloc(sizeof *row);
    if (!row) return GW_E_NOMEM;
    memset(e, 0, sizeof *e);
    e->gen = gw_model_gen(); /* read before rendering: an edit during it makes a miss */
    gw_err err = gw_store_ticket_get(db, id, row);
    if (!err) err = gw_ticket_seen_units(db, id, e->cc, GW_SEEN_UNITS_MAX, &e->n_cc);
    if (!err) err = gw_assist_brief_load(db, id, &e->assists);
    json_t *o = err ? NULL : gw_ticket_json(db, row, 0);
    char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!err && !text) err = GW_E_NOMEM;
    if (!err) {
        e->id = id;
        e->version = row->version;
        e->born_ms = gw_mono_ms();
        e->t = row->t;
        snprintf(e->div_path, sizeof e->div_path, "%s", row->division_path);
        e->reporter_user_id = row->reporter_user_id;
        e->len = strlen(text) - 1; /* drop the closing brace */
        text[e->len] = 0;
        e->body = text;
    } else {
        free(text);
    }
    free(row);
    return err;
}

/* Load a ticket visible to the caller, or fail 404. */
static gw_err load_visible(gw_req *r, gw_db *db, gw_ticket_row *row)
{
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such ticket");
    gw_err e = gw_store_ticket_get(db, id, row);
    if (e == GW_E_NOT_FOUND || (!e && !gw_ticket_visible(db, &r->who, row)))
        return gw_fail(r, GW_E_NOT_FOUND, "no ticket %lld in your scope", (long long)id);
    return e;
}

gw_err api_ticket_get(gw_req *r)
{
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such ticket");
    gw_db *db;
    if (want_gcj(r)) { /* a converted view is not cached */
        if (!(db = gw_store_read_begin(r->store))) return GW_E_IO;
        gw_ticket_row *row = malloc(sizeof *row);
        gw_err e = row ? load_visible(r, db, row) : GW_E_NOMEM;
        json_t *o = e ? NULL : gw_ticket_view(db, row, &r->who, 1);
        gw_store_read_end(r->store, db);
        free(row);
        return e ? e : gw_reply(r, 200, o);
    }
    /* The usual case, a cached view still current, costs no database read on a single server and one
     * statement (no snapshot) on a shared database. The counter is read before anything else. */
    uint64_t store_gen = gw_store_ticket_gen(r->store, id);
    int64_t version = 0;
    view_entry v;
    gw_err e = GW_OK;
    int hit = store_gen && view_get(id, store_gen, 0, &v);
    if (!hit) {
        gw_db *one = gw_store_read_one(r->store);
        e = one ? gw_store_ticket_version(one, id, &version) : GW_E_IO;
        gw_store_read_one_end(r->store, one);
        hit = !e && view_get(id, 0, version, &v);
    }
    if (!e && !hit) {
        if (!(db = gw_store_read_begin(r->store))) return GW_E_IO;
        if (!(e = view_build(db, id, &v))) {
            v.store_gen = store_gen;
            view_put(&v);
        }
        gw_store_read_end(r->store, db);
    }
    gw_scope_ticket seen = { v.div_path, v.t.unit_id, v.reporter_user_id, v.cc, v.n_cc };
    if (e == GW_E_NOT_FOUND || (!e && !gw_scope_ticket_visible(&r->who, &seen))) {
        if (!e) free(v.body);
        return gw_fail(r, GW_E_NOT_FOUND, "no ticket %lld in your scope", (long long)id);
    }
    if (e) return e;
    json_t *acts = gw_ticket_actions_json(&v.t, v.div_path, &r->who);
    json_t *assist_acts = gw_assist_actions_json(&v.assists, v.t.state, &r->who);
    char *list = json_dumps(acts, JSON_COMPACT), *alist = json_dumps(assist_acts, JSON_COMPACT);
    json_decref(acts);
    json_decref(assist_acts);
    gw_buf b = { 0 };
    gw_buf_append(&b, v.body, v.len);
    gw_buf_printf(&b, ",\"actions\":%s,\"assist_actions\":%s}", list ? list : "[]", alist ? alist : "{}");
    free(list);
    free(alist);
    free(v.body);
    size_t len;
    char *out = gw_buf_take(&b, &len);
    if (!out) return GW_E_NOMEM;
    return gw_reply_raw(r, 200, "application/json; charset=utf-8", out, len);
}

gw_err api_ticket_timeline(gw_req *r)
{
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_ticket_row *row = malloc(sizeof *row);
    json_t *items = NULL;
    gw_err e = row ? load_visible(r, db, row) : GW_E_NOMEM;
    if (!e) e = gw_ticket_timeline_json(db, row->id, 0, &items);
    gw_store_read_end(r->store, db);
    free(row);
    if (e) return e;
    return gw_reply(r, 200, json_pack("{s:o}", "items", items));
}

/* Full reporter contact: for those who need to call back; every read is audited. */
typedef struct { int64_t actor, ticket; } pii_arg;

static gw_err op_audit_pii(gw_db *tx, void *p)
{
    pii_arg *a = p;
    char obj[32];
    snprintf(obj, sizeof obj, "ticket:%lld", (long long)a->ticket);
    return gw_audit_append(tx, gw_now_ms(), a->actor, "pii.read", obj, "reporter_name,reporter_phone");
}

gw_err api_ticket_reporter(gw_req *r)
{
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_ticket_row *row = malloc(sizeof *row);
    gw_err e = row ? load_visible(r, db, row) : GW_E_NOMEM;
    gw_store_read_end(r->store, db);
    gw_scope_ticket seen = { row ? row->division_path : NULL, row ? row->t.unit_id : 0, row ? row->reporter_user_id : 0,
                             NULL, 0 }; /* visible already (load_visible); CC units never give contact */
    if (!e && gw_scope_contact(&r->who, &seen) != GW_OK)
        e = gw_fail(r, GW_E_FORBIDDEN, "only the handling unit may see the reporter's contact");
    json_t *o = NULL;
    if (!e) {
        pii_arg a = { r->who.user_id, row->id };
        e = gw_store_write(r->store, op_audit_pii, &a); /* audited before it is shown */
        if (!e) o = json_pack("{s:I,s:o,s:o}", "ticket_id", (json_int_t)row->id,
                              "name", gw_json_str(row->reporter_name[0] ? row->reporter_name : NULL),
                              "phone", gw_json_str(row->reporter_phone[0] ? row->reporter_phone : NULL));
    }
    free(row);
    if (e) return e;
    return gw_reply(r, 200, o);
}

/* ---- list ------------------------------------------------------------------------------ */

/* The search box: "#123" is that ticket, a tracking code (as read over the phone) its ticket, a phone
 * number (7+ digits) the cases that caller reported — for roles that may see contacts, and audited —
 * and anything else the description's text. */
static gw_err search_of(gw_req *r, const char *q, gw_ticket_filter *f)
{
    size_t len = strlen(q), digits = strspn(q + (q[0] == '#'), "0123456789");
    if (q[0] == '#' && len > 1 && digits == len - 1) {
        if (!(f->id = gw_parse_id(q + 1))) return gw_fail(r, GW_E_INVALID, "#id must be a positive ticket id");
        return GW_OK;
    }
    if (gw_track_code_norm(q, f->track_code, sizeof f->track_code)) return GW_OK;
    if (gw_phone_valid(q) && gw_phone_key(q, f->phone_key, sizeof f->phone_key) >= 7) {
        if (!gw_may(&r->who, GW_P_CONTACT_VIEW))
            return gw_fail(r, GW_E_FORBIDDEN, "searching by a caller's phone needs access to contacts");
        int64_t unit = gw_scope_contact_unit(&r->who);
        if (unit < 0) return gw_fail(r, GW_E_FORBIDDEN, "searching by a caller's phone needs access to contacts");
        if (unit) f->unit_id = unit; /* own unit's cases only, not those it is copied on */
        return gw_ticket_search_audit(r->store, &r->who, f->phone_key);
    }
    f->q = q;
    return GW_OK;
}

/* Read the list filters from the query string into *f (division subtree resolved into path,
 * which must hold 128 bytes). Fails the request on a bad value. */
gw_err api_ticket_filter(gw_req *r, gw_db *db, gw_ticket_filter *f, char *path)
{
    static const char *const keys[] = { "status", "category_id", "unit_id", "cursor", "limit", "source", "from", "to",
        "overdue", "warning", "extension_pending", "needs_location", "low_rating", "q", "division_id", "urged", "revisit",
        "request_type", "assist", "ids", NULL }; /* ids: the export's ticked rows (ops/export_api.c) */
    const char *v;
    *f = (gw_ticket_filter){ .state = -1, .limit = 50 };
    if (gw_req_only_query(r, keys)) return GW_E_INVALID;
    if ((v = gw_req_query(r, "status")) && (f->state = gw_ticket_state_parse(v)) < 0)
        return gw_fail(r, GW_E_INVALID, "unknown status '%.32s'", v);
    if ((v = gw_req_query(r, "category_id")) && !(f->category_id = gw_parse_id(v)))
        return gw_fail(r, GW_E_INVALID, "category_id must be a positive integer");
    if ((v = gw_req_query(r, "unit_id")) && !(f->unit_id = gw_parse_id(v)))
        return gw_fail(r, GW_E_INVALID, "unit_id must be a positive integer");
    if ((v = gw_req_query(r, "cursor")) && !(f->cursor = gw_parse_id(v)))
        return gw_fail(r, GW_E_INVALID, "cursor must be a positive integer");
    if ((v = gw_req_query(r, "limit"))) {
        int64_t n = gw_parse_id(v);
        if (n < 1 || n > 200) return gw_fail(r, GW_E_INVALID, "limit must be 1 to 200");
        f->limit = (int)n;
    }
    if ((v = gw_req_query(r, "source"))) {
        if (strlen(v) > 15) return gw_fail(r, GW_E_INVALID, "unknown source");
        f->source = v;
    }
    if ((v = gw_req_query(r, "request_type"))) {
        if (gw_request_type_parse(v) < 0) return gw_fail(r, GW_E_INVALID, "unknown request_type");
        f->request_type = v;
    }
    if ((v = gw_req_query(r, "assist"))) { /* 协办: 待协办 (open) or returned sub-tasks */
        if (strcmp(v, "open") && strcmp(v, "returned")) return gw_fail(r, GW_E_INVALID, "assist must be open or returned");
        f->assist = v;
    }
    if ((v = gw_req_query(r, "from")) && gw_clock_parse(v, &f->from_ms))
        return gw_fail(r, GW_E_INVALID, "from must be an ISO 8601 date or time");
    if ((v = gw_req_query(r, "to")) && gw_clock_parse(v, &f->to_ms))
        return gw_fail(r, GW_E_INVALID, "to must be an ISO 8601 date or time");
    if ((v = gw_req_query(r, "overdue"))) f->overdue = !strcmp(v, "1") || !strcmp(v, "true");
    if ((v = gw_req_query(r, "warning"))) f->warning = !strcmp(v, "1") || !strcmp(v, "true");
    if ((v = gw_req_query(r, "extension_pending"))) f->extension_pending = !strcmp(v, "1") || !strcmp(v, "true");
    if ((v = gw_req_query(r, "low_rating"))) f->low_rating = !strcmp(v, "1") || !strcmp(v, "true");
    if ((v = gw_req_query(r, "urged"))) f->urged = !strcmp(v, "1") || !strcmp(v, "true");
    if ((v = gw_req_query(r, "revisit"))) {
        if (strcmp(v, "pending")) return gw_fail(r, GW_E_INVALID, "revisit must be pending");
        f->revisit_pending = 1;
    }
    if ((v = gw_req_query(r, "needs_location"))) {
        if (strcmp(v, "1") && strcmp(v, "true") && strcmp(v, "0") && strcmp(v, "false"))
            return gw_fail(r, GW_E_INVALID, "needs_location must be 1 or 0");
        f->needs_location = !strcmp(v, "1") || !strcmp(v, "true");
    }
    if ((v = gw_req_query(r, "q"))) {
        gw_err e = gw_json_check_text("q", v, 0, GW_SEARCH_MAX, r->err_msg, sizeof r->err_msg);
        if (!e) e = search_of(r, v, f);
        if (e) return e;
    }
    if ((v = gw_req_query(r, "division_id"))) {
        int64_t d = gw_parse_id(v);
        gw_err e = d ? gw_store_division_path(db, d, path, 128) : GW_E_NOT_FOUND;
        if (e == GW_E_NOT_FOUND) return gw_fail(r, GW_E_INVALID, "division_id does not name a division");
        if (e) return e;
        f->division_path = path;
    }
    return GW_OK;
}

gw_err api_ticket_list(gw_req *r)
{
    gw_ticket_filter f;
    char path[128];
    json_t *items = NULL;
    int64_t next = 0;
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_err e = api_ticket_filter(r, db, &f, path);
    if (!e && gw_req_query(r, "ids")) e = gw_fail(r, GW_E_INVALID, "unknown query parameter '%s'", "ids");
    if (!e) e = gw_ticket_list_json(db, &r->who, &f, &items, &next);
    gw_store_read_end(r->store, db);
    if (e) return e;
    return gw_reply(r, 200, json_pack("{s:o,s:o}", "items", items, "next_cursor", gw_json_id(next)));
}

/* ---- create ----------------------------------------------------------------------------- */

gw_err api_photos_from(gw_req *r, json_t *arr, const char **photos, int *n)
{
    *n = 0;
    if (!arr) return GW_OK;
    if (!json_is_array(arr) || json_array_size(arr) > GW_MAX_PHOTOS)
        return gw_fail(r, GW_E_INVALID, "photos must be an array of at most %d sha256 strings", GW_MAX_PHOTOS);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        const char *s = json_string_value(v);
        if (!s || strlen(s) != 64 || strspn(s, "0123456789abcdef") != 64)
            return gw_fail(r, GW_E_INVALID, "photos[%zu] is not a sha256 returned by /api/v1/files", i);
        photos[(*n)++] = s;
    }
    return GW_OK;
}

gw_err api_read_location(gw_req *r, json_t *loc, const char *coord, gw_report *rep)
{
    if (!loc) return GW_OK;
    double lon, lat;
    json_error_t je;
    if (json_unpack_ex(loc, &je, JSON_STRICT, "{s:F,s:F}", "lon", &lon, "lat", &lat))
        return gw_fail(r, GW_E_INVALID, "location: %s", je.text);
    if (coord && strcmp(coord, "wgs84") && strcmp(coord, "gcj02"))
        return gw_fail(r, GW_E_INVALID, "coord must be wgs84 or gcj02");
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90))
        return gw_fail(r, GW_E_INVALID, "location is out of range");
    gw_point p = { lon, lat };
    if (coord && !strcmp(coord, "gcj02")) p = gw_geo_gcj02_to_wgs84(p);
    rep->has_location = 1;
    rep->lon = p.lon;
    rep->lat = p.lat;
    return GW_OK;
}

gw_err api_ticket_create(gw_req *r)
{
    json_t *body, *loc = NULL, *photos = NULL;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    gw_report rep = { 0 };
    json_int_t cat = -1, div = 0, urg = 0; /* cat -1: absent */
    const char *coord = NULL, *cat_code = NULL;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg,
                       "{s?I,s?s,s:s,s?o,s?s,s?I,s?s,s?I,s?s,s?s,s?o,s?s}",
                       "category_id", &cat, "category_code", &cat_code, "description", &rep.description,
                       "location", &loc, "coord", &coord, "division_id", &div, "address", &rep.address,
                       "urgency", &urg, "reporter_name", &rep.reporter_name, "reporter_phone", &rep.reporter_phone,
                       "photos", &photos, "request_type", &rep.request_type);
    if (!e) e = api_read_location(r, loc, coord, &rep);
    if (!e) e = api_photos_from(r, photos, rep.photos, &rep.n_photos);
    gw_intake_class cls; /* no category: the classifier's (ops/review_api.h) */
    if (!e) e = api_report_category(r, cat_code, &cat, &rep, &cls);
    if (!e && (urg < 0 || urg > 3)) e = gw_fail(r, GW_E_INVALID, "urgency must be 1, 2 or 3");
    if (!e && div < 0) e = gw_fail(r, GW_E_INVALID, "division_id must be positive");
    if (e) { json_decref(body); return e; }
    rep.category_id = cat;
    rep.division_id = div;
    rep.urgency = (int)urg;
    rep.source = r->who.role == GW_R_GRID_WORKER ? "grid_worker"
               : r->who.role == GW_R_HOTLINE_OPERATOR ? "hotline" : "staff";
    gw_ticket_row *row = malloc(sizeof *row);
    e = row ? gw_ticket_report(r->store, &r->who, &rep, row, r->err_msg, sizeof r->err_msg) : GW_E_NOMEM;
    json_decref(body);
    json_t *o = NULL;
    if (!e) {
        gw_db *db = gw_store_read_begin(r->store);
        o = db ? gw_ticket_view(db, row, &r->who, 0) : NULL;
        gw_store_read_end(r->store, db);
    }
    free(row);
    if (e) return e;
    return gw_reply(r, 201, o);
}

/* ---- actions ----------------------------------------------------------------------------- */

/* Answer an action or a placement with the caller's view of the ticket now. */
static gw_err reply_ticket(gw_req *r, gw_err e, gw_ticket_row *row)
{
    json_t *o = NULL;
    if (!e) {
        gw_db *db = gw_store_read_begin(r->store);
        o = db ? gw_ticket_view(db, row, &r->who, 0) : NULL;
        gw_store_read_end(r->store, db);
    }
    free(row);
    if (e) return e;
    return gw_reply(r, 200, o);
}

/* "locate": the dispatcher sets the place of a ticket (待定位) by a point or a division. */
static gw_err locate(gw_req *r, int64_t id, json_t *loc, const char *coord, json_int_t div, gw_place *p)
{
    gw_report where = { 0 };
    gw_err e = api_read_location(r, loc, coord, &where);
    if (e) return e;
    if (div < 0) return gw_fail(r, GW_E_INVALID, "division_id must be positive");
    p->has_location = where.has_location;
    p->lon = where.lon;
    p->lat = where.lat;
    p->division_id = div;
    gw_ticket_row *row = malloc(sizeof *row);
    e = row ? gw_ticket_locate(r->store, &r->who, id, p, row, r->err_msg, sizeof r->err_msg) : GW_E_NOMEM;
    return reply_ticket(r, e, row);
}

/* verify_onsite's fields: result "pass"|"fail" (required there, refused elsewhere) and after_photos. */
static gw_err onsite_fields(gw_req *r, int kind, const char *result, json_t *after, gw_act *act)
{
    if (kind != GW_A_VERIFY_ONSITE)
        return result || after ? gw_fail(r, GW_E_INVALID, "result and after_photos belong to verify_onsite") : GW_OK;
    act->result = !result ? 0 : !strcmp(result, "pass") ? GW_ONSITE_PASS : !strcmp(result, "fail") ? GW_ONSITE_FAIL : 0;
    if (!act->result) return gw_fail(r, GW_E_INVALID, "result must be pass or fail");
    return api_photos_from(r, after, act->after, &act->n_after);
}

/* "kb_ids": the knowledge-base articles an answer cites, at most GW_MAX_KB_CITES positive ids. */
static gw_err kb_ids_from(gw_req *r, json_t *arr, gw_act *act)
{
    if (!arr) return GW_OK;
    if (!json_is_array(arr) || json_array_size(arr) > GW_MAX_KB_CITES)
        return gw_fail(r, GW_E_INVALID, "kb_ids must be an array of at most %d article ids", GW_MAX_KB_CITES);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *v = json_array_get(arr, i);
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return gw_fail(r, GW_E_INVALID, "kb_ids must be positive article ids");
        act->kb_ids[act->n_kb++] = json_integer_value(v);
    }
    return GW_OK;
}

gw_err api_ticket_action(gw_req *r)
{
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such ticket");
    json_t *body, *photos = NULL, *loc = NULL, *after = NULL, *kb = NULL;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    const char *action, *coord = NULL, *result = NULL;
    gw_act act = { 0 };
    json_int_t unit = 0, days = 0, version = 0, div = 0;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:s,s?s,s?s,s?I,s?I,s?o,s?I,s?o,s?s,s?I,s?s,s?o,s?o}",
                       "action", &action, "note", &act.note, "public_reply", &act.public_reply, "unit_id", &unit,
                       "days", &days, "photos", &photos, "version", &version, "location", &loc, "coord", &coord,
                       "division_id", &div, "result", &result, "after_photos", &after, "kb_ids", &kb);
    if (!e && !strcmp(action, "locate")) {
        gw_place p = { .note = act.note, .public_reply = act.public_reply, .expect_version = version };
        e = version < 0 ? gw_fail(r, GW_E_INVALID, "version must be positive") : locate(r, id, loc, coord, div, &p);
        json_decref(body);
        return e;
    }
    int kind = e ? -1 : gw_action_parse(action);
    if (!e && kind < 0) e = gw_fail(r, GW_E_INVALID, "unknown action '%.32s'", action);
    if (!e && (loc || coord || div)) e = gw_fail(r, GW_E_INVALID, "location, coord and division_id belong to locate");
    if (!e && (unit < 0 || days < 0 || days > GW_EXTEND_DAYS_MAX || version < 0))
        e = gw_fail(r, GW_E_INVALID, "unit_id, days (1-90) and version must be positive");
    if (!e) e = onsite_fields(r, kind, result, after, &act);
    if (!e) e = api_photos_from(r, photos, act.photos, &act.n_photos);
    if (!e && kb && kind != GW_A_ANSWER) e = gw_fail(r, GW_E_INVALID, "kb_ids belong to answer");
    if (!e) e = kb_ids_from(r, kb, &act);
    if (e) { json_decref(body); return e; }
    act.kind = (gw_action_kind)kind;
    act.unit_id = unit;
    act.days = (int32_t)days;
    act.expect_version = version;
    gw_ticket_row *row = malloc(sizeof *row);
    e = row ? gw_ticket_act(r->store, &r->who, id, &act, row, r->err_msg, sizeof r->err_msg) : GW_E_NOMEM;
    json_decref(body);
    return reply_ticket(r, e, row);
}
