/* ops/open311_form.c — what an Open311 client sends, decoded and checked (see open311_form.h). */
#include "ops/open311_form.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/str.h"

/* ---- fields ------------------------------------------------------------------------------- */


/* Code points in s, or -1 when s is not valid UTF-8 or holds control characters other than
 * tab, CR and LF (multiline) or any at all (!multiline). */
long o311_text_chars(const char *s, int multiline)
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

const char *o311_field(gw_req *r, const char *key)
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
    long n = o311_text_chars(v, multiline);
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

/* ---- POST requests ------------------------------------------------------------------------ */

int o311_form_where(gw_req *r, o311_fmt f, o311_post *p)
{
    p->lat_s = o311_field(r, "lat");
    p->lon_s = o311_field(r, "long");
    p->addr = o311_field(r, "address_string");
    p->addr_id = o311_field(r, "address_id");
    if (p->lat_s && !parse_coord(p->lat_s, -90, 90, &p->lat))
        return o311_error(r, f, 400, "lat must be a number from -90 to 90 (WGS-84)"), 1;
    if (p->lon_s && !parse_coord(p->lon_s, -180, 180, &p->lon))
        return o311_error(r, f, 400, "long must be a number from -180 to 180 (WGS-84)"), 1;
    if (!p->lat_s != !p->lon_s)
        return o311_error(r, f, 400, "%s is required with %s", p->lat_s ? "long" : "lat", p->lat_s ? "lat" : "long"), 1;
    if (bad_text(r, f, "address_string", p->addr, GW_ADDR_MAX, 0)) return 1;
    if (bad_text(r, f, "address_id", p->addr_id, 64, 0)) return 1;
    if (!p->lat_s && !p->addr) {
        if (p->addr_id) return o311_error(r, f, 400, "address_id cannot be resolved here; send lat and long or address_string"), 1;
        return o311_error(r, f, 400, "a location is required: lat and long, or address_string"), 1;
    }
    return 0;
}

/* digits with an optional leading '+' and '-'; spaces, dots and brackets dropped. Whether it is a
 * phone number is the report's rule (gw_ticket_report). */
static int form_phone(gw_req *r, o311_fmt f, const char *phone, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = phone; p && *p; p++) {
        if (strchr(" .()", *p)) continue;
        if (o + 1 >= n) return o311_error(r, f, 400, "phone is too long"), 1;
        out[o++] = *p;
    }
    out[o] = 0;
    return 0;
}

/* 张 + 三 for Chinese names, "Jane Doe" for Latin ones. */
static int form_name(gw_req *r, o311_fmt f, const char *first, const char *last, char *out, size_t n)
{
    out[0] = 0;
    if (first && last) {
        if (is_ascii_text(first) && is_ascii_text(last)) snprintf(out, n, "%s %s", first, last);
        else snprintf(out, n, "%s%s", last, first);
    } else if (first || last) {
        snprintf(out, n, "%s", first ? first : last);
    }
    if (out[0] && o311_text_chars(out, 0) > GW_NAME_MAX)
        return o311_error(r, f, 400, "first_name and last_name together are longer than %d characters", GW_NAME_MAX), 1;
    return 0;
}

int o311_form_about(gw_req *r, o311_fmt f, o311_post *p)
{
    const char *first = o311_field(r, "first_name"), *last = o311_field(r, "last_name");
    const char *phone = o311_field(r, "phone"), *email = o311_field(r, "email"), *media = o311_field(r, "media_url");
    p->desc = o311_field(r, "description");
    if (bad_text(r, f, "description", p->desc, GW_DESC_MAX, 1)) return 1;
    if (bad_text(r, f, "first_name", first, GW_NAME_MAX, 0)) return 1;
    if (bad_text(r, f, "last_name", last, GW_NAME_MAX, 0)) return 1;
    if (email && (strlen(email) > 254 || !strchr(email, '@') || strchr(email, ' ') || o311_text_chars(email, 0) < 0))
        return o311_error(r, f, 400, "email is not an e-mail address"), 1;
    if (media) {
        int ok = strlen(media) <= O311_URL_MAX && (!strncmp(media, "http://", 7) || !strncmp(media, "https://", 8));
        for (const unsigned char *c = (const unsigned char *)media; ok && *c; c++) ok = *c > 0x20 && *c < 0x7f;
        if (!ok) return o311_error(r, f, 400, "media_url must be an http(s) URL of at most %d characters", O311_URL_MAX), 1;
    }
    if (form_phone(r, f, phone, p->phone, sizeof p->phone)) return 1;
    return form_name(r, f, first, last, p->name, sizeof p->name);
}

/* ---- GET requests ------------------------------------------------------------------------- */

int o311_unknown_query(gw_req *r, o311_fmt f, const char *const *allowed)
{
    char key[48];
    if (!gw_req_unknown_query(r, allowed, key, sizeof key)) return 0;
    o311_error(r, f, 400, "unknown query parameter '%s'", key);
    return 1;
}

int o311_parse_query(gw_req *r, o311_fmt f, o311_query *q)
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
            const o311_svc *s = o311_svc_by_code(q->svcs, t);
            if (!s) {
                o311_error(r, f, 400, "service_code '%.32s' is not a known service", o311_text_chars(t, 0) < 0 ? "?" : t);
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
