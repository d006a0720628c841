/* partners/earn_live_api.c — volunteer activities and live sign-in/out over HTTP (see earn_api.h). The
 * activity's secret never leaves the server: staff read the current code from /code. */
#include "partners/earn_api.h"
#include "base/clock.h"
#include "core/admin.h"
#include "json/reply.h"
#include "partners/earn_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIME_LIMIT 4102444800000LL

static gw_err fail_msg(gw_req *r, gw_err e, const char *msg, const char *dflt)
{
    return gw_fail(r, e, "%s", msg && msg[0] ? msg : dflt);
}

static json_t *activity_json(const gw_earn_activity *a)
{
    return json_pack("{s:I,s:I,s:{s:I,s:s},s:s,s:{s:f,s:f},s:i,s:s,s:I,s:I,s:o,s:o,s:o}", "id", (json_int_t)a->id,
                     "community_id", (json_int_t)a->community_id, "rule", "id", (json_int_t)a->rule_id, "name",
                     a->rule_name, "title", a->title, "place", "lon", a->place.lon, "lat", a->place.lat, "radius_m",
                     (int)a->radius_m, "address", a->address, "starts_ms", (json_int_t)a->starts_ms, "ends_ms",
                     (json_int_t)a->ends_ms, "starts_at", gw_json_time(a->starts_ms), "ends_at",
                     gw_json_time(a->ends_ms), "created_at", gw_json_time(a->created_ms));
}

gw_err api_activities_create(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    gw_earn_activity_in in = { 0 };
    json_int_t rule = 0, radius = 0, starts = 0, ends = 0;
    double lon = 0, lat = 0;
    GW_ADMIN_UNPACK(r, body, "{s:I, s:s, s:F, s:F, s:I, s?:s, s:I, s:I}", "rule_id", &rule, "title", &in.title, "lon",
                    &lon, "lat", &lat, "radius_m", &radius, "address", &in.address, "starts_ms", &starts, "ends_ms",
                    &ends);
    if (starts < 0 || ends < 0 || starts > TIME_LIMIT || ends > TIME_LIMIT || radius < 0 || radius > 1000000) {
        json_decref(body);
        return gw_fail(r, GW_E_INVALID, "starts_ms, ends_ms and radius_m are out of range");
    }
    in.rule_id = rule;
    in.radius_m = radius;
    in.starts_ms = starts;
    in.ends_ms = ends;
    in.place = (gw_point){ lon, lat };
    gw_earn_activity out;
    char msg[200] = "";
    e = gw_earn_activity_create(r->store, &r->who, &in, &out, msg, sizeof msg);
    json_decref(body);
    if (e) return fail_msg(r, e, msg, "could not save the activity");
    return gw_reply(r, 201, activity_json(&out));
}

static gw_err list_activities(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_earn_activity *rows = calloc(GW_EARN_ACTIVITIES_MAX, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    char msg[200] = "";
    /* what is on now or still to come, and what ended in the last week (to confirm) */
    e = gw_earn_activity_list(db, &r->who, gw_now_ms() - 7 * GW_MS_PER_DAY, rows, &n, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, activity_json(&rows[i]));
    free(rows);
    if (e) { json_decref(arr); return fail_msg(r, e, msg, "could not list the activities"); }
    return gw_admin_reply_items(r, arr);
}

gw_err api_activities_list(gw_req *r) { return list_activities(r); }
gw_err api_resident_activities(gw_req *r) { return list_activities(r); }

gw_err api_activities_code(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "activity", &id);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    char code[8], msg[200] = "";
    int64_t until = 0;
    e = gw_earn_activity_code(db, &r->who, id, gw_now_ms(), code, &until, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    if (e) return fail_msg(r, e, msg, "could not read the activity");
    char qr[64];
    snprintf(qr, sizeof qr, "gridwork:signin:%lld:%s", (long long)id, code);
    return gw_reply(r, 200, json_pack("{s:s,s:s,s:I,s:o}", "code", code, "qr_text", qr, "valid_until_ms",
                                      (json_int_t)until, "valid_until", gw_json_time(until)));
}

/* POST /resident/activities/{id}/sign-in {code, lon, lat} and /sign-out {lon, lat}. */
static gw_err sign(gw_req *r, int in)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "activity", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *code = NULL;
    double lon = 0, lat = 0;
    if (in) GW_ADMIN_UNPACK(r, body, "{s:s, s:F, s:F}", "code", &code, "lon", &lon, "lat", &lat);
    else GW_ADMIN_UNPACK(r, body, "{s:F, s:F}", "lon", &lon, "lat", &lat);
    gw_earn_record *x = malloc(sizeof *x);
    char msg[200] = "";
    gw_point at = { lon, lat };
    e = !x ? GW_E_NOMEM
        : in ? gw_earn_sign_in(r->store, &r->who, id, code, at, x, msg, sizeof msg)
             : gw_earn_sign_out(r->store, &r->who, id, at, x, msg, sizeof msg);
    json_decref(body);
    if (e) { free(x); return fail_msg(r, e, msg, "could not sign you in or out"); }
    json_t *o = json_pack("{s:I,s:s,s:I,s:o,s:o,s:I}", "id", (json_int_t)x->id, "status", gw_earn_status_name(x->status),
                          "activity_id", (json_int_t)x->activity_id, "started_at", gw_json_time(x->started_ms),
                          "ended_at", gw_json_time(x->ended_ms), "minutes", (json_int_t)x->minutes);
    free(x);
    return gw_reply(r, in ? 201 : 200, o);
}

gw_err api_resident_sign_in(gw_req *r) { return sign(r, 1); }
gw_err api_resident_sign_out(gw_req *r) { return sign(r, 0); }
