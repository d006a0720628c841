/* ops/assist_svc.c — see assist_svc.h. */
#include "ops/assist_svc.h"
#include "base/clock.h"
#include "base/str.h"
#include "core/model_store.h"
#include "core/scope.h"
#include "json/reply.h"
#include "ops/ticket_store.h"
#include "ops/ticket_svc.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* ---- shared steps ---------------------------------------------------------------------------- */

/* Load ticket id as who sees it (GW_E_NOT_FOUND otherwise) and check the version. */
static gw_err load_ticket(gw_db *tx, const gw_principal *who, int64_t id, int64_t expect, gw_ticket_row *row,
                          char *msg, size_t msgn)
{
    gw_err e = gw_store_ticket_get(tx, id, row);
    if (e == GW_E_NOT_FOUND || (!e && !gw_ticket_visible(tx, who, row))) {
        snprintf(msg, msgn, "no ticket %lld in your scope", (long long)id);
        return GW_E_NOT_FOUND;
    }
    if (!e && expect && expect != row->version) {
        snprintf(msg, msgn, "the ticket is at version %lld, not %lld; reload", (long long)row->version, (long long)expect);
        return GW_E_CONFLICT;
    }
    return e;
}

typedef struct { int64_t unit; int taken; int active; } unit_probe;

static int probe_unit(void *cls, const gw_assist_row *r)
{
    unit_probe *p = cls;
    if (r->a.state == GW_AS_WITHDRAWN) return 1;
    p->active++;
    if (r->a.unit_id == p->unit) p->taken = 1;
    return 1;
}

/* Whether unit may take a sub-task of the ticket: enabled, not the lead, none of its own yet. *active
 * gets how many sub-tasks are not withdrawn. */
static gw_err unit_check(gw_db *tx, const gw_ticket_row *t, int64_t unit, int *active, char *msg, size_t msgn)
{
    gw_unit_row u;
    if (unit <= 0 || gw_store_unit_get(tx, unit, &u) != GW_OK || !u.enabled) {
        snprintf(msg, msgn, "unit %lld does not exist or is disabled", (long long)unit);
        return GW_E_INVALID;
    }
    if (unit == t->t.unit_id) {
        snprintf(msg, msgn, "unit %lld is the lead unit of this ticket", (long long)unit);
        return GW_E_INVALID;
    }
    unit_probe p = { unit, 0, 0 };
    gw_err e = gw_store_assist_each(tx, t->id, probe_unit, &p);
    if (e) return e;
    if (p.taken) {
        snprintf(msg, msgn, "unit %lld already has a sub-task on this ticket", (long long)unit);
        return GW_E_CONFLICT;
    }
    *active = p.active;
    return GW_OK;
}

/* The timeline entry of a sub-task step, then the ticket's version moves on (its views are stale). */
static gw_err record(gw_db *tx, gw_ticket_row *t, const gw_principal *who, const char *action, const char *note,
                     const gw_assist_row *a, const char *from, const char *reply, int64_t now)
{
    json_t *d = json_pack("{s:I,s:I,s:s,s:s,s:o}", "assist_id", (json_int_t)a->id, "unit_id", (json_int_t)a->a.unit_id,
                          "unit_name", a->unit_name, "state", gw_assist_state_name(a->a.state),
                          "due_ms", gw_json_id(a->a.due_ms));
    if (d && from) json_object_set_new(d, "from", json_string(from));
    if (d && reply && reply[0]) json_object_set_new(d, "public_reply", json_string(reply)); /* 协办意见 */
    char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    if (!text) return GW_E_NOMEM;
    const char *st = gw_ticket_state_name(t->t.state);
    gw_timeline_in in = { t->id, now, who->user_id, gw_role_name(who->role), action, st, st,
                          note && note[0] ? note : NULL, text };
    gw_err e = gw_store_timeline_append(tx, &in);
    free(text);
    t->updated_ms = now;
    if (!e) e = gw_store_ticket_update(tx, t);
    return e;
}

