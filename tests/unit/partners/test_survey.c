/* tests/unit/partners/test_survey.c — partners/survey.c: the questions' shape, answer validation for each
 * kind of question, the window, the tally and the percentages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "partners/survey.h"

static const gw_survey_q qs[] = {
    { GW_SQ_SINGLE, "您家中是否有 60 岁以上老人？", 2, { "有", "没有" } },
    { GW_SQ_MULTI, "您最希望社区开展哪些服务？", 3, { "智能手机培训", "暑期托管", "社区花园" } },
    { GW_SQ_TEXT, "其他建议", 0, { NULL } },
};

static void questions_shape(void **state)
{
    (void)state;
    char msg[200];
    assert_int_equal(gw_survey_check_questions(qs, 3, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_survey_check_questions(qs, 0, msg, sizeof msg), GW_E_INVALID);
    gw_survey_q many[GW_SURVEY_QUESTIONS_MAX + 1];
    for (int i = 0; i <= GW_SURVEY_QUESTIONS_MAX; i++) many[i] = qs[2];
    assert_int_equal(gw_survey_check_questions(many, GW_SURVEY_QUESTIONS_MAX, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_survey_check_questions(many, GW_SURVEY_QUESTIONS_MAX + 1, msg, sizeof msg), GW_E_INVALID);

    gw_survey_q q = qs[0];
    q.n_options = 1;
    assert_int_equal(gw_survey_check_questions(&q, 1, msg, sizeof msg), GW_E_INVALID);
    assert_string_equal(msg, "question 1: a choice question has 2 to 10 options");
    q = qs[0];
    q.options[1] = "有";
    assert_int_equal(gw_survey_check_questions(&q, 1, msg, sizeof msg), GW_E_INVALID);
    q.options[1] = "";
    assert_int_equal(gw_survey_check_questions(&q, 1, msg, sizeof msg), GW_E_INVALID);
    q = qs[0];
    q.prompt = "  ";
    assert_int_equal(gw_survey_check_questions(&q, 1, msg, sizeof msg), GW_E_INVALID);
    q = qs[2];
    q.n_options = 2;
    assert_int_equal(gw_survey_check_questions(&q, 1, msg, sizeof msg), GW_E_INVALID);
    q.n_options = 0;
    q.type = 7;
    assert_int_equal(gw_survey_check_questions(&q, 1, msg, sizeof msg), GW_E_INVALID);
    char long_option[GW_SURVEY_OPTION_MAX * 3 + 4] = "";
    for (int i = 0; i <= GW_SURVEY_OPTION_MAX; i++) strcat(long_option, "长");
    q = qs[1];
    q.options[2] = long_option;
    assert_int_equal(gw_survey_check_questions(&q, 1, msg, sizeof msg), GW_E_INVALID);
}

static void answers(void **state)
{
    (void)state;
    char msg[200];
    gw_survey_a ok[] = { { 1u << 0, NULL, 0 }, { (1u << 0) | (1u << 2), NULL, 0 }, { 0, "希望多办讲座", 1 } };
    assert_int_equal(gw_survey_check_answers(qs, 3, ok, 3, msg, sizeof msg), GW_OK);
    gw_survey_a empty_text[] = { { 1u << 1, NULL, 0 }, { 1u << 1, NULL, 0 }, { 0, "", 1 } };
    assert_int_equal(gw_survey_check_answers(qs, 3, empty_text, 3, msg, sizeof msg), GW_OK);

    assert_int_equal(gw_survey_check_answers(qs, 3, ok, 2, msg, sizeof msg), GW_E_INVALID); /* one missing */
    gw_survey_a a[3];
    memcpy(a, ok, sizeof a);
    a[0].choices = 3; /* two on a single choice */
    assert_int_equal(gw_survey_check_answers(qs, 3, a, 3, msg, sizeof msg), GW_E_INVALID);
    assert_string_equal(msg, "answer 1 must choose exactly one option");
    a[0].choices = 0;
    assert_int_equal(gw_survey_check_answers(qs, 3, a, 3, msg, sizeof msg), GW_E_INVALID);
    a[0].choices = 1u << 2; /* no third option */
    assert_int_equal(gw_survey_check_answers(qs, 3, a, 3, msg, sizeof msg), GW_E_INVALID);
    assert_string_equal(msg, "answer 1 names no such option");
    memcpy(a, ok, sizeof a);
    a[1].choices = 0;
    assert_int_equal(gw_survey_check_answers(qs, 3, a, 3, msg, sizeof msg), GW_E_INVALID);
    a[1].choices = 1u << 3;
    assert_int_equal(gw_survey_check_answers(qs, 3, a, 3, msg, sizeof msg), GW_E_INVALID);
    memcpy(a, ok, sizeof a);
    a[1].is_text = 1;
    assert_int_equal(gw_survey_check_answers(qs, 3, a, 3, msg, sizeof msg), GW_E_INVALID);
    memcpy(a, ok, sizeof a);
    a[2].is_text = 0;
    assert_int_equal(gw_survey_check_answers(qs, 3, a, 3, msg, sizeof msg), GW_E_INVALID);
    char long_text[GW_SURVEY_TEXT_MAX + 2];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = 0;
    memcpy(a, ok, sizeof a);
    a[2].text = long_text;
    assert_int_equal(gw_survey_check_answers(qs, 3, a, 3, msg, sizeof msg), GW_E_INVALID);
    long_text[GW_SURVEY_TEXT_MAX] = 0;
    assert_int_equal(gw_survey_check_answers(qs, 3, a, 3, msg, sizeof msg), GW_OK);
}

static void window_and_tally(void **state)
{
    (void)state;
    char msg[200];
    assert_int_equal(gw_survey_check_window(1000, 2000, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_survey_check_window(2000, 2000, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_survey_check_window(-1, 2000, msg, sizeof msg), GW_E_INVALID);
    assert_false(gw_survey_open(1000, 2000, 999));
    assert_true(gw_survey_open(1000, 2000, 1000));
    assert_true(gw_survey_open(1000, 2000, 1999));
    assert_false(gw_survey_open(1000, 2000, 2000));

    int64_t counts[GW_SURVEY_OPTIONS_MAX] = { 0 };
    gw_survey_a a1 = { 1u | 4u, NULL, 0 }, a2 = { 1u, NULL, 0 }, a3 = { 2u, NULL, 0 };
    gw_survey_tally(&qs[1], &a1, counts);
    gw_survey_tally(&qs[1], &a2, counts);
    gw_survey_tally(&qs[1], &a3, counts);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[2], 1);
    assert_int_equal(counts[3], 0);
    assert_int_equal(gw_survey_permille(2, 3), 667);
    assert_int_equal(gw_survey_permille(1, 3), 333);
    assert_int_equal(gw_survey_permille(1, 8), 125);
    assert_int_equal(gw_survey_permille(0, 0), 0);
    assert_int_equal(gw_survey_qtype_parse("multi"), GW_SQ_MULTI);
    assert_int_equal(gw_survey_qtype_parse("MULTI"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(questions_shape),
        cmocka_unit_test(answers),
        cmocka_unit_test(window_and_tally),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
