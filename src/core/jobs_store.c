/* core/jobs_store.c — SQL of the `jobs` table (core/jobs.h). */
#include "core/jobs_store.h"

gw_err gw_store_job_next(gw_db *db, const char *name, int64_t *next_ms)
{
    static const char sql[] = "SELECT next_run_ms FROM jobs WHERE name = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, name);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *next_ms = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_job_add(gw_db *tx, const char *name, int64_t next_ms)
{
    static const char sql[] = "INSERT INTO jobs(name, next_run_ms) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, name);
    gw_bind_int(st, 2, next_ms);
    return gw_step_done(st);
}

gw_err gw_store_job_claim(gw_db *tx, const char *name, int64_t seen, int64_t now_ms, int64_t next_ms)
{
    static const char sql[] =
        "UPDATE jobs SET next_run_ms = ?4, last_run_ms = ?3, runs = runs + 1"
        " WHERE name = ?1 AND next_run_ms = ?2 AND next_run_ms <= ?3 RETURNING runs";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, name);
    gw_bind_int(st, 2, seen);
    gw_bind_int(st, 3, now_ms);
    gw_bind_int(st, 4, next_ms);
    return gw_step_touched(st);
}
