/* iot/device_store.c — SQL of device types, devices and readings (see device_store.h). Portable SQL. */
#include "iot/device_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

/* ---- device types ------------------------------------------------------------------------- */

static const char SQL_DT_INSERT[] =
    "INSERT INTO device_types(code, name, statuses, heartbeat_s, offline_s, debounce_n, debounce_ms, created_ms,"
    " updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8) RETURNING code";
static const char SQL_DT_UPDATE[] =
    "UPDATE device_types SET name = ?2, statuses = ?3, heartbeat_s = ?4, offline_s = ?5, debounce_n = ?6,"
    " debounce_ms = ?7, updated_ms = ?8 WHERE code = ?1 RETURNING code";
#define DT_COLS "code, name, statuses, heartbeat_s, offline_s, debounce_n, debounce_ms"
static const char SQL_DT_GET[] = "SELECT " DT_COLS " FROM device_types WHERE code = ?1";
static const char SQL_DT_LIST[] = "SELECT " DT_COLS " FROM device_types ORDER BY code";

static gw_err dt_write(gw_db *tx, const char *sql, const gw_device_type *t, int64_t now)
{
    json_t *j = gw_device_type_statuses_json(t);
    char *txt = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!txt) return GW_E_NOMEM;
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) { free(txt); return GW_E_INTERNAL; }
    gw_bind_text(st, 1, t->code);
    gw_bind_text(st, 2, t->name);
    gw_bind_text(st, 3, txt);
    gw_bind_int(st, 4, t->heartbeat_s);
    gw_bind_int(st, 5, t->offline_s);
    gw_bind_int(st, 6, t->debounce_n);
    gw_bind_int(st, 7, t->debounce_ms);
    gw_bind_int(st, 8, now);
    free(txt);
    gw_err e = gw_step_row(st);
    if (!e) gw_stmt_reset(st);
    return e;
}

gw_err gw_store_dtype_insert(gw_db *tx, const gw_device_type *t, int64_t now) { return dt_write(tx, SQL_DT_INSERT, t, now); }
gw_err gw_store_dtype_update(gw_db *tx, const gw_device_type *t, int64_t now) { return dt_write(tx, SQL_DT_UPDATE, t, now); }

static gw_err dt_read(gw_stmt *st, gw_device_type *t)
{
    char msg[200];
    memset(t, 0, sizeof *t);
    cpy(t->code, sizeof t->code, gw_col_text(st, 0));
    cpy(t->name, sizeof t->name, gw_col_text(st, 1));
    json_t *a = json_loads(gw_col_text(st, 2) ? gw_col_text(st, 2) : "", 0, NULL);
    gw_err e = a ? gw_device_type_set_statuses(t, a, msg, sizeof msg) : GW_E_INTERNAL;
    json_decref(a);
    t->heartbeat_s = gw_col_int(st, 3);
    t->offline_s = gw_col_int(st, 4);
    t->debounce_n = gw_col_int(st, 5);
    t->debounce_ms = gw_col_int(st, 6);
    return e ? GW_E_INTERNAL : GW_OK;
}

gw_err gw_store_dtype_get(gw_db *db, const char *code, gw_device_type *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_DT_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, code);
    gw_err e = gw_step_row(st);
    if (e) return e;
    e = dt_read(st, out);
    gw_stmt_reset(st);
    return e;
}

gw_err gw_store_dtype_list(gw_db *db, gw_device_type **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_DT_LIST);
    if (!st) return GW_E_INTERNAL;
    size_t cap = 0;
    int rc;
    gw_err e = GW_OK;
    while (!e && (rc = gw_step(st)) == 1) {
        if (*n == cap) {
            gw_device_type *g = realloc(*out, (cap = cap ? cap * 2 : 8) * sizeof **out);
            if (!g) { e = GW_E_NOMEM; gw_stmt_reset(st); break; }
            *out = g;
        }
        if ((e = dt_read(st, &(*out)[*n]))) { gw_stmt_reset(st); break; }
        (*n)++;
    }
    if (!e && rc < 0) e = (gw_err)-rc;
    if (e) { free(*out); *out = NULL; *n = 0; }
    return e;
}

