/* iot/device_store.h — SQL of device types, devices and their readings. Rows, never JSON. */
#ifndef GW_IOT_DEVICE_STORE_H
#define GW_IOT_DEVICE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"
#include "db/db.h"
#include "iot/alarm.h"
#include "iot/device.h"

/* Device types: insert (GW_E_CONFLICT when the code exists), update by code (GW_E_NOT_FOUND), get,
 * list all (rows malloc'd into *out, by code). */
gw_err gw_store_dtype_insert(gw_db *tx, const gw_device_type *t, int64_t now);
gw_err gw_store_dtype_update(gw_db *tx, const gw_device_type *t, int64_t now);
gw_err gw_store_dtype_get(gw_db *db, const char *code, gw_device_type *out);
gw_err gw_store_dtype_list(gw_db *db, gw_device_type **out, size_t *n);

typedef struct {
    int64_t id;
    char device_id[GW_IOT_CODE_BUF];
    char type_code[GW_IOT_CODE_BUF];
    char name[GW_NAME_BUF];
    int has_location;
    double lon, lat;                  /* WGS-84 */
    int64_t division_id;              /* the grid the point lies in; 0 none */
    char division_name[GW_NAME_BUF];
    char division_path[128];
    char address[GW_ADDR_MAX * 4 + 1];
    int64_t owner_unit_id;            /* 0 none */
    char secret_hash[GW_IOT_HASH_BUF];
    gw_device_state st;
    int online, enabled;
    int64_t last_seen_ms;             /* 0 never */
    int has_battery, has_signal;
    int64_t battery, signal;
    int64_t open_alarms;
    int64_t created_ms, updated_ms;
} gw_device_row;

/* Insert (fills id; GW_E_CONFLICT when device_id exists) or update name, location, division, address,
 * owner, type and enabled by id (GW_E_NOT_FOUND for a missing or deleted device). */
gw_err gw_store_device_insert(gw_db *tx, gw_device_row *d);
gw_err gw_store_device_update(gw_db *tx, const gw_device_row *d);
/* Mark deleted and disabled (its alarms and readings stay; the id is not reused). */
gw_err gw_store_device_delete(gw_db *tx, int64_t id, int64_t now);
gw_err gw_store_device_set_secret(gw_db *tx, int64_t id, const char *hash, int64_t now);
/* By row id or by device id; deleted devices are GW_E_NOT_FOUND. */
gw_err gw_store_device_get(gw_db *db, int64_t id, gw_device_row *out);
gw_err gw_store_device_by_did(gw_db *db, const char *device_id, gw_device_row *out);
/* Write the status and debounce state, online flag, last seen, battery and signal of d. */
gw_err gw_store_device_save_state(gw_db *tx, const gw_device_row *d);
/* Heartbeats: last_seen_ms = the later of the stored and `seen`, battery/signal when has_*. */
gw_err gw_store_device_touch(gw_db *tx, int64_t id, int64_t seen, int has_battery, int64_t battery, int has_signal,
                             int64_t signal);

/* Which devices a list shows: all, or those under a division path prefix, or those of an owner unit. */
typedef struct {
    int all;
    const char *div_prefix; /* NULL: not by division */
    int64_t unit_id;        /* 0: not by unit */
} gw_device_scope;

/* The scope as one condition on devices d LEFT JOIN divisions dv, parameters ?A (all), ?B (prefix),
 * ?C (unit) given as their numbers (bound by gw_device_scope_bind). */
#define GW_DEVICE_SCOPE_SQL(A, B, C)                                                                        \
    "(CAST(?" A " AS BIGINT) = 1 OR (CAST(?" B " AS TEXT) IS NOT NULL AND substr(dv.path, 1, length(?" B    \
    ")) = ?" B ") OR (CAST(?" C " AS BIGINT) <> 0 AND d.owner_unit_id = ?" C "))"
void gw_device_scope_bind(gw_stmt *st, int first, const gw_device_scope *sc);

typedef struct {
    gw_device_scope scope;
    const char *type, *status, *q; /* NULL: any */
    int online;                    /* -1 any */
    int64_t division_id;           /* 0 any; else that division's subtree */
    size_t limit, offset;
} gw_device_query;
gw_err gw_store_device_list(gw_db *db, const gw_device_query *q, gw_device_row *out, size_t *n, int64_t *total);

/* Devices enabled, online and silent since before now - their type's offline_s, at most max of them. */
gw_err gw_store_device_silent(gw_db *db, int64_t now, int64_t *ids, size_t max, size_t *n);

/* Readings. */
gw_err gw_store_reading_insert(gw_db *tx, int64_t device, int64_t ts, const char *status, const char *vals);
typedef struct {
    int64_t ts_ms;
    char status[GW_IOT_CODE_BUF];
    char vals[1024];
} gw_reading_row;
gw_err gw_store_readings(gw_db *db, int64_t device, int64_t since_ms, gw_reading_row *out, size_t max, size_t *n);

/* The id of the enabled ticket category with this code (GW_E_NOT_FOUND). */
gw_err gw_store_iot_category_id(gw_db *db, const char *code, int64_t *id);

/* Whether unit id exists (GW_OK) or not (GW_E_INVALID). */
gw_err gw_store_iot_unit_exists(gw_db *db, int64_t id);

/* Counts for the summary: devices by status (callback), online/offline. */
typedef void (*gw_count_fn)(void *cls, const char *key, int64_t n);
gw_err gw_store_device_counts(gw_db *db, const gw_device_scope *sc, gw_count_fn fn, void *cls, int64_t *online,
                              int64_t *offline);

#endif
