/* iot/device_api.c — device types, devices, readings and the summary over HTTP (rules in device_svc.h).
 * Device addresses and places are public infrastructure, not personal data: nothing here is masked. */
#include "iot/iot_api.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/sheet.h"
#include "iot/device_import_svc.h"
#include "iot/device_svc.h"
#include "json/i18n.h"
#include "iot/ingest_svc.h"
#include "json/reply.h"
#include "ops/ticket_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_MAX 500
#define OFFSET_MAX 1000000
#define READINGS_MAX 500

static json_t *dtype_json(const gw_device_type *t)
{
    return json_pack("{s:s,s:s,s:o,s:I,s:I,s:I,s:I}", "code", t->code, "name", t->name, "statuses",
                     gw_device_type_statuses_json(t), "heartbeat_s", (json_int_t)t->heartbeat_s, "offline_s",
                     (json_int_t)t->offline_s, "debounce_n", (json_int_t)t->debounce_n, "debounce_ms",
                     (json_int_t)t->debounce_ms);
}

static json_t *opt_int(int has, int64_t v) { return has ? json_integer(v) : json_null(); }

static json_t *device_json(const gw_device_row *d)
{
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:b,s:b,s:o,s:o,s:o,s:I}", "id", (json_int_t)d->id,
                          "device_id", d->device_id, "type", d->type_code, "name", d->name, "address", d->address,
                          "division_id", gw_json_id(d->division_id), "division_name", gw_json_str(d->division_name[0] ? d->division_name : NULL),
                          "owner_unit_id", gw_json_id(d->owner_unit_id), "status", d->st.status, "online", d->online,
                          "enabled", d->enabled, "last_seen_ms", gw_json_id(d->last_seen_ms), "battery",
                          opt_int(d->has_battery, d->battery), "signal", opt_int(d->has_signal, d->signal),
                          "open_alarms", (json_int_t)d->open_alarms);
    json_object_set_new(o, "lon", d->has_location ? json_real(d->lon) : json_null());
    json_object_set_new(o, "lat", d->has_location ? json_real(d->lat) : json_null());
    return o;
}

/* ---- types -------------------------------------------------------------------------------- */

gw_err api_dtype_list(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_device_type *t = NULL;
    size_t n = 0;
    e = gw_store_dtype_list(db, &t, &n);
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "could not read the device types");
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, dtype_json(&t[i]));
    free(t);
    return gw_admin_reply_items(r, arr);
}

static gw_err code_param(gw_req *r, const char **code)
{
    if (r->n_params < 1 || !gw_iot_code_valid(r->params[0])) return gw_fail(r, GW_E_NOT_FOUND, "no such device type");
    *code = r->params[0];
    return GW_OK;
}

gw_err api_dtype_get(gw_req *r)
{
    const char *code = NULL;
    gw_err e = gw_req_only_query(r, NULL);
    if (e || (e = code_param(r, &code))) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_device_type *t = malloc(sizeof *t);
    e = t ? gw_store_dtype_get(db, code, t) : GW_E_NOMEM;
    gw_store_read_end(r->store, db);
    if (e) { free(t); return gw_fail(r, e, e == GW_E_NOT_FOUND ? "no such device type" : "could not read the device type"); }
    json_t *o = dtype_json(t);
    free(t);
    return gw_reply(r, 200, o);
}

/* An optional integer member; -1 after failing the request. */
static int opt(gw_req *r, json_t *body, const char *k, int64_t lo, int64_t hi, int64_t *out)
{
    return gw_admin_opt_int(r, k, json_object_get(body, k), lo, hi, 0, out);
}

static gw_err dtype_write(gw_req *r, const char *code)
{
    json_t *body, *hb = NULL, *off = NULL, *dn = NULL, *dms = NULL;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    gw_dtype_in in = { 0 };
    if (code)
        GW_ADMIN_UNPACK(r, body, "{s?:s, s?:o, s?:o, s?:o, s?:o, s?:o}", "name", &in.name, "statuses", &in.statuses,
                        "heartbeat_s", &hb, "offline_s", &off, "debounce_n", &dn, "debounce_ms", &dms);
    else
        GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s:o, s?:o, s?:o, s?:o, s?:o}", "code", &in.code, "name", &in.name,
                        "statuses", &in.statuses, "heartbeat_s", &hb, "offline_s", &off, "debounce_n", &dn,
                        "debounce_ms", &dms);
    (void)hb, (void)off, (void)dn, (void)dms; /* read again below with their ranges */
    int a = opt(r, body, "heartbeat_s", 1, 86400, &in.heartbeat_s), b = opt(r, body, "offline_s", 1, 30 * 86400, &in.offline_s);
    int c = a < 0 || b < 0 ? -1 : opt(r, body, "debounce_n", 1, 1000, &in.debounce_n);
    int d = c < 0 ? -1 : opt(r, body, "debounce_ms", 0, 86400000, &in.debounce_ms);
    if (a < 0 || b < 0 || c < 0 || d < 0) { json_decref(body); return GW_E_INVALID; }
    in.has_heartbeat = a, in.has_offline = b, in.has_debounce_n = c, in.has_debounce_ms = d;
    gw_device_type *t = malloc(sizeof *t);
    char msg[256] = "";
    e = t ? gw_dtype_save(r->store, &r->who, code, &in, t, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    if ((e = gw_admin_finish_write(r, e, msg, "device type"))) { free(t); return e; }
    json_t *o = dtype_json(t);
    free(t);
    return gw_reply(r, code ? 200 : 201, o);
}

