/* fuzz/fuzz_geojson.c — json/geojson.c: a division's boundary as an admin sends it (parsed by jansson
 * the way request bodies are), then the shape it makes asked for points, its box and its centroid. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "json/geojson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (!j) return 0;
    gw_shape *s = (gw_shape *)1;
    gw_err e = gw_geojson_parse(j, &s);
    if (e == GW_OK) {
        if (!s) abort();
        double a, b, c, d;
        gw_shape_bbox(s, &a, &b, &c, &d);
        if (a > c || b > d) abort(); /* a box of valid positions is never inverted */
        gw_point pts[] = { { a, b }, { c, d }, { (a + c) / 2, (b + d) / 2 }, { 120.1, 30.2 } };
        for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) (void)gw_shape_contains(s, pts[i]);
        gw_point ctr = gw_shape_centroid(s);
        json_decref(gw_geojson_point(ctr));
        gw_shape_free(s);
    } else if (s) abort(); /* on failure *out is NULL */
    json_decref(j);
    return 0;
}
