/* tests/unit/base/test_geo.c — base/geo.c and json/geojson.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/geo.h"
#include "json/geojson.h"

#define P(lon, lat) ((gw_point){(lon), (lat)})
#define NPTS(a) (sizeof(a) / sizeof((a)[0]))

static void assert_near(double got, double want, double tol)
{
    if (fabs(got - want) > tol) fail_msg("got %.12g, want %.12g +- %g", got, want, tol);
}

/* ---- distance ---- */

static void test_distance_beijing_shanghai(void **state)
{
    (void)state;
    double d = gw_geo_distance_m(P(116.3975, 39.9087), P(121.4737, 31.2304));
    assert_near(d, 1067e3, 1067e3 * 0.005);
    /* symmetric, zero to itself */
    assert_near(gw_geo_distance_m(P(121.4737, 31.2304), P(116.3975, 39.9087)), d, 1e-6);
    assert_near(gw_geo_distance_m(P(116.3975, 39.9087), P(116.3975, 39.9087)), 0, 1e-9);
}

static void test_distance_one_degree_lat(void **state)
{
    (void)state;
    assert_near(gw_geo_distance_m(P(0, 0), P(0, 1)), 111195, 100);
    assert_near(gw_geo_distance_m(P(30, 45), P(30, 46)), 111195, 100);
}

/* ---- GCJ-02 ---- */

static void test_gcj_outside_china_identity(void **state)
{
    (void)state;
    gw_point pts[] = {P(-0.1276, 51.5072), P(139.6917, 35.6895), P(-74.006, 40.7128), P(151.2, -33.9)};
    for (size_t i = 0; i < NPTS(pts); i++) {
        assert_false(gw_geo_in_china(pts[i]));
        gw_point g = gw_geo_wgs84_to_gcj02(pts[i]);
        assert_true(g.lon == pts[i].lon && g.lat == pts[i].lat);
        g = gw_geo_gcj02_to_wgs84(pts[i]);
        assert_true(g.lon == pts[i].lon && g.lat == pts[i].lat);
    }
}

static void test_gcj_beijing_offset(void **state)
{
    (void)state;
    gw_point w = P(116.3975, 39.9087);
    assert_true(gw_geo_in_china(w));
    gw_point g = gw_geo_wgs84_to_gcj02(w);
    double d = gw_geo_distance_m(w, g);
    if (d < 100 || d > 700) fail_msg("Beijing GCJ offset %.1f m", d);
    /* The published offset near Beijing is east-north-east. */
    assert_true(g.lon > w.lon);
    assert_true(g.lat > w.lat);
}

static void test_gcj_round_trip(void **state)
{
    (void)state;
    gw_point pts[] = {
        P(116.3975, 39.9087), P(121.4737, 31.2304), P(113.2644, 23.1291), P(104.0665, 30.5728),
        P(87.6168, 43.8256),  P(126.5349, 45.8038), P(91.1409, 29.6456),  P(110.3312, 20.0311),
    };
    for (size_t i = 0; i < NPTS(pts); i++) {
        gw_point back = gw_geo_gcj02_to_wgs84(gw_geo_wgs84_to_gcj02(pts[i]));
        assert_near(back.lon, pts[i].lon, 1e-6);
        assert_near(back.lat, pts[i].lat, 1e-6);
    }
}

/* ---- shapes ---- */

static gw_shape *shape_of(const gw_point *pts, size_t n)
{
    gw_shape *s = gw_shape_new();
    assert_non_null(s);
    assert_int_equal(gw_shape_add_ring(s, pts, n, 1), 0);
    return s;
}

static void test_shape_square(void **state)
{
    (void)state;
    gw_point sq[] = {P(0, 0), P(10, 0), P(10, 10), P(0, 10)};
    gw_shape *s = shape_of(sq, NPTS(sq));
    double a, b, c, d;
    gw_shape_bbox(s, &a, &b, &c, &d);
    assert_true(a == 0 && b == 0 && c == 10 && d == 10);
    assert_true(gw_shape_contains(s, P(5, 5)));
    assert_true(gw_shape_contains(s, P(0.001, 9.999)));
    assert_false(gw_shape_contains(s, P(10.001, 5)));
    assert_false(gw_shape_contains(s, P(5, -0.001)));
    gw_shape_free(s);
}

