/* ops/warning_api.h — early warnings' handlers (route rows in http/routes.c; rules in warning_svc.h). */
#ifndef GW_OPS_WARNING_API_H
#define GW_OPS_WARNING_API_H

#include "core/api.h"

gw_err api_warnings_list(gw_req *r); /* GET  /api/v1/warnings?kind=&state=&offset=&limit= (dashboard.view, in area) */
gw_err api_warnings_get(gw_req *r);  /* GET  /api/v1/warnings/{id} (dashboard.view, in area) */
gw_err api_warnings_ack(gw_req *r);  /* POST /api/v1/warnings/{id}/ack {"note"} (ticket.supervise, audited) */
gw_err api_warnings_run(gw_req *r);  /* POST /api/v1/warnings/run (admin, audited): evaluate now */

#endif
