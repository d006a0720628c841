/* ops/open311_api.c — Open311 GeoReport v2 under /open311/v2 (http://wiki.open311.org/GeoReport_v2).
 *
 * The handlers; the documents and their JSON/XML rendering are in open311_view.c, the decoding of
 * what a client sends in open311_form.c. Every document is built once as a jansson value and
 * rendered as JSON or XML, chosen by the extension of the last path segment (".json" / ".xml").
 * The router matches {name} as a whole segment, so "services/0101.json" arrives as "0101.json"
 * and the extension is split there.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/clock.h"
#include "base/str.h"
#include "ops/review_svc.h"
#include "ops/catalogue_store.h"
#include "ops/open311_form.h"
#include "ops/open311_view.h"
#include "ops/ticket_store.h"
#include "ops/ticket_svc.h"
#include "ops/ticket_view.h"

/* ---- services -------------------------------------------------------------------------- */

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
    gw_category_item *rows = NULL;
    size_t n = 0;
    gw_err e = gw_store_category_list(db, &rows, &n);
    if (!e && !(out->v = calloc(n ? n : 1, sizeof *out->v))) e = GW_E_NOMEM;
    for (size_t i = 0; !e && i < n; i++)
        if (published(db, &rows[i].c, &out->v[out->n])) out->n++;
    free(rows);
    if (e) { free(out->v); out->v = NULL; out->n = 0; return e; }
    if (out->n) qsort(out->v, out->n, sizeof *out->v, svc_cmp);
    return GW_OK;
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

/* ---- handlers ----------------------------------------------------------------------------- */

gw_err api_o311_discovery(gw_req *r)
{
    o311_fmt f = o311_path_format(r->path, NULL, 0);
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
    return o311_send(r, f, 200, "discovery", doc);
}

gw_err api_o311_services(gw_req *r)
{
    static const char *const keys[] = { "jurisdiction_id", "api_key", NULL }; /* the spec's, ignored */
    o311_fmt f = o311_path_format(r->path, NULL, 0);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    if (o311_unknown_query(r, f, keys)) return GW_OK;
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return o311_error(r, f, 503, "the database is not available");
    o311_svcs svcs;
    gw_err e = load_services(db, &svcs);
    gw_store_read_end(r->store, db);
    if (e) return o311_error(r, f, 500, "could not read the services");
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < svcs.n; i++) json_array_append_new(arr, o311_service_json(&svcs.v[i]));
    free(svcs.v);
    return o311_send(r, f, 200, "services", arr);
}

gw_err api_o311_service_def(gw_req *r)
{
    char code[32];
    o311_fmt f = o311_path_format(r->path, code, sizeof code);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return o311_error(r, f, 503, "the database is not available");
    o311_svc s;
    gw_err e = find_service(db, code, &s);
    gw_store_read_end(r->store, db);
    if (e == GW_E_NOT_FOUND) return o311_error(r, f, 404, "service_code '%s' is not a known service", code);
    if (e) return o311_error(r, f, 500, "could not read the service");
    return o311_send(r, f, 200, "service_definition",
                    json_pack("{s:s,s:o}", "service_code", s.code, "attributes", o311_attributes_json(&s)));
}

/* ---- POST requests ----------------------------------------------------------------------- */

/* Who is posting: the key's id into *key_id; 1 when the request has been answered (403/500). */
static int post_key(gw_req *r, o311_fmt f, int64_t *key_id)
{
    const char *key = o311_field(r, "api_key");
    if (!key) return o311_error(r, f, 403, "api_key is required to create a service request"), 1;
    gw_err e = gw_auth_apikey(r->store, key, key_id);
    if (e == GW_E_FORBIDDEN) return o311_error(r, f, 403, "api_key is not valid (unknown or revoked)"), 1;
    if (e) return o311_error(r, f, 500, "could not check the api_key"), 1;
    return 0;
}

