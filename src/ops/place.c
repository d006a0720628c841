/* ops/place.c — normalising Chinese addresses and scoring a query against a place (see place.h). */
#include "ops/place.h"

#include <stdint.h>
#include <string.h>

/* ---- UTF-8 ---------------------------------------------------------------------------------- */

/* Decode s into at most max code points; invalid bytes are skipped. */
static size_t decode(const char *s, uint32_t *cp, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p && n < max) {
        uint32_t c = *p;
        int more = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
        if (more < 0) { p++; continue; }
        if (more) c &= 0x3Fu >> more;
        int ok = 1;
        for (int i = 1; i <= more; i++) {
            if ((p[i] & 0xC0) != 0x80) { ok = 0; break; }
            c = (c << 6) | (p[i] & 0x3F);
        }
        if (!ok) { p++; continue; }
        p += more + 1;
        cp[n++] = c;
    }
    return n;
}

static size_t encode_one(uint32_t c, char *o)
{
    if (c < 0x80) { o[0] = (char)c; return 1; }
    if (c < 0x800) { o[0] = (char)(0xC0 | (c >> 6)); o[1] = (char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12)); o[1] = (char)(0x80 | ((c >> 6) & 0x3F)); o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18)); o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F)); o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static size_t encode(const uint32_t *cp, size_t n, char *out, size_t outn)
{
    size_t len = 0;
    if (!outn) return 0;
    for (size_t i = 0; i < n; i++) {
        char tmp[4];
        size_t k = encode_one(cp[i], tmp);
        if (len + k >= outn) break;
        memcpy(out + len, tmp, k);
        len += k;
    }
    out[len] = 0;
    return len;
}

/* ---- normalising ---------------------------------------------------------------------------- */

static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

/* Fold one code point: full-width to ASCII, variants to one form; 0 = drop it. */
static uint32_t fold(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;           /* full-width ASCII */
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 0x2010 && c <= 0x2015) return '-';             /* dashes */
    if (c == 0x2212 || c == 0xFE63) return '-';
    switch (c) {
    case 0x865F: return 0x53F7;                             /* 號 -> 号 */
    case 0x5E62: case 0x68DF: case 0x5EA7: return 0x680B;   /* 幢 棟 座 -> 栋 */
    case 0x55AE: return 0x5355;                             /* 單 -> 单 */
    case 0x3007: return 0x96F6;                             /* 〇 -> 零 */
    default: break;
    }
    if (c == '-' || c == '#') return c;
    if (c < 0x80 && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) return 0; /* spaces, punctuation */
    if (c == 0x3000 || (c >= 0x3001 && c <= 0x303F) || (c >= 0x2016 && c <= 0x206F) || c == 0xB7 ||
        (c >= 0xFE30 && c <= 0xFE6F) || (c >= 0xFF5F && c <= 0xFF65) || c == 0x30FB)
        return 0;                                           /* CJK punctuation, quotes, middle dots */
    return c;
}

static int cn_digit(uint32_t c)
{
    static const uint32_t d[10] = { 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D };
    for (int i = 0; i < 10; i++)
        if (c == d[i]) return i;
    if (c == 0x4E24) return 2; /* 两 */
    return -1;
}

static int cn_unit(uint32_t c) { return c == 0x5341 ? 10 : c == 0x767E ? 100 : c == 0x5343 ? 1000 : 0; }

/* Markers after which a number is a house, building, unit or room number. */
static int is_marker(uint32_t c)
{
    static const uint32_t m[] = { 0x53F7, 0x5F04, 0x680B, 0x5355, 0x5BA4, 0x697C, 0x5C42, 0x5DF7, 0x7EC4 };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (c == m[i]) return 1;
    return 0;
}

/* The value of the Chinese numeral cp[0..n): positional (二十三, 一百零五) or digit by digit (一〇五). */
static long cn_value(const uint32_t *cp, size_t n)
{
    int positional = 0;
    for (size_t i = 0; i < n; i++) positional |= cn_unit(cp[i]) != 0;
    long total = 0, cur = 0;
    for (size_t i = 0; i < n; i++) {
        int u = cn_unit(cp[i]);
        if (!positional) total = total * 10 + cn_digit(cp[i]);
        else if (u) { total += (cur ? cur : 1) * u; cur = 0; }
        else cur = cn_digit(cp[i]);
    }
    return total + cur;
}

/* Copy cp[0..n) to out (room for max), Chinese numerals that stand before a marker written as
 * digits; returns the length written. */
static size_t numerals(const uint32_t *cp, size_t n, uint32_t *out, size_t max)
{
    size_t w = 0;
    for (size_t i = 0; i < n && w < max;) {
        size_t j = i;
        while (j < n && j - i < 8 && (cn_digit(cp[j]) >= 0 || cn_unit(cp[j]))) j++;
        if (j > i && j < n && is_marker(cp[j])) {
            char dec[24];
            int k = 0;
            long v = cn_value(cp + i, j - i);
            do { dec[k++] = (char)('0' + v % 10); v /= 10; } while (v && k < 20);
            while (k && w < max) out[w++] = (uint32_t)dec[--k];
            i = j;
            continue;
        }
        out[w++] = cp[i++];
    }
    return w;
}

