/* ops/place_store.h — the gazetteer's table (places) and its bigram index (place_grams).
 * Read functions take any connection; write functions must run inside gw_store_write. */
#ifndef GW_OPS_PLACE_STORE_H
#define GW_OPS_PLACE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "db/db.h"
#include "ops/place.h"
#include "core/fields.h"

#define GW_PLACE_NAME_MAX 64     /* characters of a name or road */
#define GW_PLACE_NUMBER_MAX 16   /* characters of a house number */
#define GW_PLACE_ALIAS_MAX 8     /* aliases of one place */
#define GW_PLACE_CANDIDATES 300  /* rows a search scores at most */

typedef struct {
    int64_t id;
    char kind[8];                /* street house poi */
    char name[GW_PLACE_NAME_MAX * 4 + 1];
    char road[GW_PLACE_NAME_MAX * 4 + 1];
    char number[GW_PLACE_NUMBER_MAX * 4 + 1];
    char key[GW_PLACE_KEY_MAX];  /* gw_place_normalise of the address (road+number) or name */
    char aliases[GW_PLACE_ALIAS_MAX * (GW_PLACE_NAME_MAX * 4 + 1)]; /* '|' between them */
    double lon, lat;             /* WGS-84 */
    int64_t division_id;         /* the grid at the point, 0 = none */
    char division_name[GW_NAME_BUF];     /* filled by reads */
    int hits;                    /* search: bigrams in common with the query */
} gw_place_row;

/* Insert p (id filled) with its bigrams. The key must be set; the grid is the caller's.
 * GW_E_CONFLICT when a place with the same key exists. */
gw_err gw_store_place_insert(gw_db *tx, gw_place_row *p, int64_t now_ms);
/* Replace every field of place p->id and its bigrams. GW_E_NOT_FOUND, GW_E_CONFLICT (key). */
gw_err gw_store_place_update(gw_db *tx, const gw_place_row *p, int64_t now_ms);
/* Delete a place and its bigrams. GW_E_NOT_FOUND. */
gw_err gw_store_place_delete(gw_db *tx, int64_t id);
gw_err gw_store_place_get(gw_db *db, int64_t id, gw_place_row *out);
/* Places sharing the most of grams[0..n) (n <= 16; more are ignored), best first, at most max
 * rows into out (the caller's array). *found = rows filled. */
gw_err gw_store_place_candidates(gw_db *db, char grams[][9], size_t n, gw_place_row *out, size_t max,
                                 size_t *found);

/* Houses by road and number order, for drawing the roads: fn(cls, road, lon, lat) per house, at
 * most max rows in all. */
typedef void (*gw_place_point_fn)(void *cls, const char *road, double lon, double lat);
gw_err gw_store_place_road_points(gw_db *db, size_t max, gw_place_point_fn fn, void *cls);

#endif
