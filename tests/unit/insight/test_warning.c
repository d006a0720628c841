/* insight/warning.c: EARS C2 against a hand-worked series (the lag days do not count, the sd floor,
 * the minimum count), the area of a division path, and the scan over (area, category) series. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "insight/warning.h"

static const gw_ears_params P = { 3.0, 0.5, 3 };

/* baseline 2 3 1 2 4 2 0: mean 2, squares of deviations 0+1+1+0+4+0+4 = 10, sd = sqrt(10/6) = 1.2910;
 * today 9: c2 = 7 / 1.2910 = 5.4222 */
static void c2_worked(void **state)
{
    (void)state;
    double x[] = { 2, 3, 1, 2, 4, 2, 0, 5, 5, 9 };
    gw_ears r;
    assert_int_equal(gw_ears_c2(x, 10, &P, &r), GW_OK);
    assert_true(fabs(r.mean - 2.0) < 1e-9);
    assert_true(fabs(r.sd - sqrt(10.0 / 6.0)) < 1e-9);
    assert_true(fabs(r.c2 - 5.4222) < 1e-4);
    assert_true(r.alarm);
    x[7] = x[8] = 100; /* the guard days are not in the baseline */
    gw_ears r2;
    assert_int_equal(gw_ears_c2(x, 10, &P, &r2), GW_OK);
    assert_true(fabs(r2.c2 - r.c2) < 1e-12);
    x[9] = 5; /* (5 - 2) / 1.291 = 2.32: no alarm */
    assert_int_equal(gw_ears_c2(x, 10, &P, &r), GW_OK);
    assert_false(r.alarm);
    /* a longer series: only its last 10 days count */
    double y[] = { 50, 50, 2, 3, 1, 2, 4, 2, 0, 5, 5, 9 };
    assert_int_equal(gw_ears_c2(y, 12, &P, &r), GW_OK);
    assert_true(fabs(r.c2 - 5.4222) < 1e-4);
}

static void c2_floor_and_minimum(void **state)
{
    (void)state;
    double x[10] = { 0 };
    gw_ears r;
    x[9] = 3; /* sd 0 floored at 0.5: c2 = 6 */
    assert_int_equal(gw_ears_c2(x, 10, &P, &r), GW_OK);
    assert_true(fabs(r.sd - 0.5) < 1e-12);
    assert_true(fabs(r.c2 - 6.0) < 1e-12);
    assert_true(r.alarm);
    x[9] = 2; /* c2 = 4, but fewer than 3 reports */
    assert_int_equal(gw_ears_c2(x, 10, &P, &r), GW_OK);
    assert_false(r.alarm);
    assert_int_equal(gw_ears_c2(x, 9, &P, &r), GW_E_INVALID);
    x[0] = -1;
    assert_int_equal(gw_ears_c2(x, 10, &P, &r), GW_E_INVALID);
    x[0] = 0;
    gw_ears_params bad = { 3.0, 0, 3 };
    assert_int_equal(gw_ears_c2(x, 10, &bad, &r), GW_E_INVALID);
}

/* Poisson(2): P(X >= 9) = 1 - e^-2 (1 + 2 + 2 + 4/3 + 2/3 + 4/15 + 4/45 + 8/315 + 2/315) = 0.000237 */
static void poisson(void **state)
{
    (void)state;
    assert_true(fabs(gw_poisson_sf(9, 2.0) - 0.000237) < 0.000001);
    assert_true(fabs(gw_poisson_sf(1, 2.0) - (1 - exp(-2.0))) < 1e-12);
    assert_true(gw_poisson_sf(0, 2.0) == 1.0);
    double x[] = { 2, 3, 1, 2, 4, 2, 0, 5, 5, 9 };
    gw_ears r;
    assert_int_equal(gw_poisson_test(x, 10, &P, 0.5, 0.001, &r), GW_OK);
    assert_true(fabs(r.mean - 2.0) < 1e-9);
    assert_true(r.alarm); /* 0.000237 < 0.001 */
    assert_true(fabs(r.c2 + log10(0.000237)) < 0.01);
    x[9] = 6; /* P(X >= 6 | 2) = 0.0166 */
    assert_int_equal(gw_poisson_test(x, 10, &P, 0.5, 0.001, &r), GW_OK);
    assert_false(r.alarm);
    assert_int_equal(gw_poisson_test(x, 10, &P, 0, 0.001, &r), GW_E_INVALID);
    assert_int_equal(gw_poisson_test(x, 10, &P, 0.5, 1, &r), GW_E_INVALID);
}

