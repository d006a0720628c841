/* ops/dupe_api.h — 重复件 handlers (route rows in http/routes.c): candidates for a ticket, for a draft
 * (intake forms) and for the public H5 report page (public fields only), merge and unmerge, and a
 * category's search settings. The rules are in ops/dupe_svc.h. */
#ifndef GW_OPS_DUPE_API_H
#define GW_OPS_DUPE_API_H

#include "core/api.h"

gw_err api_ticket_duplicates(gw_req *r);   /* GET /api/v1/tickets/{id}/duplicates?limit= */
gw_err api_draft_duplicates(gw_req *r);    /* POST /api/v1/tickets/duplicates {category_id|category_code, location, coord?, description?, limit?} */
gw_err api_public_duplicates(gw_req *r);   /* GET /api/v1/public/duplicates?category_code=&lon=&lat=&coord=&text= */
gw_err api_ticket_merge(gw_req *r);        /* POST /api/v1/tickets/{id}/merge {parent_id, note?, version?} */
gw_err api_ticket_unmerge(gw_req *r);      /* POST /api/v1/tickets/{id}/unmerge {note, version?} */
gw_err api_category_duplicates(gw_req *r); /* PUT /api/v1/categories/{id}/duplicates {radius_m, window_days} */

#endif
