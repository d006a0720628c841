/* ops/stats_store.c — SQL for the workbench counts and the dashboard summary, as rows.
 * Portable to both drivers: optional parameters are typed (CAST(?N AS ...) IS NULL), day
 * buckets are integer division, sums are of integers. Every query takes the caller's scope as ?1..?5 (core/scope_store.h);
 * windowed queries take the window start (created_ms) as ?6. Days are
 * Asia/Shanghai calendar days computed with integer arithmetic on the millisecond columns. */
#include "ops/stats_store.h"
#include "core/scope_store.h"
#include "ops/ticket_store.h"
#include "base/clock.h"

#include <string.h>

#define SCOPE GW_SCOPE_SQL("?1", "?2", "?3", "?4", "?5")

static const char SQL_BY_STATE[] =
    "SELECT t.state, COUNT(*), SUM(t.overdue_flag),"
    " SUM(CASE WHEN t.warn_flag = 1 AND t.overdue_flag = 0 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN t.ext_pending_days > 0 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN t.rating BETWEEN 1 AND CAST(?6 AS BIGINT) THEN 1 ELSE 0 END)," /* ?6 = GW_LOW_RATING */
    " SUM(CASE WHEN t.urge_count > 0 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN " GW_REVISIT_PENDING_SQL " THEN 1 ELSE 0 END)"
    " FROM tickets t WHERE" SCOPE " GROUP BY t.state";

/* 协办 sub-tasks: a unit handler's own unit's (?3), else those of the tickets in the caller's area. */
static const char SQL_ASSISTS[] =
    "SELECT COALESCE(SUM(CASE WHEN y.state IN ('assigned', 'signed') THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN y.state = 'returned' THEN 1 ELSE 0 END), 0)"
    " FROM ticket_assists y JOIN tickets t ON t.id = y.ticket_id WHERE (CAST(?1 AS BIGINT) IS NOT NULL"
    " OR substr(t.division_path, 1, length(CAST(?2 AS TEXT))) = ?2 OR y.unit_id = CAST(?3 AS BIGINT))";

/* ?6 = start of today (Shanghai) in UTC ms */
static const char SQL_TODAY[] =
    "SELECT SUM(CASE WHEN t.created_ms >= ?6 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN t.closed_at_ms >= ?6 AND t.state = 'closed' THEN 1 ELSE 0 END)"
    " FROM tickets t WHERE" SCOPE " AND (t.created_ms >= ?6 OR t.closed_at_ms >= ?6)";

static const char SQL_SERIES_NEW[] =
    "SELECT (t.created_ms + 28800000) / 86400000, COUNT(*) FROM tickets t WHERE" SCOPE " AND t.created_ms >= ?6"
    " GROUP BY (t.created_ms + 28800000) / 86400000";

static const char SQL_SERIES_CLOSED[] =
    "SELECT (t.closed_at_ms + 28800000) / 86400000, COUNT(*) FROM tickets t WHERE" SCOPE
    " AND t.state = 'closed' AND t.closed_at_ms >= ?6 GROUP BY (t.closed_at_ms + 28800000) / 86400000";

static const char SQL_BY_CATEGORY[] =
    "SELECT COALESCE(p.id, c.id), COALESCE(p.code, c.code), COALESCE(p.name, c.name), COUNT(*)"
    " FROM tickets t JOIN categories c ON c.id = t.category_id LEFT JOIN categories p ON p.id = c.parent_id"
    " WHERE" SCOPE " AND t.created_ms >= ?6"
    " GROUP BY COALESCE(p.id, c.id), COALESCE(p.code, c.code), COALESCE(p.name, c.name)"
    " ORDER BY COUNT(*) DESC, COALESCE(p.code, c.code)";

static const char SQL_BY_UNIT[] =
    "SELECT t.unit_id, u.name, COUNT(*),"
    " SUM(CASE WHEN t.state = 'closed' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN t.state = 'closed' AND t.handle_due_ms IS NOT NULL AND t.closed_at_ms <= t.handle_due_ms"
    " THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN t.state = 'closed' THEN t.closed_at_ms - t.created_ms ELSE 0 END),"
    " SUM(CASE WHEN t.rating > 0 THEN t.rating ELSE 0 END), SUM(CASE WHEN t.rating > 0 THEN 1 ELSE 0 END),"
    " SUM(t.overdue_flag), SUM(t.urge_count), SUM(t.reopen_count),"
    " SUM(CASE WHEN t.reopen_count > 0 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN t.revisit_result = 'satisfied' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN t.revisit_result = 'basic' THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN t.revisit_result = 'unsatisfied' THEN 1 ELSE 0 END)"
    " FROM tickets t JOIN units u ON u.id = t.unit_id WHERE" SCOPE " AND t.created_ms >= ?6"
    " GROUP BY t.unit_id, u.name ORDER BY COUNT(*) DESC, t.unit_id";