gw_err api_dtype_create(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    return e ? e : dtype_write(r, NULL);
}

gw_err api_dtype_update(gw_req *r)
{
    const char *code = NULL;
    gw_err e = gw_req_only_query(r, NULL);
    if (e || (e = code_param(r, &code))) return e;
    return dtype_write(r, code);
}

/* ---- devices ------------------------------------------------------------------------------ */

static int flag_of(const char *v)
{
    return !v ? -1 : !strcmp(v, "1") || !strcmp(v, "true") ? 1 : !strcmp(v, "0") || !strcmp(v, "false") ? 0 : -2;
}

gw_err api_device_list(gw_req *r)
{
    static const char *const allowed[] = { "type", "status", "online", "division_id", "q", "limit", "offset", NULL };
    gw_err e = gw_req_only_query(r, allowed);
    if (e) return e;
    gw_device_query q = { .scope = gw_iot_scope_of(&r->who), .online = flag_of(gw_req_query(r, "online")) };
    q.type = gw_req_query(r, "type"), q.status = gw_req_query(r, "status"), q.q = gw_req_query(r, "q");
    const char *div = gw_req_query(r, "division_id");
    if (q.online == -2) return gw_fail(r, GW_E_INVALID, "online must be 0 or 1");
    if ((q.type && !gw_iot_code_valid(q.type)) || (q.status && !gw_iot_code_valid(q.status)))
        return gw_fail(r, GW_E_INVALID, "type and status are 1 to %d letters, digits or _ . : -", GW_IOT_CODE_MAX);
    if (div && (q.division_id = gw_parse_id(div)) < 1) return gw_fail(r, GW_E_INVALID, "division_id must be a division's id");
    char msg[200];
    if (q.q && (e = gw_json_check_text("q", q.q, 1, GW_SEARCH_MAX, msg, sizeof msg))) return gw_fail(r, e, "%s", msg);
    if ((e = gw_req_page(r, 50, LIST_MAX, OFFSET_MAX, &q.offset, &q.limit))) return e;
    gw_device_row *rows = calloc(q.limit, sizeof *rows);
    gw_db *db = rows ? gw_admin_read_begin(r) : NULL;
    if (!db) { free(rows); return rows ? GW_E_IO : gw_fail(r, GW_E_NOMEM, "out of memory"); }
    size_t n = 0;
    int64_t total = 0;
    e = gw_store_device_list(db, &q, rows, &n, &total);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, device_json(&rows[i]));
    free(rows);
    if (e) {
        json_decref(arr);
        return gw_fail(r, e, e == GW_E_INVALID ? "division_id: no such division" : "could not list the devices");
    }
    return gw_reply(r, 200, json_pack("{s:o,s:I}", "items", arr, "total", (json_int_t)total));
}

/* The body's fields into *in (create: device_id, type and name required). */
static gw_err device_in_of(gw_req *r, json_t *body, int create, gw_device_in *in)
{
    json_t *loc = NULL, *owner = NULL, *enabled = NULL;
    const char *coord = NULL;
    char umsg[200];
    memset(in, 0, sizeof *in);
    in->enabled = -1;
    gw_err e = create ? gw_json_unpack(body, umsg, sizeof umsg, "{s:s, s:s, s:s, s?:o, s?:s, s?:s, s?:o, s?:o}",
                                       "device_id", &in->device_id, "type", &in->type, "name", &in->name, "location",
                                       &loc, "coord", &coord, "address", &in->address, "owner_unit_id", &owner,
                                       "enabled", &enabled)
                      : gw_json_unpack(body, umsg, sizeof umsg, "{s?:s, s?:s, s?:o, s?:s, s?:s, s?:o, s?:o}", "type",
                                       &in->type, "name", &in->name, "location", &loc, "coord", &coord, "address",
                                       &in->address, "owner_unit_id", &owner, "enabled", &enabled);
    if (e) return gw_fail(r, e, "%s", umsg);
    if (enabled && !json_is_boolean(enabled)) return gw_fail(r, GW_E_INVALID, "enabled must be true or false");
    if (enabled) in->enabled = json_is_true(enabled);
    int k = gw_admin_opt_int(r, "owner_unit_id", owner, 1, INT64_MAX, 1, &in->owner_unit_id);
    if (k < 0) return GW_E_INVALID;
    in->has_owner = k;
    gw_report rep = { 0 };
    if ((e = api_read_location(r, loc, coord, &rep))) return e;
    in->has_location = rep.has_location, in->lon = rep.lon, in->lat = rep.lat;
    return GW_OK;
}

