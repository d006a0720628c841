/* Getis-Ord Gi* (insight/hotspot.c) against values worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "insight/hotspot.h"

/* Five grid centres 1 km apart on a line (0.009 degrees of latitude is about 1000.8 m). */
static void line(gw_point *c)
{
    for (int i = 0; i < 5; i++) c[i] = (gw_point){ 120.2, 30.2 + 0.009 * i };
}

static void test_band_is_largest_nearest_neighbour(void **st)
{
    (void)st;
    gw_point c[5];
    line(c);
    double b = gw_gi_band(c, 5);
    assert_true(b > 990 && b < 1010);
    c[4].lat += 0.009; /* the last one twice as far from its neighbour */
    b = gw_gi_band(c, 5);
    assert_true(b > 1990 && b < 2010);
}

static void test_hand_computed(void **st)
{
    (void)st;
    gw_point c[5];
    line(c);
    double x[5] = { 10, 8, 1, 1, 0 }, z[5];
    assert_int_equal(gw_gi_star(x, c, 5, 1100, z), GW_OK);
    /* mean 4, S = sqrt(166/5 - 16) = sqrt(17.2). Grid 0: neighbours {0,1}: W=2, sum 18:
     * (18 - 8) / (sqrt(17.2) * sqrt((10 - 4) / 4)) = 10 / (4.1473 * 1.2247) = 1.9688 */
    assert_true(fabs(z[0] - 1.9688) < 1e-3);
    /* grid 1: {0,1,2}: W=3, sum 19: (19 - 12) / (4.1473 * sqrt((15 - 9) / 4)) = 7 / 5.0794 = 1.3781 */
    assert_true(fabs(z[1] - 1.3781) < 1e-3);
    /* grid 4: {3,4}: sum 1: (1 - 8) / 5.0794 = -1.3781 */
    assert_true(fabs(z[4] + 1.3781) < 1e-3);
    assert_true(z[0] > z[2] && z[2] > z[4]);
}

static void test_flat_counts_have_no_spots(void **st)
{
    (void)st;
    gw_point c[5];
    line(c);
    double x[5] = { 3, 3, 3, 3, 3 }, z[5] = { 9, 9, 9, 9, 9 };
    assert_int_equal(gw_gi_star(x, c, 5, 1100, z), GW_OK);
    for (int i = 0; i < 5; i++) assert_true(z[i] == 0);
}

static void test_everyone_neighbours_gives_zero(void **st)
{
    (void)st;
    gw_point c[5];
    line(c);
    double x[5] = { 10, 0, 0, 0, 0 }, z[5];
    /* a band covering everything: each local sum is the global sum, no grid stands out */
    assert_int_equal(gw_gi_star(x, c, 5, 1e6, z), GW_OK);
    for (int i = 0; i < 5; i++) assert_true(fabs(z[i]) < 1e-9);
}

static void test_bad_input(void **st)
{
    (void)st;
    gw_point c[5];
    line(c);
    double x[5] = { 1, 2, 3, 4, 5 }, z[5];
    assert_int_equal(gw_gi_star(x, c, 2, 1100, z), GW_E_INVALID);
    assert_int_equal(gw_gi_star(x, c, 5, 0, z), GW_E_INVALID);
    assert_true(gw_gi_band(c, 1) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_band_is_largest_nearest_neighbour), cmocka_unit_test(test_hand_computed),
        cmocka_unit_test(test_flat_counts_have_no_spots), cmocka_unit_test(test_everyone_neighbours_gives_zero),
        cmocka_unit_test(test_bad_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
