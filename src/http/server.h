/* http/server.h — the HTTP front: microhttpd (epoll + thread pool), the route table,
 * auth, limits, rate limits, access log and /metrics. Only this module sees microhttpd. */
#ifndef GW_HTTP_SERVER_H
#define GW_HTTP_SERVER_H

#include "base/err.h"
#include "core/config.h"
#include "db/store.h"

typedef struct gw_http gw_http;

/* Start listening as configured. The store must outlive the server. */
gw_err gw_http_start(const gw_config *cfg, gw_store *store, gw_http **out);
/* Stop accepting, wait up to drain_ms for in-flight requests to finish, then stop. */
void gw_http_stop(gw_http *h, int drain_ms);

#endif
