/* insight/warning.c — early-warning statistics (see warning.h). */
#include "insight/warning.h"
#include "insight/dupes.h"

#include <math.h>
#include <string.h>

gw_err gw_ears_c2(const double *x, size_t n, const gw_ears_params *p, gw_ears *out)
{
    if (n < GW_EARS_DAYS || !(p->sd_floor > 0)) return GW_E_INVALID;
    const double *base = x + n - GW_EARS_DAYS;
    double sum = 0, sq = 0;
    for (size_t i = 0; i < GW_EARS_DAYS; i++)
        if (!(base[i] >= 0)) return GW_E_INVALID;
    for (size_t i = 0; i < GW_EARS_BASELINE; i++) sum += base[i];
    double mean = sum / GW_EARS_BASELINE;
    for (size_t i = 0; i < GW_EARS_BASELINE; i++) sq += (base[i] - mean) * (base[i] - mean);
    double sd = sqrt(sq / (GW_EARS_BASELINE - 1)); /* the sample standard deviation */
    if (sd < p->sd_floor) sd = p->sd_floor;
    double today = x[n - 1];
    out->value = today;
    out->mean = mean;
    out->sd = sd;
    out->c2 = (today - mean) / sd;
    out->alarm = out->c2 > p->threshold && today >= p->min_count;
    return GW_OK;
}

double gw_poisson_sf(double k, double lambda)
{
    if (k <= 0) return 1.0;
    double below = 0; /* P(X < k), summed in log space term by term */
    for (double i = 0; i < k; i++) below += exp(-lambda + i * log(lambda) - lgamma(i + 1));
    double sf = 1.0 - below;
    return sf < 0 ? 0 : sf;
}

gw_err gw_poisson_test(const double *x, size_t n, const gw_ears_params *p, double lambda_floor, double alpha,
                       gw_ears *out)
{
    gw_ears c2;
    if (!(lambda_floor > 0) || !(alpha > 0 && alpha < 1)) return GW_E_INVALID;
    gw_err e = gw_ears_c2(x, n, p, &c2); /* the same window and checks */
    if (e) return e;
    double lambda = c2.mean > lambda_floor ? c2.mean : lambda_floor;
    double pv = gw_poisson_sf(c2.value, lambda);
    out->value = c2.value;
    out->mean = lambda;
    out->sd = sqrt(lambda);
    out->c2 = pv > 0 ? -log10(pv) : 300;
    out->alarm = pv < alpha && c2.value >= p->min_count;
    return GW_OK;
}

int gw_area_of(const char *path, int depth, char *out, size_t outn)
{
    if (!path || path[0] != '/' || depth < 1) return -1;
    size_t i = 1;
    for (int seen = 0; path[i] && seen < depth; i++)
        if (path[i] == '/') seen++;
        else if (path[i] < '0' || path[i] > '9') return -1;
    if (i >= outn) return -1;
    memcpy(out, path, i);
    out[i] = 0;
    return 0;
}

static int group_cmp(const gw_daycount *a, const gw_daycount *b)
{
    int c = strcmp(a->area, b->area);
    if (c) return c;
    return (a->category_id > b->category_id) - (a->category_id < b->category_id);
}

/* One (area, category) group rows[0..n): test each day of [first, last]. */
static void scan_group(const gw_daycount *rows, size_t n, int64_t first, int64_t last, const gw_ears_params *p,
                       gw_rise_fn fn, void *arg)
{
    double x[GW_EARS_DAYS];
    for (int64_t day = first; day <= last; day++) {
        memset(x, 0, sizeof x);
        for (size_t i = 0; i < n; i++) {
            int64_t k = rows[i].day - (day - (GW_EARS_DAYS - 1));
            if (k >= 0 && k < GW_EARS_DAYS) x[k] += rows[i].count;
        }
        gw_rise r = { rows[0].area, rows[0].category_id, day, { 0, 0, 0, 0, 0 } };
        if (gw_ears_c2(x, GW_EARS_DAYS, p, &r.ears) == GW_OK && r.ears.alarm) fn(&r, arg);
    }
}

gw_err gw_warn_rise_scan(const gw_daycount *rows, size_t n, int64_t first_day, int64_t last_day,
                         const gw_ears_params *p, gw_rise_fn fn, void *arg)
{
    if (last_day < first_day) return GW_E_INVALID;
    for (size_t i = 1; i < n; i++) {
        int c = group_cmp(&rows[i - 1], &rows[i]);
        if (c > 0 || (c == 0 && rows[i - 1].day > rows[i].day)) return GW_E_INVALID;
    }
    size_t start = 0;
    for (size_t i = 1; i <= n; i++)
        if (i == n || group_cmp(&rows[start], &rows[i])) {
            scan_group(rows + start, i - start, first_day, last_day, p, fn, arg);
            start = i;
        }
    return GW_OK;
}

static size_t find_root(size_t *root, size_t i)
{
    while (root[i] != i) i = root[i] = root[root[i]];
    return i;
}

void gw_text_clusters(const gw_textvec *v, size_t n, double sim, size_t *root)
{
    for (size_t i = 0; i < n; i++) root[i] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            size_t a = find_root(root, i), b = find_root(root, j);
            if (a == b || gw_dupes_cosine(v[i].idx, v[i].val, v[i].n, v[j].idx, v[j].val, v[j].n) < sim) continue;
            if (a < b) root[b] = a;
            else root[a] = b;
        }
    for (size_t i = 0; i < n; i++) root[i] = find_root(root, i);
}
