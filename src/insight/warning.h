/* insight/warning.h — early warning (预警) statistics, pure (no I/O, no allocation): the EARS C2 test
 * for a sudden rise in a daily count series, the area of a division path at a given depth, and the scan
 * that runs C2 over (area, category) series built from sorted daily counts. Shared by 一网统管's
 * warnings (ops/warning_svc.c) and, later, 三调联动's. */
#ifndef GW_INSIGHT_WARNING_H
#define GW_INSIGHT_WARNING_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

#define GW_EARS_BASELINE 7 /* days in the baseline */
#define GW_EARS_LAG 2      /* guard days between the baseline and the day tested */
#define GW_EARS_DAYS (GW_EARS_BASELINE + GW_EARS_LAG + 1) /* a series long enough to test its last day */

/* EARS C2 (CDC's Early Aberration Reporting System): the last day of x (x[n-1]) against the mean and
 * standard deviation of the 7 days that end 3 days before it (x[n-10..n-4]), c2 = (x - mean) / sd.
 * Sparse counts often have sd 0: sd is floored at sd_floor (> 0). alarm when c2 > threshold and the
 * day's count is at least min_count. GW_E_INVALID when n < GW_EARS_DAYS, sd_floor <= 0 or a count is
 * negative. */
typedef struct {
    double value, mean, sd, c2; /* value: the day's count */
    int alarm;
} gw_ears;
typedef struct {
    double threshold;   /* 3.0 in EARS */
    double sd_floor;    /* e.g. 0.5 */
    double min_count;   /* e.g. 3 */
} gw_ears_params;
gw_err gw_ears_c2(const double *x, size_t n, const gw_ears_params *p, gw_ears *out);

/* The Poisson alternative on the same windows: lambda = the baseline's mean (floored at lambda_floor > 0),
 * p = P(X >= the day's count | lambda); alarm when p < alpha and the count is at least p->min_count.
 * out->c2 holds -log10(p) (the score), mean the lambda, sd its square root. GW_E_INVALID as for C2, or for
 * lambda_floor <= 0 or alpha outside (0, 1). */
gw_err gw_poisson_test(const double *x, size_t n, const gw_ears_params *p, double lambda_floor, double alpha,
                       gw_ears *out);
/* P(X >= k) for X ~ Poisson(lambda), lambda > 0. */
double gw_poisson_sf(double k, double lambda);

/* The area of a division path ("/1/4/9/23/") at depth d (1 = the first id): "/1/4/9/" for d = 3.
 * A path shallower than d is its own area. 0 on success, -1 when the path is malformed or out is small. */
int gw_area_of(const char *path, int depth, char *out, size_t outn);

/* One day's count of tickets of a category in an area. A scan's input is sorted by (area, category,
 * day). */
typedef struct {
    const char *area;
    int64_t category_id;
    int64_t day;   /* day index (days since the epoch in the local calendar) */
    double count;
} gw_daycount;

/* A rise found by gw_warn_rise_scan. */
typedef struct {
    const char *area;
    int64_t category_id, day;
    gw_ears ears;
} gw_rise;
typedef void (*gw_rise_fn)(const gw_rise *r, void *arg);

/* For every (area, category) in rows (sorted by area, category, day; days with no row count 0) and
 * every day in [first_day, last_day]: EARS C2 of that day against its own baseline; fn is called for
 * each alarm. GW_E_INVALID when rows are not sorted or last_day < first_day. */
gw_err gw_warn_rise_scan(const gw_daycount *rows, size_t n, int64_t first_day, int64_t last_day,
                         const gw_ears_params *p, gw_rise_fn fn, void *arg);

/* Many people with one complaint: single-link clusters of texts whose vectors (gw_clf_vector's) have a
 * cosine of at least sim with some other member. root[i] gets the smallest index of i's cluster (so
 * root[i] == i for the first member). n * (n - 1) / 2 cosines; no allocation. */
typedef struct {
    const uint32_t *idx;
    const float *val;
    size_t n;
} gw_textvec;
void gw_text_clusters(const gw_textvec *v, size_t n, double sim, size_t *root);

#endif
