/* http/server.c — microhttpd front. Each request gets a gw_req; the route table decides the
 * handler and the roles allowed; replies go out through one function. */
#include "http/server.h"
#include "core/api.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/str.h"
#include "core/limits.h"
#include "core/ratelimit.h"
#include "http/head.h"
#include "http/metrics.h"
#include "http/routes.h"
#include "http/static.h"
#include "core/resident_svc.h"
#include "json/i18n.h"
#include "json/reply.h"
#include "ops/ticket_store.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- rate limit: per-client token buckets, keyed exactly (core/ratelimit.h) ----------- */

#define RL_ENTRIES 65536 /* clients tracked at once; when all are live the least recently seen goes */

struct gw_http {
    struct MHD_Daemon *d;
    gw_store *store;
    const gw_config *cfg;
    atomic_int inflight;
    uint32_t id_prefix;    /* random per process: request ids are prefix + counter, no syscall */
    atomic_ullong next_id;
    gw_metrics m;
    gw_rl *rl;
    struct { void (*fn)(void *, gw_buf *); void *arg; } extra[GW_HTTP_METRICS_EXTRA];
    atomic_int n_extra; /* entries published (release) before the count moves */
};

enum { SLOT_UNMATCHED = GW_METRICS_SLOTS - 4, SLOT_HEALTHZ, SLOT_METRICS, SLOT_STATIC };

/* Per-connection request state across microhttpd's callbacks. */
typedef struct {
    gw_req r;
    gw_http *h;
    struct MHD_Connection *conn;
    gw_buf body;
    int too_large;
    int slot;
    int64_t t0_ms, t0_us;
    gw_buf hdrs; /* extra response headers: "k\0v\0k\0v\0" */
    /* form fields, decoded lazily by microhttpd's post processor */
    int form_done;
    gw_buf form; /* "k\0v\0..." */
    char ip[48];
    int started;         /* phase 1 ran: counted in inflight, metrics and the access log */
    gw_err target_err;   /* verdict on the raw request target (on_uri), answered in phase 1 */
    const char *target_msg;
    int asterisk;        /* the target was "*" (OPTIONS only) */
} hreq;

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Public requests per client and minute: a token bucket in memory on one server, a per-minute
 * counter in the database when several servers share it. When refused, r gets a Retry-After. */
static int rate_ok(gw_http *h, const char *ip, gw_req *r)
{
    int64_t retry_ms = 0;
    int ok;
    if (!gw_store_shared(h->store)) {
        ok = gw_rl_take(h->rl, ip, gw_mono_ms(), h->cfg->public_rate, 60000, &retry_ms);
    } else {
        char key[64];
        int64_t n = 0;
        snprintf(key, sizeof key, "pub:%s", ip);
        ok = gw_limit_hit(h->store, key, 60000, &n) != GW_OK || n <= h->cfg->public_rate;
        retry_ms = gw_limit_retry_ms(60000);
    }
    if (!ok) {
        char v[24];
        snprintf(v, sizeof v, "%lld", (long long)(retry_ms > 0 ? (retry_ms + 999) / 1000 : 1));
        gw_req_add_header(r, "Retry-After", v);
    }
    return ok;
}

/* ---- the request's raw parts, read for core/query.c through the gw_req_io table ----- */

static const char *io_query(void *h, const char *key)
{
    hreq *q = h;
    return MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, key);
}

typedef struct { gw_query_fn fn; void *cls; } query_each_ctx;

static enum MHD_Result query_each_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    query_each_ctx *c = cls;
    return c->fn(c->cls, key, value) ? MHD_YES : MHD_NO;
}

static void io_query_each(void *h, gw_query_fn fn, void *cls)
{
    hreq *q = h;
    query_each_ctx c = { fn, cls };
    MHD_get_connection_values(q->conn, MHD_GET_ARGUMENT_KIND, query_each_iter, &c);
}

static const char *io_header(void *h, const char *key)
{
    hreq *q = h;
    return MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, key);
}

/* Append size bytes of a decoded value: a NUL byte in it (%00) would cut the C string the
 * handler reads (and shift the "k\0v\0" list), so each one is stored as SUB (0x1A), a control
 * character that every text check refuses: such a field is rejected, never silently cut. */
static void form_put(gw_buf *b, const char *data, size_t size)
{
    for (const char *nul; size && (nul = memchr(data, 0, size)) != NULL; size -= (size_t)(nul - data) + 1, data = nul + 1) {
        gw_buf_append(b, data, (size_t)(nul - data));
        gw_buf_append(b, "\x1a", 1);
    }
    gw_buf_append(b, data, size);
}

