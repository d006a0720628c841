/* fuzz/fuzz_api.c — one family of the HTTP API, its handlers called as http/server.c calls them: the
 * input is a small request ("METHOD /path?query\n", header lines, a blank line, the body), routed with
 * the real route table (http/routes.c) and handed to the real handler with the demo principal of the
 * first role the route admits, over a real store (fuzz_city.c). The family (FZ_FAMILY, set by
 * meson.build) limits which path prefixes are taken, so each target's corpus stays its own.
 * Oracle beyond the sanitizers: no input may make a handler answer 5xx (bad input is a 4xx), and every
 * error message must have a zh-CN template (json/i18n.c) when FUZZ_I18N=1. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz_city.h"
#include "fuzz_io.h"
#include "http/routes.h"
#include "json/i18n.h"

#ifndef FZ_FAMILY
#error "FZ_FAMILY names the route family (meson.build)"
#endif

typedef struct { const char *name; const char *const prefixes[16]; } fz_family;

static const fz_family families[] = {
    { "tickets", { "/api/v1/tickets", "/api/v1/track", "/api/v1/public", "/api/v1/classify", "/api/v1/stats",
                   "/api/v1/grids", "/api/v1/files", "/api/v1/warnings", "/api/v1/review-queue", "/api/v1/classifier" } },
    { "admin", { "/api/v1/users", "/api/v1/units", "/api/v1/divisions", "/api/v1/categories", "/api/v1/routing-rules",
                 "/api/v1/dictionaries", "/api/v1/models", "/api/v1/audit", "/api/v1/sessions", "/api/v1/me",
                 "/api/v1/meta" } },
    { "kb", { "/api/v1/kb", "/api/v1/places" } },
    { "devices", { "/api/v1/devices", "/api/v1/device-types", "/api/v1/alarms" } },
    { "iot", { "/api/v1/iot" } },
    { "ledger", { "/api/v1/ledger" } },
    { "partners", { "/api/v1/partners", "/api/v1/resident/partner", "/api/v1/certificates", "/api/v1/credit",
                    "/api/v1/earn-rules", "/api/v1/service-records", "/api/v1/activities", "/api/v1/catalogue",
                    "/api/v1/orders", "/api/v1/surveys", "/api/v1/visits", "/api/v1/projects", "/api/v1/earn-settings" } },
    { "residents", { "/api/v1/resident", "/api/v1/residents" } },
    { "open311", { "/open311/" } },
};

/* Routes left out: they hash a password with argon2id (about 0.1 s each, which would starve the
 * fuzzer) or end the session the others run in. */
static const char *const skipped[] = { "/api/v1/auth/", "password", "/resident/login", "/resident/register",
                                       "/resident/code-login", "logout", NULL };

static const fz_family *family(void)
{
    for (size_t i = 0; i < sizeof families / sizeof families[0]; i++)
        if (!strcmp(families[i].name, FZ_FAMILY)) return &families[i];
    fprintf(stderr, "fuzz_api: unknown family %s\n", FZ_FAMILY);
    abort();
}

static int taken(const char *pattern)
{
    for (int i = 0; skipped[i]; i++)
        if (strstr(pattern, skipped[i])) return 0;
    for (const char *const *p = family()->prefixes; *p; p++)
        if (!strncmp(pattern, *p, strlen(*p))) return 1;
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fz_city_get(); /* principals are signed in when a route first needs them */
    return 0;
}

/* The lowest role the route admits (admin first), or -1 for a public or device route. */
static int role_for(unsigned roles)
{
    if (roles == GW_PERM_PUBLIC || roles == GW_PERM_DEVICE) return -1;
    for (int role = 0; role <= GW_R_RESIDENT; role++)
        if (roles & GW_ROLE_BIT(role)) return role;
    return -1;
}

