/* iot/alarm.h — the alarm rules as pure functions: what one status reading does to a device (debounce,
 * raise, repeat, clear), when an open alarm's repeat is worth a line on its ticket's timeline, and
 * acknowledgement. The database holds the rest: at most one open alarm per (device, alarm type) is a
 * unique index, and raising is an upsert (iot/alarm_store.h). No I/O. */
#ifndef GW_IOT_ALARM_H
#define GW_IOT_ALARM_H

#include <stdint.h>
#include "base/err.h"
#include "iot/device.h"

/* The alarm type of a device that stopped reporting (raised by the offline job, severity major). */
#define GW_IOT_OFFLINE_ALARM "offline"

/* A device's status as the rules see it: the current status and the abnormal status being confirmed. */
typedef struct {
    char status[GW_IOT_CODE_BUF];  /* the current (confirmed) status */
    char pending[GW_IOT_CODE_BUF]; /* debounce: the abnormal status seen, not yet confirmed ("" = none) */
    int64_t pending_count;         /* consecutive readings of it */
    int64_t pending_since_ms;      /* the first of them */
} gw_device_state;

typedef enum {
    GW_IOT_SAME = 0, /* nothing changes: a normal device stays normal (a heartbeat) */
    GW_IOT_HOLD,     /* only the debounce state moved (an abnormal reading held back, or a flap forgotten) */
    GW_IOT_RAISE,    /* raise (or repeat) the status's alarm; the status becomes the reading's */
    GW_IOT_CLEAR,    /* back to a normal status: the device's status alarms clear */
} gw_iot_step;

/* Apply one reading `status` (a status of type t; the caller has checked it exists) at now_ms to *s.
 * A reading of a status without an alarm is GW_IOT_CLEAR when the status changes, GW_IOT_HOLD when it
 * only drops a pending count (one flap forgotten), else GW_IOT_SAME. An abnormal reading equal to the current status is a repeat (GW_IOT_RAISE at
 * once); another one counts towards the debounce: GW_IOT_RAISE when t->debounce_n consecutive readings
 * of it span at least t->debounce_ms, GW_IOT_HOLD before. *s is updated either way. */
gw_iot_step gw_alarm_step(const gw_device_type *t, gw_device_state *s, const char *status, int64_t now_ms);

/* Whether a repeat of an open alarm that reached `count` (2, 3, ...) — escalated or not — goes on its
 * ticket's timeline: every escalation, the first repeat, and then the 10th, 100th, 1000th ... */
int gw_alarm_repeat_noted(int64_t count, int escalated);

/* Acknowledge: GW_E_CONFLICT when already acknowledged (active or cleared alarms both may be). */
gw_err gw_alarm_ack_check(int acked);

#endif