static enum MHD_Result form_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                 const char *ctype, const char *enc, const char *data, uint64_t off, size_t size)
{
    gw_buf *b = cls;
    if (!key) return MHD_YES; /* a multipart part without a name (no or a bad Content-Disposition): no field (fuzz/) */
    if (off == 0) { /* a new field: key\0 then value (appended in pieces) */
        if (b->len) gw_buf_append(b, "", 1);
        gw_buf_append(b, key, strlen(key) + 1); /* microhttpd hands keys over as C strings */
    }
    form_put(b, data, size);
    return b->oom ? MHD_NO : MHD_YES;
}

static const char *io_form(void *h, const char *key)
{
    hreq *q = h;
    if (!q->form_done) {
        q->form_done = 1;
        struct MHD_PostProcessor *pp = MHD_create_post_processor(q->conn, 4096, form_iter, &q->form);
        if (pp) {
            if (q->body.len) MHD_post_process(pp, q->body.data, q->body.len);
            MHD_destroy_post_processor(pp);
        }
        gw_buf_append(&q->form, "", 1); /* terminate the last value */
    }
    const char *p = q->form.data, *end = p ? p + q->form.len : NULL;
    while (p && p < end && *p) {
        const char *k = p;
        const char *v = k + strlen(k) + 1;
        if (v >= end) break;
        if (!strcmp(k, key)) return v;
        p = v + strlen(v) + 1;
    }
    return NULL;
}

static void io_add_header(void *h, const char *key, const char *value)
{
    hreq *q = h;
    gw_buf_append(&q->hdrs, key, strlen(key) + 1);
    gw_buf_append(&q->hdrs, value, strlen(value) + 1);
}

static const char *io_token(void *h)
{
    hreq *q = h;
    const char *authz = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (authz && !strncmp(authz, "Bearer ", 7)) return authz + 7;
    return MHD_lookup_connection_value(q->conn, MHD_COOKIE_KIND, "gw_session");
}

static const char *io_resident_token(void *h)
{
    hreq *q = h;
    const char *authz = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (authz && !strncmp(authz, "Bearer ", 7)) return authz + 7;
    return MHD_lookup_connection_value(q->conn, MHD_COOKIE_KIND, GW_RESIDENT_COOKIE);
}

static const gw_req_io hreq_io = { io_query, io_query_each, io_header, io_form, io_token, io_add_header,
                                   io_resident_token };

/* ---- routing ------------------------------------------------------------------------- */

/* ---- responses ----------------------------------------------------------------------- */

