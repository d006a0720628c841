/* insight/classify.c — the text classifier (see classify.h).
 *
 * Features: the text is decoded to code points, full-width forms folded to ASCII (U+FF01..FF5E, U+3000),
 * ASCII lower-cased; spaces and punctuation dropped, digits kept. Every character n-gram (min_n..max_n)
 * and, with words, every run of ASCII letters and digits is hashed (FNV-1a over a tag and the code
 * points, then a 64-bit finaliser) into 2^hash_bits buckets; the bucket counts are L2-normalised.
 * Model: scores s = W x + b, p = softmax(s / T). Training: shuffled SGD on cross-entropy, learning rate
 * decaying linearly to 0, weight decay on the buckets an example touches. Weights are stored
 * feature-major (w[f * nl + c]) so one feature's classes share a cache line. */
#include "insight/classify.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct gw_clf {
    unsigned hash_bits, min_n, max_n;
    int words;
    size_t nl;
    char **labels;
    double temp;
    float *b; /* nl */
    float *w; /* 2^hash_bits * nl */
};

/* One example's features: distinct buckets with their normalised values, and where in the text each
 * bucket first came from (for explanations). */
typedef struct {
    uint32_t *idx, *off, *len;
    float *val;
    size_t n, cap;
} feats;

void gw_clf_default_params(gw_clf_params *p)
{
    *p = (gw_clf_params){ .hash_bits = 20, .min_n = 1, .max_n = 2, .words = 1, .epochs = 30,
                          .lr = 1.0, .l2 = 3e-3, .seed = 1 };
}

/* ---- text ---- */

/* Decode one UTF-8 sequence at s (NUL-terminated); *used := bytes consumed. Returns 0 for an invalid
 * sequence (one byte consumed), which callers skip. */
static uint32_t utf8_next(const unsigned char *s, size_t *used)
{
    unsigned c = s[0];
    *used = 1;
    if (c < 0x80) return c;
    int n = c >= 0xF0 && c < 0xF5 ? 3 : c >= 0xE0 ? (c < 0xF0 ? 2 : -1) : c >= 0xC2 ? 1 : -1;
    if (n < 0) return 0;
    uint32_t cp = c & (0x3F >> n);
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *used = (size_t)n + 1;
    return cp;
}

static uint32_t fold(uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    else if (cp == 0x3000) cp = ' ';
    if (cp >= 'A' && cp <= 'Z') cp += 32;
    return cp;
}

static int is_alnum(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* Characters that carry no class: spaces, controls, ASCII and CJK punctuation, symbols. */
static int dropped(uint32_t c)
{
    if (c < 0x80) return !is_alnum(c);
    return (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65) ||
           c == 0xFEFF || (c >= 0xFE30 && c <= 0xFE4F);
}

/* The kept code points of text, with each one's byte offset and length in text. Returns the count
 * (at most GW_CLF_MAX_CHARS). */
static size_t normalise(const char *text, uint32_t *cp, uint32_t *off, uint32_t *len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t n = 0, i = 0;
    while (s[i] && n < GW_CLF_MAX_CHARS) {
        size_t used;
        uint32_t c = fold(utf8_next(s + i, &used));
        if (c && !dropped(c)) {
            cp[n] = c;
            off[n] = (uint32_t)i;
            len[n] = (uint32_t)used;
            n++;
        }
        i += used;
    }
    return n;
}

/* ---- hashing ---- */

static uint64_t fnv(uint64_t h, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static uint32_t bucket(uint64_t h, unsigned bits)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return (uint32_t)(h & ((1ULL << bits) - 1));
}

static uint64_t hash_cps(unsigned char tag, const uint32_t *cp, size_t n)
{
    uint64_t h = fnv(0xcbf29ce484222325ULL, &tag, 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char b[4] = { (unsigned char)cp[i], (unsigned char)(cp[i] >> 8), (unsigned char)(cp[i] >> 16),
                               (unsigned char)(cp[i] >> 24) };
        h = fnv(h, b, 4);
    }
    return h;
}

uint32_t gw_clf_gram_bucket(const uint32_t *cp, size_t n, unsigned hash_bits)
{
    return bucket(hash_cps((unsigned char)('0' + n), cp, n), hash_bits);
}

/* ---- features ---- */

static int feats_push(feats *f, uint32_t idx, uint32_t off, uint32_t len)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 256;
        uint32_t *a = realloc(f->idx, cap * sizeof *a), *b = a ? realloc(f->off, cap * sizeof *b) : NULL;
        if (a) f->idx = a;
        if (b) f->off = b;
        uint32_t *c = b ? realloc(f->len, cap * sizeof *c) : NULL;
        if (c) f->len = c;
        float *v = c ? realloc(f->val, cap * sizeof *v) : NULL;
        if (!v) return -1;
        f->val = v;
        f->cap = cap;
    }
    f->idx[f->n] = idx;
    f->off[f->n] = off;
    f->len[f->n] = len;
    f->val[f->n] = 1;
    f->n++;
    return 0;
}

