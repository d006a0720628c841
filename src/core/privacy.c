/* core/privacy.c — masking of personal data for display (see privacy.h). */
#include "core/privacy.h"
#include "base/str.h"

#include <string.h>

static size_t utf8_first(const char *s)
{
    size_t n = 1;
    while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80) n++;
    return n;
}

void gw_mask_name(const char *name, char *out, size_t n)
{
    out[0] = 0;
    if (!name || !*name || n < 16) return;
    size_t chars = gw_utf8_len(name), first = utf8_first(name);
    if (chars == 1) { strcpy(out, "*"); return; } /* a single character is the whole name */
    if (first + 8 >= n) return;
    memcpy(out, name, first);
    out[first] = 0;
    strcat(out, "*");
    if (chars >= 3) { /* keep the last character too: 张*明 */
        const char *last = name + strlen(name);
        do last--; while (last > name && ((unsigned char)*last & 0xC0) == 0x80);
        if (strlen(out) + strlen(last) < n) strcat(out, last);
    }
}

/* How many leading and trailing digits of an n-digit phone number stay visible: none up to 4
 * digits; 3 + 4 for an 11-digit mobile (the usual 138****5678); else at most 3 + 4 and at most
 * half of the digits. */
static void phone_keep(size_t n, size_t *head, size_t *tail)
{
    *head = *tail = 0;
    if (n <= 4) return;
    if (n == 11) { *head = 3; *tail = 4; return; }
    size_t shown = n / 2;
    *head = shown / 2 > 3 ? 3 : shown / 2;
    *tail = shown - *head > 4 ? 4 : shown - *head;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Length in bytes of a digit at p (ASCII '0'-'9' or full-width U+FF10..U+FF19), else 0. */
static size_t digit_at(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] >= '0' && u[0] <= '9') return 1;
    if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99) return 3;
    return 0;
}

void gw_mask_address(const char *in, char *out, size_t n)
{
    size_t o = 0, d;
    if (!n) return;
    out[0] = 0;
    if (!in || n < strlen(in) + 1) return;
    for (const char *p = in; *p;) {
        if ((d = digit_at(p)) != 0) {
            while ((d = digit_at(p)) != 0) p += d;
            out[o++] = '*';
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = 0;
}

/* Copy the digit run [p, end) of `digits` digits to out, hiding all but `head` leading and 2
 * trailing digits when it is a long number; returns the bytes written. */
static size_t mask_run(const char *p, const char *end, size_t digits, char *out)
{
    size_t head = digits >= 11 ? 3 : 1, o = 0, k = 0, d;
    int hide = digits >= GW_MASK_RUN_MIN;
    for (; p < end; p += d, k++) {
        d = digit_at(p);
        if (hide && k >= head && k + 2 < digits) out[o++] = '*';
        else memcpy(out + o, p, d), o += d;
    }
    return o;
}

void gw_mask_numbers(const char *in, char *out, size_t n)
{
    size_t o = 0;
    if (!n) return;
    out[0] = 0;
    if (!in || n < strlen(in) + 1) return;
    for (const char *p = in; *p;) {
        if (!digit_at(p)) { out[o++] = *p++; continue; }
        const char *q = p;
        size_t digits = 0, d;
        while ((d = digit_at(q)) != 0) q += d, digits++;
        o += mask_run(p, q, digits, out + o);
        p = q;
    }
    out[o] = 0;
}

void gw_mask_phone(const char *phone, char *out, size_t n)
{
    size_t len = phone ? strlen(phone) : 0, digits = 0, seen = 0, head, tail;
    out[0] = 0;
    if (!len || n < len + 1) return;
    for (size_t i = 0; i < len; i++) digits += is_digit(phone[i]);
    phone_keep(digits, &head, &tail);
    for (size_t i = 0; i < len; i++) { /* separators stay: "+86 571-****-**34" */
        int d = is_digit(phone[i]);
        out[i] = d && seen >= head && seen + tail < digits ? '*' : phone[i];
        seen += d;
    }
    out[len] = 0;
}

int gw_phone_valid(const char *p)
{
    size_t n = strlen(p), digits = 0;
    if (n > GW_PHONE_MAX) return 0;
    for (size_t i = 0; i < n; i++) {
        if (is_digit(p[i])) digits++;
        else if (!(i == 0 && p[i] == '+') && !strchr(" -.()", p[i])) return 0;
    }
    return digits >= 3 && digits <= 20;
}

size_t gw_phone_key(const char *p, char *out, size_t n)
{
    size_t k = 0;
    if (!n) return 0;
    for (; p && *p && k + 1 < n; p++)
        if (is_digit(*p)) out[k++] = *p;
    out[k] = 0;
    return k;
}
