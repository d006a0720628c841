#include "json/i18n.h"
#include "json/i18n_table.h"

#include <string.h>


/* The whole-message tables, matched alike, and then the nested ones. */
typedef struct {
    const gw_msg_pair *pairs;
    const size_t *n;
} table;
static const table whole[] = { { gw_i18n_msgs, &gw_i18n_n_msgs }, { gw_i18n_iot, &gw_i18n_n_iot },
                               { gw_i18n_partners, &gw_i18n_n_partners } };
#define N_WHOLE (sizeof whole / sizeof whole[0])

/* Template i of every whole-message table in order, then of the nested one; NULL past the last. */
static const gw_msg_pair *template_at(size_t i)
{
    for (size_t t = 0; t < N_WHOLE; i -= *whole[t].n, t++)
        if (i < *whole[t].n) return &whole[t].pairs[i];
    return i < gw_i18n_n_nested ? &gw_i18n_nested[i] : NULL;
}
const char *gw_msg_template_en(size_t i)
{
    const gw_msg_pair *m = template_at(i);
    return m ? m->en : NULL;
}
const char *gw_msg_template_zh(size_t i)
{
    const gw_msg_pair *m = template_at(i);
    return m ? m->zh : NULL;
}

#define MAX_CAPS 8

typedef struct { const char *p; size_t n; } cap;

/* The length of the placeholder at t ('%' then flags up to the conversion), 0 when t is none.
 * *text is set when it captures text (%s, %.Ns), else it captures an integer. */
static size_t spec_len(const char *t, int *text)
{
    if (t[0] != '%') return 0;
    size_t i = 1;
    while (t[i] == '.' || (t[i] >= '0' && t[i] <= '9') || t[i] == 'l' || t[i] == 'z') i++;
    if (t[i] == 's') { *text = 1; return i + 1; }
    if (t[i] == 'd') { *text = 0; return i + 1; }
    if (t[i] == 'u' && t[i - 1] == 'z') { *text = 0; return i + 1; }
    return 0;
}

/* Does s match template t to their ends? Captures go to caps[k...]; backtracks over text captures. */
static int match(const char *t, const char *s, cap *caps, int k)
{
    for (;;) {
        int text = 0;
        size_t sl = spec_len(t, &text);
        if (!sl) {
            if (*t != *s) return 0;
            if (!*t) return 1;
            t++, s++;
            continue;
        }
        if (k >= MAX_CAPS) return 0;
        if (!text) {
            size_t n = *s == '-' ? 1 : 0;
            while (s[n] >= '0' && s[n] <= '9') n++;
            if (n == 0 || (n == 1 && *s == '-')) return 0;
            caps[k] = (cap){ s, n };
            return match(t + sl, s + n, caps, k + 1);
        }
        for (size_t n = 0;; n++) {
            caps[k] = (cap){ s, n };
            if (match(t + sl, s + n, caps, k + 1)) return 1;
            if (!s[n]) return 0;
        }
    }
}

/* Append n bytes of p to out[*len] within cap n_out, never splitting a UTF-8 sequence. */
static void put(char *out, size_t n_out, size_t *len, const char *p, size_t n)
{
    size_t room = n_out - 1 - *len;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80) n--;
    }
    memcpy(out + *len, p, n);
    *len += n;
    out[*len] = '\0';
}

/* Write the Chinese form of template zh to out, with the captures of its English form; a nested
 * template's text captures are translated in turn (depth levels deep). */
static void render(const char *zh, const cap *caps, int nest, int depth, char *out, size_t n, size_t *len);

/* Translate s[0..sn) into out at *len: 1 when a template (or, nested, a word) matched, else the text as is. */
static int translate(const char *s, size_t sn, int nested_capture, int depth, char *out, size_t n, size_t *len)
{
    char buf[512];
    if (sn >= sizeof buf) sn = sizeof buf - 1;
    memcpy(buf, s, sn);
    buf[sn] = '\0';
    cap caps[MAX_CAPS];
    for (size_t t = 0; t < N_WHOLE; t++)
        for (size_t i = 0; i < *whole[t].n; i++)
            if (match(whole[t].pairs[i].en, buf, caps, 0)) {
                render(whole[t].pairs[i].zh, caps, 0, depth, out, n, len);
                return 1;
            }
    for (size_t i = 0; i < gw_i18n_n_nested; i++)
        if (match(gw_i18n_nested[i].en, buf, caps, 0)) { render(gw_i18n_nested[i].zh, caps, 1, depth, out, n, len); return 1; }
    for (size_t i = 0; nested_capture && i < gw_i18n_n_words; i++)
        if (!strcmp(gw_i18n_words[i].en, buf)) { put(out, n, len, gw_i18n_words[i].zh, strlen(gw_i18n_words[i].zh)); return 1; }
    put(out, n, len, s, sn);
    return 0;
}

static void render(const char *zh, const cap *caps, int nest, int depth, char *out, size_t n, size_t *len)
{
    int k = 0;
    for (const char *z = zh; *z;) {
        int text = 0;
        size_t sl = spec_len(z, &text);
        if (sl && k < MAX_CAPS) {
            if (nest && text && depth < 3) translate(caps[k].p, caps[k].n, 1, depth + 1, out, n, len);
            else put(out, n, len, caps[k].p, caps[k].n);
            k++;
            z += sl;
        } else {
            const char *next = strchr(z + 1, '%');
            size_t lit = next ? (size_t)(next - z) : strlen(z);
            put(out, n, len, z, lit);
            z += lit;
        }
    }
}

int gw_msg_translate(const char *english, char *out, size_t n)
{
    if (!out || !n) return 0;
    out[0] = '\0';
    if (!english) return 0;
    size_t len = 0;
    return translate(english, strlen(english), 0, 0, out, n, &len);
}

/* One language tag of a comma-separated list: its primary subtag and whether q is 0. */
static gw_lang tag_lang(const char *p, size_t n, int *known)
{
    while (n && (*p == ' ' || *p == '\t')) p++, n--;
    *known = 0;
    const char *semi = memchr(p, ';', n);
    if (semi) {
        const char *q = semi + 1;
        while (q < p + n && *q == ' ') q++;
        if (q + 1 < p + n && q[0] == 'q' && q[1] == '=') {
            int zero = 1;
            for (const char *c = q + 2; c < p + n; c++)
                if (*c >= '1' && *c <= '9') zero = 0;
            if (zero) return GW_LANG_ZH;
        }
    }
    size_t tl = semi ? (size_t)(semi - p) : n;
    if (tl >= 2 && (p[0] | 0x20) == 'z' && (p[1] | 0x20) == 'h' && (tl == 2 || p[2] == '-' || p[2] == ' ')) { *known = 1; return GW_LANG_ZH; }
    if (tl >= 2 && (p[0] | 0x20) == 'e' && (p[1] | 0x20) == 'n' && (tl == 2 || p[2] == '-' || p[2] == ' ')) { *known = 1; return GW_LANG_EN; }
    return GW_LANG_ZH;
}

gw_lang gw_lang_parse(const char *h)
{
    if (!h) return GW_LANG_ZH;
    for (int i = 0; *h && i < 32; i++) {
        const char *comma = strchr(h, ',');
        size_t n = comma ? (size_t)(comma - h) : strlen(h);
        int known;
        gw_lang l = tag_lang(h, n, &known);
        if (known) return l;
        if (!comma) break;
        h = comma + 1;
    }
    return GW_LANG_ZH;
}