static void feats_free(feats *f)
{
    free(f->idx);
    free(f->off);
    free(f->len);
    free(f->val);
    memset(f, 0, sizeof *f);
}

/* Order occurrences by bucket, then by position (the first occurrence names the bucket). */
static void sort_feats(feats *f)
{
    /* insertion sort on short texts, shell sort beyond: stable enough since ties keep position order
     * by the key (idx, off) being total */
    size_t n = f->n;
    static const size_t gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };
    for (size_t g = 0; g < sizeof gaps / sizeof *gaps; g++) {
        size_t gap = gaps[g];
        for (size_t i = gap; i < n; i++) {
            uint32_t ki = f->idx[i], oi = f->off[i], li = f->len[i];
            size_t j = i;
            while (j >= gap && (f->idx[j - gap] > ki || (f->idx[j - gap] == ki && f->off[j - gap] > oi))) {
                f->idx[j] = f->idx[j - gap];
                f->off[j] = f->off[j - gap];
                f->len[j] = f->len[j - gap];
                j -= gap;
            }
            f->idx[j] = ki;
            f->off[j] = oi;
            f->len[j] = li;
        }
    }
}

/* Merge equal buckets (counts) and L2-normalise. */
static void merge_feats(feats *f)
{
    sort_feats(f);
    size_t w = 0;
    for (size_t i = 0; i < f->n; i++) {
        if (w && f->idx[w - 1] == f->idx[i]) {
            f->val[w - 1] += 1;
            continue;
        }
        f->idx[w] = f->idx[i];
        f->off[w] = f->off[i];
        f->len[w] = f->len[i];
        f->val[w] = 1;
        w++;
    }
    f->n = w;
    double sq = 0;
    for (size_t i = 0; i < w; i++) sq += (double)f->val[i] * f->val[i];
    float inv = sq > 0 ? (float)(1 / sqrt(sq)) : 0;
    for (size_t i = 0; i < w; i++) f->val[i] *= inv;
}

typedef struct { uint32_t cp[GW_CLF_MAX_CHARS], off[GW_CLF_MAX_CHARS], len[GW_CLF_MAX_CHARS]; } textbuf;

static int add_words(const gw_clf *m, const textbuf *t, size_t n, feats *f)
{
    for (size_t i = 0; i < n;) {
        if (!(t->cp[i] < 0x80)) { i++; continue; }
        size_t j = i;
        while (j < n && t->cp[j] < 0x80 && j - i < 32) j++;
        if (j - i >= 2) {
            uint32_t end = t->off[j - 1] + t->len[j - 1];
            if (feats_push(f, bucket(hash_cps('w', t->cp + i, j - i), m->hash_bits), t->off[i], end - t->off[i]))
                return -1;
        }
        i = j;
    }
    return 0;
}

/* The features of text into f (reset first). Returns -1 on allocation failure. */
static int extract(const gw_clf *m, const char *text, textbuf *t, feats *f)
{
    f->n = 0;
    size_t n = normalise(text, t->cp, t->off, t->len);
    for (size_t k = m->min_n; k <= m->max_n; k++)
        for (size_t i = 0; i + k <= n; i++) {
            uint32_t end = t->off[i + k - 1] + t->len[i + k - 1];
            if (feats_push(f, gw_clf_gram_bucket(t->cp + i, k, m->hash_bits), t->off[i], end - t->off[i]))
                return -1;
        }
    if (m->words && add_words(m, t, n, f)) return -1;
    merge_feats(f);
    return 0;
}

/* ---- the model ---- */

double gw_clf_softmax_loss(const double *s, size_t k, size_t y, double *grad)
{
    double mx = s[0];
    for (size_t c = 1; c < k; c++)
        if (s[c] > mx) mx = s[c];
    double z = 0;
    for (size_t c = 0; c < k; c++) z += exp(s[c] - mx);
    for (size_t c = 0; c < k; c++) grad[c] = exp(s[c] - mx) / z - (c == y);
    return log(z) + mx - s[y];
}

