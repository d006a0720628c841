/* iot/device_svc.h — the registry's use cases: device types and devices (iot.manage: writes, audited;
 * iot.view: reads, scoped like tickets — by division subtree, or a unit handler's owned devices),
 * per-device secrets (random, shown once, stored as a keyed hash), alarm acknowledgement. */
#ifndef GW_IOT_DEVICE_SVC_H
#define GW_IOT_DEVICE_SVC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/store.h"
#include "iot/alarm_store.h"
#include "iot/device_store.h"

/* Which devices (and their alarms) who may see. */
gw_device_scope gw_iot_scope_of(const gw_principal *who);

/* A type's fields; on an update NULL / has_* 0 keep the stored value. */
typedef struct {
    const char *code, *name;
    json_t *statuses;
    int has_heartbeat, has_offline, has_debounce_n, has_debounce_ms;
    int64_t heartbeat_s, offline_s, debounce_n, debounce_ms;
} gw_dtype_in;
/* Create (code NULL: in->code) or update the type `code`. GW_E_INVALID (msg), GW_E_CONFLICT (code
 * taken), GW_E_NOT_FOUND, GW_E_FORBIDDEN. *out is the stored type. */
gw_err gw_dtype_save(gw_store *s, const gw_principal *who, const char *code, const gw_dtype_in *in,
                     gw_device_type *out, char *msg, size_t msgn);

/* A device's fields; on an update NULL / has_* 0 keep the stored value. */
typedef struct {
    const char *device_id, *type, *name, *address;
    int has_location;
    double lon, lat;       /* WGS-84 */
    int has_owner;
    int64_t owner_unit_id; /* 0 none */
    int enabled;           /* -1 keep (create: 1) */
    const char *secret;    /* create only: NULL = a new random one (the demo and the CLI set theirs) */
} gw_device_in;
/* Create: the grid is found from the location; *secret_out (GW_IOT_SECRET_LEN + 1 bytes) gets the
 * secret, which is never readable again. */
gw_err gw_device_create(gw_store *s, const gw_principal *who, const gw_device_in *in, gw_device_row *out,
                        char *secret_out, char *msg, size_t msgn);
/* The same inside the caller's write transaction (an import); who's permission is the caller's to check. */
gw_err gw_device_create_tx(gw_db *tx, const gw_principal *who, const gw_device_in *in, gw_device_row *out,
                           char *secret_out, char *msg, size_t msgn);
gw_err gw_device_update(gw_store *s, const gw_principal *who, int64_t id, const gw_device_in *in, gw_device_row *out,
                        char *msg, size_t msgn);
gw_err gw_device_delete(gw_store *s, const gw_principal *who, int64_t id);
/* A new secret for device id (the old one stops working at once on this server, within
 * GW_IOT_CACHE_MS on the others). */
gw_err gw_device_rotate(gw_store *s, const gw_principal *who, int64_t id, char *secret_out);
/* One device in who's scope (GW_E_NOT_FOUND otherwise). */
gw_err gw_device_get(gw_db *db, const gw_principal *who, int64_t id, gw_device_row *out);

/* Acknowledge alarm id (iot.view in scope; GW_E_NOT_FOUND out of scope, GW_E_CONFLICT already). */
gw_err gw_alarm_ack(gw_store *s, const gw_principal *who, int64_t id, gw_alarm_row *out);

#endif
