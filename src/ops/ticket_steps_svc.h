/* ops/ticket_steps_svc.h — the writes some loop actions make besides the ticket row, called by
 * ops/ticket_svc.c inside its transaction: 现场核查 (verify_onsite) and 二级派单 (subdispatch). */
#ifndef GW_OPS_TICKET_STEPS_SVC_H
#define GW_OPS_TICKET_STEPS_SVC_H

#include <jansson.h>
#include <stdint.h>
#include "core/scope.h"
#include "db/db.h"

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

/* Append a system entry (action, note, detail: stolen, may be NULL) to ticket_id's timeline inside tx,
 * without changing its state: what happened outside the loop (an IoT alarm repeated or cleared). */
gw_err gw_ticket_note_tx(gw_db *tx, int64_t ticket_id, int64_t at_ms, const char *action, const char *note,
                         json_t *detail);

#endif
