/* db/stmt_cache.h — a connection's prepared statements, keyed by the address of their SQL text.
 * Private to the drivers (store/sqlite.c, store/pg.c). Statements are allocated by the driver one by
 * one and never move: growing the table moves only pointers, and nothing is evicted, so a statement a
 * caller holds stays valid until the connection closes. SQL is written as string literals, so the
 * number of keys is bounded by the program text; a key count past GW_STMT_CACHE_MAX means SQL built
 * at run time (a bug), and put refuses it instead of growing without bound. */
#ifndef GW_STORE_STMT_CACHE_H
#define GW_STORE_STMT_CACHE_H

#include <stddef.h>
#include "base/err.h"
#include "db/db.h"

#define GW_STMT_CACHE_MAX 4096

typedef struct {
    const char **keys; /* open addressing by key address; NULL = empty slot */
    gw_stmt **vals;
    size_t cap, n;     /* cap is 0 or a power of two */
} gw_stmt_cache;

/* The statement cached for key, or NULL. */
gw_stmt *gw_stmt_cache_get(const gw_stmt_cache *c, const char *key);
/* Cache st under key (not already present). GW_E_TOO_LARGE when GW_STMT_CACHE_MAX statements are
 * cached already, GW_E_NOMEM when the table cannot grow; the cache is unchanged then. */
gw_err gw_stmt_cache_put(gw_stmt_cache *c, const char *key, gw_stmt *st);
/* Call fn on every cached statement (to finalize them), then free the table. */
void gw_stmt_cache_free(gw_stmt_cache *c, void (*fn)(gw_stmt *st));

#endif