static void test_shape_closed_ring_same_as_open(void **state)
{
    (void)state;
    gw_point sq[] = {P(0, 0), P(10, 0), P(10, 10), P(0, 10), P(0, 0)};
    gw_shape *s = shape_of(sq, NPTS(sq));
    assert_true(gw_shape_contains(s, P(5, 5)));
    assert_false(gw_shape_contains(s, P(11, 5)));
    gw_point c = gw_shape_centroid(s);
    assert_near(c.lon, 5, 1e-12);
    assert_near(c.lat, 5, 1e-12);
    gw_shape_free(s);
}

static void test_shape_concave(void **state)
{
    (void)state;
    /* A U: two prongs x in [0,1] and [2,3] rising to y=3, joined by a base y in [0,1]. */
    gw_point u[] = {P(0, 0), P(3, 0), P(3, 3), P(2, 3), P(2, 1), P(1, 1), P(1, 3), P(0, 3)};
    gw_shape *s = shape_of(u, NPTS(u));
    assert_true(gw_shape_contains(s, P(0.5, 2)));   /* left prong */
    assert_true(gw_shape_contains(s, P(2.5, 2)));   /* right prong */
    assert_true(gw_shape_contains(s, P(1.5, 0.5))); /* base */
    assert_false(gw_shape_contains(s, P(1.5, 2)));  /* the notch: inside bbox, outside shape */
    assert_false(gw_shape_contains(s, P(1.5, 1.0001)));
    /* A ray through vertices (y = 1 passes (2,1) and (1,1)) and y = 3 along top edges. */
    assert_true(gw_shape_contains(s, P(0.5, 1)));
    assert_false(gw_shape_contains(s, P(-0.5, 1)));
    assert_false(gw_shape_contains(s, P(1.5, 3)));
    gw_shape_free(s);
}

static void test_shape_hole(void **state)
{
    (void)state;
    gw_point outer[] = {P(0, 0), P(10, 0), P(10, 10), P(0, 10)};
    gw_point hole[] = {P(4, 4), P(4, 6), P(6, 6), P(6, 4)};
    gw_shape *s = shape_of(outer, NPTS(outer));
    assert_int_equal(gw_shape_add_ring(s, hole, NPTS(hole), 0), 0);
    assert_true(gw_shape_contains(s, P(2, 2)));
    assert_true(gw_shape_contains(s, P(5, 7)));
    assert_false(gw_shape_contains(s, P(5, 5)));  /* in the hole */
    assert_true(gw_shape_contains(s, P(4, 5)));   /* on the hole's edge: boundary, inside */
    assert_true(gw_shape_contains(s, P(6, 6)));   /* on the hole's vertex */
    assert_false(gw_shape_contains(s, P(11, 5)));
    gw_shape_free(s);
}

static void test_shape_multipolygon(void **state)
{
    (void)state;
    gw_point a[] = {P(0, 0), P(1, 0), P(1, 1), P(0, 1)};
    gw_point b[] = {P(5, 5), P(6, 5), P(6, 6), P(5, 6)};
    gw_point bh[] = {P(5.4, 5.4), P(5.6, 5.4), P(5.6, 5.6), P(5.4, 5.6)};
    gw_shape *s = shape_of(a, NPTS(a));
    assert_int_equal(gw_shape_add_ring(s, b, NPTS(b), 1), 0);
    assert_int_equal(gw_shape_add_ring(s, bh, NPTS(bh), 0), 0);
    assert_true(gw_shape_contains(s, P(0.5, 0.5)));
    assert_true(gw_shape_contains(s, P(5.2, 5.2)));
    assert_false(gw_shape_contains(s, P(5.5, 5.5))); /* hole of the second polygon */
    assert_false(gw_shape_contains(s, P(3, 3)));     /* between the two, inside the bbox */
    double a0, b0, c0, d0;
    gw_shape_bbox(s, &a0, &b0, &c0, &d0);
    assert_true(a0 == 0 && b0 == 0 && c0 == 6 && d0 == 6);
    /* centroid is the first polygon's */
    gw_point c = gw_shape_centroid(s);
    assert_near(c.lon, 0.5, 1e-12);
    assert_near(c.lat, 0.5, 1e-12);
    gw_shape_free(s);
}