/* ---- devices ------------------------------------------------------------------------------ */

static const char SQL_D_INSERT[] =
    "INSERT INTO devices(device_id, type_code, name, lon, lat, division_id, address, owner_unit_id, secret_hash,"
    " enabled, status, created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'normal', ?11, ?11)"
    " RETURNING id";
static const char SQL_D_UPDATE[] =
    "UPDATE devices SET type_code = ?2, name = ?3, lon = ?4, lat = ?5, division_id = ?6, address = ?7,"
    " owner_unit_id = ?8, enabled = ?9, updated_ms = ?10 WHERE id = ?1 AND deleted = 0 RETURNING id";
static const char SQL_D_DELETE[] =
    "UPDATE devices SET deleted = 1, enabled = 0, updated_ms = ?2 WHERE id = ?1 AND deleted = 0 RETURNING id";
static const char SQL_D_SECRET[] =
    "UPDATE devices SET secret_hash = ?2, updated_ms = ?3 WHERE id = ?1 AND deleted = 0 RETURNING id";
static const char SQL_D_STATE[] =
    "UPDATE devices SET status = ?2, pending_status = ?3, pending_count = ?4, pending_since_ms = ?5, online = ?6,"
    " last_seen_ms = ?7, battery = CASE WHEN ?8 = 1 THEN ?9 ELSE battery END,"
    " signal = CASE WHEN ?10 = 1 THEN ?11 ELSE signal END WHERE id = ?1 RETURNING id";
static const char SQL_D_TOUCH[] =
    "UPDATE devices SET last_seen_ms = CASE WHEN last_seen_ms IS NULL OR last_seen_ms < ?2 THEN ?2 ELSE last_seen_ms"
    " END, battery = CASE WHEN ?3 = 1 THEN ?4 ELSE battery END, signal = CASE WHEN ?5 = 1 THEN ?6 ELSE signal END"
    " WHERE id = ?1";
#define D_COLS                                                                                                 \
    "d.id, d.device_id, d.type_code, d.name, d.lon, d.lat, COALESCE(d.division_id, 0), COALESCE(dv.name, ''),"   \
    " COALESCE(dv.path, ''), d.address, COALESCE(d.owner_unit_id, 0), d.secret_hash, d.status,"                  \
    " COALESCE(d.pending_status, ''), d.pending_count, COALESCE(d.pending_since_ms, 0), d.online, d.enabled,"     \
    " COALESCE(d.last_seen_ms, 0), d.battery, d.signal, d.created_ms, d.updated_ms,"                            \
    " (SELECT COUNT(*) FROM alarms a WHERE a.device_id = d.id AND a.state = 'active')"
#define D_FROM " FROM devices d LEFT JOIN divisions dv ON dv.id = d.division_id"
static const char SQL_D_GET[] = "SELECT " D_COLS D_FROM " WHERE d.id = ?1 AND d.deleted = 0";
static const char SQL_D_BY_DID[] = "SELECT " D_COLS D_FROM " WHERE d.device_id = ?1 AND d.deleted = 0";
#define D_WHERE                                                                                                \
    " WHERE d.deleted = 0 AND " GW_DEVICE_SCOPE_SQL("1", "2", "3")                                              \
    " AND (CAST(?4 AS TEXT) IS NULL OR d.type_code = ?4) AND (CAST(?5 AS TEXT) IS NULL OR d.status = ?5)"      \
    " AND (CAST(?6 AS BIGINT) < 0 OR d.online = ?6) AND (CAST(?7 AS TEXT) IS NULL OR substr(dv.path, 1,"        \
    " length(?7)) = ?7) AND (CAST(?8 AS TEXT) IS NULL OR d.device_id LIKE ?8 OR d.name LIKE ?8 OR d.address LIKE ?8)"
static const char SQL_D_LIST[] =
    "SELECT " D_COLS D_FROM D_WHERE " ORDER BY d.device_id LIMIT CAST(?9 AS BIGINT) OFFSET CAST(?10 AS BIGINT)";
