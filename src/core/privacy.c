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
