/* core/admin.c — the skeleton every configuration handler shares (see admin.h). */
#include "core/api.h"
#include "base/clock.h"
#include "base/geo.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/audit.h"
#include "core/auth_store.h"
#include "core/model.h"
#include "core/model_store.h"
#include "core/privacy.h"
#include "json/geojson.h"
#include "json/reply.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The {id} of the path; anything but a positive integer names nothing (404). */
gw_err gw_admin_path_id(gw_req *r, const char *what, int64_t *id)
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
gw_err gw_admin_query_point(gw_req *r, gw_point *p)
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
int gw_admin_query_flag(gw_req *r, const char *key, int dflt)
{
    const char *v = gw_req_query(r, key);
    if (!v) return dflt;
    if (!strcmp(v, "1") || !strcmp(v, "true")) return 1;
    if (!strcmp(v, "0") || !strcmp(v, "false")) return 0;
    return -1;
}

gw_err gw_admin_require_admin(gw_req *r)
{
    if (!gw_may(&r->who, GW_P_CONFIG_EDIT)) return gw_fail(r, GW_E_FORBIDDEN, "only the administrator may change configuration");
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
gw_err gw_admin_check_text(gw_req *r, const char *field, const char *s, int required, size_t max, size_t bufn)
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
gw_err gw_admin_check_code(gw_req *r, const char *field, const char *s, size_t bufn)
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

/* Phone numbers of units and users: the one phone rule (core/privacy.h). */
gw_err gw_admin_check_phone(gw_req *r, const char *field, const char *s)
{
    if (!gw_phone_valid(s))
        return gw_fail(r, GW_E_INVALID, "%s must be a phone number: 3 to 20 digits, an optional leading '+', spaces, '-', '.', '(' and ')'", field);
    return GW_OK;
}

/* An optional integer field given as a JSON value: absent (v NULL) leaves *out and returns 0;
 * an integer in lo..hi sets *out and returns 1; null when nullable sets *out = 0 and returns 1.
 * Anything else fails the request and returns -1. */
int gw_admin_opt_int(gw_req *r, const char *field, json_t *v, int64_t lo, int64_t hi, int nullable, int64_t *out)
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


/* Compact JSON text of obj for an audit detail (new string, free()); steals obj. */
char *gw_admin_detail_of(json_t *obj)
{
    char *s = obj ? json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(obj);
    return s;
}

/* Run op in the writer; map the common failures of a write to a reply. msg is what the op said. */
gw_err gw_admin_finish_write(gw_req *r, gw_err e, const char *msg, const char *what)
{
    if (e == GW_OK) {
        gw_model_changed(); /* names and rules shown in ticket views may have changed */
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

gw_db *gw_admin_read_begin(gw_req *r)
{
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) gw_fail(r, GW_E_IO, "database unavailable");
    return db;
}

/* A count in the query string: absent leaves *out; digits in lo..hi set it; else the request fails. */
static gw_err query_count(gw_req *r, const char *key, long lo, long hi, long *out)
{
    const char *v = gw_req_query(r, key);
    if (!v) return GW_OK;
    size_t n = strlen(v);
    long x = 0;
    for (size_t i = 0; i < n && n <= 7; i++) {
        if (v[i] < '0' || v[i] > '9') { n = 0; break; }
        x = x * 10 + (v[i] - '0');
    }
    if (n == 0 || n > 7 || x < lo || x > hi) return gw_fail(r, GW_E_INVALID, "%s must be an integer in %ld..%ld", key, lo, hi);
    *out = x;
    return GW_OK;
}

/* Whether s holds q, ASCII letters compared without case. */
static int holds_text(const char *s, const char *q)
{
    size_t n = strlen(q);
    for (; *s; s++) {
        size_t i = 0;
        while (i < n && s[i] && (s[i] == q[i] || (((unsigned char)s[i] | 0x20) == ((unsigned char)q[i] | 0x20) &&
                                                  ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))))
            i++;
        if (i == n) return 1;
    }
    return 0;
}

/* Whether one of item's text or number fields holds q ("" matches every item). */
int gw_admin_item_matches(json_t *item, const char *q)
{
    if (!q || !*q) return 1;
    const char *k;
    json_t *v;
    json_object_foreach(item, k, v) {
        char num[24];
        if (json_is_integer(v)) snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        if (json_is_string(v) && holds_text(json_string_value(v), q)) return 1;
        if (json_is_integer(v) && !strcmp(num, q)) return 1;
    }
    return 0;
}

/* The search and page of a list: q (at most 64 bytes, one line), offset 0.., limit 1..500 (absent: all). */
gw_err gw_admin_query_page(gw_req *r, const char *const *more, gw_admin_page *pg)
{
    const char *keys[12] = { "q", "limit", "offset" };
    for (size_t i = 0; more && more[i] && i < 8; i++) keys[3 + i] = more[i];
    *pg = (gw_admin_page){ .q = gw_req_query(r, "q"), .offset = 0, .limit = -1 };
    gw_err e = gw_req_only_query(r, keys);
    if (!e && pg->q && strlen(pg->q) > 64) e = gw_fail(r, GW_E_INVALID, "q is longer than 64 bytes");
    if (!e && pg->q && has_control_chars(pg->q)) e = gw_fail(r, GW_E_INVALID, "q must not contain control characters");
    if (!e) e = query_count(r, "offset", 0, 1000000, &pg->offset);
    if (!e) e = query_count(r, "limit", 1, 500, &pg->limit);
    return e;
}

/* Reply {"items": [the page of the items matching q], "total": how many match}; steals all. */
gw_err gw_admin_reply_page(gw_req *r, json_t *all, const gw_admin_page *pg)
{
    json_t *page = json_array();
    size_t i, total = 0;
    json_t *it;
    json_array_foreach(all, i, it) {
        if (!gw_admin_item_matches(it, pg->q)) continue;
        if ((long)total >= pg->offset && (pg->limit < 0 || (long)total < pg->offset + pg->limit))
            json_array_append(page, it);
        total++;
    }
    json_decref(all);
    return gw_reply(r, 200, json_pack("{s:o,s:I}", "items", page, "total", (json_int_t)total));
}

/* A configuration list, searched and paged (gw_admin_query_page) after rendering. */
gw_err gw_admin_list(gw_req *r, const char *what, gw_admin_load_fn load, gw_admin_item_fn item)
{
    gw_admin_page pg;
    gw_err e = gw_admin_query_page(r, NULL, &pg);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    void *rows = NULL;
    size_t n = 0;
    e = load(db, &rows, &n);
    gw_store_read_end(r->store, db);
    json_t *arr = e ? NULL : json_array();
    for (size_t i = 0; arr && i < n; i++) json_array_append_new(arr, item(r, rows, i));
    free(rows);
    if (e) return gw_fail(r, e, "could not list %s", what);
    if (!arr) return GW_E_NOMEM;
    return gw_admin_reply_page(r, arr, &pg);
}

gw_err gw_admin_reply_items(gw_req *r, json_t *arr)
{
    return gw_reply(r, 200, json_pack("{s:o}", "items", arr));
}

/* Audit a configuration write on "kind:id" in the same transaction. */
gw_err gw_admin_audit(gw_db *tx, int64_t now, int64_t actor, const char *action, const char *kind, int64_t id,
                    const char *detail)
{
    char obj[48];
    snprintf(obj, sizeof obj, "%s:%lld", kind, (long long)id);
    return gw_audit_append(tx, now, actor, action, obj, detail);
}

const char *const gw_div_level_names[5] = { "city", "district", "street", "community", "grid" };

int gw_admin_div_level(const char *s)
{
    for (int i = 0; s && i < 5; i++)
        if (!strcmp(s, gw_div_level_names[i])) return i;
    return -1;
}
