/* demo/demo_iot.c — see demo_iot.h. Types and devices go through the registry's use cases, the
 * history through the same status transaction as a live message (iot/alarm_svc.h), back-dated. */
#include "demo/demo_iot.h"
#include "base/clock.h"
#include "iot/alarm_svc.h"
#include "iot/device_svc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *code, *name, *statuses;
    int heartbeat_s, offline_s, debounce_n;
} types[] = {
    { "manhole", "井盖传感器", "[{\"status\":\"normal\"},"
      "{\"status\":\"tilted\",\"alarm\":\"cover\",\"severity\":\"major\",\"category\":\"0101\"},"
      "{\"status\":\"open\",\"alarm\":\"cover\",\"severity\":\"critical\",\"category\":\"0101\"},"
      "{\"status\":\"missing\",\"alarm\":\"cover\",\"severity\":\"critical\",\"category\":\"0101\"}]", 300, 900, 1 },
    { "trashbin", "垃圾桶满溢传感器", "[{\"status\":\"normal\"},"
      "{\"status\":\"full\",\"alarm\":\"bin_full\",\"severity\":\"minor\",\"category\":\"0302\"},"
      "{\"status\":\"fire\",\"alarm\":\"bin_fire\",\"severity\":\"critical\",\"category\":\"1006\"}]", 300, 900, 2 },
    { "camera", "视频分析摄像头", "[{\"status\":\"normal\"},"
      "{\"status\":\"street_vending\",\"alarm\":\"street_vending\",\"severity\":\"minor\",\"category\":\"1302\"},"
      "{\"status\":\"garbage\",\"alarm\":\"garbage_exposed\",\"severity\":\"minor\",\"category\":\"1001\"},"
      "{\"status\":\"illegal_parking\",\"alarm\":\"illegal_parking\",\"severity\":\"warning\",\"category\":\"1304\"}]",
      60, 300, 1 },
    { "water_level", "积水水位传感器", "[{\"status\":\"normal\"},"
      "{\"status\":\"high\",\"alarm\":\"water_high\",\"severity\":\"major\",\"category\":\"1404\"},"
      "{\"status\":\"flood\",\"alarm\":\"water_high\",\"severity\":\"critical\",\"category\":\"1404\"}]", 300, 900, 2 },
    { "smoke", "烟感探测器", "[{\"status\":\"normal\"},"
      "{\"status\":\"smoke\",\"alarm\":\"smoke\",\"severity\":\"critical\"}]", 600, 1800, 1 },
};
#define N_TYPES (sizeof types / sizeof types[0])

static gw_err load_types(gw_store *s, const gw_principal *admin)
{
    gw_err e = GW_OK;
    gw_device_type *t = malloc(sizeof *t);
    if (!t) return GW_E_NOMEM;
    for (size_t i = 0; i < N_TYPES && !e; i++) {
        char msg[256] = "";
        gw_dtype_in in = { .code = types[i].code, .name = types[i].name, .statuses = json_loads(types[i].statuses, 0, NULL),
                           .has_heartbeat = 1, .heartbeat_s = types[i].heartbeat_s, .has_offline = 1,
                           .offline_s = types[i].offline_s, .has_debounce_n = 1, .debounce_n = types[i].debounce_n };
        e = gw_dtype_save(s, admin, NULL, &in, t, msg, sizeof msg);
        if (e) fprintf(stderr, "demo: device type %s: %s\n", types[i].code, msg);
        json_decref(in.statuses);
    }
    free(t);
    return e;
}

static gw_err add(gw_store *s, const gw_principal *admin, const char *did, const char *type, const char *name,
                  double lon, double lat, const char *address)
{
    char msg[256] = "", secret[GW_IOT_SECRET_LEN + 1];
    gw_device_in in = { .device_id = did, .type = type, .name = name, .address = address, .has_location = 1,
                        .lon = lon, .lat = lat, .enabled = 1, .secret = GW_DEMO_DEVICE_SECRET };
    gw_device_row *d = malloc(sizeof *d);
    gw_err e = d ? gw_device_create(s, admin, &in, d, secret, msg, sizeof msg) : GW_E_NOMEM;
    if (e) fprintf(stderr, "demo: device %s: %s\n", did, msg);
    free(d);
    return e;
}

typedef struct {
    gw_iot_reading rd;
    gw_iot_outcome out;
} hist_arg;

static gw_err op_hist(gw_db *tx, void *p)
{
    hist_arg *h = p;
    char msg[256];
    memset(&h->out, 0, sizeof h->out);
    return gw_iot_apply_tx(tx, &h->rd, &h->out, msg, sizeof msg);
}

/* Device row id of a demo device, 0 when missing. */
static int64_t id_of(gw_store *s, const char *did)
{
    gw_device_row *d = malloc(sizeof *d);
    gw_db *db = d ? gw_store_read_begin(s) : NULL;
    int64_t id = db && gw_store_device_by_did(db, did, d) == GW_OK ? d->id : 0;
    if (db) gw_store_read_end(s, db);
    free(d);
    return id;
}

/* One back-dated reading of did, ago_min minutes before now. */
static gw_err hist(gw_store *s, const char *did, const char *status, int64_t now, int ago_min)
{
    hist_arg *h = calloc(1, sizeof *h);
    if (!h) return GW_E_NOMEM;
    h->rd.device = id_of(s, did);
    h->rd.status = status;
    h->rd.ts_ms = h->rd.now_ms = now - (int64_t)ago_min * 60000;
    gw_err e = h->rd.device ? gw_store_write(s, op_hist, h) : GW_E_NOT_FOUND;
    free(h);
    return e;
}

gw_err gw_demo_iot_load(gw_store *s, int64_t now)
{
    gw_principal admin = { 0 };
    admin.role = GW_R_ADMIN;
    snprintf(admin.div_path, sizeof admin.div_path, "/");
    gw_err e = load_types(s, &admin);
    /* the seed's example: 中山路100号 (demo/demo_places.c puts it at the middle of 幸福里社区第1网格) */
    if (!e) e = add(s, &admin, "MC-001", "manhole", "中山路100号井盖", 120.1125, 30.2125, "中山路100号");
    for (int i = 1; i <= GW_DEMO_FLEET && !e; i++) {
        static const char *const kinds[] = { "manhole", "trashbin", "water_level", "smoke", "camera" };
        static const char *const names[] = { "井盖", "垃圾桶", "水位计", "烟感", "摄像头" };
        int g = (i * 7) % 48, col = g % 8, row = g / 8; /* spread over the 8 x 6 grid cells */
        char did[16], name[64];
        snprintf(did, sizeof did, "SIM-%04d", i);
        snprintf(name, sizeof name, "模拟%s%02d", names[(i - 1) % 5], i);
        e = add(s, &admin, did, kinds[(i - 1) % 5], name, 120.1 + (col + 0.3 + 0.02 * (i % 10)) * 0.025,
                30.2 + (row + 0.4) * 0.025, "");
    }
    /* history: smoke detectors (their alarm opens no ticket, so the demo's tickets stay the n asked for): one
     * alarm that cleared this morning, one repeated and cleared, one still active */
    if (!e) e = hist(s, "SIM-0004", "smoke", now, 600);
    if (!e) e = hist(s, "SIM-0004", "normal", now, 590);
    if (!e) e = hist(s, "SIM-0009", "smoke", now, 300);
    if (!e) e = hist(s, "SIM-0009", "smoke", now, 299);
    if (!e) e = hist(s, "SIM-0009", "normal", now, 280);
    if (!e) e = hist(s, "SIM-0014", "smoke", now, 20);
    return e;
}