static void scores(const gw_clf *m, const feats *f, double *s)
{
    for (size_t c = 0; c < m->nl; c++) s[c] = m->b[c];
    for (size_t i = 0; i < f->n; i++) {
        const float *w = m->w + (size_t)f->idx[i] * m->nl;
        for (size_t c = 0; c < m->nl; c++) s[c] += (double)f->val[i] * w[c];
    }
}

static void softmax_t(const double *s, size_t k, double temp, double *p)
{
    double mx = s[0], z = 0;
    for (size_t c = 1; c < k; c++)
        if (s[c] > mx) mx = s[c];
    for (size_t c = 0; c < k; c++) z += (p[c] = exp((s[c] - mx) / temp));
    for (size_t c = 0; c < k; c++) p[c] /= z;
}

static int valid_label(const char *l)
{
    size_t n = l ? strlen(l) : 0;
    if (!n || n > GW_CLF_MAX_LABEL_BYTES) return 0;
    for (size_t i = 0; i < n;) {
        size_t used;
        if (!utf8_next((const unsigned char *)l + i, &used) ) return 0;
        i += used;
    }
    return 1;
}

/* An empty model of the shape of p with the given labels. */
static gw_err model_new(unsigned bits, unsigned min_n, unsigned max_n, int words, const char *const *labels,
                        size_t nl, gw_clf **out)
{
    if (bits < 12 || bits > 24 || min_n < 1 || max_n < min_n || max_n > 5 || nl < 2 || nl > GW_CLF_MAX_LABELS)
        return GW_E_INVALID;
    for (size_t i = 0; i < nl; i++) {
        if (!valid_label(labels[i])) return GW_E_INVALID;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(labels[i], labels[j])) return GW_E_INVALID;
    }
    gw_clf *m = calloc(1, sizeof *m);
    if (!m) return GW_E_NOMEM;
    *m = (gw_clf){ .hash_bits = bits, .min_n = min_n, .max_n = max_n, .words = !!words, .nl = nl, .temp = 1 };
    m->labels = calloc(nl, sizeof *m->labels);
    m->b = calloc(nl, sizeof *m->b);
    m->w = calloc((size_t)1 << bits, nl * sizeof *m->w);
    for (size_t i = 0; m->labels && i < nl; i++)
        if (!(m->labels[i] = strdup(labels[i]))) break;
    if (!m->labels || !m->b || !m->w || !m->labels[nl - 1]) {
        gw_clf_free(m);
        return GW_E_NOMEM;
    }
    *out = m;
    return GW_OK;
}

void gw_clf_free(gw_clf *m)
{
    if (!m) return;
    for (size_t i = 0; m->labels && i < m->nl; i++) free(m->labels[i]);
    free(m->labels);
    free(m->b);
    free(m->w);
    free(m);
}

size_t gw_clf_nlabels(const gw_clf *m) { return m->nl; }
const char *gw_clf_label(const gw_clf *m, size_t i) { return i < m->nl ? m->labels[i] : NULL; }
double gw_clf_temperature(const gw_clf *m) { return m->temp; }

int gw_clf_label_index(const gw_clf *m, const char *label)
{
    for (size_t i = 0; i < m->nl; i++)
        if (!strcmp(m->labels[i], label)) return (int)i;
    return -1;
}

/* splitmix64: the shuffle's generator, the same on every machine. */
static uint64_t next_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void sgd_step(gw_clf *m, const feats *f, size_t y, double lr, double l2, double *s, double *g)
{
    scores(m, f, s);
    gw_clf_softmax_loss(s, m->nl, y, g);
    float decay = (float)(1 - lr * l2);
    for (size_t i = 0; i < f->n; i++) {
        float *w = m->w + (size_t)f->idx[i] * m->nl;
        double v = f->val[i];
        for (size_t c = 0; c < m->nl; c++) w[c] = (float)(w[c] * decay - lr * g[c] * v);
    }
    for (size_t c = 0; c < m->nl; c++) m->b[c] = (float)(m->b[c] - lr * g[c]);
}

