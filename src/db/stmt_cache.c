/* db/stmt_cache.c — see stmt_cache.h. */
#include "db/stmt_cache.h"

#include <stdint.h>
#include <stdlib.h>

static size_t slot_of(const char *key, size_t cap)
{
    uintptr_t h = (uintptr_t)key;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15u;
    return (size_t)(h >> 7) & (cap - 1);
}

gw_stmt *gw_stmt_cache_get(const gw_stmt_cache *c, const char *key)
{
    if (!c->cap) return NULL;
    for (size_t i = slot_of(key, c->cap);; i = (i + 1) & (c->cap - 1)) {
        if (c->keys[i] == key) return c->vals[i];
        if (!c->keys[i]) return NULL;
    }
}

static void insert(const char **keys, gw_stmt **vals, size_t cap, const char *key, gw_stmt *st)
{
    size_t i = slot_of(key, cap);
    while (keys[i]) i = (i + 1) & (cap - 1);
    keys[i] = key;
    vals[i] = st;
}

static gw_err grow(gw_stmt_cache *c)
{
    size_t cap = c->cap ? c->cap * 2 : 64;
    const char **keys = calloc(cap, sizeof *keys);
    gw_stmt **vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) { free(keys); free(vals); return GW_E_NOMEM; }
    for (size_t i = 0; i < c->cap; i++)
        if (c->keys[i]) insert(keys, vals, cap, c->keys[i], c->vals[i]);
    free(c->keys);
    free(c->vals);
    c->keys = keys;
    c->vals = vals;
    c->cap = cap;
    return GW_OK;
}

gw_err gw_stmt_cache_put(gw_stmt_cache *c, const char *key, gw_stmt *st)
{
    if (c->n >= GW_STMT_CACHE_MAX) return GW_E_TOO_LARGE;
    if ((c->n + 1) * 2 > c->cap) { /* keep the load at most one half */
        gw_err e = grow(c);
        if (e) return e;
    }
    insert(c->keys, c->vals, c->cap, key, st);
    c->n++;
    return GW_OK;
}

void gw_stmt_cache_free(gw_stmt_cache *c, void (*fn)(gw_stmt *st))
{
    for (size_t i = 0; i < c->cap; i++)
        if (c->keys[i] && fn) fn(c->vals[i]);
    free(c->keys);
    free(c->vals);
    *c = (gw_stmt_cache){ 0 };
}
