/* core/model_store.h — the administrative model: divisions (city > district > street >
 * community > grid, grids with GeoJSON polygons) and units.
 * Read functions take any connection; write functions must run inside gw_store_write. */
#ifndef GW_STORE_STORE_MODEL_H
#define GW_STORE_STORE_MODEL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "base/geo.h"
#include "core/fields.h"
#include "db/db.h"

#define GW_DIV_MAX_DEPTH 8

typedef struct {
    int64_t id;
    int64_t parent_id;            /* 0 for the root (city) */
    char level[16];               /* city district street community grid */
    char code[32];
    char name[GW_NAME_BUF];
    char path[128];               /* '/1/4/9/' */
    int64_t fallback_unit_id;     /* 兜底 unit, 0 = none */
    json_t *geometry;             /* GeoJSON or NULL; owned by the caller after a read (json_decref) */
} gw_division_row;

/* Insert a division. Computes path from the parent (GW_E_INVALID when the parent is missing or
 * the level does not sit directly under the parent's level), validates and stores the geometry
 * with its bbox. Fills d->id and d->path. GW_E_CONFLICT when the code exists. */
gw_err gw_store_division_insert(gw_db *tx, gw_division_row *d, int64_t now_ms);
/* Update name, fallback unit and geometry (level, parent and code are fixed). */
gw_err gw_store_division_update(gw_db *tx, const gw_division_row *d);
gw_err gw_store_division_get(gw_db *db, int64_t id, gw_division_row *out);
/* A division as listed: the row (d.geometry only when asked for), its fallback unit's name ("" when
 * none) and the bounding box of its geometry (has_geometry 0: no geometry, no box). */
typedef struct {
    gw_division_row d;
    char fallback_unit_name[GW_NAME_BUF];
    int has_geometry;
    double bbox[4];               /* min lon, min lat, max lon, max lat */
} gw_division_item;

/* Divisions under path (all when path is "/"), by id, into *out (n of them), each with its geometry
 * when with_geom. Free with gw_division_items_free, also after an error. GW_E_INVALID for a
 * malformed path. */
gw_err gw_store_division_list(gw_db *db, const char *path, int with_geom, gw_division_item **out, size_t *n);
void gw_division_items_free(gw_division_item *items, size_t n);
/* Ancestry from id up to the root: chain[0] = id. */
gw_err gw_store_division_chain(gw_db *db, int64_t id, int64_t *chain, size_t max, size_t *n);
/* The grid containing p (WGS-84), or GW_E_NOT_FOUND. Candidates by bbox, then point-in-polygon. */
gw_err gw_store_grid_at(gw_db *db, gw_point p, int64_t *grid_id);
/* Every grid with a polygon under path ("/" = all), in id order, as ids and bounding-box centres, at most max. */
gw_err gw_store_grid_centers(gw_db *db, const char *path, int64_t *ids, gw_point *c, size_t max, size_t *n);
/* The nearest fallback unit walking up from division id (0 when none is set anywhere). */
gw_err gw_store_fallback_unit(gw_db *db, int64_t division_id, int64_t *unit_id);

typedef struct {
    int64_t id;
    char code[32];
    char name[GW_NAME_BUF];
    char level[16];               /* city district street community */
    int64_t division_id;
    char phone[32];
    int enabled;
} gw_unit_row;

gw_err gw_store_unit_insert(gw_db *tx, gw_unit_row *u, int64_t now_ms);
gw_err gw_store_unit_update(gw_db *tx, const gw_unit_row *u);
gw_err gw_store_unit_get(gw_db *db, int64_t id, gw_unit_row *out);
/* A unit as listed: the row with its division's name ("" when none). */
typedef struct {
    gw_unit_row u;
    char division_name[GW_NAME_BUF];
} gw_unit_item;

/* Every unit, by id, into *out (n of them; free() it, also after an error). */
gw_err gw_store_unit_list(gw_db *db, gw_unit_item **out, size_t *n);

/* GW_OK when the row exists; GW_E_INVALID when it does not (a reference to it is bad input). */
gw_err gw_store_unit_exists(gw_db *db, int64_t id);
gw_err gw_store_division_exists(gw_db *db, int64_t id);

#endif
