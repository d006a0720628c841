/* partners/credit.c — the score, the star level, the ranking order and certificate numbers on
 * hand-worked histories (docs/partners.md "Credit file" works the same example). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "partners/credit.h"

/* The worked example of docs/partners.md: 42 h 30 min live (2550 min), 600 min back-filled, 12
 * confirmations, 430 points, evaluations 90 and 80, 2 projects, 1 revocation, 1 no-show. */
static gw_credit_figures example(void)
{
    return (gw_credit_figures){ .live_minutes = 2550, .backfill_minutes = 600, .confirmed = 12, .points_earned = 430,
                                .points_revoked = 20, .revocations = 1, .no_shows = 1, .evaluations = 2,
                                .evaluation_sum = 170, .projects_done = 2 };
}

static void worked_example(void **state)
{
    (void)state;
    gw_credit_figures f = example();
    gw_credit_score s = gw_credit_score_of(&f);
    assert_int_equal(s.hours, 84);        /* 42 whole hours x 2 */
    assert_int_equal(s.confirmations, 60); /* 12 x 5 */
    assert_int_equal(s.points, 43);        /* 430 / 10 */
    assert_int_equal(s.evaluation, 170);   /* mean 85, doubled */
    assert_int_equal(s.projects, 80);      /* 2 x 40 */
    assert_int_equal(s.revocations, 100);
    assert_int_equal(s.no_shows, 30);
    assert_int_equal(s.score, 84 + 60 + 43 + 170 + 80 - 100 - 30); /* 307 */
}

static void backfill_not_counted(void **state)
{
    (void)state;
    gw_credit_figures f = example(), g = example();
    g.backfill_minutes = 100000;
    assert_int_equal(gw_credit_score_of(&f).score, gw_credit_score_of(&g).score);
    /* 99 h live and 1000 h back-filled: still no star */
    assert_int_equal(gw_credit_level(99 * 60, NULL), 0);
}

static void revocation_lowers(void **state)
{
    (void)state;
    gw_credit_figures f = example();
    int64_t before = gw_credit_score_of(&f).score;
    f.revocations++;
    assert_int_equal(gw_credit_score_of(&f).score, before - 100);
    f.no_shows += 2;
    assert_int_equal(gw_credit_score_of(&f).score, before - 160);
    f.revocations = 50; /* never below 0 */
    assert_int_equal(gw_credit_score_of(&f).score, 0);
}

static void caps_and_bounds(void **state)
{
    (void)state;
    gw_credit_figures f = { .live_minutes = INT64_C(1) << 40, .confirmed = 1000000, .points_earned = INT64_MAX,
                            .evaluations = 3, .evaluation_sum = 1000000, .projects_done = 99 };
    gw_credit_score s = gw_credit_score_of(&f);
    assert_int_equal(s.hours, 300);
    assert_int_equal(s.confirmations, 150);
    assert_int_equal(s.points, 150);
    assert_int_equal(s.evaluation, 200);
    assert_int_equal(s.projects, 200);
    assert_int_equal(s.score, 1000);
    gw_credit_figures none = { 0 }, neg = { .live_minutes = -5, .confirmed = -3, .revocations = -1 };
    assert_int_equal(gw_credit_score_of(&none).score, 100); /* not evaluated: the middle 100 */
    assert_int_equal(gw_credit_score_of(&neg).score, 100);
    gw_credit_figures bad = { .evaluations = 1, .evaluation_sum = 0 };
    assert_int_equal(gw_credit_score_of(&bad).score, 0);
}