gw_err api_device_create(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (e || (e = gw_req_json(r, &body))) return e;
    gw_device_in in;
    if ((e = device_in_of(r, body, 1, &in))) { json_decref(body); return e; }
    gw_device_row *d = malloc(sizeof *d);
    char msg[256] = "", secret[GW_IOT_SECRET_LEN + 1] = "";
    e = d ? gw_device_create(r->store, &r->who, &in, d, secret, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    if ((e = gw_admin_finish_write(r, e, msg, "device"))) { free(d); return e; }
    gw_iot_forget(gw_iot_current(), d->device_id);
    json_t *o = device_json(d);
    json_object_set_new(o, "secret", json_string(secret));
    free(d);
    return gw_reply(r, 201, o);
}

gw_err api_device_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (e || (e = gw_admin_path_id(r, "device", &id))) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_device_row *d = malloc(sizeof *d);
    e = d ? gw_device_get(db, &r->who, id, d) : GW_E_NOMEM;
    gw_store_read_end(r->store, db);
    if (e) { free(d); return gw_fail(r, e, e == GW_E_NOT_FOUND ? "no such device" : "could not read the device"); }
    json_t *o = device_json(d);
    free(d);
    return gw_reply(r, 200, o);
}

gw_err api_device_update(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (e || (e = gw_admin_path_id(r, "device", &id)) || (e = gw_req_json(r, &body))) return e;
    gw_device_in in;
    if ((e = device_in_of(r, body, 0, &in))) { json_decref(body); return e; }
    if (!in.type && !in.name && !in.address && !in.has_location && !in.has_owner && in.enabled < 0) {
        json_decref(body);
        return gw_fail(r, GW_E_INVALID, "nothing to change");
    }
    gw_device_row *d = malloc(sizeof *d);
    char msg[256] = "";
    e = d ? gw_device_update(r->store, &r->who, id, &in, d, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    if ((e = gw_admin_finish_write(r, e, msg, "device"))) { free(d); return e; }
    gw_iot_forget(gw_iot_current(), d->device_id);
    json_t *o = device_json(d);
    free(d);
    return gw_reply(r, 200, o);
}

/* The device_id of row id (for the ingest cache), "" when none. */
static void did_of(gw_req *r, int64_t id, char *out)
{
    gw_device_row *d = malloc(sizeof *d);
    gw_db *db = d ? gw_store_read_begin(r->store) : NULL;
    out[0] = 0;
    if (db && gw_store_device_get(db, id, d) == GW_OK) snprintf(out, GW_IOT_CODE_BUF, "%s", d->device_id);
    if (db) gw_store_read_end(r->store, db);
    free(d);
}

gw_err api_device_delete(gw_req *r)
{
    int64_t id = 0;
    char did[GW_IOT_CODE_BUF];
    gw_err e = gw_req_only_query(r, NULL);
    if (e || (e = gw_admin_path_id(r, "device", &id))) return e;
    did_of(r, id, did);
    e = gw_device_delete(r->store, &r->who, id);
    if ((e = gw_admin_finish_write(r, e, NULL, "device"))) return e;
    gw_iot_forget(gw_iot_current(), did);
    return gw_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1));
}

gw_err api_device_secret(gw_req *r)
{
    int64_t id = 0;
    char did[GW_IOT_CODE_BUF], secret[GW_IOT_SECRET_LEN + 1] = "";
    gw_err e = gw_req_only_query(r, NULL);
    if (e || (e = gw_admin_path_id(r, "device", &id))) return e;
    if (r->body_len) return gw_fail(r, GW_E_INVALID, "this request takes no body");
    did_of(r, id, did);
    e = gw_device_rotate(r->store, &r->who, id, secret);
    if ((e = gw_admin_finish_write(r, e, NULL, "device"))) return e;
    gw_iot_forget(gw_iot_current(), did);
    return gw_reply(r, 200, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, "device_id", did, "secret", secret));
}

