/* core/query.c — the parts of the handler interface (core/api.h) that need no HTTP library: the
 * reply and failure setters, and the check of a handler's query-string keys against its allowed
 * list (built on gw_req_query_each, which http/server.c implements with the request accessors). */
#include "core/api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
