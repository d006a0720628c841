/* Unit tests for core/attachment.c: what the photo store accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/attachment.h"

static void test_type_by_content(void **state)
{
    (void)state;
    static const unsigned char jpeg[] = { 0xFF, 0xD8, 0xFF, 0xE0 }, png[] = "\x89PNG\r\n\x1a\n....",
                               webp[] = "RIFF\0\0\0\0WEBPVP8 ", gif[] = "GIF89a", html[] = "<html>";
    assert_string_equal(gw_image_type(jpeg, sizeof jpeg), "image/jpeg");
    assert_string_equal(gw_image_type(png, sizeof png - 1), "image/png");
    assert_string_equal(gw_image_type(webp, sizeof webp - 1), "image/webp");
    assert_null(gw_image_type(gif, sizeof gif - 1));
    assert_null(gw_image_type(html, sizeof html - 1));
    assert_null(gw_image_type(jpeg, 2));  /* too short to tell */
    assert_null(gw_image_type(png, 7));
    assert_null(gw_image_type(webp, 11));
}

static void test_sha256_hex(void **state)
{
    (void)state;
    char ok[65];
    memset(ok, 'a', 64);
    ok[64] = 0;
    assert_true(gw_sha256_hex_ok(ok));
    ok[10] = 'A'; /* upper case is another name for the same file: refused */
    assert_false(gw_sha256_hex_ok(ok));
    ok[10] = '/';
    assert_false(gw_sha256_hex_ok(ok));
    ok[10] = 'a';
    ok[63] = 0;
    assert_false(gw_sha256_hex_ok(ok));
    assert_false(gw_sha256_hex_ok(NULL));
    assert_false(gw_sha256_hex_ok("../../etc/passwd"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_type_by_content),
        cmocka_unit_test(test_sha256_hex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
