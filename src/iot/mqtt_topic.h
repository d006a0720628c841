/* iot/mqtt_topic.h — the MQTT topic rules, pure (no I/O, no allocation): what a device may publish on
 * and what the server's options may say. Devices publish on <prefix>/devices/<device id>/status and
 * <prefix>/devices/<device id>/telemetry; a device id is 1..GW_IOT_CODE_MAX bytes of A-Z a-z 0-9 _ . : -. */
#ifndef GW_IOT_MQTT_TOPIC_H
#define GW_IOT_MQTT_TOPIC_H

#include <stddef.h>

/* Why a message was dropped before it reached the sink (and the sink's own verdicts). */
typedef enum {
    GW_MQTT_DROP_TOPIC = 0,   /* not <prefix>/devices/<id>/(status|telemetry) */
    GW_MQTT_DROP_DEVICE_ID,   /* the id part is empty, too long or has a byte outside the charset */
    GW_MQTT_DROP_TOO_LARGE,   /* payload over GW_IOT_PAYLOAD_MAX bytes */
    GW_MQTT_DROP_EMPTY,       /* no payload at all */
    GW_MQTT_DROP_REJECTED,    /* the sink refused it (bad JSON, unknown device, ...: counted there too) */
    GW_MQTT_DROP__COUNT
} gw_mqtt_drop;

/* Prometheus label of a reason: "topic", "device_id", "too_large", "empty", "rejected". */
const char *gw_mqtt_drop_name(gw_mqtt_drop d);

/* Split `topic` (NUL-terminated, any bytes) under `prefix`. On success returns -1, copies the device id
 * into dev (devn >= GW_IOT_CODE_MAX + 1) and points *kind at the static "status" or "telemetry";
 * otherwise returns GW_MQTT_DROP_TOPIC or GW_MQTT_DROP_DEVICE_ID and leaves dev empty. */
int gw_mqtt_topic_parse(const char *prefix, const char *topic, char *dev, size_t devn, const char **kind);

/* 1 when `id` is a valid device id (the charset and length above). */
int gw_mqtt_device_id_ok(const char *id, size_t len);

/* 1 when `prefix` may be configured: 1..100 bytes, no wildcard (+ #), no NUL, not starting with '$'
 * or '/', not ending with '/', no empty level. */
int gw_mqtt_prefix_ok(const char *prefix);

/* 1 when `group` may name a shared subscription: 1..64 bytes of A-Z a-z 0-9 _ -. */
int gw_mqtt_group_ok(const char *group);

/* The subscription filter for `kind` ("status"/"telemetry"): <prefix>/devices/+/<kind>, or
 * $share/<group>/<prefix>/devices/+/<kind> when group is non-empty. 0 on success, -1 when it does not fit. */
int gw_mqtt_filter(const char *prefix, const char *group, const char *kind, char *out, size_t outn);

/* The topic a device publishes `kind` on. 0 on success, -1 when it does not fit. */
int gw_mqtt_topic(const char *prefix, const char *device_id, const char *kind, char *out, size_t outn);

#endif
