#include "json/reply.h"
#include "base/str.h"
#include "base/clock.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { int status; const char *code; } http_of[GW_E__COUNT] = {
    [GW_OK] = { 200, "ok" },
    [GW_E_INVALID] = { 400, "invalid_request" },
    [GW_E_UNAUTHORIZED] = { 401, "unauthorized" },
    [GW_E_FORBIDDEN] = { 403, "forbidden" },
    [GW_E_NOT_FOUND] = { 404, "not_found" },
    [GW_E_CONFLICT] = { 409, "conflict" },
    [GW_E_TOO_LARGE] = { 413, "too_large" },
    [GW_E_UNSUPPORTED] = { 415, "unsupported_media_type" },
    [GW_E_RATE_LIMITED] = { 429, "rate_limited" },
    [GW_E_UNAVAILABLE] = { 503, "unavailable" },
    [GW_E_NOMEM] = { 500, "internal" },
    [GW_E_IO] = { 500, "internal" },
    [GW_E_INTERNAL] = { 500, "internal" },
    [GW_E_METHOD] = { 405, "method_not_allowed" },
    [GW_E_URI_TOO_LONG] = { 414, "uri_too_long" },
    [GW_E_NOT_IMPLEMENTED] = { 501, "not_implemented" },
};

int gw_err_status(gw_err e) { return (unsigned)e < GW_E__COUNT ? http_of[e].status : 500; }
const char *gw_err_code(gw_err e) { return (unsigned)e < GW_E__COUNT ? http_of[e].code : "internal"; }

json_t *gw_json_error(gw_err e, const char *message)
{
    const char *m = message && *message ? message : gw_err_code(e);
    json_t *j = json_pack("{s:{s:s,s:s}}", "error", "code", gw_err_code(e), "message", m);
    if (j) return j;
    /* A message that echoes input may hold bytes that are not UTF-8, or end inside a character cut by
     * a "%.Ns" bound: each byte outside a whole character is shown as '?' (jansson takes no other). */
    char *fixed = strdup(m);
    if (!fixed) return NULL;
    gw_utf8_scrub(fixed);
    j = json_pack("{s:{s:s,s:s}}", "error", "code", gw_err_code(e), "message", fixed);
    free(fixed);
    return j;
}

/* Depth of nesting outside strings, scanned before parsing so a deep body costs nothing. */
static int nesting_ok(const char *p, size_t n)
{
    int depth = 0, in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        if (in_str) {
            if (c == '\\') i++;
            else if (c == '"') in_str = 0;
        } else if (c == '"') in_str = 1;
        else if (c == '{' || c == '[') { if (++depth > GW_JSON_MAX_DEPTH) return 0; }
        else if (c == '}' || c == ']') depth--;
    }
    return 1;
}

/* A C0 control character other than tab, LF and CR (NUL included: a string is never cut at one). */
static int has_control(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return 1;
    }
    return 0;
}

/* 0 when every string and key is fine; else 1 (too long) or 2 (a control character). */
static int strings_bad(json_t *v)
{
    const char *k;
    json_t *x;
    size_t i;
    int bad;
    switch (json_typeof(v)) {
    case JSON_STRING:
        if (json_string_length(v) > GW_JSON_MAX_STRING) return 1;
        return has_control(json_string_value(v), json_string_length(v)) ? 2 : 0;
    case JSON_OBJECT:
        json_object_foreach(v, k, x) {
            if (strlen(k) > GW_JSON_MAX_STRING) return 1;
            if (has_control(k, strlen(k))) return 2;
            if ((bad = strings_bad(x))) return bad;
        }
        return 0;
    case JSON_ARRAY:
        json_array_foreach(v, i, x) if ((bad = strings_bad(x))) return bad;
        return 0;
    default: return 0;
    }
}

gw_err gw_json_parse_body(const char *body, size_t len, json_t **out, char *msg, size_t msgn)
{
    if (!body || !len) { snprintf(msg, msgn, "request body is empty"); return GW_E_INVALID; }
    if (!nesting_ok(body, len)) {
        snprintf(msg, msgn, "JSON nested deeper than %d levels", GW_JSON_MAX_DEPTH);
        return GW_E_INVALID;
    }
    json_error_t je;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        snprintf(msg, msgn, "malformed JSON at line %d column %d: %s", je.line, je.column, je.text);
        return GW_E_INVALID;
    }
    if (!json_is_object(root)) {
        json_decref(root);
        snprintf(msg, msgn, "the request body must be a JSON object");
        return GW_E_INVALID;
    }
    int bad = strings_bad(root);
    if (bad) {
        json_decref(root);
        if (bad == 2) {
            snprintf(msg, msgn, "a string holds a control character (only tab, line feed and carriage return are allowed)");
            return GW_E_INVALID;
        }
        snprintf(msg, msgn, "a string is longer than %d bytes", GW_JSON_MAX_STRING);
        return GW_E_TOO_LARGE;
    }
    *out = root;
    return GW_OK;
}

gw_err gw_json_unpack(json_t *root, char *msg, size_t msgn, const char *fmt, ...)
{
    json_error_t je;
    va_list ap;
    va_start(ap, fmt);
    int rc = json_vunpack_ex(root, &je, JSON_STRICT, fmt, ap);
    va_end(ap);
    if (rc == 0) return GW_OK;
    snprintf(msg, msgn, "%s", je.text);
    return GW_E_INVALID;
}

gw_err gw_json_check_text(const char *field, const char *s, int required, size_t max, char *msg, size_t msgn)
{
    if (!s || !*s) {
        if (!required) return GW_OK;
        snprintf(msg, msgn, "%s is required", field);
        return GW_E_INVALID;
    }
    if (has_control(s, strlen(s))) {
        snprintf(msg, msgn, "%s holds a control character (only tab, line feed and carriage return are allowed)", field);
        return GW_E_INVALID;
    }
    if (gw_utf8_len(s) > max) {
        snprintf(msg, msgn, "%s is longer than %zu characters", field, max);
        return GW_E_INVALID;
    }
    return GW_OK;
}

json_t *gw_json_str(const char *s) { return s ? json_string(s) : json_null(); }
json_t *gw_json_id(long long v) { return v ? json_integer(v) : json_null(); }
json_t *gw_json_time(long long ms)
{
    if (!ms) return json_null();
    char b[32];
    gw_clock_iso8601(ms, b, sizeof b);
    return json_string(b);
}
