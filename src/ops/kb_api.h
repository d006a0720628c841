/* ops/kb_api.h — the 知识库's handlers (route rows in http/routes.c). */
#ifndef GW_OPS_KB_API_H
#define GW_OPS_KB_API_H

#include "core/api.h"

gw_err api_kb_list(gw_req *r);   /* GET    /api/v1/kb?q=社保卡&status=&offset=&limit= (kb.view) */
gw_err api_kb_get(gw_req *r);    /* GET    /api/v1/kb/{id} (kb.view; drafts: kb.edit) */
gw_err api_kb_create(gw_req *r); /* POST   /api/v1/kb (kb.edit, audited) */
gw_err api_kb_update(gw_req *r); /* PATCH  /api/v1/kb/{id} (kb.edit, audited) */
gw_err api_kb_delete(gw_req *r); /* DELETE /api/v1/kb/{id} (kb.edit, audited) */

#endif
