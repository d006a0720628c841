/* insight/hotspot.h — Getis-Ord Gi* hot-spot statistic over grids, pure (no I/O, no allocation).
 * Each grid i has a count x[i] and a centre c[i]; neighbours are the grids whose centres lie within
 * band_m metres (binary weights, the grid itself included, as Gi* — with the star — defines).
 * z[i] is a standard normal score: above 1.96 a hot spot at 95%, above 2.58 at 99%, below -1.96 a
 * cold spot. */
#ifndef GW_INSIGHT_HOTSPOT_H
#define GW_INSIGHT_HOTSPOT_H

#include <stddef.h>
#include "base/err.h"
#include "base/geo.h"

/* The smallest band that gives every grid at least one neighbour: the largest nearest-neighbour
 * distance, in metres (0 when n < 2). */
double gw_gi_band(const gw_point *c, size_t n);

/* Fill z[0..n) with Gi* for counts x and centres c at band_m. GW_E_INVALID when n < 3 or band_m <= 0.
 * When all counts are equal there is no spot anywhere: every z is 0. */
gw_err gw_gi_star(const double *x, const gw_point *c, size_t n, double band_m, double *z);

#endif
