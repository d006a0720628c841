/* json/geojson.c — see geojson.h. */
#include "json/geojson.h"

#include <stdlib.h>
#include <string.h>

int gw_geo_valid(double lon, double lat)
{
    /* The comparisons are false for NaN; infinities fall outside the ranges. */
    return lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0;
}

json_t *gw_geojson_point(gw_point p)
{
    /* json_pack fails (NULL) on a non-finite real, as json_real does. */
    return json_pack("{s:s, s:[f, f]}", "type", "Point", "coordinates", p.lon, p.lat);
}

/* Parse state: the shape being built, running totals for the limits, and a scratch buffer
 * for one ring's positions. */
typedef struct {
    gw_shape *s;
    size_t rings, points;
    gw_point *buf;
    size_t cap;
} geo_parse;

/* A position: [lon, lat] or [lon, lat, alt], all numbers, lon/lat in range. */
static int parse_position(const json_t *j, gw_point *p)
{
    size_t n = json_array_size(j); /* 0 for a non-array */
    if (n != 2 && n != 3) return 0;
    for (size_t i = 0; i < n; i++)
        if (!json_is_number(json_array_get(j, i))) return 0;
    p->lon = json_number_value(json_array_get(j, 0));
    p->lat = json_number_value(json_array_get(j, 1));
    return gw_geo_valid(p->lon, p->lat);
}

static int pt_eq(gw_point a, gw_point b) { return a.lon == b.lon && a.lat == b.lat; }

/* Whether pts[0..n) holds at least three distinct points (mirrors gw_shape_add_ring's test, so
 * that a -1 from it can only mean out of memory). */
static int three_distinct(const gw_point *pts, size_t n)
{
    size_t i = 1;
    while (i < n && pt_eq(pts[i], pts[0])) i++;
    for (size_t j = i + 1; j < n; j++)
        if (!pt_eq(pts[j], pts[0]) && !pt_eq(pts[j], pts[i])) return 1;
    return 0;
}

/* One linear ring: an array of >= 4 positions with last == first. */
static gw_err parse_ring(geo_parse *g, const json_t *ring, int outer)
{
    if (!json_is_array(ring)) return GW_E_INVALID;
    size_t n = json_array_size(ring);
    if (++g->rings > GW_GEOJSON_MAX_RINGS) return GW_E_TOO_LARGE;
    if (n > GW_GEOJSON_MAX_POINTS - g->points) return GW_E_TOO_LARGE;
    g->points += n;
    if (n < 4) return GW_E_INVALID;
    if (n > g->cap) {
        gw_point *q = realloc(g->buf, n * sizeof *q);
        if (!q) return GW_E_NOMEM;
        g->buf = q;
        g->cap = n;
    }
    for (size_t i = 0; i < n; i++)
        if (!parse_position(json_array_get(ring, i), &g->buf[i])) return GW_E_INVALID;
    if (!pt_eq(g->buf[0], g->buf[n - 1])) return GW_E_INVALID;
    if (!three_distinct(g->buf, n - 1)) return GW_E_INVALID;
    return gw_shape_add_ring(g->s, g->buf, n - 1, outer) == 0 ? GW_OK : GW_E_NOMEM;
}

/* Polygon coordinates: a non-empty array of rings, the first the outer boundary. */
static gw_err parse_polygon(geo_parse *g, const json_t *poly)
{
    size_t n = json_array_size(poly);
    if (!json_is_array(poly) || n == 0) return GW_E_INVALID;
    for (size_t i = 0; i < n; i++) {
        gw_err e = parse_ring(g, json_array_get(poly, i), i == 0);
        if (e) return e;
    }
    return GW_OK;
}

gw_err gw_geojson_parse(const json_t *geom, gw_shape **out)
{
    *out = NULL;
    if (!json_is_object(geom)) return GW_E_INVALID;
    const char *type = json_string_value(json_object_get(geom, "type"));
    if (type && strcmp(type, "Feature") == 0) {
        geom = json_object_get(geom, "geometry");
        if (!json_is_object(geom)) return GW_E_INVALID;
        type = json_string_value(json_object_get(geom, "type"));
    }
    if (!type) return GW_E_INVALID;
    int multi;
    if (strcmp(type, "Polygon") == 0) multi = 0;
    else if (strcmp(type, "MultiPolygon") == 0) multi = 1;
    else return GW_E_INVALID;
    const json_t *coords = json_object_get(geom, "coordinates");
    if (!json_is_array(coords)) return GW_E_INVALID;

    geo_parse g = {0};
    if (!(g.s = gw_shape_new())) return GW_E_NOMEM;
    gw_err e = GW_OK;
    if (!multi) {
        e = parse_polygon(&g, coords);
    } else if (json_array_size(coords) == 0) {
        e = GW_E_INVALID;
    } else {
        for (size_t i = 0; !e && i < json_array_size(coords); i++)
            e = parse_polygon(&g, json_array_get(coords, i));
    }
    free(g.buf);
    if (e) {
        gw_shape_free(g.s);
        return e;
    }
    *out = g.s;
    return GW_OK;
}
