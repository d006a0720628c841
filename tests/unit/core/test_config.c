/* Settings (core/config.c): every key's bad values refused with the old value kept, the file format
 * (comments, unknown keys, lines without '=', overlong lines, the line named), listen parsing, and
 * trusted_proxies parsing and matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static void test_numbers_bounded(void **st)
{
    (void)st;
    gw_config c;
    gw_config_defaults(&c);
    static const struct { const char *key; const char *lo, *hi; } keys[] = {
        { "threads", "1", "256" }, { "db_readers", "1", "64" }, { "max_body", "1024", "16777216" },
        { "max_upload", "1024", "67108864" }, { "max_connections", "1", "65536" },
        { "public_rate", "1", "1000000" }, { "login_concurrency", "0", "1024" }, { "access_log", "0", "1" },
        { "classify_retrain_seconds", "0", "2592000" },
    };
    const char *junk[] = { "", "x", "12x", "1.5", " 5", "+5", "5 ", "0x10", "99999999999999999999999", "-" };
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        assert_int_equal(gw_config_set(&c, keys[k].key, keys[k].lo), GW_OK);
        assert_int_equal(gw_config_set(&c, keys[k].key, keys[k].hi), GW_OK);
        gw_config before = c;
        char below[32], above[32];
        snprintf(below, sizeof below, "%ld", strtol(keys[k].lo, NULL, 10) - 1);
        snprintf(above, sizeof above, "%ld", strtol(keys[k].hi, NULL, 10) + 1);
        assert_int_equal(gw_config_set(&c, keys[k].key, below), GW_E_INVALID);
        assert_int_equal(gw_config_set(&c, keys[k].key, above), GW_E_INVALID);
        for (size_t j = 0; j < sizeof junk / sizeof *junk; j++)
            if (gw_config_set(&c, keys[k].key, junk[j]) != GW_E_INVALID) fail_msg("%s = '%s' accepted", keys[k].key, junk[j]);
        assert_memory_equal(&before, &c, sizeof c); /* every refusal left the setting as it was */
    }
    assert_int_equal(gw_config_set(&c, "threads", "12"), GW_OK);
    assert_int_equal(c.threads, 12);
    assert_int_equal(gw_config_set(&c, "max_upload", "2048"), GW_OK);
    assert_int_equal(c.max_upload, 2048);
    assert_int_equal(gw_config_set(&c, "no_such_key", "1"), GW_E_NOT_FOUND);
}

/* classify_auto_threshold: a probability 0..1 written as a decimal (ops/review.h); 0.8 by default. */
static void test_threshold(void **st)
{
    (void)st;
    gw_config c;
    gw_config_defaults(&c);
    assert_true(c.classify_auto_threshold == 0.8);
    assert_int_equal(c.classify_retrain_seconds, 0); /* the retraining job is off unless configured */
    assert_int_equal(gw_config_set(&c, "classify_auto_threshold", "0.65"), GW_OK);
    assert_true(c.classify_auto_threshold == 0.65);
    assert_int_equal(gw_config_set(&c, "classify_auto_threshold", "1"), GW_OK);
    assert_int_equal(gw_config_set(&c, "classify_auto_threshold", "0"), GW_OK);
    const char *junk[] = { "", "x", "1.01", "-0.1", " 0.5", "0.5 ", "nan", "inf", ".5", "1e9" };
    for (size_t j = 0; j < sizeof junk / sizeof *junk; j++)
        if (gw_config_set(&c, "classify_auto_threshold", junk[j]) != GW_E_INVALID)
            fail_msg("classify_auto_threshold = '%s' accepted", junk[j]);
    assert_true(c.classify_auto_threshold == 0);
}

static void test_strings_bounded(void **st)
{
    (void)st;
    gw_config c;
    gw_config_defaults(&c);
    char longv[600];
    memset(longv, 'a', sizeof longv - 1);
    longv[sizeof longv - 1] = 0;
    const char *keys[] = { "db", "listen", "data_dir", "static_dir" };
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
        gw_config before = c;
        assert_int_equal(gw_config_set(&c, keys[k], longv), GW_E_INVALID);
        assert_memory_equal(&before, &c, sizeof c);
    }
    longv[511] = 0; /* 511 bytes fit a 512-byte field ... */
    assert_int_equal(gw_config_set(&c, "db", longv), GW_OK);
    longv[511] = 'a';
    longv[512] = 0; /* ... 512 do not */
    assert_int_equal(gw_config_set(&c, "db", longv), GW_E_INVALID);
}

static void test_listen(void **st)
{
    (void)st;
    gw_config c;
    gw_config_defaults(&c);
    char host[64];
    int port = 0;
    assert_int_equal(gw_config_listen(&c, host, sizeof host, &port), GW_OK);
    assert_string_equal(host, "127.0.0.1");
    assert_int_equal(port, 8080);
    assert_int_equal(gw_config_set(&c, "listen", "[::1]:9000"), GW_OK);
    assert_int_equal(gw_config_listen(&c, host, sizeof host, &port), GW_OK);
    assert_string_equal(host, "[::1]");
    assert_int_equal(port, 9000);
    const char *bad[] = { "127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:80x", "h: 80", "h:+80" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(gw_config_set(&c, "listen", bad[i]), GW_OK); /* checked when used */
        if (gw_config_listen(&c, host, sizeof host, &port) != GW_E_INVALID) fail_msg("listen '%s' accepted", bad[i]);
    }
    char small[4];
    assert_int_equal(gw_config_set(&c, "listen", "localhost:80"), GW_OK);
    assert_int_equal(gw_config_listen(&c, small, sizeof small, &port), GW_E_INVALID); /* host does not fit */
}

