/* ops/dupe_store.h — the SQL of duplicates (ops/dupe_svc.h): each category's search settings, the
 * candidate query (open tickets of related categories in a bounding box and time window) and the
 * tickets merged into a parent. Read functions take any connection; writes run inside gw_store_write. */
#ifndef GW_OPS_DUPE_STORE_H
#define GW_OPS_DUPE_STORE_H

#include <stdint.h>
#include "base/err.h"
#include "db/db.h"

/* A category's duplicate search: radius (m), window (days) and the root of its family (its big class,
 * or itself when it is one): related categories are the root and the root's subclasses. */
typedef struct {
    int64_t category_id, root_id;
    int radius_m, window_days;
} gw_dupe_limits;
gw_err gw_store_dupe_limits(gw_db *db, int64_t category_id, gw_dupe_limits *out);
/* Set a category's radius and window (ranges checked by the caller, GW_E_NOT_FOUND for no category). */
gw_err gw_store_dupe_limits_set(gw_db *tx, int64_t category_id, int radius_m, int window_days);

/* Where and when to look. */
typedef struct {
    int64_t root_id;                     /* the category family; 0: every category */
    double min_lon, min_lat, max_lon, max_lat;
    int64_t from_ms, to_ms;              /* created_ms in [from, to] */
    int64_t exclude_id;                  /* the ticket asked about (0 = none) */
    int public_only;                     /* 1: only what the public may be pointed to (not IoT alarms) */
    int cap;                             /* at most this many rows, newest first */
} gw_dupe_area;

/* A candidate as stored (reporter unmasked, the caller decides what to show). Strings live during the
 * callback only. */
typedef struct {
    int64_t id, category_id, division_id, unit_id, reporter_user_id, created_ms;
    double lon, lat;
    const char *track_code, *state, *description, *address, *division_path, *category_name, *source;
    int64_t merged_count;                /* tickets merged into it */
} gw_dupe_row;
typedef int (*gw_dupe_row_fn)(void *cls, const gw_dupe_row *row); /* nonzero stops: GW_E_NOMEM */
/* Open (not closed, invalid or merged), located tickets of the family in the box and window, newest
 * first, at most a->cap. */
gw_err gw_store_dupe_candidates(gw_db *db, const gw_dupe_area *a, gw_dupe_row_fn fn, void *cls);

/* How many tickets are merged into parent_id. */
gw_err gw_store_dupe_merged_count(gw_db *db, int64_t parent_id, int64_t *n);
/* The tickets merged into parent_id, oldest first, at most max: ids and tracking codes. */
typedef struct { int64_t id; char track_code[24]; } gw_dupe_child;
gw_err gw_store_dupe_children(gw_db *db, int64_t parent_id, gw_dupe_child *out, int max, int *n);
/* A parent's merged tickets changed: bump its version (cached views and stale forms see it) and
 * updated_ms, and note the change for this server's view cache. */
gw_err gw_store_dupe_touch(gw_db *tx, int64_t id, int64_t now_ms);
/* The tracking code and state name of a ticket (the parent shown on its child's tracking page). */
gw_err gw_store_dupe_code_state(gw_db *db, int64_t id, char *code, size_t coden, char *state, size_t staten);

#endif
