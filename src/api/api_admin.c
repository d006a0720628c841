/* api/api_admin.c — configuration: divisions and grids, units, categories, routing rules and
 * users. Reads are for staff, writes for the administrator (the route table enforces roles; the
 * writes check again). Every write runs as one store operation that also appends its audit
 * record, so the change and its audit commit together or not at all. */
#include "api/api.h"
#include "base/str.h"
#include "base/clock.h"
#include "base/geo.h"
#include "core/audit.h"
#include "json/geojson.h"
#include "json/reply.h"
#include "ops/ticket_svc.h"
#include "store/store_core.h"
#include "store/store_model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HOURS 8760       /* SLA windows: 1 hour .. 1 year */
#define NAME_MAX_CHARS 64    /* division, unit and category names */
#define USER_NAME_MAX 32     /* usernames: ASCII */
#define DISPLAY_MAX_CHARS 20 /* users' display names */
#define PASSWORD_MIN 8
#define PASSWORD_MAX 128     /* bytes */

/* ---- request helpers ----------------------------------------------------------------------- */

/* The {id} of the path; anything but a positive integer names nothing (404). */
static gw_err path_id(gw_req *r, const char *what, int64_t *id)
{
    if (r->n_params < 1 || !(*id = gw_parse_id(r->params[0]))) return gw_fail(r, GW_E_NOT_FOUND, "no such %s", what);
    return GW_OK;
}

/* A finite decimal number with nothing around it. */
static int parse_double(const char *s, double *out)
{
    if (!s || !*s || strlen(s) > 32) return 0;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || !isfinite(v)) return 0;
    *out = v;
    return 1;
}

/* lon, lat and optional coord=wgs84|gcj02 from the query string, as WGS-84. */
static gw_err query_point(gw_req *r, gw_point *p)
{
    const char *slon = gw_req_query(r, "lon"), *slat = gw_req_query(r, "lat"), *coord = gw_req_query(r, "coord");
    if (!slon || !slat) return gw_fail(r, GW_E_INVALID, "lon and lat are required");
    if (!parse_double(slon, &p->lon) || !parse_double(slat, &p->lat) || !gw_geo_valid(p->lon, p->lat))
        return gw_fail(r, GW_E_INVALID, "lon must be a number in -180..180 and lat in -90..90");
    if (coord && strcmp(coord, "gcj02") == 0) *p = gw_geo_gcj02_to_wgs84(*p);
    else if (coord && strcmp(coord, "wgs84") != 0) return gw_fail(r, GW_E_INVALID, "coord must be wgs84 or gcj02");
    return GW_OK;
}

/* A flag in the query string: absent = dflt; "1"/"true" or "0"/"false". -1 when malformed. */
static int query_flag(gw_req *r, const char *key, int dflt)
{
    const char *v = gw_req_query(r, key);
    if (!v) return dflt;
    if (!strcmp(v, "1") || !strcmp(v, "true")) return 1;
    if (!strcmp(v, "0") || !strcmp(v, "false")) return 0;
    return -1;
}

static gw_err require_admin(gw_req *r)
{
    if (r->who.role != GW_R_ADMIN) return gw_fail(r, GW_E_FORBIDDEN, "only the administrator may change configuration");
    return GW_OK;
}

static int has_control_chars(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) return 1;
    return 0;
}

/* A required (or optional, when !required and s is NULL) single-line text field of at most
 * max characters that also fits a buffer of bufn bytes. */
static gw_err check_text(gw_req *r, const char *field, const char *s, int required, size_t max, size_t bufn)
{
    char msg[200];
    if (!required && !s) return GW_OK;
    gw_err e = gw_json_check_text(field, s, 1, max, msg, sizeof msg);
    if (e) return gw_fail(r, e, "%s", msg);
    if (strlen(s) >= bufn) return gw_fail(r, GW_E_INVALID, "%s is too long", field);
    if (has_control_chars(s)) return gw_fail(r, GW_E_INVALID, "%s must not contain control characters", field);
    return GW_OK;
}

/* Codes of divisions and units: ASCII letters, digits, '_' and '-'. */
static gw_err check_code(gw_req *r, const char *field, const char *s, size_t bufn)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0) return gw_fail(r, GW_E_INVALID, "%s is required", field);
    if (n >= bufn) return gw_fail(r, GW_E_INVALID, "%s is longer than %zu characters", field, bufn - 1);
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-'))
            return gw_fail(r, GW_E_INVALID, "%s may contain only letters, digits, '_' and '-'", field);
    }
    return GW_OK;
}

/* Phone numbers: 3..20 of digits, '+', '-' and spaces (landlines with area codes, extensions). */
static gw_err check_phone(gw_req *r, const char *field, const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 20) return gw_fail(r, GW_E_INVALID, "%s must have 3 to 20 characters", field);
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == ' '))
            return gw_fail(r, GW_E_INVALID, "%s may contain only digits, '+', '-' and spaces", field);
    return GW_OK;
}

/* An optional integer field given as a JSON value: absent (v NULL) leaves *out and returns 0;
 * an integer in lo..hi sets *out and returns 1; null when nullable sets *out = 0 and returns 1.
 * Anything else fails the request and returns -1. */
static int opt_int(gw_req *r, const char *field, json_t *v, int64_t lo, int64_t hi, int nullable, int64_t *out)
{
    if (!v) return 0;
    if (nullable && json_is_null(v)) { *out = 0; return 1; }
    if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi) {
        gw_fail(r, GW_E_INVALID, "%s must be an integer in %lld..%lld%s", field, (long long)lo, (long long)hi,
                nullable ? " or null" : "");
        return -1;
    }
    *out = json_integer_value(v);
    return 1;
}

/* Decode the body with a strict format; on a mismatch the request fails with jansson's message. */
#define UNPACK(r, body, ...)                                                                 \
    do {                                                                                     \
        char umsg_[200];                                                                     \
        if (gw_json_unpack((body), umsg_, sizeof umsg_, __VA_ARGS__) != GW_OK) {             \
            json_decref(body);                                                               \
            return gw_fail((r), GW_E_INVALID, "%s", umsg_);                                  \
        }                                                                                    \
    } while (0)

/* Compact JSON text of obj for an audit detail (new string, free()); steals obj. */
static char *detail_of(json_t *obj)
{
    char *s = obj ? json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(obj);
    return s;
}

/* Run op in the writer; map the common failures of a write to a reply. msg is what the op said. */
static gw_err finish_write(gw_req *r, gw_err e, const char *msg, const char *what)
{
    if (e == GW_OK) {
        api_config_changed(); /* names and rules shown in ticket views may have changed */
        return GW_OK;
    }
    if (msg && *msg) return gw_fail(r, e, "%s", msg);
    switch (e) {
    case GW_E_NOT_FOUND: return gw_fail(r, e, "no such %s", what);
    case GW_E_CONFLICT: return gw_fail(r, e, "this %s conflicts with an existing one (duplicate code or name?)", what);
    case GW_E_INVALID: return gw_fail(r, e, "the %s is not valid", what);
    case GW_E_UNAVAILABLE: return gw_fail(r, e, "the server is shutting down");
    default: return gw_fail(r, e, "could not save the %s", what);
    }
}

static gw_db *read_begin(gw_req *r)
{
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) gw_fail(r, GW_E_IO, "database unavailable");
    return db;
}

/* Reply with a list wrapped as {"items": [...]}. */
static gw_err reply_items(gw_req *r, json_t *arr)
{
    return gw_reply(r, 200, json_pack("{s:o}", "items", arr));
}

/* Reply {"items": [...]} from a store list function. */
static gw_err list_reply(gw_req *r, gw_err (*list)(gw_db *, json_t **), const char *what)
{
    gw_err e = gw_req_only_query(r, NULL); /* these lists take no parameters */
    if (e) return e;
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    json_t *arr = NULL;
    e = list(db, &arr);
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "could not list %s", what);
    return reply_items(r, arr);
}

