/* ops/stats_store.h — aggregate figures for the workbench and the dashboard (大屏).
 * Read-only; any connection. SQL is portable (?N placeholders, integer day buckets, no
 * engine-specific functions) so a PostgreSQL driver runs it unchanged. */
#ifndef GW_STORE_STORE_STATS_H
#define GW_STORE_STORE_STATS_H

#include <jansson.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/db.h"

#define GW_STATS_MAX_DAYS 90
#define GW_STATS_TZ_OFFSET_MS INT64_C(28800000) /* Asia/Shanghai, UTC+8, no DST */
#define GW_STATS_ALERTS 20                      /* overdue / warning tickets listed */

/* The summary seen by `who` (admin: everything; unit handler: tickets whose primary unit is
 * theirs; other staff: their division subtree), for the last `days` Shanghai calendar days
 * ending today (1..GW_STATS_MAX_DAYS). *out is a new JSON object:
 *   generated_at, days, from (ISO, start of the window),
 *   totals {all, open, by_state{state: n}, overdue, warning, extension_pending}  (all time, now)
 *   today {new, closed}
 *   series [{date "YYYY-MM-DD" (Shanghai), new, closed}]            (one per day, oldest first)
 *   by_category [{id, code, name, count}]   big classes, tickets created in the window
 *   by_unit [{unit{id,name}, total, closed, on_time, on_time_rate, avg_handle_hours, avg_rating,
 *             overdue}]                                            tickets created in the window
 *   by_grid [{division_id, count}]                                 tickets created in the window
 *   alerts [{id, track_code, state, category{code,name}, unit_name, due_at, overdue, warning}]
 *                                                                  open overdue/warning, soonest first */
gw_err gw_store_stats_summary(gw_db *db, const gw_principal *who, int64_t now_ms, int days, json_t **out);

#endif
