/* tests/unit/partners/test_partner.c — partners/partner.c: every cell of status x action, with and
 * without partner.manage, against a table written out by hand; names round trip; tags. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "partners/partner.h"

#define NO (-1) /* the action is not allowed from this status: GW_E_CONFLICT */

/* want[from][action]: the status after, or NO. */
static const int want[GW_PS__COUNT][GW_PA__COUNT] = {
    /*                    approve        suspend            resume         retire */
    [GW_PS_PENDING] = { GW_PS_ACTIVE, NO, NO, GW_PS_RETIRED },
    [GW_PS_ACTIVE] = { NO, GW_PS_SUSPENDED, NO, GW_PS_RETIRED },
    [GW_PS_SUSPENDED] = { NO, NO, GW_PS_ACTIVE, GW_PS_RETIRED },
    [GW_PS_RETIRED] = { NO, NO, NO, NO },
};

static void every_transition(void **state)
{
    (void)state;
    for (int s = 0; s < GW_PS__COUNT; s++)
        for (int a = 0; a < GW_PA__COUNT; a++) {
            gw_partner_status to = (gw_partner_status)99;
            gw_err e = gw_partner_step((gw_partner_status)s, (gw_partner_action)a, 1, &to);
            if (want[s][a] == NO) {
                assert_int_equal(e, GW_E_CONFLICT);
                assert_int_equal(to, 99); /* untouched */
            } else {
                assert_int_equal(e, GW_OK);
                assert_int_equal(to, want[s][a]);
            }
            to = (gw_partner_status)99;
            assert_int_equal(gw_partner_step((gw_partner_status)s, (gw_partner_action)a, 0, &to), GW_E_FORBIDDEN);
            assert_int_equal(to, 99);
        }
}

static void out_of_range(void **state)
{
    (void)state;
    gw_partner_status to = GW_PS_PENDING;
    assert_int_equal(gw_partner_step(GW_PS__COUNT, GW_PA_APPROVE, 1, &to), GW_E_INVALID);
    assert_int_equal(gw_partner_step(GW_PS_PENDING, GW_PA__COUNT, 1, &to), GW_E_INVALID);
    assert_int_equal(gw_partner_step((gw_partner_status)-1, GW_PA_APPROVE, 1, &to), GW_E_INVALID);
    assert_int_equal(to, GW_PS_PENDING);
}

static void names_round_trip(void **state)
{
    (void)state;
    static const char *const types[] = { "resource", "professional", "volunteer" };
    static const char *const statuses[] = { "pending", "active", "suspended", "retired" };
    static const char *const actions[] = { "approve", "suspend", "resume", "retire" };
    for (int i = 0; i < 3; i++) {
        assert_string_equal(gw_partner_type_name(i), types[i]);
        assert_int_equal(gw_partner_type_parse(types[i]), i);
    }
    for (int i = 0; i < 4; i++) {
        assert_string_equal(gw_partner_status_name(i), statuses[i]);
        assert_int_equal(gw_partner_status_parse(statuses[i]), i);
        assert_string_equal(gw_partner_action_name(i), actions[i]);
        assert_int_equal(gw_partner_action_parse(actions[i]), i);
        assert_int_equal(gw_partner_verify_parse(gw_partner_verify_name(i)), i);
    }
    assert_int_equal(gw_partner_kind_parse("person"), 0);
    assert_int_equal(gw_partner_kind_parse("organisation"), 1);
    assert_int_equal(gw_partner_type_parse("Resource"), -1);
    assert_int_equal(gw_partner_status_parse(NULL), -1);
    assert_int_equal(gw_partner_action_parse("reject"), -1);
    assert_string_equal(gw_partner_status_name(9), "unknown");
}

static void tags(void **state)
{
    (void)state;
    assert_true(gw_partner_tag_ok("法律咨询"));
    assert_true(gw_partner_tag_ok("CPR"));
    assert_true(gw_partner_tag_ok("一二三四五六七八九十一二")); /* 12 characters */
    assert_false(gw_partner_tag_ok("一二三四五六七八九十一二三"));
    assert_false(gw_partner_tag_ok(""));
    assert_false(gw_partner_tag_ok("   "));
    assert_false(gw_partner_tag_ok("a,b"));
    assert_false(gw_partner_tag_ok("a\nb"));
    assert_false(gw_partner_tag_ok("\xff"));
    assert_false(gw_partner_tag_ok(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_transition),
        cmocka_unit_test(out_of_range),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(tags),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
