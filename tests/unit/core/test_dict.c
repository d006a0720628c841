/* The dictionaries (core/dict.c): every code the product uses is listed, and nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/admin.h"
#include "core/dict.h"
#include "core/role.h"
#include "ops/ticket.h"

static size_t dict_index(const char *name)
{
    for (size_t i = 0; gw_dict_name(i); i++)
        if (!strcmp(gw_dict_name(i), name)) return i;
    fail_msg("no dictionary %s", name);
    return 0;
}

static size_t count(const char *name)
{
    size_t n = 0;
    for (const char *const *c = gw_dict_codes(dict_index(name)); *c; c++) n++;
    return n;
}

static void test_the_codes_are_the_products(void **st)
{
    (void)st;
    assert_int_equal(count("state"), GW_T__COUNT);
    for (int s = 0; s < GW_T__COUNT; s++) assert_true(gw_dict_valid("state", gw_ticket_state_name((gw_ticket_state)s)));
    for (int a = 0; a < GW_A__COUNT; a++) assert_true(gw_dict_valid("action", gw_action_name((gw_action_kind)a)));
    for (int r = 0; r < GW_R_RESIDENT; r++) assert_true(gw_dict_valid("role", gw_role_name((gw_role)r)));
    assert_int_equal(count("role"), GW_R_RESIDENT);
    for (int l = 0; l < 5; l++) assert_true(gw_dict_valid("level", gw_div_level_names[l]));
    assert_int_equal(count("level"), 5);
    for (int k = 0; k < GW_REQUEST_TYPES; k++) assert_true(gw_dict_valid("request_type", gw_request_type_name(k)));
    assert_int_equal(count("request_type"), GW_REQUEST_TYPES);
}

static void test_valid(void **st)
{
    (void)st;
    assert_true(gw_dict_valid("source", "hotline"));
    assert_true(gw_dict_valid("urgency", "3"));
    assert_false(gw_dict_valid("urgency", "4"));
    assert_false(gw_dict_valid("source", "fax"));
    assert_false(gw_dict_valid("colour", "red"));
    assert_false(gw_dict_valid("source", ""));
    assert_false(gw_dict_valid(NULL, "hotline"));
    assert_false(gw_dict_valid("source", NULL));
    assert_null(gw_dict_name(GW_DICT_COUNT));
    assert_null(gw_dict_codes(GW_DICT_COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_codes_are_the_products),
        cmocka_unit_test(test_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