/* Audit a configuration write on "kind:id" in the same transaction. */
static gw_err audit(gw_db *tx, int64_t now, int64_t actor, const char *action, const char *kind, int64_t id,
                    const char *detail)
{
    char obj[48];
    snprintf(obj, sizeof obj, "%s:%lld", kind, (long long)id);
    return gw_audit_append(tx, now, actor, action, obj, detail);
}

/* ---- JSON of single rows ------------------------------------------------------------------- */

/* A division with its ancestry (root first, the division itself last) and fallback unit name.
 * Steals nothing; with_geom adds a copy of the geometry. */
static gw_err division_json(gw_db *db, const gw_division_row *d, int with_geom, json_t **out)
{
    int64_t chain[GW_DIV_MAX_DEPTH];
    size_t n = 0;
    gw_err e = gw_store_division_chain(db, d->id, chain, GW_DIV_MAX_DEPTH, &n);
    if (e) return e;
    json_t *anc = json_array(), *names = json_array();
    for (size_t i = n; !e && i-- > 0;) {
        gw_division_row a;
        if ((e = gw_store_division_get(db, chain[i], &a))) break;
        json_decref(a.geometry);
        json_array_append_new(anc, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)a.id, "level", a.level,
                                             "code", a.code, "name", a.name));
        json_array_append_new(names, json_string(a.name));
    }
    char fb_name[128] = "";
    if (!e && d->fallback_unit_id) {
        gw_unit_row u;
        if (gw_store_unit_get(db, d->fallback_unit_id, &u) == GW_OK) snprintf(fb_name, sizeof fb_name, "%s", u.name);
    }
    if (e) { json_decref(anc); json_decref(names); return e; }
    json_t *o = json_pack("{s:I,s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:o,s:o}",
        "id", (json_int_t)d->id, "parent_id", gw_json_id(d->parent_id), "level", d->level, "code", d->code,
        "name", d->name, "path", d->path, "fallback_unit_id", gw_json_id(d->fallback_unit_id),
        "fallback_unit_name", fb_name[0] ? json_string(fb_name) : json_null(), "has_geometry", d->geometry != NULL,
        "ancestors", anc, "path_names", names);
    if (o && with_geom) json_object_set_new(o, "geometry", d->geometry ? json_deep_copy(d->geometry) : json_null());
    if (o && d->geometry) {
        gw_shape *sh = NULL;
        if (gw_geojson_parse(d->geometry, &sh) == GW_OK) {
            double b[4];
            gw_shape_bbox(sh, &b[0], &b[1], &b[2], &b[3]);
            json_object_set_new(o, "bbox", json_pack("[f,f,f,f]", b[0], b[1], b[2], b[3]));
            json_object_set_new(o, "center", gw_geojson_point(gw_shape_centroid(sh)));
            gw_shape_free(sh);
        }
    }
    if (!o) return GW_E_NOMEM;
    *out = o;
    return GW_OK;
}

static json_t *unit_json(gw_db *db, const gw_unit_row *u)
{
    char dname[128] = "";
    gw_division_row d;
    if (u->division_id && gw_store_division_get(db, u->division_id, &d) == GW_OK) {
        snprintf(dname, sizeof dname, "%s", d.name);
        json_decref(d.geometry);
    }
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:b}", "id", (json_int_t)u->id, "code", u->code, "name", u->name,
                     "level", u->level, "division_id", gw_json_id(u->division_id),
                     "division_name", dname[0] ? json_string(dname) : json_null(),
                     "phone", u->phone[0] ? json_string(u->phone) : json_null(), "enabled", u->enabled);
}

static json_t *category_json(const gw_category_row *c)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:o,s:i,s:i,s:i,s:i,s:b,s:b}", "id", (json_int_t)c->id, "code", c->code,
                     "name", c->name, "kind", c->kind, "parent_id", gw_json_id(c->parent_id),
                     "dispatch_hours", c->dispatch_hours, "handle_hours", c->handle_hours,
                     "verify_hours", c->verify_hours, "default_urgency", c->default_urgency, "open311", c->open311,
                     "enabled", c->enabled);
}

static json_t *cc_array(const gw_route_rule *rule)
{
    json_t *a = json_array();
    for (int i = 0; a && i < rule->n_cc; i++) json_array_append_new(a, json_integer(rule->cc_unit_ids[i]));
    return a;
}

static json_t *rule_json(gw_db *db, const gw_route_rule *rule)
{
    gw_category_row c;
    gw_unit_row u;
    gw_division_row d;
    char dname[128] = "";
    int have_c = gw_store_category_get(db, rule->category_id, &c) == GW_OK;
    int have_u = gw_store_unit_get(db, rule->unit_id, &u) == GW_OK;
    if (rule->division_id && gw_store_division_get(db, rule->division_id, &d) == GW_OK) {
        snprintf(dname, sizeof dname, "%s", d.name);
        json_decref(d.geometry);
    }
    return json_pack("{s:I,s:I,s:o,s:o,s:o,s:o,s:I,s:o,s:o,s:o,s:s,s:b}", "id", (json_int_t)rule->id,
                     "category_id", (json_int_t)rule->category_id,
                     "category_code", have_c ? json_string(c.code) : json_null(),
                     "category_name", have_c ? json_string(c.name) : json_null(),
                     "division_id", gw_json_id(rule->division_id),
                     "division_name", dname[0] ? json_string(dname) : json_null(),
                     "unit_id", (json_int_t)rule->unit_id, "unit_name", have_u ? json_string(u.name) : json_null(),
                     "cc_unit_ids", cc_array(rule), "handle_hours", gw_json_id(rule->handle_ms_override / GW_MS_PER_HOUR),
                     "mode", rule->mode == GW_ROUTE_REVIEW ? "review" : "auto", "enabled", rule->enabled);
}

/* A user without the hash; the phone masked unless the caller is the administrator. */
static json_t *user_json(gw_db *db, const gw_user_row *u, int full_phone)
{
    char phone[32] = "", dname[128] = "";
    if (u->phone[0]) {
        if (full_phone) snprintf(phone, sizeof phone, "%s", u->phone);
        else gw_mask_phone(u->phone, phone, sizeof phone);
    }
    gw_division_row d;
    gw_unit_row un;
    int have_u = u->unit_id && gw_store_unit_get(db, u->unit_id, &un) == GW_OK;
    if (u->division_id && gw_store_division_get(db, u->division_id, &d) == GW_OK) {
        snprintf(dname, sizeof dname, "%s", d.name);
        json_decref(d.geometry);
    }
    return json_pack("{s:I,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:b,s:b}", "id", (json_int_t)u->id,
                     "username", u->username, "display_name", u->display_name,
                     "phone", phone[0] ? json_string(phone) : json_null(), "role", gw_role_name(u->role),
                     "division_id", gw_json_id(u->division_id),
                     "division_name", dname[0] ? json_string(dname) : json_null(),
                     "unit_id", gw_json_id(u->unit_id), "unit_name", have_u ? json_string(un.name) : json_null(),
                     "disabled", u->disabled, "demo_password", u->demo_password);
}

/* ---- divisions ----------------------------------------------------------------------------- */

static const char *const div_level_names[] = { "city", "district", "street", "community", "grid" };

static int div_level(const char *s)
{
    for (int i = 0; s && i < 5; i++)
        if (!strcmp(s, div_level_names[i])) return i;
    return -1;
}

/* Keep only the divisions of level lv in arr. */
static void keep_level(json_t *arr, int lv)
{
    for (size_t i = json_array_size(arr); i-- > 0;)
        if (div_level(json_string_value(json_object_get(json_array_get(arr, i), "level"))) != lv)
            json_array_remove(arr, i);
}

