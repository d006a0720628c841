/* ops/ticket.h — the 一网统管 loop (GB/T 30428 + 12345 practice) as a pure state machine.
 * No I/O, no SQL, no allocation. The service layer (ops/ticket_svc.c) loads a ticket,
 * resolves routing and deadlines, calls gw_ticket_apply, and saves the result together
 * with the timeline entry in one transaction. */
#ifndef GW_OPS_TICKET_H
#define GW_OPS_TICKET_H

#include <stdint.h>
#include "base/err.h"
#include "core/role.h"

typedef enum {
    GW_T_REPORTED = 0, /* 上报: waiting for acceptance */
    GW_T_ACCEPTED,     /* 立案/受理: waiting for dispatch */
    GW_T_DISPATCHED,   /* 派单: waiting for the unit to sign */
    GW_T_SIGNED,       /* 签收: the unit is handling it */
    GW_T_RETURNED,     /* 退单: back at the dispatcher for re-routing or arbitration */
    GW_T_SUSPENDED,    /* 挂账: clocks stopped, approved by a supervisor */
    GW_T_HANDLED,      /* 处置反馈: waiting for verification */
    GW_T_CLOSED,       /* 结案 (rating may follow) */
    GW_T_INVALID,      /* 作废 */
    GW_T_MERGED,       /* 重复件: merged into its parent (ops/dupe_svc.h); closed unless a supervisor unmerges */
    GW_T__COUNT
} gw_ticket_state;

typedef enum {
    GW_A_ACCEPT = 0,         /* dispatcher: reported -> accepted */
    GW_A_REJECT,             /* dispatcher: reported|accepted|returned -> invalid; note required */
    GW_A_DISPATCH,           /* dispatcher: accepted|returned -> dispatched; unit_id, handle_ms required */
    GW_A_SIGN,               /* handler of the ticket's unit: dispatched -> signed */
    GW_A_RETURN,             /* handler of the ticket's unit: dispatched|signed -> returned; note required.
                              * A sub-unit's return (passed_from_unit_id set) -> dispatched to that unit */
    GW_A_EXTEND,             /* handler of the ticket's unit: signed, none pending; days 1..90, note */
    GW_A_APPROVE_EXTENSION,  /* supervisor: pending extension -> handle_due += days */
    GW_A_DENY_EXTENSION,     /* supervisor: pending extension cleared */
    GW_A_SUSPEND,            /* supervisor: dispatched|signed -> suspended; note required */
    GW_A_RESUME,             /* supervisor: suspended -> the state it came from; due dates shift */
    GW_A_FEEDBACK,           /* handler of the ticket's unit: signed -> handled; note, verify_ms */
    GW_A_APPROVE,            /* supervisor: handled -> closed */
    GW_A_REWORK,             /* supervisor: handled -> signed, rework_count+1; note, handle_ms */
    GW_A_RATE,               /* resident (or reporter): closed and not yet rated; rating 1..5 */
    GW_A_VERIFY_ONSITE,      /* grid worker (现场核查): handled, state kept; result pass|fail, note on fail */
    GW_A_RECALL,             /* dispatcher (撤回): dispatched (not yet signed) -> accepted; note required */
    GW_A_SUBDISPATCH,        /* handler of the ticket's unit (二级派单): dispatched|signed -> dispatched to
                              * unit_id, one of its sub-units (checked by the service); deadlines kept */
    GW_A_URGE,               /* 催办, hotline/dispatcher/supervisor: any open state, no change; note required */
    GW_A_REVISIT,            /* 回访, hotline/supervisor: closed, not revisited since closing; satisfaction */
    GW_A_REOPEN,             /* 重办, hotline/supervisor: closed after a 不满意 revisit -> signed, same unit */
    GW_A_ANSWER,             /* 直接答复办结: hotline operator, dispatcher: reported|accepted -> closed; public_reply */
    GW_A_MERGE,              /* 合并重复件, dispatcher: reported|accepted|returned|dispatched|signed -> merged;
                              * the parent is checked by gw_ticket_merge_check (ops/dupe_svc.c) */
    GW_A_UNMERGE,            /* 撤销合并, supervisor: merged -> the state it was merged from; note required */
    GW_A__COUNT
} gw_action_kind;


/* The part of a ticket the loop reads and writes. Times are Unix ms UTC; 0 means unset. */
typedef struct {
    gw_ticket_state state;
    gw_ticket_state suspended_from; /* meaningful only in GW_T_SUSPENDED */
    int64_t unit_id;                /* primary handling unit; 0 before dispatch */
    int64_t dispatch_due_ms;        /* deadline to dispatch (set at report by the service) */
    int64_t handle_due_ms;          /* deadline to feed back (set at dispatch/rework) */
    int64_t verify_due_ms;          /* deadline to verify (set at feedback) */
    int64_t suspended_at_ms;
    int64_t closed_at_ms;
    int32_t ext_pending_days;       /* >0 while an extension request waits for a supervisor */
    int32_t rework_count;
    int32_t return_count;
    int32_t extension_count;        /* approved extensions */
    int32_t rating;                 /* 0 = not rated, else 1..5 */
    int32_t urge_count;             /* 催办 received */
    int32_t reopen_count;           /* 重办 after an unsatisfied 回访 */
    int32_t revisit_result;         /* gw_satisfaction of the last 回访, 0 = none */
    int64_t revisited_at_ms;        /* the last 回访; it counts for the closure when >= closed_at_ms */
    gw_ticket_state merged_from;    /* meaningful only in GW_T_MERGED: where an unmerge returns it */
    int64_t passed_from_unit_id;    /* 二级派单: the unit that passed it down to unit_id (a return goes back
                                     * there, to be signed again); 0 when the dispatcher sent it. Not a
                                     * column: the service derives it from the timeline when it loads. */
} gw_ticket;

