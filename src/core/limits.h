/* core/limits.h — fixed-window counters kept in the database, for limits that must hold across
 * every server sharing it (public rate limit, login throttling on PostgreSQL). Single-server
 * (SQLite) deployments count in memory instead and do not call these. */
#ifndef GW_CORE_LIMITS_H
#define GW_CORE_LIMITS_H

#include <stdint.h>
#include "base/err.h"
#include "store/store.h"

/* Count one hit on key in the current window of window_ms; *count = hits in it so far. */
gw_err gw_limit_hit(gw_store *s, const char *key, int64_t window_ms, int64_t *count);
/* The hits on key in the current window, without counting one. */
gw_err gw_limit_count(gw_store *s, const char *key, int64_t window_ms, int64_t *count);

#endif