gw_err api_division_list(gw_req *r)
{
    static const char *const keys[] = { "geometry", "under", "level", NULL };
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    int geom = query_flag(r, "geometry", 0);
    if (geom < 0) return gw_fail(r, GW_E_INVALID, "geometry must be 0 or 1");
    const char *slv = gw_req_query(r, "level");
    int lv = slv ? div_level(slv) : -1;
    if (slv && lv < 0) return gw_fail(r, GW_E_INVALID, "level must be one of city district street community grid");
    const char *under = gw_req_query(r, "under");
    int64_t under_id = 0;
    if (under && !(under_id = gw_parse_id(under))) return gw_fail(r, GW_E_INVALID, "under must be a division id");
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    char path[128] = "/";
    e = under_id ? gw_store_division_path(db, under_id, path, sizeof path) : GW_OK;
    json_t *arr = NULL;
    if (!e) e = gw_store_division_list(db, path, geom, &arr);
    gw_store_read_end(r->store, db);
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "division %lld does not exist", (long long)under_id);
    if (e) return gw_fail(r, e, "could not list divisions");
    if (lv >= 0) keep_level(arr, lv);
    return reply_items(r, arr);
}

gw_err api_division_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = path_id(r, "division", &id);
    if (e) return e;
    int geom = query_flag(r, "geometry", 1);
    if (geom < 0) return gw_fail(r, GW_E_INVALID, "geometry must be 0 or 1");
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    gw_division_row d;
    json_t *o = NULL;
    e = gw_store_division_get(db, id, &d);
    if (!e) {
        e = division_json(db, &d, geom, &o);
        json_decref(d.geometry);
    }
    gw_store_read_end(r->store, db);
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "no such division");
    if (e) return gw_fail(r, e, "could not read the division");
    return gw_reply(r, 200, o);
}

/* Parse a geometry before it goes to the writer: a clear message, and no work in the writer. */
static gw_err check_geometry(gw_req *r, json_t *geom)
{
    if (!geom || json_is_null(geom)) return GW_OK;
    gw_shape *sh = NULL;
    gw_err e = gw_geojson_parse(geom, &sh);
    gw_shape_free(sh);
    if (e == GW_E_TOO_LARGE)
        return gw_fail(r, e, "geometry has more than %d positions or %d rings", GW_GEOJSON_MAX_POINTS,
                       GW_GEOJSON_MAX_RINGS);
    if (e)
        return gw_fail(r, e == GW_E_NOMEM ? e : GW_E_INVALID,
                       "geometry must be a GeoJSON Polygon or MultiPolygon with closed rings of valid [lon,lat] "
                       "positions");
    return GW_OK;
}

typedef struct {
    gw_division_row d;      /* in: fields; out: id, path */
    int64_t now, actor;
    int set_name, set_fallback, set_geometry;
    char *detail;
    char msg[200];
} div_write;

/* Checks the store would also make, here to say precisely what is wrong. */
static gw_err div_refs_check(gw_db *tx, div_write *a)
{
    if (a->d.fallback_unit_id) {
        gw_unit_row u;
        gw_err e = gw_store_unit_get(tx, a->d.fallback_unit_id, &u);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "fallback unit %lld does not exist", (long long)a->d.fallback_unit_id);
            return GW_E_INVALID;
        }
        if (e) return e;
    }
    return GW_OK;
}

static gw_err op_division_create(gw_db *tx, void *arg)
{
    div_write *a = arg;
    int lv = div_level(a->d.level);
    if (a->d.parent_id == 0 && lv != 0) {
        snprintf(a->msg, sizeof a->msg, "a %s needs a parent_id; only a city stands at the root", a->d.level);
        return GW_E_INVALID;
    }
    if (a->d.parent_id) {
        gw_division_row p;
        gw_err e = gw_store_division_get(tx, a->d.parent_id, &p);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "parent division %lld does not exist", (long long)a->d.parent_id);
            return GW_E_INVALID;
        }
        if (e) return e;
        json_decref(p.geometry);
        if (div_level(p.level) != lv - 1) {
            if (lv == 0) snprintf(a->msg, sizeof a->msg, "a city has no parent");
            else snprintf(a->msg, sizeof a->msg, "a %s must sit directly under a %s, not under a %s", a->d.level,
                          div_level_names[lv - 1], p.level);
            return GW_E_INVALID;
        }
    }
    gw_err e = div_refs_check(tx, a);
    if (e) return e;
    e = gw_store_division_insert(tx, &a->d, a->now);
    if (e == GW_E_CONFLICT) snprintf(a->msg, sizeof a->msg, "a division with code %s already exists", a->d.code);
    if (e) return e;
    return audit(tx, a->now, a->actor, "division.create", "division", a->d.id, a->detail);
}

gw_err api_division_create(gw_req *r)
{
    gw_err e = require_admin(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *level = NULL, *code = NULL, *name = NULL;
    json_t *jparent = NULL, *jfb = NULL, *geom = NULL;
    UNPACK(r, body, "{s:s, s:s, s:s, s?:o, s?:o, s?:o}", "level", &level, "code", &code, "name", &name,
           "parent_id", &jparent, "fallback_unit_id", &jfb, "geometry", &geom);
    div_write a;
    memset(&a, 0, sizeof a);
    if (div_level(level) < 0) e = gw_fail(r, GW_E_INVALID, "level must be city, district, street, community or grid");
    if (!e) e = check_code(r, "code", code, sizeof a.d.code);
    if (!e) e = check_text(r, "name", name, 1, NAME_MAX_CHARS, sizeof a.d.name);
    if (!e && opt_int(r, "parent_id", jparent, 1, INT64_MAX, 1, &a.d.parent_id) < 0) e = GW_E_INVALID;
    if (!e && opt_int(r, "fallback_unit_id", jfb, 1, INT64_MAX, 1, &a.d.fallback_unit_id) < 0) e = GW_E_INVALID;
    if (!e) e = check_geometry(r, geom);
    if (e) { json_decref(body); return e; }
    snprintf(a.d.level, sizeof a.d.level, "%s", level);
    snprintf(a.d.code, sizeof a.d.code, "%s", code);
    snprintf(a.d.name, sizeof a.d.name, "%s", name);
    a.d.geometry = geom && !json_is_null(geom) ? geom : NULL;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = detail_of(json_pack("{s:s,s:s,s:s,s:o,s:o,s:b}", "level", level, "code", code, "name", name,
                                   "parent_id", gw_json_id(a.d.parent_id),
                                   "fallback_unit_id", gw_json_id(a.d.fallback_unit_id),
                                   "geometry", a.d.geometry != NULL));
    e = gw_store_write(r->store, op_division_create, &a);
    free(a.detail);
    e = finish_write(r, e, a.msg, "division");
    if (e) { json_decref(body); return e; }

    gw_db *db = read_begin(r);
    if (!db) { json_decref(body); return GW_E_IO; }
    json_t *o = NULL;
    e = division_json(db, &a.d, 1, &o);
    gw_store_read_end(r->store, db);
    json_decref(body); /* a.d.geometry pointed into it */
    if (e) return gw_fail(r, e, "created division %lld but could not read it back", (long long)a.d.id);
    return gw_reply(r, 201, o);
}

static gw_err op_division_update(gw_db *tx, void *arg)
{
    div_write *a = arg;
    gw_division_row cur;
    gw_err e = gw_store_division_get(tx, a->d.id, &cur);
    if (e) return e;
    if (a->set_name) snprintf(cur.name, sizeof cur.name, "%s", a->d.name);
    if (a->set_fallback) cur.fallback_unit_id = a->d.fallback_unit_id;
    if (a->set_geometry) {
        json_decref(cur.geometry);
        cur.geometry = json_incref(a->d.geometry);
    }
    a->d.fallback_unit_id = cur.fallback_unit_id;
    e = div_refs_check(tx, a);
    if (!e) e = gw_store_division_update(tx, &cur);
    json_decref(cur.geometry);
    if (e) return e;
    return audit(tx, a->now, a->actor, "division.update", "division", a->d.id, a->detail);
}

gw_err api_division_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = require_admin(r);
    if (!e) e = path_id(r, "division", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *name = NULL;
    json_t *jfb = NULL, *geom = NULL;
    UNPACK(r, body, "{s?:s, s?:o, s?:o}", "name", &name, "fallback_unit_id", &jfb, "geometry", &geom);
    div_write a;
    memset(&a, 0, sizeof a);
    a.d.id = id;
    e = check_text(r, "name", name, 0, NAME_MAX_CHARS, sizeof a.d.name);
    int fb = e ? 0 : opt_int(r, "fallback_unit_id", jfb, 1, INT64_MAX, 1, &a.d.fallback_unit_id);
    if (fb < 0) e = GW_E_INVALID;
    if (!e) e = check_geometry(r, geom);
    if (!e && !name && !jfb && !geom) e = gw_fail(r, GW_E_INVALID, "nothing to change: give name, fallback_unit_id or geometry");
    if (e) { json_decref(body); return e; }
    if (name) { a.set_name = 1; snprintf(a.d.name, sizeof a.d.name, "%s", name); }
    a.set_fallback = fb;
    a.set_geometry = geom != NULL;
    a.d.geometry = geom && !json_is_null(geom) ? geom : NULL;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    json_t *changed = json_array();
    if (name) json_array_append_new(changed, json_string("name"));
    if (jfb) json_array_append_new(changed, json_string("fallback_unit_id"));
    if (geom) json_array_append_new(changed, json_string("geometry"));
    a.detail = detail_of(json_pack("{s:o,s:o,s:o}", "changed", changed, "name", gw_json_str(name),
                                   "fallback_unit_id", jfb ? gw_json_id(a.d.fallback_unit_id) : json_null()));
    e = gw_store_write(r->store, op_division_update, &a);
    free(a.detail);
    json_decref(body);
    e = finish_write(r, e, a.msg, "division");
    if (e) return e;

    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    gw_division_row d;
    json_t *o = NULL;
    e = gw_store_division_get(db, id, &d);
    if (!e) { e = division_json(db, &d, 1, &o); json_decref(d.geometry); }
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "updated the division but could not read it back");
    return gw_reply(r, 200, o);
}

