/* json/geojson.h — GeoJSON (RFC 7946) polygons in, points out. Positions are WGS-84 [lon, lat]. */
#ifndef GW_JSON_GEOJSON_H
#define GW_JSON_GEOJSON_H

#include <jansson.h>

#include "base/err.h"
#include "base/geo.h"

#define GW_GEOJSON_MAX_POINTS 20000 /* positions in one geometry, closing positions included */
#define GW_GEOJSON_MAX_RINGS 256    /* rings in one geometry, holes included */

/* Parse a GeoJSON geometry object (type Polygon or MultiPolygon; a Feature is also accepted and
 * its geometry used) into a new shape. On success *out owns a new shape (free with
 * gw_shape_free); on failure *out is set to NULL.
 * GW_E_INVALID: not an object, unknown type, a position that is not [lon,lat] numbers in range
 *   (lon -180..180, lat -90..90; an optional third number, the altitude, is allowed and
 *   ignored), a ring with fewer than 4 positions or not closed (first != last) or with fewer
 *   than 3 distinct positions, a Polygon with no rings or a MultiPolygon with no polygons.
 * GW_E_TOO_LARGE: more than GW_GEOJSON_MAX_POINTS positions in all or more than
 *   GW_GEOJSON_MAX_RINGS rings. Checked as rings are met, before their positions are read.
 * GW_E_NOMEM: allocation failed. */
gw_err gw_geojson_parse(const json_t *geom, gw_shape **out);

/* Whether (lon,lat) parsed from JSON numbers is a valid WGS-84 position (finite, lon -180..180,
 * lat -90..90, bounds inclusive). */
int gw_geo_valid(double lon, double lat);

/* A new {"type":"Point","coordinates":[lon,lat]} object, or NULL on allocation failure or a
 * non-finite coordinate. */
json_t *gw_geojson_point(gw_point p);

#endif
