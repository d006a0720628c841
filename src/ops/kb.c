/* ops/kb.c — see kb.h. Pure. */
#include "ops/kb.h"
#include "ops/place.h"

#include <string.h>

static const char *const status_names[2] = { "draft", "published" };

int gw_kb_status_parse(const char *s)
{
    for (int i = 0; s && i < 2; i++)
        if (!strcmp(s, status_names[i])) return i;
    return -1;
}

const char *gw_kb_status_name(int st) { return st >= 0 && st < 2 ? status_names[st] : "unknown"; }

/* Merge the bigrams of one normalised key into out with weight w. */
static void merge(const char *key, int w, gw_kb_gram *out, size_t *n, size_t max)
{
    char g[GW_PLACE_GRAMS][9];
    size_t k = gw_place_bigrams(key, g, GW_PLACE_GRAMS);
    for (size_t i = 0; i < k; i++) {
        size_t j = 0;
        while (j < *n && strcmp(out[j].gram, g[i])) j++;
        if (j < *n) {
            if (out[j].weight < w) out[j].weight = w;
        } else if (*n < max) {
            memcpy(out[*n].gram, g[i], sizeof g[i]);
            out[(*n)++].weight = w;
        }
    }
}

/* Normalise and merge text in slices of whole code points (a key holds GW_PLACE_CPS of them). The
 * slices overlap by one code point so no bigram is lost at a cut. */
static void merge_text(const char *s, int w, gw_kb_gram *out, size_t *n, size_t max)
{
    char slice[GW_PLACE_CPS * 4 + 1], key[GW_PLACE_KEY_MAX];
    const size_t cps = GW_PLACE_CPS / 2; /* punctuation dropped by normalising never overflows the key */
    while (s && *s && *n < max) {
        size_t b = 0, c = 0, last = 0;
        while (s[b] && c < cps) {
            last = b;
            b++;
            while ((s[b] & 0xC0) == 0x80) b++;
            c++;
        }
        memcpy(slice, s, b);
        slice[b] = 0;
        gw_place_normalise(slice, key, sizeof key);
        if (key[0]) merge(key, w, out, n, max);
        if (!s[b]) break;
        s += last > 0 ? last : b; /* the next slice starts at this one's last code point */
    }
}

size_t gw_kb_index_grams(const char *title, const char *tags, const char *body, gw_kb_gram *out, size_t max)
{
    size_t n = 0;
    merge_text(title, GW_KB_W_TITLE, out, &n, max);
    merge_text(tags, GW_KB_W_TAGS, out, &n, max);
    merge_text(body, GW_KB_W_BODY, out, &n, max);
    return n;
}

size_t gw_kb_query_grams(const char *q, char grams[][9], size_t max)
{
    char key[GW_PLACE_KEY_MAX];
    if (!q) return 0;
    gw_place_normalise(q, key, sizeof key);
    if (!key[0]) return 0;
    char g[GW_PLACE_GRAMS][9];
    size_t k = gw_place_bigrams(key, g, GW_PLACE_GRAMS), n = 0;
    for (size_t i = 0; i < k && n < max; i++) memcpy(grams[n++], g[i], sizeof g[i]);
    return n;
}

size_t gw_kb_min_hits(size_t n) { return n < 2 ? n : (n + 1) / 2; }
