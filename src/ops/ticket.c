/* ops/ticket.c — see ticket.h. Pure: no I/O, no allocation. */
#include "ops/ticket.h"
#include "core/fields.h"
#include "core/scope.h"

#include <stddef.h>
#include <string.h>

#define DAY_MS 86400000LL
#define EXTEND_MAX_DAYS GW_EXTEND_DAYS_MAX

/* ---- who may do what, from where --------------------------------------------------------- */

#define S(x) (1u << GW_T_##x)
#define R(x) (1u << GW_R_##x)
/* The roles are the permissions' (core/scope.h: ticket.dispatch, ticket.supervise, ticket.handle). */
#define DISP GW_ROLES_DISPATCH
#define SUPV GW_ROLES_SUPERVISE
#define HAND GW_ROLES_HANDLE /* and only a handler of the ticket's unit */
#define ONSITE GW_ROLES_ONSITE /* ticket.onsite; the service checks the grid */
#define OPEN_STATES (S(REPORTED) | S(ACCEPTED) | S(DISPATCHED) | S(SIGNED) | S(RETURNED) | S(SUSPENDED) | S(HANDLED))

/* A duplicate may be merged until it is handled: after feedback the work is done, a suspended case is
 * held by a supervisor. */
#define MERGEABLE (S(REPORTED) | S(ACCEPTED) | S(RETURNED) | S(DISPATCHED) | S(SIGNED))

/* Per action: the states it may start from and the roles that may take it. Conditions
 * beyond the state (pending extension, rating, suspended_from) are in loop_check. */
static const struct {
    unsigned from, roles;
} loop[GW_A__COUNT] = {
    [GW_A_ACCEPT] = {S(REPORTED), DISP | R(SYSTEM)},
    [GW_A_REJECT] = {S(REPORTED) | S(ACCEPTED) | S(RETURNED), DISP},
    [GW_A_DISPATCH] = {S(ACCEPTED) | S(RETURNED), DISP | R(SYSTEM)},
    [GW_A_SIGN] = {S(DISPATCHED), HAND},
    [GW_A_RETURN] = {S(DISPATCHED) | S(SIGNED), HAND},
    [GW_A_EXTEND] = {S(SIGNED), HAND},
    [GW_A_APPROVE_EXTENSION] = {S(SIGNED), SUPV},
    [GW_A_DENY_EXTENSION] = {S(SIGNED), SUPV},
    [GW_A_SUSPEND] = {S(DISPATCHED) | S(SIGNED), SUPV},
    [GW_A_RESUME] = {S(SUSPENDED), SUPV},
    [GW_A_FEEDBACK] = {S(SIGNED), HAND},
    [GW_A_APPROVE] = {S(HANDLED), SUPV},
    [GW_A_REWORK] = {S(HANDLED), SUPV},
    [GW_A_RATE] = {S(CLOSED), R(RESIDENT)},
    [GW_A_VERIFY_ONSITE] = {S(HANDLED), ONSITE},
    [GW_A_RECALL] = {S(DISPATCHED), DISP},
    [GW_A_SUBDISPATCH] = {S(DISPATCHED) | S(SIGNED), HAND},
    [GW_A_URGE] = {OPEN_STATES, DISP | SUPV | R(HOTLINE_OPERATOR)},
    [GW_A_REVISIT] = {S(CLOSED), SUPV | R(HOTLINE_OPERATOR)},
    [GW_A_REOPEN] = {S(CLOSED), SUPV | R(HOTLINE_OPERATOR)},
    [GW_A_ANSWER] = {S(REPORTED) | S(ACCEPTED), DISP | R(HOTLINE_OPERATOR)},
    [GW_A_MERGE] = {MERGEABLE, DISP},
    [GW_A_UNMERGE] = {S(MERGED), SUPV},
};

/* Whether the 回访 of the current closure is done. */
static int revisited(const gw_ticket *t)
{
    return t->revisited_at_ms > 0 && t->revisited_at_ms >= t->closed_at_ms;
}

