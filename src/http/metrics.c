/* http/metrics.c — see metrics.h. */
#include "http/metrics.h"

#include <stdio.h>

static const int status_codes[GW_METRICS_STATUSES - 1] = { 200, 201, 204, 304, 400, 401, 403, 404, 405,
                                                           409, 413, 414, 415, 429, 500, 501, 503 };
static const double lat_bounds_s[GW_METRICS_LAT] = { 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 };

void gw_metrics_count(gw_metrics *m, int slot, int status, int64_t us)
{
    int si = GW_METRICS_STATUSES - 1, b = 0;
    for (int i = 0; i < GW_METRICS_STATUSES - 1; i++) if (status_codes[i] == status) { si = i; break; }
    if (slot < 0 || slot >= GW_METRICS_SLOTS) return;
    atomic_fetch_add(&m->by_status[slot][si], 1);
    while (b < GW_METRICS_LAT && (double)us / 1e6 > lat_bounds_s[b]) b++;
    atomic_fetch_add(&m->lat_bucket[b], 1);
    atomic_fetch_add(&m->lat_count, 1);
    atomic_fetch_add(&m->lat_sum_us, us);
}

void gw_metrics_http_text(gw_metrics *m, const char *(*name)(int slot), gw_buf *b)
{
    gw_buf_puts(b, "# HELP gridwork_http_requests_total HTTP requests by route and status.\n"
                   "# TYPE gridwork_http_requests_total counter\n");
    for (int i = 0; i < GW_METRICS_SLOTS; i++) {
        const char *label = name(i);
        if (!label) continue;
        for (int s = 0; s < GW_METRICS_STATUSES; s++) {
            long long n = atomic_load(&m->by_status[i][s]);
            if (!n) continue;
            char code[8];
            if (s < GW_METRICS_STATUSES - 1) snprintf(code, sizeof code, "%d", status_codes[s]);
            else snprintf(code, sizeof code, "other");
            gw_buf_printf(b, "gridwork_http_requests_total{route=\"%s\",status=\"%s\"} %lld\n", label, code, n);
        }
    }
    gw_buf_puts(b, "# HELP gridwork_http_request_duration_seconds Time from request to response.\n"
                   "# TYPE gridwork_http_request_duration_seconds histogram\n");
    long long cum = 0;
    for (int i = 0; i <= GW_METRICS_LAT; i++) {
        cum += atomic_load(&m->lat_bucket[i]);
        if (i < GW_METRICS_LAT) gw_buf_printf(b, "gridwork_http_request_duration_seconds_bucket{le=\"%g\"} %lld\n", lat_bounds_s[i], cum);
        else gw_buf_printf(b, "gridwork_http_request_duration_seconds_bucket{le=\"+Inf\"} %lld\n", cum);
    }
    gw_buf_printf(b, "gridwork_http_request_duration_seconds_sum %.6f\n"
                     "gridwork_http_request_duration_seconds_count %lld\n",
                  (double)atomic_load(&m->lat_sum_us) / 1e6, atomic_load(&m->lat_count));
}
