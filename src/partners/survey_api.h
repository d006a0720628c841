/* partners/survey_api.h — 需求征集 over HTTP (rules in survey_svc.h; route rows in http/routes.c). */
#ifndef GW_PARTNERS_SURVEY_API_H
#define GW_PARTNERS_SURVEY_API_H

#include "core/api.h"

gw_err api_surveys_list(gw_req *r);          /* GET  /api/v1/surveys (partner.view) */
gw_err api_surveys_create(gw_req *r);        /* POST /api/v1/surveys (partner.manage, audited) */
gw_err api_surveys_get(gw_req *r);           /* GET  /api/v1/surveys/{id} (partner.view) */
gw_err api_surveys_results(gw_req *r);       /* GET  /api/v1/surveys/{id}/results (partner.view) */
gw_err api_visits_list(gw_req *r);           /* GET  /api/v1/visits?offset=&limit= (partner.view, masked) */
gw_err api_visits_create(gw_req *r);         /* POST /api/v1/visits (partner.manage, audited) */
gw_err api_resident_surveys_list(gw_req *r); /* GET  /api/v1/resident/surveys (open, own community) */
gw_err api_resident_surveys_get(gw_req *r);  /* GET  /api/v1/resident/surveys/{id} */
gw_err api_resident_survey_answer(gw_req *r); /* POST /api/v1/resident/surveys/{id}/answers (once) */

#endif
