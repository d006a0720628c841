/* ops/ticket_steps_svc.h — the writes some loop actions make besides the ticket row, called by
 * ops/ticket_svc.c inside its transaction: 现场核查 (verify_onsite), 二级派单 (subdispatch) and the
 * 协办 checks (the lead's feedback, who sees the ticket). */
#ifndef GW_OPS_TICKET_STEPS_SVC_H
#define GW_OPS_TICKET_STEPS_SVC_H

#include <jansson.h>
#include <stdint.h>
#include "core/scope.h"
#include "db/db.h"
#include "ops/assist.h"
#include "ops/routing.h"

/* One 现场核查 as the service hands it over (the action's fields). */
typedef struct {
    int64_t ticket_id, user_id, at_ms;
    int32_t result;                     /* GW_ONSITE_PASS | GW_ONSITE_FAIL */
    const char *note;
    const char *const *before, *const *after;
    int n_before, n_after;
} gw_onsite_in;

/* Store the grid worker's finding and its before/after photos (each uploaded by them: else
 * GW_E_INVALID); adds result and onsite_id to the timeline detail. */
gw_err gw_ticket_record_onsite(gw_db *tx, const gw_onsite_in *in, json_t *detail, char *msg, size_t msgn);
/* GW_OK when unit is an enabled sub-unit of who's unit, else GW_E_INVALID with msg. */
gw_err gw_ticket_subunit_check(gw_db *tx, const gw_principal *who, int64_t unit, char *msg, size_t msgn);
/* Keep the dispatching (parent) unit on the ticket as a CC unit: it sees the ticket, cannot act. */
gw_err gw_ticket_keep_parent_cc(gw_db *tx, int64_t ticket_id, int64_t parent);
/* 二级派单: the unit that passed ticket_id down to its current unit (the from_unit_id of the last
 * handover when that was a subdispatch to another unit), else 0 — where the holder's return goes. */
gw_err gw_ticket_passed_from(gw_db *tx, int64_t ticket_id, int64_t unit_id, int64_t *from);

/* 协办 (ops/assist_svc.h): */
/* Inside the ticket's transaction, before the lead feeds back: GW_E_CONFLICT with msg naming the
 * co-handling units whose sub-tasks are still open (assigned or signed). */
gw_err gw_assist_feedback_check(gw_db *tx, int64_t ticket_id, char *msg, size_t msgn);

/* Before ticket_id goes to unit as its lead (dispatch, subdispatch): GW_E_INVALID with msg when unit has a
 * 协办 sub-task on it that is not withdrawn (withdraw it first: a unit does not assist itself). */
gw_err gw_assist_lead_check(gw_db *tx, int64_t ticket_id, int64_t unit, char *msg, size_t msgn);

/* The units that see ticket_id besides its own: its CC units, then its sub-tasks' units (not withdrawn). */
#define GW_SEEN_UNITS_MAX (GW_ROUTE_MAX_CC + GW_ASSIST_MAX)
gw_err gw_ticket_seen_units(gw_db *db, int64_t ticket_id, int64_t *ids, int max, int *n);

/* Append a system entry (action, note, detail: stolen, may be NULL) to ticket_id's timeline inside tx,
 * without changing its state: what happened outside the loop (an IoT alarm repeated or cleared). */
gw_err gw_ticket_note_tx(gw_db *tx, int64_t ticket_id, int64_t at_ms, const char *action, const char *note,
                         json_t *detail);

/* 现场核查 is for the grid worker of the ticket's grid: who's scope path holds division_path (their
 * division is the grid or one above it). A grid worker's own report in another grid is visible to
 * them but not theirs to verify. */
int gw_ticket_onsite_ok(const gw_principal *who, const char *division_path);

#endif
