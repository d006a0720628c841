/* ops/assist.c — see assist.h. Pure: no I/O, no allocation. */
#include "ops/assist.h"
#include "core/scope.h"

#include <stddef.h>
#include <string.h>

#define S(x) (1u << GW_AS_##x)
#define DISP GW_ROLES_DISPATCH
#define HAND GW_ROLES_HANDLE /* and only a handler of the sub-task's unit */

static const struct {
    unsigned from, roles;
} rules[GW_AA__COUNT] = {
    [GW_AA_SIGN] = {S(ASSIGNED), HAND},
    [GW_AA_COMPLETE] = {S(SIGNED), HAND},
    [GW_AA_RETURN] = {S(ASSIGNED) | S(SIGNED), HAND},
    [GW_AA_WITHDRAW] = {S(ASSIGNED) | S(SIGNED) | S(RETURNED), DISP},
    [GW_AA_REASSIGN] = {S(RETURNED), DISP},
};

/* The lead case is open (sub-tasks may move) / at its unit (sub-tasks may be added or reassigned). */
static int lead_open(gw_ticket_state s) { return s != GW_T_CLOSED && s != GW_T_INVALID && s != GW_T_MERGED && (unsigned)s < GW_T__COUNT; }
static int lead_at_unit(gw_ticket_state s) { return s == GW_T_DISPATCHED || s == GW_T_SIGNED; }

gw_err gw_assist_add_check(gw_ticket_state lead, const gw_actor *who)
{
    if (!who || (unsigned)who->role >= GW_R__COUNT || !(DISP & (1u << who->role))) return GW_E_FORBIDDEN;
    return lead_at_unit(lead) ? GW_OK : GW_E_CONFLICT;
}

static gw_err check(const gw_assist *a, gw_ticket_state lead, gw_assist_action k, const gw_actor *who)
{
    if ((unsigned)k >= GW_AA__COUNT) return GW_E_INVALID;
    if ((unsigned)who->role >= GW_R__COUNT || !(rules[k].roles & (1u << who->role))) return GW_E_FORBIDDEN;
    if (who->role == GW_R_UNIT_HANDLER && (who->unit_id == 0 || who->unit_id != a->unit_id)) return GW_E_FORBIDDEN;
    if ((unsigned)a->state >= GW_AS__COUNT || !(rules[k].from & (1u << a->state))) return GW_E_CONFLICT;
    if (!lead_open(lead)) return GW_E_CONFLICT;
    if (k == GW_AA_REASSIGN && !lead_at_unit(lead)) return GW_E_CONFLICT;
    return GW_OK;
}

static int has(const char *s) { return s && s[0]; }

gw_err gw_assist_apply(gw_assist *a, gw_ticket_state lead, const gw_assist_act *act, const gw_actor *who,
                       int64_t now_ms)
{
    if (!a || !act || !who) return GW_E_INVALID;
    gw_err e = check(a, lead, act->kind, who);
    if (e) return e;
    int ok = 1;
    switch (act->kind) {
    case GW_AA_COMPLETE:
    case GW_AA_RETURN: ok = has(act->note); break;
    case GW_AA_REASSIGN: ok = act->unit_id > 0 && act->unit_id != a->unit_id && act->due_ms >= 0; break;
    default: break;
    }
    if (!ok) return GW_E_INVALID;
    gw_assist n = *a;
    switch (act->kind) {
    case GW_AA_SIGN: n.state = GW_AS_SIGNED; n.signed_ms = now_ms; break;
    case GW_AA_COMPLETE: n.state = GW_AS_DONE; n.done_ms = now_ms; break;
    case GW_AA_RETURN: n.state = GW_AS_RETURNED; n.returned_ms = now_ms; break;
    case GW_AA_WITHDRAW: n.state = GW_AS_WITHDRAWN; n.withdrawn_ms = now_ms; break;
    default: /* reassign: a fresh sub-task for another unit */
        n.state = GW_AS_ASSIGNED;
        n.unit_id = act->unit_id;
        if (act->due_ms) n.due_ms = act->due_ms;
        n.signed_ms = n.done_ms = n.returned_ms = 0;
        break;
    }
    *a = n;
    return GW_OK;
}

int gw_assist_can(const gw_assist *a, gw_ticket_state lead, gw_assist_action kind, const gw_actor *who)
{
    return a && who && check(a, lead, kind, who) == GW_OK;
}

int gw_assist_open(gw_assist_state s) { return s == GW_AS_ASSIGNED || s == GW_AS_SIGNED; }

static const char *const state_names[GW_AS__COUNT] = { "assigned", "signed", "done", "returned", "withdrawn" };
static const char *const action_names[GW_AA__COUNT] = { "sign", "complete", "return", "withdraw", "reassign" };

static int find(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(names[i], s)) return i;
    return -1;
}

const char *gw_assist_state_name(gw_assist_state s) { return (unsigned)s < GW_AS__COUNT ? state_names[s] : "unknown"; }
const char *gw_assist_action_name(gw_assist_action a) { return (unsigned)a < GW_AA__COUNT ? action_names[a] : "unknown"; }
int gw_assist_state_parse(const char *s) { return find(state_names, GW_AS__COUNT, s); }
int gw_assist_action_parse(const char *s) { return find(action_names, GW_AA__COUNT, s); }