static enum MHD_Result send_reply(hreq *q)
{
    gw_req *r = &q->r;
    char *data = NULL;
    size_t len = 0;
    const char *type = "application/json; charset=utf-8";
    if (r->json) {
        data = json_dumps(r->json, JSON_COMPACT);
        len = data ? strlen(data) : 0;
    } else if (r->raw) {
        data = r->raw;
        len = r->raw_len;
        r->raw = NULL;
        type = r->raw_type;
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, data ? data : (char *)"",
                                                                data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp) { free(data); return MHD_NO; }
    if (len || r->status != 204) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, "X-Request-Id", r->request_id);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (!strncmp(r->path, "/api/", 5)) MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    for (const char *p = q->hdrs.data, *end = p ? p + q->hdrs.len : NULL; p && p < end;) {
        const char *v = p + strlen(p) + 1;
        MHD_add_response_header(resp, p, v);
        p = v + strlen(v) + 1;
    }
    enum MHD_Result rc = MHD_queue_response(q->conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* Every error reply goes through here: the Open311 error list (JSON or XML by the extension) on
 * /open311/ paths, {"error":{code,message}} everywhere else; the message in the request's language. */
static enum MHD_Result send_error(hreq *q, gw_err e, const char *msg)
{
    gw_req *r = &q->r;
    char zh[sizeof r->err_msg * 2];
    if (r->lang == GW_LANG_ZH && msg && *msg) {
        gw_msg_translate(msg, zh, sizeof zh);
        msg = zh;
    }
    json_decref(r->json);
    r->json = NULL;
    free(r->raw);
    r->raw = NULL;
    r->status = gw_err_status(e);
    if (r->path && !strncmp(r->path, "/open311/", 9) &&
        api_o311_error_reply(r, r->status, msg && *msg ? msg : gw_err_code(e)) == GW_OK && r->raw)
        return send_reply(q);
    r->json = gw_json_error(e, msg);
    r->status = gw_err_status(e);
    return send_reply(q);
}

/* A reply that also closes the connection (the request framing cannot be trusted). */
static enum MHD_Result send_error_close(hreq *q, gw_err e, const char *msg)
{
    gw_req_add_header(&q->r, MHD_HTTP_HEADER_CONNECTION, "close");
    return send_error(q, e, msg);
}

/* ---- /metrics and /healthz ----------------------------------------------------------- */

/* The metrics label of a slot: a route's name, or one of the front's own. */
static const char *slot_name(int i)
{
    return i < (int)gw_n_routes ? gw_routes[i].name
         : i == SLOT_UNMATCHED ? "unmatched" : i == SLOT_HEALTHZ ? "healthz"
         : i == SLOT_METRICS ? "metrics" : i == SLOT_STATIC ? "static" : NULL;
}

static void metrics_text(gw_http *h, gw_req *r)
{
    gw_buf b = { 0 };
    gw_metrics_http_text(&h->m, slot_name, &b);
    long long commits, ops;
    gw_store_stats(h->store, &commits, &ops);
    gw_buf_printf(&b, "# HELP gridwork_db_queue_depth Write operations waiting for the writer.\n"
                      "# TYPE gridwork_db_queue_depth gauge\ngridwork_db_queue_depth %d\n"
                      "# HELP gridwork_db_commits_total Write transactions committed.\n"
                      "# TYPE gridwork_db_commits_total counter\ngridwork_db_commits_total %lld\n"
                      "# HELP gridwork_db_write_ops_total Write operations committed.\n"
                      "# TYPE gridwork_db_write_ops_total counter\ngridwork_db_write_ops_total %lld\n",
                  gw_store_queue_depth(h->store), commits, ops);
    int64_t counts[GW_T__COUNT] = { 0 };
    gw_db *db = gw_store_read_begin(h->store);
    if (db && gw_store_ticket_count_by_state(db, counts) == GW_OK) {
        gw_buf_puts(&b, "# HELP gridwork_tickets Tickets by state.\n# TYPE gridwork_tickets gauge\n");
        for (int s = 0; s < GW_T__COUNT; s++)
            gw_buf_printf(&b, "gridwork_tickets{state=\"%s\"} %lld\n", gw_ticket_state_name((gw_ticket_state)s),
                          (long long)counts[s]);
    }
    gw_store_read_end(h->store, db);
    for (int i = 0, n = atomic_load_explicit(&h->n_extra, memory_order_acquire); i < n; i++) h->extra[i].fn(h->extra[i].arg, &b);
    size_t len;
    char *text = gw_buf_take(&b, &len);
    if (text) gw_reply_raw(r, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
    else gw_fail(r, GW_E_NOMEM, "out of memory");
}

int gw_http_add_metrics(gw_http *h, void (*fn)(void *arg, gw_buf *b), void *arg)
{
    int n = atomic_load(&h->n_extra);
    if (n == GW_HTTP_METRICS_EXTRA) return -1;
    h->extra[n].fn = fn, h->extra[n].arg = arg;
    atomic_store_explicit(&h->n_extra, n + 1, memory_order_release);
    return 0;
}

/* ---- static files: the built web console ---------------------------------------------- */

static const char NO_CONSOLE[] =
    "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>gridwork</title>"
    "<body style=\"font-family:sans-serif;max-width:40em;margin:3em auto\"><h1>gridwork 基层社会治理平台</h1>"
    "<p>服务已运行，但网页控制台尚未构建（<code>static_dir</code> 中没有 index.html）。</p>"
    "<p>The server is running; the web console is not built. API: <a href=\"/healthz\">/healthz</a>, "
    "<a href=\"/open311/v2/services.json\">/open311/v2/services.json</a>, docs/api.md.</p></body></html>";

static enum MHD_Result send_no_console(hreq *q)
{
    q->r.status = 200;
    struct MHD_Response *resp = MHD_create_response_from_buffer(sizeof NO_CONSOLE - 1, (void *)NO_CONSOLE,
                                                                MHD_RESPMEM_PERSISTENT);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/html; charset=utf-8");
    enum MHD_Result rc = MHD_queue_response(q->conn, 200, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* Serve GET path from static_dir: a file by its path, or index.html for the console's own routes
 * (no extension in the last segment), so deep links work. */
static enum MHD_Result send_static(hreq *q)
{
    gw_req *r = &q->r;
    const char *p = r->path;
    if (!gw_static_path_ok(p)) return send_error(q, GW_E_NOT_FOUND, "no such file");
    int spa = !strchr(strrchr(p, '/'), '.');
    const char *file = spa ? "/index.html" : p;
    int fd = gw_open_below(q->h->cfg->static_dir, file);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
        if (fd >= 0) close(fd);
        return spa ? send_no_console(q) : send_error(q, GW_E_NOT_FOUND, "no such file");
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    if (!resp) { close(fd); return MHD_NO; }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, gw_mime_of(file));
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    /* Vite names built assets by content hash: they never change; index.html always may. */
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            !strncmp(p, "/assets/", 8) ? "public, max-age=31536000, immutable" : "no-cache");
    q->r.status = 200;
    enum MHD_Result rc = MHD_queue_response(q->conn, 200, resp);
    MHD_destroy_response(resp);
    return rc;
}

/* ---- the request lifecycle ------------------------------------------------------------ */

typedef struct { const char *xff[GW_MAX_XFF]; int n_xff; const char *real_ip; } fwd_hdrs;

/* The last GW_MAX_XFF X-Forwarded-For headers (the right-most hops: the ones our proxies added). */
static enum MHD_Result collect_fwd(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    fwd_hdrs *f = cls;
    if (!strcasecmp(key, "X-Forwarded-For")) {
        if (f->n_xff == GW_MAX_XFF) memmove(f->xff, f->xff + 1, sizeof f->xff[0] * --f->n_xff);
        f->xff[f->n_xff++] = value;
    } else if (!strcasecmp(key, "X-Real-IP")) f->real_ip = value;
    return MHD_YES;
}

/* The client's address: the TCP peer, unless the peer is one of trusted_proxies (see head.h). */
static void client_ip(hreq *q)
{
    const gw_config *cfg = q->h->cfg;
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(q->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    q->ip[0] = 0;
    if (!ci || !ci->client_addr) return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET) inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, q->ip, sizeof q->ip);
    else if (sa->sa_family == AF_INET6) inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, q->ip, sizeof q->ip);
    if (!cfg->n_proxies || !gw_config_trusted_proxy(cfg, q->ip)) return;
    fwd_hdrs f = { 0 };
    MHD_get_connection_values(q->conn, MHD_HEADER_KIND, collect_fwd, &f);
    char ip[48];
    if (gw_head_forwarded_client(cfg, f.xff, f.n_xff, f.real_ip, ip, sizeof ip)) snprintf(q->ip, sizeof q->ip, "%s", ip);
}