size_t gw_place_normalise(const char *s, char *out, size_t n)
{
    uint32_t in[GW_PLACE_CPS], cp[GW_PLACE_CPS];
    size_t m = decode(s ? s : "", in, GW_PLACE_CPS), k = 0;
    for (size_t i = 0; i < m; i++) {
        uint32_t c = fold(in[i]);
        if (c) in[k++] = c;
    }
    k = numerals(in, k, cp, GW_PLACE_CPS);
    size_t w = 0;
    for (size_t i = 0; i < k; i++) {
        uint32_t c = cp[i];
        int after_digit = w > 0 && is_digit(cp[w - 1]);
        if (c == '-' && !(after_digit && i + 1 < k && is_digit(cp[i + 1]))) continue;
        if (c == '#') { if (!after_digit) continue; c = 0x53F7; }
        if (c == 0x697C && w > 1 && cp[w - 1] == 0x53F7 && is_digit(cp[w - 2])) { cp[w - 1] = 0x680B; continue; }
        cp[w++] = c;
    }
    return encode(cp, w, out, n);
}

/* ---- scoring -------------------------------------------------------------------------------- */

typedef struct {
    uint32_t text[GW_PLACE_CPS]; /* everything but digits and '-' */
    size_t nt;
    char num[64];                /* the digit groups, '|' between them */
} parts;

static void split(const char *s, parts *p)
{
    uint32_t cp[GW_PLACE_CPS];
    size_t n = decode(s, cp, GW_PLACE_CPS), nn = 0;
    p->nt = 0;
    int in_num = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_digit(cp[i])) {
            if (!in_num && nn && nn < sizeof p->num - 1) p->num[nn++] = '|';
            if (nn < sizeof p->num - 1) p->num[nn++] = (char)cp[i];
            in_num = 1;
            continue;
        }
        in_num = 0;
        if (cp[i] != '-') p->text[p->nt++] = cp[i];
    }
    p->num[nn] = 0;
}

/* Dice coefficient of the two texts' bigram multisets (single characters compare as themselves). */
static double dice(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    if (na < 2 || nb < 2) {
        for (size_t i = 0; i < na; i++)
            for (size_t j = 0; j < nb; j++)
                if (a[i] == b[j]) return na == nb ? 1.0 : 2.0 / (double)(na + nb);
        return 0;
    }
    unsigned char used[GW_PLACE_CPS] = { 0 };
    size_t common = 0;
    for (size_t i = 0; i + 1 < na; i++)
        for (size_t j = 0; j + 1 < nb; j++)
            if (!used[j] && a[i] == b[j] && a[i + 1] == b[j + 1]) { used[j] = 1; common++; break; }
    return 2.0 * (double)common / (double)(na - 1 + nb - 1);
}

/* Levenshtein distance over code points (two rows). */
static size_t edits(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t row[GW_PLACE_CPS + 1], prev[GW_PLACE_CPS + 1];
    for (size_t j = 0; j <= nb; j++) prev[j] = j;
    for (size_t i = 1; i <= na; i++) {
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        memcpy(prev, row, (nb + 1) * sizeof row[0]);
    }
    return prev[nb];
}

static int contains(const uint32_t *hay, size_t nh, const uint32_t *needle, size_t nn)
{
    for (size_t i = 0; nn && i + nn <= nh; i++)
        if (!memcmp(hay + i, needle, nn * sizeof needle[0])) return 1;
    return 0;
}

static double text_score(const parts *q, const parts *k)
{
    if (!q->nt) return k->nt ? 0.2 : 1.0;
    if (!k->nt) return 0;
    size_t longer = q->nt > k->nt ? q->nt : k->nt;
    double s = 0.5 * dice(q->text, q->nt, k->text, k->nt) +
               0.5 * (1.0 - (double)edits(q->text, q->nt, k->text, k->nt) / (double)longer);
    if (contains(k->text, k->nt, q->text, q->nt)) {
        double c = 0.8 + 0.2 * (double)q->nt / (double)k->nt;
        if (c > s) s = c;
    }
    return s;
}

static double number_factor(const char *q, const char *k)
{
    if (!*q) return *k ? 0.9 : 1.0;
    if (!strcmp(q, k)) return 1.0;
    if (!*k) return 0.5;                          /* the road, not the number asked for */
    if (!strncmp(k, q, strlen(q))) return 0.75;   /* still typing the number */
    return 0.3;
}

double gw_place_score(const char *q, const char *k)
{
    parts a, b;
    split(q ? q : "", &a);
    split(k ? k : "", &b);
    if (!a.nt && !a.num[0]) return 0;
    return text_score(&a, &b) * number_factor(a.num, b.num);
}

size_t gw_place_bigrams(const char *k, char grams[][9], size_t max)
{
    uint32_t cp[GW_PLACE_CPS];
    size_t n = decode(k ? k : "", cp, GW_PLACE_CPS), g = 0;
    for (size_t i = 0; g < max && (i + 1 < n || (n == 1 && i == 0)); i++) {
        char tmp[9];
        size_t len = encode(cp + i, n == 1 ? 1 : 2, tmp, sizeof tmp);
        int seen = 0;
        for (size_t j = 0; j < g && !seen; j++) seen = !strcmp(grams[j], tmp);
        if (!seen && len) memcpy(grams[g++], tmp, len + 1);
    }
    return g;
}