/* Role, then state: GW_E_FORBIDDEN, GW_E_CONFLICT, or GW_OK. The payload is not looked at. */
static gw_err loop_check(const gw_ticket *t, gw_action_kind k, const gw_actor *who)
{
    if ((unsigned)k >= GW_A__COUNT) return GW_E_INVALID;
    if ((unsigned)who->role >= GW_R__COUNT || !(loop[k].roles & (1u << who->role)))
        return GW_E_FORBIDDEN;
    if (who->role == GW_R_UNIT_HANDLER && (who->unit_id == 0 || who->unit_id != t->unit_id))
        return GW_E_FORBIDDEN;
    if ((unsigned)t->state >= GW_T__COUNT || !(loop[k].from & (1u << t->state)))
        return GW_E_CONFLICT;
    switch (k) {
    case GW_A_EXTEND:
        return t->ext_pending_days > 0 ? GW_E_CONFLICT : GW_OK;
    case GW_A_APPROVE_EXTENSION:
    case GW_A_DENY_EXTENSION:
        return t->ext_pending_days > 0 ? GW_OK : GW_E_CONFLICT;
    case GW_A_RESUME:
        return (t->suspended_from == GW_T_DISPATCHED || t->suspended_from == GW_T_SIGNED)
                   ? GW_OK : GW_E_CONFLICT;
    case GW_A_RATE:
        return t->rating == 0 ? GW_OK : GW_E_CONFLICT;
    case GW_A_SUBDISPATCH:
        return t->ext_pending_days > 0 ? GW_E_CONFLICT : GW_OK; /* settle the extension request first */
    case GW_A_REVISIT: /* once per closure */
        return revisited(t) ? GW_E_CONFLICT : GW_OK;
    case GW_A_REOPEN: /* only on this closure's 不满意 */
        return revisited(t) && t->revisit_result == GW_SAT_UNSATISFIED ? GW_OK : GW_E_CONFLICT;
    case GW_A_UNMERGE: /* back where it came from */
        return t->merged_from != GW_T_MERGED && (MERGEABLE & (1u << t->merged_from)) ? GW_OK : GW_E_CONFLICT;
    default:
        return GW_OK;
    }
}

/* ---- payload ------------------------------------------------------------------------------ */

static int has_note(const gw_action *a) { return a->note && a->note[0]; }
static int has_reply(const gw_action *a) { return a->public_reply && a->public_reply[0]; }

/* A window length that is positive and keeps now + ms inside int64. */
static int window_ok(int64_t ms, int64_t now)
{
    return ms > 0 && (now <= 0 || ms <= INT64_MAX - now);
}

static gw_err payload_check(const gw_action *a, int64_t now)
{
    int ok = 1;
    switch (a->kind) {
    case GW_A_REJECT:
    case GW_A_RETURN:
    case GW_A_SUSPEND:
    case GW_A_RECALL:
    case GW_A_UNMERGE: ok = has_note(a); break;
    case GW_A_VERIFY_ONSITE:
        ok = a->result == GW_ONSITE_PASS || (a->result == GW_ONSITE_FAIL && has_note(a));
        break;
    case GW_A_URGE: ok = has_note(a); break;
    case GW_A_REVISIT: ok = a->satisfaction >= GW_SAT_SATISFIED && a->satisfaction <= GW_SAT_UNSATISFIED; break;
    case GW_A_REOPEN: ok = has_note(a) && window_ok(a->handle_ms, now); break;
    case GW_A_DISPATCH: ok = a->unit_id > 0 && window_ok(a->handle_ms, now); break;
    case GW_A_SUBDISPATCH: ok = a->unit_id > 0; break;
    case GW_A_EXTEND: ok = has_note(a) && a->days >= 1 && a->days <= EXTEND_MAX_DAYS; break;
    case GW_A_FEEDBACK: ok = has_note(a) && has_reply(a) && window_ok(a->verify_ms, now); break;
    case GW_A_APPROVE:
    case GW_A_ANSWER: ok = has_reply(a); break;
    case GW_A_REWORK: ok = has_note(a) && window_ok(a->handle_ms, now); break;
    case GW_A_RATE: ok = a->rating >= 1 && a->rating <= 5; break;
    default: break;
    }
    return ok ? GW_OK : GW_E_INVALID;
}

/* x + d for d >= 0, saturating at INT64_MAX. */
static int64_t add_sat(int64_t x, int64_t d)
{
    return x > INT64_MAX - d ? INT64_MAX : x + d;
}

/* ---- apply -------------------------------------------------------------------------------- */

/* 退单, 撤回 and 二级派单: who holds the ticket changes. */
static void hand_over(gw_ticket *n, const gw_action *act)
{
    if (act->kind == GW_A_RETURN) { /* to the dispatcher, unit kept (the timeline shows who returned it);
                                     * a sub-unit's return goes back to the unit that passed it down */
        n->state = n->passed_from_unit_id ? GW_T_DISPATCHED : GW_T_RETURNED;
        if (n->passed_from_unit_id) n->unit_id = n->passed_from_unit_id;
        n->passed_from_unit_id = 0;
        n->return_count++;
        n->ext_pending_days = 0;
    } else if (act->kind == GW_A_RECALL) { /* back at the dispatcher: the unit no longer holds it */
        n->state = GW_T_ACCEPTED;
        n->unit_id = 0;
        n->passed_from_unit_id = 0;
        n->handle_due_ms = 0;
        n->ext_pending_days = 0;
    } else { /* subdispatch: the handling deadline stays, the sub-unit works within it */
        n->state = GW_T_DISPATCHED;
        n->passed_from_unit_id = n->unit_id;
        n->unit_id = act->unit_id;
    }
}