static void test_shape_edge_and_vertex(void **state)
{
    (void)state;
    gw_point tri[] = {P(0, 0), P(4, 0), P(0, 4)};
    gw_shape *s = shape_of(tri, NPTS(tri));
    assert_true(gw_shape_contains(s, P(2, 0)));   /* bottom edge */
    assert_true(gw_shape_contains(s, P(0, 2)));   /* left edge */
    assert_true(gw_shape_contains(s, P(2, 2)));   /* hypotenuse */
    assert_true(gw_shape_contains(s, P(0, 0)));   /* vertices */
    assert_true(gw_shape_contains(s, P(4, 0)));
    assert_true(gw_shape_contains(s, P(0, 4)));
    assert_false(gw_shape_contains(s, P(2.01, 2.01)));
    gw_shape_free(s);
}

static void test_shape_outside_bbox(void **state)
{
    (void)state;
    gw_point sq[] = {P(116.3, 39.8), P(116.5, 39.8), P(116.5, 40.0), P(116.3, 40.0)};
    gw_shape *s = shape_of(sq, NPTS(sq));
    assert_true(gw_shape_contains(s, P(116.4, 39.9)));
    assert_false(gw_shape_contains(s, P(121.47, 31.23)));
    assert_false(gw_shape_contains(s, P(-116.4, 39.9)));
    assert_false(gw_shape_contains(s, P(116.4, 40.0000001)));
    gw_shape_free(s);
}

static void test_shape_add_ring_rejects(void **state)
{
    (void)state;
    gw_point two[] = {P(0, 0), P(1, 1)};
    gw_point back[] = {P(0, 0), P(1, 1), P(0, 0)};         /* closed, 2 distinct */
    gw_point dups[] = {P(0, 0), P(0, 0), P(1, 1), P(1, 1)}; /* 4 points, 2 distinct */
    gw_point sq[] = {P(0, 0), P(1, 0), P(1, 1), P(0, 1)};
    gw_shape *s = gw_shape_new();
    assert_non_null(s);
    assert_int_equal(gw_shape_add_ring(s, two, NPTS(two), 1), -1);
    assert_int_equal(gw_shape_add_ring(s, two, 0, 1), -1);
    assert_int_equal(gw_shape_add_ring(s, back, NPTS(back), 1), -1);
    assert_int_equal(gw_shape_add_ring(s, dups, NPTS(dups), 1), -1);
    assert_int_equal(gw_shape_add_ring(s, sq, NPTS(sq), 0), -1); /* hole before any outer */
    assert_false(gw_shape_contains(s, P(0.5, 0.5)));               /* still empty */
    assert_int_equal(gw_shape_add_ring(s, sq, NPTS(sq), 1), 0);
    assert_true(gw_shape_contains(s, P(0.5, 0.5)));
    gw_shape_free(s);
    gw_shape_free(NULL);
}

static void test_shape_centroid(void **state)
{
    (void)state;
    gw_point sq[] = {P(116, 39), P(117, 39), P(117, 40), P(116, 40)};
    gw_shape *s = shape_of(sq, NPTS(sq));
    gw_point c = gw_shape_centroid(s);
    assert_near(c.lon, 116.5, 1e-9);
    assert_near(c.lat, 39.5, 1e-9);
    gw_shape_free(s);

    /* Clockwise L-shape: area-weighted, not the vertex mean. Squares [0,2]x[0,1] and [0,1]x[1,2]:
     * areas 2 and 1, centroids (1,0.5) and (0.5,1.5) -> (2.5/3, 2.5/3). */
    gw_point l[] = {P(0, 0), P(0, 2), P(1, 2), P(1, 1), P(2, 1), P(2, 0)};
    s = shape_of(l, NPTS(l));
    c = gw_shape_centroid(s);
    assert_near(c.lon, 2.5 / 3, 1e-12);
    assert_near(c.lat, 2.5 / 3, 1e-12);
    gw_shape_free(s);

    /* Zero area (collinear): vertex mean. */
    gw_point line[] = {P(0, 0), P(1, 1), P(3, 3)};
    s = shape_of(line, NPTS(line));
    c = gw_shape_centroid(s);
    assert_near(c.lon, 4.0 / 3, 1e-12);
    assert_near(c.lat, 4.0 / 3, 1e-12);
    gw_shape_free(s);
}

/* ---- GeoJSON ---- */

/* Parse text, expect err; returns the shape (NULL unless GW_OK). */
static gw_shape *parse_text(const char *text, gw_err want)
{
    json_error_t jerr;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);
    if (!j) fail_msg("bad test JSON: %s", jerr.text);
    gw_shape *s = (gw_shape *)1;
    gw_err e = gw_geojson_parse(j, &s);
    json_decref(j);
    if (e != want) {
        gw_shape_free(e == GW_OK ? s : NULL);
        fail_msg("parse of %s: got %s, want %s", text, gw_err_name(e), gw_err_name(want));
    }
    if (e != GW_OK) assert_null(s);
    return s;
}

