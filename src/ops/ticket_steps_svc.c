/* ops/ticket_steps_svc.c — see ticket_steps_svc.h. */
#include "ops/ticket_steps_svc.h"
#include "core/attachment_store.h"
#include "core/model_store.h"
#include "ops/onsite_store.h"
#include "ops/assist_store.h"
#include "ops/routing.h"
#include "ops/ticket.h"
#include "ops/ticket_store.h"
#include "ops/unit_tree_store.h"

#include <stdio.h>
#include <string.h>
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


int gw_ticket_onsite_ok(const gw_principal *who, const char *division_path)
{
    return who && who->role == GW_R_GRID_WORKER && who->div_path[0] && gw_scope_has_path(who, division_path);
}

gw_err gw_ticket_passed_from(gw_db *tx, int64_t ticket_id, int64_t unit_id, int64_t *from)
{
    char action[16], detail[2048];
    *from = 0;
    gw_err e = gw_store_ticket_last_handover(tx, ticket_id, action, sizeof action, detail, sizeof detail);
    if (e == GW_E_NOT_FOUND) return GW_OK;
    if (e || strcmp(action, "subdispatch")) return e;
    json_t *d = json_loads(detail, 0, NULL);
    int64_t by = (int64_t)json_integer_value(json_object_get(d, "from_unit_id"));
    json_decref(d);
    if (by != unit_id) *from = by; /* once it is back at that unit, the unit's own return goes up */
    return GW_OK;
}

gw_err gw_ticket_seen_units(gw_db *db, int64_t ticket_id, int64_t *ids, int max, int *n)
{
    int k = 0;
    gw_err e = gw_store_ticket_cc_ids(db, ticket_id, ids, max < GW_ROUTE_MAX_CC ? max : GW_ROUTE_MAX_CC, n);
    if (!e && *n < max) e = gw_store_assist_unit_ids(db, ticket_id, ids + *n, max - *n, &k);
    if (!e) *n += k;
    return e;
}

/* ---- the lead's feedback ------------------------------------------------------------------- */

typedef struct { char *buf; size_t n; int count; } open_names;

static int add_open(void *cls, const gw_assist_row *r)
{
    open_names *o = cls;
    if (!gw_assist_open(r->a.state)) return 1;
    size_t used = strlen(o->buf);
    snprintf(o->buf + used, o->n - used, "%s%s", o->count++ ? ", " : "", r->unit_name[0] ? r->unit_name : "?");
    return 1;
}

gw_err gw_assist_feedback_check(gw_db *tx, int64_t ticket_id, char *msg, size_t msgn)
{
    char names[512] = "";
    open_names o = { names, sizeof names, 0 };
    gw_err e = gw_store_assist_each(tx, ticket_id, add_open, &o);
    if (e || !o.count) return e;
    snprintf(msg, msgn, "co-handling units have not finished their sub-tasks: %s", names);
    return GW_E_CONFLICT;
}

gw_err gw_assist_lead_check(gw_db *tx, int64_t ticket_id, int64_t unit, char *msg, size_t msgn)
{
    int64_t ids[GW_ASSIST_MAX * 2];
    int n = 0;
    gw_err e = ticket_id ? gw_store_assist_unit_ids(tx, ticket_id, ids, GW_ASSIST_MAX * 2, &n) : GW_OK;
    for (int i = 0; !e && i < n; i++)
        if (ids[i] == unit) {
            snprintf(msg, msgn, "unit %lld has a co-handling sub-task on this ticket: withdraw it first", (long long)unit);
            return GW_E_INVALID;
        }
    return e;
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
