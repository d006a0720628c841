/* core/resident_api.h — resident accounts over HTTP (rules in resident_svc.h; route rows in
 * http/routes.c). The resident's own routes are /api/v1/resident/... (public: register, login,
 * code-login; a resident session: me, password, logout); staff's are /api/v1/residents/... */
#ifndef GW_CORE_RESIDENT_API_H
#define GW_CORE_RESIDENT_API_H

#include "core/api.h"

gw_err api_resident_register(gw_req *r);   /* POST /api/v1/resident/register (public) */
gw_err api_resident_login(gw_req *r);      /* POST /api/v1/resident/login (public, throttled) */
gw_err api_resident_code_login(gw_req *r); /* POST /api/v1/resident/code-login (public, throttled) */
gw_err api_resident_logout(gw_req *r);     /* POST /api/v1/resident/logout (resident) */
gw_err api_resident_me(gw_req *r);         /* GET  /api/v1/resident/me (resident) */
gw_err api_resident_password(gw_req *r);   /* POST /api/v1/resident/password (resident) */
gw_err api_public_communities(gw_req *r);  /* GET  /api/v1/public/communities: what sign-up offers */

gw_err api_residents_list(gw_req *r);    /* GET  /api/v1/residents?q=&status=&verified=&offset=&limit= (resident.view) */
gw_err api_residents_create(gw_req *r);  /* POST /api/v1/residents (resident.verify, audited) */
gw_err api_residents_get(gw_req *r);     /* GET  /api/v1/residents/{id} (resident.view, masked) */
gw_err api_residents_person(gw_req *r);  /* GET  /api/v1/residents/{id}/person (resident.verify, audited) */
gw_err api_residents_verify(gw_req *r);  /* POST /api/v1/residents/{id}/verify (resident.verify, audited) */
gw_err api_residents_code(gw_req *r);    /* POST /api/v1/residents/{id}/code (resident.verify, audited) */
gw_err api_residents_disable(gw_req *r); /* POST /api/v1/residents/{id}/disable (resident.verify, audited) */
gw_err api_residents_enable(gw_req *r);  /* POST /api/v1/residents/{id}/enable (resident.verify, audited) */

#endif
