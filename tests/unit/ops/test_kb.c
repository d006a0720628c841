/* tests/unit/ops/test_kb.c — ops/kb.c: statuses, the weighted index bigrams, query bigrams. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ops/kb.h"

static int weight_of(const gw_kb_gram *g, size_t n, const char *gram)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(g[i].gram, gram)) return g[i].weight;
    return 0;
}

static void test_status(void **state)
{
    (void)state;
    assert_int_equal(gw_kb_status_parse("draft"), 0);
    assert_int_equal(gw_kb_status_parse("published"), 1);
    assert_int_equal(gw_kb_status_parse("Published"), -1);
    assert_int_equal(gw_kb_status_parse(""), -1);
    assert_int_equal(gw_kb_status_parse(NULL), -1);
    assert_string_equal(gw_kb_status_name(1), "published");
    assert_string_equal(gw_kb_status_name(2), "unknown");
}

static void test_index_weights(void **state)
{
    (void)state;
    gw_kb_gram g[GW_KB_GRAMS];
    size_t n = gw_kb_index_grams("社保卡补办", "社保, 挂失", "携带身份证到社保经办窗口办理。", g, GW_KB_GRAMS);
    assert_int_equal(weight_of(g, n, "社保"), GW_KB_W_TITLE); /* the highest weight it appears with */
    assert_int_equal(weight_of(g, n, "补办"), GW_KB_W_TITLE);
    assert_int_equal(weight_of(g, n, "挂失"), GW_KB_W_TAGS);
    assert_int_equal(weight_of(g, n, "身份"), GW_KB_W_BODY);
    assert_int_equal(weight_of(g, n, "窗口"), GW_KB_W_BODY);
    assert_int_equal(weight_of(g, n, "。"), 0); /* punctuation is not indexed */
    for (size_t i = 0; i < n; i++) /* distinct */
        for (size_t j = i + 1; j < n; j++) assert_string_not_equal(g[i].gram, g[j].gram);
}

/* A long text is indexed past the first slice, and no bigram is lost at a slice boundary. */
static void test_long_body(void **state)
{
    (void)state;
    char body[2048] = "";
    for (int i = 0; i < 70; i++) strcat(body, "甲");
    strcat(body, "垃圾分类"); /* crosses the first 64-code-point slice */
    gw_kb_gram g[GW_KB_GRAMS];
    size_t n = gw_kb_index_grams("t", "", body, g, GW_KB_GRAMS);
    assert_int_equal(weight_of(g, n, "垃圾"), GW_KB_W_BODY);
    assert_int_equal(weight_of(g, n, "分类"), GW_KB_W_BODY);
    assert_int_equal(weight_of(g, n, "甲垃"), GW_KB_W_BODY);
    char cut[300] = "";
    for (int i = 0; i < 63; i++) strcat(cut, "乙");
    strcat(cut, "丙丁");
    n = gw_kb_index_grams("", "", cut, g, GW_KB_GRAMS);
    assert_int_equal(weight_of(g, n, "乙丙"), GW_KB_W_BODY);
    assert_int_equal(weight_of(g, n, "丙丁"), GW_KB_W_BODY);
    /* bounded by max */
    n = gw_kb_index_grams("社保卡补办居住证", "", "", g, 3);
    assert_int_equal(n, 3);
}

static void test_query(void **state)
{
    (void)state;
    char q[GW_KB_QUERY_GRAMS][9];
    size_t n = gw_kb_query_grams("  社保卡 补办？", q, GW_KB_QUERY_GRAMS);
    assert_int_equal(n, 4); /* 社保 保卡 卡补 补办 */
    assert_string_equal(q[0], "社保");
    assert_string_equal(q[3], "补办");
    assert_int_equal(gw_kb_query_grams("！？。", q, GW_KB_QUERY_GRAMS), 0);
    assert_int_equal(gw_kb_query_grams(NULL, q, GW_KB_QUERY_GRAMS), 0);
    assert_int_equal(gw_kb_query_grams("居住证办理流程和所需材料清单以及办理时限", q, 3), 3);
    assert_int_equal(gw_kb_min_hits(0), 0);
    assert_int_equal(gw_kb_min_hits(1), 1);
    assert_int_equal(gw_kb_min_hits(4), 2);
    assert_int_equal(gw_kb_min_hits(5), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_index_weights),
        cmocka_unit_test(test_long_body),
        cmocka_unit_test(test_query),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
