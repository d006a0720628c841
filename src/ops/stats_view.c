/* ops/stats_view.c — the dashboard summary as JSON, rendered from the store's rows (ops/stats_store.c). */
#include "ops/stats_view.h"
#include "base/clock.h"
#include "json/reply.h"
#include "ops/ticket.h"

static json_t *totals_json(const gw_stats_totals *t)
{
    json_t *by_state = json_object();
    for (int s = 0; s < GW_T__COUNT; s++)
        json_object_set_new(by_state, gw_ticket_state_name((gw_ticket_state)s), json_integer(t->by_state[s]));
    json_t *o = json_pack("{s:I,s:I,s:o,s:I,s:I,s:I,s:I,s:I,s:I}", "all", (json_int_t)t->all, "open", (json_int_t)t->open,
                          "by_state", by_state, "overdue", (json_int_t)t->overdue, "warning", (json_int_t)t->warning,
                          "extension_pending", (json_int_t)t->extension_pending, "low_rated", (json_int_t)t->low_rated,
                          "urged", (json_int_t)t->urged, "revisit_pending", (json_int_t)t->revisit_pending);
    if (o) json_object_set_new(o, "assist_open", json_integer(t->assist_open)); /* 待协办 */
    if (o) json_object_set_new(o, "assist_returned", json_integer(t->assist_returned));
    return o;
}

static json_t *series_json(const gw_stats_window *w, const int64_t *n_new, const int64_t *n_closed)
{
    json_t *arr = json_array();
    for (int k = 0; k < w->days; k++) {
        char iso[32];
        gw_clock_iso8601((w->first_day + k) * GW_MS_PER_DAY, iso, sizeof iso); /* the Shanghai date, at UTC midnight */
        iso[10] = 0;
        json_array_append_new(arr, json_pack("{s:s,s:I,s:I}", "date", iso, "new", (json_int_t)n_new[k],
                                             "closed", (json_int_t)n_closed[k]));
    }
    return arr;
}

/* The row callbacks skip a row that does not render (as json_pack would) and stop when the array
 * cannot grow. */
static int add(json_t *arr, json_t *o)
{
    return !o || json_array_append_new(arr, o) == 0;
}

static int add_category(void *cls, const gw_stats_category_row *r)
{
    return add(cls, json_pack("{s:I,s:s,s:s,s:I}", "id", (json_int_t)r->id, "code", r->code, "name", r->name,
                              "count", (json_int_t)r->count));
}

static int add_unit(void *cls, const gw_stats_unit_row *r)
{
    double closed = (double)r->closed;
    int64_t revisited = r->satisfied + r->basic + r->unsatisfied; /* 重办率: reopened of those called back */
    return add(cls, json_pack("{s:{s:I,s:s},s:I,s:I,s:I,s:o,s:o,s:o,s:I,s:I,s:I,s:o,s:{s:I,s:I,s:I}}",
        "unit", "id", (json_int_t)r->unit_id, "name", r->unit_name,
        "total", (json_int_t)r->total, "closed", (json_int_t)r->closed, "on_time", (json_int_t)r->on_time,
        "on_time_rate", r->closed ? json_real((double)r->on_time / closed) : json_null(),
        "avg_handle_hours", r->closed ? json_real((double)r->handle_ms_sum / closed / (double)GW_MS_PER_HOUR) : json_null(),
        "avg_rating", r->rated ? json_real((double)r->rating_sum / (double)r->rated) : json_null(),
        "overdue", (json_int_t)r->overdue, "urges", (json_int_t)r->urges, "reopens", (json_int_t)r->reopens,
        "reopen_rate", revisited ? json_real((double)r->reopened / (double)revisited) : json_null(),
        "revisits", "satisfied", (json_int_t)r->satisfied, "basic", (json_int_t)r->basic,
        "unsatisfied", (json_int_t)r->unsatisfied));
}

static int add_grid(void *cls, int64_t division_id, int64_t count)
{
    return add(cls, json_pack("{s:I,s:I}", "division_id", (json_int_t)division_id, "count", (json_int_t)count));
}

static int add_alert(void *cls, const gw_stats_alert_row *r)
{
    return add(cls, json_pack("{s:I,s:s,s:s,s:{s:s,s:s},s:o,s:o,s:b,s:b}", "id", (json_int_t)r->id,
        "track_code", r->track_code, "state", r->state, "category", "code", r->category_code, "name", r->category_name,
        "unit_name", gw_json_str(r->unit_name), "due_at", gw_json_time(r->due_ms),
        "overdue", r->overdue, "warning", r->warning));
}

/* [{request_type, count}] in the fixed order of the types, zeros included. */
static json_t *request_types_json(const int64_t counts[GW_REQUEST_TYPES])
{
    json_t *arr = json_array();
    for (int k = 0; arr && k < GW_REQUEST_TYPES; k++)
        add(arr, json_pack("{s:s,s:I}", "request_type", gw_request_type_name(k), "count", (json_int_t)counts[k]));
    return arr;
}

/* Set o[key] to a new array filled by e = each(...), or keep e. */
#define LIST(key, call)                                                                  \
    do {                                                                                 \
        json_t *arr_ = json_array();                                                     \
        e = arr_ ? (call) : GW_E_NOMEM;                                                  \
        if (!e) json_object_set_new(o, key, arr_); else json_decref(arr_);               \
    } while (0)

gw_err gw_stats_summary_json(gw_db *db, const gw_principal *who, int64_t now_ms, int days, json_t **out)
{
    gw_stats_window w;
    if (gw_stats_window_of(now_ms, days, &w)) return GW_E_INVALID;
    json_t *o = json_pack("{s:o,s:i,s:o}", "generated_at", gw_json_time(now_ms), "days", days,
                          "from", gw_json_time(w.from_ms));
    if (!o) return GW_E_NOMEM;
    gw_stats_totals t;
    int64_t n_new = 0, n_closed = 0, s_new[GW_STATS_MAX_DAYS], s_closed[GW_STATS_MAX_DAYS];
    gw_err e = gw_store_stats_totals(db, who, &t);
    if (!e) json_object_set_new(o, "totals", totals_json(&t));
    if (!e) e = gw_store_stats_today(db, who, w.day0_ms, &n_new, &n_closed);
    if (!e) json_object_set_new(o, "today", json_pack("{s:I,s:I}", "new", (json_int_t)n_new, "closed", (json_int_t)n_closed));
    if (!e) e = gw_store_stats_series(db, who, &w, s_new, s_closed);
    if (!e) json_object_set_new(o, "series", series_json(&w, s_new, s_closed));
    if (!e) LIST("by_category", gw_store_stats_category_each(db, who, w.from_ms, add_category, arr_));
    if (!e) LIST("by_unit", gw_store_stats_unit_each(db, who, w.from_ms, add_unit, arr_));
    int64_t by_type[GW_REQUEST_TYPES];
    if (!e) e = gw_store_stats_request_types(db, who, w.from_ms, by_type);
    if (!e) json_object_set_new(o, "by_request_type", request_types_json(by_type));
    if (!e) LIST("by_grid", gw_store_stats_grid_each(db, who, w.from_ms, add_grid, arr_));
    if (!e) LIST("alerts", gw_store_stats_alert_each(db, who, GW_STATS_ALERTS, add_alert, arr_));
    if (e) { json_decref(o); return e; }
    *out = o;
    return GW_OK;
}
