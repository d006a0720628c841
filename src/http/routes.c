/* http/routes.c — the route table: method, pattern, handler, roles allowed (a permission's mask), metrics name.
 * Patterns match whole segments; {name} captures one segment into r->params in order. */
#include "http/routes.h"
#include "ops/place_api.h"
#include "ops/unit_tree_api.h"
#include "ops/revisit_api.h"
#include "ops/kb_api.h"
#include "ops/warning_api.h"
#include "ops/assist_api.h"
#include "core/dict_api.h"
#include "iot/iot_api.h"
#include "partners/ledger_api.h"
#include "ops/classify_api.h"
#include "ops/review_api.h"
#include "core/resident_api.h"
#include "partners/partner_api.h"
#include "partners/credit_api.h"
#include "ops/dupe_api.h"
#include "partners/survey_api.h"
#include "partners/project_api.h"
#include "partners/catalogue_api.h"
#include "partners/earn_api.h"

#include <string.h>

/* Role masks are the permissions' (core/scope.h), so GET /api/v1/me's list and these rows agree. */
#define WRITERS GW_ROLES_INTAKE
#define ACTORS GW_ROLES_ACT
#define CONTACT GW_ROLES_CONTACT

const gw_route gw_routes[] = {
    { "POST", "/api/v1/auth/login", api_login, GW_PERM_PUBLIC, "auth_login" },
    { "POST", "/api/v1/auth/logout", api_logout, GW_PERM_STAFF, "auth_logout" },
    { "GET", "/api/v1/me", api_me, GW_PERM_STAFF, "me" },
    { "GET", "/api/v1/meta/limits", api_meta_limits, GW_PERM_PUBLIC, "meta_limits" },
    { "GET", "/api/v1/meta/login", api_meta_login, GW_PERM_PUBLIC, "meta_login" },
    { "POST", "/api/v1/me/password", api_me_password, GW_PERM_STAFF, "me_password" },
    { "GET", "/api/v1/me/logins", api_me_logins, GW_PERM_STAFF, "me_logins" },
    { "GET", "/api/v1/me/sessions", api_me_sessions, GW_PERM_STAFF, "me_sessions" },
    { "DELETE", "/api/v1/me/sessions/{sid}", api_me_sessions_end, GW_PERM_STAFF, "me_sessions_end" },
    { "GET", "/api/v1/sessions", api_sessions_list, GW_PERM_ADMIN, "sessions_list" },
    { "DELETE", "/api/v1/sessions/{sid}", api_sessions_end, GW_PERM_ADMIN, "sessions_end" },

    { "GET", "/api/v1/tickets", api_ticket_list, GW_PERM_STAFF, "tickets_list" },
    { "POST", "/api/v1/tickets", api_ticket_create, WRITERS, "tickets_create" },
    { "GET", "/api/v1/tickets/export.xlsx", api_ticket_export, GW_PERM_STAFF, "tickets_export" },
    { "GET", "/api/v1/tickets/{id}", api_ticket_get, GW_PERM_STAFF, "tickets_get" },
    { "POST", "/api/v1/tickets/{id}/actions", api_ticket_action, ACTORS, "tickets_action" },
    { "GET", "/api/v1/tickets/{id}/timeline", api_ticket_timeline, GW_PERM_STAFF, "tickets_timeline" },
    { "GET", "/api/v1/tickets/{id}/reporter", api_ticket_reporter, CONTACT, "tickets_reporter" },
    { "POST", "/api/v1/files", api_file_upload, ACTORS, "files_upload" },
    { "GET", "/api/v1/files/{sha}", api_file_get, GW_PERM_STAFF, "files_get" },

    { "GET", "/api/v1/stats/summary", api_stats_summary, GW_PERM_STAFF, "stats_summary" },
    /* 预警 (ops/warning_api.h) */
    { "GET", "/api/v1/warnings", api_warnings_list, GW_ROLES_DASHBOARD, "warnings_list" },
    { "POST", "/api/v1/warnings/run", api_warnings_run, GW_ROLES_ADMIN, "warnings_run" },
    { "GET", "/api/v1/warnings/{id}", api_warnings_get, GW_ROLES_DASHBOARD, "warnings_get" },
    { "POST", "/api/v1/warnings/{id}/ack", api_warnings_ack, GW_ROLES_SUPERVISE, "warnings_ack" },

    { "GET", "/api/v1/track/{code}", api_track_get, GW_PERM_PUBLIC, "track_get" },
    { "GET", "/api/v1/track/{code}/photos/{sha}", api_track_photo, GW_PERM_PUBLIC, "track_photo" },
    { "POST", "/api/v1/track/{code}/rating", api_track_rate, GW_PERM_PUBLIC, "track_rate" },
    { "POST", "/api/v1/public/reports", api_public_report, GW_PERM_PUBLIC, "public_report" },
    { "POST", "/api/v1/public/files", api_file_upload, GW_PERM_PUBLIC, "public_files" },
    { "GET", "/api/v1/public/categories", api_public_categories, GW_PERM_PUBLIC, "public_categories" },

    { "GET", "/api/v1/divisions", api_division_list, GW_PERM_STAFF, "divisions_list" },
    { "POST", "/api/v1/divisions", api_division_create, GW_PERM_ADMIN, "divisions_create" },
    { "GET", "/api/v1/divisions/{id}", api_division_get, GW_PERM_STAFF, "divisions_get" },
    { "PUT", "/api/v1/divisions/{id}", api_division_update, GW_PERM_ADMIN, "divisions_update" },
    { "GET", "/api/v1/grids/at", api_grid_at, GW_PERM_STAFF, "grids_at" },
    { "GET", "/api/v1/units", api_unit_list, GW_PERM_STAFF, "units_list" },
    { "POST", "/api/v1/units", api_unit_create, GW_PERM_ADMIN, "units_create" },
    { "PUT", "/api/v1/units/{id}", api_unit_update, GW_PERM_ADMIN, "units_update" },
    { "GET", "/api/v1/categories", api_category_list, GW_PERM_STAFF, "categories_list" },
    { "POST", "/api/v1/categories", api_category_create, GW_PERM_ADMIN, "categories_create" },
    { "PUT", "/api/v1/categories/{id}", api_category_update, GW_PERM_ADMIN, "categories_update" },
    { "GET", "/api/v1/routing-rules", api_rule_list, GW_PERM_STAFF, "rules_list" },
    { "POST", "/api/v1/routing-rules", api_rule_create, GW_PERM_ADMIN, "rules_create" },
    { "GET", "/api/v1/routing-rules/test", api_rule_test, GW_PERM_STAFF, "rules_test" },
    { "PUT", "/api/v1/routing-rules/{id}", api_rule_update, GW_PERM_ADMIN, "rules_update" },
    { "DELETE", "/api/v1/routing-rules/{id}", api_rule_delete, GW_PERM_ADMIN, "rules_delete" },
    { "GET", "/api/v1/users", api_user_list, GW_PERM_ADMIN, "users_list" },
    { "POST", "/api/v1/users", api_user_create, GW_PERM_ADMIN, "users_create" },
    { "PUT", "/api/v1/users/{id}", api_user_update, GW_PERM_ADMIN, "users_update" },
    { "POST", "/api/v1/users/{id}/unlock", api_user_unlock, GW_PERM_ADMIN, "users_unlock" },
    { "GET", "/api/v1/places", api_place_search, GW_PERM_STAFF, "places_search" },
    { "POST", "/api/v1/places", api_place_create, GW_PERM_ADMIN, "places_create" },
    { "POST", "/api/v1/places/import", api_place_import, GW_PERM_ADMIN, "places_import" },
    { "GET", "/api/v1/places/roads", api_place_roads, GW_PERM_STAFF, "places_roads" },
    { "GET", "/api/v1/places/{id}", api_place_get, GW_PERM_STAFF, "places_get" },
    { "PATCH", "/api/v1/places/{id}", api_place_update, GW_PERM_ADMIN, "places_update" },
    { "DELETE", "/api/v1/places/{id}", api_place_delete, GW_PERM_ADMIN, "places_delete" },
    { "GET", "/api/v1/kb", api_kb_list, GW_PERM_STAFF, "kb_list" },
    { "POST", "/api/v1/kb", api_kb_create, GW_ROLES_KB_EDIT, "kb_create" },
    { "GET", "/api/v1/kb/{id}", api_kb_get, GW_PERM_STAFF, "kb_get" },
    { "PATCH", "/api/v1/kb/{id}", api_kb_update, GW_ROLES_KB_EDIT, "kb_update" },
    { "DELETE", "/api/v1/kb/{id}", api_kb_delete, GW_ROLES_KB_EDIT, "kb_delete" },
    { "POST", "/api/v1/classify", api_classify, GW_ROLES_INTAKE | GW_ROLES_DISPATCH, "classify" },
    { "GET", "/api/v1/models", api_models_list, GW_ROLES_ADMIN, "models_list" },
    { "POST", "/api/v1/models/{id}/activate", api_model_activate, GW_ROLES_ADMIN, "model_activate" },
    { "GET", "/api/v1/review-queue", api_review_queue, GW_ROLES_DISPATCH, "review_queue" },
    { "POST", "/api/v1/tickets/{id}/classify", api_ticket_classify, GW_ROLES_DISPATCH, "tickets_classify" },
    { "GET", "/api/v1/classifier/examples", api_classifier_examples, GW_ROLES_ADMIN, "classifier_examples" },
    { "POST", "/api/v1/classifier/retrain", api_classifier_retrain, GW_ROLES_ADMIN, "classifier_retrain" },
    { "GET", "/api/v1/classifier/stats", api_classifier_stats, GW_ROLES_DISPATCH | GW_ROLES_SUPERVISE,
      "classifier_stats" },

    /* resident accounts (core/resident_api.h): the resident's own routes, then staff's */
#define RESIDENT GW_ROLES_RESIDENT_ACCOUNT
    { "POST", "/api/v1/resident/register", api_resident_register, GW_PERM_PUBLIC, "resident_register" },
    { "POST", "/api/v1/resident/login", api_resident_login, GW_PERM_PUBLIC, "resident_login" },
    { "POST", "/api/v1/resident/code-login", api_resident_code_login, GW_PERM_PUBLIC, "resident_code_login" },
    { "POST", "/api/v1/resident/logout", api_resident_logout, RESIDENT, "resident_logout" },
    { "GET", "/api/v1/resident/me", api_resident_me, RESIDENT, "resident_me" },
    { "POST", "/api/v1/resident/password", api_resident_password, RESIDENT, "resident_password" },
    { "GET", "/api/v1/public/communities", api_public_communities, GW_PERM_PUBLIC, "public_communities" },
    { "GET", "/api/v1/residents", api_residents_list, GW_ROLES_RESIDENT_VIEW, "residents_list" },
    { "POST", "/api/v1/residents", api_residents_create, GW_ROLES_RESIDENT_VERIFY, "residents_create" },
    { "GET", "/api/v1/residents/{id}", api_residents_get, GW_ROLES_RESIDENT_VIEW, "residents_get" },
    { "GET", "/api/v1/residents/{id}/person", api_residents_person, GW_ROLES_RESIDENT_VERIFY, "residents_person" },
    { "POST", "/api/v1/residents/{id}/verify", api_residents_verify, GW_ROLES_RESIDENT_VERIFY, "residents_verify" },
    { "POST", "/api/v1/residents/{id}/code", api_residents_code, GW_ROLES_RESIDENT_VERIFY, "residents_code" },
    { "POST", "/api/v1/residents/{id}/disable", api_residents_disable, GW_ROLES_RESIDENT_VERIFY, "residents_disable" },
    { "POST", "/api/v1/residents/{id}/enable", api_residents_enable, GW_ROLES_RESIDENT_VERIFY, "residents_enable" },

    /* 社区合伙人 (partners/partner_api.h) */
    { "GET", "/api/v1/partners", api_partners_list, GW_ROLES_PARTNER_VIEW, "partners_list" },
    { "POST", "/api/v1/partners", api_partners_create, GW_ROLES_PARTNER_MANAGE, "partners_create" },
    { "GET", "/api/v1/partners/{id}", api_partners_get, GW_ROLES_PARTNER_VIEW, "partners_get" },
    { "PUT", "/api/v1/partners/{id}", api_partners_update, GW_ROLES_PARTNER_MANAGE, "partners_update" },
    { "POST", "/api/v1/partners/{id}/actions", api_partners_action, GW_ROLES_PARTNER_MANAGE, "partners_action" },
    { "GET", "/api/v1/partners/{id}/contact", api_partners_contact, GW_ROLES_PARTNER_MANAGE, "partners_contact" },
    { "POST", "/api/v1/resident/partner", api_resident_partner_apply, RESIDENT, "resident_partner_apply" },
    { "GET", "/api/v1/resident/partner", api_resident_partner_mine, RESIDENT, "resident_partner_mine" },
    /* the credit file (partners/credit_api.h) */
    { "GET", "/api/v1/partners/{id}/credit", api_partners_credit, GW_ROLES_PARTNER_VIEW, "partners_credit" },
    { "GET", "/api/v1/partners/{id}/certificates", api_partners_certs, GW_ROLES_PARTNER_VIEW, "partners_certs" },
    { "POST", "/api/v1/partners/{id}/certificates", api_partners_cert_issue, GW_ROLES_PARTNER_MANAGE, "partners_cert_issue" },
    { "GET", "/api/v1/certificates/{id}", api_cert_get, GW_ROLES_PARTNER_VIEW, "cert_get" },
    { "POST", "/api/v1/certificates/{id}/revoke", api_cert_revoke, GW_ROLES_PARTNER_MANAGE, "cert_revoke" },
    { "GET", "/api/v1/credit/ranking", api_credit_ranking, GW_ROLES_PARTNER_VIEW, "credit_ranking" },
    { "GET", "/api/v1/credit/ranking.xlsx", api_credit_ranking_xlsx, GW_ROLES_PARTNER_VIEW, "credit_ranking_xlsx" },
    { "GET", "/api/v1/resident/credit", api_resident_credit, RESIDENT, "resident_credit" },
    { "GET", "/api/v1/resident/certificates/{id}", api_resident_cert_get, RESIDENT, "resident_cert_get" },
    /* needs -> projects (partners/survey_api.h, partners/project_api.h) */
    { "GET", "/api/v1/surveys", api_surveys_list, GW_ROLES_PARTNER_VIEW, "surveys_list" },
    { "POST", "/api/v1/surveys", api_surveys_create, GW_ROLES_PARTNER_MANAGE, "surveys_create" },
    { "GET", "/api/v1/surveys/{id}", api_surveys_get, GW_ROLES_PARTNER_VIEW, "surveys_get" },
    { "GET", "/api/v1/surveys/{id}/results", api_surveys_results, GW_ROLES_PARTNER_VIEW, "surveys_results" },
    { "GET", "/api/v1/visits", api_visits_list, GW_ROLES_PARTNER_VIEW, "visits_list" },
    { "POST", "/api/v1/visits", api_visits_create, GW_ROLES_PARTNER_MANAGE, "visits_create" },
    { "GET", "/api/v1/projects", api_projects_list, GW_ROLES_PARTNER_VIEW, "projects_list" },
    { "POST", "/api/v1/projects", api_projects_create, GW_ROLES_PARTNER_MANAGE, "projects_create" },
    { "GET", "/api/v1/projects/{id}", api_projects_get, GW_ROLES_PARTNER_VIEW, "projects_get" },
    { "POST", "/api/v1/projects/{id}/actions", api_projects_action, GW_ROLES_PARTNER_MANAGE, "projects_action" },
    { "PUT", "/api/v1/projects/{id}/representatives", api_projects_reps, GW_ROLES_PARTNER_MANAGE, "projects_reps" },
    { "POST", "/api/v1/projects/{id}/claims/{claim}/actions", api_projects_claim_action, GW_ROLES_PARTNER_MANAGE,
      "projects_claim_action" },
    { "POST", "/api/v1/projects/{id}/evaluations", api_projects_evaluate, GW_ROLES_PARTNER_MANAGE, "projects_evaluate" },
    { "GET", "/api/v1/projects/{id}/photos/{sha}", api_projects_photo, GW_ROLES_PARTNER_VIEW, "projects_photo" },
    { "GET", "/api/v1/resident/surveys", api_resident_surveys_list, RESIDENT, "resident_surveys_list" },
    { "GET", "/api/v1/resident/surveys/{id}", api_resident_surveys_get, RESIDENT, "resident_surveys_get" },
    { "POST", "/api/v1/resident/surveys/{id}/answers", api_resident_survey_answer, RESIDENT, "resident_survey_answer" },
    { "GET", "/api/v1/resident/projects", api_resident_projects_list, RESIDENT, "resident_projects_list" },
    { "GET", "/api/v1/resident/projects/{id}", api_resident_projects_get, RESIDENT, "resident_projects_get" },
    { "GET", "/api/v1/resident/projects/{id}/photos/{sha}", api_resident_project_photo, RESIDENT,
      "resident_project_photo" },
    { "POST", "/api/v1/resident/projects/{id}/claims", api_resident_project_claim, RESIDENT, "resident_project_claim" },
    { "POST", "/api/v1/resident/projects/{id}/progress", api_resident_project_progress, RESIDENT,
      "resident_project_progress" },
    { "POST", "/api/v1/resident/projects/{id}/evaluation", api_resident_project_evaluate, RESIDENT,
      "resident_project_evaluate" },

    /* 兑换目录与订单 (partners/catalogue_api.h) */
    { "GET", "/api/v1/catalogue", api_catalogue_list, GW_ROLES_PARTNER_VIEW, "catalogue_list" },
    { "POST", "/api/v1/catalogue", api_catalogue_create, GW_ROLES_PARTNER_MANAGE, "catalogue_create" },
    { "GET", "/api/v1/catalogue/{id}", api_catalogue_get, GW_ROLES_PARTNER_VIEW, "catalogue_get" },
    { "PUT", "/api/v1/catalogue/{id}", api_catalogue_update, GW_ROLES_PARTNER_MANAGE, "catalogue_update" },
    { "POST", "/api/v1/catalogue/{id}/stock", api_catalogue_stock, GW_ROLES_PARTNER_MANAGE, "catalogue_stock" },
    { "POST", "/api/v1/catalogue/{id}/slots", api_catalogue_slot, GW_ROLES_PARTNER_MANAGE, "catalogue_slot" },
    { "GET", "/api/v1/orders", api_orders_list, GW_ROLES_PARTNER_VIEW, "orders_list" },
    { "GET", "/api/v1/orders/{id}", api_orders_get, GW_ROLES_PARTNER_VIEW, "orders_get" },
    { "POST", "/api/v1/orders/{id}/actions", api_orders_action, GW_ROLES_PARTNER_MANAGE, "orders_action" },
    { "GET", "/api/v1/resident/catalogue", api_resident_catalogue, RESIDENT, "resident_catalogue" },
    { "GET", "/api/v1/resident/orders", api_resident_orders, RESIDENT, "resident_orders" },
    { "POST", "/api/v1/resident/orders", api_resident_redeem, RESIDENT, "resident_redeem" },
    { "POST", "/api/v1/resident/orders/{id}/cancel", api_resident_order_cancel, RESIDENT, "resident_order_cancel" },
    { "POST", "/api/v1/resident/merchant/verify", api_resident_merchant_verify, RESIDENT, "resident_merchant_verify" },
    /* 积分规则 and 服务记录 (partners/earn_api.h) */
    { "GET", "/api/v1/earn-rules", api_earn_rules_list, GW_ROLES_PARTNER_VIEW, "earn_rules_list" },
    { "POST", "/api/v1/earn-rules", api_earn_rules_create, GW_ROLES_PARTNER_MANAGE, "earn_rules_create" },
    { "PUT", "/api/v1/earn-rules/{id}", api_earn_rules_update, GW_ROLES_PARTNER_MANAGE, "earn_rules_update" },
    { "GET", "/api/v1/service-records", api_service_records_list, GW_ROLES_PARTNER_VIEW, "service_records_list" },
    { "POST", "/api/v1/service-records", api_service_records_create, GW_ROLES_PARTNER_MANAGE, "service_records_create" },
    { "GET", "/api/v1/service-records/{id}", api_service_records_get, GW_ROLES_PARTNER_VIEW, "service_records_get" },
    { "POST", "/api/v1/service-records/{id}/actions", api_service_records_action, GW_ROLES_PARTNER_MANAGE, "service_records_action" },
    { "GET", "/api/v1/resident/service-records", api_resident_service_records, RESIDENT, "resident_service_records" },
    { "POST", "/api/v1/resident/service-records/{id}/confirm", api_resident_service_record_confirm, RESIDENT, "resident_service_record_confirm" },
    { "POST", "/api/v1/resident/service-records/{id}/reject", api_resident_service_record_reject, RESIDENT, "resident_service_record_reject" },
    { "GET", "/api/v1/activities", api_activities_list, GW_ROLES_PARTNER_VIEW, "activities_list" },
    { "POST", "/api/v1/activities", api_activities_create, GW_ROLES_PARTNER_MANAGE, "activities_create" },
    { "GET", "/api/v1/activities/{id}/code", api_activities_code, GW_ROLES_PARTNER_MANAGE, "activities_code" },
    { "GET", "/api/v1/resident/activities", api_resident_activities, RESIDENT, "resident_activities" },
    { "POST", "/api/v1/resident/activities/{id}/sign-in", api_resident_sign_in, RESIDENT, "resident_sign_in" },
    { "POST", "/api/v1/resident/activities/{id}/sign-out", api_resident_sign_out, RESIDENT, "resident_sign_out" },
    { "GET", "/api/v1/resident/points", api_resident_points, RESIDENT, "resident_points" },
    { "POST", "/api/v1/resident/gifts", api_resident_gift, RESIDENT, "resident_gift" },
    { "POST", "/api/v1/ledger/exchanges", api_earn_exchange, GW_ROLES_LEDGER_MANAGE, "earn_exchange" },
    { "GET", "/api/v1/earn-settings/{id}", api_earn_settings_get, GW_ROLES_PARTNER_VIEW, "earn_settings_get" },
    { "PUT", "/api/v1/earn-settings/{id}", api_earn_settings_put, GW_ROLES_PARTNER_MANAGE, "earn_settings_put" },

    { "GET", "/open311/v2/discovery.json", api_o311_discovery, GW_PERM_PUBLIC, "o311_discovery" },
    { "GET", "/open311/v2/discovery.xml", api_o311_discovery, GW_PERM_PUBLIC, "o311_discovery" },
    { "GET", "/open311/v2/services.json", api_o311_services, GW_PERM_PUBLIC, "o311_services" },
    { "GET", "/open311/v2/services.xml", api_o311_services, GW_PERM_PUBLIC, "o311_services" },
    { "GET", "/open311/v2/services/{file}", api_o311_service_def, GW_PERM_PUBLIC, "o311_service_def" },
    { "GET", "/open311/v2/requests.json", api_o311_requests_get, GW_PERM_PUBLIC, "o311_requests_get" },
    { "GET", "/open311/v2/requests.xml", api_o311_requests_get, GW_PERM_PUBLIC, "o311_requests_get" },
    { "POST", "/open311/v2/requests.json", api_o311_requests_post, GW_PERM_PUBLIC, "o311_requests_post" },
    { "POST", "/open311/v2/requests.xml", api_o311_requests_post, GW_PERM_PUBLIC, "o311_requests_post" },
    { "GET", "/open311/v2/requests/{file}", api_o311_request_get, GW_PERM_PUBLIC, "o311_request_get" },
    { "GET", "/open311/v2/tokens/{file}", api_o311_token_get, GW_PERM_PUBLIC, "o311_token_get" },
    { "PUT", "/api/v1/units/{id}/parent", api_unit_parent_set, GW_PERM_ADMIN, "units_parent" },
    { "GET", "/api/v1/units/{id}/subunits", api_unit_subunits, GW_PERM_STAFF, "units_subunits" },
    { "GET", "/api/v1/audit", api_audit_list, GW_ROLES_AUDIT, "audit_list" },
    { "POST", "/api/v1/audit/verify", api_audit_verify, GW_ROLES_AUDIT, "audit_verify" },
    { "POST", "/api/v1/tickets/{id}/urge", api_ticket_urge, ACTORS, "tickets_urge" },
    { "POST", "/api/v1/tickets/{id}/revisit", api_ticket_revisit, ACTORS, "tickets_revisit" },
    { "GET", "/api/v1/tickets/{id}/duplicates", api_ticket_duplicates, GW_PERM_STAFF, "tickets_duplicates" },
    { "POST", "/api/v1/tickets/duplicates", api_draft_duplicates, WRITERS, "tickets_draft_duplicates" },
    { "GET", "/api/v1/public/duplicates", api_public_duplicates, GW_PERM_PUBLIC, "public_duplicates" },
    { "POST", "/api/v1/tickets/{id}/merge", api_ticket_merge, GW_ROLES_DISPATCH, "tickets_merge" },
    { "POST", "/api/v1/tickets/{id}/unmerge", api_ticket_unmerge, GW_ROLES_SUPERVISE, "tickets_unmerge" },
    { "PUT", "/api/v1/categories/{id}/duplicates", api_category_duplicates, GW_PERM_ADMIN, "categories_duplicates" },
    { "POST", "/api/v1/tickets/{id}/assists", api_ticket_assists_add, GW_ROLES_DISPATCH, "tickets_assists_add" },
    { "POST", "/api/v1/tickets/{id}/assists/{aid}/actions", api_ticket_assist_action, ACTORS, "tickets_assist_action" },
    { "GET", "/api/v1/dictionaries", api_dict_list, GW_PERM_STAFF, "dicts_list" },
    { "PUT", "/api/v1/dictionaries/{dict}/{code}", api_dict_set, GW_PERM_ADMIN, "dicts_set" },
    { "DELETE", "/api/v1/dictionaries/{dict}/{code}", api_dict_reset, GW_PERM_ADMIN, "dicts_reset" },

    { "GET", "/api/v1/device-types", api_dtype_list, GW_ROLES_IOT_VIEW, "dtypes_list" },
    { "POST", "/api/v1/device-types", api_dtype_create, GW_ROLES_IOT_MANAGE, "dtypes_create" },
    { "GET", "/api/v1/device-types/{code}", api_dtype_get, GW_ROLES_IOT_VIEW, "dtypes_get" },
    { "PUT", "/api/v1/device-types/{code}", api_dtype_update, GW_ROLES_IOT_MANAGE, "dtypes_update" },
    { "GET", "/api/v1/devices", api_device_list, GW_ROLES_IOT_VIEW, "devices_list" },
    { "POST", "/api/v1/devices", api_device_create, GW_ROLES_IOT_MANAGE, "devices_create" },
    { "POST", "/api/v1/devices/import", api_device_import, GW_ROLES_IOT_MANAGE, "devices_import" },
    { "GET", "/api/v1/devices/{id}", api_device_get, GW_ROLES_IOT_VIEW, "devices_get" },
    { "PUT", "/api/v1/devices/{id}", api_device_update, GW_ROLES_IOT_MANAGE, "devices_update" },
    { "DELETE", "/api/v1/devices/{id}", api_device_delete, GW_ROLES_IOT_MANAGE, "devices_delete" },
    { "POST", "/api/v1/devices/{id}/secret", api_device_secret, GW_ROLES_IOT_MANAGE, "devices_secret" },
    { "GET", "/api/v1/devices/{id}/readings", api_device_readings, GW_ROLES_IOT_VIEW, "devices_readings" },
    { "GET", "/api/v1/iot/summary", api_iot_summary, GW_ROLES_IOT_VIEW, "iot_summary" },
    { "GET", "/api/v1/alarms", api_alarm_list, GW_ROLES_IOT_VIEW, "alarms_list" },
    { "POST", "/api/v1/alarms/{id}/ack", api_alarm_ack, GW_ROLES_IOT_VIEW, "alarms_ack" },
    { "POST", "/api/v1/iot/events", api_iot_events, GW_PERM_DEVICE, "iot_events" },
    { "POST", "/api/v1/iot/video-events", api_iot_video, GW_PERM_DEVICE, "iot_video" },
    { "GET", "/api/v1/ledger/accounts", api_ledger_accounts, GW_ROLES_LEDGER_VIEW, "ledger_accounts" },
    { "POST", "/api/v1/ledger/accounts", api_ledger_account_open, GW_ROLES_LEDGER_MANAGE, "ledger_account_open" },
    { "GET", "/api/v1/ledger/accounts/{id}", api_ledger_account, GW_ROLES_LEDGER_VIEW, "ledger_account" },
    { "GET", "/api/v1/ledger/transfers", api_ledger_transfers, GW_ROLES_LEDGER_VIEW, "ledger_transfers" },
    { "POST", "/api/v1/ledger/transfers", api_ledger_transfer, GW_ROLES_LEDGER_MANAGE, "ledger_transfer" },
    { "POST", "/api/v1/ledger/transfers/{id}/post", api_ledger_post, GW_ROLES_LEDGER_MANAGE, "ledger_post" },
    { "POST", "/api/v1/ledger/transfers/{id}/void", api_ledger_void, GW_ROLES_LEDGER_MANAGE, "ledger_void" },
};

