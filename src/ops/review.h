/* ops/review.h — the 复核队列's rules, pure (no I/O): whether the classifier's answer for a report that
 * came without a category is trusted (auto) or goes to a dispatcher (review); what a dispatcher's
 * decision on it records; whether a retrained model may replace the active one. */
#ifndef GW_OPS_REVIEW_H
#define GW_OPS_REVIEW_H

#include <stdint.h>

#define GW_REVIEW_THRESHOLD_DEFAULT 0.80 /* classify_auto_threshold: 94.9% precise, 77% of reports (docs/benchmarks.md) */
#define GW_REVIEW_SUGGESTIONS_BYTES 4096 /* the stored top-3 with their n-grams, JSON */

typedef enum { GW_REVIEW_AUTO = 0, GW_REVIEW_QUEUE } gw_review_decision;

/* What intake knows about a report the classifier categorised (gw_report.cls): the decision, the model,
 * the top suggestion's probability and the top-3 as JSON text (what the machine said then). */
typedef struct {
    gw_review_decision decision;
    int64_t model_id;
    double probability;
    char suggestions[GW_REVIEW_SUGGESTIONS_BYTES];
} gw_intake_class;

/* Auto when the top probability p is at or above threshold t (a threshold above 1 never trusts). */
gw_review_decision gw_review_decide(double p, double t);

/* A dispatcher's decision on a classified ticket: the category it had (from the machine) and the one
 * chosen. The row's new state ("confirmed" or "corrected"), whether it counts as a correction of the
 * machine, and the labelled example's source ("review" for a queued ticket, "redispatch" for one the
 * machine routed and a unit returned) — NULL when nothing is to be recorded (a confirmation). */
typedef struct {
    const char *state;
    int corrected;
    const char *example_source;
} gw_review_outcome;
gw_review_outcome gw_review_outcome_of(int was_auto, int64_t had_category, int64_t chosen_category);

/* Whether a model measured at new_f1 on a dev set may replace the active one measured at active_f1 on the
 * same set: not worse (>=); any model replaces none (active_f1 < 0). */
int gw_review_not_worse(double new_f1, double active_f1);

#endif
