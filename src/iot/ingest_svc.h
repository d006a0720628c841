/* iot/ingest_svc.h — the ingestion service: one per server, shared by the transports (HTTP here, MQTT in
 * iot/mqtt.c). It keeps a bounded cache of devices (id, type, secret hash, status) so a heartbeat — a
 * message that changes no status — costs no transaction: its last-seen time, battery, signal and values
 * wait in memory and a flusher thread writes them every GW_IOT_FLUSH_MS in one transaction. A message that
 * changes anything durable (a status change, an alarm raised/repeated/escalated/cleared, a ticket) goes
 * through the group-commit writer, and gw_iot_ingest returns after its commit, so a transport acknowledges
 * (MQTT PUBACK, HTTP 2xx) only what is on disk. Offline detection (iot/alarm_svc.h) reads last-seen from
 * the database; docs/iot.md says why a flushed heartbeat always beats it. */
#ifndef GW_IOT_INGEST_SVC_H
#define GW_IOT_INGEST_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "base/str.h"
#include "core/jobs.h"
#include "db/store.h"

#define GW_IOT_FLUSH_MS 2000     /* heartbeats reach the database within this (plus one commit) */
#define GW_IOT_CACHE_MS 5000     /* on a shared database, a cached device is read again after this */
#define GW_IOT_CACHE_MAX 262144  /* devices cached; past it clean entries are dropped */

typedef enum { GW_IOT_HTTP = 0, GW_IOT_MQTT = 1 } gw_iot_via;
typedef struct gw_iot gw_iot; /* the ingestion service: caches, counters; one per server */

/* Why a message was dropped (counted in /metrics by reason). */
typedef enum {
    GW_IOT_DROP_TOO_LARGE = 0, /* over GW_IOT_PAYLOAD_MAX */
    GW_IOT_DROP_BAD_KIND,      /* a kind other than status/telemetry (MQTT: the topic) */
    GW_IOT_DROP_BAD_PAYLOAD,   /* the decoder refused it (bad JSON, invalid UTF-8, wrong fields) */
    GW_IOT_DROP_UNKNOWN,       /* no such device, or disabled */
    GW_IOT_DROP_AUTH,          /* wrong credentials (HTTP; MQTT: the broker refuses them) */
    GW_IOT_DROP_BAD_STATUS,    /* a status the device's type does not have, or another device's name */
    GW_IOT_DROP_ERROR,         /* the database failed */
    GW_IOT_DROP__COUNT
} gw_iot_drop;

/* Start the service on s: the cache and the heartbeat flusher thread. NULL when out of memory or the
 * thread cannot start. */
gw_iot *gw_iot_start(gw_store *s);
/* Stop the flusher, flush what is buffered, free. NULL is fine. */
void gw_iot_stop(gw_iot *iot);

/* One message from device `device_id` (MQTT: from the topic; HTTP: the authenticated device), kind
 * "status" (every event needs a status) or "telemetry" (a status is optional), payload = the raw JSON
 * bytes (not NUL-terminated; iot/ingest.h). Returns after the commit when the message changed anything
 * durable; a heartbeat returns at once after updating memory. Errors: GW_E_TOO_LARGE, GW_E_INVALID bad
 * payload or kind or status (msg says which), GW_E_NOT_FOUND unknown or disabled device, GW_E_UNAVAILABLE
 * the cache is full of unflushed devices, a database error; every drop is counted by reason. */
gw_err gw_iot_ingest(gw_iot *iot, gw_iot_via via, const char *device_id, const char *kind, const char *payload,
                     size_t len, char *msg, size_t msgn);

/* A video-analytics event of camera device_id: `status` (an AI event type of its device type, e.g.
 * street_vending) at ts_ms (0 = now) with its snapshot, an attachment already stored (sha256). Always goes
 * through the writer (a new alarm's ticket gets the snapshot as its report photo) and returns after the
 * commit. Errors as gw_iot_ingest. */
gw_err gw_iot_ingest_video(gw_iot *iot, const char *device_id, const char *status, int64_t ts_ms, const char *sha256,
                           char *msg, size_t msgn);

/* Whether secret is device_id's (an enabled device; constant time in the hash). GW_OK or
 * GW_E_UNAUTHORIZED (counted as an auth drop). An unknown device id is remembered for
 * GW_IOT_UNKNOWN_MS, so a flood of made-up ids costs no database read each. */
gw_err gw_iot_auth(gw_iot *iot, gw_iot_via via, const char *device_id, const char *secret);

#define GW_IOT_AUTH_FAILS 10        /* failed logins per device id and client address ... */
#define GW_IOT_AUTH_WINDOW_MS 60000 /* ... per minute, then 429 for that pair (never the whole address) */
#define GW_IOT_UNKNOWN_MS 5000
/* HTTP: whether `client` (an address) may try device_id's secret now (0: too many failures, *retry_ms
 * until the window ends), and counting a failure. One server's memory (core/ratelimit.h). */
int gw_iot_auth_allowed(gw_iot *iot, const char *client, const char *device_id, int64_t *retry_ms);
void gw_iot_auth_failed(gw_iot *iot, const char *client, const char *device_id);

/* Drop the cached entry of device_id (after a change to it: created, type, enabled, secret, deleted). */
void gw_iot_forget(gw_iot *iot, const char *device_id);
/* Write buffered heartbeats now (tests, shutdown). */
gw_err gw_iot_flush(gw_iot *iot);

/* The offline job (core/jobs.h) for this service: every `seconds`. */
gw_job gw_iot_offline_job_of(gw_iot *iot, int seconds);

/* The service's counters in Prometheus text (messages by transport and result, drops by reason,
 * heartbeats, flushes, buffered devices, ingest lag). */
void gw_iot_metrics_text(gw_iot *iot, gw_buf *b);

/* The server's service (set by gw_iot_start, cleared by gw_iot_stop), for the HTTP handlers. */
gw_iot *gw_iot_current(void);

#endif
