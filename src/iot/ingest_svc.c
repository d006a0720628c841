/* iot/ingest_svc.c — see ingest_svc.h. */
#include "iot/ingest_svc.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/ratelimit.h"
#include "iot/alarm_store.h"
#include "iot/alarm_svc.h"
#include "iot/device.h"
#include "iot/ingest.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NBUCKETS 65536
#define FLUSH_BATCH 4096
#define N_LAG 7

typedef struct entry {
    struct entry *next;
    int64_t id;
    char did[GW_IOT_CODE_BUF];
    char hash[GW_IOT_HASH_BUF];
    char status[GW_IOT_CODE_BUF];
    int pending, online;
    int alarms;                    /* open alarms: every status reading then counts (repeat, clear) */
    int stale;                     /* read it again before trusting it */
    int64_t loaded_ms;             /* monotonic */
    int dirty, has_battery, has_signal;
    int64_t seen_ms, battery, signal;
    char *values;                  /* the latest telemetry values not yet written */
} entry;

struct gw_iot {
    gw_store *store;
    int shared;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t flusher;
    int stop;
    entry **b;
    size_t count, dirty;
    gw_iot_offline_arg offline;
    gw_rl *fails;                  /* failed logins per (address, device), unknown device ids */
    atomic_llong msgs[2][2];       /* [via][dropped] */
    atomic_llong drops[GW_IOT_DROP__COUNT];
    atomic_llong heartbeats, durable, flushes, flushed;
    atomic_llong alarms[4];        /* raised, repeated, escalated, cleared */
    atomic_llong lag[N_LAG + 1], lag_count, lag_sum_ms;
};

static const double lag_bounds_s[N_LAG] = { 0.1, 0.5, 1, 5, 30, 300, 3600 };
static const char *const drop_names[GW_IOT_DROP__COUNT] = { "too_large", "bad_kind", "bad_payload", "unknown_device",
                                                            "auth", "bad_status", "error" };
static gw_iot *current;

gw_iot *gw_iot_current(void) { return current; }

static size_t hash_of(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h % NBUCKETS;
}

/* Under mu. */
static entry *find(gw_iot *iot, const char *did)
{
    for (entry *e = iot->b[hash_of(did)]; e; e = e->next)
        if (!strcmp(e->did, did)) return e;
    return NULL;
}

static void drop_entry(gw_iot *iot, const char *did)
{
    entry **pp = &iot->b[hash_of(did)];
    for (; *pp; pp = &(*pp)->next)
        if (!strcmp((*pp)->did, did)) {
            entry *e = *pp;
            *pp = e->next;
            iot->count--;
            iot->dirty -= e->dirty;
            free(e->values);
            free(e);
            return;
        }
}

/* Under mu: drop every clean entry (the cache is full). */
static void evict_clean(gw_iot *iot)
{
    for (size_t i = 0; i < NBUCKETS; i++)
        for (entry **pp = &iot->b[i]; *pp;) {
            entry *e = *pp;
            if (e->dirty) { pp = &e->next; continue; }
            *pp = e->next;
            iot->count--;
            free(e);
        }
}

static int fresh(const gw_iot *iot, const entry *e)
{
    return !e->stale && (!iot->shared || gw_mono_ms() - e->loaded_ms < GW_IOT_CACHE_MS);
}

/* Under mu: refresh (or add) the entry of d from the database row. NULL when the cache is full of dirty
 * entries. */
static entry *put(gw_iot *iot, const gw_device_row *d)
{
    entry *e = find(iot, d->device_id);
    if (!e) {
        if (iot->count >= GW_IOT_CACHE_MAX) evict_clean(iot);
        if (iot->count >= GW_IOT_CACHE_MAX || !(e = calloc(1, sizeof *e))) return NULL;
        snprintf(e->did, sizeof e->did, "%s", d->device_id);
        size_t h = hash_of(e->did);
        e->next = iot->b[h];
        iot->b[h] = e;
        iot->count++;
    }
    e->id = d->id;
    snprintf(e->hash, sizeof e->hash, "%s", d->secret_hash);
    snprintf(e->status, sizeof e->status, "%s", d->st.status);
    e->pending = d->st.pending[0] != 0;
    e->online = d->online;
    e->alarms = d->open_alarms > 0;
    e->loaded_ms = gw_mono_ms();
    e->stale = 0;
    return e;
}

