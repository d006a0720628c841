/* insight/dupes.c — see dupes.h. */
#include "insight/dupes.h"
#include "base/geo.h"
#include "insight/classify.h"

#include <math.h>
#include <stdlib.h>

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

/* Better first: higher score, then nearer, then the lower id (the earlier report). */
static int better(const gw_dupe *a, const gw_dupe *b)
{
    if (a->score != b->score) return a->score > b->score;
    if (a->distance_m != b->distance_m) return a->distance_m < b->distance_m;
    return a->id < b->id;
}

size_t gw_dupes_rank(const gw_dupes_query *q, gw_dupe *c, size_t n, size_t top)
{
    if (!q || !c || q->radius_m <= 0 || q->window_ms <= 0) return 0;
    if (top > GW_DUPES_TOP_MAX) top = GW_DUPES_TOP_MAX;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        gw_dupe d = c[i];
        d.distance_m = gw_geo_distance_m((gw_point){ q->lon, q->lat }, (gw_point){ d.lon, d.lat });
        int64_t age = q->at_ms - d.created_ms;
        if (d.distance_m > q->radius_m || age > q->window_ms || -age > q->window_ms) continue;
        d.age_ms = age < 0 ? 0 : age;
        d.similarity = clamp01(d.similarity);
        d.score = GW_DUPES_W_DISTANCE * (1 - d.distance_m / q->radius_m) +
                  GW_DUPES_W_AGE * (1 - (double)d.age_ms / (double)q->window_ms) + GW_DUPES_W_TEXT * d.similarity;
        /* insertion into the sorted prefix c[0..kept) */
        size_t j = kept++;
        while (j > 0 && better(&d, &c[j - 1])) {
            c[j] = c[j - 1];
            j--;
        }
        c[j] = d;
    }
    return kept < top ? kept : top;
}

double gw_dupes_cosine(const uint32_t *ai, const float *av, size_t an, const uint32_t *bi, const float *bv, size_t bn)
{
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < an; i++) na += (double)av[i] * av[i];
    for (size_t j = 0; j < bn; j++) nb += (double)bv[j] * bv[j];
    for (size_t i = 0, j = 0; i < an && j < bn;) {
        if (ai[i] < bi[j]) i++;
        else if (ai[i] > bi[j]) j++;
        else dot += (double)av[i++] * bv[j++];
    }
    if (na <= 0 || nb <= 0) return 0;
    return clamp01(dot / (sqrt(na) * sqrt(nb)));
}

gw_err gw_dupes_similarity(const char *a, const char *b, double *out)
{
    uint32_t *ai = NULL, *bi = NULL;
    float *av = NULL, *bv = NULL;
    size_t an = 0, bn = 0;
    gw_err e = gw_clf_vector(a, &ai, &av, &an);
    if (!e) e = gw_clf_vector(b, &bi, &bv, &bn);
    *out = e ? 0 : gw_dupes_cosine(ai, av, an, bi, bv, bn);
    free(ai);
    free(av);
    free(bi);
    free(bv);
    return e;
}
