#include "core/limits.h"
#include "base/clock.h"
#include "core/auth_store.h"

typedef struct { const char *key; int64_t window, purge_before, n; } hit_arg;

static gw_err op_hit(gw_db *tx, void *p)
{
    hit_arg *a = p;
    return gw_store_rate_hit(tx, a->key, a->window, a->purge_before, &a->n);
}

gw_err gw_limit_hit(gw_store *s, const char *key, int64_t window_ms, int64_t *count)
{
    int64_t now = gw_now_ms(), window = now - now % window_ms;
    hit_arg a = { key, window, window - window_ms, 0 };
    gw_err e = gw_store_write(s, op_hit, &a);
    *count = a.n;
    return e;
}

gw_err gw_limit_count(gw_store *s, const char *key, int64_t window_ms, int64_t *count)
{
    int64_t now = gw_now_ms();
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_rate_count(db, key, now - now % window_ms, count);
    gw_store_read_end(s, db);
    return e;
}

typedef struct { const char *key; int64_t window; } undo_arg;

static gw_err op_undo(gw_db *tx, void *p)
{
    undo_arg *a = p;
    return gw_store_rate_undo(tx, a->key, a->window);
}

gw_err gw_limit_undo(gw_store *s, const char *key, int64_t window_ms)
{
    int64_t now = gw_now_ms();
    undo_arg a = { key, now - now % window_ms };
    return gw_store_write(s, op_undo, &a);
}

typedef struct { const char *key, *prefix; } clear_arg;

static gw_err op_clear(gw_db *tx, void *p)
{
    clear_arg *a = p;
    return gw_store_rate_clear(tx, a->key, a->prefix);
}

gw_err gw_limit_clear(gw_store *s, const char *key, const char *prefix)
{
    clear_arg a = { key, prefix };
    return gw_store_write(s, op_clear, &a);
}

int64_t gw_limit_retry_ms(int64_t window_ms)
{
    return window_ms - gw_now_ms() % window_ms;
}
