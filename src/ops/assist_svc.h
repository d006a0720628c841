/* ops/assist_svc.h — 协办 with I/O: name co-handling units on a ticket and act on their sub-tasks (the
 * checks the ticket loop makes — the lead's feedback waits for open sub-tasks, sub-task units see the
 * ticket — are in ops/ticket_steps_svc.h). Every write commits before these return, with a timeline
 * entry on the ticket's chain and the ticket's version moved on. */
#ifndef GW_OPS_ASSIST_SVC_H
#define GW_OPS_ASSIST_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/store.h"
#include "ops/assist.h"
#include "ops/assist_store.h"

/* Co-handling units named at once (one request). */
typedef struct {
    const int64_t *unit_ids;
    int n;                  /* 1..GW_ASSIST_MAX */
    int64_t due_ms;         /* 0 = the lead's handling deadline */
    const char *note;       /* internal, optional */
    int64_t expect_version; /* 0 = any */
} gw_assist_add_in;

/* Name co-handling units on ticket id (dispatcher or admin, while the case is at its lead unit: dispatched
 * or signed). Each unit must be enabled, not the lead unit, and without a sub-task of this ticket
 * that is not withdrawn. GW_E_NOT_FOUND not visible; GW_E_FORBIDDEN role; GW_E_CONFLICT state,
 * version, or a unit already on it; GW_E_INVALID units, due_ms. */
gw_err gw_assist_add(gw_store *s, const gw_principal *who, int64_t id, const gw_assist_add_in *in, char *msg,
                     size_t msgn);

/* Take act on sub-task assist_id of ticket id (ops/assist.h says who may do what); *out gets the
 * sub-task after it. GW_E_NOT_FOUND no such sub-task on a ticket who sees; else as gw_assist_apply
 * (and GW_E_INVALID for a reassignment to a unit that cannot take it). */
gw_err gw_assist_act_on(gw_store *s, const gw_principal *who, int64_t id, int64_t assist_id, const gw_assist_act *act,
                        gw_assist_row *out, char *msg, size_t msgn);

#endif
