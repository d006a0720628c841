/* ops/open311_api.c — Open311 GeoReport v2 under /open311/v2 (http://wiki.open311.org/GeoReport_v2).
 *
 * Every document is built once as a jansson value and rendered either as JSON or as XML (the
 * element names follow the spec and the real city responses: <services><service>,
 * <service_requests><request>, <service_definition>, <discovery>, <errors><error>), chosen by the
 * extension of the last path segment (".json" / ".xml"). The router matches {name} as a whole
 * segment, so "services/0101.json" arrives as "0101.json" and the extension is split here.
 *
 * Errors use the spec's format, not our usual {"error":{...}} body: a list of {code, description}
 * with the HTTP status 400 (bad parameter, naming it), 403 (api_key missing, unknown or revoked)
 * or 404 (unknown resource in the path). Handlers therefore reply themselves and return GW_OK.
 *
 * What is published, and privacy (GUIDE: personal data is masked on every public path):
 * - services: enabled subclasses (4-digit codes) with open311 = 1 whose big class is enabled.
 * - requests: tickets of those services, from every source; never the reporter's name, phone or
 *   e-mail. Addresses and free text go through core/privacy.h, the rules the tracking page uses:
 *   every run of digits in an address becomes one '*' ("文三路478号5幢301室" reads "文三路*号*幢*室");
 *   in descriptions and status notes, runs of 7 or more digits (phone, ID-card and account
 *   numbers) keep at most their first 3 and last 2 digits. Coordinates are rounded to 4 decimals.
 * - agency_responsible: the ticket's primary unit once dispatched; before that, the unit the
 *   dispatch catalogue would pick for it (what a resident wants to know: who will handle it).
 * - media_url is validated on POST but not kept (we keep photos only as uploaded attachments);
 *   GET returns null. address_id alone is refused: we have no master address repository that
 *   could resolve it, and a ticket nobody can locate cannot be dispatched.
 * - jurisdiction_id is accepted and ignored: one server serves one jurisdiction.
 */
#include "core/api.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/str.h"
#include "ops/ticket_svc.h"
#include "core/model_store.h"
#include "core/privacy.h"
#include "ops/catalogue_store.h"
#include "ops/ticket_store.h"

#define O311_BASE "/open311/v2"
#define O311_CHANGESET "2025-06-01T00:00:00+08:00" /* last change of this API's shape */
#define O311_MAX_ROWS 1000                          /* the spec's "first 1000 requests" */
#define O311_WINDOW_MS (90 * GW_MS_PER_DAY)         /* the spec's longest date range */
#define O311_MAX_CODES 32                           /* service_code values in one GET */
#define O311_URL_MAX 2048

typedef enum { FMT_JSON, FMT_XML, FMT_BAD } o311_fmt;

/* ---- format and rendering ------------------------------------------------------------- */

/* The format from the last path segment's extension; the part before it into name. */
static o311_fmt path_format(const char *path, char *name, size_t n)
{
    const char *seg = strrchr(path, '/');
    seg = seg ? seg + 1 : path;
    const char *dot = strrchr(seg, '.');
    size_t len = dot ? (size_t)(dot - seg) : strlen(seg);
    if (name && n) snprintf(name, n, "%.*s", (int)(len < n ? len : n - 1), seg);
    if (!dot) return FMT_BAD;
    if (!strcmp(dot, ".json")) return FMT_JSON;
    if (!strcmp(dot, ".xml")) return FMT_XML;
    return FMT_BAD;
}

/* The element name of one item of a list element. */
static const char *xml_item(const char *list)
{
    static const struct { const char *list, *item; } names[] = {
        { "services", "service" },     { "service_requests", "request" }, { "errors", "error" },
        { "attributes", "attribute" }, { "values", "value" },             { "endpoints", "endpoint" },
        { "formats", "format" },
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(names[i].list, list)) return names[i].item;
    return "item";
}

/* Escaped text; characters XML 1.0 cannot carry (C0 controls but tab, CR, LF) become spaces. */
static void xml_text(gw_buf *b, const char *s)
{
    const char *p = s;
    while (*p) {
        size_t run = 0;
        while (p[run] && ((unsigned char)p[run] >= 0x20 || p[run] == '\t' || p[run] == '\n' || p[run] == '\r')) run++;
        if (run) {
            char *chunk = strndup(p, run);
            if (!chunk) { b->oom = 1; return; }
            gw_buf_xml(b, chunk);
            free(chunk);
            p += run;
        }
        if (*p) { gw_buf_puts(b, " "); p++; }
    }
}

static void xml_value(gw_buf *b, const char *name, json_t *v)
{
    const char *k;
    json_t *x;
    size_t i;
    switch (json_typeof(v)) {
    case JSON_NULL: gw_buf_printf(b, "<%s/>", name); return;
    case JSON_OBJECT:
        gw_buf_printf(b, "<%s>", name);
        json_object_foreach(v, k, x) xml_value(b, k, x);
        break;
    case JSON_ARRAY:
        gw_buf_printf(b, "<%s>", name);
        json_array_foreach(v, i, x) xml_value(b, xml_item(name), x);
        break;
    case JSON_STRING:
        gw_buf_printf(b, "<%s>", name);
        xml_text(b, json_string_value(v));
        break;
    case JSON_INTEGER: gw_buf_printf(b, "<%s>%lld", name, (long long)json_integer_value(v)); break;
    case JSON_REAL: gw_buf_printf(b, "<%s>%.10g", name, json_real_value(v)); break;
    case JSON_TRUE: gw_buf_printf(b, "<%s>true", name); break;
    case JSON_FALSE: gw_buf_printf(b, "<%s>false", name); break;
    }
    gw_buf_printf(b, "</%s>", name);
}

