/* iot/device.h — device types and devices as pure rules: a type's status table (which statuses are
 * alarms, of what type and severity, and which ticket category they open), its heartbeat, offline and
 * debounce settings, and the checks on a device's fields. No I/O, no SQL. */
#ifndef GW_IOT_DEVICE_H
#define GW_IOT_DEVICE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"

#define GW_IOT_CODE_BUF (GW_IOT_CODE_MAX + 1)

typedef enum { GW_SEV_NONE = 0, GW_SEV_WARNING, GW_SEV_MINOR, GW_SEV_MAJOR, GW_SEV_CRITICAL } gw_severity;

/* One status value of a type. alarm[0] == 0: a normal status (it clears the device's status alarms). */
typedef struct {
    char status[GW_IOT_CODE_BUF];
    char alarm[GW_IOT_CODE_BUF];    /* alarm type raised by this status ("" = none) */
    gw_severity severity;           /* GW_SEV_NONE when no alarm */
    char category[GW_IOT_CODE_BUF]; /* ticket category code opened by a new alarm ("" = no ticket) */
} gw_status_rule;

typedef struct {
    char code[GW_IOT_CODE_BUF];
    char name[GW_NAME_BUF];
    gw_status_rule st[GW_IOT_STATUSES_MAX];
    int n_st;
    int64_t heartbeat_s, offline_s; /* expected heartbeat interval; silent this long = offline */
    int64_t debounce_n;             /* consecutive abnormal readings before an alarm (>= 1) */
    int64_t debounce_ms;            /* ... spanning at least this long (0 = no duration) */
} gw_device_type;

/* "critical" "major" "minor" "warning" <-> GW_SEV_*; -1 / "none" otherwise. */
int gw_severity_parse(const char *s);
const char *gw_severity_name(gw_severity s);

/* Device ids, type codes, status and alarm names: 1..GW_IOT_CODE_MAX bytes of [A-Za-z0-9_.:-]. */
int gw_iot_code_valid(const char *s);

/* Fill t->st from a JSON array [{"status":"tilted","alarm":"cover_tilted","severity":"major",
 * "category":"0101"}, {"status":"normal"}]; GW_E_INVALID with msg on anything else. */
gw_err gw_device_type_set_statuses(gw_device_type *t, json_t *arr, char *msg, size_t msgn);
/* The status table as that JSON array (new reference). */
json_t *gw_device_type_statuses_json(const gw_device_type *t);
/* Whole-type checks: a code, a name, a "normal" status without an alarm, offline_s > heartbeat_s,
 * offline_s >= GW_IOT_OFFLINE_MIN_S (see docs/iot.md: heartbeats are flushed within seconds),
 * debounce_n >= 1. */
gw_err gw_device_type_check(const gw_device_type *t, char *msg, size_t msgn);
/* The rule of `status` in t, NULL when the type has no such status. */
const gw_status_rule *gw_device_type_rule(const gw_device_type *t, const char *status);

/* A per-device secret: GW_IOT_SECRET_LEN printable characters (URL-safe base64 of 32 random bytes). */
#define GW_IOT_SECRET_LEN 43
/* The stored form of a secret: hex of a keyed BLAKE2b-256 over device_id, NUL, secret (65 bytes with NUL). */
#define GW_IOT_HASH_BUF 65
void gw_iot_secret_new(char out[GW_IOT_SECRET_LEN + 1]);
void gw_iot_secret_hash(const char *device_id, const char *secret, char out[GW_IOT_HASH_BUF]);
/* Whether secret hashes to `stored` (constant time in the hash). */
int gw_iot_secret_ok(const char *device_id, const char *secret, const char *stored);

#endif
