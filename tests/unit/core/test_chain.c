/* core/chain.c: the link encoding (every field bound, length-prefixed), the hashed text of each field
 * kind, and the lock keys (one per aggregate, the audit log's historical key kept). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/chain.h"

static void test_hash_binds_fields(void **st)
{
    (void)st;
    char a[GW_HASH_HEX], b[GW_HASH_HEX], c[GW_HASH_HEX], d[GW_HASH_HEX];
    const char *f1[] = { "ab", "c" }, *f2[] = { "a", "bc" }, *f3[] = { "ab", "d" };
    gw_chain_hash(GW_CHAIN_GENESIS, f1, 2, a);
    gw_chain_hash(GW_CHAIN_GENESIS, f2, 2, b);
    gw_chain_hash(GW_CHAIN_GENESIS, f3, 2, c);
    assert_int_equal(strlen(a), 64);
    assert_string_not_equal(a, b); /* length-prefixed: moving a boundary changes the hash */
    assert_string_not_equal(a, c);
    gw_chain_hash(a, f1, 2, d);    /* and it depends on the previous link */
    assert_string_not_equal(a, d);
    gw_chain_hash(GW_CHAIN_GENESIS, f1, 2, b);
    assert_string_equal(a, b);     /* deterministic */
    /* a known vector: SHA-256("0"x64 "|2:ab|1:c"), so the encoding cannot drift unnoticed */
    assert_string_equal(a, "f604aec2eaf896c80a5ec0979119df03a4334fafb1b89996e04e88b2c1a2ea8b");
}

static void test_field_text(void **st)
{
    (void)st;
    char buf[24];
    gw_chain_val v = { -42, NULL };
    assert_string_equal(gw_chain_text(GW_CF_INT, &v, buf), "-42");
    v.i = 0;
    assert_string_equal(gw_chain_text(GW_CF_ID, &v, buf), "0"); /* stored NULL, hashed "0" */
    assert_string_equal(gw_chain_text(GW_CF_TEXT, &v, buf), ""); /* NULL text hashed "" */
    v.s = "";
    assert_string_equal(gw_chain_text(GW_CF_OPT_TEXT, &v, buf), "");
    v.s = "井盖";
    assert_string_equal(gw_chain_text(GW_CF_TEXT, &v, buf), "井盖");
}

static void test_lock_keys(void **st)
{
    (void)st;
    static const gw_chain_field f[] = { { "agg", GW_CF_INT } };
    gw_chain one = { 1, "audit_log", NULL, NULL, 0, 1, f };
    gw_chain keyed = { 2, "t", "agg", NULL, 0, 1, f }, other = { 3, "u", "agg", NULL, 0, 1, f };
    assert_int_equal(gw_chain_lock_key(&one, 0), 0x67770001); /* the key older servers take */
    assert_int_equal(gw_chain_lock_key(&one, 5), 0x67770001); /* one chain: one key */
    int64_t k7 = gw_chain_lock_key(&keyed, 7), k8 = gw_chain_lock_key(&keyed, 8);
    assert_true(k7 != k8);                                      /* two tickets: two locks */
    assert_true(k7 != gw_chain_lock_key(&other, 7));            /* two chains: two locks */
    assert_true(k7 != 0x67770001 && k7 != 0x67770002 && k7 != 0x67770000);
    assert_int_equal(gw_chain_lock_key(&keyed, 7), k7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_binds_fields),
        cmocka_unit_test(test_field_text),
        cmocka_unit_test(test_lock_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
