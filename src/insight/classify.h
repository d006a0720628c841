/* insight/classify.h — our text classifier: a linear model over hashed features (character n-grams of
 * the normalised text, plus ASCII words) in a fixed-size hash space, multinomial logistic regression
 * (softmax) trained with SGD and L2, temperature-scaled for calibrated probabilities. Pure: libc only,
 * no I/O; a model is saved to and loaded from a caller-given buffer (versioned, checksummed; loading is
 * hostile-input code). A model is immutable once trained and calibrated: any number of threads may
 * predict with it at once. */
#ifndef GW_INSIGHT_CLASSIFY_H
#define GW_INSIGHT_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

#define GW_CLF_MAX_LABELS 256
#define GW_CLF_MAX_LABEL_BYTES 128
#define GW_CLF_MAX_CHARS 4096 /* characters of a text looked at; the rest is ignored */
#define GW_CLF_GRAM_BYTES 64  /* an explaining n-gram's text, NUL included */

typedef struct gw_clf gw_clf;

typedef struct {
    unsigned hash_bits;    /* 2^hash_bits buckets (12..24) */
    unsigned min_n, max_n; /* character n-grams, 1 <= min_n <= max_n <= 5 */
    int words;             /* also ASCII words (runs of letters and digits) */
    unsigned epochs;       /* 1..200 */
    double lr;             /* initial learning rate, decays linearly to 0 */
    double l2;             /* weight decay per step on the features seen */
    uint64_t seed;         /* the shuffle; the same seed and data give the same model, bit for bit */
} gw_clf_params;

/* The settings measured best on the titles dev split (docs/benchmarks.md). */
void gw_clf_default_params(gw_clf_params *p);

/* Train on n texts with labels y[i] < nl (labels[] are the class names, copied). GW_E_INVALID for bad
 * params, nl < 2 or > GW_CLF_MAX_LABELS, a bad label, or n == 0; GW_E_NOMEM. *out is the caller's
 * (gw_clf_free). The temperature starts at 1. */
gw_err gw_clf_train(const gw_clf_params *p, const char *const *labels, size_t nl, const char *const *texts,
                    const uint16_t *y, size_t n, gw_clf **out);

/* Fit the temperature on held-out texts (minimum mean negative log-likelihood). GW_E_INVALID for n == 0. */
gw_err gw_clf_calibrate(gw_clf *m, const char *const *texts, const uint16_t *y, size_t n);

void gw_clf_free(gw_clf *m);
size_t gw_clf_nlabels(const gw_clf *m);
const char *gw_clf_label(const gw_clf *m, size_t i);
double gw_clf_temperature(const gw_clf *m);
/* The index of a label, or -1. */
int gw_clf_label_index(const gw_clf *m, const char *label);

/* probs[0..nlabels) := calibrated class probabilities for text (NUL-terminated UTF-8; invalid bytes are
 * skipped). GW_E_NOMEM only. */
gw_err gw_clf_predict(const gw_clf *m, const char *text, double *probs);

/* Indices of the k most probable classes, best first (ties: lower index). Returns min(k, nl). */
size_t gw_clf_top(const double *probs, size_t nl, size_t *idx, size_t k);

typedef struct {
    char text[GW_CLF_GRAM_BYTES]; /* the n-gram or word as written in the text */
    double weight;                /* its contribution to the class over the classes' mean */
} gw_clf_gram;

/* The at most k features of text that pushed it most towards class cls, strongest first (only positive
 * contributions). Returns how many were written. */
size_t gw_clf_explain(const gw_clf *m, const char *text, size_t cls, gw_clf_gram *out, size_t k);

/* Loss and gradient of softmax cross-entropy for one example: returns -log p[y] for p = softmax(s[0..k))
 * and writes grad[c] = p[c] - [c == y]. */
double gw_clf_softmax_loss(const double *s, size_t k, size_t y, double *grad);

/* The bucket of a character n-gram (code points cp[0..n)), stable across builds and machines. */
uint32_t gw_clf_gram_bucket(const uint32_t *cp, size_t n, unsigned hash_bits);

/* A text's feature vector as the default model sees it (gw_clf_default_params' shape): *n distinct
 * buckets ascending in *idx with L2-normalised values in *val (both the caller's to free; NULL when
 * *n is 0). For similarity between texts (insight/dupes.h). GW_E_NOMEM. */
gw_err gw_clf_vector(const char *text, uint32_t **idx, float **val, size_t *n);

/* Reliability of the probabilities on labelled texts: the top class's probability binned into nbins
 * equal bins; each bin's count, mean confidence and accuracy. Returns the expected calibration error
 * (sum over bins of n_b / n * |acc_b - conf_b|), or -1 on GW_E_NOMEM. */
typedef struct { size_t n; double conf, acc; } gw_clf_bin;
double gw_clf_reliability(const gw_clf *m, const char *const *texts, const uint16_t *y, size_t n,
                          gw_clf_bin *bins, size_t nbins);

/* The saved form's size in bytes, and the model written into buf (cap >= that size). Format: magic
 * "GWCLF\r\n\x1a", u32 version 1, u32 hash_bits, min_n, max_n, words, nlabels; f64 temperature; each
 * label as u16 length + bytes; f32 bias[nl]; f32 weights[2^hash_bits * nl]; u64 FNV-1a of all of that.
 * Little-endian. */
size_t gw_clf_saved_size(const gw_clf *m);
gw_err gw_clf_save(const gw_clf *m, unsigned char *buf, size_t cap);
/* Load a saved model. GW_E_INVALID for anything but an intact model of a known version: wrong magic or
 * version, a field out of range, a size that does not match, a bad checksum, a non-finite number, a
 * label that is empty, too long or not UTF-8, or two equal labels. GW_E_NOMEM. */
gw_err gw_clf_load(const unsigned char *buf, size_t len, gw_clf **out);

#endif
