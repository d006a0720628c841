/* partners/ledger_api.h — the points bank over HTTP (route rows in http/routes.c; rules in ledger_svc.h). */
#ifndef GW_PARTNERS_LEDGER_API_H
#define GW_PARTNERS_LEDGER_API_H

#include "core/api.h"

gw_err api_ledger_accounts(gw_req *r);      /* GET  /api/v1/ledger/accounts?division_id=&owner_kind=&owner_id=&offset=&limit= */
gw_err api_ledger_account_open(gw_req *r);  /* POST /api/v1/ledger/accounts (ledger.manage, audited) */
gw_err api_ledger_account(gw_req *r);       /* GET  /api/v1/ledger/accounts/{id}?kind=&offset=&limit= (balance + history) */
gw_err api_ledger_transfers(gw_req *r);     /* GET  /api/v1/ledger/transfers?account_id=&kind=&offset=&limit= */
gw_err api_ledger_transfer(gw_req *r);      /* POST /api/v1/ledger/transfers: one, or {"transfers": [...]} linked */
gw_err api_ledger_post(gw_req *r);          /* POST /api/v1/ledger/transfers/{id}/post {client_id} */
gw_err api_ledger_void(gw_req *r);          /* POST /api/v1/ledger/transfers/{id}/void {client_id} */

#endif