/* Send doc (reference taken) as JSON or as XML under the root element `root`. */
static gw_err send_doc(gw_req *r, o311_fmt f, int status, const char *root, json_t *doc)
{
    if (!doc) return gw_fail(r, GW_E_NOMEM, "out of memory");
    char *data;
    size_t len = 0;
    const char *type;
    if (f == FMT_XML) {
        gw_buf b = { 0 };
        gw_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        xml_value(&b, root, doc);
        gw_buf_puts(&b, "\n");
        data = gw_buf_take(&b, &len);
        type = "text/xml; charset=utf-8";
    } else {
        data = json_dumps(doc, JSON_COMPACT | JSON_REAL_PRECISION(10));
        if (data) len = strlen(data);
        type = "application/json; charset=utf-8";
    }
    json_decref(doc);
    if (!data) return gw_fail(r, GW_E_NOMEM, "out of memory");
    return gw_reply_raw(r, status, type, data, len);
}

/* The spec's error list: [{"code":status,"description":...}] / <errors><error>...; returns GW_OK
 * (the reply is complete) unless even that could not be built. */
static gw_err o311_error(gw_req *r, o311_fmt f, int status, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static gw_err o311_error(gw_req *r, o311_fmt f, int status, const char *fmt, ...)
{
    char desc[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(desc, sizeof desc, fmt, ap);
    va_end(ap);
    return send_doc(r, f == FMT_BAD ? FMT_JSON : f, status, "errors",
                    json_pack("[{s:i,s:s}]", "code", status, "description", desc));
}

gw_err api_o311_error_reply(gw_req *r, int status, const char *description)
{
    return o311_error(r, path_format(r->path, NULL, 0), status, "%s", description);
}

/* ---- text helpers ---------------------------------------------------------------------- */

/* Code points in s, or -1 when s is not valid UTF-8 or holds control characters other than
 * tab, CR and LF (multiline) or any at all (!multiline). */
static long utf8_chars(const char *s, int multiline)
{
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;
    while (*p) {
        unsigned c = *p;
        int extra;
        unsigned cp;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) {
                if (!multiline || !(c == '\t' || c == '\n' || c == '\r')) return -1;
            }
            p++, n++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) extra = 1, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef) extra = 2, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4) extra = 3, cp = c & 0x07;
        else return -1;
        for (int i = 1; i <= extra; i++) {
            if ((p[i] & 0xc0) != 0x80) return -1;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if ((extra == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (extra == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return -1;
        p += extra + 1;
        n++;
    }
    return n;
}

static json_t *public_text(const char *s)
{
    if (!s || !*s) return json_null();
    size_t n = strlen(s) + 1;
    char *m = malloc(n);
    if (m) gw_mask_numbers(s, m, n);
    json_t *v = m ? json_string(m) : NULL;
    free(m);
    return v ? v : json_null();
}

static json_t *w3c_time(int64_t ms)
{
    if (!ms) return json_null();
    char buf[32];
    gw_clock_w3c_cst(ms, buf, sizeof buf);
    return json_string(buf);
}

static json_t *coord(double v) { return json_real(round(v * 1e4) / 1e4); }

/* A strict decimal number (no hex, inf or nan) within [lo, hi]. */
static int parse_coord(const char *s, double lo, double hi, double *out)
{
    if (!s || !*s || strlen(s) > 32) return 0;
    for (const char *p = s; *p; p++)
        if (!strchr("0123456789+-.eE", *p)) return 0;
    char *end;
    double v = strtod(s, &end);
    if (*end || !isfinite(v) || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}


/* ---- services -------------------------------------------------------------------------- */

typedef struct {
    int64_t id;
    char code[16];
    char name[128];
    char group[128];
    char kind[8];
    int handle_hours;
} o311_svc;

typedef struct {
    o311_svc *v;
    size_t n;
} o311_svcs;

static int code_is_subclass(const char *code)
{
    if (strlen(code) != 4) return 0;
    for (int i = 0; i < 4; i++)
        if (code[i] < '0' || code[i] > '9') return 0;
    return 1;
}

/* Fill *s from category c when it is published; 0 when it is not. */
static int published(gw_db *db, const gw_category_row *c, o311_svc *s)
{
    if (!c->enabled || !c->open311 || !c->parent_id || !code_is_subclass(c->code)) return 0;
    gw_category_row big;
    if (gw_store_category_get(db, c->parent_id, &big) != GW_OK || !big.enabled) return 0;
    memset(s, 0, sizeof *s);
    s->id = c->id;
    snprintf(s->code, sizeof s->code, "%s", c->code);
    snprintf(s->name, sizeof s->name, "%s", c->name);
    snprintf(s->group, sizeof s->group, "%s", big.name);
    snprintf(s->kind, sizeof s->kind, "%s", c->kind);
    s->handle_hours = c->handle_hours;
    return 1;
}

static int svc_cmp(const void *a, const void *b) { return strcmp(((const o311_svc *)a)->code, ((const o311_svc *)b)->code); }

/* Every published service, ordered by code. The caller frees out->v. */
static gw_err load_services(gw_db *db, o311_svcs *out)
{
    out->v = NULL;
    out->n = 0;
    json_t *arr = NULL;
    gw_err e = gw_store_category_list(db, &arr);
    if (e) return e;
    size_t cap = json_array_size(arr);
    out->v = calloc(cap ? cap : 1, sizeof *out->v);
    if (!out->v) { json_decref(arr); return GW_E_NOMEM; }
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        gw_category_row c;
        json_t *id = json_object_get(x, "id"), *code = json_object_get(x, "code");
        if (json_is_integer(id)) e = gw_store_category_get(db, (int64_t)json_integer_value(id), &c);
        else if (json_is_string(code)) e = gw_store_category_by_code(db, json_string_value(code), &c);
        else continue;
        if (e == GW_E_NOT_FOUND) continue;
        if (e) break;
        if (published(db, &c, &out->v[out->n])) out->n++;
    }
    json_decref(arr);
    if (e && e != GW_E_NOT_FOUND) { free(out->v); out->v = NULL; out->n = 0; return e; }
    if (out->n) qsort(out->v, out->n, sizeof *out->v, svc_cmp);
    return GW_OK;
}

static const o311_svc *svc_by_id(const o311_svcs *s, int64_t id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].id == id) return &s->v[i];
    return NULL;
}

