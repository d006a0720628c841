/* tests/unit/iot/test_ingest.c — iot/ingest.c, the device message decoder, with hostile inputs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "iot/ingest.h"

static gw_err dec(const char *s, gw_iot_event *ev, size_t *n)
{
    char msg[200];
    return gw_iot_decode(s, strlen(s), ev, GW_IOT_BATCH_MAX, n, msg, sizeof msg);
}

static void test_shapes(void **state)
{
    (void)state;
    gw_iot_event ev[GW_IOT_BATCH_MAX];
    size_t n;
    assert_int_equal(dec("{\"ts\":1765000000000,\"status\":\"tilted\",\"values\":{\"angle\":12.5,\"ok\":true},"
                         "\"battery\":87,\"signal\":-71}", ev, &n), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ev[0].ts_ms, 1765000000000LL);
    assert_string_equal(ev[0].status, "tilted");
    assert_string_equal(ev[0].values, "{\"angle\":12.5,\"ok\":true}");
    assert_true(ev[0].has_battery && ev[0].battery == 87 && ev[0].has_signal && ev[0].signal == -71);
    gw_iot_events_free(ev, n);
    /* the seed's alert shape */
    assert_int_equal(dec("{\"device_id\":\"MC-001\",\"type\":\"manhole\",\"location\":\"中山路100号\",\"status\":"
                         "\"tilted\",\"timestamp\":\"2026-12-07T08:00:00+08:00\"}", ev, &n), GW_OK);
    assert_string_equal(ev[0].device_id, "MC-001");
    assert_string_equal(ev[0].type, "manhole");
    assert_int_equal(ev[0].ts_ms, gw_iot_parse_time("2026-12-07T00:00:00Z"));
    assert_null(ev[0].values);
    gw_iot_events_free(ev, n);
    assert_int_equal(dec("{\"location\":{\"lon\":120.1,\"lat\":30.2},\"status\":\"normal\",\"timestamp\":1765000000}", ev,
                         &n), GW_OK);
    assert_int_equal(ev[0].ts_ms, 1765000000000LL); /* seconds */
    assert_int_equal(dec("{}", ev, &n), GW_OK); /* a bare heartbeat */
    assert_int_equal(n, 1);
    assert_int_equal(ev[0].ts_ms, 0);
    assert_int_equal(dec("{\"events\":[{\"status\":\"normal\"},{\"status\":\"full\",\"values\":{\"fill\":95}}]}", ev, &n),
                     GW_OK);
    assert_int_equal(n, 2);
    assert_string_equal(ev[1].status, "full");
    gw_iot_events_free(ev, n);
}

static void test_hostile(void **state)
{
    (void)state;
    gw_iot_event ev[GW_IOT_BATCH_MAX];
    size_t n = 99;
    const char *bad[] = {
        "", "{", "not json", "[]", "[{\"status\":\"x\"}]", "\"x\"", "null", "{\"status\":\"a\",\"status\":\"b\"}",
        "{\"status\":1}", "{\"status\":\"\"}", "{\"status\":\"有空格 \"}", "{\"status\":\"a/b\"}",
        "{\"unknown\":1}", "{\"ts\":\"soon\"}", "{\"ts\":-5}", "{\"ts\":1.5e12}", "{\"ts\":99999999999999999}",
        "{\"ts\":1765000000000,\"timestamp\":1765000000}", "{\"timestamp\":\"2026-13-01T00:00:00Z\"}",
        "{\"timestamp\":\"2026-02-30T00:00:00Z\"}", "{\"timestamp\":\"2026-12-07T25:00:00Z\"}",
        "{\"timestamp\":\"2026-12-07T08:00:00+8\"}", "{\"timestamp\":\"yesterday\"}", "{\"timestamp\":true}",
        "{\"values\":[1]}", "{\"values\":{\"a\":{\"b\":1}}}", "{\"values\":{\"a\":[1]}}", "{\"values\":{\"\":1}}",
        "{\"battery\":101}", "{\"battery\":-1}", "{\"battery\":\"50\"}", "{\"signal\":500}",
        "{\"location\":[1,2]}", "{\"location\":{\"lon\":\"x\",\"lat\":1}}", "{\"device_id\":\"\"}",
        "{\"events\":[]}", "{\"events\":{}}", "{\"events\":[1]}", "{\"events\":[{\"bad\":1}]}",
        "{\"events\":[{\"status\":\"x\"}],\"status\":\"y\"}", "{\"status\":\"x\\u0001\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        gw_err e = dec(bad[i], ev, &n);
        if (e == GW_OK) fail_msg("accepted: %s", bad[i]);
        assert_int_equal(n, 0);
    }
    char msg[200];
    /* invalid UTF-8, an embedded NUL, deep nesting */
    const char inv[] = "{\"status\":\"\xff\xfe\"}";
    assert_int_not_equal(gw_iot_decode(inv, sizeof inv - 1, ev, GW_IOT_BATCH_MAX, &n, msg, sizeof msg), GW_OK);
    const char nul[] = "{\"status\":\"a\0b\"}";
    assert_int_not_equal(gw_iot_decode(nul, sizeof nul - 1, ev, GW_IOT_BATCH_MAX, &n, msg, sizeof msg), GW_OK);
    char deep[200] = "{\"values\":";
    for (int i = 0; i < 40; i++) strcat(deep, "[");
    assert_int_not_equal(dec(deep, ev, &n), GW_OK);
    /* a batch over the limit; values over the key limit */
    char *big = malloc(20000);
    strcpy(big, "{\"events\":[");
    for (int i = 0; i <= GW_IOT_BATCH_MAX; i++) strcat(big, i ? ",{}" : "{}");
    strcat(big, "]}");
    assert_int_equal(dec(big, ev, &n), GW_E_INVALID);
    strcpy(big, "{\"values\":{");
    for (int i = 0; i <= GW_IOT_VALUES_MAX; i++) sprintf(big + strlen(big), "%s\"k%d\":1", i ? "," : "", i);
    strcat(big, "}}");
    assert_int_equal(dec(big, ev, &n), GW_E_INVALID);
    free(big);
}

static void test_time(void **state)
{
    (void)state;
    assert_int_equal(gw_iot_parse_time("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(gw_iot_parse_time("1970-01-01T08:00:00"), 0); /* no zone: Asia/Shanghai */
    assert_int_equal(gw_iot_parse_time("1970-01-01 08:00:00+08:00"), 0);
    assert_int_equal(gw_iot_parse_time("2000-03-01T00:00:00.25Z"), 951868800250LL);
    assert_int_equal(gw_iot_parse_time("2024-02-29T12:00:00-05:30"), 1709227800000LL);
    assert_int_equal(gw_iot_parse_time("2024-02-29T12:00:00Zjunk"), -1);
    assert_int_equal(gw_iot_parse_time("2024-02-29T12:00:00."), -1);
    assert_int_equal(gw_iot_parse_time("2024-2-29T12:00:00Z"), -1);
    assert_int_equal(gw_iot_parse_time(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_hostile),
        cmocka_unit_test(test_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
