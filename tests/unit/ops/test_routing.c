/* tests/unit/ops/test_routing.c — ops/routing.c: the dispatch catalogue decision. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ops/routing.h"

#define NR(a) (sizeof(a) / sizeof((a)[0]))

/* Categories: 10 is a big class, 11 and 12 are its subclasses; 20 another big class.
 * Divisions: community 301 < street 30 < district 3 < city 1. */
#define BIG 10
#define SUB 11
#define SUB2 12
#define BIG2 20
static const int64_t chain[] = {301, 30, 3, 1};

static const gw_route_query Q_SUB = {SUB, BIG, chain, 4};

static gw_route_rule rule(int64_t id, int64_t cat, int64_t div, int64_t unit)
{
    gw_route_rule r = {0};
    r.id = id;
    r.category_id = cat;
    r.division_id = div;
    r.unit_id = unit;
    r.enabled = 1;
    return r;
}

static void test_score_values(void **state)
{
    (void)state;
    gw_route_rule r = rule(1, SUB, 0, 5);
    assert_int_equal(gw_route_score(&r, &Q_SUB), 2000);
    r.division_id = 301; /* the ticket's own division: nearest */
    assert_int_equal(gw_route_score(&r, &Q_SUB), 2004);
    r.division_id = 30;
    assert_int_equal(gw_route_score(&r, &Q_SUB), 2003);
    r.division_id = 1; /* the root */
    assert_int_equal(gw_route_score(&r, &Q_SUB), 2001);
    r.category_id = BIG;
    assert_int_equal(gw_route_score(&r, &Q_SUB), 1001);
    r.division_id = 0;
    assert_int_equal(gw_route_score(&r, &Q_SUB), 1000);
    r.division_id = 301;
    assert_int_equal(gw_route_score(&r, &Q_SUB), 1004);

    /* no match */
    r.category_id = SUB2; /* a sibling subclass */
    assert_int_equal(gw_route_score(&r, &Q_SUB), -1);
    r.category_id = BIG2;
    assert_int_equal(gw_route_score(&r, &Q_SUB), -1);
    r.category_id = SUB;
    r.division_id = 302; /* not in the chain */
    assert_int_equal(gw_route_score(&r, &Q_SUB), -1);
    r.division_id = 301;
    r.enabled = 0;
    assert_int_equal(gw_route_score(&r, &Q_SUB), -1);
    assert_int_equal(gw_route_score(NULL, &Q_SUB), -1);
    assert_int_equal(gw_route_score(&r, NULL), -1);
}

static void test_big_class_ticket(void **state)
{
    (void)state;
    /* a ticket filed under a big class itself (parent 0) */
    gw_route_query q = {BIG, 0, chain, 4};
    gw_route_rule r = rule(1, BIG, 0, 5);
    assert_int_equal(gw_route_score(&r, &q), 2000);
    /* a rule for "category 0" never matches, even with parent 0 */
    r.category_id = 0;
    assert_int_equal(gw_route_score(&r, &q), -1);
    r.category_id = SUB; /* subclass rules don't apply upwards */
    assert_int_equal(gw_route_score(&r, &q), -1);
}

static void test_empty_chain(void **state)
{
    (void)state;
    gw_route_query q = {SUB, BIG, NULL, 0};
    gw_route_rule rs[] = {rule(1, SUB, 3, 5), rule(2, BIG, 0, 6)};
    assert_int_equal(gw_route_score(&rs[0], &q), -1);
    assert_ptr_equal(gw_route_pick(rs, NR(rs), &q), &rs[1]);
}

static void test_exact_beats_big_class(void **state)
{
    (void)state;
    /* the big-class rule is in the ticket's own community, the exact one is city-wide */
    gw_route_rule rs[] = {rule(1, BIG, 301, 5), rule(2, SUB, 0, 6), rule(3, BIG, 30, 7)};
    const gw_route_rule *p = gw_route_pick(rs, NR(rs), &Q_SUB);
    assert_non_null(p);
    assert_int_equal(p->id, 2);
    assert_int_equal(p->unit_id, 6);
}

static void test_nearer_division_wins(void **state)
{
    (void)state;
    gw_route_rule rs[] = {rule(1, SUB, 1, 5), rule(2, SUB, 30, 6), rule(3, SUB, 3, 7)};
    assert_ptr_equal(gw_route_pick(rs, NR(rs), &Q_SUB), &rs[1]);
    /* same among big-class rules */
    gw_route_rule bs[] = {rule(1, BIG, 3, 5), rule(2, BIG, 301, 6), rule(3, BIG, 0, 7)};
    assert_ptr_equal(gw_route_pick(bs, NR(bs), &Q_SUB), &bs[1]);
}

static void test_division_beats_anywhere(void **state)
{
    (void)state;
    gw_route_rule rs[] = {rule(1, SUB, 0, 5), rule(2, SUB, 1, 6)}; /* even the root */
    assert_ptr_equal(gw_route_pick(rs, NR(rs), &Q_SUB), &rs[1]);
}

static void test_division_not_in_chain(void **state)
{
    (void)state;
    /* a neighbouring street's rule does not apply; the city-wide one does */
    gw_route_rule rs[] = {rule(1, SUB, 31, 5), rule(2, SUB, 0, 6), rule(3, SUB, 302, 7)};
    assert_ptr_equal(gw_route_pick(rs, NR(rs), &Q_SUB), &rs[1]);
    gw_route_rule only[] = {rule(1, SUB, 31, 5)};
    assert_null(gw_route_pick(only, NR(only), &Q_SUB));
}

static void test_disabled_ignored(void **state)
{
    (void)state;
    gw_route_rule rs[] = {rule(1, SUB, 301, 5), rule(2, BIG, 0, 6)};
    rs[0].enabled = 0;
    assert_ptr_equal(gw_route_pick(rs, NR(rs), &Q_SUB), &rs[1]);
    rs[1].enabled = 0;
    assert_null(gw_route_pick(rs, NR(rs), &Q_SUB));
}

static void test_tie_lower_id(void **state)
{
    (void)state;
    gw_route_rule rs[] = {rule(9, SUB, 30, 5), rule(4, SUB, 30, 6), rule(7, SUB, 30, 7)};
    assert_ptr_equal(gw_route_pick(rs, NR(rs), &Q_SUB), &rs[1]);
    gw_route_rule any[] = {rule(2, BIG, 0, 5), rule(1, BIG, 0, 6)};
    assert_ptr_equal(gw_route_pick(any, NR(any), &Q_SUB), &any[1]);
}

static void test_no_rules(void **state)
{
    (void)state;
    assert_null(gw_route_pick(NULL, 0, &Q_SUB));
    gw_route_rule rs[] = {rule(1, SUB2, 0, 5), rule(2, BIG2, 301, 6)};
    assert_null(gw_route_pick(rs, 0, &Q_SUB));
    assert_null(gw_route_pick(rs, NR(rs), &Q_SUB));
    assert_null(gw_route_pick(rs, NR(rs), NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_values),
        cmocka_unit_test(test_big_class_ticket),
        cmocka_unit_test(test_empty_chain),
        cmocka_unit_test(test_exact_beats_big_class),
        cmocka_unit_test(test_nearer_division_wins),
        cmocka_unit_test(test_division_beats_anywhere),
        cmocka_unit_test(test_division_not_in_chain),
        cmocka_unit_test(test_disabled_ignored),
        cmocka_unit_test(test_tie_lower_id),
        cmocka_unit_test(test_no_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