/* 催办, 回访 and 重办 on the working copy (checked already). */
static void after_close(gw_ticket *n, const gw_action *act, int64_t now_ms)
{
    switch (act->kind) {
    case GW_A_URGE: n->urge_count++; break; /* the urgency rule is gw_urge_urgency, applied by the service */
    case GW_A_REVISIT:
        n->revisit_result = act->satisfaction;
        n->revisited_at_ms = now_ms;
        break;
    default: /* reopen: back to the unit that closed it, fresh window; the next closure is revisited again */
        n->state = GW_T_SIGNED;
        n->handle_due_ms = add_sat(now_ms, act->handle_ms);
        n->verify_due_ms = 0;
        n->closed_at_ms = 0;
        n->reopen_count++;
        break;
    }
}

/* 合并 and 撤销合并 on the working copy (checked already). */
static void merge_step(gw_ticket *n, gw_action_kind k, int64_t now_ms)
{
    if (k == GW_A_MERGE) { /* its clocks stop; the parent's progress is what the reporter follows */
        n->merged_from = n->state;
        n->state = GW_T_MERGED;
        n->closed_at_ms = now_ms;
        n->ext_pending_days = 0;
    } else { /* back where it was, the unit and deadlines it had */
        n->state = n->merged_from;
        n->merged_from = GW_T_REPORTED;
        n->closed_at_ms = 0;
    }
}

gw_err gw_ticket_apply(gw_ticket *t, const gw_action *act, const gw_actor *who,
                       int64_t now_ms, gw_timeline_entry *out)
{
    if (!t || !act || !who || !out) return GW_E_INVALID;
    gw_err e = loop_check(t, act->kind, who);
    if (e == GW_OK) e = payload_check(act, now_ms);
    if (e == GW_OK && act->kind == GW_A_SUBDISPATCH && act->unit_id == t->unit_id) e = GW_E_INVALID; /* not to itself */
    if (e != GW_OK) return e;

    gw_ticket n = *t; /* work on a copy; nothing below can fail */
    switch (act->kind) {
    case GW_A_ACCEPT: n.state = GW_T_ACCEPTED; break;
    case GW_A_REJECT: n.state = GW_T_INVALID; break;
    case GW_A_DISPATCH:
        n.state = GW_T_DISPATCHED;
        n.unit_id = act->unit_id;
        n.passed_from_unit_id = 0;
        n.handle_due_ms = now_ms + act->handle_ms;
        n.ext_pending_days = 0;
        break;
    case GW_A_SIGN: n.state = GW_T_SIGNED; break;
    case GW_A_RETURN:
    case GW_A_RECALL:
    case GW_A_SUBDISPATCH: hand_over(&n, act); break;
    case GW_A_EXTEND: n.ext_pending_days = act->days; break;
    case GW_A_APPROVE_EXTENSION:
        n.handle_due_ms = add_sat(n.handle_due_ms, (int64_t)n.ext_pending_days * DAY_MS);
        n.extension_count++;
        n.ext_pending_days = 0;
        break;
    case GW_A_DENY_EXTENSION: n.ext_pending_days = 0; break;
    case GW_A_SUSPEND:
        n.suspended_from = n.state;
        n.suspended_at_ms = now_ms;
        n.state = GW_T_SUSPENDED;
        break;
    case GW_A_RESUME: {
        /* Stopped clocks: every set deadline moves by the time spent suspended. */
        int64_t d = 0;
        if (n.suspended_at_ms > 0 && now_ms > n.suspended_at_ms) d = now_ms - n.suspended_at_ms;
        if (n.dispatch_due_ms) n.dispatch_due_ms = add_sat(n.dispatch_due_ms, d);
        if (n.handle_due_ms) n.handle_due_ms = add_sat(n.handle_due_ms, d);
        if (n.verify_due_ms) n.verify_due_ms = add_sat(n.verify_due_ms, d);
        n.state = n.suspended_from;
        n.suspended_at_ms = 0;
        break;
    }
    case GW_A_FEEDBACK:
        n.state = GW_T_HANDLED;
        n.verify_due_ms = now_ms + act->verify_ms;
        n.ext_pending_days = 0;
        break;
    case GW_A_APPROVE:
        n.state = GW_T_CLOSED;
        n.closed_at_ms = now_ms;
        break;
    case GW_A_REWORK: {
        /* A fresh handling window, but never before a deadline already granted: an approved
         * extension survives rework (docs/architecture.md "Clocks"). */
        int64_t fresh = add_sat(now_ms, act->handle_ms);
        n.state = GW_T_SIGNED;
        n.handle_due_ms = fresh > n.handle_due_ms ? fresh : n.handle_due_ms;
        n.verify_due_ms = 0;
        n.rework_count++;
        break;
    }
    case GW_A_RATE: n.rating = act->rating; break;
    case GW_A_VERIFY_ONSITE: break; /* a finding for the supervisor; the service stores it */
    case GW_A_URGE:
    case GW_A_REVISIT:
    case GW_A_REOPEN: after_close(&n, act, now_ms); break;
    case GW_A_ANSWER: n.state = GW_T_CLOSED; n.closed_at_ms = now_ms; break; /* 直接答复办结 */
    case GW_A_MERGE:
    case GW_A_UNMERGE: merge_step(&n, act->kind, now_ms); break;
    default: return GW_E_INTERNAL; /* unreachable: loop_check rejected the kind */
    }
    out->action = act->kind;
    out->from = t->state;
    out->to = n.state;
    *t = n;
    return GW_OK;
}

