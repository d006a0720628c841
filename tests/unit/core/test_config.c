/* Settings (core/config.c): trusted_proxies parsing and matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/config.h"
#include "json/reply.h"

static void test_proxies_default_empty(void **st)
{
    (void)st;
    gw_config c;
    gw_config_defaults(&c);
    assert_int_equal(c.n_proxies, 0);
    assert_false(gw_config_trusted_proxy(&c, "127.0.0.1"));
}

static void test_proxies_match(void **st)
{
    (void)st;
    gw_config c;
    gw_config_defaults(&c);
    assert_int_equal(gw_config_set(&c, "trusted_proxies", " 10.0.0.0/8, 192.168.1.7 ,2001:db8::/33,::1"), GW_OK);
    assert_int_equal(c.n_proxies, 4);
    assert_true(gw_config_trusted_proxy(&c, "10.255.1.2"));
    assert_false(gw_config_trusted_proxy(&c, "11.0.0.1"));
    assert_true(gw_config_trusted_proxy(&c, "192.168.1.7"));
    assert_false(gw_config_trusted_proxy(&c, "192.168.1.8"));
    assert_true(gw_config_trusted_proxy(&c, "::ffff:10.1.1.1")); /* IPv4-mapped is the same address */
    assert_true(gw_config_trusted_proxy(&c, "2001:db8:7fff::1"));
    assert_false(gw_config_trusted_proxy(&c, "2001:db8:8000::1")); /* bit 33 differs */
    assert_true(gw_config_trusted_proxy(&c, "::1"));
    assert_false(gw_config_trusted_proxy(&c, "::2"));
    assert_false(gw_config_trusted_proxy(&c, "not an address"));
    assert_false(gw_config_trusted_proxy(&c, ""));
}

static void test_proxies_zero_prefix_and_odd_bits(void **st)
{
    (void)st;
    gw_config c;
    gw_config_defaults(&c);
    assert_int_equal(gw_config_set(&c, "trusted_proxies", "172.16.0.0/12"), GW_OK);
    assert_true(gw_config_trusted_proxy(&c, "172.31.255.255"));
    assert_false(gw_config_trusted_proxy(&c, "172.32.0.0"));
    assert_int_equal(gw_config_set(&c, "trusted_proxies", "0.0.0.0/0"), GW_OK);
    assert_true(gw_config_trusted_proxy(&c, "8.8.8.8"));
    assert_false(gw_config_trusted_proxy(&c, "2001:db8::1")); /* an IPv4 range holds no IPv6 address */
}

static void test_proxies_rejects(void **st)
{
    (void)st;
    gw_config c;
    gw_config_defaults(&c);
    assert_int_equal(gw_config_set(&c, "trusted_proxies", "127.0.0.1"), GW_OK);
    const char *bad[] = { "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "localhost", "10.0.0.1/8/8",
                          "1.2.3", "1.2.3.4.5", "10.0.0.0/-1",
                          "1.1.1.1,2.2.2.2,3.3.3.3,4.4.4.4,5.5.5.5,6.6.6.6,7.7.7.7,8.8.8.8,9.9.9.9,"
                          "1.1.1.2,2.2.2.3,3.3.3.4,4.4.4.5,5.5.5.6,6.6.6.7,7.7.7.8,8.8.8.9" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(gw_config_set(&c, "trusted_proxies", bad[i]), GW_E_INVALID);
        assert_true(gw_config_trusted_proxy(&c, "127.0.0.1")); /* a bad value leaves the old list */
    }
    assert_int_equal(gw_config_set(&c, "trusted_proxies", ""), GW_OK);
    assert_false(gw_config_trusted_proxy(&c, "127.0.0.1"));
}

static void test_front_error_statuses(void **st)
{
    (void)st;
    assert_int_equal(gw_err_status(GW_E_METHOD), 405);
    assert_int_equal(gw_err_status(GW_E_URI_TOO_LONG), 414);
    assert_int_equal(gw_err_status(GW_E_NOT_IMPLEMENTED), 501);
    assert_string_equal(gw_err_code(GW_E_URI_TOO_LONG), "uri_too_long");
    assert_string_equal(gw_err_name(GW_E_NOT_IMPLEMENTED), "not_implemented");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proxies_default_empty),
        cmocka_unit_test(test_proxies_match),
        cmocka_unit_test(test_proxies_zero_prefix_and_odd_bits),
        cmocka_unit_test(test_proxies_rejects),
        cmocka_unit_test(test_front_error_statuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
