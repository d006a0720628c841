/* ops/review.c: the 复核队列's pure rules — the threshold decision at its edge, what a dispatcher's decision
 * records (confirm: nothing; a queued ticket corrected: a review example; a machine-routed one corrected
 * after 退单: a redispatch example), and the not-worse rule for activating a retrained model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ops/review.h"

static void test_decide(void **state)
{
    (void)state;
    assert_int_equal(gw_review_decide(0.60, 0.60), GW_REVIEW_AUTO); /* at the threshold: trusted */
    assert_int_equal(gw_review_decide(0.5999999, 0.60), GW_REVIEW_QUEUE);
    assert_int_equal(gw_review_decide(1.0, 0.60), GW_REVIEW_AUTO);
    assert_int_equal(gw_review_decide(0.0, 0.0), GW_REVIEW_AUTO);    /* threshold 0: everything routed */
    assert_int_equal(gw_review_decide(1.0, 1.01), GW_REVIEW_QUEUE);  /* above 1: nothing routed */
    assert_int_equal(gw_review_decide(GW_REVIEW_THRESHOLD_DEFAULT, GW_REVIEW_THRESHOLD_DEFAULT), GW_REVIEW_AUTO);
}

static void test_outcome(void **state)
{
    (void)state;
    gw_review_outcome o = gw_review_outcome_of(0, 7, 7); /* queued, confirmed as the machine said */
    assert_string_equal(o.state, "confirmed");
    assert_int_equal(o.corrected, 0);
    assert_null(o.example_source);
    o = gw_review_outcome_of(0, 7, 9); /* queued, another category chosen */
    assert_string_equal(o.state, "corrected");
    assert_int_equal(o.corrected, 1);
    assert_string_equal(o.example_source, "review");
    o = gw_review_outcome_of(1, 7, 9); /* routed by the machine, returned, re-dispatched elsewhere */
    assert_string_equal(o.state, "corrected");
    assert_int_equal(o.corrected, 1);
    assert_string_equal(o.example_source, "redispatch");
    o = gw_review_outcome_of(1, 7, 7); /* returned, but the category stands: no example, no misroute */
    assert_string_equal(o.state, "confirmed");
    assert_int_equal(o.corrected, 0);
    assert_null(o.example_source);
}

static void test_not_worse(void **state)
{
    (void)state;
    assert_true(gw_review_not_worse(0.80, 0.80));  /* equal: not worse */
    assert_true(gw_review_not_worse(0.81, 0.80));
    assert_false(gw_review_not_worse(0.79, 0.80));
    assert_true(gw_review_not_worse(0.10, -1));    /* no active model: any model */
    assert_false(gw_review_not_worse(0.0, 0.0001));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_outcome),
        cmocka_unit_test(test_not_worse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
