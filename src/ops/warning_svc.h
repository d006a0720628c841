/* ops/warning_svc.h — early warnings (预警) in 一网统管: a job (exactly once per slot across servers) that
 * raises or refreshes warnings from the tickets, and the staff's reads and acknowledgements.
 *
 * - rise: per area (the division at GW_WARNING_AREA_DEPTH of a ticket's path: the community in the
 *   demo city's city/district/street/community/grid tree) × category × local day, EARS C2
 *   (insight/warning.h) of yesterday and of today so far against their 7-day baselines;
 * - repeat: a caller (by number) with GW_WARNING_REPEAT_MIN or more reports in 30 days; the warning
 *   is keyed by a hash of the number and shows it masked, never whole;
 * - cluster: many people with one complaint — the reports of the last GW_WARNING_CLUSTER_DAYS days in an
 *   area, clustered by text (single link, cosine of the classifier's n-gram vectors at least
 *   GW_WARNING_CLUSTER_SIM); a cluster of GW_WARNING_CLUSTER_MIN or more reports from as many different
 *   callers (a report without a number counts as its own caller).
 * Warnings are read by staff holding dashboard.view whose area contains the warning's area, and
 * acknowledged by supervisors (ticket.supervise). The console's workbench and 大屏 show the open ones. */
#ifndef GW_OPS_WARNING_SVC_H
#define GW_OPS_WARNING_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/jobs.h"
#include "db/store.h"
#include "insight/warning.h"
#include "ops/warning_store.h"

#define GW_WARNING_JOB "warnings"
#define GW_WARNING_AREA_DEPTH 4
#define GW_WARNING_REPEAT_MIN 3
#define GW_WARNING_REPEAT_DAYS 30
#define GW_WARNING_PAGE_MAX 100
#define GW_WARNING_CLUSTER_DAYS 7
#define GW_WARNING_CLUSTER_MIN 5
#define GW_WARNING_CLUSTER_SIM 0.5
#define GW_WARNING_CLUSTER_SCAN 2000 /* newest reports looked at, every area together */

/* The rise test's settings: C2 > 3, sd floored at 0.5, at least 3 reports. */
extern const gw_ears_params GW_WARNING_EARS;

/* Daily counts per (area, category, day) for the days [first_day - 9, last_day] (local day indexes),
 * sorted for gw_warn_rise_scan; rows' areas live in owner. Free with gw_warning_series_free. */
typedef struct {
    gw_daycount *rows;
    size_t n;
    void *owner;
} gw_warning_series;
gw_err gw_warning_series_load(gw_db *db, int64_t first_day, int64_t last_day, gw_warning_series *out);
void gw_warning_series_free(gw_warning_series *s);

/* The job, every `seconds`. */
gw_job gw_warning_job(int seconds);
/* Raise or refresh every warning as of now_ms inside a write transaction; *raised counts the rows
 * written (new or refreshed). */
gw_err gw_warnings_evaluate(gw_db *tx, int64_t now_ms, int *raised);
/* The same now, for an administrator (audited as warning.evaluate). */
gw_err gw_warnings_run(gw_store *s, const gw_principal *who, int *raised, char *msg, size_t msgn);

/* Reads in who's area (dashboard.view); GW_E_NOT_FOUND for one outside it. */
gw_err gw_warnings_list(gw_db *db, const gw_principal *who, int kind, int state, size_t offset, size_t limit,
                        gw_warning_row *out, size_t *found, int64_t *total);
gw_err gw_warning_read(gw_db *db, const gw_principal *who, int64_t id, gw_warning_row *out);
/* Acknowledge (ticket.supervise, in area), audited as warning.ack. GW_E_CONFLICT when not open. */
gw_err gw_warning_ack(gw_store *s, const gw_principal *who, int64_t id, const char *note, char *msg, size_t msgn);

#endif