gw_err gw_ticket_merge_check(int64_t child_id, int64_t child_children, int64_t parent_id, const gw_ticket *parent)
{
    if (!parent || child_id <= 0 || parent_id <= 0 || child_id == parent_id) return GW_E_INVALID;
    if ((unsigned)parent->state >= GW_T__COUNT || !(OPEN_STATES & (1u << parent->state))) return GW_E_CONFLICT;
    return child_children > 0 ? GW_E_CONFLICT : GW_OK;
}

int gw_ticket_can(const gw_ticket *t, gw_action_kind kind, const gw_actor *who)
{
    return t && who && loop_check(t, kind, who) == GW_OK;
}

/* ---- names -------------------------------------------------------------------------------- */

static const char *const state_names[GW_T__COUNT] = {
    "reported", "accepted", "dispatched", "signed", "returned",
    "suspended", "handled", "closed", "invalid", "merged",
};

static const char *const action_names[GW_A__COUNT] = {
    "accept", "reject", "dispatch", "sign", "return", "extend", "approve_extension",
    "deny_extension", "suspend", "resume", "feedback", "approve", "rework", "rate",
    "verify_onsite", "recall", "subdispatch",
    "urge", "revisit", "reopen",
    "answer", "merge", "unmerge",
};


static int name_find(const char *const *names, int n, const char *s)
{
    if (!s) return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0) return i;
    return -1;
}

const char *gw_ticket_state_name(gw_ticket_state s)
{
    return (unsigned)s < GW_T__COUNT ? state_names[s] : "unknown";
}

const char *gw_action_name(gw_action_kind a)
{
    return (unsigned)a < GW_A__COUNT ? action_names[a] : "unknown";
}


static const char *const request_names[GW_REQUEST_TYPES] = { "consult", "complain", "help", "suggest", "report" };

const char *gw_request_type_name(int i)
{
    return i >= 0 && i < GW_REQUEST_TYPES ? request_names[i] : "unknown";
}

int gw_request_type_parse(const char *s) { return name_find(request_names, GW_REQUEST_TYPES, s); }

int gw_ticket_state_parse(const char *s) { return name_find(state_names, GW_T__COUNT, s); }
int gw_action_parse(const char *s) { return name_find(action_names, GW_A__COUNT, s); }


/* ---- 催办 and 回访 ------------------------------------------------------------------------ */

int gw_urge_urgency(int urgency, int32_t urge_count)
{
    if (urge_count > 0 && urge_count % GW_URGE_STEP == 0 && urgency < 3) return urgency < 1 ? 1 : urgency + 1;
    return urgency;
}

static const char *const satisfaction_names[] = { NULL, "satisfied", "basic", "unsatisfied" };

const char *gw_satisfaction_name(int s)
{
    return s >= GW_SAT_SATISFIED && s <= GW_SAT_UNSATISFIED ? satisfaction_names[s] : NULL;
}

int gw_satisfaction_parse(const char *s)
{
    for (int i = GW_SAT_SATISFIED; s && i <= GW_SAT_UNSATISFIED; i++)
        if (!strcmp(satisfaction_names[i], s)) return i;
    return GW_SAT_NONE;
}