/* What: the service and its attribute; 1 when the request has been answered. */
static int post_service(gw_req *r, o311_fmt f, o311_svc *s, int *urgency)
{
    const char *code = o311_field(r, "service_code");
    memset(s, 0, sizeof *s);
    *urgency = 0;
    if (!code && !o311_field(r, "attribute[urgency]")) return 0; /* the description is classified (post_report) */
    if (!code) return o311_error(r, f, 400, "service_code is required"), 1;
    if (strlen(code) > 16 || o311_text_chars(code, 0) < 0) return o311_error(r, f, 400, "service_code is not a known service"), 1;
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return o311_error(r, f, 503, "the database is not available"), 1;
    gw_err e = find_service(db, code, s);
    gw_store_read_end(r->store, db);
    if (e == GW_E_NOT_FOUND) return o311_error(r, f, 400, "service_code '%s' is not a known service", code), 1;
    if (e) return o311_error(r, f, 500, "could not read the service"), 1;
    const char *att = o311_field(r, "attribute[urgency]");
    *urgency = 0;
    if (att) {
        if (!o311_is_part(s)) return o311_error(r, f, 400, "attribute[urgency]: service %s defines no attributes", s->code), 1;
        if (!(*urgency = o311_urgency_of(att))) return o311_error(r, f, 400, "attribute[urgency] must be one of 1, 2, 3"), 1;
    }
    return 0;
}

/* File the report as a resident's and answer with its id. */
static gw_err post_report(gw_req *r, o311_fmt f, const o311_svc *s, int urgency, int64_t key_id, const o311_post *p)
{
    char desc_fallback[GW_NAME_BUF + 8];
    if (!p->desc) snprintf(desc_fallback, sizeof desc_fallback, "（%s）", s->name);
    gw_principal who = { 0 };
    who.role = GW_R_RESIDENT;
    gw_report rep = { 0 };
    rep.source = "open311";
    rep.category_id = s->id;
    rep.has_location = p->lat_s != NULL;
    rep.lat = p->lat;
    rep.lon = p->lon;
    rep.address = p->addr;
    rep.description = p->desc ? p->desc : desc_fallback;
    rep.urgency = urgency;
    rep.reporter_name = p->name[0] ? p->name : NULL;
    rep.reporter_phone = p->phone[0] ? p->phone : NULL;
    rep.api_key_id = key_id;
    gw_intake_class cls; /* no service_code: the classifier's category, or the review queue (ops/review_svc.h) */
    int64_t cat = 0;
    if (!s->id && (!p->desc || gw_review_intake(r->store, p->desc, &cat, &cls) != GW_OK))
        return o311_error(r, f, 400, "service_code is required");
    if (!s->id) rep.category_id = cat, rep.cls = &cls;
    gw_ticket_row *row = malloc(sizeof *row);
    if (!row) return o311_error(r, f, 500, "out of memory");
    char msg[256] = "";
    gw_err e = gw_ticket_report(r->store, &who, &rep, row, msg, sizeof msg);
    if (e == GW_E_INVALID || e == GW_E_NOT_FOUND || e == GW_E_TOO_LARGE) {
        free(row);
        return o311_error(r, f, 400, "%s", msg[0] ? msg : "the request is not valid");
    }
    if (e) {
        free(row);
        return o311_error(r, f, e == GW_E_UNAVAILABLE ? 503 : 500, "%s", "could not store the request; try again");
    }
    char id[24], notice[2 * GW_NAME_BUF + 128];
    snprintf(id, sizeof id, "%lld", (long long)row->id);
    if (s->id) snprintf(notice, sizeof notice, "已收到，等待指挥中心受理；按「%s / %s」派单后 %d 小时内办结", s->group, s->name, s->handle_hours);
    else snprintf(notice, sizeof notice, "已收到，等待指挥中心分类和受理");
    free(row);
    /* GeoReport v2: the id when the request is created at once (here), a token only when the id comes
     * later; so no token. tokens/{token} still resolves the track code for clients that kept one. */
    return o311_send(r, f, 200, "service_requests",
                     json_pack("[{s:s,s:s,s:n}]", "service_request_id", id, "service_notice", notice, "account_id"));
}