gw_err api_grid_at(gw_req *r)
{
    static const char *const keys[] = { "lon", "lat", "coord", NULL };
    gw_point p;
    gw_err e = gw_req_only_query(r, keys);
    if (!e) e = query_point(r, &p);
    if (e) return e;
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    int64_t gid = 0;
    gw_division_row d;
    json_t *o = NULL;
    e = gw_store_grid_at(db, p, &gid);
    if (!e) e = gw_store_division_get(db, gid, &d);
    if (!e) { e = division_json(db, &d, 1, &o); json_decref(d.geometry); }
    gw_store_read_end(r->store, db);
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "no grid contains this point");
    if (e) return gw_fail(r, e, "could not look up the grid");
    json_object_set_new(o, "point", gw_geojson_point(p)); /* the WGS-84 position looked up */
    return gw_reply(r, 200, o);
}

/* ---- units --------------------------------------------------------------------------------- */

gw_err api_unit_list(gw_req *r) { return list_reply(r, gw_store_unit_list, "units"); }

typedef struct {
    gw_unit_row u;
    int64_t now, actor;
    int set_name, set_level, set_division, set_phone, set_enabled;
    char *detail;
    char msg[200];
} unit_write;

static gw_err unit_div_check(gw_db *tx, unit_write *a, int64_t division_id)
{
    if (!division_id) return GW_OK;
    gw_division_row d;
    gw_err e = gw_store_division_get(tx, division_id, &d);
    if (e == GW_E_NOT_FOUND) {
        snprintf(a->msg, sizeof a->msg, "division %lld does not exist", (long long)division_id);
        return GW_E_INVALID;
    }
    if (!e) json_decref(d.geometry);
    return e;
}

static gw_err op_unit_create(gw_db *tx, void *arg)
{
    unit_write *a = arg;
    gw_err e = unit_div_check(tx, a, a->u.division_id);
    if (!e) e = gw_store_unit_insert(tx, &a->u, a->now);
    if (e == GW_E_CONFLICT) snprintf(a->msg, sizeof a->msg, "a unit with code %s already exists", a->u.code);
    if (e) return e;
    return audit(tx, a->now, a->actor, "unit.create", "unit", a->u.id, a->detail);
}

static int unit_level_ok(const char *s)
{
    int i = div_level(s);
    return i >= 0 && i <= 3;
}

gw_err api_unit_create(gw_req *r)
{
    gw_err e = require_admin(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *code = NULL, *name = NULL, *level = NULL, *phone = NULL;
    json_t *jdiv = NULL;
    int enabled = 1;
    UNPACK(r, body, "{s:s, s:s, s:s, s?:o, s?:s, s?:b}", "code", &code, "name", &name, "level", &level,
           "division_id", &jdiv, "phone", &phone, "enabled", &enabled);
    unit_write a;
    memset(&a, 0, sizeof a);
    e = check_code(r, "code", code, sizeof a.u.code);
    if (!e) e = check_text(r, "name", name, 1, NAME_MAX_CHARS, sizeof a.u.name);
    if (!e && !unit_level_ok(level)) e = gw_fail(r, GW_E_INVALID, "level must be city, district, street or community");
    if (!e && opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &a.u.division_id) < 0) e = GW_E_INVALID;
    if (!e && phone && *phone) e = check_phone(r, "phone", phone);
    if (e) { json_decref(body); return e; }
    snprintf(a.u.code, sizeof a.u.code, "%s", code);
    snprintf(a.u.name, sizeof a.u.name, "%s", name);
    snprintf(a.u.level, sizeof a.u.level, "%s", level);
    snprintf(a.u.phone, sizeof a.u.phone, "%s", phone ? phone : "");
    a.u.enabled = enabled ? 1 : 0;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = detail_of(json_pack("{s:s,s:s,s:s,s:o,s:b}", "code", code, "name", name, "level", level,
                                   "division_id", gw_json_id(a.u.division_id), "enabled", a.u.enabled));
    json_decref(body);
    e = gw_store_write(r->store, op_unit_create, &a);
    free(a.detail);
    if ((e = finish_write(r, e, a.msg, "unit"))) return e;
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = unit_json(db, &a.u);
    gw_store_read_end(r->store, db);
    return gw_reply(r, 201, o);
}

static gw_err op_unit_update(gw_db *tx, void *arg)
{
    unit_write *a = arg;
    gw_unit_row cur;
    gw_err e = gw_store_unit_get(tx, a->u.id, &cur);
    if (e) return e;
    if (a->set_name) memcpy(cur.name, a->u.name, sizeof cur.name);
    if (a->set_level) memcpy(cur.level, a->u.level, sizeof cur.level);
    if (a->set_division) cur.division_id = a->u.division_id;
    if (a->set_phone) memcpy(cur.phone, a->u.phone, sizeof cur.phone);
    if (a->set_enabled) cur.enabled = a->u.enabled;
    if (a->set_division && (e = unit_div_check(tx, a, cur.division_id))) return e;
    if ((e = gw_store_unit_update(tx, &cur))) return e;
    a->u = cur;
    return audit(tx, a->now, a->actor, "unit.update", "unit", cur.id, a->detail);
}

gw_err api_unit_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = require_admin(r);
    if (!e) e = path_id(r, "unit", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *name = NULL, *level = NULL;
    json_t *jdiv = NULL, *jphone = NULL;
    int enabled = -1;
    UNPACK(r, body, "{s?:s, s?:s, s?:o, s?:o, s?:b}", "name", &name, "level", &level, "division_id", &jdiv,
           "phone", &jphone, "enabled", &enabled);
    unit_write a;
    memset(&a, 0, sizeof a);
    a.u.id = id;
    e = check_text(r, "name", name, 0, NAME_MAX_CHARS, sizeof a.u.name);
    if (!e && level && !unit_level_ok(level))
        e = gw_fail(r, GW_E_INVALID, "level must be city, district, street or community");
    int setdiv = e ? 0 : opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &a.u.division_id);
    if (setdiv < 0) e = GW_E_INVALID;
    if (!e && jphone && !json_is_null(jphone)) {
        if (!json_is_string(jphone)) e = gw_fail(r, GW_E_INVALID, "phone must be a string or null");
        else e = check_phone(r, "phone", json_string_value(jphone));
    }
    if (!e && !name && !level && !jdiv && !jphone && enabled < 0)
        e = gw_fail(r, GW_E_INVALID, "nothing to change");
    if (e) { json_decref(body); return e; }
    if (name) { a.set_name = 1; snprintf(a.u.name, sizeof a.u.name, "%s", name); }
    if (level) { a.set_level = 1; snprintf(a.u.level, sizeof a.u.level, "%s", level); }
    a.set_division = setdiv;
    if (jphone) {
        a.set_phone = 1;
        snprintf(a.u.phone, sizeof a.u.phone, "%s", json_is_string(jphone) ? json_string_value(jphone) : "");
    }
    if (enabled >= 0) { a.set_enabled = 1; a.u.enabled = enabled ? 1 : 0; }
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_unit_update, &a);
    free(a.detail);
    if ((e = finish_write(r, e, a.msg, "unit"))) return e;
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = unit_json(db, &a.u);
    gw_store_read_end(r->store, db);
    return gw_reply(r, 200, o);
}

