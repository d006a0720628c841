/* ops/review_api.h — the 复核队列 over HTTP (rules in review_svc.h). */
#ifndef GW_OPS_REVIEW_API_H
#define GW_OPS_REVIEW_API_H

#include "core/api.h"
#include "ops/review.h"
#include "ops/ticket_svc.h"

/* A report's category: the one given (category_id or category_code; *id -1 when the body had no
 * category_id), or, when neither is given and a model is active, the classifier's (rep->cls = cls). Fails
 * the request as api_category_of does. */
gw_err api_report_category(gw_req *r, const char *code, json_int_t *id, gw_report *rep, gw_intake_class *cls);

gw_err api_review_queue(gw_req *r);
gw_err api_ticket_classify(gw_req *r);
gw_err api_classifier_examples(gw_req *r);
gw_err api_classifier_retrain(gw_req *r);
gw_err api_classifier_stats(gw_req *r);

#endif
