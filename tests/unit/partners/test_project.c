/* tests/unit/partners/test_project.c — partners/project.c: every cell of status x action against a table
 * written out by hand; the rubric and the parties' weights; the weighted evaluation with worked numbers;
 * the awards against the budget. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "partners/project.h"

#define NO (-1)

/* want[from][action]: the status after, or NO (GW_E_CONFLICT). */
static const int want[GW_PJ__COUNT][GW_PJA__COUNT] = {
    /*                    publish          assign          start               deliver          evaluate
     *                    close            cancel */
    [GW_PJ_DRAFT] = { GW_PJ_PUBLISHED, NO, NO, NO, NO, NO, GW_PJ_CANCELLED },
    [GW_PJ_PUBLISHED] = { NO, GW_PJ_CLAIMED, NO, NO, NO, NO, GW_PJ_CANCELLED },
    [GW_PJ_CLAIMED] = { NO, GW_PJ_CLAIMED, GW_PJ_IN_PROGRESS, NO, NO, NO, GW_PJ_CANCELLED },
    [GW_PJ_IN_PROGRESS] = { NO, NO, NO, GW_PJ_DELIVERED, NO, NO, GW_PJ_CANCELLED },
    [GW_PJ_DELIVERED] = { NO, NO, NO, NO, GW_PJ_EVALUATED, NO, NO },
    [GW_PJ_EVALUATED] = { NO, NO, NO, NO, NO, GW_PJ_CLOSED, NO },
    [GW_PJ_CLOSED] = { NO, NO, NO, NO, NO, NO, NO },
    [GW_PJ_CANCELLED] = { NO, NO, NO, NO, NO, NO, NO },
};

static void every_transition(void **state)
{
    (void)state;
    int legal = 0;
    for (int s = 0; s < GW_PJ__COUNT; s++)
        for (int a = 0; a < GW_PJA__COUNT; a++) {
            gw_project_status to = (gw_project_status)99;
            gw_err e = gw_project_step((gw_project_status)s, (gw_project_action)a, &to);
            if (want[s][a] == NO) {
                assert_int_equal(e, GW_E_CONFLICT);
                assert_int_equal(to, 99);
            } else {
                assert_int_equal(e, GW_OK);
                assert_int_equal(to, want[s][a]);
                legal++;
            }
        }
    assert_int_equal(legal, 11);
    gw_project_status to = GW_PJ_DRAFT;
    assert_int_equal(gw_project_step((gw_project_status)GW_PJ__COUNT, GW_PJA_PUBLISH, &to), GW_E_INVALID);
    assert_int_equal(gw_project_step(GW_PJ_DRAFT, (gw_project_action)-1, &to), GW_E_INVALID);
    assert_int_equal(gw_project_step(GW_PJ_DRAFT, GW_PJA__COUNT, &to), GW_E_INVALID);
    assert_int_equal(to, GW_PJ_DRAFT);
}

static void names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < GW_PJ__COUNT; i++) assert_int_equal(gw_project_status_parse(gw_project_status_name(i)), i);
    for (int i = 0; i < GW_PJA__COUNT; i++) assert_int_equal(gw_project_action_parse(gw_project_action_name(i)), i);
    for (int i = 0; i < GW_CL__COUNT; i++) assert_int_equal(gw_claim_status_parse(gw_claim_status_name(i)), i);
    for (int i = 0; i < GW_EP__COUNT; i++) assert_int_equal(gw_eval_party_parse(gw_eval_party_name(i)), i);
    assert_string_equal(gw_project_status_name(GW_PJ_IN_PROGRESS), "in_progress");
    assert_string_equal(gw_eval_party_name(GW_EP_THIRD), "third_party");
    assert_int_equal(gw_project_status_parse("Draft"), -1);
    assert_int_equal(gw_project_status_parse(NULL), -1);
    assert_string_equal(gw_project_status_name(GW_PJ__COUNT), "unknown");
    assert_true(gw_project_visible(GW_PJ_PUBLISHED) && gw_project_visible(GW_PJ_CLOSED));
    assert_false(gw_project_visible(GW_PJ_DRAFT) || gw_project_visible(GW_PJ_CANCELLED));
}

