/* iot/ingest.h — decoding one device message: hostile input, pure (no I/O, no clock). A message is a JSON
 * object (at most GW_IOT_PAYLOAD_MAX bytes, checked by the receiver), either one
 * event or {"events":[event, ...]} with 1..GW_IOT_BATCH_MAX events. An event holds any of
 *   "ts": Unix ms | "timestamp": Unix s or ms, or ISO 8601 ("2026-12-07T08:00:00Z", "+08:00"; no zone
 *         means Asia/Shanghai) — the seed's alert shape {device_id, type, location, status, timestamp};
 *   "status": a status name; "values": a flat object of at most GW_IOT_VALUES_MAX numbers, strings
 *   (<= GW_IOT_CODE_MAX bytes), booleans or nulls; "battery": 0..100; "signal": -200..100 (dBm or %);
 *   "device_id", "type": names the receiver checks against the authenticated device; "location": a
 *   string or {"lon","lat"} (the registered location is the device's; this one is ignored).
 * Any other key, a wrong type, an out-of-range value is GW_E_INVALID with a message. */
#ifndef GW_IOT_INGEST_H
#define GW_IOT_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "iot/device.h"

typedef struct {
    int64_t ts_ms;                   /* 0: not given (the receiver's clock) */
    char status[GW_IOT_CODE_BUF];    /* "": no status (telemetry or a bare heartbeat) */
    char device_id[GW_IOT_CODE_BUF]; /* "": not named */
    char type[GW_IOT_CODE_BUF];      /* "": not named */
    int has_battery, has_signal;
    int64_t battery, signal;
    char *values;                    /* compact JSON of "values", or NULL; owned (gw_iot_events_free) */
} gw_iot_event;

/* Decode payload[0..len) into ev[0..*n) (at most max events). On an error nothing is left allocated. */
gw_err gw_iot_decode(const char *payload, size_t len, gw_iot_event *ev, size_t max, size_t *n, char *msg, size_t msgn);
void gw_iot_events_free(gw_iot_event *ev, size_t n);

/* ISO 8601 date-time to Unix ms: "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM]" (a space may stand for
 * T; no zone = +08:00). -1 when malformed. */
int64_t gw_iot_parse_time(const char *s);

#endif