static void run(fz_city *c, const gw_route *rt, gw_req *r, fz_front *f)
{
    int role = role_for(rt->roles);
    const char *token = NULL;
    if (role >= 0) {
        r->who = *fz_city_who((gw_role)role, &token);
        r->authed = 1;
    } else r->who.role = GW_R_RESIDENT;
    if (token && !f->token) f->token = f->resident_token = token;
    r->cfg = &c->cfg;
    r->store = c->store;
    r->client_ip = "127.0.0.1";
    r->lang = gw_lang_parse(gw_req_header(r, "Accept-Language"));
    gw_err e = rt->handler(r);
    if (e == GW_E_INTERNAL || e == GW_E_IO || e == GW_E_NOMEM) {
        fprintf(stderr, "fuzz_api: %s %s answered %s: %s\n", r->method, r->path, gw_err_name(e), r->err_msg);
        abort();
    }
    if (e && r->err_msg[0]) {
        char zh[sizeof r->err_msg * 2];
        if (!gw_msg_translate(r->err_msg, zh, sizeof zh) && getenv("FUZZ_I18N")) {
            fprintf(stderr, "fuzz_api: no zh-CN template for \"%s\"\n", r->err_msg);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *in = (const char *)data, *end = in + size;
    const char *nl = memchr(in, '\n', size);
    if (!nl || nl - in > 4096) return 0;
    const char *sp = memchr(in, ' ', (size_t)(nl - in));
    if (!sp || sp - in > 7) return 0;
    char method[8], path[4096];
    memcpy(method, in, (size_t)(sp - in));
    method[sp - in] = 0;
    const char *target = sp + 1, *q = memchr(target, '?', (size_t)(nl - target));
    const char *pend = q ? q : nl;
    memcpy(path, target, (size_t)(pend - target));
    path[pend - target] = 0;
    if (memchr(path, 0, (size_t)(pend - target))) return 0; /* microhttpd never hands over a NUL in a path */
    const char *qs = q ? q + 1 : nl, *heads = nl + 1, *body = heads, *hend = heads;
    const char *blank = NULL;
    for (const char *p = heads; p + 1 < end; p++)
        if (p[0] == '\n' && p[1] == '\n') { blank = p; break; }
    if (heads < end && *heads == '\n') body = heads + 1;
    else if (blank) hend = blank, body = blank + 2;

    gw_req r;
    memset(&r, 0, sizeof r);
    char pbuf[512], allow[64];
    size_t idx = 0;
    r.method = method;
    r.path = path;
    if (gw_route_find(gw_routes, gw_n_routes, method, path, &r, pbuf, sizeof pbuf, &idx, allow, sizeof allow) !=
            GW_ROUTE_FOUND ||
        !taken(gw_routes[idx].pattern))
        return 0;
    fz_front f;
    char ctype[] = "Content-Type: application/json";
    int has_ct = 0;
    for (const char *p = heads; p + 13 <= hend; p++)
        if (!strncasecmp(p, "Content-Type:", 13)) has_ct = 1;
    /* a body without a Content-Type header is sent as JSON, as the console does */
    size_t hn = (size_t)(hend - heads);
    char *hdrs = malloc(hn + sizeof ctype + 1);
    if (!hdrs) return 0;
    memcpy(hdrs, heads, hn);
    if (!has_ct) {
        hdrs[hn++] = '\n';
        memcpy(hdrs + hn, ctype, sizeof ctype - 1);
        hn += sizeof ctype - 1;
    }
    if (fz_front_parse(&f, qs, q ? (size_t)(nl - qs) : 0, hdrs, hn, body, (size_t)(end - body))) {
        free(hdrs);
        return 0;
    }
    free(hdrs);
    char *b = malloc((size_t)(end - body) + 1); /* the front's body is its own NUL-terminated copy */
    if (b) {
        memcpy(b, body, (size_t)(end - body));
        b[end - body] = 0;
        r.body = b;
        r.body_len = (size_t)(end - body);
        r.http = &f;
        r.io = &fz_io;
        snprintf(r.request_id, sizeof r.request_id, "fuzz");
        run(fz_city_get(), &gw_routes[idx], &r, &f);
    }
    json_decref(r.json);
    free(r.raw);
    free(b);
    fz_front_free(&f);
    return 0;
}
