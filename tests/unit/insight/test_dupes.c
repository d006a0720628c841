/* The duplicate ranker (insight/dupes.c) on fixtures: the radius and window cut, the order by distance,
 * age and text similarity, the score's parts, and the text similarity itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "insight/dupes.h"

#define DAY 86400000LL
#define NOW (1700000000000LL)
/* 0.0009 degrees of latitude is about 100 m */
#define M100 0.0009

static gw_dupes_query query(void) { return (gw_dupes_query){ 120.15, 30.25, NOW, 250, 7 * DAY }; }

static gw_dupe at(int64_t id, double north_m, int64_t age_ms, double sim)
{
    return (gw_dupe){ .id = id, .lon = 120.15, .lat = 30.25 + M100 * north_m / 100, .created_ms = NOW - age_ms,
                      .similarity = sim };
}

static void test_radius_and_window_cut(void **st)
{
    (void)st;
    gw_dupes_query q = query();
    gw_dupe c[5] = { at(1, 100, DAY, 0.5), at(2, 300, DAY, 1.0), at(3, 50, 8 * DAY, 1.0),
                     at(4, 240, 6 * DAY, 0), at(5, 10, -8 * DAY, 1.0) };
    size_t n = gw_dupes_rank(&q, c, 5, 10);
    assert_int_equal(n, 2); /* 300 m away, 8 days old and 8 days ahead are cut */
    assert_int_equal(c[0].id, 1);
    assert_int_equal(c[1].id, 4);
    assert_true(fabs(c[0].distance_m - 100) < 1);
    assert_int_equal(c[0].age_ms, DAY);
}

static void test_order_by_each_part(void **st)
{
    (void)st;
    gw_dupes_query q = query();
    /* the same age and text: nearer first */
    gw_dupe c[3] = { at(1, 200, DAY, 0.5), at(2, 20, DAY, 0.5), at(3, 100, DAY, 0.5) };
    assert_int_equal(gw_dupes_rank(&q, c, 3, 3), 3);
    assert_int_equal(c[0].id, 2);
    assert_int_equal(c[1].id, 3);
    assert_int_equal(c[2].id, 1);
    /* the same place and text: newer first */
    gw_dupe d[2] = { at(1, 50, 5 * DAY, 0.5), at(2, 50, DAY, 0.5) };
    assert_int_equal(gw_dupes_rank(&q, d, 2, 2), 2);
    assert_int_equal(d[0].id, 2);
    /* the same place and age: more alike first */
    gw_dupe e[2] = { at(1, 50, DAY, 0.1), at(2, 50, DAY, 0.9) };
    assert_int_equal(gw_dupes_rank(&q, e, 2, 2), 2);
    assert_int_equal(e[0].id, 2);
    /* all equal: the earlier report (lower id) first */
    gw_dupe f[2] = { at(9, 50, DAY, 0.3), at(4, 50, DAY, 0.3) };
    gw_dupes_rank(&q, f, 2, 2);
    assert_int_equal(f[0].id, 4);
}

static void test_score_parts_and_top(void **st)
{
    (void)st;
    gw_dupes_query q = query();
    gw_dupe c[1] = { at(1, 0, 0, 1.0) };
    assert_int_equal(gw_dupes_rank(&q, c, 1, 1), 1);
    assert_true(fabs(c[0].score - 1.0) < 1e-9); /* same spot, same moment, same text */
    gw_dupe d[1] = { at(1, 125, 3 * DAY + DAY / 2, 0.5) };
    gw_dupes_rank(&q, d, 1, 1);
    /* 0.4 * (1 - 125/250) + 0.2 * (1 - 0.5) + 0.4 * 0.5 = 0.2 + 0.1 + 0.2 */
    assert_true(fabs(d[0].score - 0.5) < 0.01);
    gw_dupe many[30];
    for (int i = 0; i < 30; i++) many[i] = at(i + 1, i, DAY, 0.2);
    assert_int_equal(gw_dupes_rank(&q, many, 30, 5), 5);
    assert_int_equal(many[0].id, 1);
    assert_int_equal(many[4].id, 5);
    assert_int_equal(gw_dupes_rank(&q, many, 30, 100), GW_DUPES_TOP_MAX);
    q.radius_m = 0;
    assert_int_equal(gw_dupes_rank(&q, many, 30, 5), 0);
}

static void test_text_similarity(void **st)
{
    (void)st;
    double same, near, far, empty;
    assert_int_equal(gw_dupes_similarity("文三路井盖破损，很危险", "文三路井盖破损，很危险", &same), GW_OK);
    assert_int_equal(gw_dupes_similarity("文三路井盖破损，很危险", "文三路口井盖松动破损", &near), GW_OK);
    assert_int_equal(gw_dupes_similarity("文三路井盖破损，很危险", "小区噪音扰民到深夜", &far), GW_OK);
    assert_int_equal(gw_dupes_similarity("", "小区噪音扰民", &empty), GW_OK);
    assert_true(fabs(same - 1) < 1e-6);
    assert_true(near > 0.3 && near < same);
    assert_true(far < 0.15 && far < near);
    assert_true(empty == 0);
    /* punctuation and full-width forms do not count */
    double fw;
    gw_dupes_similarity("ABC 路灯不亮", "ａｂｃ路灯不亮！", &fw);
    assert_true(fw > 0.99);
}

static void test_cosine_sparse(void **st)
{
    (void)st;
    uint32_t ai[3] = { 1, 5, 9 }, bi[2] = { 5, 7 };
    float av[3] = { 1, 2, 2 }, bv[2] = { 3, 4 };
    /* dot = 2*3 = 6; |a| = 3, |b| = 5 */
    assert_true(fabs(gw_dupes_cosine(ai, av, 3, bi, bv, 2) - 0.4) < 1e-9);
    assert_true(gw_dupes_cosine(ai, av, 0, bi, bv, 2) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_radius_and_window_cut), cmocka_unit_test(test_order_by_each_part),
        cmocka_unit_test(test_score_parts_and_top), cmocka_unit_test(test_text_similarity),
        cmocka_unit_test(test_cosine_sparse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
