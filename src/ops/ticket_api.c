/* ops/ticket_api.c — tickets: list, create, read, act, timeline, reporter contact, photos. */
#include "core/api.h"
#include "core/model.h"
#include "base/clock.h"
#include "base/geo.h"
#include "base/log.h"
#include "base/str.h"
#include "core/audit.h"
#include "json/reply.h"
#include "ops/ticket_svc.h"
#include "core/auth_store.h"
#include "core/model_store.h"
#include "ops/catalogue_store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

static int want_gcj(gw_req *r)
{
    const char *c = gw_req_query(r, "coord");
    return c && !strcmp(c, "gcj02");
}

/* The full view of a ticket for staff in scope (reporter masked: see /reporter), except the
 * caller-dependent "actions" (see actions_json). */
static json_t *ticket_json(gw_db *db, const gw_ticket_row *t, int gcj)
{
    char code[16], cname[128], uname[128], masked_name[64], masked_phone[32];
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
    if (t->has_location) {
        gw_point p = { t->lon, t->lat };
        if (gcj) p = gw_geo_wgs84_to_gcj02(p);
        json_object_set_new(o, "location", json_pack("{s:f,s:f,s:s}", "lon", p.lon, "lat", p.lat, "coord", gcj ? "gcj02" : "wgs84"));
    }
    json_object_set_new(o, "unit", t->t.unit_id ? json_pack("{s:I,s:s}", "id", (json_int_t)t->t.unit_id, "name", uname) : json_null());
    json_t *cc = NULL;
    if (gw_store_ticket_cc(db, t->id, &cc) == GW_OK) json_object_set_new(o, "cc_units", cc);
    json_t *photos = NULL;
    if (gw_store_ticket_photos(db, t->id, &photos) == GW_OK) json_object_set_new(o, "photos", photos);
    json_object_set_new(o, "reporter", json_pack("{s:o,s:o}", "name", gw_json_str(masked_name[0] ? masked_name : NULL),
                                                 "phone", gw_json_str(masked_phone[0] ? masked_phone : NULL)));
    json_object_set_new(o, "rule_id", gw_json_id(t->rule_id));
    json_object_set_new(o, "deadlines", json_pack("{s:o,s:o,s:o,s:o}", "dispatch", gw_json_time(t->t.dispatch_due_ms),
        "handle", gw_json_time(t->t.handle_due_ms), "verify", gw_json_time(t->t.verify_due_ms), "running", gw_json_time(t->due_ms)));
    json_object_set_new(o, "warning", json_boolean(t->warn_flag));
    json_object_set_new(o, "overdue", json_boolean(t->overdue_flag));
    json_object_set_new(o, "extension_pending_days", json_integer(t->t.ext_pending_days));
    json_object_set_new(o, "counts", json_pack("{s:i,s:i,s:i}", "rework", t->t.rework_count, "return", t->t.return_count,
                                               "extension", t->t.extension_count));
    json_object_set_new(o, "rating", t->t.rating ? json_pack("{s:i,s:o}", "score", t->t.rating, "comment",
                                                             gw_json_str(t->rating_comment[0] ? t->rating_comment : NULL))
                                                 : json_null());
    json_object_set_new(o, "created_at", gw_json_time(t->created_ms));
    json_object_set_new(o, "updated_at", gw_json_time(t->updated_ms));
    json_object_set_new(o, "closed_at", gw_json_time(t->t.closed_at_ms));
    if (t->t.state == GW_T_ACCEPTED || t->t.state == GW_T_RETURNED || t->t.state == GW_T_REPORTED) {
        gw_route_rule rule;
        if (gw_ticket_route(db, t->category_id, t->division_id, &rule) == GW_OK) {
            char un[128];
            gw_store_unit_name(db, rule.unit_id, un, sizeof un);
            json_object_set_new(o, "routing_suggestion", json_pack("{s:o,s:I,s:s,s:s,s:b}", "rule_id", gw_json_id(rule.id),
                "unit_id", (json_int_t)rule.unit_id, "unit_name", un, "mode", rule.mode == GW_ROUTE_AUTO ? "auto" : "review",
                "fallback", rule.id == 0));
        }
    }
    return o;
}

/* The actions `who` may take on t now: the buttons a console shows. */
static json_t *actions_json(const gw_ticket *t, const gw_principal *who)
{
    json_t *acts = json_array();
    gw_actor actor = { who->role, who->user_id, who->unit_id };
    for (int k = 0; k < GW_A__COUNT; k++)
        if (k != GW_A_RATE && gw_ticket_can(t, (gw_action_kind)k, &actor))
            json_array_append_new(acts, json_string(gw_action_name((gw_action_kind)k)));
    return acts;
}

