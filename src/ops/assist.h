/* ops/assist.h — 协办: a ticket's lead unit (主办, the ticket's unit) with co-handling units (协办单位),
 * each with its own sub-task. The sub-task's rules as a pure state machine: no I/O, no SQL, no
 * allocation. The service (ops/assist_svc.c) loads the sub-task and its ticket, calls gw_assist_apply,
 * and saves the result with a timeline entry on the ticket in one transaction. */
#ifndef GW_OPS_ASSIST_H
#define GW_OPS_ASSIST_H

#include <stdint.h>
#include "base/err.h"
#include "ops/ticket.h"

#define GW_ASSIST_MAX 8 /* co-handling units on one ticket (withdrawn ones not counted) */

typedef enum {
    GW_AS_ASSIGNED = 0, /* 待签收: named by the dispatcher, waiting for the co-handling unit */
    GW_AS_SIGNED,       /* 协办中: the co-handling unit works on it */
    GW_AS_DONE,         /* 已完成: done, with its note and 协办意见 */
    GW_AS_RETURNED,     /* 已退回: back at the dispatcher (withdraw it or reassign it) */
    GW_AS_WITHDRAWN,    /* 已撤销 by the dispatcher */
    GW_AS__COUNT
} gw_assist_state;

typedef enum {
    GW_AA_SIGN = 0,  /* handler of the sub-task's unit: assigned -> signed */
    GW_AA_COMPLETE,  /* handler of the sub-task's unit: signed -> done; note required, public_reply optional */
    GW_AA_RETURN,    /* handler of the sub-task's unit: assigned|signed -> returned; note (the reason) required */
    GW_AA_WITHDRAW,  /* dispatcher/admin: assigned|signed|returned -> withdrawn */
    GW_AA_REASSIGN,  /* dispatcher/admin: returned -> assigned to unit_id (another unit) */
    GW_AA__COUNT
} gw_assist_action;

/* The part of a sub-task the rules read and write. Times are Unix ms UTC; 0 = unset. */
typedef struct {
    gw_assist_state state;
    int64_t unit_id;      /* the co-handling unit */
    int64_t due_ms;       /* its own deadline */
    int64_t signed_ms, done_ms, returned_ms, withdrawn_ms;
} gw_assist;

typedef struct {
    gw_assist_action kind;
    const char *note;         /* internal; complete, return: required */
    const char *public_reply; /* 协办意见 for the resident; complete only, optional */
    int64_t unit_id;          /* reassign: the new unit (not the current one; the service checks the rest) */
    int64_t due_ms;           /* reassign: the new deadline, 0 = keep */
} gw_assist_act;

/* Whether a sub-task may be added to (or reassigned on) a ticket in this state by this role: the case is
 * open at the lead unit (dispatched or signed), and the role dispatches. GW_E_FORBIDDEN, GW_E_CONFLICT. */
gw_err gw_assist_add_check(gw_ticket_state lead, const gw_actor *who);

/* Apply act by who at now to *a of a ticket in state lead. On success *a is updated; on failure it is
 * untouched: GW_E_FORBIDDEN the role, or a handler of another unit (the lead's included);
 * GW_E_CONFLICT not from this sub-task state, or the ticket is no longer open (closed, invalid; adding
 * and reassigning also need the ticket at its lead unit); GW_E_INVALID a required field. */
gw_err gw_assist_apply(gw_assist *a, gw_ticket_state lead, const gw_assist_act *act, const gw_actor *who,
                       int64_t now_ms);
/* Whether who could take kind on *a now (valid payload assumed): the buttons a console shows. */
int gw_assist_can(const gw_assist *a, gw_ticket_state lead, gw_assist_action kind, const gw_actor *who);
/* Open sub-tasks (assigned, signed) keep the lead from feeding back. */
int gw_assist_open(gw_assist_state s);

/* Names in the API and the database ("assigned", "sign", ...); parse returns -1 when unknown. */
const char *gw_assist_state_name(gw_assist_state s);
const char *gw_assist_action_name(gw_assist_action a);
int gw_assist_state_parse(const char *s);
int gw_assist_action_parse(const char *s);

#endif
