/* ops/assist_api.c — see assist_api.h. Both answer with the caller's view of the ticket. */
#include "ops/assist_api.h"
#include "base/str.h"
#include "json/reply.h"
#include "ops/assist_svc.h"
#include "ops/ticket_svc.h"
#include "ops/ticket_view.h"

#include <stdlib.h>
#include <string.h>

/* The ticket's view for the caller after a sub-task write (who may no longer see it: then just the id). */
static gw_err reply_view(gw_req *r, int status, int64_t id)
{
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_ticket_row *row = malloc(sizeof *row);
    json_t *o = NULL;
    if (row && gw_store_ticket_get(db, id, row) == GW_OK && gw_ticket_visible(db, &r->who, row))
        o = gw_ticket_view(db, row, &r->who, 0);
    gw_store_read_end(r->store, db);
    free(row);
    return gw_reply(r, status, o ? o : json_pack("{s:I}", "id", (json_int_t)id));
}

gw_err api_ticket_assists_add(gw_req *r)
{
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such ticket");
    json_t *body, *units = NULL;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t due = 0, version = 0;
    gw_assist_add_in in = { 0 };
    int64_t ids[GW_ASSIST_MAX];
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:o,s?I,s?s,s?I}", "unit_ids", &units, "due_ms", &due,
                       "note", &in.note, "version", &version);
    if (!e && (!json_is_array(units) || json_array_size(units) < 1 || json_array_size(units) > GW_ASSIST_MAX))
        e = gw_fail(r, GW_E_INVALID, "unit_ids must be an array of 1 to %d unit ids", GW_ASSIST_MAX);
    for (size_t i = 0; !e && i < json_array_size(units); i++) {
        json_t *v = json_array_get(units, i);
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            e = gw_fail(r, GW_E_INVALID, "unit_ids must be positive unit ids");
        else ids[in.n++] = json_integer_value(v);
    }
    if (!e && (due < 0 || version < 0)) e = gw_fail(r, GW_E_INVALID, "due_ms and version must be positive");
    if (!e) {
        in.unit_ids = ids;
        in.due_ms = due;
        in.expect_version = version;
        e = gw_assist_add(r->store, &r->who, id, &in, r->err_msg, sizeof r->err_msg);
    }
    json_decref(body);
    return e ? e : reply_view(r, 201, id);
}

gw_err api_ticket_assist_action(gw_req *r)
{
    int64_t id = gw_parse_id(r->params[0]), aid = gw_parse_id(r->params[1]);
    if (!id || !aid) return gw_fail(r, GW_E_NOT_FOUND, "no such sub-task");
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    const char *action;
    json_int_t unit = 0, due = 0;
    gw_assist_act act = { 0 };
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:s,s?s,s?s,s?I,s?I}", "action", &action, "note",
                       &act.note, "public_reply", &act.public_reply, "unit_id", &unit, "due_ms", &due);
    int kind = e ? -1 : gw_assist_action_parse(action);
    if (!e && kind < 0) e = gw_fail(r, GW_E_INVALID, "unknown action '%.32s'", action);
    if (!e && (unit < 0 || due < 0)) e = gw_fail(r, GW_E_INVALID, "unit_id and due_ms must be positive");
    if (!e) {
        act.kind = (gw_assist_action)kind;
        act.unit_id = unit;
        act.due_ms = due;
        gw_assist_row *out = malloc(sizeof *out);
        e = out ? gw_assist_act_on(r->store, &r->who, id, aid, &act, out, r->err_msg, sizeof r->err_msg) : GW_E_NOMEM;
        free(out);
    }
    json_decref(body);
    return e ? e : reply_view(r, 200, id);
}
