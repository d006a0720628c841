/* Strict request decoding (json/reply.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "json/reply.h"

static gw_err parse(const char *s)
{
    json_t *o = NULL;
    char msg[256];
    gw_err e = gw_json_parse_body(s, strlen(s), &o, msg, sizeof msg);
    json_decref(o);
    return e;
}

static void test_parse_accepts_object(void **st)
{
    (void)st;
    assert_int_equal(parse("{\"a\":1,\"b\":\"井盖\"}"), GW_OK);
}

static void test_parse_rejects(void **st)
{
    (void)st;
    assert_int_equal(parse(""), GW_E_INVALID);
    assert_int_equal(parse("{"), GW_E_INVALID);
    assert_int_equal(parse("[1,2]"), GW_E_INVALID);
    assert_int_equal(parse("{\"a\":1,\"a\":2}"), GW_E_INVALID);         /* duplicate key */
    assert_int_equal(parse("{\"a\":\"\xff\xfe\"}"), GW_E_INVALID);      /* invalid UTF-8 */
    assert_int_equal(parse("{\"a\":\"\xe4\xb8\"}"), GW_E_INVALID);      /* truncated sequence */
}

static void test_parse_depth(void **st)
{
    (void)st;
    char deep[200] = "{\"a\":";
    for (int i = 0; i < 20; i++) strcat(deep, "[");
    for (int i = 0; i < 20; i++) strcat(deep, "]");
    strcat(deep, "}");
    assert_int_equal(parse(deep), GW_E_INVALID);
    /* brackets inside strings do not count */
    assert_int_equal(parse("{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"}"), GW_OK);
}

static void test_parse_long_string(void **st)
{
    (void)st;
    size_t n = GW_JSON_MAX_STRING + 20;
    char *s = malloc(n + 16);
    strcpy(s, "{\"a\":\"");
    memset(s + 6, 'x', GW_JSON_MAX_STRING + 1);
    strcpy(s + 6 + GW_JSON_MAX_STRING + 1, "\"}");
    assert_int_equal(parse(s), GW_E_TOO_LARGE);
    free(s);
}

static void test_unpack_strict(void **st)
{
    (void)st;
    char msg[256];
    json_t *o = json_loads("{\"a\":\"x\",\"zzz\":1}", 0, NULL);
    const char *a;
    assert_int_equal(gw_json_unpack(o, msg, sizeof msg, "{s:s}", "a", &a), GW_E_INVALID);
    json_decref(o);
    o = json_loads("{\"a\":\"x\"}", 0, NULL);
    json_int_t b = 7;
    assert_int_equal(gw_json_unpack(o, msg, sizeof msg, "{s:s,s?I}", "a", &a, "b", &b), GW_OK);
    assert_string_equal(a, "x");
    assert_int_equal(b, 7);
    json_decref(o);
}

static void test_check_text_counts_characters(void **st)
{
    (void)st;
    char msg[128];
    assert_int_equal(gw_json_check_text("f", "井盖破损", 1, 4, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_json_check_text("f", "井盖破损了", 1, 4, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_json_check_text("f", "", 1, 4, msg, sizeof msg), GW_E_INVALID);
    assert_int_equal(gw_json_check_text("f", NULL, 0, 4, msg, sizeof msg), GW_OK);
}

static void test_error_table(void **st)
{
    (void)st;
    assert_int_equal(gw_err_status(GW_E_INVALID), 400);
    assert_int_equal(gw_err_status(GW_E_UNAUTHORIZED), 401);
    assert_int_equal(gw_err_status(GW_E_FORBIDDEN), 403);
    assert_int_equal(gw_err_status(GW_E_NOT_FOUND), 404);
    assert_int_equal(gw_err_status(GW_E_CONFLICT), 409);
    assert_int_equal(gw_err_status(GW_E_TOO_LARGE), 413);
    assert_int_equal(gw_err_status(GW_E_UNSUPPORTED), 415);
    assert_int_equal(gw_err_status(GW_E_RATE_LIMITED), 429);
    assert_int_equal(gw_err_status(GW_E_IO), 500);
    json_t *b = gw_json_error(GW_E_CONFLICT, "taken");
    assert_string_equal(json_string_value(json_object_get(json_object_get(b, "error"), "code")), "conflict");
    assert_string_equal(json_string_value(json_object_get(json_object_get(b, "error"), "message")), "taken");
    json_decref(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_accepts_object), cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_depth), cmocka_unit_test(test_parse_long_string),
        cmocka_unit_test(test_unpack_strict), cmocka_unit_test(test_check_text_counts_characters),
        cmocka_unit_test(test_error_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