static const o311_svc *svc_by_code(const o311_svcs *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].code, code)) return &s->v[i];
    return NULL;
}

/* One published service by code: GW_E_NOT_FOUND when there is none. */
static gw_err find_service(gw_db *db, const char *code, o311_svc *s)
{
    gw_category_row c;
    if (!code_is_subclass(code)) return GW_E_NOT_FOUND;
    gw_err e = gw_store_category_by_code(db, code, &c);
    if (e) return e;
    return published(db, &c, s) ? GW_OK : GW_E_NOT_FOUND;
}

static int is_part(const o311_svc *s) { return !strcmp(s->kind, "part"); }

static json_t *service_json(const o311_svc *s)
{
    const char *kind = is_part(s) ? "部件" : "事件";
    char desc[512], kw[400];
    snprintf(desc, sizeof desc, "%s类 · %s / %s。派单后 %d 小时内处置。", kind, s->group, s->name, s->handle_hours);
    snprintf(kw, sizeof kw, "%s,%s,%s", s->name, s->group, kind);
    return json_pack("{s:s,s:s,s:s,s:b,s:s,s:s,s:s}", "service_code", s->code, "service_name", s->name,
                     "description", desc, "metadata", is_part(s), "type", "realtime", "keywords", kw, "group", s->group);
}

/* The one attribute we define: urgency of a 部件 (part) report. */
static const struct { const char *key, *name; } urgency_values[] = { { "1", "一般" }, { "2", "紧急" }, { "3", "特急" } };

static json_t *attributes_json(const o311_svc *s)
{
    json_t *attrs = json_array();
    if (!attrs || !is_part(s)) return attrs;
    json_t *vals = json_array();
    for (size_t i = 0; vals && i < sizeof urgency_values / sizeof *urgency_values; i++)
        json_array_append_new(vals, json_pack("{s:s,s:s}", "key", urgency_values[i].key, "name", urgency_values[i].name));
    json_t *a = json_pack("{s:b,s:s,s:s,s:b,s:s,s:i,s:s,s:o}", "variable", 1, "code", "urgency", "datatype",
                          "singlevaluelist", "required", 0, "datatype_description", "1 一般, 2 紧急, 3 特急", "order", 1,
                          "description", "紧急程度（部件损坏危及安全时选紧急或特急）", "values", vals ? vals : json_array());
    if (a) json_array_append_new(attrs, a);
    return attrs;
}

/* ---- requests as published -------------------------------------------------------------- */

static const char *state_note(gw_ticket_state s)
{
    switch (s) {
    case GW_T_REPORTED: return "已上报，等待受理";
    case GW_T_ACCEPTED: return "已受理，等待派单";
    case GW_T_DISPATCHED: return "已派单，等待处置单位签收";
    case GW_T_SIGNED: return "处置单位已签收，正在处置";
    case GW_T_RETURNED: return "已退回指挥中心，重新派单中";
    case GW_T_SUSPENDED: return "已挂账，暂缓处置";
    case GW_T_HANDLED: return "已处置，等待核查";
    case GW_T_CLOSED: return "已结案";
    case GW_T_INVALID: return "已作废";
    default: return "处理中";
    }
}

static int is_closed(gw_ticket_state s) { return s == GW_T_CLOSED || s == GW_T_INVALID; }

/* The state in words, with the public reply (答复口径) of the staff action that led to it — never
 * its internal note. Ratings and system entries carry no public reply. */
