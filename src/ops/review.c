/* ops/review.c — see review.h. */
#include "ops/review.h"

#include <stddef.h>

gw_review_decision gw_review_decide(double p, double t) { return p >= t ? GW_REVIEW_AUTO : GW_REVIEW_QUEUE; }

gw_review_outcome gw_review_outcome_of(int was_auto, int64_t had_category, int64_t chosen_category)
{
    gw_review_outcome o = { "confirmed", 0, NULL };
    if (had_category == chosen_category) return o;
    o.state = "corrected";
    o.corrected = 1;
    o.example_source = was_auto ? "redispatch" : "review";
    return o;
}

int gw_review_not_worse(double new_f1, double active_f1) { return active_f1 < 0 || new_f1 >= active_f1; }