static void area_of(void **state)
{
    (void)state;
    char a[32];
    assert_int_equal(gw_area_of("/1/4/9/23/", 3, a, sizeof a), 0);
    assert_string_equal(a, "/1/4/9/");
    assert_int_equal(gw_area_of("/1/4/", 3, a, sizeof a), 0);
    assert_string_equal(a, "/1/4/");
    assert_int_equal(gw_area_of("/1/4/9/23/", 1, a, sizeof a), 0);
    assert_string_equal(a, "/1/");
    assert_int_equal(gw_area_of("1/4/", 1, a, sizeof a), -1);
    assert_int_equal(gw_area_of("/1/x/", 2, a, sizeof a), -1);
    assert_int_equal(gw_area_of("/1/4/9/23/", 0, a, sizeof a), -1);
    assert_int_equal(gw_area_of("/1/4/9/23/", 3, a, 7), -1); /* "/1/4/9/" needs 8 bytes */
    assert_int_equal(gw_area_of(NULL, 1, a, sizeof a), -1);
}

typedef struct {
    int n;
    gw_rise last;
} seen;

static void on_rise(const gw_rise *r, void *arg)
{
    seen *s = arg;
    s->n++;
    s->last = *r;
}

/* Area /1/2/, category 5: one report a day on days 100..108, six on day 109: a rise on 109 only.
 * Area /1/3/, category 5: two a day throughout: none. Day 105 alone has no days before it: no rise. */
static void scan(void **state)
{
    (void)state;
    gw_daycount rows[20];
    size_t n = 0;
    for (int d = 100; d <= 109; d++) rows[n++] = (gw_daycount){ "/1/2/", 5, d, d == 109 ? 6 : 1 };
    for (int d = 100; d <= 109; d += 1)
        if (n < 20) rows[n++] = (gw_daycount){ "/1/3/", 5, d, 2 };
    seen s = { 0 };
    assert_int_equal(gw_warn_rise_scan(rows, n, 100, 109, &P, on_rise, &s), GW_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.last.area, "/1/2/");
    assert_int_equal(s.last.category_id, 5);
    assert_int_equal(s.last.day, 109);
    assert_true(s.last.ears.c2 > 3);
    gw_daycount swap = rows[0];
    rows[0] = rows[1];
    rows[1] = swap;
    assert_int_equal(gw_warn_rise_scan(rows, n, 100, 109, &P, on_rise, &s), GW_E_INVALID);
    assert_int_equal(gw_warn_rise_scan(rows, 0, 109, 100, &P, on_rise, &s), GW_E_INVALID);
}

/* Four vectors: 0 and 2 alike, 2 and 3 alike (so 0, 2, 3 one cluster by a chain), 1 apart. */
static void clusters(void **state)
{
    (void)state;
    static const uint32_t i0[] = { 1, 2 }, i1[] = { 7 }, i2[] = { 2, 3 }, i3[] = { 3, 4 };
    static const float v0[] = { 0.7071f, 0.7071f }, v1[] = { 1.0f }, v2[] = { 0.7071f, 0.7071f }, v3[] = { 0.7071f, 0.7071f };
    gw_textvec v[4] = { { i0, v0, 2 }, { i1, v1, 1 }, { i2, v2, 2 }, { i3, v3, 2 } };
    size_t root[4];
    gw_text_clusters(v, 4, 0.5, root); /* cos(0,2) = cos(2,3) = 0.5, cos(0,3) = 0 */
    assert_int_equal(root[0], 0);
    assert_int_equal(root[1], 1);
    assert_int_equal(root[2], 0);
    assert_int_equal(root[3], 0);
    gw_text_clusters(v, 4, 0.6, root); /* stricter: every one alone */
    for (size_t i = 0; i < 4; i++) assert_int_equal(root[i], i);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(c2_worked),
        cmocka_unit_test(c2_floor_and_minimum),
        cmocka_unit_test(poisson),
        cmocka_unit_test(area_of),
        cmocka_unit_test(scan),
        cmocka_unit_test(clusters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