static gw_err run_epochs(gw_clf *m, const gw_clf_params *p, const char *const *texts, const uint16_t *y, size_t n)
{
    size_t *order = malloc(n * sizeof *order);
    textbuf *t = malloc(sizeof *t);
    double *s = malloc(2 * m->nl * sizeof *s);
    feats f = { 0 };
    gw_err e = order && t && s ? GW_OK : GW_E_NOMEM;
    uint64_t rng = p->seed;
    size_t total = (size_t)p->epochs * n, step = 0;
    for (size_t i = 0; !e && i < n; i++) order[i] = i;
    for (unsigned ep = 0; !e && ep < p->epochs; ep++) {
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)(next_rand(&rng) % i), tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t i = 0; !e && i < n; i++, step++) {
            size_t k = order[i];
            if (extract(m, texts[k] ? texts[k] : "", t, &f)) { e = GW_E_NOMEM; break; }
            double lr = p->lr * (1 - (double)step / (double)total);
            sgd_step(m, &f, y[k], lr, p->l2, s, s + m->nl);
        }
    }
    feats_free(&f);
    free(order);
    free(t);
    free(s);
    return e;
}

gw_err gw_clf_train(const gw_clf_params *p, const char *const *labels, size_t nl, const char *const *texts,
                    const uint16_t *y, size_t n, gw_clf **out)
{
    *out = NULL;
    if (!n || p->epochs < 1 || p->epochs > 200 || !(p->lr > 0 && p->lr <= 10) || !(p->l2 >= 0 && p->l2 < 1))
        return GW_E_INVALID;
    for (size_t i = 0; i < n; i++)
        if (y[i] >= nl) return GW_E_INVALID;
    gw_clf *m;
    gw_err e = model_new(p->hash_bits, p->min_n, p->max_n, p->words, labels, nl, &m);
    if (e) return e;
    if ((e = run_epochs(m, p, texts, y, n))) {
        gw_clf_free(m);
        return e;
    }
    *out = m;
    return GW_OK;
}

/* Raw scores of n texts into s[i * nl + c]. */
static gw_err all_scores(const gw_clf *m, const char *const *texts, size_t n, double *s)
{
    textbuf *t = malloc(sizeof *t);
    feats f = { 0 };
    gw_err e = t ? GW_OK : GW_E_NOMEM;
    for (size_t i = 0; !e && i < n; i++) {
        if (extract(m, texts[i] ? texts[i] : "", t, &f)) e = GW_E_NOMEM;
        else scores(m, &f, s + i * m->nl);
    }
    feats_free(&f);
    free(t);
    return e;
}

static double mean_nll(const double *s, const uint16_t *y, size_t n, size_t nl, double temp)
{
    double sum = 0, p[GW_CLF_MAX_LABELS];
    for (size_t i = 0; i < n; i++) {
        softmax_t(s + i * nl, nl, temp, p);
        sum -= log(p[y[i]] > 1e-300 ? p[y[i]] : 1e-300);
    }
    return sum / (double)n;
}

gw_err gw_clf_calibrate(gw_clf *m, const char *const *texts, const uint16_t *y, size_t n)
{
    if (!n) return GW_E_INVALID;
    for (size_t i = 0; i < n; i++)
        if (y[i] >= m->nl) return GW_E_INVALID;
    double *s = malloc(n * m->nl * sizeof *s);
    if (!s) return GW_E_NOMEM;
    gw_err e = all_scores(m, texts, n, s);
    if (!e) { /* golden-section search on log T in [log 0.05, log 20] */
        const double phi = (sqrt(5) - 1) / 2;
        double a = log(0.05), b = log(20), c = b - phi * (b - a), d = a + phi * (b - a);
        double fc = mean_nll(s, y, n, m->nl, exp(c)), fd = mean_nll(s, y, n, m->nl, exp(d));
        for (int it = 0; it < 60; it++) {
            if (fc < fd) { b = d; d = c; fd = fc; c = b - phi * (b - a); fc = mean_nll(s, y, n, m->nl, exp(c)); }
            else { a = c; c = d; fc = fd; d = a + phi * (b - a); fd = mean_nll(s, y, n, m->nl, exp(d)); }
        }
        m->temp = exp((a + b) / 2);
    }
    free(s);
    return e;
}

gw_err gw_clf_predict(const gw_clf *m, const char *text, double *probs)
{
    textbuf *t = malloc(sizeof *t);
    feats f = { 0 };
    double s[GW_CLF_MAX_LABELS];
    if (!t || extract(m, text ? text : "", t, &f)) {
        free(t);
        feats_free(&f);
        return GW_E_NOMEM;
    }
    scores(m, &f, s);
    softmax_t(s, m->nl, m->temp, probs);
    free(t);
    feats_free(&f);
    return GW_OK;
}

