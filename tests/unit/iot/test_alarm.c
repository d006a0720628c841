/* tests/unit/iot/test_alarm.c — iot/alarm.c: every transition of a reading (debounce, raise, repeat,
 * clear), the timeline rule for repeats, acknowledgement. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "iot/alarm.h"

static void type_of(gw_device_type *t, int64_t n, int64_t ms)
{
    char msg[200];
    memset(t, 0, sizeof *t);
    strcpy(t->code, "manhole");
    t->heartbeat_s = 60, t->offline_s = 300, t->debounce_n = n, t->debounce_ms = ms;
    json_t *a = json_loads("[{\"status\":\"normal\"},{\"status\":\"service\"},{\"status\":\"tilted\",\"alarm\":\"cover\","
                           "\"severity\":\"major\"},{\"status\":\"open\",\"alarm\":\"cover\",\"severity\":\"critical\"}]",
                           0, NULL);
    assert_int_equal(gw_device_type_set_statuses(t, a, msg, sizeof msg), GW_OK);
    json_decref(a);
}

static gw_device_state st(const char *status)
{
    gw_device_state s;
    memset(&s, 0, sizeof s);
    strcpy(s.status, status);
    return s;
}

static void test_no_debounce(void **state)
{
    (void)state;
    gw_device_type t;
    type_of(&t, 1, 0);
    gw_device_state s = st("normal");
    assert_int_equal(gw_alarm_step(&t, &s, "normal", 1000), GW_IOT_SAME);    /* heartbeat */
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 2000), GW_IOT_RAISE);   /* raise at once */
    assert_string_equal(s.status, "tilted");
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 3000), GW_IOT_RAISE);   /* repeat */
    assert_int_equal(gw_alarm_step(&t, &s, "open", 4000), GW_IOT_RAISE);     /* another abnormal status */
    assert_string_equal(s.status, "open");
    assert_int_equal(gw_alarm_step(&t, &s, "normal", 5000), GW_IOT_CLEAR);   /* recovery clears */
    assert_string_equal(s.status, "normal");
    assert_int_equal(gw_alarm_step(&t, &s, "service", 6000), GW_IOT_CLEAR);  /* another status without alarm */
    assert_int_equal(gw_alarm_step(&t, &s, "service", 7000), GW_IOT_SAME);
    assert_int_equal(s.pending_count, 0);
}

static void test_debounce_count(void **state)
{
    (void)state;
    gw_device_type t;
    type_of(&t, 3, 0);
    gw_device_state s = st("normal");
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 1000), GW_IOT_HOLD);
    assert_int_equal(s.pending_count, 1);
    assert_string_equal(s.status, "normal");
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 2000), GW_IOT_HOLD);
    /* a single flap back to normal forgets the count (and must be written: HOLD) */
    assert_int_equal(gw_alarm_step(&t, &s, "normal", 2500), GW_IOT_HOLD);
    assert_int_equal(s.pending_count, 0);
    assert_string_equal(s.pending, "");
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 3000), GW_IOT_HOLD);
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 4000), GW_IOT_HOLD);
    /* another abnormal status restarts the count */
    assert_int_equal(gw_alarm_step(&t, &s, "open", 4500), GW_IOT_HOLD);
    assert_int_equal(s.pending_count, 1);
    assert_string_equal(s.pending, "open");
    assert_int_equal(gw_alarm_step(&t, &s, "open", 5000), GW_IOT_HOLD);
    assert_int_equal(gw_alarm_step(&t, &s, "open", 6000), GW_IOT_RAISE);
    assert_string_equal(s.status, "open");
    assert_int_equal(s.pending_count, 0);
    assert_int_equal(gw_alarm_step(&t, &s, "open", 7000), GW_IOT_RAISE); /* repeats need no confirming */
}

static void test_debounce_duration(void **state)
{
    (void)state;
    gw_device_type t;
    type_of(&t, 2, 10000);
    gw_device_state s = st("normal");
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 1000), GW_IOT_HOLD);
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 2000), GW_IOT_HOLD);  /* count reached, not the time */
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 10999), GW_IOT_HOLD);
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 11000), GW_IOT_RAISE);
    type_of(&t, 1, 5000); /* duration alone */
    s = st("normal");
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 0), GW_IOT_HOLD);
    assert_int_equal(gw_alarm_step(&t, &s, "tilted", 5000), GW_IOT_RAISE);
}

static void test_repeat_noted(void **state)
{
    (void)state;
    assert_true(gw_alarm_repeat_noted(2, 0));
    assert_false(gw_alarm_repeat_noted(3, 0));
    assert_false(gw_alarm_repeat_noted(9, 0));
    assert_true(gw_alarm_repeat_noted(10, 0));
    assert_false(gw_alarm_repeat_noted(11, 0));
    assert_true(gw_alarm_repeat_noted(100, 0));
    assert_true(gw_alarm_repeat_noted(1000, 0));
    assert_false(gw_alarm_repeat_noted(1001, 0));
    assert_true(gw_alarm_repeat_noted(7, 1)); /* every escalation */
}

static void test_ack(void **state)
{
    (void)state;
    assert_int_equal(gw_alarm_ack_check(0), GW_OK);
    assert_int_equal(gw_alarm_ack_check(1), GW_E_CONFLICT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_debounce),
        cmocka_unit_test(test_debounce_count),
        cmocka_unit_test(test_debounce_duration),
        cmocka_unit_test(test_repeat_noted),
        cmocka_unit_test(test_ack),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