/* ---- categories ---------------------------------------------------------------------------- */

gw_err api_category_list(gw_req *r) { return list_reply(r, gw_store_category_list, "categories"); }

typedef struct {
    gw_category_row c;
    int64_t now, actor;
    int set_name, set_dispatch, set_handle, set_verify, set_urgency, set_open311, set_enabled;
    char *detail;
    char msg[200];
} cat_write;

static gw_err op_category_create(gw_db *tx, void *arg)
{
    cat_write *a = arg;
    if (strlen(a->c.code) == 4) {
        char big[3] = { a->c.code[0], a->c.code[1], 0 };
        gw_category_row p;
        gw_err e = gw_store_category_by_code(tx, big, &p);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "subclass %s needs its big class %s to exist first", a->c.code, big);
            return GW_E_INVALID;
        }
        if (e) return e;
        if (strcmp(p.kind, a->c.kind) != 0) {
            snprintf(a->msg, sizeof a->msg, "big class %s is of kind %s; its subclasses must be too", big, p.kind);
            return GW_E_INVALID;
        }
    }
    gw_err e = gw_store_category_insert(tx, &a->c, a->now);
    if (e == GW_E_CONFLICT) snprintf(a->msg, sizeof a->msg, "a category with code %s already exists", a->c.code);
    if (e) return e;
    return audit(tx, a->now, a->actor, "category.create", "category", a->c.id, a->detail);
}

static int category_code_ok(const char *s)
{
    size_t n = strlen(s);
    if (n != 2 && n != 4) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* The optional numeric fields shared by create and update; -1 when the request failed. */
static int category_numbers(gw_req *r, cat_write *a, json_t *jd, json_t *jh, json_t *jv, json_t *ju)
{
    int64_t v = 0;
    int k;
    if ((k = opt_int(r, "dispatch_hours", jd, 1, MAX_HOURS, 0, &v)) < 0) return -1;
    if (k) { a->set_dispatch = 1; a->c.dispatch_hours = (int)v; }
    if ((k = opt_int(r, "handle_hours", jh, 1, MAX_HOURS, 0, &v)) < 0) return -1;
    if (k) { a->set_handle = 1; a->c.handle_hours = (int)v; }
    if ((k = opt_int(r, "verify_hours", jv, 1, MAX_HOURS, 0, &v)) < 0) return -1;
    if (k) { a->set_verify = 1; a->c.verify_hours = (int)v; }
    if ((k = opt_int(r, "default_urgency", ju, 1, 3, 0, &v)) < 0) return -1;
    if (k) { a->set_urgency = 1; a->c.default_urgency = (int)v; }
    return 0;
}

gw_err api_category_create(gw_req *r)
{
    gw_err e = require_admin(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *code = NULL, *name = NULL, *kind = NULL;
    json_t *jd = NULL, *jh = NULL, *jv = NULL, *ju = NULL;
    int open311 = 1, enabled = 1;
    UNPACK(r, body, "{s:s, s:s, s:s, s?:o, s?:o, s?:o, s?:o, s?:b, s?:b}", "code", &code, "name", &name,
           "kind", &kind, "dispatch_hours", &jd, "handle_hours", &jh, "verify_hours", &jv, "default_urgency", &ju,
           "open311", &open311, "enabled", &enabled);
    cat_write a;
    memset(&a, 0, sizeof a);
    a.c.dispatch_hours = 2; /* the schema's defaults */
    a.c.handle_hours = 72;
    a.c.verify_hours = 24;
    a.c.default_urgency = 1;
    if (!category_code_ok(code))
        e = gw_fail(r, GW_E_INVALID, "code must be 2 digits (a big class, e.g. 01) or 4 digits (a subclass, e.g. 0101)");
    if (!e) e = check_text(r, "name", name, 1, NAME_MAX_CHARS, sizeof a.c.name);
    if (!e && strcmp(kind, "part") != 0 && strcmp(kind, "event") != 0)
        e = gw_fail(r, GW_E_INVALID, "kind must be part (部件) or event (事件)");
    if (!e && category_numbers(r, &a, jd, jh, jv, ju) < 0) e = GW_E_INVALID;
    if (e) { json_decref(body); return e; }
    snprintf(a.c.code, sizeof a.c.code, "%s", code);
    snprintf(a.c.name, sizeof a.c.name, "%s", name);
    snprintf(a.c.kind, sizeof a.c.kind, "%s", kind);
    a.c.open311 = open311 ? 1 : 0;
    a.c.enabled = enabled ? 1 : 0;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_category_create, &a);
    free(a.detail);
    if ((e = finish_write(r, e, a.msg, "category"))) return e;
    return gw_reply(r, 201, category_json(&a.c));
}

static gw_err op_category_update(gw_db *tx, void *arg)
{
    cat_write *a = arg;
    gw_category_row cur;
    gw_err e = gw_store_category_get(tx, a->c.id, &cur);
    if (e) return e;
    if (a->set_name) memcpy(cur.name, a->c.name, sizeof cur.name);
    if (a->set_dispatch) cur.dispatch_hours = a->c.dispatch_hours;
    if (a->set_handle) cur.handle_hours = a->c.handle_hours;
    if (a->set_verify) cur.verify_hours = a->c.verify_hours;
    if (a->set_urgency) cur.default_urgency = a->c.default_urgency;
    if (a->set_open311) cur.open311 = a->c.open311;
    if (a->set_enabled) cur.enabled = a->c.enabled;
    if ((e = gw_store_category_update(tx, &cur))) return e;
    a->c = cur;
    return audit(tx, a->now, a->actor, "category.update", "category", cur.id, a->detail);
}

gw_err api_category_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = require_admin(r);
    if (!e) e = path_id(r, "category", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *name = NULL;
    json_t *jd = NULL, *jh = NULL, *jv = NULL, *ju = NULL;
    int open311 = -1, enabled = -1;
    UNPACK(r, body, "{s?:s, s?:o, s?:o, s?:o, s?:o, s?:b, s?:b}", "name", &name, "dispatch_hours", &jd,
           "handle_hours", &jh, "verify_hours", &jv, "default_urgency", &ju, "open311", &open311, "enabled", &enabled);
    cat_write a;
    memset(&a, 0, sizeof a);
    a.c.id = id;
    e = check_text(r, "name", name, 0, NAME_MAX_CHARS, sizeof a.c.name);
    if (!e && category_numbers(r, &a, jd, jh, jv, ju) < 0) e = GW_E_INVALID;
    if (!e && json_object_size(body) == 0) e = gw_fail(r, GW_E_INVALID, "nothing to change");
    if (e) { json_decref(body); return e; }
    if (name) { a.set_name = 1; snprintf(a.c.name, sizeof a.c.name, "%s", name); }
    if (open311 >= 0) { a.set_open311 = 1; a.c.open311 = open311 ? 1 : 0; }
    if (enabled >= 0) { a.set_enabled = 1; a.c.enabled = enabled ? 1 : 0; }
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_category_update, &a);
    free(a.detail);
    if ((e = finish_write(r, e, a.msg, "category"))) return e;
    return gw_reply(r, 200, category_json(&a.c));
}

/* ---- routing rules ------------------------------------------------------------------------- */

gw_err api_rule_list(gw_req *r) { return list_reply(r, gw_store_rule_list, "routing rules"); }

