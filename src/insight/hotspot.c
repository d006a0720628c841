/* insight/hotspot.c — Getis-Ord Gi*.
 *   Gi* = (sum_j w_ij x_j - mean * W_i) / (S * sqrt((n * sum_j w_ij^2 - W_i^2) / (n - 1)))
 * with W_i = sum_j w_ij, mean and S the mean and (population) standard deviation of x. */
#include "insight/hotspot.h"

#include <math.h>

double gw_gi_band(const gw_point *c, size_t n)
{
    double band = 0;
    for (size_t i = 0; i < n; i++) {
        double nearest = INFINITY;
        for (size_t j = 0; j < n; j++)
            if (j != i) {
                double d = gw_geo_distance_m(c[i], c[j]);
                if (d < nearest) nearest = d;
            }
        if (n > 1 && nearest > band) band = nearest;
    }
    return band;
}

gw_err gw_gi_star(const double *x, const gw_point *c, size_t n, double band_m, double *z)
{
    if (n < 3 || !(band_m > 0)) return GW_E_INVALID;
    double sum = 0, sq = 0;
    for (size_t i = 0; i < n; i++) {
        sum += x[i];
        sq += x[i] * x[i];
    }
    double mean = sum / (double)n, var = sq / (double)n - mean * mean;
    double s = var > 0 ? sqrt(var) : 0;
    for (size_t i = 0; i < n; i++) {
        double wx = 0, w = 0; /* binary weights: sum of w^2 equals the sum of w */
        for (size_t j = 0; j < n; j++)
            if (j == i || gw_geo_distance_m(c[i], c[j]) <= band_m) {
                wx += x[j];
                w += 1;
            }
        double denom = s * sqrt(((double)n * w - w * w) / (double)(n - 1));
        z[i] = denom > 0 ? (wx - mean * w) / denom : 0;
    }
    return GW_OK;
}