static const char SQL_D_COUNT[] = "SELECT COUNT(*)" D_FROM D_WHERE;
static const char SQL_DIV_PATH[] = "SELECT path FROM divisions WHERE id = ?1";
static const char SQL_D_SILENT[] =
    "SELECT d.id FROM devices d JOIN device_types t ON t.code = d.type_code WHERE d.online = 1 AND d.enabled = 1"
    " AND d.deleted = 0 AND COALESCE(d.last_seen_ms, d.created_ms) < ?1 - t.offline_s * 1000 ORDER BY d.id"
    " LIMIT CAST(?2 AS BIGINT)";

void gw_device_scope_bind(gw_stmt *st, int first, const gw_device_scope *sc)
{
    gw_bind_int(st, first, sc->all ? 1 : 0);
    if (sc->div_prefix) gw_bind_text(st, first + 1, sc->div_prefix);
    else gw_bind_null(st, first + 1);
    gw_bind_int(st, first + 2, sc->unit_id);
}

static void d_read(gw_stmt *st, gw_device_row *d)
{
    memset(d, 0, sizeof *d);
    d->id = gw_col_int(st, 0);
    cpy(d->device_id, sizeof d->device_id, gw_col_text(st, 1));
    cpy(d->type_code, sizeof d->type_code, gw_col_text(st, 2));
    cpy(d->name, sizeof d->name, gw_col_text(st, 3));
    d->has_location = !gw_col_is_null(st, 4);
    d->lon = gw_col_double(st, 4);
    d->lat = gw_col_double(st, 5);
    d->division_id = gw_col_int(st, 6);
    cpy(d->division_name, sizeof d->division_name, gw_col_text(st, 7));
    cpy(d->division_path, sizeof d->division_path, gw_col_text(st, 8));
    cpy(d->address, sizeof d->address, gw_col_text(st, 9));
    d->owner_unit_id = gw_col_int(st, 10);
    cpy(d->secret_hash, sizeof d->secret_hash, gw_col_text(st, 11));
    cpy(d->st.status, sizeof d->st.status, gw_col_text(st, 12));
    cpy(d->st.pending, sizeof d->st.pending, gw_col_text(st, 13));
    d->st.pending_count = gw_col_int(st, 14);
    d->st.pending_since_ms = gw_col_int(st, 15);
    d->online = (int)gw_col_int(st, 16);
    d->enabled = (int)gw_col_int(st, 17);
    d->last_seen_ms = gw_col_int(st, 18);
    d->has_battery = !gw_col_is_null(st, 19);
    d->battery = gw_col_int(st, 19);
    d->has_signal = !gw_col_is_null(st, 20);
    d->signal = gw_col_int(st, 20);
    d->created_ms = gw_col_int(st, 21);
    d->updated_ms = gw_col_int(st, 22);
    d->open_alarms = gw_col_int(st, 23);
}

/* ?from..: type_code, name, lon, lat, division_id, address, owner_unit_id */
static void d_bind(gw_stmt *st, int from, const gw_device_row *d)
{
    gw_bind_text(st, from, d->type_code);
    gw_bind_text(st, from + 1, d->name);
    if (d->has_location) gw_bind_double(st, from + 2, d->lon), gw_bind_double(st, from + 3, d->lat);
    else gw_bind_null(st, from + 2), gw_bind_null(st, from + 3);
    gw_bind_id(st, from + 4, d->division_id);
    gw_bind_text(st, from + 5, d->address);
    gw_bind_id(st, from + 6, d->owner_unit_id);
}

