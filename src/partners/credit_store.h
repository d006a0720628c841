/* partners/credit_store.h — SQL of the credit file's events (partners migration 3). Append-only:
 * an event is never updated or deleted; a revocation is a new event. Writes run inside
 * gw_store_write, in the transaction of the step they record. */
#ifndef GW_PARTNERS_CREDIT_STORE_H
#define GW_PARTNERS_CREDIT_STORE_H

#include <stdint.h>
#include "base/err.h"
#include "db/db.h"
#include "partners/credit.h"

typedef struct {
    int64_t partner_id;
    gw_credit_kind kind;
    int64_t value;          /* see gw_credit_kind */
    const char *ref_kind;   /* what the event is about: "service", "order", "booking", "project", "transfer" */
    int64_t ref_id;         /* its id */
    int64_t at_ms;          /* when it happened */
} gw_credit_event;

/* Append one event (the partner's community is taken from its record). GW_E_NOT_FOUND for no such
 * partner, GW_E_INVALID for a kind out of range or an empty ref_kind. */
gw_err gw_credit_event_add(gw_db *tx, const gw_credit_event *ev);

#endif