static const char SQL_BY_REQUEST_TYPE[] =
    "SELECT t.request_type, COUNT(*) FROM tickets t WHERE" SCOPE " AND t.created_ms >= ?6 GROUP BY t.request_type";

static const char SQL_BY_GRID[] =
    "SELECT t.division_id, COUNT(*) FROM tickets t WHERE" SCOPE " AND t.created_ms >= ?6"
    " AND t.division_id IS NOT NULL GROUP BY t.division_id ORDER BY t.division_id";

/* ?6 = how many */
static const char SQL_ALERTS[] =
    "SELECT t.id, t.track_code, t.state, c.code, c.name, un.name, t.due_ms, t.overdue_flag, t.warn_flag"
    " FROM tickets t JOIN categories c ON c.id = t.category_id LEFT JOIN units un ON un.id = t.unit_id"
    " WHERE" SCOPE " AND (t.overdue_flag = 1 OR t.warn_flag = 1) AND t.due_ms IS NOT NULL"
    " ORDER BY t.overdue_flag DESC, t.due_ms, t.id LIMIT CAST(?6 AS BIGINT)";

/* The caller's scope for figures (core/scope.h: a unit's own work, no CC units, no own reports
 * outside the area) on ?1..?5. */
static gw_stmt *prep_scoped(gw_db *db, const char *sql, const gw_principal *who)
{
    static const gw_scope_args args = { 1, 2, 3, 4, 5 };
    gw_stmt *st = gw_db_prep(db, sql);
    if (st) gw_scope_bind(st, &args, who, GW_SCOPE_STATS);
    return st;
}

/* A scoped statement with ?6 bound, or NULL. */
static gw_stmt *prep_scoped6(gw_db *db, const char *sql, const gw_principal *who, int64_t v6)
{
    gw_stmt *st = prep_scoped(db, sql, who);
    if (st) gw_bind_int(st, 6, v6);
    return st;
}

gw_err gw_stats_window_of(int64_t now_ms, int days, gw_stats_window *w)
{
    if (days < 1 || days > GW_STATS_MAX_DAYS) return GW_E_INVALID;
    int64_t today_idx = (now_ms + GW_STATS_TZ_OFFSET_MS) / GW_MS_PER_DAY;
    w->days = days;
    w->first_day = today_idx - (days - 1);
    w->day0_ms = today_idx * GW_MS_PER_DAY - GW_STATS_TZ_OFFSET_MS;
    w->from_ms = w->first_day * GW_MS_PER_DAY - GW_STATS_TZ_OFFSET_MS;
    return GW_OK;
}

