/* base/geo.c — see geo.h. libc + libm only. */
#include "base/geo.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define GEO_PI 3.14159265358979323846
#define GEO_EARTH_R 6371008.8 /* mean Earth radius, metres */
#define GEO_EDGE_EPS 1e-12    /* on-edge tolerance, degrees */

static double deg2rad(double d) { return d * (GEO_PI / 180.0); }

double gw_geo_distance_m(gw_point a, gw_point b)
{
    double p1 = deg2rad(a.lat), p2 = deg2rad(b.lat);
    double sdp = sin((p2 - p1) / 2), sdl = sin(deg2rad(b.lon - a.lon) / 2);
    double h = sdp * sdp + cos(p1) * cos(p2) * sdl * sdl;
    if (h > 1) h = 1; /* rounding near antipodes */
    return 2 * GEO_EARTH_R * asin(sqrt(h));
}

/* ---- GCJ-02 ------------------------------------------------------------------------------ */

#define GCJ_A 6378245.0                 /* Krasovsky 1940 semi-major axis */
#define GCJ_EE 0.00669342162296594323   /* its first eccentricity squared */

int gw_geo_in_china(gw_point p)
{
    return p.lon >= 72.004 && p.lon <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;
}

/* The periodic part shared by both series: 2/3 * (20 sin(6 pi x) + 20 sin(2 pi x)). */
static double gcj_wave(double x)
{
    return (20.0 * sin(6.0 * x * GEO_PI) + 20.0 * sin(2.0 * x * GEO_PI)) * 2.0 / 3.0;
}

/* Latitude offset series in "metres-ish" units; x, y are lon-105, lat-35. */
static double gcj_dlat(double x, double y)
{
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
    r += gcj_wave(x);
    r += (20.0 * sin(y * GEO_PI) + 40.0 * sin(y / 3.0 * GEO_PI)) * 2.0 / 3.0;
    r += (160.0 * sin(y / 12.0 * GEO_PI) + 320.0 * sin(y / 30.0 * GEO_PI)) * 2.0 / 3.0;
    return r;
}

/* Longitude offset series; same arguments as gcj_dlat. */
static double gcj_dlon(double x, double y)
{
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
    r += gcj_wave(x);
    r += (20.0 * sin(x * GEO_PI) + 40.0 * sin(x / 3.0 * GEO_PI)) * 2.0 / 3.0;
    r += (150.0 * sin(x / 12.0 * GEO_PI) + 300.0 * sin(x / 30.0 * GEO_PI)) * 2.0 / 3.0;
    return r;
}

gw_point gw_geo_wgs84_to_gcj02(gw_point p)
{
    if (!gw_geo_in_china(p)) return p;
    double x = p.lon - 105.0, y = p.lat - 35.0;
    double rlat = deg2rad(p.lat), s = sin(rlat);
    double magic = 1.0 - GCJ_EE * s * s, sm = sqrt(magic);
    /* Convert the metre offsets to degrees on the ellipsoid: meridian radius of curvature
     * a(1-e^2)/W^3 for latitude, prime vertical a/W times cos(lat) for longitude. */
    double dlat = gcj_dlat(x, y) * 180.0 / ((GCJ_A * (1.0 - GCJ_EE)) / (magic * sm) * GEO_PI);
    double dlon = gcj_dlon(x, y) * 180.0 / (GCJ_A / sm * cos(rlat) * GEO_PI);
    return (gw_point){p.lon + dlon, p.lat + dlat};
}

gw_point gw_geo_gcj02_to_wgs84(gw_point p)
{
    if (!gw_geo_in_china(p)) return p;
    /* The offset varies slowly, so w <- w - (f(w) - p) contracts quickly (a few steps). */
    gw_point w = p;
    for (int i = 0; i < 30; i++) {
        gw_point f = gw_geo_wgs84_to_gcj02(w);
        double dlon = f.lon - p.lon, dlat = f.lat - p.lat;
        w.lon -= dlon;
        w.lat -= dlat;
        if (fabs(dlon) < 1e-7 && fabs(dlat) < 1e-7) break;
    }
    return w;
}

