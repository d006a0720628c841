/* partners/credit_api.h — the credit file over HTTP: a partner's file, the ranking of outstanding
 * partners (JSON and .xlsx), volunteer service certificates (issue, read, revoke), and the resident's
 * own file and certificates (docs/api.md "Credit file"). */
#ifndef GW_PARTNERS_CREDIT_API_H
#define GW_PARTNERS_CREDIT_API_H

#include "core/api.h"

gw_err api_partners_credit(gw_req *r);        /* GET /api/v1/partners/{id}/credit */
gw_err api_partners_certs(gw_req *r);         /* GET /api/v1/partners/{id}/certificates */
gw_err api_partners_cert_issue(gw_req *r);    /* POST /api/v1/partners/{id}/certificates */
gw_err api_cert_get(gw_req *r);               /* GET /api/v1/certificates/{id} */
gw_err api_cert_revoke(gw_req *r);            /* POST /api/v1/certificates/{id}/revoke */
gw_err api_credit_ranking(gw_req *r);         /* GET /api/v1/credit/ranking */
gw_err api_credit_ranking_xlsx(gw_req *r);    /* GET /api/v1/credit/ranking.xlsx */
gw_err api_resident_credit(gw_req *r);        /* GET /api/v1/resident/credit */
gw_err api_resident_cert_get(gw_req *r);      /* GET /api/v1/resident/certificates/{id} */

#endif
