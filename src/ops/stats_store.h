/* ops/stats_store.h — aggregate figures for the workbench and the dashboard (大屏), as rows.
 * Read-only; any connection. SQL is portable (?N placeholders, integer day buckets, no
 * engine-specific functions) so a PostgreSQL driver runs it unchanged. Every query sees only what
 * `who` may count (core/scope_store.h, GW_SCOPE_STATS: admin everything; a unit handler tickets
 * whose primary unit is theirs; other staff their division subtree). ops/stats_view.h renders them. */
#ifndef GW_OPS_STATS_STORE_H
#define GW_OPS_STATS_STORE_H

#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/db.h"
#include "ops/ticket.h"

#define GW_STATS_MAX_DAYS 90
#define GW_STATS_TZ_OFFSET_MS INT64_C(28800000) /* Asia/Shanghai, UTC+8, no DST */
#define GW_STATS_ALERTS 20                      /* overdue / warning tickets listed */

/* The last `days` Shanghai calendar days ending on the day of now_ms: day numbers count days since
 * 1970-01-01 (Shanghai); day0_ms is the start of today, from_ms the start of the window (UTC ms). */
typedef struct {
    int days;
    int64_t first_day, day0_ms, from_ms;
} gw_stats_window;
/* GW_E_INVALID unless 1 <= days <= GW_STATS_MAX_DAYS. */
gw_err gw_stats_window_of(int64_t now_ms, int days, gw_stats_window *w);

/* All time, as of now. open: neither closed nor invalid; warning: warned but not overdue;
 * extension_pending: an extension asked for and not decided; low_rated: rated 1 or 2 (差评). */
typedef struct {
    int64_t all, open, overdue, warning, extension_pending, low_rated;
    int64_t urged;           /* open tickets urged at least once (被催办) */
    int64_t revisit_pending; /* 待回访 (GW_REVISIT_PENDING_SQL) */
    int64_t assist_open;     /* 待协办: open 协办 sub-tasks (a unit handler: its own unit's) */
    int64_t assist_returned; /* 协办 sub-tasks returned to the dispatcher */
    int64_t by_state[GW_T__COUNT]; /* indexed by gw_ticket_state */
} gw_stats_totals;
gw_err gw_store_stats_totals(gw_db *db, const gw_principal *who, gw_stats_totals *out);

/* Tickets created since day0_ms, and closed since day0_ms. */
gw_err gw_store_stats_today(gw_db *db, const gw_principal *who, int64_t day0_ms, int64_t *n_new, int64_t *n_closed);

/* Per day of the window, oldest first: n_new[k] tickets created and n_closed[k] closed on day
 * w->first_day + k (both arrays hold w->days counts). */
gw_err gw_store_stats_series(gw_db *db, const gw_principal *who, const gw_stats_window *w, int64_t *n_new,
                             int64_t *n_closed);

/* The row callbacks below get rows whose strings live until the callback returns; a callback returns
 * nonzero to go on, 0 to stop (the function then returns GW_E_NOMEM). */

/* Tickets created since from_ms per big class (a sub-category counts for its parent), most first. */
typedef struct {
    int64_t id, count;
    const char *code, *name;
} gw_stats_category_row;
typedef int (*gw_stats_category_fn)(void *cls, const gw_stats_category_row *row);
gw_err gw_store_stats_category_each(gw_db *db, const gw_principal *who, int64_t from_ms, gw_stats_category_fn fn,
                                    void *cls);

/* Tickets created since from_ms per primary unit, most first: how many, closed, closed on time
 * (by the handling deadline), the sum of closed tickets' created-to-closed ms, the sum and count of
 * ratings given (1..), overdue now. */
typedef struct {
    int64_t unit_id;
    const char *unit_name;
    int64_t total, closed, on_time, handle_ms_sum, rating_sum, rated, overdue;
    int64_t urges;                          /* 催办 received, summed */
    int64_t reopens, reopened;              /* 重办: times, and tickets reopened at least once */
    int64_t satisfied, basic, unsatisfied;  /* the last 回访's answer, per ticket */
} gw_stats_unit_row;
typedef int (*gw_stats_unit_fn)(void *cls, const gw_stats_unit_row *row);
gw_err gw_store_stats_unit_each(gw_db *db, const gw_principal *who, int64_t from_ms, gw_stats_unit_fn fn, void *cls);

/* Tickets created since from_ms per 诉求类型: counts[i] for gw_request_type_name(i). */
gw_err gw_store_stats_request_types(gw_db *db, const gw_principal *who, int64_t from_ms,
                                    int64_t counts[GW_REQUEST_TYPES]);

/* Tickets created since from_ms per grid (tickets without one left out), by division id. */
typedef int (*gw_stats_grid_fn)(void *cls, int64_t division_id, int64_t count);
gw_err gw_store_stats_grid_each(gw_db *db, const gw_principal *who, int64_t from_ms, gw_stats_grid_fn fn, void *cls);

/* At most `limit` tickets overdue or warned with a deadline, overdue first, then soonest due.
 * unit_name is NULL for a ticket without a unit. */
typedef struct {
    int64_t id, due_ms;
    const char *track_code, *state, *category_code, *category_name, *unit_name;
    int overdue, warning;
} gw_stats_alert_row;
typedef int (*gw_stats_alert_fn)(void *cls, const gw_stats_alert_row *row);
gw_err gw_store_stats_alert_each(gw_db *db, const gw_principal *who, int limit, gw_stats_alert_fn fn, void *cls);

#endif
