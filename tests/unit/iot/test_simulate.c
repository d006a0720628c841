/* The simulator's fleet model (iot/simulate.c): ids and types, statuses only from the type's table,
 * a recovery only after a fault, faults at about the asked rate, QoS by kind, the same seed the same run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "iot/simulate.h"

static const char *const TYPES[] = { "manhole", "trashbin", "smoke" };

static int in(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcmp(*list, s)) return 1;
    return 0;
}

static void test_fleet_rules(void **st)
{
    (void)st;
    gw_sim *s = gw_sim_new(30, 1, "SIM-", TYPES, 3, 0.05, 0.3, 42);
    assert_non_null(s);
    char last[31][16];
    for (int i = 0; i < 31; i++) strcpy(last[i], "normal");
    int faults = 0, recoveries = 0, total = 20000;
    for (int k = 0; k < total; k++) {
        gw_sim_msg m;
        gw_sim_next(s, 1700000000000 + k, &m);
        int n = 0;
        assert_int_equal(sscanf(m.device_id, "SIM-%4d", &n), 1);
        assert_true(n >= 1 && n <= 30);
        const char *type = TYPES[(n - 1) % 3];
        json_error_t e;
        json_t *j = json_loadb(m.payload, m.len, 0, &e);
        assert_non_null(j);
        assert_int_equal(json_integer_value(json_object_get(j, "ts")), 1700000000000 + k);
        assert_string_equal(json_string_value(json_object_get(j, "status")), m.status);
        assert_true(json_is_object(json_object_get(j, "values")));
        json_decref(j);
        assert_true(!strcmp(m.status, "normal") || in(gw_sim_faults(type), m.status));
        if (!strcmp(m.what, "fault")) {
            faults++;
            assert_string_equal(last[n], "normal");
            assert_string_not_equal(m.status, "normal");
        } else if (!strcmp(m.what, "recovery")) {
            recoveries++;
            assert_string_not_equal(last[n], "normal");
            assert_string_equal(m.status, "normal");
        } else {
            assert_string_equal(m.status, last[n]); /* a heartbeat reports the status it has */
        }
        assert_int_equal(m.qos, strcmp(m.what, "heartbeat") ? 1 : 0);
        assert_string_equal(m.kind, strcmp(m.what, "heartbeat") ? "status" : "telemetry");
        snprintf(last[n], sizeof last[n], "%s", m.status);
        if (!strcmp(type, "smoke")) assert_string_equal(m.status, "normal");
    }
    /* two of three types can fail, each normal message fails with 5%: roughly 2/3 * 5% of messages */
    assert_true(faults > 300 && faults < 1100);
    assert_true(recoveries <= faults && recoveries >= faults - 30);
    gw_sim_free(s);
}

static void test_seed_repeats(void **st)
{
    (void)st;
    gw_sim *a = gw_sim_new(40, 7, "X-", TYPES, 3, 0.2, 0.5, 9), *b = gw_sim_new(40, 7, "X-", TYPES, 3, 0.2, 0.5, 9);
    gw_sim *c = gw_sim_new(40, 7, "X-", TYPES, 3, 0.2, 0.5, 10);
    int differ = 0;
    for (int k = 0; k < 500; k++) {
        gw_sim_msg ma, mb, mc;
        gw_sim_next(a, 5, &ma);
        gw_sim_next(b, 5, &mb);
        gw_sim_next(c, 5, &mc);
        assert_string_equal(ma.payload, mb.payload);
        assert_string_equal(ma.device_id, mb.device_id);
        differ += strcmp(ma.payload, mc.payload) != 0;
        int n;
        assert_int_equal(sscanf(ma.device_id, "X-%d", &n), 1);
        assert_true(n >= 7 && n <= 46);
    }
    assert_true(differ > 400);
    gw_sim_free(a);
    gw_sim_free(b);
    gw_sim_free(c);
}

static void test_bad_fleets(void **st)
{
    (void)st;
    assert_null(gw_sim_new(0, 1, "S", TYPES, 3, 0.1, 0.1, 1));
    assert_null(gw_sim_new(GW_SIM_MAX_DEVICES + 1, 1, "S", TYPES, 3, 0.1, 0.1, 1));
    assert_null(gw_sim_new(5, 1, "S", TYPES, 0, 0.1, 0.1, 1));
    assert_null(gw_sim_new(5, 1, "S", TYPES, 3, 1.5, 0.1, 1));
    assert_null(gw_sim_new(5, 1, "S", TYPES, 3, 0.1, -0.1, 1));
    assert_null(gw_sim_new(5, 1, "a-prefix-much-too-long", TYPES, 3, 0.1, 0.1, 1));
    const char *const empty[] = { "" };
    assert_null(gw_sim_new(5, 1, "S", empty, 1, 0.1, 0.1, 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fleet_rules), cmocka_unit_test(test_seed_repeats), cmocka_unit_test(test_bad_fleets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