/* The fresh entry of did, loaded when needed, copied into *out (values not copied). GW_E_NOT_FOUND for an
 * unknown, deleted or disabled device. */
static gw_err lookup(gw_iot *iot, const char *did, entry *out)
{
    pthread_mutex_lock(&iot->mu);
    entry *e = find(iot, did);
    if (e && fresh(iot, e)) {
        *out = *e;
        pthread_mutex_unlock(&iot->mu);
        return GW_OK;
    }
    pthread_mutex_unlock(&iot->mu);
    gw_device_row *d = malloc(sizeof *d);
    if (!d) return GW_E_NOMEM;
    gw_db *db = gw_store_read_one(iot->store);
    gw_err err = db ? gw_store_device_by_did(db, did, d) : GW_E_IO;
    if (db) gw_store_read_one_end(iot->store, db);
    if (!err && !d->enabled) err = GW_E_NOT_FOUND;
    pthread_mutex_lock(&iot->mu);
    if (err == GW_E_NOT_FOUND) drop_entry(iot, did);
    if (!err && !(e = put(iot, d))) err = GW_E_UNAVAILABLE;
    if (!err) *out = *e;
    pthread_mutex_unlock(&iot->mu);
    free(d);
    return err;
}

static void count_drop(gw_iot *iot, gw_iot_via via, gw_iot_drop why)
{
    atomic_fetch_add(&iot->msgs[via != GW_IOT_HTTP][1], 1);
    atomic_fetch_add(&iot->drops[why], 1);
}

gw_err gw_iot_auth(gw_iot *iot, gw_iot_via via, const char *device_id, const char *secret)
{
    entry e;
    char key[GW_IOT_CODE_BUF + 4];
    int64_t now = gw_mono_ms();
    snprintf(key, sizeof key, "nf:%s", device_id ? device_id : "");
    int known = gw_iot_code_valid(device_id) && gw_rl_count(iot->fails, key, now, NULL) == 0;
    gw_err err = known ? lookup(iot, device_id, &e) : GW_E_NOT_FOUND;
    if (err == GW_E_NOT_FOUND && known) gw_rl_hit(iot->fails, key, now, GW_IOT_UNKNOWN_MS, 1, NULL, NULL);
    if (err || !secret || !gw_iot_secret_ok(device_id, secret, e.hash)) {
        count_drop(iot, via, GW_IOT_DROP_AUTH);
        return GW_E_UNAUTHORIZED;
    }
    return GW_OK;
}

static void fail_key(char *key, size_t n, const char *client, const char *device_id)
{
    snprintf(key, n, "af:%.64s|%.64s", client ? client : "", device_id ? device_id : "");
}

int gw_iot_auth_allowed(gw_iot *iot, const char *client, const char *device_id, int64_t *retry_ms)
{
    char key[160];
    fail_key(key, sizeof key, client, device_id);
    return gw_rl_count(iot->fails, key, gw_mono_ms(), retry_ms) < GW_IOT_AUTH_FAILS;
}

void gw_iot_auth_failed(gw_iot *iot, const char *client, const char *device_id)
{
    char key[160];
    fail_key(key, sizeof key, client, device_id);
    gw_rl_hit(iot->fails, key, gw_mono_ms(), GW_IOT_AUTH_WINDOW_MS, GW_IOT_AUTH_FAILS, NULL, NULL);
}

void gw_iot_forget(gw_iot *iot, const char *device_id)
{
    char key[GW_IOT_CODE_BUF + 4];
    if (!iot || !device_id) return;
    snprintf(key, sizeof key, "nf:%s", device_id);
    gw_rl_clear(iot->fails, key); /* a device just created is no longer unknown */
    pthread_mutex_lock(&iot->mu);
    drop_entry(iot, device_id);
    pthread_mutex_unlock(&iot->mu);
}

/* Under mu: a heartbeat into memory. */
static void absorb(gw_iot *iot, entry *e, const gw_iot_event *ev, int64_t ts)
{
    if (!e->dirty) iot->dirty++;
    e->dirty = 1;
    if (ts > e->seen_ms) e->seen_ms = ts;
    if (ev->has_battery) e->has_battery = 1, e->battery = ev->battery;
    if (ev->has_signal) e->has_signal = 1, e->signal = ev->signal;
    if (ev->values) {
        char *v = strdup(ev->values);
        if (v) free(e->values), e->values = v;
    }
}

