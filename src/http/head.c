/* http/head.c — the rules for a request head (see head.h). */
#include "http/head.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int encoded_slash(const char *s, size_t n)
{
    for (size_t i = 0; i + 2 < n; i++)
        if (s[i] == '%' && s[i + 1] == '2' && (s[i + 2] == 'f' || s[i + 2] == 'F')) return 1;
    return 0;
}

gw_err gw_head_target(const char *uri, int *asterisk, const char **msg)
{
    const char *query = strchr(uri, '?');
    size_t path_len = query ? (size_t)(query - uri) : strlen(uri), args = 0;
    if (query && query[1]) {
        args = 1;
        for (const char *p = query + 1; *p && args <= GW_MAX_QUERY_ARGS; p++) args += *p == '&';
    }
    *asterisk = 0;
    *msg = NULL;
    if (strlen(uri) > GW_MAX_TARGET) { *msg = "the request target is longer than 8192 bytes"; return GW_E_URI_TOO_LONG; }
    if (args > GW_MAX_QUERY_ARGS) { *msg = "more than 64 query parameters"; return GW_E_URI_TOO_LONG; }
    if (!strcmp(uri, "*")) { *asterisk = 1; return GW_OK; }
    if (uri[0] != '/') *msg = "the request target must be a path starting with /";
    else if (encoded_slash(uri, path_len)) *msg = "an encoded / (%2F) is not allowed in the path";
    return *msg ? GW_E_INVALID : GW_OK;
}

static int has_ctl(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f) return 1;
    return 0;
}

void gw_head_note(gw_head_scan *s, const char *key, const char *value)
{
    if (has_ctl(key) || has_ctl(value)) s->bad_byte = 1;
    if (!strcasecmp(key, "Host")) s->hosts++;
    else if (!strcasecmp(key, "Content-Length")) {
        size_t n = value ? strlen(value) : 0;
        if (!n || n > 18 || strspn(value, "0123456789") != n) { s->cl_bad = 1; return; }
        unsigned long long v = strtoull(value, NULL, 10);
        if (s->cls++ && v != s->cl) s->cl_differs = 1;
        s->cl = v;
    } else if (!strcasecmp(key, "Transfer-Encoding")) {
        s->tes++;
        s->te = value ? value : "";
    }
}

/* Whether te[0..n) is the coding "chunked", optional whitespace around it. */
static int is_chunked(const char *t, size_t n)
{
    while (n && (*t == ' ' || *t == '\t')) t++, n--;
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\t')) n--;
    return n == 7 && !strncasecmp(t, "chunked", 7);
}

/* RFC 9112 6.1/6.3: we implement chunked alone. Chunked as the final coding over others we do not
 * implement: 501; anything else (final coding not chunked, chunked twice, parameters): 400. */
static gw_err te_verdict(const char *te, const char **msg)
{
    int codings = 0, chunked_before = 0, final_chunked = 0;
    for (const char *p = te;; p++) {
        size_t n = strcspn(p, ",");
        codings++;
        final_chunked = is_chunked(p, n);
        p += n;
        if (!*p) break;
        chunked_before |= final_chunked;
    }
    if (final_chunked && codings == 1) return GW_OK;
    if (!final_chunked || chunked_before) {
        *msg = "the final transfer coding must be chunked, applied once";
        return GW_E_INVALID;
    }
    *msg = "transfer codings other than chunked are not implemented";
    return GW_E_NOT_IMPLEMENTED;
}

gw_err gw_head_framing(const gw_head_scan *s, const char *method, int asterisk, int http10, size_t body_limit,
                       const char **msg)
{
    *msg = NULL;
    if (asterisk && strcmp(method, "OPTIONS")) *msg = "the target * is for OPTIONS only";
    else if (s->bad_byte) *msg = "a header holds a control character (CR, LF, NUL, DEL...)";
    else if (s->hosts > 1) *msg = "more than one Host header";
    else if (!s->hosts && !http10) *msg = "HTTP/1.1 requires a Host header";
    else if (s->cl_bad) *msg = "Content-Length must be a decimal number";
    else if (s->cl_differs) *msg = "Content-Length headers disagree";
    else if (s->cls && s->tes) *msg = "Content-Length together with Transfer-Encoding";
    else if (s->tes && (http10 || s->tes > 1)) *msg = http10 ? "Transfer-Encoding needs HTTP/1.1" : "more than one Transfer-Encoding header";
    else if (s->tes) return te_verdict(s->te, msg);
    else if (s->cls && s->cl > body_limit) { *msg = "request body too large"; return GW_E_TOO_LARGE; }
    return *msg ? GW_E_INVALID : GW_OK;
}

/* s[0..n) with blanks trimmed, as canonical address text; 0 when it is not an address. */
static int canon_ip(const char *s, size_t n, char *out, size_t outn)
{
    char buf[64];
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (!n || n >= sizeof buf) return 0;
    memcpy(buf, s, n);
    buf[n] = 0;
    unsigned char a[16];
    if (inet_pton(AF_INET, buf, a) == 1) return inet_ntop(AF_INET, a, out, (socklen_t)outn) != NULL;
    if (inet_pton(AF_INET6, buf, a) == 1) return inet_ntop(AF_INET6, a, out, (socklen_t)outn) != NULL;
    return 0;
}

/* Walk X-Forwarded-For from the right; 1 when out holds the address to use. */
static int from_xff(const gw_config *cfg, const char *const *xff, int n_xff, char *out, size_t n)
{
    int found = 0;
    for (int h = n_xff - 1; h >= 0; h--) {
        const char *v = xff[h], *end = v + strlen(v);
        while (end > v) {
            const char *start = end;
            while (start > v && start[-1] != ',') start--;
            char ip[48];
            if (!canon_ip(start, (size_t)(end - start), ip, sizeof ip)) return found; /* garbage: stop at the last hop */
            snprintf(out, n, "%s", ip);
            found = 1;
            if (!gw_config_trusted_proxy(cfg, ip)) return 1;
            end = start > v ? start - 1 : v;
        }
    }
    return found;
}

int gw_head_forwarded_client(const gw_config *cfg, const char *const *xff, int n_xff, const char *real_ip,
                             char *out, size_t n)
{
    return from_xff(cfg, xff, n_xff, out, n) || (real_ip && canon_ip(real_ip, strlen(real_ip), out, n));
}
