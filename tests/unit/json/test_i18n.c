/* Error messages in zh-CN (json/i18n.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "json/i18n.h"

static void test_exact_match(void **st)
{
    (void)st;
    char out[256];
    assert_int_equal(gw_msg_translate("wrong username or password", out, sizeof out), 1);
    assert_string_equal(out, "用户名或密码错误");
    assert_int_equal(gw_msg_translate("log in first", out, sizeof out), 1);
    assert_string_equal(out, "请先登录");
    /* a specific template placed before a general one wins */
    assert_int_equal(gw_msg_translate("no such resident account", out, sizeof out), 1);
    assert_string_equal(out, "居民账号不存在");
    assert_int_equal(gw_msg_translate("too many failed sign-ins; try again in 15 minutes", out, sizeof out), 1);
    assert_string_equal(out, "登录失败次数过多，请 15 分钟后再试");
    /* found without a template by fuzz/fuzz_api_tickets with FUZZ_I18N=1 (a ticket action refused by scope) */
    assert_int_equal(gw_msg_translate("your role or unit may not take this action", out, sizeof out), 1);
    assert_string_equal(out, "您的角色或单位无权执行此操作");
    assert_int_equal(gw_msg_translate("this action is not allowed in the ticket's current state", out, sizeof out), 1);
    assert_string_equal(out, "案件的当前状态不允许此操作");
}

static void test_captures(void **st)
{
    (void)st;
    char out[256];
    assert_int_equal(gw_msg_translate("unknown query parameter 'bogus'", out, sizeof out), 1);
    assert_string_equal(out, "未知的查询参数「bogus」");
    assert_int_equal(gw_msg_translate("description is longer than 2000 characters", out, sizeof out), 1);
    assert_string_equal(out, "description 超过 2000 个字符");
    assert_int_equal(gw_msg_translate("days must be an integer in 1..90 or null", out, sizeof out), 1);
    assert_string_equal(out, "days 须为 1..90 之间的整数或 null");
    assert_int_equal(gw_msg_translate("days must be an integer in -5..90", out, sizeof out), 1);
    assert_string_equal(out, "days 须为 -5..90 之间的整数");
    assert_int_equal(gw_msg_translate("lat is required with long", out, sizeof out), 1);
    assert_string_equal(out, "lat 须与 long 一起提供");
    assert_int_equal(gw_msg_translate("too many failed logins; try again in 15 minutes or ask an administrator "
                                      "to unlock the account", out, sizeof out), 1);
    assert_string_equal(out, "登录失败次数过多，请 15 分钟后再试，或请管理员解锁账号");
}

/* A message that embeds another message, or jansson's own text, is Chinese all through. */
static void test_nested(void **st)
{
    (void)st;
    char out[256];
    assert_int_equal(gw_msg_translate("malformed JSON at line 1 column 17: unexpected token near '}'", out, sizeof out), 1);
    assert_string_equal(out, "JSON 格式错误（第 1 行第 17 列）：意外的符号（位于「}」附近）");
    assert_int_equal(gw_msg_translate("malformed JSON at line 1 column 3: premature end of input near end of file", out,
                                      sizeof out), 1);
    assert_string_equal(out, "JSON 格式错误（第 1 行第 3 列）：输入意外结束（位于末尾）");
    assert_int_equal(gw_msg_translate("Expected real or integer, got string", out, sizeof out), 1);
    assert_string_equal(out, "类型错误：应为数字，实际为字符串");
    assert_int_equal(gw_msg_translate("location: Expected real or integer, got null", out, sizeof out), 1);
    assert_string_equal(out, "位置：类型错误：应为数字，实际为null");
    assert_int_equal(gw_msg_translate("1 object item(s) left unpacked: is_admin", out, sizeof out), 1);
    assert_string_equal(out, "有 1 个未知字段：is_admin");
    assert_int_equal(gw_msg_translate("no such routing rule", out, sizeof out), 1);
    assert_string_equal(out, "派单规则不存在");
    /* words are for nested captures only, and a capture the tables do not know stays as sent */
    assert_int_equal(gw_msg_translate("string", out, sizeof out), 0);
    assert_int_equal(gw_msg_translate("no such gizmo", out, sizeof out), 1);
    assert_string_equal(out, "gizmo不存在");
}

