/* partners/catalogue_api.h — the redemption catalogue and its orders over HTTP (route rows in
 * http/routes.c; rules in catalogue_svc.h and order_svc.h). Staff: partner.view reads, partner.manage
 * writes; residents: their own community's offer, their own orders, and a merchant's verification. */
#ifndef GW_PARTNERS_CATALOGUE_API_H
#define GW_PARTNERS_CATALOGUE_API_H

#include "core/api.h"

/* partners/catalogue_api.c */
gw_err api_catalogue_list(gw_req *r);   /* GET  /api/v1/catalogue?community_id=&kind=&offset=&limit= */
gw_err api_catalogue_create(gw_req *r); /* POST /api/v1/catalogue (audited) */
gw_err api_catalogue_get(gw_req *r);    /* GET  /api/v1/catalogue/{id}: the item and its coming slots */
gw_err api_catalogue_update(gw_req *r); /* PUT  /api/v1/catalogue/{id} (audited) */
gw_err api_catalogue_stock(gw_req *r);  /* POST /api/v1/catalogue/{id}/stock {delta, reason} (audited) */
gw_err api_catalogue_slot(gw_req *r);   /* POST /api/v1/catalogue/{id}/slots {start_ms, end_ms, capacity} */
gw_err api_resident_catalogue(gw_req *r); /* GET /api/v1/resident/catalogue: on offer, with my points */

/* partners/order_api.c */
gw_err api_orders_list(gw_req *r);      /* GET  /api/v1/orders?status=&item_id=&offset=&limit= */
gw_err api_orders_get(gw_req *r);       /* GET  /api/v1/orders/{id} */
gw_err api_orders_action(gw_req *r);    /* POST /api/v1/orders/{id}/actions {action, reason} */
gw_err api_resident_orders(gw_req *r);  /* GET  /api/v1/resident/orders?status=&offset=&limit= */
gw_err api_resident_redeem(gw_req *r);  /* POST /api/v1/resident/orders {item_id, slot_id?, key?} */
gw_err api_resident_order_cancel(gw_req *r); /* POST /api/v1/resident/orders/{id}/cancel */
gw_err api_resident_merchant_verify(gw_req *r); /* POST /api/v1/resident/merchant/verify {code} */

#endif
