/* ops/sla.c: the sweeper's rules — warned at warn_at, overdue (and warned) at due, flags only raised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ops/sla.h"

static void test_flags(void **st)
{
    (void)st;
    gw_sla_flags none = { 0, 0 }, warned = { 1, 0 }, over = { 1, 1 }, out;
    assert_int_equal(gw_sla_flags_at(799, 1000, 800, &none, &out), 0); /* before the warning time */
    assert_int_equal(gw_sla_flags_at(800, 1000, 800, &none, &out), 1);
    assert_true(out.warn && !out.over);
    assert_string_equal(gw_sla_action(&out), "warning");
    assert_int_equal(gw_sla_flags_at(900, 1000, 800, &warned, &out), 0); /* warned already */
    assert_int_equal(gw_sla_flags_at(1000, 1000, 800, &warned, &out), 1);
    assert_true(out.warn && out.over);
    assert_string_equal(gw_sla_action(&out), "overdue");
    assert_string_equal(gw_sla_note(&out), "已超时");
    assert_int_equal(gw_sla_flags_at(1000, 1000, 800, &none, &out), 1); /* a sweep that missed the warning */
    assert_true(out.warn && out.over);
    assert_int_equal(gw_sla_flags_at(5000, 1000, 800, &over, &out), 0);
    assert_int_equal(gw_sla_flags_at(5000, 0, 0, &none, &out), 0); /* no clock running */
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_flags) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