/* ---- shapes ------------------------------------------------------------------------------ */

/* All points live in one array. Ring r is pts[rings[r].first .. +rings[r].len), stored open
 * (no closing point, no consecutive duplicates). Polygon p owns rings
 * [poly_first[p], poly_first[p+1]) with poly_first[npolys] taken as nrings; its first ring is
 * the outer one. bbox covers every ring and is kept current by gw_shape_add_ring. */
struct gw_shape {
    gw_point *pts;
    size_t npts, cap_pts;
    struct { size_t first, len; } *rings;
    size_t nrings, cap_rings;
    size_t *poly_first;
    size_t npolys, cap_polys;
    double min_lon, min_lat, max_lon, max_lat;
};

gw_shape *gw_shape_new(void)
{
    return calloc(1, sizeof(gw_shape));
}

void gw_shape_free(gw_shape *s)
{
    if (!s) return;
    free(s->pts);
    free(s->rings);
    free(s->poly_first);
    free(s);
}

/* Grow array p of elements of size sz so it holds at least need; returns the new array (and
 * updates *cap) or NULL with p untouched. */
static void *grow(void *p, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap) return p;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2) return NULL;
        n *= 2;
    }
    if (n > SIZE_MAX / sz) return NULL;
    void *q = realloc(p, n * sz);
    if (q) *cap = n;
    return q;
}

static int pt_eq(gw_point a, gw_point b) { return a.lon == b.lon && a.lat == b.lat; }

int gw_shape_add_ring(gw_shape *s, const gw_point *pts, size_t n, int outer)
{
    if (!s || !pts || n < 3) return -1;
    if (!outer && s->npolys == 0) return -1; /* a hole needs a polygon to belong to */
    if (n > SIZE_MAX - s->npts) return -1;

    void *q;
    if (!(q = grow(s->pts, &s->cap_pts, s->npts + n, sizeof *s->pts))) return -1;
    s->pts = q;
    if (!(q = grow(s->rings, &s->cap_rings, s->nrings + 1, sizeof *s->rings))) return -1;
    s->rings = q;
    if (outer) {
        if (!(q = grow(s->poly_first, &s->cap_polys, s->npolys + 1, sizeof *s->poly_first))) return -1;
        s->poly_first = q;
    }

    /* Copy without consecutive duplicates, then drop any closing points equal to the first. */
    gw_point *r = s->pts + s->npts;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || !pt_eq(r[m - 1], pts[i])) r[m++] = pts[i];
    while (m > 1 && pt_eq(r[m - 1], r[0])) m--;

    /* Need three distinct points: r[0], some r[i] != r[0], some r[j] unlike both. */
    size_t i = 1, j;
    while (i < m && pt_eq(r[i], r[0])) i++;
    for (j = i + 1; j < m; j++)
        if (!pt_eq(r[j], r[0]) && !pt_eq(r[j], r[i])) break;
    if (j >= m) return -1;

    if (outer) s->poly_first[s->npolys++] = s->nrings;
    s->rings[s->nrings].first = s->npts;
    s->rings[s->nrings].len = m;
    if (s->nrings == 0) {
        s->min_lon = s->max_lon = r[0].lon;
        s->min_lat = s->max_lat = r[0].lat;
    }
    for (size_t k = 0; k < m; k++) {
        if (r[k].lon < s->min_lon) s->min_lon = r[k].lon;
        if (r[k].lon > s->max_lon) s->max_lon = r[k].lon;
        if (r[k].lat < s->min_lat) s->min_lat = r[k].lat;
        if (r[k].lat > s->max_lat) s->max_lat = r[k].lat;
    }
    s->nrings++;
    s->npts += m;
    return 0;
}