static json_t *status_notes(gw_db *db, const gw_ticket_row *t)
{
    const char *base = state_note(t->t.state);
    const char *state = gw_ticket_state_name(t->t.state);
    json_t *tl = NULL, *out = NULL;
    if (gw_store_timeline_list(db, t->id, 1, &tl) == GW_OK) {
        for (size_t i = json_array_size(tl); i-- > 0;) {
            json_t *e = json_array_get(tl, i);
            const char *to = json_string_value(json_object_get(e, "to"));
            const char *act = json_string_value(json_object_get(e, "action"));
            const char *note = json_string_value(json_object_get(e, "public_reply"));
            if (!to || strcmp(to, state) != 0) break;
            int a = act ? gw_action_parse(act) : -1;
            if (a < 0 || a == GW_A_RATE || !note || !*note) continue;
            size_t mn = strlen(note) + 1;
            char *masked = malloc(mn);
            if (masked) {
                gw_mask_numbers(note, masked, mn);
                size_t n = strlen(base) + strlen(masked) + 8;
                char *s = malloc(n);
                if (s) {
                    snprintf(s, n, "%s：%s", base, masked);
                    out = json_string(s);
                    free(s);
                }
                free(masked);
            }
            break;
        }
    }
    json_decref(tl);
    return out ? out : json_string(base);
}

/* The unit handling the ticket, or for an open ticket not yet dispatched the one routing would
 * choose; "" when there is none. */
static void agency_of(gw_db *db, const gw_ticket_row *t, char *out, size_t n)
{
    out[0] = 0;
    int64_t unit = t->t.unit_id;
    if (!unit && !is_closed(t->t.state)) {
        gw_route_rule rule;
        if (gw_ticket_route(db, t->category_id, t->division_id, &rule) == GW_OK) unit = rule.unit_id;
    }
    if (unit) gw_store_unit_name(db, unit, out, n);
}

static json_t *service_notice(const o311_svc *s)
{
    char buf[512];
    snprintf(buf, sizeof buf, "按「%s / %s」处置，派单后 %d 小时内办结", s->group, s->name, s->handle_hours);
    return json_string(buf);
}

static json_t *request_json(gw_db *db, const o311_svc *s, const gw_ticket_row *t)
{
    char id[24], agency[1024], addr[sizeof t->address];
    snprintf(id, sizeof id, "%lld", (long long)t->id);
    agency_of(db, t, agency, sizeof agency);
    gw_mask_address(t->address, addr, sizeof addr);
    int64_t updated = is_closed(t->t.state) && t->t.closed_at_ms ? t->t.closed_at_ms : t->updated_ms;
    if (updated < t->created_ms) updated = t->created_ms;
    return json_pack("{s:s,s:s,s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:n,s:n,s:o,s:o,s:n}",
                     "service_request_id", id, "status", is_closed(t->t.state) ? "closed" : "open",
                     "status_notes", status_notes(db, t), "service_name", s->name, "service_code", s->code,
                     "description", public_text(t->description),
                     "agency_responsible", agency[0] ? json_string(agency) : json_null(),
                     "service_notice", service_notice(s), "requested_datetime", w3c_time(t->created_ms),
                     "updated_datetime", w3c_time(updated), "expected_datetime", w3c_time(t->t.handle_due_ms),
                     "address", addr[0] ? json_string(addr) : json_null(), "address_id", "zipcode",
                     "lat", t->has_location ? coord(t->lat) : json_null(),
                     "long", t->has_location ? coord(t->lon) : json_null(), "media_url");
}

/* ---- handlers ----------------------------------------------------------------------------- */

gw_err api_o311_discovery(gw_req *r)
{
    o311_fmt f = path_format(r->path, NULL, 0);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    /* An absolute URL when the Host header is a plain host[:port]; else the path alone. */
    char url[300] = O311_BASE;
    const char *host = gw_req_header(r, "Host");
    int host_ok = host && *host && strlen(host) < 200;
    for (const char *p = host; host_ok && *p; p++)
        host_ok = isalnum((unsigned char)*p) || strchr(".-:[]", *p);
    const char *proto = gw_req_header(r, "X-Forwarded-Proto");
    if (host_ok) snprintf(url, sizeof url, "%s://%s%s", proto && !strcmp(proto, "https") ? "https" : "http", host, O311_BASE);
    json_t *doc = json_pack("{s:s,s:s,s:s,s:[{s:s,s:s,s:s,s:s,s:[s,s]}]}", "changeset", O311_CHANGESET,
                            "contact", "城市运行管理指挥中心（一网统管）：请联系本系统管理员",
                            "key_service", "API keys are issued by the administrator (gridwork apikey add --name NAME)",
                            "endpoints", "specification", "http://wiki.open311.org/GeoReport_v2", "url", url,
                            "changeset", O311_CHANGESET, "type", "production", "formats", "application/json", "text/xml");
    return send_doc(r, f, 200, "discovery", doc);
}

/* Answer 400 (1) when the query string holds a key not in allowed; 0 when it does not. */
static int unknown_query(gw_req *r, o311_fmt f, const char *const *allowed)
{
    char key[48];
    if (!gw_req_unknown_query(r, allowed, key, sizeof key)) return 0;
    o311_error(r, f, 400, "unknown query parameter '%s'", key);
    return 1;
}

gw_err api_o311_services(gw_req *r)
{
    static const char *const keys[] = { "jurisdiction_id", "api_key", NULL }; /* the spec's, ignored */
    o311_fmt f = path_format(r->path, NULL, 0);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    if (unknown_query(r, f, keys)) return GW_OK;
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return o311_error(r, f, 503, "the database is not available");
    o311_svcs svcs;
    gw_err e = load_services(db, &svcs);
    gw_store_read_end(r->store, db);
    if (e) return o311_error(r, f, 500, "could not read the services");
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < svcs.n; i++) json_array_append_new(arr, service_json(&svcs.v[i]));
    free(svcs.v);
    return send_doc(r, f, 200, "services", arr);
}

