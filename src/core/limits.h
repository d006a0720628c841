/* core/limits.h — fixed-window counters kept in the database, for limits that must hold across
 * every server sharing it (public rate limit, login throttling on PostgreSQL). Single-server
 * (SQLite) deployments count in memory instead (core/ratelimit.h) and do not call these, except
 * the unlock (core/auth.h), which clears both. Keys are compared exactly. Windows are
 * aligned to the wall clock: [now - now % window_ms, + window_ms). */
#ifndef GW_CORE_LIMITS_H
#define GW_CORE_LIMITS_H

#include <stdint.h>
#include "base/err.h"
#include "db/store.h"

/* Count one hit on key in the current window of window_ms; *count = hits in it so far. */
gw_err gw_limit_hit(gw_store *s, const char *key, int64_t window_ms, int64_t *count);
/* The hits on key in the current window, without counting one. */
gw_err gw_limit_count(gw_store *s, const char *key, int64_t window_ms, int64_t *count);
/* Take back one hit counted by gw_limit_hit in the current window. */
gw_err gw_limit_undo(gw_store *s, const char *key, int64_t window_ms);
/* Forget key and, unless prefix is NULL, every key that starts with prefix. */
gw_err gw_limit_clear(gw_store *s, const char *key, const char *prefix);
/* Milliseconds until the current window of window_ms ends (>= 1). */
int64_t gw_limit_retry_ms(int64_t window_ms);

#endif