gw_err gw_store_stats_totals(gw_db *db, const gw_principal *who, gw_stats_totals *out)
{
    memset(out, 0, sizeof *out);
    gw_stmt *st = prep_scoped(db, SQL_BY_STATE, who);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 6, GW_LOW_RATING);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        int s = gw_ticket_state_parse(gw_col_text(st, 0));
        int64_t n = gw_col_int(st, 1);
        if (s < 0) continue;
        out->by_state[s] = n;
        out->all += n;
        if (s != GW_T_CLOSED && s != GW_T_INVALID && s != GW_T_MERGED) out->open += n;
        out->overdue += gw_col_int(st, 2);
        out->warning += gw_col_int(st, 3);
        out->extension_pending += gw_col_int(st, 4);
        out->low_rated += gw_col_int(st, 5);
        if (s != GW_T_CLOSED && s != GW_T_INVALID && s != GW_T_MERGED) out->urged += gw_col_int(st, 6);
        out->revisit_pending += gw_col_int(st, 7);
    }
    if (rc < 0) return (gw_err)-rc;
    gw_scope_filter f = gw_scope_ticket_filter(who, GW_SCOPE_STATS);
    if (f.nothing || !(st = gw_db_prep(db, SQL_ASSISTS))) return f.nothing ? GW_OK : GW_E_INTERNAL;
    if (f.all) gw_bind_int(st, 1, 1);
    if (f.div_prefix) gw_bind_text(st, 2, f.div_prefix);
    if (f.unit_id) gw_bind_int(st, 3, f.unit_id);
    if ((rc = gw_step(st)) == 1) {
        out->assist_open = gw_col_int(st, 0);
        out->assist_returned = gw_col_int(st, 1);
        gw_stmt_reset(st);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_stats_today(gw_db *db, const gw_principal *who, int64_t day0_ms, int64_t *n_new, int64_t *n_closed)
{
    gw_stmt *st = prep_scoped6(db, SQL_TODAY, who, day0_ms);
    if (!st) return GW_E_INTERNAL;
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    *n_new = rc ? gw_col_int(st, 0) : 0;
    *n_closed = rc ? gw_col_int(st, 1) : 0;
    if (rc) gw_stmt_reset(st);
    return GW_OK;
}

/* Add to counts[day - w->first_day] from a (day, count) query. */
static gw_err day_counts(gw_db *db, const char *sql, const gw_principal *who, const gw_stats_window *w, int64_t *counts)
{
    gw_stmt *st = prep_scoped6(db, sql, who, w->from_ms);
    if (!st) return GW_E_INTERNAL;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        int64_t k = gw_col_int(st, 0) - w->first_day;
        if (k >= 0 && k < w->days) counts[k] += gw_col_int(st, 1);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_stats_series(gw_db *db, const gw_principal *who, const gw_stats_window *w, int64_t *n_new,
                             int64_t *n_closed)
{
    if (w->days < 1 || w->days > GW_STATS_MAX_DAYS) return GW_E_INVALID;
    memset(n_new, 0, (size_t)w->days * sizeof *n_new);
    memset(n_closed, 0, (size_t)w->days * sizeof *n_closed);
    gw_err e = day_counts(db, SQL_SERIES_NEW, who, w, n_new);
    return e ? e : day_counts(db, SQL_SERIES_CLOSED, who, w, n_closed);
}

gw_err gw_store_stats_category_each(gw_db *db, const gw_principal *who, int64_t from_ms, gw_stats_category_fn fn,
                                    void *cls)
{
    gw_stmt *st = prep_scoped6(db, SQL_BY_CATEGORY, who, from_ms);
    if (!st) return GW_E_INTERNAL;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_stats_category_row r = { .id = gw_col_int(st, 0), .code = gw_col_text(st, 1), .name = gw_col_text(st, 2),
                                    .count = gw_col_int(st, 3) };
        if (!fn(cls, &r)) { gw_stmt_reset(st); return GW_E_NOMEM; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_stats_unit_each(gw_db *db, const gw_principal *who, int64_t from_ms, gw_stats_unit_fn fn, void *cls)
{
    gw_stmt *st = prep_scoped6(db, SQL_BY_UNIT, who, from_ms);
    if (!st) return GW_E_INTERNAL;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_stats_unit_row r = { .unit_id = gw_col_int(st, 0), .unit_name = gw_col_text(st, 1),
            .total = gw_col_int(st, 2), .closed = gw_col_int(st, 3), .on_time = gw_col_int(st, 4),
            .handle_ms_sum = gw_col_int(st, 5), .rating_sum = gw_col_int(st, 6), .rated = gw_col_int(st, 7),
            .overdue = gw_col_int(st, 8), .urges = gw_col_int(st, 9), .reopens = gw_col_int(st, 10),
            .reopened = gw_col_int(st, 11), .satisfied = gw_col_int(st, 12), .basic = gw_col_int(st, 13),
            .unsatisfied = gw_col_int(st, 14) };
        if (!fn(cls, &r)) { gw_stmt_reset(st); return GW_E_NOMEM; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_stats_request_types(gw_db *db, const gw_principal *who, int64_t from_ms,
                                    int64_t counts[GW_REQUEST_TYPES])
{
    memset(counts, 0, GW_REQUEST_TYPES * sizeof *counts);
    gw_stmt *st = prep_scoped6(db, SQL_BY_REQUEST_TYPE, who, from_ms);
    if (!st) return GW_E_INTERNAL;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        int k = gw_request_type_parse(gw_col_text(st, 0));
        if (k >= 0) counts[k] += gw_col_int(st, 1);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_stats_grid_each(gw_db *db, const gw_principal *who, int64_t from_ms, gw_stats_grid_fn fn, void *cls)
{
    gw_stmt *st = prep_scoped6(db, SQL_BY_GRID, who, from_ms);
    if (!st) return GW_E_INTERNAL;
    int rc;
    while ((rc = gw_step(st)) == 1)
        if (!fn(cls, gw_col_int(st, 0), gw_col_int(st, 1))) { gw_stmt_reset(st); return GW_E_NOMEM; }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_stats_alert_each(gw_db *db, const gw_principal *who, int limit, gw_stats_alert_fn fn, void *cls)
{
    gw_stmt *st = prep_scoped6(db, SQL_ALERTS, who, limit);
    if (!st) return GW_E_INTERNAL;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_stats_alert_row r = { .id = gw_col_int(st, 0), .track_code = gw_col_text(st, 1), .state = gw_col_text(st, 2),
            .category_code = gw_col_text(st, 3), .category_name = gw_col_text(st, 4), .unit_name = gw_col_text(st, 5),
            .due_ms = gw_col_int(st, 6), .overdue = (int)gw_col_int(st, 7), .warning = (int)gw_col_int(st, 8) };
        if (!fn(cls, &r)) { gw_stmt_reset(st); return GW_E_NOMEM; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