gw_err api_o311_service_def(gw_req *r)
{
    char code[32];
    o311_fmt f = path_format(r->path, code, sizeof code);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return o311_error(r, f, 503, "the database is not available");
    o311_svc s;
    gw_err e = find_service(db, code, &s);
    gw_store_read_end(r->store, db);
    if (e == GW_E_NOT_FOUND) return o311_error(r, f, 404, "service_code '%s' is not a known service", code);
    if (e) return o311_error(r, f, 500, "could not read the service");
    return send_doc(r, f, 200, "service_definition",
                    json_pack("{s:s,s:o}", "service_code", s.code, "attributes", attributes_json(&s)));
}

/* A POST field, from the form body or else the query string (some clients put api_key there). */
static const char *field(gw_req *r, const char *key)
{
    const char *v = gw_req_form(r, key);
    if (!v) v = gw_req_query(r, key);
    return v && *v ? v : NULL;
}

/* Check an optional text field: valid UTF-8, no control characters (except in multiline text),
 * at most max characters. 0 when fine, else the request has been answered with a 400. */
static int bad_text(gw_req *r, o311_fmt f, const char *name, const char *v, long max, int multiline)
{
    if (!v) return 0;
    long n = utf8_chars(v, multiline);
    if (n < 0) { o311_error(r, f, 400, "%s must be UTF-8 text without control characters", name); return 1; }
    if (n > max) { o311_error(r, f, 400, "%s is longer than %ld characters", name, max); return 1; }
    return 0;
}

static int is_ascii_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0x80) return 0;
    return 1;
}

