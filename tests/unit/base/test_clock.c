/* base/clock.c: parsing ISO 8601 / W3C datetimes (offsets, fractions, date alone) and refusing
 * everything else (signs or spaces in fields, impossible dates, trailing bytes, short input);
 * formatting round trips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/clock.h"

#define T2024 INT64_C(1704067200000) /* 2024-01-01T00:00:00Z */

static int64_t parsed(const char *s)
{
    int64_t ms = -42;
    assert_int_equal(gw_clock_parse(s, &ms), 0);
    return ms;
}

static void test_parse_valid(void **st)
{
    (void)st;
    assert_int_equal(parsed("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(parsed("2024-01-01"), T2024); /* a date alone is midnight UTC */
    assert_int_equal(parsed("2024-01-01T00:00:00Z"), T2024);
    assert_int_equal(parsed("2024-01-01 00:00:01Z"), T2024 + 1000);
    assert_int_equal(parsed("2024-01-01T00:00:00"), T2024); /* no zone: UTC */
    assert_int_equal(parsed("2024-01-01T08:00:00+08:00"), T2024);
    assert_int_equal(parsed("2023-12-31T19:30:00-04:30"), T2024);
    assert_int_equal(parsed("2024-01-01T00:00:00.5Z"), T2024 + 500);
    assert_int_equal(parsed("2024-01-01T00:00:00.123456Z"), T2024 + 123); /* past ms: cut */
    assert_int_equal(parsed("2024-02-29T00:00:00Z"), T2024 + 59 * 86400000LL); /* a leap day */
    assert_int_equal(parsed("2000-02-29"), INT64_C(951782400000));            /* 2000 is a leap year */
    assert_int_equal(parsed("2024-12-31T23:59:60Z"), parsed("2025-01-01")); /* a leap second */
    assert_int_equal(parsed("1969-12-31T23:59:59Z"), -1000);
}

static void test_parse_refused(void **st)
{
    (void)st;
    const char *bad[] = {
        "", "2024", "2024-01", "2024-01-0", "24-01-01", "2024/01/01", "2024-1-01", "2024-01-1",
        "2024-+1-01", "2024- 1-01", "2024-01--1", " 2024-01-01", "2024-01-01 ", "2024-01-01x",
        "2024-00-01", "2024-13-01", "2024-01-00", "2024-01-32", "2024-02-30", "2023-02-29", "1900-02-29",
        "2024-04-31", "2024-01-01T", "2024-01-01T1:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:61Z", "2024-01-01T00:00Z", "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00ZZ",
        "2024-01-01T00:00:00+8:00", "2024-01-01T00:00:00+08", "2024-01-01T00:00:00+24:00",
        "2024-01-01T00:00:00+08:60", "2024-01-01T00:00:00+08:00x", "2024-01-01T00:00:00 +08:00",
        "2024-01-01T+0:00:00Z", "2024-01-01T00:-1:00Z",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t ms = 7;
        if (gw_clock_parse(bad[i], &ms) != -1) fail_msg("accepted '%s'", bad[i]);
        assert_int_equal(ms, 7); /* untouched */
    }
    int64_t ms;
    assert_int_equal(gw_clock_parse(NULL, &ms), -1);
}

static void test_format_round_trip(void **st)
{
    (void)st;
    char buf[32];
    gw_clock_iso8601(T2024 + 1234, buf, sizeof buf);
    assert_string_equal(buf, "2024-01-01T00:00:01.234Z");
    assert_int_equal(parsed(buf), T2024 + 1234);
    gw_clock_w3c_cst(T2024, buf, sizeof buf);
    assert_string_equal(buf, "2024-01-01T08:00:00+08:00");
    assert_int_equal(parsed(buf), T2024);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),
        cmocka_unit_test(test_parse_refused),
        cmocka_unit_test(test_format_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
