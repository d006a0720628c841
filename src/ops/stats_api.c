/* ops/stats_api.c — figures for the console's workbench and dashboard (大屏).
 *
 * Handler (declare in api/api.h):
 *   gw_err api_stats_summary(gw_req *r);   GET /api/v1/stats/summary?days=30   (staff, scoped)
 * Route row (api/routes.c):
 *   { "GET", "/api/v1/stats/summary", api_stats_summary, GW_PERM_STAFF, "stats_summary" },
 *
 * days: 1..90 Asia/Shanghai calendar days ending today (default 30). The answer is described in
 * ops/stats_view.h. Scope as for ticket lists: admin everything, a unit handler its unit's
 * tickets, other staff their division subtree. */
#include "core/api.h"
#include "base/clock.h"
#include "json/reply.h"
#include "insight/hotspot.h"
#include "core/model_store.h"
#include "ops/stats_view.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

gw_err api_stats_summary(gw_req *r);

#define MAX_GRIDS 4096

/* "hotspots": Getis-Ord Gi* of the window's ticket counts over every grid in the caller's area
 * (grids with no ticket count as 0), neighbours within the smallest band that gives each grid one. */
static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static gw_err add_hotspots(gw_db *db, const gw_principal *who, json_t *o)
{
    int64_t *ids = malloc(MAX_GRIDS * sizeof *ids);
    gw_point *c = malloc(MAX_GRIDS * sizeof *c);
    double *x = calloc(MAX_GRIDS, sizeof *x), *z = malloc(MAX_GRIDS * sizeof *z);
    size_t n = 0;
    gw_err e = ids && c && x && z ? GW_OK : GW_E_NOMEM;
    gw_scope_filter f = gw_scope_ticket_filter(who, GW_SCOPE_STATS); /* a unit's grids: every grid */
    if (!e) e = gw_store_grid_centers(db, f.div_prefix ? f.div_prefix : "/", ids, c, MAX_GRIDS, &n);
    json_t *g, *arr = json_array();
    size_t k;
    json_array_foreach(e ? NULL : json_object_get(o, "by_grid"), k, g) { /* ids come sorted: find each count's grid */
        int64_t id = json_integer_value(json_object_get(g, "division_id"));
        const int64_t *at = bsearch(&id, ids, n, sizeof *ids, cmp_id);
        if (at) x[at - ids] = (double)json_integer_value(json_object_get(g, "count"));
    }
    double band = e ? 0 : gw_gi_band(c, n);
    if (!e && n >= 3 && gw_gi_star(x, c, n, band, z) == GW_OK)
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, json_pack("{s:I,s:I,s:f}", "division_id", (json_int_t)ids[i],
                                                 "count", (json_int_t)x[i], "z", round(z[i] * 1000) / 1000));
    free(ids);
    free(c);
    free(x);
    free(z);
    if (e) { json_decref(arr); return e; }
    json_object_set_new(o, "hotspots", json_pack("{s:s,s:f,s:o}", "method", "getis-ord-gi*", "band_m", round(band), "grids", arr));
    return GW_OK;
}

gw_err api_stats_summary(gw_req *r)
{
    static const char *const keys[] = { "days", NULL };
    if (gw_req_only_query(r, keys)) return GW_E_INVALID;
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
    gw_err e = gw_stats_summary_json(db, &r->who, gw_now_ms(), days, &o);
    if (!e) e = add_hotspots(db, &r->who, o);
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "could not compute the summary");
    return gw_reply(r, 200, o);
}