gw_err api_o311_requests_post(gw_req *r)
{
    o311_fmt f = path_format(r->path, NULL, 0);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    const char *ct = gw_req_header(r, "Content-Type");
    if (r->body_len && (!ct || (strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0 &&
                                strncasecmp(ct, "multipart/form-data", 19) != 0)))
        return o311_error(r, f, 400, "send the fields as application/x-www-form-urlencoded");

    /* 1. who is posting */
    const char *key = field(r, "api_key");
    if (!key) return o311_error(r, f, 403, "api_key is required to create a service request");
    int64_t key_id = 0;
    gw_err e = gw_auth_apikey(r->store, key, &key_id);
    if (e == GW_E_FORBIDDEN) return o311_error(r, f, 403, "api_key is not valid (unknown or revoked)");
    if (e) return o311_error(r, f, 500, "could not check the api_key");

    /* 2. what: the service and its attribute */
    const char *code = field(r, "service_code");
    if (!code) return o311_error(r, f, 400, "service_code is required");
    if (strlen(code) > 16 || utf8_chars(code, 0) < 0) return o311_error(r, f, 400, "service_code is not a known service");
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return o311_error(r, f, 503, "the database is not available");
    o311_svc s;
    e = find_service(db, code, &s);
    gw_store_read_end(r->store, db);
    if (e == GW_E_NOT_FOUND) return o311_error(r, f, 400, "service_code '%s' is not a known service", code);
    if (e) return o311_error(r, f, 500, "could not read the service");

    int urgency = 0;
    const char *att = field(r, "attribute[urgency]");
    if (att) {
        if (!is_part(&s)) return o311_error(r, f, 400, "attribute[urgency]: service %s defines no attributes", s.code);
        for (size_t i = 0; i < sizeof urgency_values / sizeof *urgency_values; i++)
            if (!strcmp(att, urgency_values[i].key)) urgency = (int)i + 1;
        if (!urgency) return o311_error(r, f, 400, "attribute[urgency] must be one of 1, 2, 3");
    }

    /* 3. where: lat+long, or an address */
    const char *lat_s = field(r, "lat"), *lon_s = field(r, "long");
    const char *addr = field(r, "address_string"), *addr_id = field(r, "address_id");
    double lat = 0, lon = 0;
    if (lat_s && !parse_coord(lat_s, -90, 90, &lat)) return o311_error(r, f, 400, "lat must be a number from -90 to 90 (WGS-84)");
    if (lon_s && !parse_coord(lon_s, -180, 180, &lon)) return o311_error(r, f, 400, "long must be a number from -180 to 180 (WGS-84)");
    if (!lat_s != !lon_s) return o311_error(r, f, 400, "%s is required with %s", lat_s ? "long" : "lat", lat_s ? "lat" : "long");
    if (bad_text(r, f, "address_string", addr, GW_ADDR_MAX, 0)) return GW_OK;
    if (bad_text(r, f, "address_id", addr_id, 64, 0)) return GW_OK;
    if (!lat_s && !addr) {
        if (addr_id) return o311_error(r, f, 400, "address_id cannot be resolved here; send lat and long or address_string");
        return o311_error(r, f, 400, "a location is required: lat and long, or address_string");
    }

    /* 4. the rest: description and the reporter (kept for the dispatcher, never published) */
    const char *desc = field(r, "description");
    const char *first = field(r, "first_name"), *last = field(r, "last_name");
    const char *phone = field(r, "phone"), *email = field(r, "email"), *media = field(r, "media_url");
    if (bad_text(r, f, "description", desc, GW_DESC_MAX, 1)) return GW_OK;
    if (bad_text(r, f, "first_name", first, GW_NAME_MAX, 0)) return GW_OK;
    if (bad_text(r, f, "last_name", last, GW_NAME_MAX, 0)) return GW_OK;
    if (email && (strlen(email) > 254 || !strchr(email, '@') || strchr(email, ' ') || utf8_chars(email, 0) < 0))
        return o311_error(r, f, 400, "email is not an e-mail address");
    if (media) {
        int ok = strlen(media) <= O311_URL_MAX && (!strncmp(media, "http://", 7) || !strncmp(media, "https://", 8));
        for (const unsigned char *p = (const unsigned char *)media; ok && *p; p++) ok = *p > 0x20 && *p < 0x7f;
        if (!ok) return o311_error(r, f, 400, "media_url must be an http(s) URL of at most %d characters", O311_URL_MAX);
    }
    char phone_n[32] = "";
    if (phone) { /* digits with an optional leading '+' and '-'; spaces, dots and brackets dropped */
        size_t o = 0;
        for (const char *p = phone; *p; p++) {
            if (strchr(" .()", *p)) continue;
            if (o + 1 >= sizeof phone_n) return o311_error(r, f, 400, "phone is too long");
            phone_n[o++] = *p;
        }
        phone_n[o] = 0; /* whether it is a phone number is the report's rule (gw_ticket_report) */
    }
    char name[GW_NAME_MAX * 8 + 2] = "";
    if (first && last) { /* 张 + 三 for Chinese names, "Jane Doe" for Latin ones */
        if (is_ascii_text(first) && is_ascii_text(last)) snprintf(name, sizeof name, "%s %s", first, last);
        else snprintf(name, sizeof name, "%s%s", last, first);
    } else if (first || last) {
        snprintf(name, sizeof name, "%s", first ? first : last);
    }
    if (name[0] && utf8_chars(name, 0) > GW_NAME_MAX) return o311_error(r, f, 400, "first_name and last_name together are longer than %d characters", GW_NAME_MAX);
    char desc_fallback[160];
    if (!desc) snprintf(desc_fallback, sizeof desc_fallback, "（%s）", s.name);

    gw_principal who = { 0 };
    who.role = GW_R_RESIDENT;
    who.user_id = 0;
    gw_report rep = { 0 };
    rep.source = "open311";
    rep.category_id = s.id;
    rep.has_location = lat_s != NULL;
    rep.lat = lat;
    rep.lon = lon;
    rep.address = addr;
    rep.description = desc ? desc : desc_fallback;
    rep.urgency = urgency;
    rep.reporter_name = name[0] ? name : NULL;
    rep.reporter_phone = phone_n[0] ? phone_n : NULL;
    rep.api_key_id = key_id;
    gw_ticket_row *row = malloc(sizeof *row);
    if (!row) return o311_error(r, f, 500, "out of memory");
    char msg[256] = "";
    e = gw_ticket_report(r->store, &who, &rep, row, msg, sizeof msg);
    if (e == GW_E_INVALID || e == GW_E_NOT_FOUND || e == GW_E_TOO_LARGE) {
        free(row);
        return o311_error(r, f, 400, "%s", msg[0] ? msg : "the request is not valid");
    }
    if (e) {
        free(row);
        return o311_error(r, f, e == GW_E_UNAVAILABLE ? 503 : 500, "%s", "could not store the request; try again");
    }
    char id[24], notice[512];
    snprintf(id, sizeof id, "%lld", (long long)row->id);
    snprintf(notice, sizeof notice, "已收到，等待指挥中心受理；按「%s / %s」派单后 %d 小时内办结", s.group, s.name, s.handle_hours);
    /* GeoReport v2: the id when the request is created at once (here), a token only when the id comes
     * later; so no token. tokens/{token} still resolves the track code for clients that kept one. */
    json_t *doc = json_pack("[{s:s,s:s,s:n}]", "service_request_id", id, "service_notice", notice, "account_id");
    free(row);
    return send_doc(r, f, 200, "service_requests", doc);
}

/* ---- GET requests ------------------------------------------------------------------------- */

typedef struct {
    int64_t *v;
    size_t n, cap;
} idvec;

static int idvec_push(idvec *a, int64_t id)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        int64_t *p = realloc(a->v, cap * sizeof *p);
        if (!p) return -1;
        a->v = p;
        a->cap = cap;
    }
    a->v[a->n++] = id;
    return 0;
}

static int id_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* What a GET requests.{fmt} asks for. */
typedef struct {
    const o311_svcs *svcs;
    const o311_svc *codes[O311_MAX_CODES]; /* service_code filter; n_codes 0 = every service */
    int n_codes;
    int want_open, want_closed;
    int64_t from_ms, to_ms;
    int limit;
} o311_query;

