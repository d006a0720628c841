/* ops/assist_api.h — 协办 handlers (route rows in http/routes.c); the rules are in ops/assist.c. */
#ifndef GW_OPS_ASSIST_API_H
#define GW_OPS_ASSIST_API_H

#include "core/api.h"

/* POST /api/v1/tickets/{id}/assists {unit_ids, due_ms?, note?, version?}: 201 with the ticket's view. */
gw_err api_ticket_assists_add(gw_req *r);
/* POST /api/v1/tickets/{id}/assists/{aid}/actions {action, note?, public_reply?, unit_id?, due_ms?}:
 * 200 with the ticket's view. */
gw_err api_ticket_assist_action(gw_req *r);

#endif
