/* iot/device_import_svc.c — see device_import_svc.h. */
#include "iot/device_import_svc.h"
#include "base/geo.h"
#include "core/scope.h"
#include "iot/device_svc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { C_ID, C_TYPE, C_NAME, C_LON, C_LAT, C_ADDRESS, C_OWNER, C_SECRET, C__N };
static const char *const col_names[C__N][2] = {
    { "device_id", "设备编号" }, { "type", "类型" }, { "name", "名称" }, { "lon", "经度" }, { "lat", "纬度" },
    { "address", "地址" }, { "owner_unit_id", "权属单位" }, { "secret", "密钥" },
};

typedef struct {
    const gw_sheet *sheet;
    const gw_principal *who;
    int gcj02;
    int col[C__N];
    json_t *errors, *secrets;
    size_t imported;
} import_job;

static const char *cell(const import_job *j, size_t r, int c)
{
    return j->col[c] < 0 ? "" : gw_sheet_cell(j->sheet, r, (size_t)j->col[c]);
}

static void row_error(import_job *j, size_t r, const char *column, const char *message)
{
    if (json_array_size(j->errors) < GW_DEVICE_IMPORT_ERRORS)
        json_array_append_new(j->errors, json_pack("{s:I,s:s,s:s}", "row", (json_int_t)(r + 1), "column", column,
                                                   "message", message));
}

static int number(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v) || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}

/* Row r as a device's fields; the column at fault (NULL when good). */
static const char *row_in(const import_job *j, size_t r, gw_device_in *in)
{
    memset(in, 0, sizeof *in);
    in->device_id = cell(j, r, C_ID), in->type = cell(j, r, C_TYPE), in->name = cell(j, r, C_NAME);
    in->address = cell(j, r, C_ADDRESS);
    in->enabled = 1;
    const char *lon = cell(j, r, C_LON), *lat = cell(j, r, C_LAT), *owner = cell(j, r, C_OWNER);
    if (*lon || *lat) {
        if (!number(lon, -180, 180, &in->lon)) return "lon";
        if (!number(lat, -90, 90, &in->lat)) return "lat";
        in->has_location = 1;
        if (j->gcj02) {
            gw_point p = gw_geo_gcj02_to_wgs84((gw_point){ in->lon, in->lat });
            in->lon = p.lon, in->lat = p.lat;
        }
    }
    double u;
    if (*owner && !number(owner, 1, 9e15, &u)) return "owner_unit_id";
    if (*owner) in->has_owner = 1, in->owner_unit_id = (int64_t)u;
    if (*cell(j, r, C_SECRET)) in->secret = cell(j, r, C_SECRET);
    return NULL;
}

static const char *column_of(const char *msg)
{
    static const char *const cols[] = { "device_id", "type", "name", "address", "owner_unit_id", "secret" };
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        if (strstr(msg, cols[i])) return cols[i];
    return strstr(msg, "device type") ? "type" : strstr(msg, "device ") ? "device_id" : "name";
}

static gw_err op_import(gw_db *tx, void *arg)
{
    import_job *j = arg;
    gw_device_row *d = malloc(sizeof *d);
    if (!d) return GW_E_NOMEM;
    json_array_clear(j->secrets);
    j->imported = 0;
    int bad = 0;
    for (size_t r = 1; r < gw_sheet_rows(j->sheet); r++) {
        gw_device_in in;
        char msg[256] = "", secret[GW_IOT_SECRET_LEN + 1] = "";
        const char *col = row_in(j, r, &in);
        if (col) { row_error(j, r, col, "must be a number in range"); bad = 1; continue; }
        gw_err e = gw_device_create_tx(tx, j->who, &in, d, secret, msg, sizeof msg);
        if (e == GW_E_INVALID) { row_error(j, r, column_of(msg), msg); bad = 1; continue; }
        if (e == GW_E_CONFLICT) { /* the failed INSERT ends the transaction (PostgreSQL): stop here */
            row_error(j, r, "device_id", msg);
            free(d);
            return GW_E_INVALID;
        }
        if (e) { free(d); return e; }
        j->imported++;
        if (!in.secret) json_array_append_new(j->secrets, json_pack("{s:s,s:s}", "device_id", d->device_id, "secret", secret));
    }
    free(d);
    return bad ? GW_E_INVALID : GW_OK; /* a bad row rolls back the whole import */
}

static gw_err find_columns(import_job *j, char *msg, size_t msgn)
{
    for (int c = 0; c < C__N; c++) j->col[c] = -1;
    for (size_t k = 0; k < gw_sheet_cols(j->sheet, 0); k++) {
        const char *h = gw_sheet_cell(j->sheet, 0, k);
        int known = 0;
        for (int c = 0; c < C__N; c++)
            for (int a = 0; a < 2; a++)
                if (!strcmp(h, col_names[c][a])) j->col[c] = (int)k, known = 1;
        if (!known && *h) { snprintf(msg, msgn, "unknown column '%.40s' in the first row", h); return GW_E_INVALID; }
    }
    if (j->col[C_ID] < 0 || j->col[C_TYPE] < 0 || j->col[C_NAME] < 0) {
        snprintf(msg, msgn, "the first row must name the columns device_id, type and name");
        return GW_E_INVALID;
    }
    return GW_OK;
}

gw_err gw_device_import(gw_store *s, const gw_principal *who, const gw_sheet *sheet, int gcj02, size_t *imported,
                        json_t **secrets, json_t **errors, char *msg, size_t msgn)
{
    *imported = 0, *secrets = NULL, *errors = NULL;
    if (!gw_may(who, GW_P_IOT_MANAGE)) return GW_E_FORBIDDEN;
    size_t rows = gw_sheet_rows(sheet);
    if (rows < 2) { snprintf(msg, msgn, "the sheet has no rows under its header"); return GW_E_INVALID; }
    if (rows - 1 > GW_DEVICE_IMPORT_ROWS) {
        snprintf(msg, msgn, "at most %d devices per import", GW_DEVICE_IMPORT_ROWS);
        return GW_E_TOO_LARGE;
    }
    import_job j = { sheet, who, gcj02, { 0 }, json_array(), json_array(), 0 };
    gw_err e = find_columns(&j, msg, msgn);
    if (!e) e = gw_store_write(s, op_import, &j);
    if (e == GW_E_INVALID && json_array_size(j.errors))
        snprintf(msg, msgn, "some rows are not valid: nothing was imported");
    if (!e) *imported = j.imported, *secrets = json_incref(j.secrets);
    if (json_array_size(j.errors)) *errors = json_incref(j.errors);
    json_decref(j.errors);
    json_decref(j.secrets);
    return e;
}
