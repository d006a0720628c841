/* The MQTT topic rules (iot/mqtt_topic.c): the exact topic shape under a prefix, the device-id charset
 * and length, hostile topics (wildcards, extra levels, NUL-free junk), prefixes and share groups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/fields.h"
#include "iot/mqtt.h"
#include "iot/mqtt_topic.h"

static const char *P = "gridwork/v1";

static void test_parse_ok(void **st)
{
    (void)st;
    char dev[GW_IOT_CODE_MAX + 1];
    const char *kind = NULL;
    assert_int_equal(gw_mqtt_topic_parse(P, "gridwork/v1/devices/MC-001/status", dev, sizeof dev, &kind), -1);
    assert_string_equal(dev, "MC-001");
    assert_string_equal(kind, "status");
    assert_int_equal(gw_mqtt_topic_parse(P, "gridwork/v1/devices/a_b.c:9-/telemetry", dev, sizeof dev, &kind), -1);
    assert_string_equal(dev, "a_b.c:9-");
    assert_string_equal(kind, "telemetry");
}

static void test_parse_wrong_topic(void **st)
{
    (void)st;
    char dev[GW_IOT_CODE_MAX + 1];
    const char *kind = "x";
    const char *bad[] = {
        "gridwork/v1/devices/MC-001/status/extra", "gridwork/v1/devices/MC-001", "gridwork/v1/devices/MC-001/",
        "gridwork/v1/devices/MC-001/Status", "gridwork/v2/devices/MC-001/status", "gridwork/v1/device/MC-001/status",
        "gridwork/v1x/devices/MC-001/status", "gridwork/v1", "", "/gridwork/v1/devices/MC-001/status",
        "gridwork/v1/devices/MC-001/statusx", "other/devices/MC-001/status",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(gw_mqtt_topic_parse(P, bad[i], dev, sizeof dev, &kind), GW_MQTT_DROP_TOPIC);
        assert_null(kind);
        assert_string_equal(dev, "");
    }
}

static void test_parse_bad_device_id(void **st)
{
    (void)st;
    char dev[GW_IOT_CODE_MAX + 1], topic[512];
    const char *kind;
    const char *bad[] = { "gridwork/v1/devices//status", "gridwork/v1/devices/a b/status",
                          "gridwork/v1/devices/井盖1/status", "gridwork/v1/devices/a+b/telemetry",
                          "gridwork/v1/devices/a#/status", "gridwork/v1/devices/a\x01/status",
                          "gridwork/v1/devices/x/y/status" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(gw_mqtt_topic_parse(P, bad[i], dev, sizeof dev, &kind), GW_MQTT_DROP_DEVICE_ID);
    char id[GW_IOT_CODE_MAX + 2];
    memset(id, 'A', sizeof id);
    id[GW_IOT_CODE_MAX] = 0; /* exactly the limit: fine */
    snprintf(topic, sizeof topic, "gridwork/v1/devices/%s/status", id);
    assert_int_equal(gw_mqtt_topic_parse(P, topic, dev, sizeof dev, &kind), -1);
    assert_int_equal(strlen(dev), GW_IOT_CODE_MAX);
    id[GW_IOT_CODE_MAX] = 'A';
    id[GW_IOT_CODE_MAX + 1] = 0; /* one over */
    snprintf(topic, sizeof topic, "gridwork/v1/devices/%s/status", id);
    assert_int_equal(gw_mqtt_topic_parse(P, topic, dev, sizeof dev, &kind), GW_MQTT_DROP_DEVICE_ID);
    /* a buffer too small for a valid id is refused, never overrun */
    char small[4];
    assert_int_equal(gw_mqtt_topic_parse(P, "gridwork/v1/devices/ABCD/status", small, sizeof small, &kind),
                     GW_MQTT_DROP_DEVICE_ID);
}

static void test_prefix_and_group(void **st)
{
    (void)st;
    assert_true(gw_mqtt_prefix_ok("gridwork/v1"));
    assert_true(gw_mqtt_prefix_ok("city"));
    assert_false(gw_mqtt_prefix_ok(""));
    assert_false(gw_mqtt_prefix_ok("a/+/b"));
    assert_false(gw_mqtt_prefix_ok("a/#"));
    assert_false(gw_mqtt_prefix_ok("$SYS"));
    assert_false(gw_mqtt_prefix_ok("/a"));
    assert_false(gw_mqtt_prefix_ok("a/"));
    assert_false(gw_mqtt_prefix_ok("a//b"));
    char big[120];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_false(gw_mqtt_prefix_ok(big));
    assert_true(gw_mqtt_group_ok("gridwork"));
    assert_true(gw_mqtt_group_ok("g_1-x"));
    assert_false(gw_mqtt_group_ok(""));
    assert_false(gw_mqtt_group_ok("a/b"));
    assert_false(gw_mqtt_group_ok("a+"));
    assert_false(gw_mqtt_group_ok("a.b"));
    assert_false(gw_mqtt_group_ok("a:b"));
}

static void test_filter_and_topic(void **st)
{
    (void)st;
    char out[256];
    assert_int_equal(gw_mqtt_filter(P, "", "status", out, sizeof out), 0);
    assert_string_equal(out, "gridwork/v1/devices/+/status");
    assert_int_equal(gw_mqtt_filter(P, "gw", "telemetry", out, sizeof out), 0);
    assert_string_equal(out, "$share/gw/gridwork/v1/devices/+/telemetry");
    assert_int_equal(gw_mqtt_topic(P, "SIM-0001", "status", out, sizeof out), 0);
    assert_string_equal(out, "gridwork/v1/devices/SIM-0001/status");
    char tiny[8];
    assert_int_equal(gw_mqtt_topic(P, "SIM-0001", "status", tiny, sizeof tiny), -1);
    assert_string_equal(gw_mqtt_drop_name(GW_MQTT_DROP_TOO_LARGE), "too_large");
}

static void test_verdicts(void **st)
{
    (void)st;
    assert_int_equal(gw_mqtt_verdict(GW_OK), GW_MQTT_ACK);
    assert_int_equal(gw_mqtt_verdict(GW_E_UNAVAILABLE), GW_MQTT_RETRY);
    assert_int_equal(gw_mqtt_verdict(GW_E_IO), GW_MQTT_RETRY);
    assert_int_equal(gw_mqtt_verdict(GW_E_NOMEM), GW_MQTT_RETRY);
    assert_int_equal(gw_mqtt_verdict(GW_E_INVALID), GW_MQTT_REJECT);
    assert_int_equal(gw_mqtt_verdict(GW_E_NOT_FOUND), GW_MQTT_REJECT);
    assert_int_equal(gw_mqtt_verdict(GW_E_TOO_LARGE), GW_MQTT_REJECT);
    assert_int_equal(gw_mqtt_verdict(GW_E_INTERNAL), GW_MQTT_REJECT); /* a poison message must not loop */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ok), cmocka_unit_test(test_parse_wrong_topic),
        cmocka_unit_test(test_parse_bad_device_id), cmocka_unit_test(test_prefix_and_group),
        cmocka_unit_test(test_filter_and_topic), cmocka_unit_test(test_verdicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