/* ---- add ----------------------------------------------------------------------------------- */

typedef struct {
    const gw_principal *who;
    int64_t id;
    const gw_assist_add_in *in;
    char *msg;
    size_t msgn;
} add_arg;

static gw_err op_add(gw_db *tx, void *p)
{
    add_arg *a = p;
    gw_ticket_row *t = malloc(sizeof *t);
    gw_assist_row *r = malloc(sizeof *r);
    gw_err e = t && r ? load_ticket(tx, a->who, a->id, a->in->expect_version, t, a->msg, a->msgn) : GW_E_NOMEM;
    gw_actor actor = { a->who->role, a->who->user_id, a->who->unit_id };
    if (!e && (e = gw_assist_add_check(t->t.state, &actor)))
        snprintf(a->msg, a->msgn, "%s", e == GW_E_FORBIDDEN ? "only a dispatcher names co-handling units"
                                        : "co-handling units are named while the case is at its lead unit");
    int64_t now = gw_now_ms();
    for (int i = 0; !e && i < a->in->n; i++) {
        int active = 0;
        if ((e = unit_check(tx, t, a->in->unit_ids[i], &active, a->msg, a->msgn))) break;
        if (active >= GW_ASSIST_MAX) {
            snprintf(a->msg, a->msgn, "at most %d co-handling units on a ticket", GW_ASSIST_MAX);
            e = GW_E_INVALID;
            break;
        }
        memset(r, 0, sizeof *r);
        r->ticket_id = t->id;
        r->a.state = GW_AS_ASSIGNED;
        r->a.unit_id = a->in->unit_ids[i];
        r->a.due_ms = a->in->due_ms ? a->in->due_ms : t->t.handle_due_ms;
        r->created_by = a->who->user_id;
        r->created_ms = now;
        if (!(e = gw_store_assist_insert(tx, r))) e = gw_store_assist_get(tx, r->id, r); /* with its unit's name */
        if (!e) e = record(tx, t, a->who, "assist", a->in->note, r, NULL, NULL, now);
    }
    free(t);
    free(r);
    return e;
}

gw_err gw_assist_add(gw_store *s, const gw_principal *who, int64_t id, const gw_assist_add_in *in, char *msg,
                     size_t msgn)
{
    gw_err e = gw_json_check_text("note", in->note, 0, GW_NOTE_MAX, msg, msgn);
    if (e) return e;
    if (in->n < 1 || in->n > GW_ASSIST_MAX) {
        snprintf(msg, msgn, "name 1 to %d co-handling units", GW_ASSIST_MAX);
        return GW_E_INVALID;
    }
    for (int i = 0; i < in->n; i++)
        for (int j = 0; j < i; j++)
            if (in->unit_ids[i] == in->unit_ids[j]) {
                snprintf(msg, msgn, "unit %lld is named twice", (long long)in->unit_ids[i]);
                return GW_E_INVALID;
            }
    if (in->due_ms && in->due_ms <= gw_now_ms()) {
        snprintf(msg, msgn, "due_ms must be in the future");
        return GW_E_INVALID;
    }
    add_arg a = { who, id, in, msg, msgn };
    return gw_store_write(s, op_add, &a);
}

/* ---- act ----------------------------------------------------------------------------------- */

typedef struct {
    const gw_principal *who;
    int64_t id, assist_id;
    const gw_assist_act *act;
    gw_assist_row *out;
    char *msg;
    size_t msgn;
} act_arg;

/* The texts a step leaves on the sub-task. */
static void keep_texts(gw_assist_row *r, const gw_assist_act *act)
{
    if (act->kind == GW_AA_COMPLETE) {
        snprintf(r->note, sizeof r->note, "%s", act->note);
        snprintf(r->public_reply, sizeof r->public_reply, "%s", act->public_reply ? act->public_reply : "");
    } else if (act->kind == GW_AA_RETURN) {
        snprintf(r->reason, sizeof r->reason, "%s", act->note);
    } else if (act->kind == GW_AA_REASSIGN) { /* a fresh sub-task for the new unit */
        r->note[0] = r->reason[0] = r->public_reply[0] = 0;
    }
}

