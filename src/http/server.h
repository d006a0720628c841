/* http/server.h — the HTTP front: microhttpd (epoll + thread pool), the route table,
 * auth, limits, rate limits, access log and /metrics. Only this module sees microhttpd. */
#ifndef GW_HTTP_SERVER_H
#define GW_HTTP_SERVER_H

#include "base/err.h"
#include "base/str.h"
#include "core/config.h"
#include "db/store.h"

typedef struct gw_http gw_http;

/* Start listening as configured. The store must outlive the server. */
gw_err gw_http_start(const gw_config *cfg, gw_store *store, gw_http **out);
#define GW_HTTP_METRICS_EXTRA 8
/* Have /metrics append fn's Prometheus text after the front's own (a transport's counters, say).
 * Called from one thread (main, at start-up); fn runs in request threads and must be thread-safe;
 * arg must outlive the server. -1 when all GW_HTTP_METRICS_EXTRA places are taken. */
int gw_http_add_metrics(gw_http *h, void (*fn)(void *arg, gw_buf *b), void *arg);
/* Stop accepting, wait up to drain_ms for in-flight requests to finish, then stop. */
void gw_http_stop(gw_http *h, int drain_ms);

#endif