static void rubric_shape(void **state)
{
    (void)state;
    char msg[200];
    gw_rubric r;
    gw_rubric_default(&r);
    assert_int_equal(r.n, 4);
    assert_string_equal(r.name[0], "目标达成");
    assert_int_equal(gw_rubric_check(&r, msg, sizeof msg), GW_OK);
    r.weight[3] = 11; /* 101 */
    assert_int_equal(gw_rubric_check(&r, msg, sizeof msg), GW_E_INVALID);
    assert_string_equal(msg, "the criteria's weights must sum to 100");
    r.weight[3] = 10;
    strcpy(r.name[3], "目标达成");
    assert_int_equal(gw_rubric_check(&r, msg, sizeof msg), GW_E_INVALID);
    strcpy(r.name[3], "资源:节约");
    assert_int_equal(gw_rubric_check(&r, msg, sizeof msg), GW_E_INVALID);
    strcpy(r.name[3], "资源,节约");
    assert_int_equal(gw_rubric_check(&r, msg, sizeof msg), GW_E_INVALID);
    strcpy(r.name[3], "   ");
    assert_int_equal(gw_rubric_check(&r, msg, sizeof msg), GW_E_INVALID);
    strcpy(r.name[3], "资源节约资源节约资源节约资源节约资源节约资"); /* 21 characters */
    assert_int_equal(gw_rubric_check(&r, msg, sizeof msg), GW_E_INVALID);
    gw_rubric one = { .n = 1, .name = { "总体" }, .weight = { 100 } };
    assert_int_equal(gw_rubric_check(&one, msg, sizeof msg), GW_OK);
    one.weight[0] = 0;
    assert_int_equal(gw_rubric_check(&one, msg, sizeof msg), GW_E_INVALID);
    one.n = 0;
    assert_int_equal(gw_rubric_check(&one, msg, sizeof msg), GW_E_INVALID);
    one.n = GW_PROJECT_CRITERIA_MAX + 1;
    assert_int_equal(gw_rubric_check(&one, msg, sizeof msg), GW_E_INVALID);

    int w[GW_EP__COUNT] = { 40, 30, 30 };
    assert_int_equal(gw_party_weights_check(w, msg, sizeof msg), GW_OK);
    w[2] = 0, w[1] = 60;
    assert_int_equal(gw_party_weights_check(w, msg, sizeof msg), GW_OK); /* a party may weigh nothing */
    w[1] = 59;
    assert_int_equal(gw_party_weights_check(w, msg, sizeof msg), GW_E_INVALID);
    int neg[GW_EP__COUNT] = { 110, -10, 0 };
    assert_int_equal(gw_party_weights_check(neg, msg, sizeof msg), GW_E_INVALID);
}

/* Worked numbers, by hand, on the default rubric 目标达成 40 / 居民满意 30 / 过程规范 20 / 资源节约 10
 * and the parties 40 / 30 / 30:
 *   representative A: 90 80 70 60 -> 3600 + 2400 + 1400 + 600 = 8000 (80.00)
 *   representative B: 85 95 75 65 -> 3400 + 2850 + 1500 + 650 = 8400 (84.00)
 *   residents' mean = 8200 (82.00)
 *   staff:            80 80 90 100 -> 3200 + 2400 + 1800 + 1000 = 8400 (84.00)
 *   third party:      70 75 80 85 -> 2800 + 2250 + 1600 + 850 = 7500 (75.00)
 *   result = (40 x 8200 + 30 x 8400 + 30 x 7500) / 100 = (328000 + 252000 + 225000) / 100 = 8050 (80.50) */
