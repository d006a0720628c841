/* tests/unit/json/test_controls.c — json/reply.c: request text never carries C0 control characters
 * (NUL above all) but tab, LF and CR; a body holding one is refused, not cut. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "json/reply.h"

static gw_err parse(const char *text, size_t len)
{
    json_t *out = NULL;
    char msg[256];
    gw_err e = gw_json_parse_body(text, len, &out, msg, sizeof msg);
    json_decref(out);
    return e;
}

static void body_controls(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"d\":\"a\\u0000b\"}", "{\"d\":\"a\\u0001b\"}", "{\"d\":\"a\\u001fb\"}", "{\"d\":\"\\u001b[31m\"}",
        "{\"a\\u0000\":\"b\"}", "{\"k\\u0002\":1}", "{\"list\":[\"ok\",\"x\\u0007\"]}", "{\"o\":{\"in\":\"\\b\"}}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_int_equal(parse(bad[i], strlen(bad[i])), GW_E_INVALID);
    static const char raw_nul[] = "{\"d\":\"a\0b\"}"; /* a raw NUL byte inside the string */
    assert_int_equal(parse(raw_nul, sizeof raw_nul - 1), GW_E_INVALID);
    static const char *const good[] = { "{\"d\":\"line\\nnext\\ttab\\r\"}", "{\"d\":\"井盖\\u007f\"}", "{\"n\":1}" };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) assert_int_equal(parse(good[i], strlen(good[i])), GW_OK);
}

static void check_text_controls(void **state)
{
    (void)state;
    char msg[256];
    assert_int_equal(gw_json_check_text("d", "a\x01z", 1, 100, msg, sizeof msg), GW_E_INVALID);
    assert_non_null(strstr(msg, "control"));
    assert_int_equal(gw_json_check_text("d", "a\x1a", 1, 100, msg, sizeof msg), GW_E_INVALID); /* a form's NUL */
    assert_int_equal(gw_json_check_text("d", "a\tb\nc\rd", 1, 100, msg, sizeof msg), GW_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(body_controls),
        cmocka_unit_test(check_text_controls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
