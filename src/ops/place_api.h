/* ops/place_api.h — the gazetteer's handlers (route rows in http/routes.c). */
#ifndef GW_OPS_PLACE_API_H
#define GW_OPS_PLACE_API_H

#include "core/api.h"

gw_err api_place_search(gw_req *r); /* GET    /api/v1/places?q=中山路100号&limit=10 (staff) */
gw_err api_place_roads(gw_req *r);  /* GET    /api/v1/places/roads: the roads as GeoJSON lines (staff) */
gw_err api_place_get(gw_req *r);    /* GET    /api/v1/places/{id} (staff) */
gw_err api_place_create(gw_req *r); /* POST   /api/v1/places (admin, audited) */
gw_err api_place_update(gw_req *r); /* PATCH  /api/v1/places/{id} (admin, audited) */
gw_err api_place_delete(gw_req *r); /* DELETE /api/v1/places/{id} (admin, audited) */
gw_err api_place_import(gw_req *r); /* POST   /api/v1/places/import[?coord=gcj02]: CSV or .xlsx body (admin) */

#endif