gw_err api_device_readings(gw_req *r)
{
    static const char *const allowed[] = { "since_ms", NULL };
    int64_t id = 0, since = 0;
    gw_err e = gw_req_only_query(r, allowed);
    if (e || (e = gw_admin_path_id(r, "device", &id))) return e;
    const char *v = gw_req_query(r, "since_ms");
    if (v && strcmp(v, "0") && (since = gw_parse_id(v)) < 1) return gw_fail(r, GW_E_INVALID, "since_ms must be Unix milliseconds");
    gw_device_row *d = malloc(sizeof *d);
    gw_reading_row *rows = calloc(READINGS_MAX, sizeof *rows);
    gw_db *db = d && rows ? gw_admin_read_begin(r) : NULL;
    if (!db) { free(d); free(rows); return GW_E_IO; }
    size_t n = 0;
    e = gw_device_get(db, &r->who, id, d);
    if (!e) e = gw_store_readings(db, id, since, rows, READINGS_MAX, &n);
    gw_store_read_end(r->store, db);
    free(d);
    json_t *arr = json_array();
    for (size_t i = n; !e && i-- > 0;) { /* oldest first */
        json_t *vals = rows[i].vals[0] ? json_loads(rows[i].vals, 0, NULL) : NULL;
        json_array_append_new(arr, json_pack("{s:I,s:o,s:o}", "ts_ms", (json_int_t)rows[i].ts_ms, "status",
                                             rows[i].status[0] ? json_string(rows[i].status) : json_null(), "values",
                                             vals ? vals : json_object()));
    }
    free(rows);
    if (e) { json_decref(arr); return gw_fail(r, e, e == GW_E_NOT_FOUND ? "no such device" : "could not read the readings"); }
    return gw_reply(r, 200, json_pack("{s:o}", "items", arr));
}

static void by_status(void *cls, const char *key, int64_t n)
{
    json_object_set_new(cls, key ? key : "", json_integer(n));
}

gw_err api_iot_summary(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_device_scope sc = gw_iot_scope_of(&r->who);
    json_t *st = json_object(), *sev = json_object();
    int64_t online = 0, offline = 0, counts[GW_SEV_CRITICAL + 1], by_state[2][2];
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { json_decref(st); json_decref(sev); return GW_E_IO; }
    e = gw_store_device_counts(db, &sc, by_status, st, &online, &offline);
    if (!e) e = gw_store_alarm_counts(db, &sc, counts, by_state);
    gw_store_read_end(r->store, db);
    if (e) { json_decref(st); json_decref(sev); return gw_fail(r, e, "could not count the devices"); }
    for (int k = GW_SEV_WARNING; k <= GW_SEV_CRITICAL; k++)
        json_object_set_new(sev, gw_severity_name((gw_severity)k), json_integer(counts[k]));
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:I,s:o,s:I,s:I}", "devices_by_status", st, "online",
                                      (json_int_t)online, "offline", (json_int_t)offline, "active_alarms_by_severity",
                                      sev, "active_alarms", (json_int_t)(by_state[1][0] + by_state[1][1]),
                                      "unacked_alarms", (json_int_t)by_state[1][0]));
}

/* 400/413 with the rows at fault, each message in the request's language (as the place import). */
static gw_err fail_rows(gw_req *r, gw_err e, const char *msg, json_t *rows)
{
    char zh[512];
    if (r->lang == GW_LANG_ZH && msg && *msg && gw_msg_translate(msg, zh, sizeof zh)) msg = zh;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *m = json_string_value(json_object_get(row, "message"));
        if (r->lang == GW_LANG_ZH && m && gw_msg_translate(m, zh, sizeof zh))
            json_object_set_new(row, "message", json_string(zh));
    }
    json_t *body = gw_json_error(e, msg);
    json_object_set_new(body, "rows", rows ? rows : json_array());
    return gw_reply(r, e == GW_E_TOO_LARGE ? 413 : 400, body);
}

gw_err api_device_import(gw_req *r)
{
    static const char *const allowed[] = { "coord", NULL };
    gw_err e = gw_req_only_query(r, allowed);
    if (e) return e;
    const char *coord = gw_req_query(r, "coord");
    if (coord && strcmp(coord, "wgs84") && strcmp(coord, "gcj02")) return gw_fail(r, GW_E_INVALID, "coord must be wgs84 or gcj02");
    char msg[256] = "";
    gw_sheet *sheet = NULL;
    if ((e = gw_sheet_read(r->body ? r->body : "", r->body_len, NULL, &sheet, msg, sizeof msg))) return gw_fail(r, e, "%s", msg);
    size_t imported = 0;
    json_t *secrets = NULL, *rows = NULL;
    e = gw_device_import(r->store, &r->who, sheet, coord && !strcmp(coord, "gcj02"), &imported, &secrets, &rows, msg,
                         sizeof msg);
    gw_sheet_free(sheet);
    if (e == GW_E_INVALID || e == GW_E_TOO_LARGE) return fail_rows(r, e, msg, rows);
    json_decref(rows);
    if ((e = gw_admin_finish_write(r, e, msg, "devices"))) { json_decref(secrets); return e; }
    return gw_reply(r, 201, json_pack("{s:I,s:o}", "imported", (json_int_t)imported, "secrets", secrets));
}
