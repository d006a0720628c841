/* fuzz/fuzz_io.c — see fuzz_io.h. */
#include "fuzz_io.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode s[0..n) into out (n + 1 bytes); a %00 becomes SUB as in http/server.c's form_put. */
static char *decode(const char *s, size_t n, char *out)
{
    char *o = out;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '+') *o++ = ' ';
        else if (s[i] == '%' && i + 2 < n && (hi = hexval(s[i + 1])) >= 0 && (lo = hexval(s[i + 2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            *o++ = c ? c : '\x1a';
            i += 2;
        } else *o++ = s[i] ? s[i] : '\x1a';
    }
    *o++ = 0;
    return o;
}

/* Split "a=b&c=d" into keys and values decoded into *cur. */
static int split_args(const char *s, size_t n, const char **k, const char **v, int max, char **cur)
{
    int m = 0;
    size_t i = 0;
    while (i < n && m < max) {
        size_t j = i;
        while (j < n && s[j] != '&') j++;
        if (j > i) {
            const char *eq = memchr(s + i, '=', j - i);
            size_t kl = eq ? (size_t)(eq - (s + i)) : j - i;
            k[m] = *cur;
            *cur = decode(s + i, kl, *cur);
            if (eq) {
                v[m] = *cur;
                *cur = decode(eq + 1, (size_t)((s + j) - (eq + 1)), *cur);
            } else v[m] = NULL;
            m++;
        }
        i = j + 1;
    }
    return m;
}

static const char *find(const char *const *k, const char *const *v, int n, const char *key, int ci)
{
    for (int i = 0; i < n; i++)
        if (ci ? !strcasecmp(k[i], key) : !strcmp(k[i], key)) return v[i];
    return NULL;
}

int fz_front_parse(fz_front *f, const char *q, size_t qn, const char *h, size_t hn, const char *body, size_t bn)
{
    memset(f, 0, sizeof *f);
    f->buf = malloc(2 * (qn + hn + bn) + 16);
    if (!f->buf) return -1;
    char *cur = f->buf;
    f->nq = split_args(q, qn, f->qk, f->qv, FZ_MAX_ARGS, &cur);
    for (size_t i = 0; i < hn && f->nh < FZ_MAX_HDRS;) {
        size_t j = i;
        while (j < hn && h[j] != '\n') j++;
        const char *colon = memchr(h + i, ':', j - i);
        if (colon) {
            size_t kl = (size_t)(colon - (h + i)), vs = kl + 1;
            while (i + vs < j && h[i + vs] == ' ') vs++;
            f->hk[f->nh] = cur;
            memcpy(cur, h + i, kl);
            cur += kl;
            *cur++ = 0;
            f->hv[f->nh++] = cur;
            memcpy(cur, h + i + vs, j - i - vs);
            for (size_t x = 0; x < j - i - vs; x++) if (!cur[x]) cur[x] = '\x1a';
            cur += j - i - vs;
            *cur++ = 0;
        }
        i = j + 1;
    }
    const char *ct = find(f->hk, f->hv, f->nh, "Content-Type", 1);
    if (ct && !strncasecmp(ct, "application/x-www-form-urlencoded", 33))
        f->nf = split_args(body, bn, f->fk, f->fv, FZ_MAX_ARGS, &cur);
    const char *authz = find(f->hk, f->hv, f->nh, "Authorization", 1);
    if (authz && !strncmp(authz, "Bearer ", 7)) f->token = f->resident_token = authz + 7;
    return 0;
}

void fz_front_free(fz_front *f)
{
    free(f->buf);
    f->buf = NULL;
}

static const char *io_query(void *h, const char *key)
{
    fz_front *f = h;
    return find(f->qk, f->qv, f->nq, key, 0);
}

static void io_query_each(void *h, gw_query_fn fn, void *cls)
{
    fz_front *f = h;
    for (int i = 0; i < f->nq && fn(cls, f->qk[i], f->qv[i]); i++) {}
}

static const char *io_header(void *h, const char *key)
{
    fz_front *f = h;
    return find(f->hk, f->hv, f->nh, key, 1);
}

static const char *io_form(void *h, const char *key)
{
    fz_front *f = h;
    return find(f->fk, f->fv, f->nf, key, 0);
}

static const char *io_token(void *h) { return ((fz_front *)h)->token; }
static const char *io_resident_token(void *h) { return ((fz_front *)h)->resident_token; }
static void io_add_header(void *h, const char *key, const char *value) { (void)h, (void)key, (void)value; }

const gw_req_io fz_io = { io_query, io_query_each, io_header, io_form, io_token, io_add_header, io_resident_token };