static void count_lag(gw_iot *iot, int64_t lag_ms)
{
    if (lag_ms < 0) lag_ms = 0;
    int k = 0;
    while (k < N_LAG && (double)lag_ms / 1000.0 > lag_bounds_s[k]) k++;
    atomic_fetch_add(&iot->lag[k], 1);
    atomic_fetch_add(&iot->lag_count, 1);
    atomic_fetch_add(&iot->lag_sum_ms, lag_ms);
}

typedef struct {
    gw_iot_reading rd;
    gw_iot_outcome out;
    char *msg;
    size_t msgn;
} apply_arg;

static gw_err op_apply(gw_db *tx, void *p)
{
    apply_arg *a = p;
    memset(&a->out, 0, sizeof a->out);
    return gw_iot_apply_tx(tx, &a->rd, &a->out, a->msg, a->msgn);
}

/* After a committed reading: what it did to alarms. */
static void count_alarms(gw_iot *iot, const gw_iot_outcome *o)
{
    atomic_fetch_add(&iot->alarms[0], o->raised);
    atomic_fetch_add(&iot->alarms[1], o->repeated);
    atomic_fetch_add(&iot->alarms[2], o->escalated);
    atomic_fetch_add(&iot->alarms[3], o->cleared);
}

/* One event of device e: into memory, or through the writer when it changes anything durable. */
static gw_err one_event(gw_iot *iot, const entry *e, const gw_iot_event *ev, int64_t now, char *msg, size_t msgn)
{
    int64_t ts = ev->ts_ms ? ev->ts_ms : now;
    int durable = !e->online || (ev->status[0] && (strcmp(ev->status, e->status) || e->pending || e->alarms));
    if (!durable) {
        pthread_mutex_lock(&iot->mu);
        entry *c = find(iot, e->did);
        if (c) absorb(iot, c, ev, ts);
        pthread_mutex_unlock(&iot->mu);
        atomic_fetch_add(&iot->heartbeats, 1);
        return c ? GW_OK : GW_E_UNAVAILABLE;
    }
    apply_arg *a = calloc(1, sizeof *a);
    if (!a) return GW_E_NOMEM;
    a->rd = (gw_iot_reading){ e->id, ev->status, ts, now, ev->has_battery, ev->has_signal, ev->battery, ev->signal,
                              ev->values, NULL };
    a->msg = msg, a->msgn = msgn;
    gw_err err = gw_store_write(iot->store, op_apply, a);
    if (!err) count_alarms(iot, &a->out);
    pthread_mutex_lock(&iot->mu);
    entry *c = err ? find(iot, e->did) : put(iot, &a->out.dev);
    if (!c && !err) err = GW_E_UNAVAILABLE;
    if (err && c) c->stale = 1; /* read it again next time */
    pthread_mutex_unlock(&iot->mu);
    free(a);
    atomic_fetch_add(&iot->durable, 1);
    return err;
}

static gw_iot_drop drop_of(gw_err e)
{
    return e == GW_E_NOT_FOUND ? GW_IOT_DROP_UNKNOWN : e == GW_E_INVALID ? GW_IOT_DROP_BAD_STATUS : GW_IOT_DROP_ERROR;
}

