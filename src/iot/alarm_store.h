/* iot/alarm_store.h — SQL of alarms. Raising is one upsert on the partial unique index of open alarms
 * (iot/iot_schema_store.c): two servers raising the same (device, alarm type) at once leave one open
 * alarm, the second's insert turning into a repeat of the first's (PostgreSQL waits for the first's
 * commit; SQLite has one writer). */
#ifndef GW_IOT_ALARM_STORE_H
#define GW_IOT_ALARM_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "db/db.h"
#include "iot/device.h"
#include "iot/device_store.h"

typedef struct {
    int64_t id;
    int64_t device;                  /* devices.id */
    char device_id[GW_IOT_CODE_BUF];
    char device_name[GW_NAME_BUF];
    char alarm_type[GW_IOT_CODE_BUF];
    gw_severity severity, prev_severity; /* prev: before the last repeat (an escalation when lower) */
    int active, acked;
    int64_t count, first_ms, last_ms, cleared_ms;
    int64_t ticket_id;               /* 0 none */
    char ticket_code[32];
} gw_alarm_row;

/* Raise or repeat: insert an active alarm, or on the open one add 1 to count, move last_ms, and raise
 * the severity when sev is higher. *out is the alarm after it (out->count == 1: this call created it). */
gw_err gw_store_alarm_raise(gw_db *tx, int64_t device, const char *alarm_type, gw_severity sev, int64_t now,
                            gw_alarm_row *out);
gw_err gw_store_alarm_set_ticket(gw_db *tx, int64_t id, int64_t ticket_id);
/* Clear the device's open alarms: of alarm_type only, or (alarm_type NULL) every one but `except`
 * (may be NULL). Each cleared alarm is handed to fn (may be NULL) before this returns. */
typedef void (*gw_alarm_fn)(void *cls, const gw_alarm_row *a);
gw_err gw_store_alarm_clear(gw_db *tx, int64_t device, const char *alarm_type, const char *except, int64_t now,
                            gw_alarm_row *cleared, size_t max, size_t *n);
/* Acknowledge (GW_E_NOT_FOUND no such alarm in scope; GW_E_CONFLICT already acknowledged). */
gw_err gw_store_alarm_ack(gw_db *tx, int64_t id, int64_t user, int64_t now);
gw_err gw_store_alarm_get(gw_db *db, int64_t id, gw_alarm_row *out, gw_device_scope *sc);

typedef struct {
    gw_device_scope scope;
    int state;             /* -1 any, 1 active, 0 cleared */
    int acked;             /* -1 any */
    int severity;          /* 0 any */
    const char *device_id; /* NULL any */
    size_t limit, offset;
} gw_alarm_query;
/* Active first, then the latest. */
gw_err gw_store_alarm_list(gw_db *db, const gw_alarm_query *q, gw_alarm_row *out, size_t *n, int64_t *total);
/* Every server's open alarms, [severity][acked], for /metrics (the partial index's rows only). */
gw_err gw_store_alarm_active(gw_db *db, int64_t counts[GW_SEV_CRITICAL + 1][2]);
/* Open alarms by severity (counts[GW_SEV_*]) in scope; all alarms by state x acked (by_state[active][acked]). */
gw_err gw_store_alarm_counts(gw_db *db, const gw_device_scope *sc, int64_t counts[GW_SEV_CRITICAL + 1],
                             int64_t by_state[2][2]);

#endif
