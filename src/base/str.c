#include "base/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(gw_buf *b, size_t need)
{
    if (b->oom) return -1;
    if (b->len + need + 1 <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + need + 1) cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) { b->oom = 1; return -1; }
    b->data = p;
    b->cap = cap;
    return 0;
}

void gw_buf_append(gw_buf *b, const char *s, size_t n)
{
    if (grow(b, n)) return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = 0;
}

void gw_buf_puts(gw_buf *b, const char *s) { gw_buf_append(b, s, strlen(s)); }

void gw_buf_printf(gw_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void gw_buf_xml(gw_buf *b, const char *s)
{
    for (const char *p = s; p && *p; p++) {
        switch (*p) {
        case '&': gw_buf_puts(b, "&amp;"); break;
        case '<': gw_buf_puts(b, "&lt;"); break;
        case '>': gw_buf_puts(b, "&gt;"); break;
        case '"': gw_buf_puts(b, "&quot;"); break;
        case '\'': gw_buf_puts(b, "&apos;"); break;
        default: gw_buf_append(b, p, 1);
        }
    }
}

char *gw_buf_take(gw_buf *b, size_t *len)
{
    char *d = b->data;
    if (len) *len = b->len;
    if (b->oom) { free(d); d = NULL; }
    memset(b, 0, sizeof *b);
    return d;
}

void gw_buf_free(gw_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void gw_hex(const unsigned char *in, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * n] = 0;
}

long long gw_parse_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18) return 0;
    long long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return 0;
        v = v * 10 + (*p - '0');
    }
    return v;
}

size_t gw_utf8_len(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Bytes of the well-formed UTF-8 character at p, or 0 when none starts there. */
static size_t utf8_char(const unsigned char *p)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    size_t n;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4) n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else return 0;
    if (p[1] < lo || p[1] > hi) return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xBF) return 0;
    return n;
}

void gw_utf8_scrub(char *s)
{
    while (s && *s) {
        size_t k = utf8_char((const unsigned char *)s);
        if (k) s += k;
        else *s++ = '?';
    }
}

void gw_copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

int gw_blank(const char *s)
{
    for (; s && *s; s++) {
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') continue;
        if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80) { s += 2; continue; }
        return 0;
    }
    return 1;
}
