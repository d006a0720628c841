/* ops/place_svc.h — the address gazetteer's use cases: search as the operator types, the
 * administrator's writes (each audited), and imports from a sheet. Every write commits before
 * these return. */
#ifndef GW_OPS_PLACE_SVC_H
#define GW_OPS_PLACE_SVC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/store.h"
#include "ops/place_store.h"

#define GW_PLACE_QUERY_MAX 64     /* characters of a search */
#define GW_PLACE_LIMIT_MAX 50
#define GW_PLACE_MIN_SCORE 0.45   /* weaker matches are not offered */
#define GW_PLACE_IMPORT_ROWS 20000
#define GW_PLACE_IMPORT_ERRORS 100 /* row errors reported at most */

typedef struct {
    gw_place_row row;
    double score;                 /* 0..1 */
} gw_place_hit;

/* The best matches for q (1..GW_PLACE_QUERY_MAX characters), at most limit (1..GW_PLACE_LIMIT_MAX)
 * into out, best first; matches under GW_PLACE_MIN_SCORE are left out. */
gw_err gw_place_search(gw_db *db, const char *q, gw_place_hit *out, size_t limit, size_t *n);

/* A place as a client or a sheet row gives it. NULL text = not given. */
typedef struct {
    const char *kind, *name, *road, *number;
    const char *aliases[GW_PLACE_ALIAS_MAX];
    int n_aliases, set_aliases;
    int has_point;
    double lon, lat;              /* WGS-84 */
} gw_place_in;

/* Check in and merge it into *row (an existing place, or zeroed for a new one): the fields given
 * replace the row's, the key and name follow from them (a house is named road + number + 号 when
 * not named). GW_E_INVALID with msg naming the field. No I/O: the grid is set by the writes. */
gw_err gw_place_merge(const gw_place_in *in, gw_place_row *row, char *msg, size_t msgn);

/* Create / change / delete a place as the administrator, audited; the grid is the one at the
 * point. *out is the stored row. GW_E_CONFLICT: another place has the same key. */
gw_err gw_place_create(gw_store *s, const gw_principal *who, const gw_place_in *in, gw_place_row *out,
                       char *msg, size_t msgn);
gw_err gw_place_update(gw_store *s, const gw_principal *who, int64_t id, const gw_place_in *in,
                       gw_place_row *out, char *msg, size_t msgn);
gw_err gw_place_delete(gw_store *s, const gw_principal *who, int64_t id);

/* Import the rows of a sheet (core/sheet.h; the first row names the columns, see
 * docs/operations.md): all or nothing. When any row is bad nothing is written, GW_E_INVALID is
 * returned and *errors (a new array) lists {row, column, message} for up to
 * GW_PLACE_IMPORT_ERRORS of them; a row whose key exists is an error too. On success *imported is
 * the number of places written, in one transaction with one audit row. gcj02: the sheet's
 * coordinates are GCJ-02 (converted). */
struct gw_sheet;
gw_err gw_place_import(gw_store *s, const gw_principal *who, const struct gw_sheet *sheet, int gcj02,
                       size_t *imported, json_t **errors, char *msg, size_t msgn);

#endif
