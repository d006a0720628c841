/* partners/earn.c: hand-worked cases of the earning rules — points per service and per hour, the caps,
 * validity windows, overlap, the Asia/Shanghai day, sign-in window and place, the minutes of a live
 * record, the record's state machine and who may confirm it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "partners/earn.h"

#define MIN 60000LL
#define HOUR (60 * MIN)

static void test_names(void **state)
{
    (void)state;
    assert_int_equal(gw_earn_unit_parse("hour"), GW_EU_HOUR);
    assert_int_equal(gw_earn_unit_parse("day"), -1);
    assert_int_equal(gw_earn_unit_parse(NULL), -1);
    assert_string_equal(gw_earn_source_name(GW_ES_BACKFILL), "backfill");
    assert_int_equal(gw_earn_status_parse("revoked"), GW_EST_REVOKED);
    assert_string_equal(gw_earn_status_name(99), "unknown");
    assert_int_equal(gw_earn_action_parse("sign_out"), GW_EA_SIGN_OUT);
}

static void test_points(void **state)
{
    (void)state;
    assert_int_equal(gw_earn_points(GW_EU_SERVICE, 10, 1, 0), 10);   /* one legal consultation */
    assert_int_equal(gw_earn_points(GW_EU_SERVICE, 20, 3, 0), 60);   /* three donations */
    assert_int_equal(gw_earn_points(GW_EU_HOUR, 5, 0, 90), 7);       /* 1.5 h patrol at 5/h: 7.5 down to 7 */
    assert_int_equal(gw_earn_points(GW_EU_HOUR, 5, 0, 59), 4);
    assert_int_equal(gw_earn_points(GW_EU_HOUR, 5, 0, 0), 0);
    assert_int_equal(gw_earn_points(GW_EU_SERVICE, 10, 0, 0), 0);
    assert_int_equal(gw_earn_points(GW_EU_HOUR, GW_EARN_POINTS_MAX, 0, GW_EARN_MINUTES_MAX), 2400000);
}

static void test_caps(void **state)
{
    (void)state;
    assert_int_equal(gw_earn_capped(10, 0, 0, 0, 0), 10);     /* no caps */
    assert_int_equal(gw_earn_capped(10, 15, 20, 0, 0), 5);    /* daily 20, 15 used: 5 left */
    assert_int_equal(gw_earn_capped(10, 20, 20, 0, 0), 0);    /* the day is full */
    assert_int_equal(gw_earn_capped(10, 0, 20, 95, 100), 5);  /* the total cap is the tighter */
    assert_int_equal(gw_earn_capped(10, 0, 20, 120, 100), 0); /* never below 0 */
    assert_int_equal(gw_earn_capped(10, 0, 10, 0, 10), 10);   /* exactly at both caps */
}

static void test_windows(void **state)
{
    (void)state;
    assert_true(gw_earn_in_window(0, 0, 5));
    assert_true(gw_earn_in_window(100, 200, 100));
    assert_false(gw_earn_in_window(100, 200, 200)); /* the end is outside */
    assert_false(gw_earn_in_window(100, 0, 99));
    assert_true(gw_earn_in_window(0, 200, -5));
    assert_true(gw_earn_overlap(0, 10, 9, 20));
    assert_false(gw_earn_overlap(0, 10, 10, 20)); /* touching is not overlapping */
    assert_true(gw_earn_overlap(5, INT64_MAX, 0, 6));
    assert_false(gw_earn_overlap(20, 30, 0, 20));
}

static void test_day(void **state)
{
    (void)state;
    /* 2025-10-09 15:59:59.999 UTC is 23:59:59.999 in Shanghai; a millisecond later is the next day */
    int64_t t = 1760025599999LL;
    assert_int_equal(gw_earn_day(t) + 1, gw_earn_day(t + 1));
    int64_t s, e;
    gw_earn_day_bounds(t, &s, &e);
    assert_int_equal(e, t + 1);
    assert_int_equal(e - s, 24 * HOUR);
    assert_int_equal(gw_earn_day(-1), 0); /* 1969-12-31 23:59:59.999 UTC is 07:59 on 1970-01-01 in Shanghai */
    assert_int_equal(gw_earn_day(-8 * HOUR - 1), -1);
}