gw_err gw_iot_ingest(gw_iot *iot, gw_iot_via via, const char *device_id, const char *kind, const char *payload,
                     size_t len, char *msg, size_t msgn)
{
    int status_kind = kind && !strcmp(kind, "status");
    if (len > GW_IOT_PAYLOAD_MAX) {
        count_drop(iot, via, GW_IOT_DROP_TOO_LARGE);
        snprintf(msg, msgn, "a device message holds at most %d bytes", GW_IOT_PAYLOAD_MAX);
        return GW_E_TOO_LARGE;
    }
    if (!status_kind && !(kind && !strcmp(kind, "telemetry"))) {
        count_drop(iot, via, GW_IOT_DROP_BAD_KIND);
        snprintf(msg, msgn, "a device message is a status or telemetry");
        return GW_E_INVALID;
    }
    gw_iot_event *ev = calloc(GW_IOT_BATCH_MAX, sizeof *ev);
    size_t n = 0;
    entry e;
    gw_err err = !ev ? GW_E_NOMEM : gw_iot_decode(payload, len, ev, GW_IOT_BATCH_MAX, &n, msg, msgn);
    if (err) { count_drop(iot, via, GW_IOT_DROP_BAD_PAYLOAD); free(ev); return err; }
    for (size_t i = 0; i < n && !err; i++)
        if ((status_kind && !ev[i].status[0]) || (ev[i].device_id[0] && strcmp(ev[i].device_id, device_id))) {
            snprintf(msg, msgn, "event %zu: %s", i, ev[i].status[0] ? "device_id names another device" : "a status message needs a status");
            err = GW_E_INVALID;
        }
    if (err) { count_drop(iot, via, GW_IOT_DROP_BAD_PAYLOAD); gw_iot_events_free(ev, n); free(ev); return err; }
    if ((err = lookup(iot, device_id, &e))) {
        if (err == GW_E_NOT_FOUND) snprintf(msg, msgn, "no enabled device %s", device_id);
    }
    int64_t now = gw_now_ms();
    for (size_t i = 0; i < n && !err; i++) {
        if (ev[i].ts_ms) count_lag(iot, now - ev[i].ts_ms);
        err = one_event(iot, &e, &ev[i], now, msg, msgn);
        if (!err && i + 1 < n) err = lookup(iot, device_id, &e);
    }
    gw_iot_events_free(ev, n);
    free(ev);
    if (err) count_drop(iot, via, drop_of(err));
    else atomic_fetch_add(&iot->msgs[via != GW_IOT_HTTP][0], 1);
    return err;
}

gw_err gw_iot_ingest_video(gw_iot *iot, const char *device_id, const char *status, int64_t ts_ms, const char *sha256,
                           char *msg, size_t msgn)
{
    entry e;
    gw_err err = GW_OK;
    if (!gw_iot_code_valid(status)) {
        snprintf(msg, msgn, "event must be 1 to %d letters, digits or _ . : -", GW_IOT_CODE_MAX);
        err = GW_E_INVALID;
    }
    if (!err && (err = lookup(iot, device_id, &e)) == GW_E_NOT_FOUND) snprintf(msg, msgn, "no enabled device %s", device_id);
    apply_arg *a = err ? NULL : calloc(1, sizeof *a);
    if (!err && !a) err = GW_E_NOMEM;
    if (!err) {
        int64_t now = gw_now_ms();
        if (ts_ms) count_lag(iot, now - ts_ms);
        a->rd = (gw_iot_reading){ .device = e.id, .status = status, .ts_ms = ts_ms ? ts_ms : now, .now_ms = now,
                                  .photo = sha256 };
        a->msg = msg, a->msgn = msgn;
        err = gw_store_write(iot->store, op_apply, a);
        if (!err) count_alarms(iot, &a->out);
        pthread_mutex_lock(&iot->mu);
        entry *c = err ? find(iot, device_id) : put(iot, &a->out.dev);
        if (c && err) c->stale = 1;
        pthread_mutex_unlock(&iot->mu);
        atomic_fetch_add(&iot->durable, 1);
    }
    free(a);
    if (err) count_drop(iot, GW_IOT_HTTP, err == GW_E_INVALID && !gw_iot_code_valid(status) ? GW_IOT_DROP_BAD_PAYLOAD : drop_of(err));
    else atomic_fetch_add(&iot->msgs[0][0], 1);
    return err;
}

/* ---- the flusher --------------------------------------------------------------------------- */

typedef struct {
    int64_t id, seen, battery, signal;
    int has_battery, has_signal;
    char *values;
} flush_item;

typedef struct {
    flush_item *it;
    size_t n;
} flush_arg;

static gw_err op_flush(gw_db *tx, void *p)
{
    flush_arg *a = p;
    gw_err e = GW_OK;
    for (size_t i = 0; i < a->n && !e; i++) {
        flush_item *f = &a->it[i];
        e = gw_store_device_touch(tx, f->id, f->seen, f->has_battery, f->battery, f->has_signal, f->signal);
        if (!e && f->values) e = gw_store_reading_insert(tx, f->id, f->seen, "", f->values);
    }
    return e;
}

