/* ops/ticket_steps_svc.c — see ticket_steps_svc.h. */
#include "ops/ticket_steps_svc.h"
#include "core/attachment_store.h"
#include "core/model_store.h"
#include "ops/onsite_store.h"
#include "ops/routing.h"
#include "ops/ticket.h"
#include "ops/ticket_store.h"
#include "ops/unit_tree_store.h"

#include <stdio.h>
#include <stdlib.h>

/* 现场核查: the grid worker's finding and its before/after photos (each uploaded by them). */
gw_err gw_ticket_record_onsite(gw_db *tx, const gw_onsite_in *in, json_t *detail, char *msg, size_t msgn)
{
    const char *res = in->result == GW_ONSITE_PASS ? "pass" : "fail";
    int64_t id = 0;
    gw_err e = gw_store_onsite_add(tx, in->ticket_id, in->user_id, res, in->note, in->at_ms, &id);
    for (int k = 0; k < 2 && !e; k++) {
        const char *const *ph = k ? in->after : in->before;
        for (int i = 0; i < (k ? in->n_after : in->n_before) && !e; i++) {
            int mine = gw_store_uploaded_by(tx, ph[i], in->user_id);
            if (mine < 0) return GW_E_IO;
            if (!mine) { snprintf(msg, msgn, "photo %.64s was not uploaded by you", ph[i]); return GW_E_INVALID; }
            e = gw_store_onsite_photo_add(tx, id, in->ticket_id, ph[i], k ? "after" : "before");
        }
    }
    json_object_set_new(detail, "result", json_string(res));
    json_object_set_new(detail, "onsite_id", json_integer(id));
    return e;
}

/* 二级派单: the target must be an enabled sub-unit of the handler's own unit. */
gw_err gw_ticket_subunit_check(gw_db *tx, const gw_principal *who, int64_t unit, char *msg, size_t msgn)
{
    gw_unit_row u;
    int64_t parent = 0;
    gw_err e = unit > 0 ? gw_store_unit_get(tx, unit, &u) : GW_E_NOT_FOUND;
    if (!e) e = gw_store_unit_parent(tx, unit, &parent);
    if (e && e != GW_E_NOT_FOUND) return e;
    if (e || !u.enabled || !who || !who->unit_id || parent != who->unit_id) {
        snprintf(msg, msgn, "unit %lld is not an enabled sub-unit of yours", (long long)unit);
        return GW_E_INVALID;
    }
    return GW_OK;
}

/* 二级派单: the dispatching unit stays on the ticket as a CC unit (it sees it, cannot act). */
gw_err gw_ticket_keep_parent_cc(gw_db *tx, int64_t ticket_id, int64_t parent)
{
    int64_t cc[GW_ROUTE_MAX_CC];
    int n = 0;
    gw_err e = gw_store_ticket_cc_ids(tx, ticket_id, cc, GW_ROUTE_MAX_CC - 1, &n);
    if (e) return e;
    for (int i = 0; i < n; i++)
        if (cc[i] == parent) return GW_OK;
    cc[n++] = parent;
    return gw_store_ticket_set_cc(tx, ticket_id, cc, n);
}


gw_err gw_ticket_note_tx(gw_db *tx, int64_t ticket_id, int64_t at_ms, const char *action, const char *note,
                         json_t *detail)
{
    gw_ticket_row *row = malloc(sizeof *row);
    char *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    gw_err e = !row ? GW_E_NOMEM : gw_store_ticket_get(tx, ticket_id, row);
    if (!e) {
        const char *state = gw_ticket_state_name(row->t.state);
        gw_timeline_in in = { ticket_id, at_ms, 0, gw_role_name(GW_R_SYSTEM), action, state, state, note, d };
        e = gw_store_timeline_append(tx, &in);
    }
    free(d);
    free(row);
    return e;
}