static int as_anonymous(gw_req *r)
{
    memset(&r->who, 0, sizeof r->who);
    r->who.role = GW_R_RESIDENT;
    return 0;
}

/* Who is calling: a staff session (gw_session cookie or bearer) or a resident account's session
 * (gw_resident cookie or bearer), each from its own table; a route for resident accounts tries the
 * resident's first, every other route the staff's first, so a browser holding both cookies is the
 * one the route is for. Neither: anonymous (role resident, not authed). */
static void authenticate(hreq *q, unsigned roles)
{
    gw_req *r = &q->r;
    const char *staff = gw_req_token(r), *resident = gw_req_resident_token(r);
    int resident_first = roles == GW_ROLES_RESIDENT_ACCOUNT;
    as_anonymous(r);
    if (resident_first && resident && gw_resident_session(q->h->store, resident, &r->who) == GW_OK) { r->authed = 1; return; }
    if (staff && gw_auth_session(q->h->store, staff, &r->who) == GW_OK) { r->authed = 1; return; }
    if (!resident_first && resident && gw_resident_session(q->h->store, resident, &r->who) == GW_OK) { r->authed = 1; return; }
    as_anonymous(r);
}

static enum MHD_Result dispatch(hreq *q)
{
    gw_http *h = q->h;
    gw_req *r = &q->r;
    if (q->too_large) return send_error_close(q, GW_E_TOO_LARGE, "request body too large");
    r->body = q->body.data;
    r->body_len = q->body.len;

    if (!strcmp(r->path, "/healthz")) {
        q->slot = SLOT_HEALTHZ;
        gw_reply(r, 200, json_pack("{s:s}", "status", "ok"));
        return send_reply(q);
    }
    if (!strcmp(r->path, "/metrics")) {
        q->slot = SLOT_METRICS;
        metrics_text(h, r);
        return r->raw ? send_reply(q) : send_error(q, GW_E_NOMEM, r->err_msg);
    }

