/* ops/warning_api.c — early warnings over HTTP (see warning_api.h). A warning's evidence is ticket ids
 * (opened through the ticket routes, with their own scope and masking); a repeat caller is named by a
 * masked number only. */
#include "ops/warning_api.h"

#include <stdlib.h>
#include <string.h>

#include "core/admin.h"
#include "json/reply.h"
#include "ops/warning_svc.h"

#define OFFSET_MAX 100000

static json_t *warning_json(const gw_warning_row *w)
{
    json_t *ev = json_array();
    for (int i = 0; i < w->nevidence; i++) json_array_append_new(ev, json_integer(w->evidence[i]));
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:o,s:I,s:I,s:f,s:f,s:o,s:o,s:o,s:o,s:o,s:I,s:I}", "id",
                     (json_int_t)w->id, "kind", gw_warning_kind_name(w->kind), "state",
                     gw_warning_state_name(w->state), "area_path", w->area_path, "area_name", w->area_name,
                     "category_id", gw_json_id(w->category_id), "category_name",
                     gw_json_str(w->category_name[0] ? w->category_name : NULL), "day_ms", (json_int_t)w->day_ms,
                     "count", (json_int_t)w->count, "baseline", w->baseline, "score", w->score, "subject",
                     gw_json_str(w->subject[0] ? w->subject : NULL), "tickets", ev, "ack_by", gw_json_id(w->ack_by),
                     "ack_ms", gw_json_id(w->ack_ms), "ack_note", gw_json_str(w->ack_by ? w->ack_note : NULL),
                     "created_ms", (json_int_t)w->created_ms, "updated_ms", (json_int_t)w->updated_ms);
}

gw_err api_warnings_list(gw_req *r)
{
    static const char *const allowed[] = { "kind", "state", "limit", "offset", NULL };
    gw_err e = gw_req_only_query(r, allowed);
    if (e) return e;
    const char *k = gw_req_query(r, "kind"), *st = gw_req_query(r, "state");
    int kind = k ? gw_warning_kind_parse(k) : -1, state = st ? gw_warning_state_parse(st) : -1;
    if (k && kind < 0) return gw_fail(r, GW_E_INVALID, "kind must be rise, repeat or cluster");
    if (st && state < 0) return gw_fail(r, GW_E_INVALID, "state must be open or acknowledged");
    size_t offset, limit;
    if ((e = gw_req_page(r, 20, GW_WARNING_PAGE_MAX, OFFSET_MAX, &offset, &limit))) return e;
    gw_warning_row *rows = calloc(limit, sizeof *rows);
    gw_db *db = rows ? gw_admin_read_begin(r) : NULL;
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int64_t total = 0;
    e = gw_warnings_list(db, &r->who, kind, state, offset, limit, rows, &n, &total);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, warning_json(&rows[i]));
    free(rows);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not list the warnings"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I}", "items", arr, "total", (json_int_t)total));
}

gw_err api_warnings_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (e || (e = gw_admin_path_id(r, "warning", &id))) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_warning_row w;
    e = gw_warning_read(db, &r->who, id, &w);
    gw_store_read_end(r->store, db);
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "no such warning");
    if (e) return gw_fail(r, e, "could not read the warning");
    return gw_reply(r, 200, warning_json(&w));
}

gw_err api_warnings_ack(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (e || (e = gw_admin_path_id(r, "warning", &id))) return e;
    json_t *body = NULL;
    if ((e = gw_req_json(r, &body))) return e;
    const char *note = NULL;
    GW_ADMIN_UNPACK(r, body, "{s?:s}", "note", &note);
    if ((e = gw_admin_check_text(r, "note", note, 0, GW_REASON_MAX, GW_REASON_MAX * 4 + 1))) {
        json_decref(body);
        return e;
    }
    char msg[200] = "";
    e = gw_warning_ack(r->store, &r->who, id, note, msg, sizeof msg);
    json_decref(body);
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "no such warning");
    if (e) return gw_fail(r, e, "%s", msg[0] ? msg : "could not acknowledge the warning");
    return api_warnings_get(r);
}

gw_err api_warnings_run(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    if (r->body_len) return gw_fail(r, GW_E_INVALID, "this request takes no body");
    int raised = 0;
    char msg[200] = "";
    e = gw_warnings_run(r->store, &r->who, &raised, msg, sizeof msg);
    if (e) return gw_fail(r, e, "%s", msg[0] ? msg : "could not evaluate the warnings");
    return gw_reply(r, 200, json_pack("{s:i}", "raised", raised));
}
