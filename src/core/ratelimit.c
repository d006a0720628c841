/* core/ratelimit.c — exact-keyed bounded counters: a chained hash table (SipHash with a random
 * key, so clients cannot aim keys at one chain) over a fixed array of entries, kept in a list
 * from most to least recently used. */
#include "core/ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define NIL UINT32_MAX

typedef struct {
    char key[GW_RL_KEY_MAX];
    double level;         /* bucket: tokens at at_ms; counter: hits in the window */
    int64_t at_ms;        /* bucket: time of level; counter: start of the window */
    int64_t expires_ms;   /* from this time on the entry says nothing a fresh one would not */
    uint32_t chain;       /* next entry in the same hash bucket, or in the free list */
    uint32_t newer, older; /* the use list */
} entry;

struct gw_rl {
    pthread_mutex_t mu;
    gw_rl_full policy;
    uint32_t cap, used, fresh; /* fresh: entries [fresh, cap) were never used */
    uint32_t mask;             /* hash buckets - 1 */
    uint32_t *buckets;
    entry *e;
    uint32_t newest, oldest, free_list;
    int64_t quiet_until; /* after a scan that found nothing expired: nothing expires before this */
    unsigned char hkey[crypto_shorthash_KEYBYTES];
};

gw_rl *gw_rl_new(uint32_t capacity, gw_rl_full when_full)
{
    if (capacity < 1 || capacity > (1u << 30) || sodium_init() < 0) return NULL;
    gw_rl *t = calloc(1, sizeof *t);
    uint32_t nb = 1;
    while (nb * 2 < capacity) nb <<= 1; /* chains of two entries on average when full */
    if (!t || !(t->buckets = malloc(nb * sizeof *t->buckets)) || !(t->e = calloc(capacity, sizeof *t->e))) {
        if (t) free(t->buckets);
        free(t);
        return NULL;
    }
    memset(t->buckets, 0xff, nb * sizeof *t->buckets); /* every bucket NIL */
    pthread_mutex_init(&t->mu, NULL);
    t->policy = when_full;
    t->cap = capacity;
    t->mask = nb - 1;
    t->newest = t->oldest = t->free_list = NIL;
    randombytes_buf(t->hkey, sizeof t->hkey);
    return t;
}

void gw_rl_free(gw_rl *t)
{
    if (!t) return;
    pthread_mutex_destroy(&t->mu);
    free(t->buckets);
    free(t->e);
    free(t);
}

static uint32_t bucket_of(const gw_rl *t, const char *key)
{
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, (const unsigned char *)key, strlen(key), t->hkey);
    uint32_t v;
    memcpy(&v, h, sizeof v);
    return v & t->mask;
}

static void use_unlink(gw_rl *t, uint32_t i)
{
    entry *x = &t->e[i];
    if (x->newer != NIL) t->e[x->newer].older = x->older; else t->newest = x->older;
    if (x->older != NIL) t->e[x->older].newer = x->newer; else t->oldest = x->newer;
}

static void use_push(gw_rl *t, uint32_t i)
{
    entry *x = &t->e[i];
    x->newer = NIL;
    x->older = t->newest;
    if (t->newest != NIL) t->e[t->newest].newer = i; else t->oldest = i;
    t->newest = i;
}

/* The entry of key (moved to the front of the use list), or NIL. */
static uint32_t find(gw_rl *t, const char *key)
{
    for (uint32_t i = t->buckets[bucket_of(t, key)]; i != NIL; i = t->e[i].chain)
        if (!strcmp(t->e[i].key, key)) {
            use_unlink(t, i);
            use_push(t, i);
            return i;
        }
    return NIL;
}

static void drop(gw_rl *t, uint32_t i)
{
    uint32_t *p = &t->buckets[bucket_of(t, t->e[i].key)];
    while (*p != i) p = &t->e[*p].chain;
    *p = t->e[i].chain;
    use_unlink(t, i);
    t->e[i].key[0] = 0;
    t->e[i].chain = t->free_list;
    t->free_list = i;
    t->used--;
}

/* Make one entry free: an expired one (least recently used first), else by the policy.
 * 0 when the table is full of live entries and fails closed; *retry_ms then says for how long. */
static int make_room(gw_rl *t, int64_t now, int64_t *retry_ms)
{
    if (t->free_list != NIL || t->fresh < t->cap) return 1;
    if (now >= t->quiet_until) {
        int64_t soonest = INT64_MAX;
        for (uint32_t i = t->oldest; i != NIL; i = t->e[i].newer) {
            if (t->e[i].expires_ms <= now) { drop(t, i); return 1; }
            if (t->e[i].expires_ms < soonest) soonest = t->e[i].expires_ms;
        }
        t->quiet_until = soonest;
    }
    if (t->policy == GW_RL_EVICT_LRU) { drop(t, t->oldest); return 1; }
    if (retry_ms) *retry_ms = t->quiet_until - now;
    return 0;
}

/* Entries' expiry only ever moves later, except for a new entry: it may end a quiet time. */
static void set_expiry(gw_rl *t, entry *x, int64_t when)
{
    x->expires_ms = when;
    if (when < t->quiet_until) t->quiet_until = when;
}

