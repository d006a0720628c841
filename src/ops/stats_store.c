/* ops/stats_store.c — SQL for the workbench counts and the dashboard summary.
 * Portable to both drivers: optional parameters are typed (CAST(?N AS ...) IS NULL), day
 * buckets are integer division, sums are of integers. Every query takes the caller's scope as ?1..?5 (core/scope_store.h);
 * windowed queries take the window start (created_ms) as ?6. Days are
 * Asia/Shanghai calendar days computed with integer arithmetic on the millisecond columns. */
#include "ops/stats_store.h"
#include "core/scope_store.h"
#include "base/clock.h"
#include "json/reply.h"
#include "ops/ticket.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCOPE GW_SCOPE_SQL("?1", "?2", "?3", "?4", "?5")

static const char SQL_BY_STATE[] =
    "SELECT t.state, COUNT(*), SUM(t.overdue_flag),"
    " SUM(CASE WHEN t.warn_flag = 1 AND t.overdue_flag = 0 THEN 1 ELSE 0 END),"
    " SUM(CASE WHEN t.ext_pending_days > 0 THEN 1 ELSE 0 END)"
    " FROM tickets t WHERE" SCOPE " GROUP BY t.state";

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
    " SUM(t.overdue_flag)"
    " FROM tickets t JOIN units u ON u.id = t.unit_id WHERE" SCOPE " AND t.created_ms >= ?6"
    " GROUP BY t.unit_id, u.name ORDER BY COUNT(*) DESC, t.unit_id";

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

static gw_err totals(gw_db *db, const gw_principal *who, json_t *out)
{
    gw_stmt *st = prep_scoped(db, SQL_BY_STATE, who);
    if (!st) return GW_E_INTERNAL;
    json_t *by_state = json_object();
    for (int s = 0; s < GW_T__COUNT; s++) json_object_set_new(by_state, gw_ticket_state_name((gw_ticket_state)s), json_integer(0));
    int64_t all = 0, open = 0, overdue = 0, warning = 0, ext = 0;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        const char *state = gw_col_text(st, 0);
        int64_t n = gw_col_int(st, 1);
        int s = gw_ticket_state_parse(state);
        if (s < 0) continue;
        json_object_set_new(by_state, state, json_integer(n));
        all += n;
        if (s != GW_T_CLOSED && s != GW_T_INVALID) open += n;
        overdue += gw_col_int(st, 2);
        warning += gw_col_int(st, 3);
        ext += gw_col_int(st, 4);
    }
    if (rc < 0) { json_decref(by_state); return (gw_err)-rc; }
    json_object_set_new(out, "totals", json_pack("{s:I,s:I,s:o,s:I,s:I,s:I}", "all", (json_int_t)all,
        "open", (json_int_t)open, "by_state", by_state, "overdue", (json_int_t)overdue,
        "warning", (json_int_t)warning, "extension_pending", (json_int_t)ext));
    return GW_OK;
}

static gw_err today(gw_db *db, const gw_principal *who, int64_t day0_ms, json_t *out)
{
    gw_stmt *st = prep_scoped(db, SQL_TODAY, who);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 6, day0_ms);
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    int64_t n_new = rc ? gw_col_int(st, 0) : 0, n_closed = rc ? gw_col_int(st, 1) : 0;
    if (rc) gw_stmt_reset(st);
    json_object_set_new(out, "today", json_pack("{s:I,s:I}", "new", (json_int_t)n_new, "closed", (json_int_t)n_closed));
    return GW_OK;
}

/* Fill counts[day - first_day] from a (day, count) query. */
static gw_err day_counts(gw_db *db, const char *sql, const gw_principal *who, int64_t from_ms, int64_t first_day,
                         int days, int64_t *counts)
{
    gw_stmt *st = prep_scoped(db, sql, who);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 6, from_ms);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        int64_t k = gw_col_int(st, 0) - first_day;
        if (k >= 0 && k < days) counts[k] += gw_col_int(st, 1);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

static gw_err series(gw_db *db, const gw_principal *who, int64_t from_ms, int64_t first_day, int days, json_t *out)
{
    int64_t n_new[GW_STATS_MAX_DAYS] = { 0 }, n_closed[GW_STATS_MAX_DAYS] = { 0 };
    gw_err e = day_counts(db, SQL_SERIES_NEW, who, from_ms, first_day, days, n_new);
    if (!e) e = day_counts(db, SQL_SERIES_CLOSED, who, from_ms, first_day, days, n_closed);
    if (e) return e;
    json_t *arr = json_array();
    for (int k = 0; k < days; k++) {
        char iso[32];
        gw_clock_iso8601((first_day + k) * GW_MS_PER_DAY, iso, sizeof iso); /* the Shanghai date, at UTC midnight */
        iso[10] = 0;
        json_array_append_new(arr, json_pack("{s:s,s:I,s:I}", "date", iso, "new", (json_int_t)n_new[k],
                                             "closed", (json_int_t)n_closed[k]));
    }
    json_object_set_new(out, "series", arr);
    return GW_OK;
}

