/* iot/alarm_svc.c — see alarm_svc.h. */
#include "iot/alarm_svc.h"
#include "base/log.h"
#include "iot/alarm.h"
#include "iot/alarm_store.h"
#include "ops/ticket_steps_svc.h"
#include "ops/ticket_svc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CLEARED_MAX 16

/* Open the ticket of a new alarm when its status names a category and the device can be placed. */
static gw_err open_ticket(gw_db *tx, const gw_device_row *d, const gw_device_type *t, const gw_status_rule *r,
                          gw_alarm_row *a, int64_t now, const char *photo)
{
    int64_t cat;
    if (!r->category[0] || (!d->has_location && !d->division_id && !d->address[0])) return GW_OK;
    if (gw_store_iot_category_id(tx, r->category, &cat) != GW_OK) {
        gw_warn("iot: device %s: category %s of status %s is gone; no ticket", d->device_id, r->category, r->status);
        return GW_OK;
    }
    char desc[1024], msg[256] = "";
    snprintf(desc, sizeof desc, "物联感知告警：%s（%s，%s）状态 %s，告警 %s，级别 %s", d->name, d->device_id, t->name,
             r->status, r->alarm, gw_severity_name(r->severity));
    gw_report rep = { 0 };
    rep.source = "iot";
    rep.category_id = cat;
    rep.has_location = d->has_location, rep.lon = d->lon, rep.lat = d->lat;
    rep.division_id = d->division_id;
    rep.address = d->address;
    rep.description = desc;
    rep.urgency = r->severity >= GW_SEV_CRITICAL ? 3 : r->severity == GW_SEV_MAJOR ? 2 : 0;
    rep.at_ms = now;
    if (photo) rep.photos[0] = photo, rep.n_photos = 1;
    gw_principal sys = { 0 };
    sys.role = GW_R_SYSTEM;
    gw_ticket_row *row = malloc(sizeof *row);
    if (!row) return GW_E_NOMEM;
    gw_err e = gw_ticket_report_tx(tx, &sys, &rep, row, msg, sizeof msg);
    int64_t tid = row->id;
    free(row);
    if (e) { gw_warn("iot: device %s: ticket not opened: %s", d->device_id, msg); return e; }
    a->ticket_id = tid;
    if ((e = gw_store_alarm_set_ticket(tx, a->id, tid))) return e;
    return gw_ticket_note_tx(tx, tid, now, "iot_alarm", NULL,
                             json_pack("{s:I,s:s,s:s,s:s,s:s}", "alarm_id", (json_int_t)a->id, "device_id",
                                       d->device_id, "alarm_type", r->alarm, "severity", gw_severity_name(r->severity),
                                       "status", r->status));
}

static gw_err note_cleared(gw_db *tx, const gw_device_row *d, const gw_alarm_row *c, size_t n, int64_t now)
{
    gw_err e = GW_OK;
    for (size_t i = 0; i < n && !e; i++)
        if (c[i].ticket_id)
            e = gw_ticket_note_tx(tx, c[i].ticket_id, now, "iot_clear", NULL,
                                  json_pack("{s:I,s:s,s:s,s:I,s:s}", "alarm_id", (json_int_t)c[i].id, "device_id",
                                            d->device_id, "alarm_type", c[i].alarm_type, "count",
                                            (json_int_t)c[i].count, "status", d->st.status));
    return e;
}

static gw_err raise(gw_db *tx, const gw_device_row *d, const gw_device_type *t, const char *prev_status,
                    gw_iot_outcome *out, int64_t now, const char *photo)
{
    const gw_status_rule *r = gw_device_type_rule(t, d->st.status), *prev = gw_device_type_rule(t, prev_status);
    gw_alarm_row c[CLEARED_MAX], a;
    size_t n = 0;
    gw_err e;
    if (prev && prev->alarm[0] && strcmp(prev->alarm, r->alarm)) { /* the device left that alarm's status */
        if ((e = gw_store_alarm_clear(tx, d->id, prev->alarm, NULL, now, c, CLEARED_MAX, &n))) return e;
        if ((e = note_cleared(tx, d, c, n, now))) return e;
        out->cleared += (int)n;
    }
    if ((e = gw_store_alarm_raise(tx, d->id, r->alarm, r->severity, now, &a))) return e;
    if (a.count == 1) {
        out->raised++;
        if ((e = open_ticket(tx, d, t, r, &a, now, photo)) == GW_OK && a.ticket_id) out->tickets++;
        return e == GW_E_INVALID ? GW_OK : e; /* a ticket the routing cannot take leaves the alarm standing */
    }
    int esc = a.severity > a.prev_severity;
    out->repeated++;
    out->escalated += esc;
    if (!a.ticket_id || !gw_alarm_repeat_noted(a.count, esc)) return GW_OK;
    return gw_ticket_note_tx(tx, a.ticket_id, now, esc ? "iot_escalate" : "iot_repeat", NULL,
                             json_pack("{s:I,s:s,s:I,s:s,s:s}", "alarm_id", (json_int_t)a.id, "alarm_type",
                                       a.alarm_type, "count", (json_int_t)a.count, "severity",
                                       gw_severity_name(a.severity), "status", d->st.status));
}