/* A new entry for key (room must have been made), at the front of the use list. */
static uint32_t insert(gw_rl *t, const char *key, int64_t expires_ms)
{
    uint32_t i;
    if (t->free_list != NIL) { i = t->free_list; t->free_list = t->e[i].chain; }
    else i = t->fresh++;
    entry *x = &t->e[i];
    memcpy(x->key, key, strlen(key) + 1);
    x->expires_ms = expires_ms;
    uint32_t *b = &t->buckets[bucket_of(t, key)];
    x->chain = *b;
    *b = i;
    use_push(t, i);
    t->used++;
    return i;
}

/* The entry of key, created (level 0, at now) when absent; NIL when it cannot be. */
static uint32_t get_or_make(gw_rl *t, const char *key, int64_t now, int64_t *retry_ms)
{
    uint32_t i = find(t, key);
    if (i != NIL) return i;
    if (!make_room(t, now, retry_ms)) return NIL;
    i = insert(t, key, INT64_MAX); /* the caller sets the expiry */
    t->e[i].level = 0;
    t->e[i].at_ms = now;
    return i;
}

static int key_ok(const char *key, int64_t *retry_ms)
{
    if (strlen(key) < GW_RL_KEY_MAX) return 1;
    if (retry_ms) *retry_ms = 1000;
    return 0;
}

int gw_rl_take(gw_rl *t, const char *key, int64_t now, double burst, int64_t period_ms, int64_t *retry_ms)
{
    if (!key_ok(key, retry_ms)) return 0;
    double per_ms = burst / (double)period_ms;
    pthread_mutex_lock(&t->mu);
    uint32_t i = find(t, key);
    int had = i != NIL;
    if (!had) i = get_or_make(t, key, now, retry_ms);
    int ok = 0;
    if (i != NIL) {
        entry *x = &t->e[i];
        double tokens = had ? x->level + (double)(now - x->at_ms) * per_ms : burst;
        if (tokens > burst) tokens = burst;
        ok = tokens >= 1.0;
        if (ok) tokens -= 1.0;
        else if (retry_ms) *retry_ms = (int64_t)ceil((1.0 - tokens) / per_ms);
        x->level = tokens;
        x->at_ms = now;
        set_expiry(t, x, now + (int64_t)ceil((burst - tokens) / per_ms));
    }
    pthread_mutex_unlock(&t->mu);
    return ok;
}

int gw_rl_hit(gw_rl *t, const char *key, int64_t now, int64_t window_ms, int64_t limit, int64_t *count,
              int64_t *retry_ms)
{
    if (!key_ok(key, retry_ms)) return 0;
    pthread_mutex_lock(&t->mu);
    uint32_t i = get_or_make(t, key, now, retry_ms);
    int ok = 0;
    if (i != NIL) {
        entry *x = &t->e[i];
        if (x->level <= 0 || now >= x->expires_ms) { /* new, empty or ended: a fresh window */
            x->level = 0;
            x->at_ms = now;
            set_expiry(t, x, now + window_ms);
        }
        ok = x->level < (double)limit;
        if (ok) x->level += 1;
        else if (retry_ms) *retry_ms = x->expires_ms - now;
        if (count) *count = (int64_t)x->level;
    }
    pthread_mutex_unlock(&t->mu);
    return ok;
}

void gw_rl_unhit(gw_rl *t, const char *key, int64_t now)
{
    pthread_mutex_lock(&t->mu);
    uint32_t i = find(t, key);
    if (i != NIL && now < t->e[i].expires_ms && t->e[i].level > 0) t->e[i].level -= 1;
    if (i != NIL && t->e[i].level <= 0) drop(t, i); /* nothing counted: nothing to keep */
    pthread_mutex_unlock(&t->mu);
}

int64_t gw_rl_count(gw_rl *t, const char *key, int64_t now, int64_t *retry_ms)
{
    pthread_mutex_lock(&t->mu);
    uint32_t i = find(t, key);
    int64_t n = 0;
    if (i != NIL && now < t->e[i].expires_ms) {
        n = (int64_t)t->e[i].level;
        if (retry_ms) *retry_ms = t->e[i].expires_ms - now;
    }
    pthread_mutex_unlock(&t->mu);
    return n;
}

void gw_rl_clear(gw_rl *t, const char *key)
{
    pthread_mutex_lock(&t->mu);
    uint32_t i = find(t, key);
    if (i != NIL) drop(t, i);
    pthread_mutex_unlock(&t->mu);
}

size_t gw_rl_clear_prefix(gw_rl *t, const char *prefix)
{
    size_t n = strlen(prefix), gone = 0;
    pthread_mutex_lock(&t->mu);
    for (uint32_t i = t->oldest, next; i != NIL; i = next) {
        next = t->e[i].newer;
        if (!strncmp(t->e[i].key, prefix, n)) { drop(t, i); gone++; }
    }
    pthread_mutex_unlock(&t->mu);
    return gone;
}

size_t gw_rl_size(gw_rl *t)
{
    pthread_mutex_lock(&t->mu);
    size_t n = t->used;
    pthread_mutex_unlock(&t->mu);
    return n;
}