/* Take up to FLUSH_BATCH dirty entries (under mu). */
static size_t take_dirty(gw_iot *iot, flush_item *it)
{
    size_t n = 0;
    for (size_t i = 0; i < NBUCKETS && n < FLUSH_BATCH && iot->dirty; i++)
        for (entry *e = iot->b[i]; e && n < FLUSH_BATCH; e = e->next) {
            if (!e->dirty) continue;
            it[n++] = (flush_item){ e->id, e->seen_ms, e->battery, e->signal, e->has_battery, e->has_signal, e->values };
            e->values = NULL;
            e->dirty = 0, e->has_battery = 0, e->has_signal = 0;
            iot->dirty--;
        }
    return n;
}

gw_err gw_iot_flush(gw_iot *iot)
{
    flush_item *it = malloc(FLUSH_BATCH * sizeof *it);
    if (!it) return GW_E_NOMEM;
    gw_err e = GW_OK;
    for (;;) {
        pthread_mutex_lock(&iot->mu);
        size_t n = take_dirty(iot, it);
        pthread_mutex_unlock(&iot->mu);
        if (!n) break;
        flush_arg a = { it, n };
        e = gw_store_write(iot->store, op_flush, &a);
        for (size_t i = 0; i < n; i++) free(it[i].values);
        atomic_fetch_add(&iot->flushes, 1);
        if (e) { gw_warn("iot: could not write %zu heartbeats: %s", n, gw_err_name(e)); break; }
        atomic_fetch_add(&iot->flushed, (long long)n);
    }
    free(it);
    return e;
}