const size_t gw_n_routes = sizeof gw_routes / sizeof gw_routes[0];

int gw_route_match(const char *pattern, const char *path, const char **params, int *n, char *buf, size_t bufn)
{
    size_t used = 0;
    int k = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            size_t len = strcspn(s, "/");
            if (!pe || len == 0 || k == GW_MAX_PARAMS || used + len + 1 > bufn) return 0;
            memcpy(buf + used, s, len);
            buf[used + len] = 0;
            params[k++] = buf + used;
            used += len + 1;
            p = pe + 1;
            s += len;
        } else if (*p++ != *s++) return 0;
    }
    if (*p || *s) return 0;
    *n = k;
    return 1;
}

gw_route_verdict gw_route_find(const gw_route *routes, size_t n, const char *method, const char *path, gw_req *r,
                               char *buf, size_t bufn, size_t *index, char *allow, size_t allown)
{
    int path_found = 0, k;
    for (size_t i = 0; i < n; i++) {
        if (!gw_route_match(routes[i].pattern, path, r->params, &k, buf, bufn)) continue;
        path_found = 1;
        if (strcmp(routes[i].method, method) != 0) continue;
        r->n_params = k;
        *index = i;
        return GW_ROUTE_FOUND;
    }
    if (!path_found) return GW_ROUTE_NONE;
    if (allown) allow[0] = 0;
    for (size_t i = 0; i < n && allown; i++) {
        if (!gw_route_match(routes[i].pattern, path, r->params, &k, buf, bufn)) continue;
        size_t used = strlen(allow), ml = strlen(routes[i].method);
        int seen = 0;
        for (const char *a = allow; !seen && (a = strstr(a, routes[i].method)) != NULL; a += ml)
            seen = (a == allow || a[-1] == ' ') && (a[ml] == ',' || a[ml] == 0);
        if (seen || used + (used ? 2 : 0) + ml + 1 > allown) continue;
        if (used) memcpy(allow + used, ", ", 2), used += 2;
        memcpy(allow + used, routes[i].method, ml + 1);
    }
    r->n_params = 0;
    return GW_ROUTE_METHOD;
}
