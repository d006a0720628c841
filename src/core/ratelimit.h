/* core/ratelimit.h — a bounded table of counters keyed exactly by string, for one server's own
 * limits (public token buckets per client address, login failures per username and address).
 * Pure C with one mutex; no I/O. Servers sharing a PostgreSQL database count in it instead
 * (core/limits.h).
 *
 * Keys are compared whole: two keys never share an entry, so one client cannot reset another's
 * counter. An entry is *expired* once it carries no information any more (a bucket refilled to
 * its burst, a window that has ended); expired entries are dropped first when room is needed,
 * the least recently used of them first. When every entry is live the table's policy decides:
 *   GW_RL_EVICT_LRU    the least recently used live entry makes room (its client starts afresh);
 *   GW_RL_FAIL_CLOSED  the new key is refused (treated as over its limit) until an entry expires.
 * Memory is capacity * sizeof(entry) (about 360 bytes), allocated at creation. */
#ifndef GW_CORE_RATELIMIT_H
#define GW_CORE_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#define GW_RL_KEY_MAX 320 /* bytes of a key including the NUL; longer keys are refused */

typedef struct gw_rl gw_rl;
typedef enum { GW_RL_EVICT_LRU, GW_RL_FAIL_CLOSED } gw_rl_full;

/* A table of at most `capacity` (>= 1) entries. NULL when out of memory. */
gw_rl *gw_rl_new(uint32_t capacity, gw_rl_full when_full);
void gw_rl_free(gw_rl *t);

/* Token bucket: take one token from key's bucket, which holds up to `burst` tokens and refills
 * `burst` tokens per `period_ms`. 1 when taken; 0 when the bucket is empty, the key too long or
 * (GW_RL_FAIL_CLOSED) the table full, with *retry_ms (may be NULL) the wait before a retry. */
int gw_rl_take(gw_rl *t, const char *key, int64_t now_ms, double burst, int64_t period_ms, int64_t *retry_ms);

/* Window counter: count one hit on key unless it already has `limit` hits in its window, which
 * opens at its first hit and lasts window_ms. 1 when counted (*count = hits so far, may be NULL);
 * 0 when over the limit, the key too long or the table full, with *retry_ms = the wait until the
 * window ends (for a full table: until the soonest entry expires). */
int gw_rl_hit(gw_rl *t, const char *key, int64_t now_ms, int64_t window_ms, int64_t limit, int64_t *count,
              int64_t *retry_ms);
/* Take back one hit counted by gw_rl_hit (no-op when the key has none). */
void gw_rl_unhit(gw_rl *t, const char *key, int64_t now_ms);
/* The hits on key in its live window (0 when none); *retry_ms (may be NULL) until it ends. */
int64_t gw_rl_count(gw_rl *t, const char *key, int64_t now_ms, int64_t *retry_ms);

/* Forget key; forget every key that starts with prefix. The latter returns how many went. */
void gw_rl_clear(gw_rl *t, const char *key);
size_t gw_rl_clear_prefix(gw_rl *t, const char *prefix);
/* Entries in use (live or expired but not yet dropped). */
size_t gw_rl_size(gw_rl *t);

#endif