static const char *act_error(gw_err e)
{
    return e == GW_E_FORBIDDEN  ? "your role or unit may not take this action on this sub-task"
           : e == GW_E_CONFLICT ? "this action is not allowed in the sub-task's current state"
                                : "a required field is missing or out of range (note, unit_id, due_ms)";
}

static gw_err op_act(gw_db *tx, void *p)
{
    act_arg *a = p;
    gw_assist_row *r = a->out;
    gw_ticket_row *t = malloc(sizeof *t);
    gw_err e = t ? gw_store_assist_get(tx, a->assist_id, r) : GW_E_NOMEM;
    if (!e && r->ticket_id != a->id) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) snprintf(a->msg, a->msgn, "no sub-task %lld on ticket %lld", (long long)a->assist_id, (long long)a->id);
    if (!e) e = load_ticket(tx, a->who, a->id, 0, t, a->msg, a->msgn);
    gw_actor actor = { a->who->role, a->who->user_id, a->who->unit_id };
    const char *from = gw_assist_state_name(r->a.state);
    int active = 0;
    if (!e && a->act->kind == GW_AA_REASSIGN && gw_assist_can(&r->a, t->t.state, GW_AA_REASSIGN, &actor))
        e = unit_check(tx, t, a->act->unit_id, &active, a->msg, a->msgn);
    int64_t now = gw_now_ms();
    if (!e && (e = gw_assist_apply(&r->a, t->t.state, a->act, &actor, now)))
        snprintf(a->msg, a->msgn, "%s", act_error(e));
    if (!e) {
        keep_texts(r, a->act);
        r->updated_ms = now;
        e = gw_store_assist_update(tx, r);
    }
    if (!e) e = gw_store_assist_get(tx, r->id, r); /* the new unit's name after a reassignment */
    if (!e) {
        char action[32];
        snprintf(action, sizeof action, "assist_%s", gw_assist_action_name(a->act->kind));
        e = record(tx, t, a->who, action, a->act->note, r, from,
                   a->act->kind == GW_AA_COMPLETE ? a->act->public_reply : NULL, now);
    }
    free(t);
    return e;
}

gw_err gw_assist_act_on(gw_store *s, const gw_principal *who, int64_t id, int64_t assist_id, const gw_assist_act *act,
                        gw_assist_row *out, char *msg, size_t msgn)
{
    gw_err e = gw_json_check_text("note", act->note, 0, GW_NOTE_MAX, msg, msgn);
    if (!e) e = gw_json_check_text("public_reply", act->public_reply, 0, GW_REPLY_MAX, msg, msgn);
    if (e) return e;
    if ((unsigned)act->kind >= GW_AA__COUNT) {
        snprintf(msg, msgn, "action must be sign, complete, return, withdraw or reassign");
        return GW_E_INVALID;
    }
    if (act->public_reply && act->public_reply[0] && act->kind != GW_AA_COMPLETE) {
        snprintf(msg, msgn, "public_reply belongs to complete");
        return GW_E_INVALID;
    }
    if (act->due_ms && (act->kind != GW_AA_REASSIGN || act->due_ms <= gw_now_ms())) {
        snprintf(msg, msgn, "due_ms must be in the future");
        return GW_E_INVALID;
    }
    if (act->unit_id && act->kind != GW_AA_REASSIGN) {
        snprintf(msg, msgn, "unit_id belongs to reassign");
        return GW_E_INVALID;
    }
    act_arg a = { who, id, assist_id, act, out, msg, msgn };
    return gw_store_write(s, op_act, &a);
}