gw_err gw_store_device_insert(gw_db *tx, gw_device_row *d)
{
    gw_stmt *st = gw_db_prep(tx, SQL_D_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, d->device_id);
    d_bind(st, 2, d);
    gw_bind_text(st, 9, d->secret_hash);
    gw_bind_int(st, 10, d->enabled);
    gw_bind_int(st, 11, d->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    d->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_device_update(gw_db *tx, const gw_device_row *d)
{
    gw_stmt *st = gw_db_prep(tx, SQL_D_UPDATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, d->id);
    d_bind(st, 2, d);
    gw_bind_int(st, 9, d->enabled);
    gw_bind_int(st, 10, d->updated_ms);
    return gw_step_touched(st);
}

gw_err gw_store_device_delete(gw_db *tx, int64_t id, int64_t now)
{
    gw_stmt *st = gw_db_prep(tx, SQL_D_DELETE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_int(st, 2, now);
    return gw_step_touched(st);
}

gw_err gw_store_device_set_secret(gw_db *tx, int64_t id, const char *hash, int64_t now)
{
    gw_stmt *st = gw_db_prep(tx, SQL_D_SECRET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_text(st, 2, hash);
    gw_bind_int(st, 3, now);
    return gw_step_touched(st);
}

static gw_err d_get(gw_db *db, const char *sql, int64_t id, const char *did, gw_device_row *out)
{
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    if (did) gw_bind_text(st, 1, did);
    else gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    d_read(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_device_get(gw_db *db, int64_t id, gw_device_row *out) { return d_get(db, SQL_D_GET, id, NULL, out); }
gw_err gw_store_device_by_did(gw_db *db, const char *did, gw_device_row *out) { return d_get(db, SQL_D_BY_DID, 0, did, out); }

gw_err gw_store_device_save_state(gw_db *tx, const gw_device_row *d)
{
    gw_stmt *st = gw_db_prep(tx, SQL_D_STATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, d->id);
    gw_bind_text(st, 2, d->st.status);
    if (d->st.pending[0]) gw_bind_text(st, 3, d->st.pending);
    else gw_bind_null(st, 3);
    gw_bind_int(st, 4, d->st.pending_count);
    gw_bind_id(st, 5, d->st.pending_since_ms);
    gw_bind_int(st, 6, d->online);
    gw_bind_id(st, 7, d->last_seen_ms);
    gw_bind_int(st, 8, d->has_battery);
    gw_bind_int(st, 9, d->battery);
    gw_bind_int(st, 10, d->has_signal);
    gw_bind_int(st, 11, d->signal);
    return gw_step_touched(st);
}

gw_err gw_store_device_touch(gw_db *tx, int64_t id, int64_t seen, int has_battery, int64_t battery, int has_signal,
                             int64_t signal)
{
    gw_stmt *st = gw_db_prep(tx, SQL_D_TOUCH);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_int(st, 2, seen);
    gw_bind_int(st, 3, has_battery);
    gw_bind_int(st, 4, battery);
    gw_bind_int(st, 5, has_signal);
    gw_bind_int(st, 6, signal);
    return gw_step_done(st);
}

static gw_err list_bind(gw_db *db, gw_stmt *st, const gw_device_query *q, char *like, size_t likn)
{
    gw_device_scope_bind(st, 1, &q->scope);
    if (q->type) gw_bind_text(st, 4, q->type);
    else gw_bind_null(st, 4);
    if (q->status) gw_bind_text(st, 5, q->status);
    else gw_bind_null(st, 5);
    gw_bind_int(st, 6, q->online);
    gw_bind_null(st, 7);
    if (q->division_id) {
        gw_stmt *p = gw_db_prep(db, SQL_DIV_PATH);
        if (!p) return GW_E_INTERNAL;
        gw_bind_int(p, 1, q->division_id);
        gw_err e = gw_step_row(p);
        if (e) return e == GW_E_NOT_FOUND ? GW_E_INVALID : e;
        gw_bind_text(st, 7, gw_col_text(p, 0));
        gw_stmt_reset(p);
    }
    if (q->q) snprintf(like, likn, "%%%s%%", q->q), gw_bind_text(st, 8, like);
    else gw_bind_null(st, 8);
    return GW_OK;
}

gw_err gw_store_device_list(gw_db *db, const gw_device_query *q, gw_device_row *out, size_t *n, int64_t *total)
{
    char like[512];
    *n = 0;
    *total = 0;
    gw_stmt *st = gw_db_prep(db, SQL_D_COUNT);
    if (!st) return GW_E_INTERNAL;
    gw_err e = list_bind(db, st, q, like, sizeof like);
    if (!e) e = gw_step_row(st);
    if (e) return e;
    *total = gw_col_int(st, 0);
    gw_stmt_reset(st);
    if (!(st = gw_db_prep(db, SQL_D_LIST))) return GW_E_INTERNAL;
    if ((e = list_bind(db, st, q, like, sizeof like))) return e;
    gw_bind_int(st, 9, (int64_t)q->limit);
    gw_bind_int(st, 10, (int64_t)q->offset);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == q->limit) { gw_stmt_reset(st); rc = 0; break; }
        d_read(st, &out[(*n)++]);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_device_silent(gw_db *db, int64_t now, int64_t *ids, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_D_SILENT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, now);
    gw_bind_int(st, 2, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == max) { gw_stmt_reset(st); rc = 0; break; }
        ids[(*n)++] = gw_col_int(st, 0);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* ---- readings, categories, counts ---------------------------------------------------------- */

static const char SQL_R_INSERT[] = "INSERT INTO device_readings(device_id, ts_ms, status, vals) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_R_LIST[] =
    "SELECT ts_ms, status, vals FROM device_readings WHERE device_id = ?1 AND ts_ms >= ?2 ORDER BY ts_ms DESC, id DESC"
    " LIMIT CAST(?3 AS BIGINT)";
static const char SQL_CAT_BY_CODE[] = "SELECT id FROM categories WHERE code = ?1 AND enabled = 1";
static const char SQL_D_BY_STATUS[] =
    "SELECT d.status, COUNT(*) FROM devices d LEFT JOIN divisions dv ON dv.id = d.division_id"
    " WHERE d.deleted = 0 AND " GW_DEVICE_SCOPE_SQL("1", "2", "3") " GROUP BY d.status ORDER BY d.status";
static const char SQL_D_ONLINE[] =
    "SELECT COALESCE(SUM(CASE WHEN d.online = 1 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN d.online = 1 THEN 0"
    " ELSE 1 END), 0) FROM devices d LEFT JOIN divisions dv ON dv.id = d.division_id WHERE d.deleted = 0"
    " AND d.enabled = 1 AND " GW_DEVICE_SCOPE_SQL("1", "2", "3");

gw_err gw_store_reading_insert(gw_db *tx, int64_t device, int64_t ts, const char *status, const char *vals)
{
    gw_stmt *st = gw_db_prep(tx, SQL_R_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, device);
    gw_bind_int(st, 2, ts);
    gw_bind_text(st, 3, status);
    gw_bind_text(st, 4, vals);
    return gw_step_done(st);
}

gw_err gw_store_readings(gw_db *db, int64_t device, int64_t since_ms, gw_reading_row *out, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_R_LIST);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, device);
    gw_bind_int(st, 2, since_ms);
    gw_bind_int(st, 3, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == max) { gw_stmt_reset(st); rc = 0; break; }
        gw_reading_row *r = &out[(*n)++];
        r->ts_ms = gw_col_int(st, 0);
        cpy(r->status, sizeof r->status, gw_col_text(st, 1));
        cpy(r->vals, sizeof r->vals, gw_col_text(st, 2));
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_iot_category_id(gw_db *db, const char *code, int64_t *id)
{
    gw_stmt *st = gw_db_prep(db, SQL_CAT_BY_CODE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, code);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_device_counts(gw_db *db, const gw_device_scope *sc, gw_count_fn fn, void *cls, int64_t *online,
                              int64_t *offline)
{
    gw_stmt *st = gw_db_prep(db, SQL_D_BY_STATUS);
    if (!st) return GW_E_INTERNAL;
    gw_device_scope_bind(st, 1, sc);
    int rc;
    while ((rc = gw_step(st)) == 1) fn(cls, gw_col_text(st, 0), gw_col_int(st, 1));
    if (rc < 0) return (gw_err)-rc;
    if (!(st = gw_db_prep(db, SQL_D_ONLINE))) return GW_E_INTERNAL;
    gw_device_scope_bind(st, 1, sc);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *online = gw_col_int(st, 0);
    *offline = gw_col_int(st, 1);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_iot_unit_exists(gw_db *db, int64_t id)
{
    static const char SQL_UNIT[] = "SELECT 1 FROM units WHERE id = ?1";
    return gw_db_must_exist(db, SQL_UNIT, id);
}