void gw_shape_bbox(const gw_shape *s, double *min_lon, double *min_lat, double *max_lon, double *max_lat)
{
    /* An empty shape (or NULL) reports all zeros. */
    int ok = s && s->nrings > 0;
    if (min_lon) *min_lon = ok ? s->min_lon : 0;
    if (min_lat) *min_lat = ok ? s->min_lat : 0;
    if (max_lon) *max_lon = ok ? s->max_lon : 0;
    if (max_lat) *max_lat = ok ? s->max_lat : 0;
}

/* Whether p is within GEO_EDGE_EPS of segment ab (a != b). */
static int on_segment(gw_point a, gw_point b, gw_point p)
{
    double dx = b.lon - a.lon, dy = b.lat - a.lat;
    double t = ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / (dx * dx + dy * dy);
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    double ex = a.lon + t * dx - p.lon, ey = a.lat + t * dy - p.lat;
    return ex * ex + ey * ey <= GEO_EDGE_EPS * GEO_EDGE_EPS;
}

/* Classify p against ring r of n points: 2 on an edge, 1 strictly inside (even-odd), 0 outside. */
static int ring_side(const gw_point *r, size_t n, gw_point p)
{
    int in = 0;
    for (size_t i = 0, j = n - 1; i < n; j = i++) {
        gw_point a = r[j], b = r[i];
        if (on_segment(a, b, p)) return 2;
        /* Half-open crossing test so a vertex on the ray is counted once. */
        if ((a.lat > p.lat) != (b.lat > p.lat)) {
            double x = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat);
            if (p.lon < x) in = !in;
        }
    }
    return in;
}

int gw_shape_contains(const gw_shape *s, gw_point p)
{
    if (!s || s->nrings == 0) return 0;
    if (p.lon < s->min_lon - GEO_EDGE_EPS || p.lon > s->max_lon + GEO_EDGE_EPS ||
        p.lat < s->min_lat - GEO_EDGE_EPS || p.lat > s->max_lat + GEO_EDGE_EPS)
        return 0;
    for (size_t k = 0; k < s->npolys; k++) {
        size_t first = s->poly_first[k];
        size_t end = k + 1 < s->npolys ? s->poly_first[k + 1] : s->nrings;
        int side = ring_side(s->pts + s->rings[first].first, s->rings[first].len, p);
        if (side == 0) continue;
        if (side == 2) return 1;
        int in_hole = 0;
        for (size_t h = first + 1; h < end && !in_hole; h++) {
            int hs = ring_side(s->pts + s->rings[h].first, s->rings[h].len, p);
            if (hs == 2) return 1; /* a hole's edge is the shape's boundary */
            in_hole = hs == 1;
        }
        if (!in_hole) return 1;
    }
    return 0;
}

gw_point gw_shape_centroid(const gw_shape *s)
{
    if (!s || s->npolys == 0) return (gw_point){0, 0};
    const gw_point *r = s->pts + s->rings[s->poly_first[0]].first;
    size_t n = s->rings[s->poly_first[0]].len;
    /* Shoelace relative to r[0] for precision. */
    gw_point o = r[0];
    double a2 = 0, cx = 0, cy = 0, mx = 0, my = 0, ext = 0;
    for (size_t i = 0; i < n; i++) {
        double x0 = r[i].lon - o.lon, y0 = r[i].lat - o.lat;
        double x1 = r[(i + 1) % n].lon - o.lon, y1 = r[(i + 1) % n].lat - o.lat;
        double c = x0 * y1 - x1 * y0;
        a2 += c;
        cx += (x0 + x1) * c;
        cy += (y0 + y1) * c;
        mx += x0;
        my += y0;
        if (fabs(x0) > ext) ext = fabs(x0);
        if (fabs(y0) > ext) ext = fabs(y0);
    }
    if (fabs(a2) <= 1e-12 * ext * ext) /* degenerate (collinear) ring: vertex mean */
        return (gw_point){o.lon + mx / (double)n, o.lat + my / (double)n};
    return (gw_point){o.lon + cx / (3 * a2), o.lat + cy / (3 * a2)};
}
