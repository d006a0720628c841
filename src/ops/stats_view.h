/* ops/stats_view.h — the dashboard summary as the API shows it (JSON), rendered from the rows of
 * ops/stats_store.h. */
#ifndef GW_OPS_STATS_VIEW_H
#define GW_OPS_STATS_VIEW_H

#include <jansson.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/db.h"
#include "ops/stats_store.h"

/* The summary seen by `who` (scope: ops/stats_store.h), for the last `days` Shanghai calendar days
 * ending today (1..GW_STATS_MAX_DAYS, else GW_E_INVALID). *out is a new JSON object:
 *   generated_at, days, from (ISO, start of the window),
 *   totals {all, open, by_state{state: n}, overdue, warning, extension_pending}  (all time, now)
 *   today {new, closed}
 *   series [{date "YYYY-MM-DD" (Shanghai), new, closed}]            (one per day, oldest first)
 *   by_category [{id, code, name, count}]   big classes, tickets created in the window
 *   by_unit [{unit{id,name}, total, closed, on_time, on_time_rate, avg_handle_hours, avg_rating,
 *             overdue}]                                            tickets created in the window
 *   by_request_type [{request_type, count}]   诉求类型 of tickets created in the window, all five
 *   by_grid [{division_id, count}]                                 tickets created in the window
 *   alerts [{id, track_code, state, category{code,name}, unit_name, due_at, overdue, warning}]
 *                                                                  open overdue/warning, soonest first */
gw_err gw_stats_summary_json(gw_db *db, const gw_principal *who, int64_t now_ms, int days, json_t **out);

#endif
