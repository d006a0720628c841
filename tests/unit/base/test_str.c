/* Unit tests for base/str.c: character counts and blank text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

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

/* Bytes outside whole UTF-8 characters become '?' ("\x3f": "??" is a trigraph), the rest is kept. */
static void test_utf8_scrub(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        { "plain", "plain" }, { "", "" }, { "\xe8\xae\xbe\xe5\xa4\x87", "\xe8\xae\xbe\xe5\xa4\x87" },
        { "ab\xe8\xae", "ab\x3f\x3f" }, { "\xff\xfe", "\x3f\x3f" }, { "x\xc0\xaf", "x\x3f\x3f" },
        { "\xed\xa0\x80", "\x3f\x3f\x3f" }, { "\xf4\x90\x80\x80z", "\x3f\x3f\x3f\x3fz" },
        { "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" }, { "\xe0\x80\xaf", "\x3f\x3f\x3f" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%s", cases[i].in);
        gw_utf8_scrub(buf);
        assert_string_equal(buf, cases[i].out);
    }
    gw_utf8_scrub(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blank),
        cmocka_unit_test(test_utf8_len),
        cmocka_unit_test(test_utf8_scrub),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