static void test_signin(void **state)
{
    (void)state;
    gw_earn_place p = { 1000 * HOUR, 1002 * HOUR, { 120.15, 30.25 }, 200 };
    char msg[200];
    gw_point here = { 120.1505, 30.2502 }, far = { 120.16, 30.25 };
    assert_int_equal(gw_earn_check_signin(&p, 1000 * HOUR, here, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_earn_check_signin(&p, 1000 * HOUR - 1, here, msg, sizeof msg), GW_E_CONFLICT);
    assert_non_null(strstr(msg, "not started"));
    assert_int_equal(gw_earn_check_signin(&p, 1002 * HOUR, here, msg, sizeof msg), GW_E_CONFLICT);
    assert_non_null(strstr(msg, "ended"));
    assert_int_equal(gw_earn_check_signin(&p, 1001 * HOUR, far, msg, sizeof msg), GW_E_FORBIDDEN); /* ~960 m east */
    assert_non_null(strstr(msg, "within 200 m"));
}

static void test_minutes(void **state)
{
    (void)state;
    int64_t s = 1000 * HOUR, e = 1002 * HOUR;
    assert_int_equal(gw_earn_minutes(s + 10 * MIN, s + 100 * MIN + 59999, s, e), 90);
    assert_int_equal(gw_earn_minutes(s, e + 5 * HOUR, s, e), 120);       /* signed out late: capped by the window */
    assert_int_equal(gw_earn_minutes(s - HOUR, s + 30 * MIN, s, e), 30); /* counted from the start */
    assert_int_equal(gw_earn_minutes(s + 30 * MIN, s + 10 * MIN, s, e), 0);
}

static void test_steps(void **state)
{
    (void)state;
    char msg[200];
    gw_earn_status to;
    assert_int_equal(gw_earn_step(GW_EST_OPEN, GW_EA_SIGN_OUT, &to, msg, sizeof msg), GW_OK);
    assert_int_equal(to, GW_EST_PENDING);
    assert_int_equal(gw_earn_step(GW_EST_PENDING, GW_EA_CONFIRM, &to, msg, sizeof msg), GW_OK);
    assert_int_equal(to, GW_EST_CONFIRMED);
    assert_int_equal(gw_earn_step(GW_EST_PENDING, GW_EA_REJECT, &to, msg, sizeof msg), GW_OK);
    assert_int_equal(to, GW_EST_REJECTED);
    assert_int_equal(gw_earn_step(GW_EST_CONFIRMED, GW_EA_REVOKE, &to, msg, sizeof msg), GW_OK);
    assert_int_equal(to, GW_EST_REVOKED);
    /* illegal: every other pair */
    for (int s = 0; s < GW_EST__COUNT; s++)
        for (int a = 0; a < GW_EA__COUNT; a++) {
            int legal = (s == GW_EST_OPEN && a == GW_EA_SIGN_OUT) || (s == GW_EST_PENDING && (a == GW_EA_CONFIRM || a == GW_EA_REJECT))
                        || (s == GW_EST_CONFIRMED && a == GW_EA_REVOKE);
            to = (gw_earn_status)-1;
            gw_err e = gw_earn_step((gw_earn_status)s, (gw_earn_action)a, &to, msg, sizeof msg);
            assert_int_equal(e, legal ? GW_OK : GW_E_CONFLICT);
            if (!legal) assert_int_equal((int)to, -1);
        }
    assert_int_equal(gw_earn_step(GW_EST_REVOKED, GW_EA_REVOKE, &to, msg, sizeof msg), GW_E_CONFLICT);
    assert_string_equal(msg, "a revoked record cannot be revoked");
}

static void test_confirm(void **state)
{
    (void)state;
    char msg[200];
    gw_earn_parties lawyer = { .created_by = 7, .beneficiary_id = 50, .partner_resident = 0 };
    gw_earn_party resident50 = { 0, 0, 50 }, resident51 = { 0, 0, 51 }, staff7 = { 1, 7, 0 }, staff8 = { 1, 8, 0 };
    assert_int_equal(gw_earn_may_confirm(&lawyer, &resident50, msg, sizeof msg), GW_OK);
    assert_int_equal(gw_earn_may_confirm(&lawyer, &resident51, msg, sizeof msg), GW_E_FORBIDDEN);
    assert_int_equal(gw_earn_may_confirm(&lawyer, &staff8, msg, sizeof msg), GW_E_FORBIDDEN);
    gw_earn_parties backfill = { .created_by = 7, .beneficiary_id = 0, .partner_resident = 60 };
    assert_int_equal(gw_earn_may_confirm(&backfill, &staff7, msg, sizeof msg), GW_E_FORBIDDEN); /* own record */
    assert_non_null(strstr(msg, "another organiser"));
    assert_int_equal(gw_earn_may_confirm(&backfill, &staff8, msg, sizeof msg), GW_OK);
    gw_earn_parties live = { .created_by = 0, .beneficiary_id = 0, .partner_resident = 60 };
    gw_earn_party volunteer = { 0, 0, 60 };
    assert_int_equal(gw_earn_may_confirm(&live, &volunteer, msg, sizeof msg), GW_E_FORBIDDEN);
    assert_int_equal(gw_earn_may_confirm(&live, &staff7, msg, sizeof msg), GW_OK);
    /* a partner named as their own beneficiary still cannot confirm */
    gw_earn_parties self = { .created_by = 7, .beneficiary_id = 60, .partner_resident = 60 };
    assert_int_equal(gw_earn_may_confirm(&self, &volunteer, msg, sizeof msg), GW_E_FORBIDDEN);
    assert_string_equal(msg, "you cannot confirm your own service record");
}

static void test_codes(void **state)
{
    (void)state;
    assert_true(gw_earn_code_ok("legal_consult"));
    assert_true(gw_earn_code_ok("patrol-1"));
    assert_false(gw_earn_code_ok(""));
    assert_false(gw_earn_code_ok("法律"));
    assert_false(gw_earn_code_ok("a b"));
    char longer[GW_EARN_CODE_MAX + 2];
    memset(longer, 'a', sizeof longer - 1);
    longer[sizeof longer - 1] = 0;
    assert_false(gw_earn_code_ok(longer));
    longer[GW_EARN_CODE_MAX] = 0;
    assert_true(gw_earn_code_ok(longer));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),   cmocka_unit_test(test_points),  cmocka_unit_test(test_caps),
        cmocka_unit_test(test_windows), cmocka_unit_test(test_day),     cmocka_unit_test(test_signin),
        cmocka_unit_test(test_minutes), cmocka_unit_test(test_steps),   cmocka_unit_test(test_confirm),
        cmocka_unit_test(test_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
