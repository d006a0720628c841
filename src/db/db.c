/* db/db.c — the public driver calls, dispatched to the connection's driver. */
#include "db/driver.h"

void gw_db_close(gw_db *db) { if (db) db->ops->close(db); }
gw_db_dialect gw_db_dialect_of(gw_db *db) { return db->ops->dialect; }
gw_err gw_db_exec(gw_db *db, const char *sql) { return db->ops->exec(db, sql); }
gw_stmt *gw_db_prep(gw_db *db, const char *sql) { return db->ops->prep(db, sql); }
gw_err gw_db_lock(gw_db *db, int64_t key) { return db->ops->lock(db, key); }
gw_err gw_db_backup(gw_db *db, const char *dest) { return db->ops->backup(db, dest); }

void gw_bind_int(gw_stmt *st, int idx, int64_t v) { st->ops->bind_int(st, idx, v); }
void gw_bind_double(gw_stmt *st, int idx, double v) { st->ops->bind_double(st, idx, v); }
void gw_bind_text(gw_stmt *st, int idx, const char *s) { st->ops->bind_text(st, idx, s); }
void gw_bind_blob(gw_stmt *st, int idx, const void *p, size_t n) { st->ops->bind_blob(st, idx, p, n); }
void gw_bind_null(gw_stmt *st, int idx) { st->ops->bind_null(st, idx); }
void gw_bind_id(gw_stmt *st, int idx, int64_t v)
{
    if (v) st->ops->bind_int(st, idx, v);
    else st->ops->bind_null(st, idx);
}

int gw_step(gw_stmt *st) { return st->ops->step(st); }
void gw_stmt_reset(gw_stmt *st) { st->ops->reset(st); }
gw_err gw_step_done(gw_stmt *st)
{
    int rc;
    while ((rc = st->ops->step(st)) == 1) {}
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

int64_t gw_col_int(gw_stmt *st, int col) { return st->ops->col_int(st, col); }
double gw_col_double(gw_stmt *st, int col) { return st->ops->col_double(st, col); }
const char *gw_col_text(gw_stmt *st, int col) { return st->ops->col_text(st, col); }
const void *gw_col_blob(gw_stmt *st, int col, size_t *n) { return st->ops->col_blob(st, col, n); }
int gw_col_is_null(gw_stmt *st, int col) { return st->ops->col_is_null(st, col); }
int gw_col_count(gw_stmt *st) { return st->ops->col_count(st); }
const char *gw_col_name(gw_stmt *st, int col) { return st->ops->col_name(st, col); }
gw_col_kind gw_col_kind_of(gw_stmt *st, int col) { return st->ops->col_kind(st, col); }

gw_err gw_step_row(gw_stmt *st)
{
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    return rc == 1 ? GW_OK : GW_E_NOT_FOUND;
}

gw_err gw_step_touched(gw_stmt *st)
{
    gw_err e = gw_step_row(st);
    if (e == GW_OK) gw_stmt_reset(st);
    return e;
}

gw_err gw_db_row_exists(gw_db *db, const char *sql, int64_t id)
{
    if (id <= 0) return GW_E_NOT_FOUND;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    return gw_step_touched(st);
}

gw_err gw_db_must_exist(gw_db *db, const char *sql, int64_t id)
{
    gw_err e = gw_db_row_exists(db, sql, id);
    return e == GW_E_NOT_FOUND ? GW_E_INVALID : e;
}