/* A device heard from again: online, its offline alarm cleared. */
static gw_err back_online(gw_db *tx, gw_device_row *d, gw_iot_outcome *out, int64_t now)
{
    gw_alarm_row c[CLEARED_MAX];
    size_t n = 0;
    d->online = 1;
    gw_err e = gw_store_alarm_clear(tx, d->id, GW_IOT_OFFLINE_ALARM, NULL, now, c, CLEARED_MAX, &n);
    if (!e) e = note_cleared(tx, d, c, n, now);
    out->cleared += (int)n;
    return e;
}

gw_err gw_iot_apply_tx(gw_db *tx, const gw_iot_reading *rd, gw_iot_outcome *out, char *msg, size_t msgn)
{
    gw_device_row *d = &out->dev;
    gw_device_type *t = malloc(sizeof *t);
    gw_err e = t ? gw_store_device_get(tx, rd->device, d) : GW_E_NOMEM;
    if (!e && !d->enabled) e = GW_E_NOT_FOUND;
    if (!e) e = gw_store_dtype_get(tx, d->type_code, t);
    if (!e && rd->status && rd->status[0] && !gw_device_type_rule(t, rd->status)) {
        snprintf(msg, msgn, "device type %s has no status %s", t->code, rd->status);
        e = GW_E_INVALID;
    }
    if (e) { free(t); return e; }
    int64_t seen = rd->ts_ms > d->last_seen_ms ? rd->ts_ms : d->last_seen_ms;
    char prev[GW_IOT_CODE_BUF];
    snprintf(prev, sizeof prev, "%s", d->st.status);
    if (!d->online) e = back_online(tx, d, out, rd->now_ms);
    gw_iot_step step = rd->status && rd->status[0] ? gw_alarm_step(t, &d->st, rd->status, rd->ts_ms) : GW_IOT_SAME;
    if (!e && step == GW_IOT_RAISE) e = raise(tx, d, t, prev, out, rd->now_ms, rd->photo);
    if (!e && step == GW_IOT_CLEAR) {
        gw_alarm_row c[CLEARED_MAX];
        size_t n = 0;
        e = gw_store_alarm_clear(tx, d->id, NULL, GW_IOT_OFFLINE_ALARM, rd->now_ms, c, CLEARED_MAX, &n);
        if (!e) e = note_cleared(tx, d, c, n, rd->now_ms);
        out->cleared += (int)n;
    }
    free(t);
    d->last_seen_ms = seen;
    if (rd->has_battery) d->has_battery = 1, d->battery = rd->battery;
    if (rd->has_signal) d->has_signal = 1, d->signal = rd->signal;
    if (!e) e = gw_store_device_save_state(tx, d);
    if (!e && rd->status && rd->status[0])
        e = gw_store_reading_insert(tx, d->id, rd->ts_ms, rd->status, rd->values);
    if (!e) d->open_alarms += out->raised - out->cleared; /* as read at the start, give or take this reading */
    if (!e && step == GW_IOT_RAISE && d->open_alarms < 1) d->open_alarms = 1; /* a repeat: the alarm is open */
    if (d->open_alarms < 0) d->open_alarms = 0;
    return e;
}

gw_err gw_iot_offline_job(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg)
{
    (void)slot_ms;
    gw_iot_offline_arg *oa = arg;
    int64_t ids[500];
    size_t n = 0;
    gw_err e = gw_store_device_silent(tx, now_ms, ids, 500, &n);
    gw_device_row *d = malloc(sizeof *d);
    if (!d) return GW_E_NOMEM;
    for (size_t i = 0; i < n && !e; i++) {
        gw_alarm_row a;
        if ((e = gw_store_device_get(tx, ids[i], d))) break;
        d->online = 0;
        if (!(e = gw_store_device_save_state(tx, d)))
            e = gw_store_alarm_raise(tx, d->id, GW_IOT_OFFLINE_ALARM, GW_SEV_MAJOR, now_ms, &a);
    }
    free(d);
    if (!e && n) gw_info("iot: %zu devices went offline", n);
    for (size_t i = 0; !e && oa && oa->gone && i < n; i++) oa->gone(oa->cls, ids[i]);
    return e;
}

gw_job gw_iot_offline(int seconds, gw_iot_offline_arg *arg)
{
    gw_job j = { GW_IOT_OFFLINE_JOB, (int64_t)(seconds < 1 ? 10 : seconds) * 1000, gw_iot_offline_job, arg, NULL };
    return j;
}
