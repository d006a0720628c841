/* iot/alarm_svc.h — what a status reading writes, inside one write transaction: the device's status and
 * debounce state, alarms raised / repeated / escalated / cleared, a new alarm's ticket (routed by the
 * routing table, in the same transaction: ops' gw_ticket_report_tx), the ticket timeline's notes of
 * repeats and the clear, a reading row. And the offline job. */
#ifndef GW_IOT_ALARM_SVC_H
#define GW_IOT_ALARM_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/jobs.h"
#include "db/db.h"
#include "iot/device_store.h"

#define GW_IOT_OFFLINE_JOB "iot.offline"

/* One reading of device `device` (devices.id). status NULL or "": no status (telemetry, heartbeat). */
typedef struct {
    int64_t device;
    const char *status;
    int64_t ts_ms, now_ms;
    int has_battery, has_signal;
    int64_t battery, signal;
    const char *values; /* compact JSON or NULL */
    const char *photo;  /* a video event's snapshot (sha256 of an attachment uploaded on the public path) or NULL */
} gw_iot_reading;

/* What it did: the device after it, and counts for /metrics. */
typedef struct {
    gw_device_row dev;
    int raised, repeated, escalated, cleared, tickets;
} gw_iot_outcome;

/* Apply one reading inside tx (a gw_store_write operation). GW_E_NOT_FOUND: no such enabled device;
 * GW_E_INVALID (msg): a status its type does not have. */
gw_err gw_iot_apply_tx(gw_db *tx, const gw_iot_reading *rd, gw_iot_outcome *out, char *msg, size_t msgn);

/* The offline job: devices silent past their type's offline_s go offline with an "offline" alarm
 * (major). `gone(cls, id)` is told each device it took offline (the ingest cache drops its entry). */
typedef struct {
    void (*gone)(void *cls, int64_t device);
    void *cls;
} gw_iot_offline_arg;
gw_err gw_iot_offline_job(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg);
gw_job gw_iot_offline(int seconds, gw_iot_offline_arg *arg);

#endif
