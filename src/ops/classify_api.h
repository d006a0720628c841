/* ops/classify_api.h — the text classifier's handlers (route rows in http/routes.c). */
#ifndef GW_OPS_CLASSIFY_API_H
#define GW_OPS_CLASSIFY_API_H

#include "core/api.h"

gw_err api_classify(gw_req *r);       /* POST /api/v1/classify {text} (ticket.intake or ticket.dispatch) */
gw_err api_models_list(gw_req *r);    /* GET  /api/v1/models (admin) */
gw_err api_model_activate(gw_req *r); /* POST /api/v1/models/{id}/activate (admin, audited) */

#endif
