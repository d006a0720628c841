/* iot/mqtt.h — the MQTT subscriber (libmosquitto; the only code that includes mosquitto.h with
 * iot/simulate.c). It keeps one persistent session (clean_session=false, a stable client id) with the
 * broker, subscribes at QoS 1 to <prefix>/devices/+/status and .../telemetry (optionally as the shared
 * subscription $share/<group>/...), reconnects with backoff, checks every message's topic and size,
 * and hands each good one to the sink in the client's network thread, one at a time.
 *
 * Acknowledge after commit: a QoS 1 message's PUBACK leaves only after the sink has returned
 * (measured with libmosquitto 2.0.11, docs/iot.md), so a sink that returns after its commit gets
 * at-least-once delivery: a crash before the commit means the broker redelivers to the session. */
#ifndef GW_IOT_MQTT_H
#define GW_IOT_MQTT_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "base/str.h"
#include "core/config.h"
#include "iot/mqtt_topic.h"

/* The sink's verdicts. */
enum {
    GW_MQTT_ACK = 0,    /* done (committed, or nothing durable to do): acknowledge */
    GW_MQTT_REJECT = 1, /* bad for good (bad payload, unknown device): acknowledge and count as dropped */
    GW_MQTT_RETRY = 2   /* could not process now (database down, shutting down): do NOT acknowledge; the
                           connection is dropped so the broker redelivers after the reconnect */
};

/* One message from device_id (from the topic; valid charset, NUL-terminated), kind "status" or
 * "telemetry", payload = len raw bytes (not NUL-terminated, 1..GW_IOT_PAYLOAD_MAX). Runs in the
 * network thread; may block (the commit) but not for long (the broker's keepalive). */
typedef int (*gw_mqtt_sink)(void *arg, const char *device_id, const char *kind, const void *payload, size_t len);

typedef struct {
    char host[256];
    int port;
    int tls;                /* TLS to the broker; cafile "" = the system's CA directory */
    char user[128], password[256], cafile[512];
    char prefix[128];       /* topic prefix (gridwork/v1) */
    char share_group[72];   /* "" = a plain subscription */
    char client_id[128];    /* the persistent session's id: one per server */
    int keepalive;          /* seconds (30) */
} gw_mqtt_opts;

typedef struct gw_mqtt gw_mqtt;

/* The verdict for an ingest error: GW_OK -> ACK; the server's transient trouble (GW_E_UNAVAILABLE,
 * GW_E_IO, GW_E_NOMEM) -> RETRY (redelivered); anything else (bad payload, unknown device, a bug that
 * would fail again on every redelivery) -> REJECT. */
int gw_mqtt_verdict(gw_err e);

/* Counters for /metrics, monotonically increasing. */
typedef struct {
    uint64_t received;                        /* messages that arrived on our subscriptions */
    uint64_t delivered;                       /* handed to the sink and acknowledged as done */
    uint64_t dropped[GW_MQTT_DROP__COUNT];    /* by reason (rejected = by the sink) */
    uint64_t withheld;                        /* the sink said RETRY: not acknowledged, connection dropped */
    uint64_t connects, disconnects;           /* sessions established / lost */
} gw_mqtt_counts;

/* The options from the server's config; 0 when the config names no broker (no MQTT). A missing client
 * id becomes gridwork-<hostname>-<listen port>. */
int gw_mqtt_opts_from_config(const gw_config *c, gw_mqtt_opts *o);

/* Check the options, start the network thread and connect (in the background: a broker that is down
 * is retried with backoff). GW_E_INVALID with msg for bad options; GW_E_INTERNAL when libmosquitto
 * refuses. The sink and arg must outlive gw_mqtt_stop. */
gw_err gw_mqtt_start(const gw_mqtt_opts *o, gw_mqtt_sink sink, void *arg, gw_mqtt **out, char *msg, size_t msgn);

/* Disconnect, wait for the network thread (and a sink call in progress), free. NULL is a no-op. */
void gw_mqtt_stop(gw_mqtt *m);

/* 1 while subscribed (connected and the SUBACK came back). */
int gw_mqtt_ready(const gw_mqtt *m);

void gw_mqtt_counters(const gw_mqtt *m, gw_mqtt_counts *out);

/* Append the counters as Prometheus text (gridwork_mqtt_*). */
void gw_mqtt_metrics_text(const gw_mqtt *m, gw_buf *b);

#endif
