/* ops/revisit_api.h — 催办 and 回访 handlers (route rows in http/routes.c). The loop rules are in
 * ops/ticket.c (GW_A_URGE, GW_A_REVISIT, GW_A_REOPEN); both answer with the caller's view of the ticket. */
#ifndef GW_OPS_REVISIT_API_H
#define GW_OPS_REVISIT_API_H

#include "core/api.h"

gw_err api_ticket_urge(gw_req *r);    /* POST /api/v1/tickets/{id}/urge {note, version?} */
gw_err api_ticket_revisit(gw_req *r); /* POST /api/v1/tickets/{id}/revisit {satisfaction, note?, reopen?, reason?, version?} */

#endif