    char pbuf[512], allow[64];
    size_t idx = 0;
    gw_route_verdict v = gw_route_find(gw_routes, gw_n_routes, r->method, r->path, r, pbuf, sizeof pbuf, &idx, allow,
                                       sizeof allow);
    if (v == GW_ROUTE_NONE && (!strcmp(r->method, "GET") || !strcmp(r->method, "HEAD")) &&
        strncmp(r->path, "/api/", 5) && strncmp(r->path, "/open311/", 9)) {
        q->slot = SLOT_STATIC;
        return send_static(q);
    }
    if (v == GW_ROUTE_METHOD) { /* 405 with the methods this path does take (RFC 9110 Allow) */
        gw_req_add_header(r, "Allow", allow);
        return send_error(q, GW_E_METHOD, "method not allowed on this path");
    }
    if (v == GW_ROUTE_NONE) return send_error(q, GW_E_NOT_FOUND, "no such endpoint");
    const gw_route *rt = &gw_routes[idx];
    q->slot = (int)idx;
    if (rt->roles == GW_PERM_PUBLIC && !rate_ok(h, q->ip, r))
        return send_error(q, GW_E_RATE_LIMITED, "too many requests; slow down");
    authenticate(q, rt->roles);
    if (rt->roles != GW_PERM_PUBLIC && rt->roles != GW_PERM_DEVICE) {
        if (!r->authed) return send_error(q, GW_E_UNAUTHORIZED, "log in first");
        if (!(rt->roles & GW_ROLE_BIT(r->who.role))) return send_error(q, GW_E_FORBIDDEN, "your role may not do this");
    }
    gw_err e = rt->handler(r);
    if (e) return send_error(q, e, r->err_msg);
    if (!r->status) r->status = 200;
    return send_reply(q);
}

/* Photo uploads (and cameras' snapshots) may be larger than any other body. */
static size_t body_limit(const gw_http *h, const char *url)
{
    return !strcmp(url, "/api/v1/files") || !strcmp(url, "/api/v1/public/files") ||
                   !strncmp(url, "/api/v1/iot/video-events", 24)
               ? h->cfg->max_upload
               : h->cfg->max_body;
}

/* ---- the request head: target and framing, checked before anything is routed ------------- */

/* microhttpd's URI log callback: the raw target, before the query is parsed or anything decoded.
 * Our per-request state starts here (microhttpd hands it to on_request and on_completed). The
 * verdict is answered in phase 1. A refused target's query is cut before microhttpd parses it:
 * 0.9.75 puts one pool record per argument and, when the pool runs out, queues a 431 that it
 * never sends (the connection hangs until the timeout). The string is microhttpd's own writable
 * read buffer; only bytes inside it, after the '?', are changed. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    hreq *q = calloc(1, sizeof *q);
    if (!q) return NULL; /* on_request refuses a request without state */
    q->target_err = gw_head_target(uri, &q->asterisk, &q->target_msg);
    char *query = strchr(uri, '?');
    if (q->target_err && query && query[1]) query[1] = '\0';
    return q;
}

/* Every header, not only the first of a name (MHD_lookup_connection_value sees only that one). */
static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    gw_head_note(cls, key, value);
    return MHD_YES;
}

/* The verdict on the head: GW_OK, or the error to answer (and close the connection with). */
static gw_err head_verdict(hreq *q, const char *method, const char *version, const char **msg)
{
    if (q->target_err) { *msg = q->target_msg; return q->target_err; }
    gw_head_scan s = { 0 };
    MHD_get_connection_values(q->conn, MHD_HEADER_KIND, scan_header, &s);
    return gw_head_framing(&s, method, q->asterisk, !strcmp(version, MHD_HTTP_VERSION_1_0), body_limit(q->h, q->r.path),
                           msg);
}

