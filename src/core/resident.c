/* core/resident.c — see resident.h. */
#include "core/resident.h"
#include "core/privacy.h"

#include <stdio.h>
#include <string.h>

static const char *const status_names[] = { "active", "disabled" };
static const char *const method_names[] = { "in_person", "document", "household" };
static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; /* 31 characters */

static int parse_of(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

const char *gw_resident_status_name(int s) { return s >= 0 && s < 2 ? status_names[s] : "unknown"; }
int gw_resident_status_parse(const char *s) { return parse_of(status_names, 2, s); }
const char *gw_resident_method_name(int m) { return m >= 0 && m < 3 ? method_names[m] : ""; }
int gw_resident_method_parse(const char *s) { return parse_of(method_names, 3, s); }

gw_err gw_resident_phone_key(const char *phone, char *out, size_t n)
{
    char d[32];
    if (n < GW_RESIDENT_PHONE_BUF || !phone || !gw_phone_valid(phone)) return GW_E_INVALID;
    size_t len = gw_phone_key(phone, d, sizeof d);
    const char *p = d, *lead = phone + strspn(phone, " ");
    if (len == 13 && !strncmp(d, "86", 2)) p += 2, len -= 2;
    else if (*lead == '+') return GW_E_INVALID; /* another country's code */
    if (len != 11 || p[0] != '1') return GW_E_INVALID;
    snprintf(out, n, "%s", p);
    return GW_OK;
}

int gw_id_number_valid(const char *s)
{
    static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    static const char check[] = "10X98765432";
    if (!s || strlen(s) != 18) return 0;
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        sum += (s[i] - '0') * weight[i];
    }
    char c = s[17] == 'x' ? 'X' : s[17];
    return c == check[sum % 11];
}

void gw_id_number_norm(const char *s, char *out, size_t n)
{
    snprintf(out, n, "%s", s ? s : "");
    for (char *p = out; *p; p++)
        if (*p == 'x') *p = 'X';
}

void gw_id_number_mask(const char *s, char *out, size_t n)
{
    size_t len = s ? strlen(s) : 0;
    if (!n) return;
    if (len >= n) len = n - 1;
    for (size_t i = 0; i < len; i++) out[i] = i < 3 || i + 2 >= len ? s[i] : '*';
    out[len] = 0;
}

void gw_resident_code_make(const unsigned char *rnd, char *out)
{
    for (int i = 0; i < GW_RESIDENT_CODE_LEN; i++) out[i] = code_alphabet[rnd[i] % (sizeof code_alphabet - 1)];
    out[GW_RESIDENT_CODE_LEN] = 0;
}

gw_err gw_resident_code_norm(const char *in, char *out, size_t n)
{
    size_t k = 0;
    if (!in || n < GW_RESIDENT_CODE_LEN + 1) return GW_E_INVALID;
    for (const char *p = in; *p; p++) {
        if (*p == ' ' || *p == '-') continue;
        char c = *p >= 'a' && *p <= 'z' ? (char)(*p - 'a' + 'A') : *p;
        if (!strchr(code_alphabet, c) || c == 0 || k == GW_RESIDENT_CODE_LEN) return GW_E_INVALID;
        out[k++] = c;
    }
    out[k] = 0;
    return k == GW_RESIDENT_CODE_LEN ? GW_OK : GW_E_INVALID;
}