static void weighted_result(void **state)
{
    (void)state;
    char msg[200];
    gw_rubric r;
    gw_rubric_default(&r);
    int64_t a, b, s, t;
    assert_int_equal(gw_eval_card_total(&r, (int[]){ 90, 80, 70, 60 }, 4, &a, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_eval_card_total(&r, (int[]){ 85, 95, 75, 65 }, 4, &b, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_eval_card_total(&r, (int[]){ 80, 80, 90, 100 }, 4, &s, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_eval_card_total(&r, (int[]){ 70, 75, 80, 85 }, 4, &t, msg, sizeof msg), GW_OK);
    assert_int_equal(a, 8000);
    assert_int_equal(b, 8400);
    assert_int_equal(s, 8400);
    assert_int_equal(t, 7500);
    int w[GW_EP__COUNT] = { 40, 30, 30 }, cards[GW_EP__COUNT] = { 2, 1, 1 };
    int64_t sum[GW_EP__COUNT] = { a + b, s, t }, party[GW_EP__COUNT], result = -1;
    assert_int_equal(gw_eval_result(w, sum, cards, party, &result, msg, sizeof msg), GW_OK);
    assert_int_equal(party[GW_EP_RESIDENTS], 8200);
    assert_int_equal(party[GW_EP_STAFF], 8400);
    assert_int_equal(party[GW_EP_THIRD], 7500);
    assert_int_equal(result, 8050);

    /* rounding half up: three representatives 8000, 8000, 8001 -> 24001 / 3 = 8000.33 -> 8000; with
     * parties 34 / 33 / 33 and 8000, 8001, 8001: (272000 + 264033 + 264033) / 100 = 8000.66 -> 8001 */
    int w2[GW_EP__COUNT] = { 34, 33, 33 }, cards2[GW_EP__COUNT] = { 3, 1, 1 };
    int64_t sum2[GW_EP__COUNT] = { 24001, 8001, 8001 };
    assert_int_equal(gw_eval_result(w2, sum2, cards2, party, &result, msg, sizeof msg), GW_OK);
    assert_int_equal(party[0], 8000);
    assert_int_equal(result, 8001);
    /* 2 cards summing 8001 -> 4000.5 -> 4001 */
    int64_t sum3[GW_EP__COUNT] = { 8001, 0, 0 };
    int w3[GW_EP__COUNT] = { 100, 0, 0 }, cards3[GW_EP__COUNT] = { 2, 0, 0 };
    assert_int_equal(gw_eval_result(w3, sum3, cards3, NULL, &result, msg, sizeof msg), GW_OK);
    assert_int_equal(result, 4001); /* a party weighing nothing need not evaluate */

    /* a party with weight and no card yet: refused, naming it */
    cards[GW_EP_THIRD] = 0;
    result = -1;
    assert_int_equal(gw_eval_result(w, sum, cards, party, &result, msg, sizeof msg), GW_E_CONFLICT);
    assert_string_equal(msg, "the third_party have not evaluated yet");
    assert_int_equal(result, -1);

    /* a card of the wrong length or a score out of range */
    assert_int_equal(gw_eval_card_total(&r, (int[]){ 90, 80, 70 }, 3, &a, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_eval_card_total(&r, (int[]){ 90, 80, 70, 101 }, 4, &a, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_eval_card_total(&r, (int[]){ -1, 80, 70, 60 }, 4, &a, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_eval_card_total(&r, (int[]){ 100, 100, 100, 100 }, 4, &a, msg, sizeof msg), GW_OK);
    assert_int_equal(a, 10000);
}

static void awards_within_budget(void **state)
{
    (void)state;
    char msg[200];
    assert_int_equal(gw_project_awards_check(500, (int64_t[]){ 300, 200 }, 2, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_project_awards_check(500, (int64_t[]){ 300, 0 }, 2, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_project_awards_check(500, NULL, 0, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_project_awards_check(500, (int64_t[]){ 300, 201 }, 2, msg, sizeof msg), GW_E_CONFLICT);
    assert_string_equal(msg, "the awards exceed the budget of 500 points");
    assert_int_equal(gw_project_awards_check(500, (int64_t[]){ 501 }, 1, msg, sizeof msg), GW_E_CONFLICT);
    assert_int_equal(gw_project_awards_check(500, (int64_t[]){ INT64_MAX, INT64_MAX }, 2, msg, sizeof msg),
                     GW_E_CONFLICT); /* no overflow */
    assert_int_equal(gw_project_awards_check(500, (int64_t[]){ 10, -5 }, 2, msg, sizeof msg), GW_E_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_transition), cmocka_unit_test(names_round_trip), cmocka_unit_test(rubric_shape),
        cmocka_unit_test(weighted_result),  cmocka_unit_test(awards_within_budget),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
