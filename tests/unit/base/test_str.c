/* Unit tests for base/str.c: character counts and blank text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/str.h"

static void test_blank(void **state)
{
    (void)state;
    assert_true(gw_blank(NULL));
    assert_true(gw_blank(""));
    assert_true(gw_blank(" \t\r\n"));
    assert_true(gw_blank("\xE3\x80\x80 \xE3\x80\x80")); /* ideographic spaces */
    assert_false(gw_blank("  x "));
    assert_false(gw_blank("\xE3\x80\x80好"));
    assert_false(gw_blank("\xE3\x80")); /* a cut sequence is not white space */
    assert_false(gw_blank("\xE3"));
}

static void test_utf8_len(void **state)
{
    (void)state;
    assert_int_equal(gw_utf8_len(NULL), 0);
    assert_int_equal(gw_utf8_len("abc"), 3);
    assert_int_equal(gw_utf8_len("井盖"), 2);
    assert_int_equal(gw_utf8_len("\xF0\xA0\x80\x80x"), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blank),
        cmocka_unit_test(test_utf8_len),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