gw_err api_o311_requests_post(gw_req *r)
{
    o311_fmt f = o311_path_format(r->path, NULL, 0);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    const char *ct = gw_req_header(r, "Content-Type");
    if (r->body_len && (!ct || (strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0 &&
                                strncasecmp(ct, "multipart/form-data", 19) != 0)))
        return o311_error(r, f, 400, "send the fields as application/x-www-form-urlencoded");
    int64_t key_id = 0;
    o311_svc s;
    int urgency = 0;
    o311_post p;
    memset(&p, 0, sizeof p);
    if (post_key(r, f, &key_id) || post_service(r, f, &s, &urgency)) return GW_OK;
    if (o311_form_where(r, f, &p) || o311_form_about(r, f, &p)) return GW_OK; /* the reporter: never published */
    return post_report(r, f, &s, urgency, key_id, &p);
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
        gw_err e = gw_ticket_list_json(db, &all, &flt, &page, &next);
        if (e) return e;
        size_t i;
        json_t *x;
        json_array_foreach(page, i, x) {
            const char *code = json_string_value(json_object_get(json_object_get(x, "category"), "code"));
            int st = gw_ticket_state_parse(json_string_value(json_object_get(x, "state")));
            json_t *idv = json_object_get(x, "id");
            if (!code || st < 0 || !json_is_integer(idv) || !o311_svc_by_code(q->svcs, code)) continue;
            if (o311_is_closed((gw_ticket_state)st) ? !q->want_closed : !q->want_open) continue;
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
        const o311_svc *s = o311_svc_by_id(svcs, row->category_id);
        if (!s) continue;
        json_t *rq = o311_request_json(db, s, row);
        if (!rq) { e = GW_E_NOMEM; break; }
        json_array_append_new(arr, rq);
    }
    free(row);
    if (e) { json_decref(arr); return e; }
    *out = arr;
    return GW_OK;
}

gw_err api_o311_requests_get(gw_req *r)
{
    /* GeoReport v2's parameters (jurisdiction_id and api_key accepted and ignored) and our page_size */
    static const char *const keys[] = { "jurisdiction_id", "api_key", "service_request_id", "service_code",
        "start_date", "end_date", "status", "page_size", NULL };
    o311_fmt f = o311_path_format(r->path, NULL, 0);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    if (o311_unknown_query(r, f, keys)) return GW_OK;
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return o311_error(r, f, 503, "the database is not available");
    o311_svcs svcs;
    gw_err e = load_services(db, &svcs);
    if (e) { gw_store_read_end(r->store, db); return o311_error(r, f, 500, "could not read the services"); }
    o311_query q = { 0 };
    q.svcs = &svcs;
    idvec ids = { 0 };
    json_t *doc = NULL;
    int answered = o311_parse_query(r, f, &q);

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
    return o311_send(r, f, 200, "service_requests", doc);
}

gw_err api_o311_request_get(gw_req *r)
{
    char name[32];
    o311_fmt f = o311_path_format(r->path, name, sizeof name);
    if (f == FMT_BAD) return o311_error(r, f, 404, "the format must be json or xml");
    int64_t id;
    if (!(id = gw_parse_id(name))) return o311_error(r, f, 404, "service request '%s' does not exist", o311_text_chars(name, 0) < 0 ? "?" : name);
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
    return o311_send(r, f, 200, "service_requests", doc);
}

gw_err api_o311_token_get(gw_req *r)
{
    char token[GW_TRACK_CODE_LEN + 8];
    o311_fmt f = o311_path_format(r->path, token, sizeof token);
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
    return o311_send(r, f, 200, "service_requests", doc);
}
