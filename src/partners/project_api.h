/* partners/project_api.h — projects over HTTP (rules in project_svc.h; route rows in http/routes.c). */
#ifndef GW_PARTNERS_PROJECT_API_H
#define GW_PARTNERS_PROJECT_API_H

#include "core/api.h"

gw_err api_projects_list(gw_req *r);         /* GET  /api/v1/projects?status=&offset=&limit= (partner.view) */
gw_err api_projects_create(gw_req *r);       /* POST /api/v1/projects (partner.manage, audited) */
gw_err api_projects_get(gw_req *r);          /* GET  /api/v1/projects/{id}: claims, progress, cards, result */
gw_err api_projects_action(gw_req *r);       /* POST /api/v1/projects/{id}/actions (partner.manage) */
gw_err api_projects_reps(gw_req *r);         /* PUT  /api/v1/projects/{id}/representatives (partner.manage) */
gw_err api_projects_claim_action(gw_req *r); /* POST /api/v1/projects/{id}/claims/{claim}/actions (partner.manage) */
gw_err api_projects_evaluate(gw_req *r);     /* POST /api/v1/projects/{id}/evaluations (staff, third party) */
gw_err api_projects_photo(gw_req *r);        /* GET  /api/v1/projects/{id}/photos/{sha} (a progress photo) */
gw_err api_resident_projects_list(gw_req *r);    /* GET  /api/v1/resident/projects */
gw_err api_resident_project_photo(gw_req *r);    /* GET  /api/v1/resident/projects/{id}/photos/{sha} */
gw_err api_resident_projects_get(gw_req *r);     /* GET  /api/v1/resident/projects/{id} */
gw_err api_resident_project_claim(gw_req *r);    /* POST /api/v1/resident/projects/{id}/claims (a partner) */
gw_err api_resident_project_progress(gw_req *r); /* POST /api/v1/resident/projects/{id}/progress (approved) */
gw_err api_resident_project_evaluate(gw_req *r); /* POST /api/v1/resident/projects/{id}/evaluation (representative) */

#endif
