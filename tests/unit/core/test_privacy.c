/* tests/unit/core/test_privacy.c — core/privacy.c: gw_mask_phone and gw_mask_name, the one masking of
 * reporters' phone numbers and names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ops/ticket_svc.h"

/* For every length 0..20 of an all-digit number: the mask keeps the length, shows digits only as
 * they were and only as a leading and a trailing run, hides every digit up to 4 digits, shows 3 + 4
 * of an 11-digit mobile, and otherwise at most 3 + 4 and never more than half of the digits. */
static void phone_hides_at_least_half(void **state)
{
    (void)state;
    static const char digits[] = "13812345678901234567";
    for (size_t n = 0; n <= 20; n++) {
        char in[32], out[32];
        snprintf(in, sizeof in, "%.*s", (int)n, digits);
        gw_mask_phone(in, out, sizeof out);
        assert_int_equal(strlen(out), n);
        size_t head = 0, tail = 0, shown = 0;
        while (head < n && out[head] != '*') head++;
        while (tail < n - head && out[n - 1 - tail] != '*') tail++;
        for (size_t i = 0; i < n; i++) {
            if (out[i] == '*') continue;
            assert_int_equal(out[i], in[i]); /* a shown digit is the real one, in place */
            shown++;
        }
        if (n) assert_int_equal(shown, head + tail == n ? n : head + tail); /* one hidden run in the middle */
        if (n <= 4) {
            assert_int_equal(shown, 0);
        } else if (n == 11) {
            assert_string_equal(out, "138****5678");
        } else {
            assert_true(2 * shown <= n);
            assert_true(head <= 3 && tail <= 4);
            assert_true(shown >= 1); /* still recognisable by its ends */
        }
    }
}

static void phone_examples(void **state)
{
    (void)state;
    char out[40];
    gw_mask_phone("5550123", out, sizeof out);
    assert_string_equal(out, "5****23");
    gw_mask_phone("13812345678", out, sizeof out);
    assert_string_equal(out, "138****5678");
    gw_mask_phone("+86 571-8888 1234", out, sizeof out); /* 13 digits: 3 + 3 shown, separators kept */
    assert_string_equal(out, "+86 5**-**** *234");
    gw_mask_phone("1234", out, sizeof out);
    assert_string_equal(out, "****");
    gw_mask_phone("", out, sizeof out);
    assert_string_equal(out, "");
    gw_mask_phone(NULL, out, sizeof out);
    assert_string_equal(out, "");
    char small[8] = "x";
    gw_mask_phone("13812345678", small, sizeof small); /* too small for the mask: nothing, not a cut */
    assert_string_equal(small, "");
}

static void names(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "", "" }, { "张", "*" }, { "张三", "张*" }, { "张三丰", "张*丰" }, { "欧阳娜娜", "欧*娜" },
        { "J", "*" }, { "Jo", "J*" }, { "Jane Doe", "J*e" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[64];
        gw_mask_name(cases[i][0], out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
    char out[64];
    gw_mask_name(NULL, out, sizeof out);
    assert_string_equal(out, "");
    /* a name never shows more than its first and last character */
    gw_mask_name("司马相如文", out, sizeof out);
    assert_null(strstr(out, "相"));
    assert_null(strstr(out, "如"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phone_hides_at_least_half),
        cmocka_unit_test(phone_examples),
        cmocka_unit_test(names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