gw_err gw_clf_vector(const char *text, uint32_t **idx, float **val, size_t *n)
{
    gw_clf_params p;
    gw_clf_default_params(&p);
    gw_clf m = { .hash_bits = p.hash_bits, .min_n = p.min_n, .max_n = p.max_n, .words = p.words };
    textbuf *t = malloc(sizeof *t);
    feats f = { 0 };
    int bad = !t || extract(&m, text ? text : "", t, &f);
    free(t);
    free(f.off);
    free(f.len);
    *idx = bad ? (free(f.idx), NULL) : f.idx;
    *val = bad ? (free(f.val), NULL) : f.val;
    *n = bad ? 0 : f.n;
    return bad ? GW_E_NOMEM : GW_OK;
}

size_t gw_clf_top(const double *probs, size_t nl, size_t *idx, size_t k)
{
    if (k > nl) k = nl;
    for (size_t r = 0; r < k; r++) {
        size_t best = nl;
        for (size_t c = 0; c < nl; c++) {
            int taken = 0;
            for (size_t q = 0; q < r; q++) taken |= idx[q] == c;
            if (!taken && (best == nl || probs[c] > probs[best])) best = c;
        }
        idx[r] = best;
    }
    return k;
}

static void put_gram(gw_clf_gram *g, const char *text, uint32_t off, uint32_t len, double w)
{
    if (len >= GW_CLF_GRAM_BYTES) len = GW_CLF_GRAM_BYTES - 1; /* a long word, cut (at a byte: ASCII) */
    memcpy(g->text, text + off, len);
    g->text[len] = 0;
    g->weight = w;
}

size_t gw_clf_explain(const gw_clf *m, const char *text, size_t cls, gw_clf_gram *out, size_t k)
{
    textbuf *t = malloc(sizeof *t);
    feats f = { 0 };
    size_t got = 0;
    if (!text || cls >= m->nl || !t || extract(m, text, t, &f)) goto done;
    for (size_t i = 0; i < f.n; i++) {
        const float *w = m->w + (size_t)f.idx[i] * m->nl;
        double mean = 0;
        for (size_t c = 0; c < m->nl; c++) mean += w[c];
        double contrib = f.val[i] * (w[cls] - mean / (double)m->nl);
        if (!(contrib > 0)) continue;
        size_t at = got < k ? got++ : k;
        if (at == k && (k == 0 || contrib <= out[k - 1].weight)) continue;
        if (at == k) at = k - 1;
        while (at > 0 && out[at - 1].weight < contrib) {
            out[at] = out[at - 1];
            at--;
        }
        put_gram(&out[at], text, f.off[i], f.len[i], contrib);
    }
done:
    free(t);
    feats_free(&f);
    return got;
}

double gw_clf_reliability(const gw_clf *m, const char *const *texts, const uint16_t *y, size_t n,
                          gw_clf_bin *bins, size_t nbins)
{
    double p[GW_CLF_MAX_LABELS], ece = 0;
    memset(bins, 0, nbins * sizeof *bins);
    for (size_t i = 0; i < n; i++) {
        if (gw_clf_predict(m, texts[i], p)) return -1;
        size_t top;
        gw_clf_top(p, m->nl, &top, 1);
        size_t b = (size_t)(p[top] * (double)nbins);
        if (b >= nbins) b = nbins - 1;
        bins[b].n++;
        bins[b].conf += p[top];
        bins[b].acc += top == y[i];
    }
    for (size_t b = 0; b < nbins; b++)
        if (bins[b].n) {
            bins[b].conf /= (double)bins[b].n;
            bins[b].acc /= (double)bins[b].n;
            ece += (double)bins[b].n / (double)n * fabs(bins[b].acc - bins[b].conf);
        }
    return ece;
}

/* ---- saved form ---- */

static const unsigned char MAGIC[8] = { 'G', 'W', 'C', 'L', 'F', '\r', '\n', 0x1a };
#define HEAD_BYTES (8 + 6 * 4 + 8)

size_t gw_clf_saved_size(const gw_clf *m)
{
    size_t n = HEAD_BYTES;
    for (size_t i = 0; i < m->nl; i++) n += 2 + strlen(m->labels[i]);
    return n + 4 * m->nl + 4 * ((size_t)1 << m->hash_bits) * m->nl + 8;
}

static unsigned char *put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i));
    return p + 4;
}

static unsigned char *put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
    return p + 8;
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_u64(const unsigned char *p) { return get_u32(p) | (uint64_t)get_u32(p + 4) << 32; }

