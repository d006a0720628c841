/* api/api_stats.c — figures for the console's workbench and dashboard (大屏).
 *
 * Handler (declare in api/api.h):
 *   gw_err api_stats_summary(gw_req *r);   GET /api/v1/stats/summary?days=30   (staff, scoped)
 * Route row (api/routes.c):
 *   { "GET", "/api/v1/stats/summary", api_stats_summary, GW_PERM_STAFF, "stats_summary" },
 *
 * days: 1..90 Asia/Shanghai calendar days ending today (default 30). The answer is described in
 * store/store_stats.h. Scope as for ticket lists: admin everything, a unit handler its unit's
 * tickets, other staff their division subtree. */
#include "api/api.h"
#include "base/clock.h"
#include "json/reply.h"
#include "store/store_stats.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

gw_err api_stats_summary(gw_req *r);

gw_err api_stats_summary(gw_req *r)
{
    int days = 30;
    const char *v = gw_req_query(r, "days");
    if (v) {
        char *end;
        errno = 0;
        long n = strlen(v) <= 3 ? strtol(v, &end, 10) : -1;
        if (n < 1 || n > GW_STATS_MAX_DAYS || errno || *end)
            return gw_fail(r, GW_E_INVALID, "days must be 1 to %d", GW_STATS_MAX_DAYS);
        days = (int)n;
    }
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    json_t *o = NULL;
    gw_err e = gw_store_stats_summary(db, &r->who, gw_now_ms(), days, &o);
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "could not compute the summary");
    return gw_reply(r, 200, o);
}
