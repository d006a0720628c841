/* tests/unit/core/test_privacy.c — core/privacy.c: gw_mask_phone, gw_mask_name, gw_mask_address and
 * gw_mask_numbers, the one masking of reporters' phone numbers and names, of public addresses and of
 * long numbers in public free text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/privacy.h"

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

/* Every run of digits, ASCII or full-width, is one '*': the number and its length are gone. */
static void addresses(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "文三路478号5幢301室", "文三路*号*幢*室" }, { "中山路100号", "中山路*号" },
        { "中山路１００号", "中山路*号" }, { "12-3-401", "*-*-*" }, { "1２3号", "*号" },
        { "某小区门口", "某小区门口" }, { "", "" }, { "Room 5, 22 Baker St", "Room *, * Baker St" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[64];
        gw_mask_address(cases[i][0], out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
    char out[64] = "x";
    gw_mask_address(NULL, out, sizeof out);
    assert_string_equal(out, "");
    char small[8] = "x";
    gw_mask_address("中山路100号", small, sizeof small); /* too small: nothing, never a cut character */
    assert_string_equal(small, "");
    char exact[sizeof "中山路１００号"];
    gw_mask_address("中山路１００号", exact, sizeof exact); /* strlen + 1 is always enough */
    assert_string_equal(exact, "中山路*号");
}

static void numbers(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        { "请致电13812345678", "请致电138******78" },       /* a mobile: 3 + 2 shown */
        { "工单123456", "工单123456" },                     /* 6 digits: not a number to hide */
        { "1234567", "1****67" },                            /* 7 to 10 digits: 1 + 2 shown */
        { "330106199001011234", "330*************34" },      /* an ID-card number */
        { "电话１３９１２３４５６７８", "电话１３９******７８" }, /* full-width digits too */
        { "0571-88881234", "0571-8*****34" },                /* separators split runs */
        { "12号楼3单元", "12号楼3单元" }, { "", "" }, { "no digits", "no digits" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[96];
        gw_mask_numbers(cases[i][0], out, sizeof out);
        assert_string_equal(out, cases[i][1]);
    }
    char out[8] = "x";
    gw_mask_numbers(NULL, out, sizeof out);
    assert_string_equal(out, "");
    gw_mask_numbers("13812345678", out, sizeof out); /* too small: nothing */
    assert_string_equal(out, "");
}

/* For every run length 1..20: the mask keeps the digit count, hides nothing below 7 digits, and
 * from 7 on shows only the rule's leading digits and the last two, in place. */
static void numbers_every_length(void **state)
{
    (void)state;
    static const char digits[] = "98765432109876543210";
    for (size_t n = 1; n <= 20; n++) {
        char in[32], out[32];
        snprintf(in, sizeof in, "a%.*sb", (int)n, digits);
        gw_mask_numbers(in, out, sizeof out);
        assert_int_equal(strlen(out), n + 2);
        size_t head = n >= 11 ? 3 : 1;
        for (size_t i = 0; i < n; i++) {
            int shown = n < 7 || i < head || i + 2 >= n;
            assert_int_equal(out[i + 1], shown ? in[i + 1] : '*');
        }
    }
}

static void phone_keys(void **state)
{
    (void)state;
    char k[32];
    assert_int_equal(gw_phone_key("139 1234-5678", k, sizeof k), 11);
    assert_string_equal(k, "13912345678");
    assert_int_equal(gw_phone_key("+86 (139) 1234.5678", k, sizeof k), 13);
    assert_string_equal(k, "8613912345678");
    assert_int_equal(gw_phone_key("", k, sizeof k), 0);
    assert_string_equal(k, "");
    assert_int_equal(gw_phone_key(NULL, k, sizeof k), 0);
    assert_int_equal(gw_phone_key("13912345678", k, 5), 4); /* bounded by the buffer */
    assert_string_equal(k, "1391");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phone_hides_at_least_half),
        cmocka_unit_test(phone_examples),
        cmocka_unit_test(names),
        cmocka_unit_test(addresses),
        cmocka_unit_test(numbers),
        cmocka_unit_test(numbers_every_length),
        cmocka_unit_test(phone_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