typedef struct {
    gw_route_rule rule;
    int64_t now, actor;
    int set_category, set_division, set_unit, set_cc, set_hours, set_mode, set_enabled;
    char *detail;
    char msg[200];
} rule_write;

/* Name the first missing thing a rule refers to (the store only says GW_E_INVALID). */
static gw_err rule_refs_check(gw_db *tx, rule_write *a)
{
    const gw_route_rule *rl = &a->rule;
    gw_category_row c;
    gw_unit_row u;
    gw_division_row d;
    gw_err e = gw_store_category_get(tx, rl->category_id, &c);
    if (e == GW_E_NOT_FOUND) {
        snprintf(a->msg, sizeof a->msg, "category %lld does not exist", (long long)rl->category_id);
        return GW_E_INVALID;
    }
    if (!e && rl->division_id) {
        e = gw_store_division_get(tx, rl->division_id, &d);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "division %lld does not exist", (long long)rl->division_id);
            return GW_E_INVALID;
        }
        if (!e) json_decref(d.geometry);
    }
    if (!e) {
        e = gw_store_unit_get(tx, rl->unit_id, &u);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "unit %lld does not exist", (long long)rl->unit_id);
            return GW_E_INVALID;
        }
    }
    for (int i = 0; !e && i < rl->n_cc; i++) {
        if (rl->cc_unit_ids[i] == rl->unit_id) {
            snprintf(a->msg, sizeof a->msg, "cc_unit_ids must not repeat the handling unit %lld", (long long)rl->unit_id);
            return GW_E_INVALID;
        }
        e = gw_store_unit_get(tx, rl->cc_unit_ids[i], &u);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "CC unit %lld does not exist", (long long)rl->cc_unit_ids[i]);
            return GW_E_INVALID;
        }
    }
    return e;
}

static gw_err op_rule_create(gw_db *tx, void *arg)
{
    rule_write *a = arg;
    gw_err e = rule_refs_check(tx, a);
    if (!e) e = gw_store_rule_insert(tx, &a->rule, a->now);
    if (e) return e;
    return audit(tx, a->now, a->actor, "rule.create", "rule", a->rule.id, a->detail);
}

/* Fields shared by create and update; -1 when the request failed. */
static int rule_fields(gw_req *r, rule_write *a, json_t *jcat, json_t *jdiv, json_t *junit, json_t *jcc,
                       json_t *jhours, const char *mode)
{
    int k;
    if ((k = opt_int(r, "category_id", jcat, 1, INT64_MAX, 0, &a->rule.category_id)) < 0) return -1;
    a->set_category = k;
    if ((k = opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &a->rule.division_id)) < 0) return -1;
    a->set_division = k;
    if ((k = opt_int(r, "unit_id", junit, 1, INT64_MAX, 0, &a->rule.unit_id)) < 0) return -1;
    a->set_unit = k;
    int64_t hours = 0;
    if ((k = opt_int(r, "handle_hours", jhours, 1, MAX_HOURS, 1, &hours)) < 0) return -1;
    a->set_hours = k;
    a->rule.handle_ms_override = hours * GW_MS_PER_HOUR;
    if (jcc) {
        if (!json_is_array(jcc) || json_array_size(jcc) > GW_ROUTE_MAX_CC) {
            gw_fail(r, GW_E_INVALID, "cc_unit_ids must be an array of at most %d unit ids", GW_ROUTE_MAX_CC);
            return -1;
        }
        size_t i;
        json_t *v;
        json_array_foreach(jcc, i, v) {
            if (!json_is_integer(v) || json_integer_value(v) <= 0) {
                gw_fail(r, GW_E_INVALID, "cc_unit_ids must hold positive unit ids");
                return -1;
            }
            for (size_t j = 0; j < i; j++)
                if (a->rule.cc_unit_ids[j] == json_integer_value(v)) {
                    gw_fail(r, GW_E_INVALID, "cc_unit_ids must not repeat a unit");
                    return -1;
                }
            a->rule.cc_unit_ids[i] = json_integer_value(v);
        }
        a->rule.n_cc = (int)json_array_size(jcc);
        a->set_cc = 1;
    }
    if (mode) {
        if (!strcmp(mode, "auto")) a->rule.mode = GW_ROUTE_AUTO;
        else if (!strcmp(mode, "review")) a->rule.mode = GW_ROUTE_REVIEW;
        else { gw_fail(r, GW_E_INVALID, "mode must be auto or review"); return -1; }
        a->set_mode = 1;
    }
    return 0;
}

gw_err api_rule_create(gw_req *r)
{
    gw_err e = require_admin(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    json_t *jcat = NULL, *jdiv = NULL, *junit = NULL, *jcc = NULL, *jhours = NULL;
    const char *mode = NULL;
    int enabled = 1;
    UNPACK(r, body, "{s:o, s?:o, s:o, s?:o, s?:o, s?:s, s?:b}", "category_id", &jcat, "division_id", &jdiv,
           "unit_id", &junit, "cc_unit_ids", &jcc, "handle_hours", &jhours, "mode", &mode, "enabled", &enabled);
    rule_write a;
    memset(&a, 0, sizeof a);
    if (rule_fields(r, &a, jcat, jdiv, junit, jcc, jhours, mode) < 0) { json_decref(body); return GW_E_INVALID; }
    a.rule.enabled = enabled ? 1 : 0;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_rule_create, &a);
    free(a.detail);
    if ((e = finish_write(r, e, a.msg, "routing rule"))) return e;
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = rule_json(db, &a.rule);
    gw_store_read_end(r->store, db);
    return gw_reply(r, 201, o);
}

static gw_err op_rule_update(gw_db *tx, void *arg)
{
    rule_write *a = arg;
    gw_route_rule cur;
    gw_err e = gw_store_rule_get(tx, a->rule.id, &cur);
    if (e) return e;
    if (a->set_category) cur.category_id = a->rule.category_id;
    if (a->set_division) cur.division_id = a->rule.division_id;
    if (a->set_unit) cur.unit_id = a->rule.unit_id;
    if (a->set_cc) { memcpy(cur.cc_unit_ids, a->rule.cc_unit_ids, sizeof cur.cc_unit_ids); cur.n_cc = a->rule.n_cc; }
    if (a->set_hours) cur.handle_ms_override = a->rule.handle_ms_override;
    if (a->set_mode) cur.mode = a->rule.mode;
    if (a->set_enabled) cur.enabled = a->rule.enabled;
    a->rule = cur;
    if ((e = rule_refs_check(tx, a))) return e;
    if ((e = gw_store_rule_update(tx, &cur))) return e;
    return audit(tx, a->now, a->actor, "rule.update", "rule", cur.id, a->detail);
}

gw_err api_rule_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = require_admin(r);
    if (!e) e = path_id(r, "routing rule", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    json_t *jcat = NULL, *jdiv = NULL, *junit = NULL, *jcc = NULL, *jhours = NULL;
    const char *mode = NULL;
    int enabled = -1;
    UNPACK(r, body, "{s?:o, s?:o, s?:o, s?:o, s?:o, s?:s, s?:b}", "category_id", &jcat, "division_id", &jdiv,
           "unit_id", &junit, "cc_unit_ids", &jcc, "handle_hours", &jhours, "mode", &mode, "enabled", &enabled);
    rule_write a;
    memset(&a, 0, sizeof a);
    if (rule_fields(r, &a, jcat, jdiv, junit, jcc, jhours, mode) < 0) { json_decref(body); return GW_E_INVALID; }
    if (json_object_size(body) == 0) { json_decref(body); return gw_fail(r, GW_E_INVALID, "nothing to change"); }
    a.rule.id = id;
    if (enabled >= 0) { a.set_enabled = 1; a.rule.enabled = enabled ? 1 : 0; }
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = detail_of(json_deep_copy(body));
    json_decref(body);
    e = gw_store_write(r->store, op_rule_update, &a);
    free(a.detail);
    if ((e = finish_write(r, e, a.msg, "routing rule"))) return e;
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = rule_json(db, &a.rule);
    gw_store_read_end(r->store, db);
    return gw_reply(r, 200, o);
}

