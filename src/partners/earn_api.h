/* partners/earn_api.h — 积分规则 and 服务记录 over HTTP (partners/earn_svc.h): staff's rules, records and
 * activities, and the resident's own records, activities, sign-in/out, points and gifts. Route rows
 * are in http/routes.c. */
#ifndef GW_PARTNERS_EARN_API_H
#define GW_PARTNERS_EARN_API_H

#include "core/api.h"

gw_err api_earn_rules_list(gw_req *r);
gw_err api_earn_rules_create(gw_req *r);
gw_err api_earn_rules_update(gw_req *r);
gw_err api_service_records_list(gw_req *r);
gw_err api_service_records_create(gw_req *r);
gw_err api_service_records_get(gw_req *r);
gw_err api_service_records_action(gw_req *r);
gw_err api_resident_service_records(gw_req *r);
gw_err api_resident_service_record_confirm(gw_req *r);
gw_err api_resident_service_record_reject(gw_req *r);

/* partners/earn_live_api.c */
gw_err api_activities_list(gw_req *r);
gw_err api_activities_create(gw_req *r);
gw_err api_activities_code(gw_req *r);
gw_err api_resident_activities(gw_req *r);
gw_err api_resident_sign_in(gw_req *r);
gw_err api_resident_sign_out(gw_req *r);

/* partners/earn_points_api.c */
gw_err api_resident_points(gw_req *r);
gw_err api_resident_gift(gw_req *r);
gw_err api_earn_exchange(gw_req *r);
gw_err api_earn_settings_get(gw_req *r);
gw_err api_earn_settings_put(gw_req *r);

#endif
