/* ops/ticket_api.h — what the ticket handlers share (ticket_api.c, export_api.c). */
#ifndef GW_OPS_TICKET_API_H
#define GW_OPS_TICKET_API_H

#include "core/api.h"
#include "ops/ticket_store.h"

/* Read the list filters from the query string into *f (division subtree resolved into path,
 * which must hold 128 bytes). Fails the request on a bad value. */
gw_err api_ticket_filter(gw_req *r, gw_db *db, gw_ticket_filter *f, char *path);

#endif
