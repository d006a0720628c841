/* partners/partner_api.h — the partner registry over HTTP (rules in partner_svc.h; route rows in
 * http/routes.c). */
#ifndef GW_PARTNERS_PARTNER_API_H
#define GW_PARTNERS_PARTNER_API_H

#include "core/api.h"

gw_err api_partners_list(gw_req *r);    /* GET  /api/v1/partners?q=&type=&status=&offset=&limit= (partner.view) */
gw_err api_partners_create(gw_req *r);  /* POST /api/v1/partners (partner.manage, audited) */
gw_err api_partners_get(gw_req *r);     /* GET  /api/v1/partners/{id} (partner.view, contact masked) */
gw_err api_partners_update(gw_req *r);  /* PUT  /api/v1/partners/{id} (partner.manage, audited) */
gw_err api_partners_action(gw_req *r);  /* POST /api/v1/partners/{id}/actions (partner.manage, audited) */
gw_err api_partners_contact(gw_req *r); /* GET  /api/v1/partners/{id}/contact (partner.manage, audited) */
gw_err api_resident_partner_apply(gw_req *r); /* POST /api/v1/resident/partner (a resident account) */
gw_err api_resident_partner_mine(gw_req *r);  /* GET  /api/v1/resident/partner (a resident account) */

#endif
