/* ops/review_svc.h — 人机协同 in the ticket loop: a report without a category is classified at intake
 * (auto at or above the configured confidence, else the 复核队列), a dispatcher confirms or corrects the
 * machine's category (each correction a labelled example), the retraining job, and the counts /metrics
 * and the console show. */
#ifndef GW_OPS_REVIEW_SVC_H
#define GW_OPS_REVIEW_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "base/str.h"
#include "core/auth.h"
#include "core/jobs.h"
#include "db/store.h"
#include "ops/review.h"
#include "ops/review_store.h"
#include "ops/ticket_store.h"

#define GW_RETRAIN_JOB "classify_retrain"

/* The confidence at or above which intake trusts the classifier (config classify_auto_threshold). */
void gw_review_set_threshold(double t);
double gw_review_threshold(void);

/* Classify a report's text at intake: *category_id the most probable suggestion that names a category
 * (provisional when queued), *c what to store with the ticket. GW_E_UNAVAILABLE when no model is active
 * or none of its top suggestions is a category here (the caller then asks for a category as before). */
gw_err gw_review_intake(gw_store *s, const char *text, int64_t *category_id, gw_intake_class *c);

/* A dispatcher's decision on ticket id (POST /api/v1/tickets/{id}/classify): a queued ticket (reported or
 * accepted) is confirmed in the machine's category or corrected to another; a machine-routed ticket a unit
 * returned (退单) is re-categorised. The category and the decision commit together, a correction with its
 * labelled example; then the ticket is accepted and dispatched by the routing table as a dispatcher's
 * dispatch would be (*routed 0 when no rule or fallback covers it: it waits, categorised, for a person).
 * GW_E_NOT_FOUND not visible; GW_E_FORBIDDEN role; GW_E_CONFLICT not classified at intake, not waiting
 * for this, or changed meanwhile (expect_version, 0 = any); GW_E_INVALID no such category (msg). */
gw_err gw_review_classify(gw_store *s, const gw_principal *who, int64_t id, int64_t category_id,
                          int64_t expect_version, gw_ticket_row *row, int *routed, char *msg, size_t msgn);

/* The retraining job (every `seconds`; 0 = off: the caller leaves it out). */
gw_job gw_review_retrain_job(int seconds);

/* /metrics: the totals since the start of the database (gridwork_classify_auto_total, _review_total,
 * _corrected_total, _examples_total). arg is the gw_store. */
void gw_review_metrics(void *arg, gw_buf *b);

#endif