static unsigned char *put_floats(unsigned char *p, const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[i], 4);
        p = put_u32(p, u);
    }
    return p;
}

gw_err gw_clf_save(const gw_clf *m, unsigned char *buf, size_t cap)
{
    size_t need = gw_clf_saved_size(m);
    if (cap < need) return GW_E_TOO_LARGE;
    unsigned char *p = buf;
    memcpy(p, MAGIC, 8);
    p += 8;
    p = put_u32(p, 1);
    p = put_u32(p, m->hash_bits);
    p = put_u32(p, m->min_n);
    p = put_u32(p, m->max_n);
    p = put_u32(p, (uint32_t)m->words);
    p = put_u32(p, (uint32_t)m->nl);
    uint64_t t;
    memcpy(&t, &m->temp, 8);
    p = put_u64(p, t);
    for (size_t i = 0; i < m->nl; i++) {
        size_t l = strlen(m->labels[i]);
        *p++ = (unsigned char)l;
        *p++ = (unsigned char)(l >> 8);
        memcpy(p, m->labels[i], l);
        p += l;
    }
    p = put_floats(p, m->b, m->nl);
    p = put_floats(p, m->w, ((size_t)1 << m->hash_bits) * m->nl);
    put_u64(p, fnv(0xcbf29ce484222325ULL, buf, (size_t)(p - buf)));
    return GW_OK;
}

static int get_floats(const unsigned char *p, float *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u = get_u32(p + 4 * i);
        memcpy(&v[i], &u, 4);
        if (!isfinite(v[i])) return -1;
    }
    return 0;
}

/* The labels at p (nl of them, within end) into lab (each NUL-terminated in store); *pp moves past. */
static int get_labels(const unsigned char **pp, const unsigned char *end, size_t nl, char *store,
                      const char **lab)
{
    const unsigned char *p = *pp;
    for (size_t i = 0; i < nl; i++) {
        if (end - p < 2) return -1;
        size_t l = (size_t)p[0] | (size_t)p[1] << 8;
        p += 2;
        if (l == 0 || l > GW_CLF_MAX_LABEL_BYTES || (size_t)(end - p) < l) return -1;
        memcpy(store, p, l);
        store[l] = 0;
        if (strlen(store) != l) return -1; /* a NUL inside */
        lab[i] = store;
        store += l + 1;
        p += l;
    }
    *pp = p;
    return 0;
}

gw_err gw_clf_load(const unsigned char *buf, size_t len, gw_clf **out)
{
    *out = NULL;
    if (len < HEAD_BYTES + 8 || memcmp(buf, MAGIC, 8) || get_u32(buf + 8) != 1) return GW_E_INVALID;
    if (get_u64(buf + len - 8) != fnv(0xcbf29ce484222325ULL, buf, len - 8)) return GW_E_INVALID;
    uint32_t bits = get_u32(buf + 12), min_n = get_u32(buf + 16), max_n = get_u32(buf + 20);
    uint32_t words = get_u32(buf + 24), nl = get_u32(buf + 28);
    double temp;
    uint64_t t = get_u64(buf + 32);
    memcpy(&temp, &t, 8);
    if (words > 1 || nl < 2 || nl > GW_CLF_MAX_LABELS || !(temp >= 0.01 && temp <= 100)) return GW_E_INVALID;
    if (bits < 12 || bits > 24) return GW_E_INVALID;
    const unsigned char *p = buf + HEAD_BYTES, *end = buf + len - 8;
    char *store = malloc((size_t)nl * (GW_CLF_MAX_LABEL_BYTES + 1));
    const char **lab = malloc(nl * sizeof *lab);
    gw_clf *m = NULL;
    gw_err e = store && lab ? GW_OK : GW_E_NOMEM;
    if (!e && get_labels(&p, end, nl, store, lab)) e = GW_E_INVALID;
    size_t nw = ((size_t)1 << bits) * nl;
    if (!e && (size_t)(end - p) != 4 * (nl + nw)) e = GW_E_INVALID;
    if (!e) e = model_new(bits, min_n, max_n, (int)words, lab, nl, &m);
    if (!e && (get_floats(p, m->b, nl) || get_floats(p + 4 * nl, m->w, nw))) e = GW_E_INVALID;
    free(store);
    free(lab);
    if (e) {
        gw_clf_free(m);
        return e;
    }
    m->temp = temp;
    *out = m;
    return GW_OK;
}
