/* ops/dupe_store.c — see dupe_store.h. */
#include "ops/dupe_store.h"
#include "db/store.h"

#include <stdio.h>

gw_err gw_store_dupe_limits(gw_db *db, int64_t category_id, gw_dupe_limits *out)
{
    static const char sql[] =
        "SELECT id, COALESCE(parent_id, id), dup_radius_m, dup_window_days FROM categories WHERE id = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, category_id);
    int rc = gw_step(st);
    if (rc <= 0) return rc < 0 ? (gw_err)-rc : GW_E_NOT_FOUND;
    out->category_id = gw_col_int(st, 0);
    out->root_id = gw_col_int(st, 1);
    out->radius_m = (int)gw_col_int(st, 2);
    out->window_days = (int)gw_col_int(st, 3);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_dupe_limits_set(gw_db *tx, int64_t category_id, int radius_m, int window_days)
{
    static const char sql[] = "UPDATE categories SET dup_radius_m = ?2, dup_window_days = ?3 WHERE id = ?1 RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, category_id);
    gw_bind_int(st, 2, radius_m);
    gw_bind_int(st, 3, window_days);
    return gw_step_touched(st);
}

#define OPEN_SQL "('reported','accepted','dispatched','signed','returned','suspended','handled')"

gw_err gw_store_dupe_candidates(gw_db *db, const gw_dupe_area *a, gw_dupe_row_fn fn, void *cls)
{
    static const char sql[] =
        "SELECT t.id, t.category_id, t.division_id, t.unit_id, t.reporter_user_id, t.created_ms, t.lon, t.lat,"
        " t.track_code, t.state, t.description, t.address, t.division_path, c.name, t.source,"
        " (SELECT COUNT(*) FROM tickets k WHERE k.parent_id = t.id AND k.state = 'merged')"
        " FROM tickets t JOIN categories c ON c.id = t.category_id"
        " WHERE t.lat BETWEEN ?2 AND ?3 AND t.lon BETWEEN ?4 AND ?5"
        " AND (?1 = 0 OR t.category_id = ?1 OR c.parent_id = ?1) AND t.state IN " OPEN_SQL
        " AND t.created_ms >= ?6 AND t.created_ms <= ?7 AND t.id <> ?8"
        " AND (?9 = 0 OR t.source <> 'iot')"
        " ORDER BY t.created_ms DESC, t.id DESC LIMIT ?10";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, a->root_id);
    gw_bind_double(st, 2, a->min_lat);
    gw_bind_double(st, 3, a->max_lat);
    gw_bind_double(st, 4, a->min_lon);
    gw_bind_double(st, 5, a->max_lon);
    gw_bind_int(st, 6, a->from_ms);
    gw_bind_int(st, 7, a->to_ms);
    gw_bind_int(st, 8, a->exclude_id);
    gw_bind_int(st, 9, a->public_only ? 1 : 0);
    gw_bind_int(st, 10, a->cap);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_dupe_row r = {
            gw_col_int(st, 0), gw_col_int(st, 1), gw_col_int(st, 2), gw_col_int(st, 3), gw_col_int(st, 4),
            gw_col_int(st, 5), gw_col_double(st, 6), gw_col_double(st, 7), gw_col_text(st, 8), gw_col_text(st, 9),
            gw_col_text(st, 10), gw_col_text(st, 11), gw_col_text(st, 12), gw_col_text(st, 13), gw_col_text(st, 14),
            gw_col_int(st, 15),
        };
        if (fn(cls, &r)) { gw_stmt_reset(st); return GW_E_NOMEM; }
    }
    gw_stmt_reset(st);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_dupe_merged_count(gw_db *db, int64_t parent_id, int64_t *n)
{
    static const char sql[] = "SELECT COUNT(*) FROM tickets WHERE parent_id = ?1 AND state = 'merged'";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, parent_id);
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    *n = rc ? gw_col_int(st, 0) : 0;
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_dupe_children(gw_db *db, int64_t parent_id, gw_dupe_child *out, int max, int *n)
{
    static const char sql[] =
        "SELECT id, track_code FROM tickets WHERE parent_id = ?1 AND state = 'merged' ORDER BY id LIMIT ?2";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, parent_id);
    gw_bind_int(st, 2, max);
    int rc;
    *n = 0;
    while ((rc = gw_step(st)) == 1 && *n < max) {
        out[*n].id = gw_col_int(st, 0);
        const char *c = gw_col_text(st, 1);
        snprintf(out[*n].track_code, sizeof out[*n].track_code, "%s", c ? c : "");
        (*n)++;
    }
    gw_stmt_reset(st);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_dupe_code_state(gw_db *db, int64_t id, char *code, size_t coden, char *state, size_t staten)
{
    static const char sql[] = "SELECT track_code, state FROM tickets WHERE id = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    int rc = gw_step(st);
    if (rc <= 0) return rc < 0 ? (gw_err)-rc : GW_E_NOT_FOUND;
    const char *c = gw_col_text(st, 0), *s = gw_col_text(st, 1);
    snprintf(code, coden, "%s", c ? c : "");
    snprintf(state, staten, "%s", s ? s : "");
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_dupe_touch(gw_db *tx, int64_t id, int64_t now_ms)
{
    static const char sql[] = "UPDATE tickets SET version = version + 1, updated_ms = ?2 WHERE id = ?1 RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_int(st, 2, now_ms);
    gw_err e = gw_step_touched(st);
    if (!e) gw_store_note_ticket(id);
    return e;
}
