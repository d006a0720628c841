/* tests/unit/ops/test_place_svc.c — ops/place_svc.c's pure half: gw_place_merge (checking a place
 * and deriving its key and a house's name). The writes and search are covered end to end in
 * tests/e2e/test_places.py on both backends. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ops/place_svc.h"

static gw_err merge(const gw_place_in *in, gw_place_row *row, char *msg)
{
    return gw_place_merge(in, row, msg, 200);
}

static void test_house_named_and_keyed(void **state)
{
    (void)state;
    gw_place_row row;
    memset(&row, 0, sizeof row);
    char msg[200] = "";
    gw_place_in in = { .kind = "house", .road = "中山路", .number = "１００", .has_point = 1, .lon = 120.1, .lat = 30.2 };
    assert_int_equal(merge(&in, &row, msg), GW_OK);
    assert_string_equal(row.name, "中山路１００号");
    assert_string_equal(row.key, "中山路100号");
    in.number = "100号";
    memset(&row, 0, sizeof row);
    assert_int_equal(merge(&in, &row, msg), GW_OK);
    assert_string_equal(row.name, "中山路100号"); /* no second 号 */
}

static void test_poi_with_aliases(void **state)
{
    (void)state;
    gw_place_row row;
    memset(&row, 0, sizeof row);
    char msg[200] = "";
    gw_place_in in = { .kind = "poi", .name = "市图书馆", .aliases = { "图书馆", "江临图书馆" }, .n_aliases = 2,
                       .set_aliases = 1, .has_point = 1, .lon = 120.1, .lat = 30.2 };
    assert_int_equal(merge(&in, &row, msg), GW_OK);
    assert_string_equal(row.aliases, "图书馆|江临图书馆");
    assert_string_equal(row.key, "市图书馆");
}

static void test_partial_update_keeps_fields(void **state)
{
    (void)state;
    gw_place_row row;
    memset(&row, 0, sizeof row);
    char msg[200] = "";
    gw_place_in in = { .kind = "poi", .name = "文昌阁", .has_point = 1, .lon = 120.25, .lat = 30.3 };
    assert_int_equal(merge(&in, &row, msg), GW_OK);
    row.id = 5; /* stored */
    gw_place_in rename = { .name = "文昌阁公园" };
    assert_int_equal(merge(&rename, &row, msg), GW_OK);
    assert_string_equal(row.name, "文昌阁公园");
    assert_string_equal(row.key, "文昌阁公园");
    assert_true(row.lon == 120.25 && row.lat == 30.3);
}

static void test_house_renamed_with_its_address(void **state)
{
    (void)state;
    gw_place_row row;
    memset(&row, 0, sizeof row);
    char msg[200] = "";
    gw_place_in in = { .kind = "house", .road = "中山路", .number = "100", .has_point = 1, .lon = 120.1, .lat = 30.2 };
    assert_int_equal(merge(&in, &row, msg), GW_OK);
    row.id = 3;
    gw_place_in renumber = { .number = "102" };
    assert_int_equal(merge(&renumber, &row, msg), GW_OK);
    assert_string_equal(row.name, "中山路102号");
    assert_string_equal(row.key, "中山路102号");
    gw_place_in own = { .name = "中山大厦" };   /* a name of its own stays through a renumbering */
    assert_int_equal(merge(&own, &row, msg), GW_OK);
    assert_int_equal(merge(&(gw_place_in){ .number = "104" }, &row, msg), GW_OK);
    assert_string_equal(row.name, "中山大厦");
    assert_string_equal(row.key, "中山路104号");
}

static void expect_invalid(const gw_place_in *in, const char *words)
{
    gw_place_row row;
    memset(&row, 0, sizeof row);
    char msg[200] = "";
    assert_int_equal(merge(in, &row, msg), GW_E_INVALID);
    assert_non_null(strstr(msg, words));
}

static void test_invalid(void **state)
{
    (void)state;
    expect_invalid(&(gw_place_in){ .kind = "city", .name = "x", .has_point = 1 }, "kind must be");
    expect_invalid(&(gw_place_in){ .name = "x", .has_point = 1 }, "kind is required");
    expect_invalid(&(gw_place_in){ .kind = "poi", .name = "x" }, "lon and lat are required");
    expect_invalid(&(gw_place_in){ .kind = "poi", .name = "x", .has_point = 1, .lon = 190 }, "lon must be");
    expect_invalid(&(gw_place_in){ .kind = "poi", .has_point = 1 }, "name is required");
    expect_invalid(&(gw_place_in){ .kind = "poi", .name = "。，", .has_point = 1 }, "nothing to search by");
    expect_invalid(&(gw_place_in){ .kind = "house", .road = "中山路", .has_point = 1 }, "a road and a number");
    expect_invalid(&(gw_place_in){ .kind = "house", .road = "中山路", .number = "甲", .has_point = 1 }, "with digits");
    expect_invalid(&(gw_place_in){ .kind = "poi", .name = "a\tb", .has_point = 1 }, "control characters");
    char long_name[4 * 65 + 1] = "";
    for (int i = 0; i < 65; i++) strcat(long_name, "路");
    expect_invalid(&(gw_place_in){ .kind = "poi", .name = long_name, .has_point = 1 }, "longer than 64");
    expect_invalid(&(gw_place_in){ .kind = "poi", .name = "x", .aliases = { "a|b" }, .n_aliases = 1, .set_aliases = 1,
                                   .has_point = 1 }, "'|'");
    expect_invalid(&(gw_place_in){ .kind = "poi", .name = "x", .n_aliases = 9, .set_aliases = 1, .has_point = 1 }, "at most 8");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_house_named_and_keyed), cmocka_unit_test(test_poi_with_aliases),
        cmocka_unit_test(test_partial_update_keeps_fields), cmocka_unit_test(test_house_renamed_with_its_address),
        cmocka_unit_test(test_invalid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
