/* iot/alarm_api.c — the alarm list and acknowledgement over HTTP (rules in device_svc.h, alarm.h). */
#include "iot/iot_api.h"
#include "base/str.h"
#include "core/admin.h"
#include "iot/device_svc.h"
#include "json/reply.h"

#include <stdlib.h>
#include <string.h>

#define ALARMS_MAX 500
#define OFFSET_MAX 1000000

static json_t *alarm_json(const gw_alarm_row *a)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:b,s:I,s:I,s:I,s:o,s:o,s:o}", "id", (json_int_t)a->id, "device_id",
                     a->device_id, "device_name", a->device_name, "alarm_type", a->alarm_type, "severity",
                     gw_severity_name(a->severity), "state", a->active ? "active" : "cleared", "acked", a->acked,
                     "count", (json_int_t)a->count, "first_ms", (json_int_t)a->first_ms, "last_ms",
                     (json_int_t)a->last_ms, "cleared_ms", gw_json_id(a->cleared_ms), "ticket_id",
                     gw_json_id(a->ticket_id), "ticket_code", gw_json_str(a->ticket_code[0] ? a->ticket_code : NULL));
}

static gw_err query_of(gw_req *r, gw_alarm_query *q)
{
    const char *st = gw_req_query(r, "state"), *ack = gw_req_query(r, "acked"), *sev = gw_req_query(r, "severity");
    q->scope = gw_iot_scope_of(&r->who);
    q->state = !st ? -1 : !strcmp(st, "active") ? 1 : !strcmp(st, "cleared") ? 0 : -2;
    q->acked = !ack ? -1 : !strcmp(ack, "1") ? 1 : !strcmp(ack, "0") ? 0 : -2;
    q->severity = sev ? gw_severity_parse(sev) : 0;
    q->device_id = gw_req_query(r, "device_id");
    if (q->state == -2) return gw_fail(r, GW_E_INVALID, "state must be active or cleared");
    if (q->acked == -2) return gw_fail(r, GW_E_INVALID, "acked must be 0 or 1");
    if (q->severity < 0) return gw_fail(r, GW_E_INVALID, "severity must be critical, major, minor or warning");
    if (q->device_id && !gw_iot_code_valid(q->device_id))
        return gw_fail(r, GW_E_INVALID, "device_id must be 1 to %d letters, digits or _ . : -", GW_IOT_CODE_MAX);
    return gw_req_page(r, 50, ALARMS_MAX, OFFSET_MAX, &q->offset, &q->limit);
}

gw_err api_alarm_list(gw_req *r)
{
    static const char *const allowed[] = { "state", "acked", "severity", "device_id", "limit", "offset", NULL };
    gw_alarm_query q = { 0 };
    gw_err e = gw_req_only_query(r, allowed);
    if (e || (e = query_of(r, &q))) return e;
    gw_alarm_row *rows = calloc(q.limit, sizeof *rows);
    gw_db *db = rows ? gw_admin_read_begin(r) : NULL;
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int64_t total = 0;
    e = gw_store_alarm_list(db, &q, rows, &n, &total);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, alarm_json(&rows[i]));
    free(rows);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not list the alarms"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I}", "items", arr, "total", (json_int_t)total));
}

gw_err api_alarm_ack(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (e || (e = gw_admin_path_id(r, "alarm", &id))) return e;
    if (r->body_len) return gw_fail(r, GW_E_INVALID, "this request takes no body");
    gw_alarm_row a;
    e = gw_alarm_ack(r->store, &r->who, id, &a);
    if (e == GW_E_CONFLICT) return gw_fail(r, e, "the alarm is already acknowledged");
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "no such alarm");
    if (e) return gw_fail(r, e, "could not acknowledge the alarm");
    return gw_reply(r, 200, alarm_json(&a));
}
