/* Unit tests for ops/track.c: making and reading tracking codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ops/track.h"

static void test_make_uses_every_symbol_and_no_ambiguous_one(void **state)
{
    (void)state;
    unsigned char rnd[GW_TRACK_SYMBOLS];
    char code[GW_TRACK_SYMBOLS + 1], seen[256] = { 0 };
    for (int v = 0; v < 256; v += GW_TRACK_SYMBOLS) {
        for (int i = 0; i < GW_TRACK_SYMBOLS; i++) rnd[i] = (unsigned char)(v + i);
        gw_track_code_make(rnd, code);
        assert_int_equal(strlen(code), GW_TRACK_SYMBOLS);
        for (int i = 0; i < GW_TRACK_SYMBOLS; i++) seen[(unsigned char)code[i]] = 1;
        char norm[32];
        assert_true(gw_track_code_norm(code, norm, sizeof norm)); /* a made code reads back as itself */
        assert_string_equal(norm, code);
    }
    int n = 0;
    for (int c = 0; c < 256; c++) n += seen[c];
    assert_int_equal(n, 32);
    assert_false(seen['I'] || seen['L'] || seen['O'] || seen['U']);
}

static void test_norm_reads_what_a_caller_types(void **state)
{
    (void)state;
    char out[32];
    assert_true(gw_track_code_norm("k7m2q-9xh4t", out, sizeof out));
    assert_string_equal(out, "K7M2Q9XH4T");
    assert_true(gw_track_code_norm(" K7M2Q 9XH4T ", out, sizeof out));
    assert_string_equal(out, "K7M2Q9XH4T");
    assert_true(gw_track_code_norm("OIL23-45678", out, sizeof out)); /* O is 0, I and L are 1 */
    assert_string_equal(out, "01123" "45678");
    /* a 16-symbol code issued before is read as stored: L and U are symbols there */
    assert_true(gw_track_code_norm("abcdefghjklmnpqu", out, sizeof out));
    assert_string_equal(out, "ABCDEFGHJKLMNPQU");
}

static void test_norm_refuses_what_cannot_be_a_code(void **state)
{
    (void)state;
    char out[32];
    assert_false(gw_track_code_norm(NULL, out, sizeof out));
    assert_false(gw_track_code_norm("", out, sizeof out));
    assert_false(gw_track_code_norm("K7M2Q9XH4", out, sizeof out));      /* 9 symbols */
    assert_false(gw_track_code_norm("K7M2Q9XH4TT", out, sizeof out));    /* 11 */
    assert_false(gw_track_code_norm("K7M2Q9XH4U", out, sizeof out));     /* U is no symbol */
    assert_false(gw_track_code_norm("K7M2Q/9XH4T", out, sizeof out));
    assert_false(gw_track_code_norm("ABCDEFGHJKLMNPQ0", out, sizeof out)); /* 0 was never issued in 16 */
    assert_false(gw_track_code_norm("ABCDEFGHJKLMNPQRS", out, sizeof out));
    assert_false(gw_track_code_norm("K7M2Q9XH4T", out, GW_TRACK_MAX)); /* out too small */
    char long_in[4096];
    memset(long_in, '-', sizeof long_in - 11);
    strcpy(long_in + sizeof long_in - 11, "K7M2Q9XH4T"); /* separators are free, symbols are counted */
    assert_true(gw_track_code_norm(long_in, out, sizeof out));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_make_uses_every_symbol_and_no_ambiguous_one),
        cmocka_unit_test(test_norm_reads_what_a_caller_types),
        cmocka_unit_test(test_norm_refuses_what_cannot_be_a_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
