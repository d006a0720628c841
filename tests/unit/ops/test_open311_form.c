/* tests/unit/ops/test_open311_form.c — ops/open311_form.c: the character count that checks every
 * text field an Open311 client sends (valid UTF-8, no control characters but in multiline text). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ops/open311_form.h"

static void text_chars(void **state)
{
    (void)state;
    assert_int_equal(o311_text_chars("", 0), 0);
    assert_int_equal(o311_text_chars("abc", 0), 3);
    assert_int_equal(o311_text_chars("文三路478号", 0), 7);
    assert_int_equal(o311_text_chars("\xf0\x9f\x98\x80", 0), 1);          /* U+1F600: four bytes, one character */
    assert_int_equal(o311_text_chars("a\nb\tc\r", 1), 6);                 /* multiline: tab, LF, CR allowed */
    assert_int_equal(o311_text_chars("a\nb", 0), -1);                     /* single line: none */
    assert_int_equal(o311_text_chars("a\x01" "b", 1), -1);                /* other controls never */
    assert_int_equal(o311_text_chars("a\x7f", 1), -1);                    /* DEL */
    assert_int_equal(o311_text_chars("\xc3\x28", 0), -1);                 /* a bad continuation byte */
    assert_int_equal(o311_text_chars("\xc0\xaf", 0), -1);                 /* an overlong '/' */
    assert_int_equal(o311_text_chars("\xe0\x80\xaf", 0), -1);             /* overlong, three bytes */
    assert_int_equal(o311_text_chars("\xed\xa0\x80", 0), -1);             /* a UTF-16 surrogate */
    assert_int_equal(o311_text_chars("\xf4\x90\x80\x80", 0), -1);         /* past U+10FFFF */
    assert_int_equal(o311_text_chars("\xe6\x96", 0), -1);                 /* cut short */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_chars),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
