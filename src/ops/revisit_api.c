/* ops/revisit_api.c — 催办 (a caller rings again about an open case) and 回访 (the call back after
 * closure, which may reopen the case: 重办). See ops/revisit_api.h. */
#include "ops/revisit_api.h"
#include "base/str.h"
#include "json/reply.h"
#include "ops/ticket_svc.h"
#include "ops/ticket_view.h"

#include <stdlib.h>
#include <string.h>

/* Take acts on the ticket of the path and answer with the caller's view of it. */
static gw_err act_and_reply(gw_req *r, int64_t id, const gw_act *acts, int n)
{
    gw_ticket_row *row = malloc(sizeof *row);
    gw_err e = row ? gw_ticket_act_seq(r->store, &r->who, id, acts, n, row, r->err_msg, sizeof r->err_msg)
                   : GW_E_NOMEM;
    json_t *o = NULL;
    if (!e) {
        gw_db *db = gw_store_read_begin(r->store);
        o = db ? gw_ticket_view(db, row, &r->who, 0) : NULL;
        gw_store_read_end(r->store, db);
    }
    free(row);
    if (e) return e;
    return gw_reply(r, 200, o);
}

gw_err api_ticket_urge(gw_req *r)
{
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such ticket");
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    gw_act act = { .kind = GW_A_URGE };
    json_int_t version = 0;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:s,s?I}", "note", &act.note, "version", &version);
    if (!e && gw_blank(act.note)) e = gw_fail(r, GW_E_INVALID, "note is required: what the caller said");
    if (!e && version < 0) e = gw_fail(r, GW_E_INVALID, "version must be positive");
    act.expect_version = version;
    if (!e) e = act_and_reply(r, id, &act, 1);
    json_decref(body);
    return e;
}

gw_err api_ticket_revisit(gw_req *r)
{
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such ticket");
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    const char *sat = NULL, *reason = NULL;
    int reopen = 0;
    json_int_t version = 0;
    gw_act acts[2] = { { .kind = GW_A_REVISIT }, { .kind = GW_A_REOPEN } };
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:s,s?s,s?b,s?s,s?I}", "satisfaction", &sat,
                       "note", &acts[0].note, "reopen", &reopen, "reason", &reason, "version", &version);
    if (!e && !(acts[0].satisfaction = gw_satisfaction_parse(sat)))
        e = gw_fail(r, GW_E_INVALID, "satisfaction must be satisfied, basic or unsatisfied");
    if (!e && reopen && acts[0].satisfaction != GW_SAT_UNSATISFIED)
        e = gw_fail(r, GW_E_INVALID, "only an unsatisfied revisit reopens the ticket");
    if (!e && reopen && gw_blank(reason)) e = gw_fail(r, GW_E_INVALID, "reason is required to reopen");
    if (!e && !reopen && reason) e = gw_fail(r, GW_E_INVALID, "reason belongs to reopen");
    if (!e && version < 0) e = gw_fail(r, GW_E_INVALID, "version must be positive");
    acts[0].expect_version = version;
    acts[1].note = reason;
    if (!e) e = act_and_reply(r, id, acts, reopen ? 2 : 1);
    json_decref(body);
    return e;
}