static json_t *ticket_view(gw_db *db, const gw_ticket_row *t, const gw_principal *who, int gcj)
{
    json_t *o = ticket_json(db, t, gcj);
    if (o) json_object_set_new(o, "actions", actions_json(&t->t, who));
    return o;
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
    int64_t cc[GW_ROUTE_MAX_CC];
    int n_cc;
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
    if (!err) err = gw_store_ticket_cc_ids(db, id, e->cc, GW_ROUTE_MAX_CC, &e->n_cc);
    json_t *o = err ? NULL : ticket_json(db, row, 0);
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
        json_t *o = e ? NULL : ticket_view(db, row, &r->who, 1);
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
    if (e == GW_E_NOT_FOUND || (!e && !gw_ticket_may_see(&r->who, v.div_path, v.t.unit_id, v.reporter_user_id, v.cc, v.n_cc))) {
        if (!e) free(v.body);
        return gw_fail(r, GW_E_NOT_FOUND, "no ticket %lld in your scope", (long long)id);
    }
    if (e) return e;
    json_t *acts = actions_json(&v.t, &r->who);
    char *list = json_dumps(acts, JSON_COMPACT);
    json_decref(acts);
    gw_buf b = { 0 };
    gw_buf_append(&b, v.body, v.len);
    gw_buf_printf(&b, ",\"actions\":%s}", list ? list : "[]");
    free(list);
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
    if (!e) e = gw_store_timeline_list(db, row->id, 0, &items);
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
    if (!e && r->who.role == GW_R_UNIT_HANDLER && row->t.unit_id != r->who.unit_id)
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

/* Read the list filters from the query string into *f (division subtree resolved into path,
 * which must hold 128 bytes). Fails the request on a bad value. */
static gw_err read_filter(gw_req *r, gw_db *db, gw_ticket_filter *f, char *path)
{
    static const char *const keys[] = { "status", "category_id", "unit_id", "cursor", "limit", "source", "from", "to",
        "overdue", "warning", "extension_pending", "needs_location", "q", "division_id", NULL };
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
    if ((v = gw_req_query(r, "from")) && gw_clock_parse(v, &f->from_ms))
        return gw_fail(r, GW_E_INVALID, "from must be an ISO 8601 date or time");
    if ((v = gw_req_query(r, "to")) && gw_clock_parse(v, &f->to_ms))
        return gw_fail(r, GW_E_INVALID, "to must be an ISO 8601 date or time");
    if ((v = gw_req_query(r, "overdue"))) f->overdue = !strcmp(v, "1") || !strcmp(v, "true");
    if ((v = gw_req_query(r, "warning"))) f->warning = !strcmp(v, "1") || !strcmp(v, "true");
    if ((v = gw_req_query(r, "extension_pending"))) f->extension_pending = !strcmp(v, "1") || !strcmp(v, "true");
    if ((v = gw_req_query(r, "needs_location"))) {
        if (strcmp(v, "1") && strcmp(v, "true") && strcmp(v, "0") && strcmp(v, "false"))
            return gw_fail(r, GW_E_INVALID, "needs_location must be 1 or 0");
        f->needs_location = !strcmp(v, "1") || !strcmp(v, "true");
    }
    if ((v = gw_req_query(r, "q"))) {
        gw_err e = gw_json_check_text("q", v, 0, 100, r->err_msg, sizeof r->err_msg);
        if (e) return e;
        f->q = v;
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
    gw_err e = read_filter(r, db, &f, path);
    if (!e) e = gw_store_ticket_list(db, &r->who, &f, &items, &next);
    gw_store_read_end(r->store, db);
    if (e) return e;
    return gw_reply(r, 200, json_pack("{s:o,s:o}", "items", items, "next_cursor", gw_json_id(next)));
}

/* ---- export ------------------------------------------------------------------------------- */

#define EXPORT_MAX_ROWS 10000

static const char *state_zh(const char *s)
{
    static const char *names[][2] = { { "reported", "待受理" }, { "accepted", "待派单" }, { "dispatched", "待签收" },
        { "signed", "处置中" }, { "returned", "已退单" }, { "suspended", "挂账" }, { "handled", "待核查" },
        { "closed", "已结案" }, { "invalid", "已作废" } };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) if (!strcmp(s, names[i][0])) return names[i][1];
    return s;
}

/* An ISO UTC string from the API as Beijing time "YYYY-MM-DD HH:MM". */
static void cst_text(json_t *iso, char *out, size_t n)
{
    int64_t ms;
    out[0] = 0;
    if (!json_is_string(iso) || gw_clock_parse(json_string_value(iso), &ms)) return;
    char w3c[40];
    gw_clock_w3c_cst(ms, w3c, sizeof w3c);
    snprintf(out, n, "%.10s %.5s", w3c, w3c + 11);
}

static const char *str_or(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

typedef struct { int64_t actor; char detail[256]; } export_audit;

static gw_err op_audit_export(gw_db *tx, void *p)
{
    export_audit *a = p;
    return gw_audit_append(tx, gw_now_ms(), a->actor, "tickets.export", "tickets", a->detail);
}

/* The rows the list's filters select for the caller, at most EXPORT_MAX_ROWS (a new array). */
static gw_err export_rows(gw_req *r, json_t **out)
{
    gw_ticket_filter f;
    char path[128];
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_err e = read_filter(r, db, &f, path);
    json_t *rows = json_array();
    while (!e && json_array_size(rows) < EXPORT_MAX_ROWS) {
        json_t *items = NULL;
        int64_t next = 0;
        f.limit = 200;
        if ((e = gw_store_ticket_list(db, &r->who, &f, &items, &next))) break;
        json_array_extend(rows, items);
        json_decref(items);
        if (!next) break;
        f.cursor = next;
    }
    gw_store_read_end(r->store, db);
    if (e) { json_decref(rows); return e; }
    *out = rows;
    return GW_OK;
}

/* One ticket summary as sheet row y, in the order of the header. */
static void export_row(lxw_worksheet *ws, lxw_row_t y, json_t *t)
{
    char due[32], created[32], updated[32];
    cst_text(json_object_get(t, "due_at"), due, sizeof due);
    cst_text(json_object_get(t, "created_at"), created, sizeof created);
    cst_text(json_object_get(t, "updated_at"), updated, sizeof updated);
    json_t *cat = json_object_get(t, "category");
    worksheet_write_number(ws, y, 0, (double)json_integer_value(json_object_get(t, "id")), NULL);
    worksheet_write_string(ws, y, 1, str_or(t, "track_code"), NULL);
    worksheet_write_string(ws, y, 2, state_zh(str_or(t, "state")), NULL);
    worksheet_write_string(ws, y, 3, str_or(cat, "code"), NULL);
    worksheet_write_string(ws, y, 4, str_or(cat, "name"), NULL);
    worksheet_write_string(ws, y, 5, str_or(t, "division_name"), NULL);
    worksheet_write_string(ws, y, 6, str_or(t, "address"), NULL);
    worksheet_write_string(ws, y, 7, str_or(t, "description"), NULL);
    worksheet_write_number(ws, y, 8, (double)json_integer_value(json_object_get(t, "urgency")), NULL);
    worksheet_write_string(ws, y, 9, str_or(t, "unit_name"), NULL);
    worksheet_write_string(ws, y, 10, str_or(t, "reporter_name"), NULL);
    worksheet_write_string(ws, y, 11, str_or(t, "source"), NULL);
    worksheet_write_string(ws, y, 12, due, NULL);
    worksheet_write_string(ws, y, 13, json_is_true(json_object_get(t, "warning")) ? "是" : "", NULL);
    worksheet_write_string(ws, y, 14, json_is_true(json_object_get(t, "overdue")) ? "是" : "", NULL);
    worksheet_write_string(ws, y, 15, created, NULL);
    worksheet_write_string(ws, y, 16, updated, NULL);
    json_int_t rating = json_integer_value(json_object_get(t, "rating"));
    if (rating) worksheet_write_number(ws, y, 17, (double)rating, NULL);
}

/* The filtered list (reporters masked, at most EXPORT_MAX_ROWS) as an .xlsx workbook. */
gw_err api_ticket_export(gw_req *r)
{
    json_t *rows = NULL;
    gw_err e = export_rows(r, &rows);
    if (e) return e;

    char file[] = "/tmp/gridwork-export-XXXXXX";
    int fd = mkstemp(file);
    if (fd < 0) { json_decref(rows); return gw_fail(r, GW_E_IO, "cannot create the export file"); }
    close(fd);
    lxw_workbook *wb = workbook_new(file);
    lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "案件") : NULL;
    if (!ws) { workbook_close(wb); unlink(file); json_decref(rows); return GW_E_NOMEM; }
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    static const char *head[] = { "编号", "查询码", "状态", "类别编码", "类别", "网格", "地址", "描述", "紧急程度",
                                  "处置单位", "上报人", "来源", "当前期限", "预警", "超时", "上报时间", "更新时间", "评价" };
    for (lxw_col_t c = 0; c < sizeof head / sizeof *head; c++) worksheet_write_string(ws, 0, c, head[c], bold);
    worksheet_set_column(ws, 7, 7, 60, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    size_t i;
    json_t *t;
    json_array_foreach(rows, i, t) export_row(ws, (lxw_row_t)(i + 1), t);
    size_t n_rows = json_array_size(rows);
    json_decref(rows);
    lxw_error xe = workbook_close(wb);
    FILE *fp = xe == LXW_NO_ERROR ? fopen(file, "rb") : NULL;
    char *data = NULL;
    long len = -1;
    if (fp && !fseek(fp, 0, SEEK_END) && (len = ftell(fp)) > 0 && !fseek(fp, 0, SEEK_SET) &&
        (data = malloc((size_t)len)) && fread(data, 1, (size_t)len, fp) != (size_t)len) {
        free(data);
        data = NULL;
    }
    if (fp) fclose(fp);
    unlink(file);
    if (!data) return gw_fail(r, GW_E_IO, "could not write the workbook");
    export_audit a = { r->who.user_id, "" };
    snprintf(a.detail, sizeof a.detail, "rows=%zu", n_rows);
    if ((e = gw_store_write(r->store, op_audit_export, &a))) { free(data); return e; }
    gw_req_add_header(r, "Content-Disposition", "attachment; filename=\"tickets.xlsx\"");
    return gw_reply_raw(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, (size_t)len);
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

gw_err api_category_of(gw_req *r, const char *code, json_int_t *id)
{
    if (code) {
        gw_db *db = gw_store_read_begin(r->store);
        gw_category_row c;
        gw_err e = !db ? GW_E_IO
                 : gw_store_category_by_code(db, code, &c) == GW_OK ? GW_OK
                 : gw_fail(r, GW_E_INVALID, "unknown category_code '%.16s'", code);
        gw_store_read_end(r->store, db);
        if (e) return e;
        *id = c.id;
    }
    return *id > 0 ? GW_OK : gw_fail(r, GW_E_INVALID, "category_id or category_code is required");
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
    json_int_t cat = 0, div = 0, urg = 0;
    const char *coord = NULL, *cat_code = NULL;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg,
                       "{s?I,s?s,s:s,s?o,s?s,s?I,s?s,s?I,s?s,s?s,s?o}",
                       "category_id", &cat, "category_code", &cat_code, "description", &rep.description,
                       "location", &loc, "coord", &coord, "division_id", &div, "address", &rep.address,
                       "urgency", &urg, "reporter_name", &rep.reporter_name, "reporter_phone", &rep.reporter_phone,
                       "photos", &photos);
    if (!e) e = api_read_location(r, loc, coord, &rep);
    if (!e) e = api_photos_from(r, photos, rep.photos, &rep.n_photos);
    if (!e) e = api_category_of(r, cat_code, &cat);
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
        o = db ? ticket_view(db, row, &r->who, 0) : NULL;
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
        o = db ? ticket_view(db, row, &r->who, 0) : NULL;
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

gw_err api_ticket_action(gw_req *r)
{
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such ticket");
    json_t *body, *photos = NULL, *loc = NULL;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    const char *action, *coord = NULL;
    gw_act act = { 0 };
    json_int_t unit = 0, days = 0, version = 0, div = 0;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:s,s?s,s?s,s?I,s?I,s?o,s?I,s?o,s?s,s?I}",
                       "action", &action, "note", &act.note, "public_reply", &act.public_reply, "unit_id", &unit,
                       "days", &days, "photos", &photos, "version", &version, "location", &loc, "coord", &coord,
                       "division_id", &div);
    if (!e && !strcmp(action, "locate")) {
        gw_place p = { .note = act.note, .public_reply = act.public_reply, .expect_version = version };
        e = version < 0 ? gw_fail(r, GW_E_INVALID, "version must be positive") : locate(r, id, loc, coord, div, &p);
        json_decref(body);
        return e;
    }
    int kind = e ? -1 : gw_action_parse(action);
    if (!e && kind < 0) e = gw_fail(r, GW_E_INVALID, "unknown action '%.32s'", action);
    if (!e && (loc || coord || div)) e = gw_fail(r, GW_E_INVALID, "location, coord and division_id belong to locate");
    if (!e && (unit < 0 || days < 0 || days > 90 || version < 0))
        e = gw_fail(r, GW_E_INVALID, "unit_id, days (1-90) and version must be positive");
    if (!e) e = api_photos_from(r, photos, act.photos, &act.n_photos);
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

/* ---- photos ------------------------------------------------------------------------------- */

/* The type by content, not by name or header: JPEG, PNG or WebP; NULL otherwise. */
static const char *sniff_image(const unsigned char *p, size_t n)
{
    if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return "image/jpeg";
    if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) return "image/png";
    if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4)) return "image/webp";
    return NULL;
}

