/* Strict request decoding (json/reply.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
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

/* What each error must answer, written here independently of json/reply.c. A value added to the
 * enum without a row here fails the loop below, so no error can go unmapped unnoticed. */
static const struct { int status; const char *code; } want_http[GW_E__COUNT] = {
    [GW_OK] = { 200, "ok" },
    [GW_E_INVALID] = { 400, "invalid_request" },
    [GW_E_UNAUTHORIZED] = { 401, "unauthorized" },
    [GW_E_FORBIDDEN] = { 403, "forbidden" },
    [GW_E_NOT_FOUND] = { 404, "not_found" },
    [GW_E_CONFLICT] = { 409, "conflict" },
    [GW_E_TOO_LARGE] = { 413, "too_large" },
    [GW_E_UNSUPPORTED] = { 415, "unsupported_media_type" },
    [GW_E_RATE_LIMITED] = { 429, "rate_limited" },
    [GW_E_UNAVAILABLE] = { 503, "unavailable" },
    [GW_E_NOMEM] = { 500, "internal" },
    [GW_E_IO] = { 500, "internal" },
    [GW_E_INTERNAL] = { 500, "internal" },
    [GW_E_METHOD] = { 405, "method_not_allowed" },
    [GW_E_URI_TOO_LONG] = { 414, "uri_too_long" },
    [GW_E_NOT_IMPLEMENTED] = { 501, "not_implemented" },
};

static void test_error_table(void **st)
{
    (void)st;
    for (int e = 0; e < GW_E__COUNT; e++) {
        const char *name = gw_err_name((gw_err)e);
        if (!want_http[e].code) fail_msg("gw_err %d (%s) has no expected row: add it above", e, name);
        int status = gw_err_status((gw_err)e);
        const char *code = gw_err_code((gw_err)e);
        if (!code || status != want_http[e].status || strcmp(code, want_http[e].code))
            fail_msg("gw_err %d (%s) maps to %d \"%s\", want %d \"%s\"", e, name, status,
                     code ? code : "(null)", want_http[e].status, want_http[e].code);
        if (e == GW_OK) continue;
        assert_true(status >= 400); /* every error is an error status */
        json_t *b = gw_json_error((gw_err)e, "why");
        json_t *err = json_object_get(b, "error");
        assert_string_equal(json_string_value(json_object_get(err, "code")), want_http[e].code);
        assert_string_equal(json_string_value(json_object_get(err, "message")), "why");
        json_decref(b);
    }
    /* outside the enum: a plain internal error, never a read past the table */
    assert_int_equal(gw_err_status(GW_E__COUNT), 500);
    assert_string_equal(gw_err_code(GW_E__COUNT), "internal");
    assert_int_equal(gw_err_status((gw_err)-1), 500);
}

/* Found by fuzz/fuzz_api_devices: a message that echoes input cut by "%.40s" may end inside a UTF-8
 * character (or hold bytes that never were UTF-8); jansson refuses such a string, the error body was
 * NULL and a bad import came back as 500 "out of memory". The body must exist, with each byte that is
 * not part of a valid character shown as '?' (written \x3f below: "??" would be a trigraph). */
static void test_error_message_not_utf8(void **st)
{
    (void)st;
    static const struct { const char *in, *out; } cases[] = {
        { "unknown column 'ab\xe8\xae' in the first row", "unknown column 'ab\x3f\x3f' in the first row" },
        { "\xff\xfe", "\x3f\x3f" },
        { "x\xc0\xaf", "x\x3f\x3f" },                   /* an overlong '/' */
        { "\xed\xa0\x80", "\x3f\x3f\x3f" },                /* a UTF-16 surrogate */
        { "\xf4\x90\x80\x80z", "\x3f\x3f\x3f\x3fz" },         /* past U+10FFFF */
        { "\xe8\xae\xbe\xe5\xa4", "\xe8\xae\xbe\x3f\x3f" }, /* the whole character kept, the cut one shown */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *b = gw_json_error(GW_E_INVALID, cases[i].in);
        assert_non_null(b);
        assert_string_equal(json_string_value(json_object_get(json_object_get(b, "error"), "message")), cases[i].out);
        json_decref(b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_accepts_object), cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_parse_depth), cmocka_unit_test(test_parse_long_string),
        cmocka_unit_test(test_unpack_strict), cmocka_unit_test(test_check_text_counts_characters),
        cmocka_unit_test(test_error_table), cmocka_unit_test(test_error_message_not_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