/* Append up to q->limit ids of published tickets matching one (category, state) slice. */
static gw_err collect(gw_db *db, const o311_query *q, int64_t category_id, int state, idvec *ids)
{
    gw_principal all = { 0 }; /* the store lists by principal: Open311 is the whole city's view */
    all.role = GW_R_ADMIN;
    snprintf(all.div_path, sizeof all.div_path, "/");
    gw_ticket_filter flt = { 0 };
    flt.state = state;
    flt.category_id = category_id;
    flt.from_ms = q->from_ms;
    flt.to_ms = q->to_ms;
    flt.limit = 200;
    int got = 0;
    for (;;) {
        json_t *page = NULL;
        int64_t next = 0;
        gw_err e = gw_store_ticket_list(db, &all, &flt, &page, &next);
        if (e) return e;
        size_t i;
        json_t *x;
        json_array_foreach(page, i, x) {
            const char *code = json_string_value(json_object_get(json_object_get(x, "category"), "code"));
            int st = gw_ticket_state_parse(json_string_value(json_object_get(x, "state")));
            json_t *idv = json_object_get(x, "id");
            if (!code || st < 0 || !json_is_integer(idv) || !svc_by_code(q->svcs, code)) continue;
            if (is_closed((gw_ticket_state)st) ? !q->want_closed : !q->want_open) continue;
            if (got >= q->limit) break;
            if (idvec_push(ids, (int64_t)json_integer_value(idv))) { json_decref(page); return GW_E_NOMEM; }
            got++;
        }
        json_decref(page);
        if (!next || got >= q->limit) return GW_OK;
        flt.cursor = next;
    }
}

/* Render the requests with these ids (newest first, published ones only) as a document. */
static gw_err render_requests(gw_db *db, const o311_svcs *svcs, const int64_t *ids, size_t n, size_t limit,
                              json_t **out)
{
    json_t *arr = json_array();
    gw_ticket_row *row = malloc(sizeof *row);
    if (!arr || !row) { json_decref(arr); free(row); return GW_E_NOMEM; }
    gw_err e = GW_OK;
    for (size_t i = 0; i < n && json_array_size(arr) < limit; i++) {
        e = gw_store_ticket_get(db, ids[i], row);
        if (e == GW_E_NOT_FOUND) { e = GW_OK; continue; }
        if (e) break;
        const o311_svc *s = svc_by_id(svcs, row->category_id);
        if (!s) continue;
        json_t *rq = request_json(db, s, row);
        if (!rq) { e = GW_E_NOMEM; break; }
        json_array_append_new(arr, rq);
    }
    free(row);
    if (e) { json_decref(arr); return e; }
    *out = arr;
    return GW_OK;
}

/* Parse the GET filters into *q (0), or answer with a 400 (1). */
static int parse_query(gw_req *r, o311_fmt f, o311_query *q)
{
    const char *ps = gw_req_query(r, "page_size");
    q->limit = O311_MAX_ROWS;
    if (ps && *ps) {
        int64_t v;
        if (!(v = gw_parse_id(ps)) || v > O311_MAX_ROWS) {
            o311_error(r, f, 400, "page_size must be a whole number from 1 to %d", O311_MAX_ROWS);
            return 1;
        }
        q->limit = (int)v;
    }

    const char *status = gw_req_query(r, "status");
    if (status && *status) {
        char buf[64];
        if (strlen(status) >= sizeof buf) { o311_error(r, f, 400, "status must be open, closed or both"); return 1; }
        snprintf(buf, sizeof buf, "%s", status);
        char *save = NULL;
        for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            while (*t == ' ') t++;
            if (!strcmp(t, "open")) q->want_open = 1;
            else if (!strcmp(t, "closed")) q->want_closed = 1;
            else { o311_error(r, f, 400, "status must be open, closed or both (comma separated)"); return 1; }
        }
    }
    if (!q->want_open && !q->want_closed) q->want_open = q->want_closed = 1;

    const char *codes = gw_req_query(r, "service_code");
    if (codes && *codes) {
        char buf[O311_MAX_CODES * 8];
        if (strlen(codes) >= sizeof buf) { o311_error(r, f, 400, "service_code lists at most %d codes", O311_MAX_CODES); return 1; }
        snprintf(buf, sizeof buf, "%s", codes);
        char *save = NULL;
        for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
            while (*t == ' ') t++;
            const o311_svc *s = svc_by_code(q->svcs, t);
            if (!s) {
                o311_error(r, f, 400, "service_code '%.32s' is not a known service", utf8_chars(t, 0) < 0 ? "?" : t);
                return 1;
            }
            if (q->n_codes == O311_MAX_CODES) { o311_error(r, f, 400, "service_code lists at most %d codes", O311_MAX_CODES); return 1; }
            int dup = 0;
            for (int i = 0; i < q->n_codes; i++) dup |= q->codes[i] == s;
            if (!dup) q->codes[q->n_codes++] = s;
        }
    }

    /* The window: at most 90 days; a missing end is the start + 90 days (or now), a missing
     * start the end - 90 days. Both dates inclusive, as W3C datetimes (a date alone = midnight UTC). */
    const char *sd = gw_req_query(r, "start_date"), *ed = gw_req_query(r, "end_date");
    int64_t start = 0, end = 0, now = gw_now_ms();
    if (sd && *sd && gw_clock_parse(sd, &start)) { o311_error(r, f, 400, "start_date must be a W3C datetime, e.g. 2024-05-01T00:00:00+08:00"); return 1; }
    if (ed && *ed && gw_clock_parse(ed, &end)) { o311_error(r, f, 400, "end_date must be a W3C datetime, e.g. 2024-05-31T23:59:59+08:00"); return 1; }
    int has_s = sd && *sd, has_e = ed && *ed;
    if (!has_s && !has_e) { end = now; start = now - O311_WINDOW_MS; }
    else if (!has_e) end = start + O311_WINDOW_MS;
    else if (!has_s) start = end - O311_WINDOW_MS;
    if (end < start) { o311_error(r, f, 400, "end_date is before start_date"); return 1; }
    if (end - start > O311_WINDOW_MS) { o311_error(r, f, 400, "start_date to end_date spans more than 90 days"); return 1; }
    q->from_ms = start;
    q->to_ms = end + 1;
    return 0;
}

