/* insight/dupes.h — ranking possible duplicates of a report (重复件): open reports of a related category
 * near it in space and time, scored by distance, age and text similarity (cosine of the classifier's
 * hashed n-gram vectors, insight/classify.h). Pure: libc and base/ only; the candidates come from the
 * caller (ops/dupe_svc.c). */
#ifndef GW_INSIGHT_DUPES_H
#define GW_INSIGHT_DUPES_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

#define GW_DUPES_TOP_MAX 20

/* The score's weights: closer, newer and more alike is more likely the same problem. They sum to 1, so a
 * score is in [0, 1]. */
#define GW_DUPES_W_DISTANCE 0.4
#define GW_DUPES_W_AGE 0.2
#define GW_DUPES_W_TEXT 0.4

/* The new report (or the ticket asked about). */
typedef struct {
    double lon, lat;   /* WGS-84 */
    int64_t at_ms;     /* when it was reported (now for a draft) */
    double radius_m;   /* its category's search radius (> 0) */
    int64_t window_ms; /* its category's time window (> 0) */
} gw_dupes_query;

/* One candidate: the caller fills id, lon, lat, created_ms and similarity; the ranker fills the rest. */
typedef struct {
    int64_t id;
    double lon, lat;
    int64_t created_ms;
    double similarity; /* 0..1 (gw_dupes_similarity) */
    double distance_m;
    int64_t age_ms;    /* q->at_ms - created_ms, at least 0 */
    double score;      /* GW_DUPES_W_DISTANCE * (1 - d/r) + GW_DUPES_W_AGE * (1 - age/window) + GW_DUPES_W_TEXT * sim */
} gw_dupe;

/* Score c[0..n), drop those farther than the radius or older than the window (reported more than a window
 * before, or after, q->at_ms), sort the rest by score (ties: nearer, then lower id) and keep the first
 * `top` (at most GW_DUPES_TOP_MAX) at the front of c. Returns how many were kept. */
size_t gw_dupes_rank(const gw_dupes_query *q, gw_dupe *c, size_t n, size_t top);

/* Cosine similarity of two sparse vectors (indices ascending, as gw_clf_vector gives them), 0..1. */
double gw_dupes_cosine(const uint32_t *ai, const float *av, size_t an, const uint32_t *bi, const float *bv, size_t bn);

/* Cosine similarity of two texts over the classifier's features; 0 when either has none. GW_E_NOMEM. */
gw_err gw_dupes_similarity(const char *a, const char *b, double *out);

#endif