static void test_geojson_polygon(void **state)
{
    (void)state;
    gw_shape *s = parse_text("{\"type\":\"Polygon\",\"coordinates\":["
                             "[[0,0],[10,0],[10,10],[0,10],[0,0]],"
                             "[[4,4],[6,4],[6,6],[4,6],[4,4]]]}",
                             GW_OK);
    assert_true(gw_shape_contains(s, P(2, 2)));
    assert_false(gw_shape_contains(s, P(5, 5)));
    assert_false(gw_shape_contains(s, P(-1, 5)));
    gw_shape_free(s);

    /* integers and reals mixed, an altitude, extreme valid coordinates */
    s = parse_text("{\"type\":\"Polygon\",\"coordinates\":["
                   "[[-180,-90,5],[180.0,-90],[180,90],[-180,90.0],[-180,-90,5]]]}",
                   GW_OK);
    assert_true(gw_shape_contains(s, P(0, 0)));
    gw_shape_free(s);
}

static void test_geojson_multipolygon(void **state)
{
    (void)state;
    gw_shape *s = parse_text("{\"type\":\"MultiPolygon\",\"coordinates\":["
                             "[[[0,0],[1,0],[1,1],[0,1],[0,0]]],"
                             "[[[5,5],[6,5],[6,6],[5,6],[5,5]],[[5.4,5.4],[5.6,5.4],[5.6,5.6],[5.4,5.4]]]]}",
                             GW_OK);
    assert_true(gw_shape_contains(s, P(0.5, 0.5)));
    assert_true(gw_shape_contains(s, P(5.9, 5.1)));
    assert_false(gw_shape_contains(s, P(5.55, 5.45))); /* in the triangular hole */
    assert_false(gw_shape_contains(s, P(3, 3)));
    gw_shape_free(s);
}

static void test_geojson_feature(void **state)
{
    (void)state;
    gw_shape *s = parse_text("{\"type\":\"Feature\",\"properties\":{\"name\":\"grid 1\"},"
                             "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                             "[[[116.3,39.8],[116.5,39.8],[116.5,40.0],[116.3,40.0],[116.3,39.8]]]}}",
                             GW_OK);
    assert_true(gw_shape_contains(s, P(116.4, 39.9)));
    gw_shape_free(s);
    parse_text("{\"type\":\"Feature\",\"geometry\":null}", GW_E_INVALID);
    parse_text("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Feature\",\"geometry\":"
               "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}}",
               GW_E_INVALID);
}

static void test_geojson_invalid(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "[]",
        "\"Polygon\"",
        "{}",
        "{\"type\":\"Point\",\"coordinates\":[1,2]}",
        "{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}",
        "{\"type\":\"polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}",
        "{\"type\":7,\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}",
        "{\"type\":\"Polygon\"}",
        "{\"type\":\"Polygon\",\"coordinates\":{}}",
        "{\"type\":\"Polygon\",\"coordinates\":[]}",
        "{\"type\":\"MultiPolygon\",\"coordinates\":[]}",
        "{\"type\":\"MultiPolygon\",\"coordinates\":[[]]}",
        "{\"type\":\"MultiPolygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}", /* one level short */
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,\"0\"],[1,1],[0,0]]]}",   /* non-numeric */
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,null],[1,1],[0,0]]]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1],[1,1],[0,0]]]}",         /* short position */
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0,0,0],[1,1],[0,0]]]}",   /* too long */
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0,\"x\"],[1,1],[0,0]]]}", /* bad altitude */
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],{},[1,1],[0,0]]]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,90.5],[1,1],[0,0]]]}",    /* lat range */
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,-91],[1,1],[0,0]]]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[180.01,0],[1,1],[0,0]]]}",  /* lon range */
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}",       /* unclosed */
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}",             /* 3 positions */
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,1],[0,0],[0,0]]]}",       /* 2 distinct */
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]],[[0,0],[1,0],[0,0]]]}",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]],5]}",
    };
    for (size_t i = 0; i < NPTS(bad); i++) parse_text(bad[i], GW_E_INVALID);

    /* not an object at all, and NULL */
    gw_shape *s = (gw_shape *)1;
    assert_int_equal(gw_geojson_parse(NULL, &s), GW_E_INVALID);
    assert_null(s);
}

