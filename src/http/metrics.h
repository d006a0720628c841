/* http/metrics.h — the front's request counters for /metrics (Prometheus text): requests by route
 * slot and status, and a latency histogram. Lock-free (atomics); zero-initialised is empty. */
#ifndef GW_HTTP_METRICS_H
#define GW_HTTP_METRICS_H

#include <stdatomic.h>
#include <stdint.h>
#include "base/str.h"

#define GW_METRICS_SLOTS 256  /* routes + the front's own slots (unmatched, healthz, metrics, static) */
#define GW_METRICS_STATUSES 18 /* the statuses counted one by one, + "other" */
#define GW_METRICS_LAT 11      /* latency bucket bounds */

typedef struct {
    atomic_llong by_status[GW_METRICS_SLOTS][GW_METRICS_STATUSES];
    atomic_llong lat_bucket[GW_METRICS_LAT + 1];
    atomic_llong lat_count;
    atomic_llong lat_sum_us;
} gw_metrics;

/* Count one finished request of route slot (0..GW_METRICS_SLOTS-1) with that status, taking us. */
void gw_metrics_count(gw_metrics *m, int slot, int status, int64_t us);
/* Append the request counters and the histogram as Prometheus text; name(slot) labels a slot
 * (NULL: an unused slot, left out). */
void gw_metrics_http_text(gw_metrics *m, const char *(*name)(int slot), gw_buf *b);

#endif