static gw_err load(const char *text, gw_config *c, char *msg, size_t n)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/gw-test-config-%d.conf", (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    gw_config_defaults(c);
    msg[0] = 0;
    gw_err e = gw_config_load(c, path, msg, n);
    unlink(path);
    return e;
}

static void test_load_file(void **st)
{
    (void)st;
    gw_config c;
    char msg[256];
    assert_int_equal(load("# a comment\n\n  threads = 4   # trailing comment\ndb=sqlite:/x.db\n", &c, msg, sizeof msg), GW_OK);
    assert_int_equal(c.threads, 4);
    assert_string_equal(c.db, "sqlite:/x.db");
    assert_int_equal(load("threads = 4\nthraeds = 5\n", &c, msg, sizeof msg), GW_E_INVALID);
    assert_non_null(strstr(msg, ":2: unknown key 'thraeds'"));
    assert_int_equal(load("threads = 4\n\njust words\n", &c, msg, sizeof msg), GW_E_INVALID);
    assert_non_null(strstr(msg, ":3: bad line or value"));
    assert_int_equal(load("threads = 400\n", &c, msg, sizeof msg), GW_E_INVALID);
    assert_non_null(strstr(msg, ":1: bad line or value"));
    assert_int_equal(c.threads, 16); /* the default stays */
    /* a line longer than the reader's buffer is refused, not read as two lines */
    char text[1400] = "db = ";
    memset(text + 5, 'p', 1100);
    strcpy(text + 1105, "threads=3\n");
    assert_int_equal(load(text, &c, msg, sizeof msg), GW_E_INVALID);
    assert_non_null(strstr(msg, ":1: line longer than"));
    assert_int_equal(c.threads, 16);
    assert_int_equal(gw_config_load(&c, "/nonexistent/gw.conf", msg, sizeof msg), GW_E_IO);
}

static void test_mqtt_keys(void **st)
{
    (void)st;
    gw_config c;
    gw_config_defaults(&c);
    assert_string_equal(c.mqtt_host, ""); /* no broker: no MQTT */
    assert_int_equal(c.mqtt_port, 1883);
    assert_string_equal(c.mqtt_prefix, "gridwork/v1");
    assert_int_equal(gw_config_set(&c, "mqtt_url", "mqtt://gw:s3cr:et@broker.local:1884"), GW_OK);
    assert_string_equal(c.mqtt_host, "broker.local");
    assert_int_equal(c.mqtt_port, 1884);
    assert_string_equal(c.mqtt_user, "gw");
    assert_string_equal(c.mqtt_password, "s3cr:et");
    assert_int_equal(c.mqtt_tls, 0);
    assert_int_equal(gw_config_set(&c, "mqtt_url", "mqtts://10.0.0.5"), GW_OK);
    assert_string_equal(c.mqtt_host, "10.0.0.5");
    assert_int_equal(c.mqtt_port, 8883);
    assert_int_equal(c.mqtt_tls, 1);
    assert_string_equal(c.mqtt_user, "gw"); /* a URL without credentials keeps the configured ones */
    const char *bad[] = { "http://x", "mqtt://", "mqtt://h:0", "mqtt://h:65536", "mqtt://h:1x", "mqtt://@h",
                          "mqtt://h/path", "mqtt://a b", "mqtt:/h" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(gw_config_set(&c, "mqtt_url", bad[i]), GW_E_INVALID);
        assert_string_equal(c.mqtt_host, "10.0.0.5"); /* the old value kept */
    }
    assert_int_equal(gw_config_set(&c, "mqtt_host", "127.0.0.1"), GW_OK);
    assert_int_equal(gw_config_set(&c, "mqtt_port", "18830"), GW_OK);
    assert_int_equal(c.mqtt_port, 18830);
    assert_int_equal(gw_config_set(&c, "mqtt_port", "0"), GW_E_INVALID);
    assert_int_equal(gw_config_set(&c, "mqtt_prefix", ""), GW_E_INVALID);
    assert_int_equal(gw_config_set(&c, "mqtt_prefix", "city/a"), GW_OK);
    assert_int_equal(gw_config_set(&c, "mqtt_share_group", "gw"), GW_OK);
    assert_int_equal(gw_config_set(&c, "mqtt_client_id", "gw-1"), GW_OK);
    assert_int_equal(gw_config_set(&c, "mqtt_user", "u"), GW_OK);
    assert_int_equal(gw_config_set(&c, "mqtt_password", "p"), GW_OK);
    gw_config_defaults(&c);
    assert_int_equal(gw_config_set(&c, "mqtt_cafile", "/etc/ssl/ca.pem"), GW_OK);
    assert_int_equal(c.mqtt_tls, 1);
    assert_int_equal(gw_config_set(&c, "mqtt_nonsense", "1"), GW_E_NOT_FOUND);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_proxies_default_empty),
        cmocka_unit_test(test_proxies_match),
        cmocka_unit_test(test_proxies_zero_prefix_and_odd_bits),
        cmocka_unit_test(test_proxies_rejects),
        cmocka_unit_test(test_front_error_statuses),
        cmocka_unit_test(test_numbers_bounded),
        cmocka_unit_test(test_threshold),
        cmocka_unit_test(test_strings_bounded),
        cmocka_unit_test(test_listen),
        cmocka_unit_test(test_load_file),
        cmocka_unit_test(test_mqtt_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
