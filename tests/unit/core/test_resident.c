/* tests/unit/core/test_resident.c — core/resident.c: the mobile-number key of an account, the
 * 身份证号 check digit and mask, one-time codes (made from bytes, normalised as typed), statuses and
 * verification methods. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "core/resident.h"

static void phone_key_takes_mainland_mobiles(void **state)
{
    (void)state;
    char k[GW_RESIDENT_PHONE_BUF];
    assert_int_equal(gw_resident_phone_key("13812345678", k, sizeof k), GW_OK);
    assert_string_equal(k, "13812345678");
    assert_int_equal(gw_resident_phone_key("138 1234-5678", k, sizeof k), GW_OK);
    assert_string_equal(k, "13812345678");
    assert_int_equal(gw_resident_phone_key("+86 138 1234 5678", k, sizeof k), GW_OK);
    assert_string_equal(k, "13812345678");
    static const char *const bad[] = { "", "0571-88888888", "1381234567", "138123456789", "23812345678",
                                       "138l2345678", "+1 212 555 0100", "１３８１２３４５６７８", NULL };
    for (int i = 0; bad[i]; i++) assert_int_equal(gw_resident_phone_key(bad[i], k, sizeof k), GW_E_INVALID);
    assert_int_equal(gw_resident_phone_key(NULL, k, sizeof k), GW_E_INVALID);
    assert_int_equal(gw_resident_phone_key("13812345678", k, 8), GW_E_INVALID); /* too small a buffer */
}

static void id_number_check_digit(void **state)
{
    (void)state;
    assert_true(gw_id_number_valid("11010519491231002X"));
    assert_true(gw_id_number_valid("11010519491231002x"));
    assert_true(gw_id_number_valid("440524188001010014"));
    assert_false(gw_id_number_valid("110105194912310021")); /* wrong check digit */
    assert_false(gw_id_number_valid("440524188001010015"));
    assert_false(gw_id_number_valid("11010519491231002"));  /* 17 */
    assert_false(gw_id_number_valid("1101051949123100211")); /* 19 */
    assert_false(gw_id_number_valid("1101051949A231002X"));
    assert_false(gw_id_number_valid(""));
    assert_false(gw_id_number_valid(NULL));
    char n[GW_ID_NUMBER_MAX + 1], m[GW_ID_NUMBER_MAX + 1];
    gw_id_number_norm("11010519491231002x", n, sizeof n);
    assert_string_equal(n, "11010519491231002X");
    gw_id_number_mask(n, m, sizeof m);
    assert_string_equal(m, "110*************2X");
    gw_id_number_mask("", m, sizeof m);
    assert_string_equal(m, "");
}

static void codes_made_and_typed(void **state)
{
    (void)state;
    unsigned char rnd[GW_RESIDENT_CODE_LEN];
    char code[GW_RESIDENT_CODE_LEN + 1], back[GW_RESIDENT_CODE_LEN + 1];
    for (int round = 0; round < 256; round++) {
        for (int i = 0; i < GW_RESIDENT_CODE_LEN; i++) rnd[i] = (unsigned char)(round * 7 + i * 31);
        gw_resident_code_make(rnd, code);
        assert_int_equal(strlen(code), GW_RESIDENT_CODE_LEN);
        assert_null(strpbrk(code, "01OIL")); /* no look-alikes */
        assert_int_equal(gw_resident_code_norm(code, back, sizeof back), GW_OK);
        assert_string_equal(back, code);
    }
    assert_int_equal(gw_resident_code_norm("abcde-fghjk", back, sizeof back), GW_OK);
    assert_string_equal(back, "ABCDEFGHJK");
    assert_int_equal(gw_resident_code_norm(" ABCDE FGHJK ", back, sizeof back), GW_OK);
    static const char *const bad[] = { "", "ABCDEFGHJ", "ABCDEFGHJKM", "ABCDEFGHJO", "ABCDEFGHJ1", "ABCDE_FGHJK",
                                       "ABCDÉFGHJK", NULL };
    for (int i = 0; bad[i]; i++) assert_int_equal(gw_resident_code_norm(bad[i], back, sizeof back), GW_E_INVALID);
    assert_int_equal(gw_resident_code_norm(NULL, back, sizeof back), GW_E_INVALID);
}

static void names_round_trip(void **state)
{
    (void)state;
    for (int s = 0; s < 2; s++) assert_int_equal(gw_resident_status_parse(gw_resident_status_name(s)), s);
    for (int m = 0; m < 3; m++) assert_int_equal(gw_resident_method_parse(gw_resident_method_name(m)), m);
    assert_int_equal(gw_resident_status_parse("pending"), -1);
    assert_int_equal(gw_resident_status_parse(NULL), -1);
    assert_int_equal(gw_resident_method_parse("phone"), -1);
    assert_string_equal(gw_resident_status_name(7), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phone_key_takes_mainland_mobiles),
        cmocka_unit_test(id_number_check_digit),
        cmocka_unit_test(codes_made_and_typed),
        cmocka_unit_test(names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