static gw_err op_rule_delete(gw_db *tx, void *arg)
{
    rule_write *a = arg;
    gw_route_rule cur;
    gw_err e = gw_store_rule_get(tx, a->rule.id, &cur);
    if (!e) e = gw_store_rule_delete(tx, a->rule.id);
    if (e) return e;
    char *detail = detail_of(json_pack("{s:I,s:o,s:I}", "category_id", (json_int_t)cur.category_id,
                                       "division_id", gw_json_id(cur.division_id), "unit_id", (json_int_t)cur.unit_id));
    e = audit(tx, a->now, a->actor, "rule.delete", "rule", a->rule.id, detail);
    free(detail);
    return e;
}

gw_err api_rule_delete(gw_req *r)
{
    int64_t id = 0;
    gw_err e = require_admin(r);
    if (!e) e = path_id(r, "routing rule", &id);
    if (e) return e;
    rule_write a;
    memset(&a, 0, sizeof a);
    a.rule.id = id;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    e = gw_store_write(r->store, op_rule_delete, &a);
    if ((e = finish_write(r, e, a.msg, "routing rule"))) return e;
    return gw_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1));
}

gw_err api_rule_test(gw_req *r)
{
    static const char *const keys[] = { "category_id", "division_id", "lon", "lat", "coord", NULL };
    if (gw_req_only_query(r, keys)) return GW_E_INVALID;
    int64_t cat_id = 0, div_id = 0;
    const char *scat = gw_req_query(r, "category_id"), *sdiv = gw_req_query(r, "division_id");
    int has_point = gw_req_query(r, "lon") || gw_req_query(r, "lat");
    if (!(cat_id = gw_parse_id(scat))) return gw_fail(r, GW_E_INVALID, "category_id is required (a category id)");
    if (sdiv && has_point) return gw_fail(r, GW_E_INVALID, "give either division_id or lon/lat, not both");
    if (!sdiv && !has_point) return gw_fail(r, GW_E_INVALID, "give division_id or lon and lat");
    if (sdiv && !(div_id = gw_parse_id(sdiv))) return gw_fail(r, GW_E_INVALID, "division_id must be a division id");
    gw_point p = { 0, 0 };
    gw_err e = has_point ? query_point(r, &p) : GW_OK;
    if (e) return e;

    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    gw_category_row c;
    gw_division_row d;
    gw_route_rule rule;
    gw_unit_row u;
    memset(&rule, 0, sizeof rule);
    char what[160] = "";
    e = gw_store_category_get(db, cat_id, &c);
    if (e == GW_E_NOT_FOUND) snprintf(what, sizeof what, "category %lld does not exist", (long long)cat_id);
    if (!e && has_point) {
        e = gw_store_grid_at(db, p, &div_id);
        if (e == GW_E_NOT_FOUND) snprintf(what, sizeof what, "no grid contains this point");
    }
    if (!e) {
        e = gw_store_division_get(db, div_id, &d);
        if (e == GW_E_NOT_FOUND) snprintf(what, sizeof what, "division %lld does not exist", (long long)div_id);
        else if (!e) json_decref(d.geometry);
    }
    if (!e) {
        e = gw_ticket_route(db, cat_id, div_id, &rule);
        if (e == GW_E_NOT_FOUND)
            snprintf(what, sizeof what, "no routing rule and no fallback unit covers category %s here", c.code);
    }
    int have_u = !e && gw_store_unit_get(db, rule.unit_id, &u) == GW_OK;
    gw_store_read_end(r->store, db);
    if (what[0]) return gw_fail(r, GW_E_NOT_FOUND, "%s", what);
    if (e) return gw_fail(r, e, "could not evaluate the routing rules");

    int64_t handle_hours = rule.handle_ms_override ? rule.handle_ms_override / GW_MS_PER_HOUR : c.handle_hours;
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:o,s:o,s:s,s:b,s:I,s:s,s:s,s:I,s:s,s:I}",
        "rule_id", gw_json_id(rule.id), "unit_id", (json_int_t)rule.unit_id,
        "unit_name", have_u ? json_string(u.name) : json_null(), "cc_unit_ids", cc_array(&rule),
        "mode", rule.mode == GW_ROUTE_REVIEW ? "review" : "auto", "fallback", rule.id == 0,
        "category_id", (json_int_t)c.id, "category_code", c.code, "category_name", c.name,
        "division_id", (json_int_t)d.id, "division_name", d.name, "handle_hours", (json_int_t)handle_hours));
}

/* ---- users --------------------------------------------------------------------------------- */

gw_err api_user_list(gw_req *r)
{
    if (gw_req_only_query(r, NULL)) return GW_E_INVALID;
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    json_t *arr = NULL;
    gw_err e = gw_store_user_list(db, &arr);
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "could not list users");
    if (r->who.role != GW_R_ADMIN) { /* personal data: only the administrator sees full numbers */
        size_t i;
        json_t *u;
        json_array_foreach(arr, i, u) {
            const char *ph = json_string_value(json_object_get(u, "phone"));
            if (!ph) continue;
            char masked[32];
            gw_mask_phone(ph, masked, sizeof masked);
            json_object_set_new(u, "phone", json_string(masked));
        }
    }
    return reply_items(r, arr);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static gw_err check_password(gw_req *r, const char *pw)
{
    if (utf8_chars(pw) < PASSWORD_MIN) return gw_fail(r, GW_E_INVALID, "password must have at least %d characters", PASSWORD_MIN);
    if (strlen(pw) > PASSWORD_MAX) return gw_fail(r, GW_E_INVALID, "password must have at most %d bytes", PASSWORD_MAX);
    return GW_OK;
}

static gw_err check_username(gw_req *r, const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > USER_NAME_MAX)
        return gw_fail(r, GW_E_INVALID, "username must have 3 to %d characters", USER_NAME_MAX);
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return gw_fail(r, GW_E_INVALID, "username must start with a lowercase letter");
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-'))
            return gw_fail(r, GW_E_INVALID, "username may contain only a-z, 0-9, '_', '.' and '-'");
    return GW_OK;
}

/* Staff roles only: residents are not accounts, and the system is not a person. */
static int staff_role(const char *s, gw_role *out)
{
    int k = gw_role_parse(s);
    if (k < 0 || k == GW_R_RESIDENT || k == GW_R_SYSTEM) return 0;
    *out = (gw_role)k;
    return 1;
}

typedef struct {
    gw_user_row u;
    int64_t now, actor;
    int set_display, set_phone, set_role, set_division, set_unit, set_password, set_disabled;
    int kill_sessions;
    char *detail;
    char msg[200];
} user_write;

/* The scope that goes with the role, and that what it names exists. */
static gw_err user_scope_check(gw_db *tx, user_write *a, const gw_user_row *u)
{
    if (u->role == GW_R_UNIT_HANDLER && !u->unit_id) {
        snprintf(a->msg, sizeof a->msg, "a unit_handler needs a unit_id");
        return GW_E_INVALID;
    }
    if (u->role != GW_R_UNIT_HANDLER && !u->division_id) {
        snprintf(a->msg, sizeof a->msg, "a %s needs a division_id (the scope)", gw_role_name(u->role));
        return GW_E_INVALID;
    }
    if (u->role != GW_R_UNIT_HANDLER && u->unit_id) {
        snprintf(a->msg, sizeof a->msg, "unit_id is only for a unit_handler");
        return GW_E_INVALID;
    }
    gw_err e = GW_OK;
    if (u->division_id) {
        gw_division_row d;
        e = gw_store_division_get(tx, u->division_id, &d);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "division %lld does not exist", (long long)u->division_id);
            return GW_E_INVALID;
        }
        if (!e) json_decref(d.geometry);
    }
    if (!e && u->unit_id) {
        gw_unit_row un;
        e = gw_store_unit_get(tx, u->unit_id, &un);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "unit %lld does not exist", (long long)u->unit_id);
            return GW_E_INVALID;
        }
    }
    return e;
}

