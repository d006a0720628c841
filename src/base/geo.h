/* base/geo.h — plane geometry for grids and pins. libc + libm only, no allocation
 * except in gw_shape_* which own their memory.
 * Coordinates are degrees (lon, lat). WGS-84 is what we store; GCJ-02 is what Chinese map
 * SDKs (AMap, Tencent) use, accepted and returned on request. */
#ifndef GW_BASE_GEO_H
#define GW_BASE_GEO_H

#include <stddef.h>

typedef struct { double lon, lat; } gw_point;

/* A (multi)polygon: rings[i] has ring_len[i] points; polygon p owns rings
 * [poly_first[p], poly_first[p+1]) where the first is the outer ring and the rest holes.
 * bbox is filled by gw_shape_finish. */
/* (Note: there is no gw_shape_finish; gw_shape_add_ring keeps the bbox current. The layout
 * above is descriptive only: the struct is opaque and stores rings open, without the closing
 * point or consecutive duplicate points.) */
typedef struct gw_shape gw_shape;

/* Great-circle distance in metres (haversine, mean Earth radius 6371008.8 m). */
double gw_geo_distance_m(gw_point a, gw_point b);

/* Whether the point lies in China's GCJ-02 offset area (outside it the transform is identity). */
int gw_geo_in_china(gw_point p);
/* WGS-84 -> GCJ-02 (the published forward formula). */
gw_point gw_geo_wgs84_to_gcj02(gw_point p);
/* GCJ-02 -> WGS-84 by fixed-point iteration until within 1e-7 degrees (about 1 cm). */
gw_point gw_geo_gcj02_to_wgs84(gw_point p);

/* Build a shape ring by ring. new returns NULL on allocation failure. add_ring starts a new
 * polygon when `outer` is non-zero, else adds a hole to the current polygon; it copies pts and
 * returns 0, or -1 on allocation failure or a ring of fewer than 3 distinct points.
 * (Also -1, shape unchanged, for a hole (outer == 0) before any outer ring.) */
gw_shape *gw_shape_new(void);
int gw_shape_add_ring(gw_shape *s, const gw_point *pts, size_t n, int outer);
void gw_shape_free(gw_shape *s);
/* The bounding box (valid after at least one ring). */
void gw_shape_bbox(const gw_shape *s, double *min_lon, double *min_lat, double *max_lon, double *max_lat);
/* 1 if p is inside the shape (inside some outer ring and in none of its holes; points exactly on
 * an edge count as inside), else 0. Rings may be closed (last == first) or not. */
int gw_shape_contains(const gw_shape *s, gw_point p);
/* The centroid of the first polygon's outer ring (area-weighted); for map labels. */
gw_point gw_shape_centroid(const gw_shape *s);

#endif