gw_err api_o311_requests_get(gw_req *r)
{
    /* GeoReport v2's parameters (jurisdiction_id and api_key accepted and ignored) and our page_size */
    static const char *const keys[] = { "jurisdiction_id", "api_key", "service_request_id", "service_code",
        "start_date", "end_date", "status", "page_size", NULL };
    o311_fmt f = path_format(r->path, NULL, 0);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    if (unknown_query(r, f, keys)) return GW_OK;
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return o311_error(r, f, 503, "the database is not available");
    o311_svcs svcs;
    gw_err e = load_services(db, &svcs);
    if (e) { gw_store_read_end(r->store, db); return o311_error(r, f, 500, "could not read the services"); }
    o311_query q = { 0 };
    q.svcs = &svcs;
    idvec ids = { 0 };
    json_t *doc = NULL;
    int answered = parse_query(r, f, &q);

    const char *want = gw_req_query(r, "service_request_id");
    if (!answered && want && *want) { /* a list of ids overrides every other filter */
        char *buf = strdup(want), *save = NULL;
        if (!buf) e = GW_E_NOMEM;
        for (char *t = buf ? strtok_r(buf, ",", &save) : NULL; t && !answered; t = strtok_r(NULL, ",", &save)) {
            while (*t == ' ') t++;
            int64_t id;
            if (!(id = gw_parse_id(t))) { o311_error(r, f, 400, "service_request_id must be a comma separated list of ids"); answered = 1; }
            else if (ids.n >= O311_MAX_ROWS) { o311_error(r, f, 400, "at most %d service_request_id values", O311_MAX_ROWS); answered = 1; }
            else if (idvec_push(&ids, id)) e = GW_E_NOMEM;
        }
        free(buf);
        if (!answered && !e) e = render_requests(db, &svcs, ids.v, ids.n, O311_MAX_ROWS, &doc);
    } else if (!answered) {
        /* One store query per (service, state) slice; "closed" is our closed + invalid. */
        int states[2], n_states = 0;
        if (q.want_closed && !q.want_open) states[n_states++] = GW_T_CLOSED, states[n_states++] = GW_T_INVALID;
        else states[n_states++] = -1;
        int n_cat = q.n_codes ? q.n_codes : 1;
        for (int c = 0; !e && c < n_cat; c++)
            for (int s = 0; !e && s < n_states; s++)
                e = collect(db, &q, q.n_codes ? q.codes[c]->id : 0, states[s], &ids);
        if (!e) {
            if (ids.n) qsort(ids.v, ids.n, sizeof *ids.v, id_desc);
            size_t u = 0;
            for (size_t i = 0; i < ids.n; i++)
                if (!u || ids.v[u - 1] != ids.v[i]) ids.v[u++] = ids.v[i];
            e = render_requests(db, &svcs, ids.v, u, (size_t)q.limit, &doc);
        }
    }
    gw_store_read_end(r->store, db);
    free(ids.v);
    free(svcs.v);
    if (answered) { json_decref(doc); return GW_OK; }
    if (e) return o311_error(r, f, 500, "could not read the requests");
    return send_doc(r, f, 200, "service_requests", doc);
}

gw_err api_o311_request_get(gw_req *r)
{
    char name[32];
    o311_fmt f = path_format(r->path, name, sizeof name);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    int64_t id;
    if (!(id = gw_parse_id(name))) return o311_error(r, f, 404, "service request '%s' does not exist", utf8_chars(name, 0) < 0 ? "?" : name);
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return o311_error(r, f, 503, "the database is not available");
    o311_svcs svcs;
    json_t *doc = NULL;
    gw_err e = load_services(db, &svcs);
    if (!e) e = render_requests(db, &svcs, &id, 1, 1, &doc);
    gw_store_read_end(r->store, db);
    free(svcs.v);
    if (e) return o311_error(r, f, 500, "could not read the request");
    if (json_array_size(doc) == 0) {
        json_decref(doc);
        return o311_error(r, f, 404, "service request '%lld' does not exist", (long long)id);
    }
    return send_doc(r, f, 200, "service_requests", doc);
}

gw_err api_o311_token_get(gw_req *r)
{
    char token[GW_TRACK_CODE_LEN + 8];
    o311_fmt f = path_format(r->path, token, sizeof token);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    int ok = *token != 0 && strlen(token) <= GW_TRACK_CODE_LEN;
    for (const char *p = token; ok && *p; p++) ok = isalnum((unsigned char)*p);
    if (!ok) return o311_error(r, f, 404, "token does not exist");
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return o311_error(r, f, 503, "the database is not available");
    gw_ticket_row *row = malloc(sizeof *row);
    gw_err e = row ? gw_store_ticket_by_code(db, token, row) : GW_E_NOMEM;
    gw_store_read_end(r->store, db);
    if (e) {
        free(row);
        return e == GW_E_NOT_FOUND ? o311_error(r, f, 404, "token does not exist")
                                   : o311_error(r, f, 500, "could not read the token");
    }
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)row->id);
    json_t *doc = json_pack("[{s:s,s:s}]", "service_request_id", id, "token", row->track_code);
    free(row);
    return send_doc(r, f, 200, "service_requests", doc);
}