static void start_request(gw_http *h, hreq *q, struct MHD_Connection *conn, const char *url, const char *method)
{
    q->started = 1;
    q->h = h;
    q->conn = conn;
    q->t0_ms = gw_now_ms();
    q->t0_us = now_us();
    q->slot = SLOT_UNMATCHED;
    q->r.http = q;
    q->r.io = &hreq_io;
    q->r.store = h->store;
    q->r.cfg = h->cfg;
    q->r.method = method;
    q->r.path = url;
    client_ip(q);
    q->r.client_ip = q->ip;
    q->r.lang = gw_lang_parse(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Language"));
    snprintf(q->r.request_id, sizeof q->r.request_id, "%08x%08llx", h->id_prefix,
             (unsigned long long)atomic_fetch_add(&h->next_id, 1));
    atomic_fetch_add(&h->inflight, 1);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    gw_http *h = cls;
    hreq *q = *con_cls;
    if (!q) return MHD_NO; /* on_uri could not allocate: close */
    if (!q->started) { /* phase 1: the head is in */
        start_request(h, q, conn, url, method);
        const char *msg;
        gw_err e = head_verdict(q, method, version, &msg);
        return e ? send_error_close(q, e, msg) : MHD_YES;
    }
    if (*upload_size) { /* phase 2..n: body pieces */
        size_t limit = body_limit(h, url);
        if (!q->too_large && q->body.len + *upload_size <= limit) gw_buf_append(&q->body, upload, *upload_size);
        else q->too_large = 1;
        if (q->body.oom) q->too_large = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    return dispatch(q); /* last call: the whole request is in */
}

static void free_hreq(hreq *q)
{
    json_decref(q->r.json);
    free(q->r.raw);
    gw_buf_free(&q->body);
    gw_buf_free(&q->hdrs);
    gw_buf_free(&q->form);
    free(q);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    gw_http *h = cls;
    hreq *q = *con_cls;
    *con_cls = NULL;
    if (!q) return;
    if (!q->started) { free_hreq(q); return; } /* microhttpd refused the head itself (its own 4xx) */
    int64_t us = now_us() - q->t0_us;
    int st = q->r.status;
    gw_metrics_count(&h->m, q->slot, st, us);
    if (h->cfg->log_requests)
        gw_info("%s %s %s %d %.1fms user=%lld req=%s", q->ip, q->r.method, q->r.path, st, (double)us / 1000.0,
                (long long)q->r.who.user_id, q->r.request_id);
    free_hreq(q);
    atomic_fetch_sub(&h->inflight, 1);
}

/* Percent-decoding of path and query: as microhttpd's, except that a string holding %00 is left
 * encoded, so an embedded NUL cannot cut a path or value short ("155%00" stays not-a-number). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
    if (strstr(s, "%00")) return strlen(s);
    return MHD_http_unescape(s);
}

gw_err gw_http_start(const gw_config *cfg, gw_store *store, gw_http **out)
{
    if (gw_n_routes >= SLOT_UNMATCHED) { /* each route has its own request counters (http/metrics.h) */
        gw_error("%zu routes: raise GW_METRICS_SLOTS (%d) in http/metrics.h", gw_n_routes, GW_METRICS_SLOTS);
        return GW_E_INTERNAL;
    }
    char host[64];
    int port;
    if (gw_config_listen(cfg, host, sizeof host, &port)) {
        gw_error("listen: expected HOST:PORT, got '%s'", cfg->listen);
        return GW_E_INVALID;
    }
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        gw_error("listen: '%s' is not an IPv4 address", host);
        return GW_E_INVALID;
    }
    gw_http *h = calloc(1, sizeof *h);
    if (!h || !(h->rl = gw_rl_new(RL_ENTRIES, GW_RL_EVICT_LRU))) { free(h); return GW_E_NOMEM; }
    gw_auth_setup(cfg->login_concurrency);
    h->store = store;
    h->cfg = cfg;
    h->id_prefix = randombytes_random();
    h->d = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request, h,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
                            MHD_OPTION_CONNECTION_TIMEOUT, 30u,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, GW_POOL_BYTES,
                            MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
                            MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
                            MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                            MHD_OPTION_END);
    if (!h->d) {
        gw_error("cannot listen on %s", cfg->listen);
        gw_rl_free(h->rl);
        free(h);
        return GW_E_IO;
    }
    gw_info("listening on http://%s (%d threads)", cfg->listen, cfg->threads);
    *out = h;
    return GW_OK;
}

void gw_http_stop(gw_http *h, int drain_ms)
{
    if (!h) return;
    MHD_quiesce_daemon(h->d); /* no new connections */
    int64_t until = gw_mono_ms() + drain_ms;
    while (atomic_load(&h->inflight) > 0 && gw_mono_ms() < until) {
        struct timespec ts = { 0, 10 * 1000000 };
        nanosleep(&ts, NULL);
    }
    MHD_stop_daemon(h->d);
    gw_rl_free(h->rl);
    free(h);
}
