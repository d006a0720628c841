/* tests/unit/iot/test_device.c — iot/device.c: status tables, type checks, codes, secrets. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "iot/device.h"

static gw_err statuses(gw_device_type *t, const char *text, char *msg)
{
    json_t *a = json_loads(text, 0, NULL);
    assert_non_null(a);
    gw_err e = gw_device_type_set_statuses(t, a, msg, 200);
    json_decref(a);
    return e;
}

static void manhole(gw_device_type *t)
{
    char msg[200];
    memset(t, 0, sizeof *t);
    strcpy(t->code, "manhole");
    t->heartbeat_s = 300, t->offline_s = 900, t->debounce_n = 1;
    assert_int_equal(statuses(t, "[{\"status\":\"normal\"},{\"status\":\"tilted\",\"alarm\":\"cover\",\"severity\":"
                                 "\"major\",\"category\":\"0101\"},{\"status\":\"open\",\"alarm\":\"cover\",\"severity\":"
                                 "\"critical\"}]", msg), GW_OK);
}

static void test_statuses(void **state)
{
    (void)state;
    gw_device_type t;
    char msg[200];
    manhole(&t);
    assert_int_equal(t.n_st, 3);
    const gw_status_rule *r = gw_device_type_rule(&t, "tilted");
    assert_non_null(r);
    assert_string_equal(r->alarm, "cover");
    assert_int_equal(r->severity, GW_SEV_MAJOR);
    assert_string_equal(r->category, "0101");
    assert_null(gw_device_type_rule(&t, "melted"));
    assert_int_equal(gw_device_type_check(&t, msg, sizeof msg), GW_OK);
    json_t *j = gw_device_type_statuses_json(&t);
    char *s = json_dumps(j, JSON_COMPACT);
    assert_non_null(strstr(s, "\"severity\":\"critical\""));
    free(s);
    json_decref(j);

    const char *bad[] = { "[]", "{}", "[1]", "[{\"status\":\"x\",\"alarm\":\"a\"}]",      /* alarm without severity */
                          "[{\"status\":\"x\",\"severity\":\"major\"}]",                     /* severity without alarm */
                          "[{\"status\":\"x\",\"alarm\":\"a\",\"severity\":\"huge\"}]",
                          "[{\"status\":\"x\"},{\"status\":\"x\"}]",                         /* twice */
                          "[{\"status\":\"a b\"}]", "[{\"status\":\"x\",\"extra\":1}]", "[{\"status\":\"\"}]" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        gw_device_type u;
        memset(&u, 0, sizeof u);
        assert_int_equal(statuses(&u, bad[i], msg), GW_E_INVALID);
    }
}

static void test_type_check(void **state)
{
    (void)state;
    gw_device_type t;
    char msg[200];
    manhole(&t);
    t.offline_s = t.heartbeat_s;
    assert_int_equal(gw_device_type_check(&t, msg, sizeof msg), GW_E_INVALID);
    manhole(&t);
    t.heartbeat_s = 1, t.offline_s = GW_IOT_OFFLINE_MIN_S - 1;
    assert_int_equal(gw_device_type_check(&t, msg, sizeof msg), GW_E_INVALID);
    manhole(&t);
    t.debounce_n = 0;
    assert_int_equal(gw_device_type_check(&t, msg, sizeof msg), GW_E_INVALID);
    manhole(&t);
    strcpy(t.code, "has space");
    assert_int_equal(gw_device_type_check(&t, msg, sizeof msg), GW_E_INVALID);
    manhole(&t); /* no normal status */
    assert_int_equal(statuses(&t, "[{\"status\":\"tilted\",\"alarm\":\"c\",\"severity\":\"minor\"}]", msg), GW_OK);
    assert_int_equal(gw_device_type_check(&t, msg, sizeof msg), GW_E_INVALID);
    manhole(&t); /* normal may not be an alarm */
    assert_int_equal(statuses(&t, "[{\"status\":\"normal\",\"alarm\":\"c\",\"severity\":\"minor\"}]", msg), GW_OK);
    assert_int_equal(gw_device_type_check(&t, msg, sizeof msg), GW_E_INVALID);
}

static void test_codes_and_severity(void **state)
{
    (void)state;
    assert_true(gw_iot_code_valid("MC-001"));
    assert_true(gw_iot_code_valid("SIM-0040"));
    assert_false(gw_iot_code_valid(""));
    assert_false(gw_iot_code_valid(NULL));
    assert_false(gw_iot_code_valid("MC 001"));
    assert_false(gw_iot_code_valid("井盖"));
    assert_false(gw_iot_code_valid("a/b"));
    char long_id[GW_IOT_CODE_MAX + 2];
    memset(long_id, 'a', sizeof long_id - 1);
    long_id[sizeof long_id - 1] = 0;
    assert_false(gw_iot_code_valid(long_id));
    long_id[GW_IOT_CODE_MAX] = 0;
    assert_true(gw_iot_code_valid(long_id));
    assert_int_equal(gw_severity_parse("critical"), GW_SEV_CRITICAL);
    assert_int_equal(gw_severity_parse("warning"), GW_SEV_WARNING);
    assert_int_equal(gw_severity_parse("none"), -1);
    assert_int_equal(gw_severity_parse(NULL), -1);
    assert_string_equal(gw_severity_name(GW_SEV_MINOR), "minor");
    assert_true(GW_SEV_CRITICAL > GW_SEV_MAJOR && GW_SEV_MAJOR > GW_SEV_MINOR && GW_SEV_MINOR > GW_SEV_WARNING);
}

static void test_secrets(void **state)
{
    (void)state;
    char a[GW_IOT_SECRET_LEN + 1], b[GW_IOT_SECRET_LEN + 1], h[GW_IOT_HASH_BUF], h2[GW_IOT_HASH_BUF];
    gw_iot_secret_new(a);
    gw_iot_secret_new(b);
    assert_int_equal(strlen(a), GW_IOT_SECRET_LEN);
    assert_string_not_equal(a, b);
    gw_iot_secret_hash("MC-001", a, h);
    assert_int_equal(strlen(h), 64);
    assert_true(gw_iot_secret_ok("MC-001", a, h));
    assert_false(gw_iot_secret_ok("MC-001", b, h));
    assert_false(gw_iot_secret_ok("MC-002", a, h)); /* the hash binds the device */
    gw_iot_secret_hash("MC-002", a, h2);
    assert_string_not_equal(h, h2);
    assert_false(gw_iot_secret_ok("MC-001", a, "short"));
    assert_false(gw_iot_secret_ok("MC-001", NULL, h));
}

int main(void)
{
    if (sodium_init() < 0) return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_statuses),
        cmocka_unit_test(test_type_check),
        cmocka_unit_test(test_codes_and_severity),
        cmocka_unit_test(test_secrets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
