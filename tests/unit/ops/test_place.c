/* tests/unit/ops/test_place.c — ops/place.c: normalising addresses and scoring matches. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ops/place.h"

static const char *norm(const char *s)
{
    static char buf[GW_PLACE_KEY_MAX];
    gw_place_normalise(s, buf, sizeof buf);
    return buf;
}

static void test_full_width_and_spaces(void **state)
{
    (void)state;
    assert_string_equal(norm("中山路１００号"), "中山路100号");
    assert_string_equal(norm(" 中山路 100 号 "), "中山路100号");
    assert_string_equal(norm("中山路　100号"), "中山路100号");   /* ideographic space */
    assert_string_equal(norm("ＡＢＣ大厦"), "abc大厦");
}

static void test_punctuation_dropped_digits_kept(void **state)
{
    (void)state;
    assert_string_equal(norm("中山路（100号）。"), "中山路100号");
    assert_string_equal(norm("“幸福里”小区，3幢"), "幸福里小区3栋");
    assert_string_equal(norm("中山路100-2号"), "中山路100-2号");  /* a dash between digits stays */
    assert_string_equal(norm("中山路-100号"), "中山路100号");
    assert_string_equal(norm("中山路100#"), "中山路100号");
    assert_string_equal(norm("#中山路"), "中山路");
}

static void test_forms(void **state)
{
    (void)state;
    assert_string_equal(norm("中山路100號"), "中山路100号");
    assert_string_equal(norm("幸福里3幢2單元"), "幸福里3栋2单元");
    assert_string_equal(norm("幸福里3号楼"), "幸福里3栋");
    assert_string_equal(norm("幸福里3座"), "幸福里3栋");
    assert_string_equal(norm("柳营巷12弄"), "柳营巷12弄");
}

static void test_chinese_numerals(void **state)
{
    (void)state;
    assert_string_equal(norm("中山路一百号"), "中山路100号");
    assert_string_equal(norm("中山路十二号"), "中山路12号");
    assert_string_equal(norm("中山路二十号"), "中山路20号");
    assert_string_equal(norm("中山路二十三号"), "中山路23号");
    assert_string_equal(norm("中山路一百零五号"), "中山路105号");
    assert_string_equal(norm("中山路一〇五号"), "中山路105号");
    assert_string_equal(norm("幸福里三栋两单元五〇一室"), "幸福里3栋2单元501室");
    assert_string_equal(norm("五一路"), "五一路"); /* a numeral in a road name is part of the name */
}

static void test_cut_and_bad_bytes(void **state)
{
    (void)state;
    char small[8];
    gw_place_normalise("中山路100号", small, sizeof small); /* 7 bytes room: two characters */
    assert_string_equal(small, "中山");
    assert_string_equal(norm("中\xff山路"), "中山路");
    assert_string_equal(norm(NULL), "");
}

static double score(const char *q, const char *k)
{
    char a[GW_PLACE_KEY_MAX], b[GW_PLACE_KEY_MAX];
    gw_place_normalise(q, a, sizeof a);
    gw_place_normalise(k, b, sizeof b);
    return gw_place_score(a, b);
}

static void test_score_exact_and_forms(void **state)
{
    (void)state;
    assert_true(score("中山路100号", "中山路100号") > 0.99);
    assert_true(score("中山路１００號", "中山路100号") > 0.99);
    assert_true(score("中山路一百号", "中山路100号") > 0.99);
}

static void test_score_keeps_digits(void **state)
{
    (void)state;
    double right = score("中山路100号", "中山路100号");
    double other = score("中山路100号", "中山路102号");
    double road = score("中山路100号", "中山路");
    assert_true(other < 0.5);
    assert_true(road < right);
    assert_true(other < road); /* the road itself beats a wrong house on it */
    assert_true(score("中山路10", "中山路100号") > score("中山路10", "中山路23号"));
}

static void test_score_tolerates_a_typo(void **state)
{
    (void)state;
    double typo = score("中三路100号", "中山路100号");
    assert_true(typo > 0.45);
    assert_true(typo > score("中三路100号", "凤凰路100号"));
    assert_true(typo > score("中三路100号", "中山路12号"));
    assert_true(score("中山100号", "中山路100号") > 0.5); /* a missing character */
    assert_true(score("中山路", "中山路") > score("中山路", "中山路100号"));
    assert_true(score("中山路", "凤凰路") < 0.4);
    assert_true(score("", "中山路") == 0);
}

static void test_bigrams(void **state)
{
    (void)state;
    char g[GW_PLACE_GRAMS][9];
    size_t n = gw_place_bigrams("中山路100号", g, GW_PLACE_GRAMS);
    assert_int_equal(n, 6);
    assert_string_equal(g[0], "中山");
    assert_string_equal(g[2], "路1");
    assert_string_equal(g[5], "0号");
    assert_int_equal(gw_place_bigrams("中", g, GW_PLACE_GRAMS), 1);
    assert_string_equal(g[0], "中");
    assert_int_equal(gw_place_bigrams("aaaa", g, GW_PLACE_GRAMS), 1); /* distinct */
    assert_int_equal(gw_place_bigrams("中山路100号", g, 2), 2);
    assert_int_equal(gw_place_bigrams("", g, GW_PLACE_GRAMS), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full_width_and_spaces), cmocka_unit_test(test_punctuation_dropped_digits_kept),
        cmocka_unit_test(test_forms),                 cmocka_unit_test(test_chinese_numerals),
        cmocka_unit_test(test_cut_and_bad_bytes),     cmocka_unit_test(test_score_exact_and_forms),
        cmocka_unit_test(test_score_keeps_digits),    cmocka_unit_test(test_score_tolerates_a_typo),
        cmocka_unit_test(test_bigrams),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