/* The caller's answer at a 回访 (stored by name: "satisfied", "basic", "unsatisfied"). */
typedef enum { GW_SAT_NONE = 0, GW_SAT_SATISFIED, GW_SAT_BASIC, GW_SAT_UNSATISFIED } gw_satisfaction;
const char *gw_satisfaction_name(int s); /* NULL for GW_SAT_NONE or out of range */
int gw_satisfaction_parse(const char *s); /* 0 when unknown */

/* Every GW_URGE_STEP-th 催办 (the 2nd, 4th, ...) raises the urgency one level, up to 3 (critical):
 * the urgency after a 催办 that brought the count to urge_count. */
#define GW_URGE_STEP 2
int gw_urge_urgency(int urgency, int32_t urge_count);

/* A rating at or below this is a 差评: it needs a comment, and the case shows in the supervisors'
 * low-rated list (the list's low_rating=1, the figures' low_rated). */
#define GW_LOW_RATING 2

typedef struct {
    gw_action_kind kind;
    const char *note;   /* reason / comment; NULL or "" when absent */
    int64_t unit_id;    /* dispatch: target unit (already resolved by routing); subdispatch: the sub-unit */
    int64_t handle_ms;  /* dispatch, rework: handling window length */
    int64_t verify_ms;  /* feedback: verification window length */
    int32_t days;       /* extend: days requested */
    int32_t rating;     /* rate: 1..5 */
    int32_t result;     /* verify_onsite: GW_ONSITE_PASS or GW_ONSITE_FAIL */
    int32_t satisfaction; /* revisit: a gw_satisfaction, not NONE */
    const char *public_reply; /* 答复口径: required for feedback, approve and answer */
} gw_action;

/* 现场核查 results (verify_onsite). */
#define GW_ONSITE_PASS 1
#define GW_ONSITE_FAIL 2

typedef struct {
    gw_role role;
    int64_t user_id; /* 0 for residents and the system */
    int64_t unit_id; /* the handler's unit; 0 for others */
} gw_actor;

typedef struct {
    gw_action_kind action;
    gw_ticket_state from, to;
} gw_timeline_entry;

/* Apply `act` by `who` at `now_ms` to *t. On success *t is updated and *out describes
 * the transition; on failure *t and *out are untouched and the error says why:
 * GW_E_FORBIDDEN  the role may not take this action, or a handler of another unit;
 * GW_E_CONFLICT   the action is not allowed from the current state (or nothing pending);
 * GW_E_INVALID    a required field is missing or out of range (note, unit, days, rating, public_reply).
 * Admin may take every dispatcher and supervisor action; GW_R_SYSTEM may accept and dispatch. */
gw_err gw_ticket_apply(gw_ticket *t, const gw_action *act, const gw_actor *who,
                       int64_t now_ms, gw_timeline_entry *out);

/* Names used in the API and the database ("reported", "dispatch", "unit_handler", ...),
 * and their inverses; parse functions return -1 for an unknown name (or NULL), and the
 * name functions return "unknown" for an out-of-range value. */
const char *gw_ticket_state_name(gw_ticket_state s);
const char *gw_action_name(gw_action_kind a);
int gw_ticket_state_parse(const char *s);
int gw_action_parse(const char *s);

/* Whether child (id child_id) may be merged into parent (id parent_id), beyond the merge action's own
 * state and role check: GW_E_INVALID into itself; GW_E_CONFLICT when the parent is not open (closed,
 * invalid, or itself merged: no chains) or the child is already a parent of merged tickets
 * (child_children > 0: its duplicates would form a chain). */
gw_err gw_ticket_merge_check(int64_t child_id, int64_t child_children, int64_t parent_id, const gw_ticket *parent);

/* Whether `who` could take `kind` on *t right now (same checks as apply, with a valid
 * payload assumed). Used to list the buttons a user sees. */
int gw_ticket_can(const gw_ticket *t, gw_action_kind kind, const gw_actor *who);

/* 诉求类型, the kind of request a caller makes: "consult" 咨询, "complain" 投诉, "help" 求助,
 * "suggest" 建议, "report" 举报. Parse returns the index or -1 (NULL, unknown). */
#define GW_REQUEST_TYPES 5
#define GW_REQUEST_DEFAULT "complain"
const char *gw_request_type_name(int i);
int gw_request_type_parse(const char *s);

#endif