static gw_err op_user_create(gw_db *tx, void *arg)
{
    user_write *a = arg;
    gw_err e = user_scope_check(tx, a, &a->u);
    if (!e) e = gw_store_user_insert(tx, &a->u, a->now);
    if (e == GW_E_CONFLICT) snprintf(a->msg, sizeof a->msg, "the username %s is taken", a->u.username);
    if (e) return e;
    return audit(tx, a->now, a->actor, "user.create", "user", a->u.id, a->detail);
}

gw_err api_user_create(gw_req *r)
{
    gw_err e = require_admin(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *username = NULL, *display = NULL, *password = NULL, *role = NULL, *phone = NULL;
    json_t *jdiv = NULL, *junit = NULL;
    int disabled = 0;
    UNPACK(r, body, "{s:s, s:s, s:s, s:s, s?:s, s?:o, s?:o, s?:b}", "username", &username, "display_name", &display,
           "password", &password, "role", &role, "phone", &phone, "division_id", &jdiv, "unit_id", &junit,
           "disabled", &disabled);
    user_write a;
    memset(&a, 0, sizeof a);
    e = check_username(r, username);
    if (!e) e = check_text(r, "display_name", display, 1, DISPLAY_MAX_CHARS, sizeof a.u.display_name);
    if (!e) e = check_password(r, password);
    if (!e && !staff_role(role, &a.u.role))
        e = gw_fail(r, GW_E_INVALID, "role must be admin, dispatcher, supervisor, unit_handler, grid_worker, "
                                     "hotline_operator or auditor");
    if (!e && phone && *phone) e = check_phone(r, "phone", phone);
    if (!e && opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &a.u.division_id) < 0) e = GW_E_INVALID;
    if (!e && opt_int(r, "unit_id", junit, 1, INT64_MAX, 1, &a.u.unit_id) < 0) e = GW_E_INVALID;
    if (!e && (e = gw_password_hash(password, a.u.pw_hash))) /* slow: outside the writer */
        e = gw_fail(r, e, "could not hash the password");
    if (e) { json_decref(body); return e; }
    snprintf(a.u.username, sizeof a.u.username, "%s", username);
    snprintf(a.u.display_name, sizeof a.u.display_name, "%s", display);
    snprintf(a.u.phone, sizeof a.u.phone, "%s", phone ? phone : "");
    a.u.disabled = disabled ? 1 : 0;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = detail_of(json_pack("{s:s,s:s,s:o,s:o,s:b}", "username", username, "role", role,
                                   "division_id", gw_json_id(a.u.division_id), "unit_id", gw_json_id(a.u.unit_id),
                                   "disabled", a.u.disabled));
    json_decref(body);
    e = gw_store_write(r->store, op_user_create, &a);
    free(a.detail);
    memset(a.u.pw_hash, 0, sizeof a.u.pw_hash);
    if ((e = finish_write(r, e, a.msg, "user"))) return e;
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = user_json(db, &a.u, 1);
    gw_store_read_end(r->store, db);
    return gw_reply(r, 201, o);
}

static gw_err op_user_update(gw_db *tx, void *arg)
{
    user_write *a = arg;
    gw_user_row cur;
    gw_err e = gw_store_user_get(tx, a->u.id, &cur);
    if (e) return e;
    int was_disabled = cur.disabled;
    cur.pw_hash[0] = 0; /* keep the stored hash unless a new one is given */
    if (a->set_display) memcpy(cur.display_name, a->u.display_name, sizeof cur.display_name);
    if (a->set_phone) memcpy(cur.phone, a->u.phone, sizeof cur.phone);
    if (a->set_role) {
        if (cur.role == GW_R_UNIT_HANDLER && a->u.role != GW_R_UNIT_HANDLER && !a->set_unit) cur.unit_id = 0;
        cur.role = a->u.role;
    }
    if (a->set_division) cur.division_id = a->u.division_id;
    if (a->set_unit) cur.unit_id = a->u.unit_id;
    if (a->set_disabled) cur.disabled = a->u.disabled;
    if (a->set_password) {
        memcpy(cur.pw_hash, a->u.pw_hash, sizeof cur.pw_hash);
        cur.demo_password = 0;
    }
    if (cur.id == a->actor && (cur.disabled || cur.role != GW_R_ADMIN)) {
        snprintf(a->msg, sizeof a->msg, "you cannot disable your own account or drop your own admin role");
        return GW_E_INVALID;
    }
    if ((e = user_scope_check(tx, a, &cur))) return e;
    if ((e = gw_store_user_update(tx, &cur))) return e;
    a->kill_sessions = a->set_password || (cur.disabled && !was_disabled);
    if (a->kill_sessions && (e = gw_store_session_delete_user(tx, cur.id))) return e;
    return audit(tx, a->now, a->actor, "user.update", "user", cur.id, a->detail);
}

gw_err api_user_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = require_admin(r);
    if (!e) e = path_id(r, "user", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *display = NULL, *password = NULL, *role = NULL;
    json_t *jphone = NULL, *jdiv = NULL, *junit = NULL;
    int disabled = -1;
    UNPACK(r, body, "{s?:s, s?:o, s?:s, s?:o, s?:o, s?:s, s?:b}", "display_name", &display, "phone", &jphone,
           "role", &role, "division_id", &jdiv, "unit_id", &junit, "password", &password, "disabled", &disabled);
    user_write a;
    memset(&a, 0, sizeof a);
    a.u.id = id;
    e = check_text(r, "display_name", display, 0, DISPLAY_MAX_CHARS, sizeof a.u.display_name);
    if (!e && role && !staff_role(role, &a.u.role))
        e = gw_fail(r, GW_E_INVALID, "role must be admin, dispatcher, supervisor, unit_handler, grid_worker, "
                                     "hotline_operator or auditor");
    if (!e && jphone && !json_is_null(jphone)) {
        if (!json_is_string(jphone)) e = gw_fail(r, GW_E_INVALID, "phone must be a string or null");
        else e = check_phone(r, "phone", json_string_value(jphone));
    }
    int k;
    if (!e && (k = opt_int(r, "division_id", jdiv, 1, INT64_MAX, 1, &a.u.division_id)) < 0) e = GW_E_INVALID;
    if (!e && (k = opt_int(r, "unit_id", junit, 1, INT64_MAX, 1, &a.u.unit_id)) < 0) e = GW_E_INVALID;
    if (!e && password) e = check_password(r, password);
    if (!e && json_object_size(body) == 0) e = gw_fail(r, GW_E_INVALID, "nothing to change");
    if (!e && password && (e = gw_password_hash(password, a.u.pw_hash))) e = gw_fail(r, e, "could not hash the password");
    if (e) { json_decref(body); return e; }
    if (display) { a.set_display = 1; snprintf(a.u.display_name, sizeof a.u.display_name, "%s", display); }
    if (jphone) {
        a.set_phone = 1;
        snprintf(a.u.phone, sizeof a.u.phone, "%s", json_is_string(jphone) ? json_string_value(jphone) : "");
    }
    a.set_role = role != NULL;
    a.set_division = jdiv != NULL;
    a.set_unit = junit != NULL;
    a.set_password = password != NULL;
    if (disabled >= 0) { a.set_disabled = 1; a.u.disabled = disabled ? 1 : 0; }
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    json_t *det = json_deep_copy(body);
    if (det && password) json_object_set_new(det, "password", json_string("(changed)")); /* never the secret */
    a.detail = detail_of(det);
    json_decref(body);
    e = gw_store_write(r->store, op_user_update, &a);
    free(a.detail);
    memset(a.u.pw_hash, 0, sizeof a.u.pw_hash);
    if ((e = finish_write(r, e, a.msg, "user"))) return e;
    gw_auth_forget_user(id); /* role, scope or access changed: no cached session may outlive it */
    gw_db *db = read_begin(r);
    if (!db) return GW_E_IO;
    gw_user_row u;
    json_t *o = NULL;
    e = gw_store_user_get(db, id, &u);
    if (!e) {
        memset(u.pw_hash, 0, sizeof u.pw_hash);
        o = user_json(db, &u, 1);
    }
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "updated the user but could not read it back");
    return gw_reply(r, 200, o);
}