static void test_no_match_is_unchanged(void **st)
{
    (void)st;
    char out[256];
    assert_int_equal(gw_msg_translate("something the table does not know", out, sizeof out), 0);
    assert_string_equal(out, "something the table does not know");
    /* an integer placeholder does not take letters */
    assert_int_equal(gw_msg_translate("division abc does not exist", out, sizeof out), 0);
    assert_string_equal(out, "division abc does not exist");
    /* the whole text must match, not a prefix */
    assert_int_equal(gw_msg_translate("log in first, please", out, sizeof out), 0);
    assert_int_equal(gw_msg_translate("", out, sizeof out), 0);
    assert_string_equal(out, "");
}

static void test_output_bound(void **st)
{
    (void)st;
    char out[8];
    memset(out, 'x', sizeof out);
    gw_msg_translate("wrong username or password", out, sizeof out); /* 用户名... 3 bytes a character */
    assert_string_equal(out, "用户"); /* 6 bytes: the third character would not fit, never half of it */
    char tiny[1] = { 'x' };
    gw_msg_translate("log in first", tiny, 1);
    assert_int_equal(tiny[0], '\0');
    char en[5];
    gw_msg_translate("not in the table", en, sizeof en);
    assert_string_equal(en, "not ");
    assert_int_equal(gw_msg_translate("log in first", NULL, 0), 0);
}

/* The placeholders of s in order, as one string like "%s|%lld|". */
static void specs(const char *s, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (const char *p = strchr(s, '%'); p; p = strchr(p + 1, '%')) {
        size_t k = strspn(p + 1, ".0123456789lz");
        len += (size_t)snprintf(buf + len, n - len, "%.*s|", (int)(k + 2), p);
        assert_true(len < n);
    }
}

static void test_every_template_keeps_its_placeholders(void **st)
{
    (void)st;
    size_t i = 0;
    for (; gw_msg_template_en(i); i++) {
        char a[128], b[128];
        specs(gw_msg_template_en(i), a, sizeof a);
        specs(gw_msg_template_zh(i), b, sizeof b);
        if (strcmp(a, b)) fail_msg("template %zu \"%s\": placeholders %s vs %s", i, gw_msg_template_en(i), a, b);
        assert_true(strcmp(gw_msg_template_en(i), "%s") != 0); /* a bare %s would swallow every message */
    }
    assert_true(i > 150);
}

static void test_lang_parse(void **st)
{
    (void)st;
    assert_int_equal(gw_lang_parse(NULL), GW_LANG_ZH);
    assert_int_equal(gw_lang_parse(""), GW_LANG_ZH);
    assert_int_equal(gw_lang_parse("zh-CN"), GW_LANG_ZH);
    assert_int_equal(gw_lang_parse("zh-Hans-CN,zh;q=0.9"), GW_LANG_ZH);
    assert_int_equal(gw_lang_parse("en"), GW_LANG_EN);
    assert_int_equal(gw_lang_parse("en-US,en;q=0.9"), GW_LANG_EN);
    assert_int_equal(gw_lang_parse("fr-FR, en;q=0.5"), GW_LANG_EN);
    assert_int_equal(gw_lang_parse("de, zh-TW;q=0.8, en"), GW_LANG_ZH);
    assert_int_equal(gw_lang_parse("en;q=0, zh"), GW_LANG_ZH);
    assert_int_equal(gw_lang_parse("fr"), GW_LANG_ZH);
    assert_int_equal(gw_lang_parse("eng"), GW_LANG_ZH);
}

/* A text capture that is itself a message is translated too, one level deep; one that is not stays. */
static void test_nested_capture(void **st)
{
    (void)st;
    char out[512];
    assert_int_equal(gw_msg_translate("transfer 2 (client_id l2-x): account 6 has 100 points available, fewer than 150",
                                      out, sizeof out), 1);
    assert_string_equal(out, "第 2 笔流水（client_id l2-x）：账户 6 可用积分为 100，不足 150");
    assert_int_equal(gw_msg_translate("transfer 1: zzz qqq", out, sizeof out), 1);
    assert_string_equal(out, "第 1 笔流水：zzz qqq");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exact_match),
        cmocka_unit_test(test_captures),
        cmocka_unit_test(test_nested),
        cmocka_unit_test(test_nested_capture),
        cmocka_unit_test(test_no_match_is_unchanged),
        cmocka_unit_test(test_output_bound),
        cmocka_unit_test(test_every_template_keeps_its_placeholders),
        cmocka_unit_test(test_lang_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