static gw_err by_category(gw_db *db, const gw_principal *who, int64_t from_ms, json_t *out)
{
    gw_stmt *st = prep_scoped(db, SQL_BY_CATEGORY, who);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 6, from_ms);
    json_t *arr = json_array();
    int rc;
    while ((rc = gw_step(st)) == 1)
        json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)gw_col_int(st, 0),
            "code", gw_col_text(st, 1), "name", gw_col_text(st, 2), "count", (json_int_t)gw_col_int(st, 3)));
    if (rc < 0) { json_decref(arr); return (gw_err)-rc; }
    json_object_set_new(out, "by_category", arr);
    return GW_OK;
}

static gw_err by_unit(gw_db *db, const gw_principal *who, int64_t from_ms, json_t *out)
{
    gw_stmt *st = prep_scoped(db, SQL_BY_UNIT, who);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 6, from_ms);
    json_t *arr = json_array();
    int rc;
    while ((rc = gw_step(st)) == 1) {
        int64_t total = gw_col_int(st, 2), closed = gw_col_int(st, 3), on_time = gw_col_int(st, 4);
        int64_t handle_ms = gw_col_int(st, 5), rating_sum = gw_col_int(st, 6), rated = gw_col_int(st, 7);
        json_t *o = json_pack("{s:{s:I,s:s},s:I,s:I,s:I,s:o,s:o,s:o,s:I}",
            "unit", "id", (json_int_t)gw_col_int(st, 0), "name", gw_col_text(st, 1),
            "total", (json_int_t)total, "closed", (json_int_t)closed, "on_time", (json_int_t)on_time,
            "on_time_rate", closed ? json_real((double)on_time / (double)closed) : json_null(),
            "avg_handle_hours", closed ? json_real((double)handle_ms / (double)closed / (double)GW_MS_PER_HOUR) : json_null(),
            "avg_rating", rated ? json_real((double)rating_sum / (double)rated) : json_null(),
            "overdue", (json_int_t)gw_col_int(st, 8));
        if (o) json_array_append_new(arr, o);
    }
    if (rc < 0) { json_decref(arr); return (gw_err)-rc; }
    json_object_set_new(out, "by_unit", arr);
    return GW_OK;
}

static gw_err by_grid(gw_db *db, const gw_principal *who, int64_t from_ms, json_t *out)
{
    gw_stmt *st = prep_scoped(db, SQL_BY_GRID, who);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 6, from_ms);
    json_t *arr = json_array();
    int rc;
    while ((rc = gw_step(st)) == 1)
        json_array_append_new(arr, json_pack("{s:I,s:I}", "division_id", (json_int_t)gw_col_int(st, 0),
                                             "count", (json_int_t)gw_col_int(st, 1)));
    if (rc < 0) { json_decref(arr); return (gw_err)-rc; }
    json_object_set_new(out, "by_grid", arr);
    return GW_OK;
}

static gw_err alerts(gw_db *db, const gw_principal *who, json_t *out)
{
    gw_stmt *st = prep_scoped(db, SQL_ALERTS, who);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 6, GW_STATS_ALERTS);
    json_t *arr = json_array();
    int rc;
    while ((rc = gw_step(st)) == 1) {
        json_t *o = json_pack("{s:I,s:s,s:s,s:{s:s,s:s},s:o,s:o,s:b,s:b}", "id", (json_int_t)gw_col_int(st, 0),
            "track_code", gw_col_text(st, 1), "state", gw_col_text(st, 2),
            "category", "code", gw_col_text(st, 3), "name", gw_col_text(st, 4),
            "unit_name", gw_json_str(gw_col_text(st, 5)), "due_at", gw_json_time(gw_col_int(st, 6)),
            "overdue", (int)gw_col_int(st, 7), "warning", (int)gw_col_int(st, 8));
        if (o) json_array_append_new(arr, o);
    }
    if (rc < 0) { json_decref(arr); return (gw_err)-rc; }
    json_object_set_new(out, "alerts", arr);
    return GW_OK;
}

gw_err gw_store_stats_summary(gw_db *db, const gw_principal *who, int64_t now_ms, int days, json_t **out)
{
    if (days < 1 || days > GW_STATS_MAX_DAYS) return GW_E_INVALID;
    int64_t today_idx = (now_ms + GW_STATS_TZ_OFFSET_MS) / GW_MS_PER_DAY;
    int64_t first_day = today_idx - (days - 1);
    int64_t day0_ms = today_idx * GW_MS_PER_DAY - GW_STATS_TZ_OFFSET_MS;
    int64_t from_ms = first_day * GW_MS_PER_DAY - GW_STATS_TZ_OFFSET_MS;
    json_t *o = json_pack("{s:o,s:i,s:o}", "generated_at", gw_json_time(now_ms), "days", days,
                          "from", gw_json_time(from_ms));
    if (!o) return GW_E_NOMEM;
    gw_err e = totals(db, who, o);
    if (!e) e = today(db, who, day0_ms, o);
    if (!e) e = series(db, who, from_ms, first_day, days, o);
    if (!e) e = by_category(db, who, from_ms, o);
    if (!e) e = by_unit(db, who, from_ms, o);
    if (!e) e = by_grid(db, who, from_ms, o);
    if (!e) e = alerts(db, who, o);
    if (e) { json_decref(o); return e; }
    *out = o;
    return GW_OK;
}
