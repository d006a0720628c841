/* core/query.c — the handler interface of core/api.h: the request accessors (through the gw_req_io
 * table the HTTP front fills, so nothing here knows an HTTP library), the reply and failure
 * setters, and the check of a handler's query-string keys against its allowed list. */
#include "core/api.h"
#include "json/reply.h"
#include "base/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *gw_req_query(gw_req *r, const char *key)
{
    return r->io && r->io->query ? r->io->query(r->http, key) : NULL;
}

void gw_req_query_each(gw_req *r, gw_query_fn fn, void *cls)
{
    if (r->io && r->io->query_each) r->io->query_each(r->http, fn, cls);
}

const char *gw_req_header(gw_req *r, const char *key)
{
    return r->io && r->io->header ? r->io->header(r->http, key) : NULL;
}

const char *gw_req_form(gw_req *r, const char *key)
{
    return r->io && r->io->form ? r->io->form(r->http, key) : NULL;
}

const char *gw_req_token(gw_req *r)
{
    return r->io && r->io->token ? r->io->token(r->http) : NULL;
}

const char *gw_req_resident_token(gw_req *r)
{
    return r->io && r->io->resident_token ? r->io->resident_token(r->http) : NULL;
}

void gw_req_add_header(gw_req *r, const char *key, const char *value)
{
    if (r->io && r->io->add_header) r->io->add_header(r->http, key, value);
}

gw_err gw_req_json(gw_req *r, json_t **out)
{
    const char *ct = gw_req_header(r, "Content-Type");
    if (ct && strncmp(ct, "application/json", 16) != 0)
        return gw_fail(r, GW_E_UNSUPPORTED, "send the body as application/json");
    return gw_json_parse_body(r->body, r->body_len, out, r->err_msg, sizeof r->err_msg);
}

gw_err gw_reply(gw_req *r, int status, json_t *body)
{
    if (!body) return gw_fail(r, GW_E_NOMEM, "out of memory");
    json_decref(r->json);
    r->json = body;
    r->status = status;
    return GW_OK;
}

gw_err gw_reply_raw(gw_req *r, int status, const char *type, char *data, size_t len)
{
    free(r->raw);
    r->raw = data;
    r->raw_len = len;
    r->raw_type = type;
    r->status = status;
    return GW_OK;
}

gw_err gw_fail(gw_req *r, gw_err e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err_msg, sizeof r->err_msg, fmt, ap);
    va_end(ap);
    return e;
}

typedef struct {
    const char *const *allowed;
    const char *unknown; /* the first key not allowed */
} query_check;

static int check_key(void *cls, const char *key, const char *value)
{
    query_check *c = cls;
    if (!key || (!*key && (!value || !*value))) return 1; /* a stray '&' */
    for (const char *const *a = c->allowed; a && *a; a++)
        if (!strcmp(*a, key)) return 1;
    c->unknown = key;
    return 0;
}

int gw_req_unknown_query(gw_req *r, const char *const *allowed, char *buf, size_t n)
{
    query_check c = { allowed, NULL };
    gw_req_query_each(r, check_key, &c);
    if (!c.unknown) return 0;
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)c.unknown; *p && o + 1 < n && o < 40; p++)
        buf[o++] = *p >= 0x20 && *p < 0x7f && *p != '\'' ? (char)*p : '?';
    if (n) buf[o] = 0;
    return 1;
}

gw_err gw_req_only_query(gw_req *r, const char *const *allowed)
{
    char key[48];
    if (!gw_req_unknown_query(r, allowed, key, sizeof key)) return GW_OK;
    return gw_fail(r, GW_E_INVALID, "unknown query parameter '%s'", key);
}

gw_err gw_req_page(gw_req *r, size_t dflt, int max, int offset_max, size_t *offset, size_t *limit)
{
    const char *lv = gw_req_query(r, "limit"), *ov = gw_req_query(r, "offset");
    int64_t n = lv ? gw_parse_id(lv) : (int64_t)dflt, o = ov && strcmp(ov, "0") ? gw_parse_id(ov) : 0;
    if (n < 1 || n > max) return gw_fail(r, GW_E_INVALID, "limit must be 1 to %d", max);
    /* gw_parse_id gives 0 for anything but digits: only "0" itself is offset 0 */
    if ((o == 0 && ov && strcmp(ov, "0")) || o > offset_max)
        return gw_fail(r, GW_E_INVALID, "offset must be 0 to %d", offset_max);
    *limit = (size_t)n;
    *offset = (size_t)o;
    return GW_OK;
}