static void *flusher_main(void *p)
{
    gw_iot *iot = p;
    pthread_mutex_lock(&iot->mu);
    while (!iot->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += GW_IOT_FLUSH_MS / 1000;
        until.tv_nsec += (long)(GW_IOT_FLUSH_MS % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
        while (!iot->stop && pthread_cond_timedwait(&iot->cv, &iot->mu, &until) == 0) {}
        if (iot->stop) break;
        pthread_mutex_unlock(&iot->mu);
        gw_iot_flush(iot);
        pthread_mutex_lock(&iot->mu);
    }
    pthread_mutex_unlock(&iot->mu);
    return NULL;
}

static void gone(void *cls, int64_t device)
{
    gw_iot *iot = cls;
    pthread_mutex_lock(&iot->mu);
    for (size_t i = 0; i < NBUCKETS; i++)
        for (entry *e = iot->b[i]; e; e = e->next)
            if (e->id == device) e->online = 0;
    pthread_mutex_unlock(&iot->mu);
}

gw_job gw_iot_offline_job_of(gw_iot *iot, int seconds)
{
    return gw_iot_offline(seconds, &iot->offline);
}

gw_iot *gw_iot_start(gw_store *s)
{
    gw_iot *iot = calloc(1, sizeof *iot);
    if (!iot || !(iot->b = calloc(NBUCKETS, sizeof *iot->b)) || !(iot->fails = gw_rl_new(65536, GW_RL_EVICT_LRU))) {
        if (iot) free(iot->b);
        free(iot);
        return NULL;
    }
    iot->store = s;
    iot->shared = gw_store_shared(s);
    iot->offline = (gw_iot_offline_arg){ gone, iot };
    pthread_mutex_init(&iot->mu, NULL);
    pthread_cond_init(&iot->cv, NULL);
    if (pthread_create(&iot->flusher, NULL, flusher_main, iot)) {
        gw_rl_free(iot->fails);
        free(iot->b);
        free(iot);
        return NULL;
    }
    current = iot;
    return iot;
}

void gw_iot_stop(gw_iot *iot)
{
    if (!iot) return;
    pthread_mutex_lock(&iot->mu);
    iot->stop = 1;
    pthread_cond_signal(&iot->cv);
    pthread_mutex_unlock(&iot->mu);
    pthread_join(iot->flusher, NULL);
    gw_iot_flush(iot);
    if (current == iot) current = NULL;
    for (size_t i = 0; i < NBUCKETS; i++)
        for (entry *e = iot->b[i], *next; e; e = next) {
            next = e->next;
            free(e->values);
            free(e);
        }
    free(iot->b);
    gw_rl_free(iot->fails);
    pthread_mutex_destroy(&iot->mu);
    pthread_cond_destroy(&iot->cv);
    free(iot);
}

void gw_iot_metrics_text(gw_iot *iot, gw_buf *b)
{
    if (!iot) return;
    static const char *const via[2] = { "http", "mqtt" };
    gw_buf_puts(b, "# HELP gridwork_iot_messages_total Device messages by transport and result.\n"
                   "# TYPE gridwork_iot_messages_total counter\n");
    for (int v = 0; v < 2; v++)
        for (int d = 0; d < 2; d++)
            gw_buf_printf(b, "gridwork_iot_messages_total{via=\"%s\",result=\"%s\"} %lld\n", via[v],
                          d ? "dropped" : "ok", (long long)atomic_load(&iot->msgs[v][d]));
    gw_buf_puts(b, "# HELP gridwork_iot_dropped_total Device messages dropped, by reason.\n"
                   "# TYPE gridwork_iot_dropped_total counter\n");
    for (int k = 0; k < GW_IOT_DROP__COUNT; k++)
        gw_buf_printf(b, "gridwork_iot_dropped_total{reason=\"%s\"} %lld\n", drop_names[k],
                      (long long)atomic_load(&iot->drops[k]));
    pthread_mutex_lock(&iot->mu);
    size_t buffered = iot->dirty, cached = iot->count;
    pthread_mutex_unlock(&iot->mu);
    gw_buf_printf(b, "# TYPE gridwork_iot_heartbeats_total counter\ngridwork_iot_heartbeats_total %lld\n"
                     "# TYPE gridwork_iot_durable_total counter\ngridwork_iot_durable_total %lld\n"
                     "# TYPE gridwork_iot_flushes_total counter\ngridwork_iot_flushes_total %lld\n"
                     "# TYPE gridwork_iot_flushed_total counter\ngridwork_iot_flushed_total %lld\n"
                     "# HELP gridwork_iot_buffered Devices whose heartbeats wait for the flusher.\n"
                     "# TYPE gridwork_iot_buffered gauge\ngridwork_iot_buffered %zu\n"
                     "# TYPE gridwork_iot_cached gauge\ngridwork_iot_cached %zu\n",
                  (long long)atomic_load(&iot->heartbeats), (long long)atomic_load(&iot->durable),
                  (long long)atomic_load(&iot->flushes), (long long)atomic_load(&iot->flushed), buffered, cached);
    static const char *const ev[4] = { "raised", "repeated", "escalated", "cleared" };
    gw_buf_puts(b, "# HELP gridwork_iot_alarm_events_total What device readings did to alarms on this server.\n"
                   "# TYPE gridwork_iot_alarm_events_total counter\n");
    for (int k = 0; k < 4; k++)
        gw_buf_printf(b, "gridwork_iot_alarm_events_total{event=\"%s\"} %lld\n", ev[k], (long long)atomic_load(&iot->alarms[k]));
    int64_t act[GW_SEV_CRITICAL + 1][2];
    gw_db *db = gw_store_read_one(iot->store);
    if (db && gw_store_alarm_active(db, act) == GW_OK) {
        gw_buf_puts(b, "# HELP gridwork_iot_alarms_active Open alarms (every server's), by severity and acknowledgement.\n"
                       "# TYPE gridwork_iot_alarms_active gauge\n");
        for (int k = GW_SEV_WARNING; k <= GW_SEV_CRITICAL; k++)
            for (int a = 0; a < 2; a++)
                gw_buf_printf(b, "gridwork_iot_alarms_active{severity=\"%s\",acked=\"%d\"} %lld\n",
                              gw_severity_name((gw_severity)k), a, (long long)act[k][a]);
    }
    if (db) gw_store_read_one_end(iot->store, db);
    gw_buf_puts(b, "# HELP gridwork_iot_ingest_lag_seconds Receipt time minus the message's own time.\n"
                   "# TYPE gridwork_iot_ingest_lag_seconds histogram\n");
    long long cum = 0;
    for (int k = 0; k <= N_LAG; k++) {
        cum += atomic_load(&iot->lag[k]);
        if (k < N_LAG) gw_buf_printf(b, "gridwork_iot_ingest_lag_seconds_bucket{le=\"%g\"} %lld\n", lag_bounds_s[k], cum);
        else gw_buf_printf(b, "gridwork_iot_ingest_lag_seconds_bucket{le=\"+Inf\"} %lld\n", cum);
    }
    gw_buf_printf(b, "gridwork_iot_ingest_lag_seconds_sum %.3f\ngridwork_iot_ingest_lag_seconds_count %lld\n",
                  (double)atomic_load(&iot->lag_sum_ms) / 1000.0, (long long)atomic_load(&iot->lag_count));
}