static void levels_at_the_boundaries(void **state)
{
    (void)state;
    static const struct { int64_t hours; int level; int64_t next_hours; } rows[] = {
        { 0, 0, 100 }, { 99, 0, 100 }, { 100, 1, 300 }, { 299, 1, 300 }, { 300, 2, 600 }, { 599, 2, 600 },
        { 600, 3, 1000 }, { 999, 3, 1000 }, { 1000, 4, 1500 }, { 1499, 4, 1500 }, { 1500, 5, 0 }, { 90000, 5, 0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t next = -1;
        assert_int_equal(gw_credit_level(rows[i].hours * 60, &next), rows[i].level);
        assert_int_equal(next, rows[i].next_hours * 60);
    }
    assert_int_equal(gw_credit_level(100 * 60 - 1, NULL), 0); /* a minute short */
    assert_int_equal(gw_credit_level(-60, NULL), 0);
}

static void rank_order(void **state)
{
    (void)state;
    gw_credit_rank_key a = { 7, 500, 600 }, b = { 3, 500, 600 }, c = { 9, 500, 900 }, d = { 1, 400, 99999 };
    assert_true(gw_credit_rank_cmp(&c, &a) < 0); /* same score: more live minutes first */
    assert_true(gw_credit_rank_cmp(&b, &a) < 0); /* same score and minutes: lower id first */
    assert_true(gw_credit_rank_cmp(&a, &d) < 0); /* higher score first */
    assert_int_equal(gw_credit_rank_cmp(&a, &a), 0);
}

static void cert_numbers(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(gw_credit_cert_number("330106001", 2026, 1, buf, sizeof buf), 0);
    assert_string_equal(buf, "330106001-2026-00001");
    assert_int_equal(gw_credit_cert_number("M1", 2026, 123456, buf, sizeof buf), 0);
    assert_string_equal(buf, "M1-2026-123456");
    assert_int_equal(gw_credit_cert_number("M1", 2026, 0, buf, sizeof buf), -1);
    assert_int_equal(gw_credit_cert_number("", 2026, 1, buf, sizeof buf), -1);
    assert_int_equal(gw_credit_cert_number("M1", 1969, 1, buf, sizeof buf), -1);
    assert_int_equal(gw_credit_cert_number("M1", 2026, 1, buf, 8), -1);
}

static void periods_in_shanghai(void **state)
{
    (void)state;
    int64_t from = 0, to = 0;
    /* 2026-11-01T00:00+08:00 = 2026-10-31T16:00Z = 1793462400000 */
    assert_int_equal(gw_credit_period("month", "2026-11", &from, &to), 0);
    assert_int_equal(from, INT64_C(1793462400000));
    assert_int_equal(to, INT64_C(1793462400000) + INT64_C(30) * 86400000);
    assert_int_equal(gw_credit_period("month", "2026-12", &from, &to), 0);
    assert_int_equal(to - from, INT64_C(31) * 86400000); /* into the next year */
    assert_int_equal(gw_credit_period("quarter", "2024-Q1", &from, &to), 0);
    assert_int_equal(to - from, INT64_C(91) * 86400000); /* leap February */
    assert_int_equal(gw_credit_period("year", "2026", &from, &to), 0);
    assert_int_equal(to - from, INT64_C(365) * 86400000);
    assert_int_equal(gw_credit_year_of(from), 2026);
    assert_int_equal(gw_credit_year_of(from - 1), 2025);
    assert_int_equal(gw_credit_year_of(to - 1), 2026);
    static const char *const bad[][2] = { { "month", "2026-13" }, { "month", "2026-1" }, { "quarter", "2026-Q5" },
                                          { "year", "1999" }, { "week", "2026" }, { "month", "20x6-01" },
                                          { "year", "2026-01" }, { "month", NULL } };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(gw_credit_period(bad[i][0], bad[i][1], &from, &to), -1);
}

static void kinds_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < GW_CE__COUNT; k++) assert_int_equal(gw_credit_kind_parse(gw_credit_kind_name(k)), k);
    assert_int_equal(gw_credit_kind_parse("nope"), -1);
    assert_string_equal(gw_credit_kind_name(99), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(worked_example),   cmocka_unit_test(backfill_not_counted), cmocka_unit_test(revocation_lowers),
        cmocka_unit_test(caps_and_bounds),  cmocka_unit_test(levels_at_the_boundaries), cmocka_unit_test(rank_order),
        cmocka_unit_test(cert_numbers),     cmocka_unit_test(kinds_round_trip), cmocka_unit_test(periods_in_shanghai),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