/* A Polygon of nrings concentric circles (the later ones as "holes": only the limits matter
 * here), each ring_pts positions including the closing one, around (0,0). */
static json_t *big_polygon(size_t nrings, size_t ring_pts)
{
    json_t *rings = json_array();
    for (size_t r = 0; r < nrings; r++) {
        json_t *ring = json_array();
        double rad = 1.0 + (double)r * 0.01;
        for (size_t i = 0; i < ring_pts; i++) {
            double t = 2 * 3.14159265358979323846 * (double)(i % (ring_pts - 1)) / (double)(ring_pts - 1);
            json_array_append_new(ring, json_pack("[f,f]", rad * cos(t), rad * sin(t)));
        }
        json_array_append_new(rings, ring);
    }
    return json_pack("{s:s, s:o}", "type", "Polygon", "coordinates", rings);
}

static void test_geojson_too_large(void **state)
{
    (void)state;
    struct { size_t rings, pts; gw_err want; } cases[] = {
        {1, GW_GEOJSON_MAX_POINTS, GW_OK},
        {1, GW_GEOJSON_MAX_POINTS + 1, GW_E_TOO_LARGE},
        {2, GW_GEOJSON_MAX_POINTS / 2 + 1, GW_E_TOO_LARGE},
        {GW_GEOJSON_MAX_RINGS, 4, GW_OK},
        {GW_GEOJSON_MAX_RINGS + 1, 4, GW_E_TOO_LARGE},
    };
    for (size_t i = 0; i < NPTS(cases); i++) {
        json_t *j = big_polygon(cases[i].rings, cases[i].pts);
        assert_non_null(j);
        gw_shape *s = NULL;
        gw_err e = gw_geojson_parse(j, &s);
        json_decref(j);
        if (e != cases[i].want)
            fail_msg("case %zu: got %s, want %s", i, gw_err_name(e), gw_err_name(cases[i].want));
        if (e == GW_OK) {
            assert_non_null(s);
            if (cases[i].rings == 1) assert_true(gw_shape_contains(s, P(0.99 * cos(0.3), 0.99 * sin(0.3))));
        } else {
            assert_null(s);
        }
        gw_shape_free(s);
    }
}

static void test_geojson_point(void **state)
{
    (void)state;
    json_t *j = gw_geojson_point(P(116.3975, 39.9087));
    assert_non_null(j);
    char *txt = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(10));
    assert_non_null(txt);
    assert_string_equal(txt, "{\"coordinates\":[116.3975,39.9087],\"type\":\"Point\"}");
    free(txt);
    json_decref(j);
    assert_null(gw_geojson_point(P(NAN, 0)));
}

static void test_geo_valid(void **state)
{
    (void)state;
    assert_true(gw_geo_valid(0, 0));
    assert_true(gw_geo_valid(-180, -90));
    assert_true(gw_geo_valid(180, 90));
    assert_false(gw_geo_valid(180.0000001, 0));
    assert_false(gw_geo_valid(0, -90.0000001));
    assert_false(gw_geo_valid(NAN, 0));
    assert_false(gw_geo_valid(0, INFINITY));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance_beijing_shanghai),
        cmocka_unit_test(test_distance_one_degree_lat),
        cmocka_unit_test(test_gcj_outside_china_identity),
        cmocka_unit_test(test_gcj_beijing_offset),
        cmocka_unit_test(test_gcj_round_trip),
        cmocka_unit_test(test_shape_square),
        cmocka_unit_test(test_shape_closed_ring_same_as_open),
        cmocka_unit_test(test_shape_concave),
        cmocka_unit_test(test_shape_hole),
        cmocka_unit_test(test_shape_multipolygon),
        cmocka_unit_test(test_shape_edge_and_vertex),
        cmocka_unit_test(test_shape_outside_bbox),
        cmocka_unit_test(test_shape_add_ring_rejects),
        cmocka_unit_test(test_shape_centroid),
        cmocka_unit_test(test_geojson_polygon),
        cmocka_unit_test(test_geojson_multipolygon),
        cmocka_unit_test(test_geojson_feature),
        cmocka_unit_test(test_geojson_invalid),
        cmocka_unit_test(test_geojson_too_large),
        cmocka_unit_test(test_geojson_point),
        cmocka_unit_test(test_geo_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