static void file_path(const gw_req *r, const char *sha, char *out, size_t n)
{
    snprintf(out, n, "%s/%.2s/%s", r->cfg->data_dir, sha, sha);
}

typedef struct { const char *sha, *mime; int64_t size, uploader; } att_arg;

/* The attachment and who uploaded it (0: the public path), in one transaction. */
static gw_err op_attachment(gw_db *tx, void *p)
{
    att_arg *a = p;
    int64_t now = gw_now_ms();
    gw_err e = gw_store_attachment_put(tx, a->sha, a->mime, a->size, now);
    return e ? e : gw_store_upload_put(tx, a->sha, a->uploader, now);
}

/* Write data to path atomically (temp file, fsync, rename). */
static gw_err write_file(const char *path, const void *data, size_t n)
{
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0640);
    if (fd < 0) return GW_E_IO;
    const char *c = data;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, c + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { close(fd); unlink(tmp); return GW_E_IO; }
        done += (size_t)w;
    }
    if (fsync(fd) || close(fd) || rename(tmp, path)) { unlink(tmp); return GW_E_IO; }
    return GW_OK;
}

gw_err api_file_upload(gw_req *r)
{
    const unsigned char *p = (const unsigned char *)r->body;
    const char *mime = sniff_image(p, r->body_len);
    if (!r->body_len) return gw_fail(r, GW_E_INVALID, "send the image as the request body");
    if (!mime) return gw_fail(r, GW_E_UNSUPPORTED, "only JPEG, PNG and WebP images are accepted");
    unsigned char h[crypto_hash_sha256_BYTES];
    char sha[65], dir[1024], path[1100];
    crypto_hash_sha256(h, p, r->body_len);
    for (size_t i = 0; i < sizeof h; i++) snprintf(sha + 2 * i, 3, "%02x", h[i]);
    snprintf(dir, sizeof dir, "%s/%.2s", r->cfg->data_dir, sha);
    file_path(r, sha, path, sizeof path);
    struct stat sb;
    if (stat(path, &sb) != 0) { /* content-addressed: the same photo twice is stored once */
        if ((mkdir(r->cfg->data_dir, 0750) && errno != EEXIST) || (mkdir(dir, 0750) && errno != EEXIST) ||
            write_file(path, p, r->body_len)) {
            gw_error("photo store: cannot write %s: %s", path, strerror(errno));
            return gw_fail(r, GW_E_IO, "cannot store the photo");
        }
    }
    /* the public path records no user even when a staff session cookie comes along: its photos go
     * with public reports, which are made without one */
    int public_path = !strncmp(r->path, "/api/v1/public/", 15);
    att_arg a = { sha, mime, (int64_t)r->body_len, public_path || !r->authed ? 0 : r->who.user_id };
    gw_err e = gw_store_write(r->store, op_attachment, &a);
    if (e) return e;
    return gw_reply(r, 201, json_pack("{s:s,s:s,s:I,s:s+}", "sha256", sha, "mime", mime, "size",
                                      (json_int_t)r->body_len, "url", "/api/v1/files/", sha));
}

gw_err api_file_get(gw_req *r)
{
    const char *sha = r->params[0];
    if (!sha || strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64) return gw_fail(r, GW_E_NOT_FOUND, "no such file");
    char mime[64], path[1100];
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_attachment_mime(db, sha, mime, sizeof mime);
    int visible = !e && gw_photo_may_read(db, &r->who, sha);
    gw_store_read_end(r->store, db);
    if (!visible) return gw_fail(r, GW_E_NOT_FOUND, "no such file");
    file_path(r, sha, path, sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f) return gw_fail(r, GW_E_NOT_FOUND, "no such file");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = n > 0 ? malloc((size_t)n) : NULL;
    size_t got = data ? fread(data, 1, (size_t)n, f) : 0;
    fclose(f);
    if (!data || got != (size_t)n) { free(data); return GW_E_IO; }
    static const char *types[] = { "image/jpeg", "image/png", "image/webp" };
    const char *type = "application/octet-stream";
    for (int i = 0; i < 3; i++) if (!strcmp(mime, types[i])) type = types[i];
    gw_req_add_header(r, "Cache-Control", "private, max-age=86400, immutable");
    return gw_reply_raw(r, 200, type, data, (size_t)n);
}
