/* http/head.c: verdicts on raw request targets and framing headers, and the client behind proxies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/head.h"

static gw_err target(const char *uri, int *asterisk)
{
    const char *msg;
    return gw_head_target(uri, asterisk, &msg);
}

static void test_targets(void **s)
{
    (void)s;
    int a;
    assert_int_equal(target("/api/v1/tickets?state=reported", &a), GW_OK);
    assert_int_equal(a, 0);
    assert_int_equal(target("*", &a), GW_OK);
    assert_int_equal(a, 1);
    const char *bad[] = { "x", "index.html", "?a=1", "a.b", "http://h/", "../secret.txt", "/..%2fsecret", "/a%2Fb" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) assert_int_equal(target(bad[i], &a), GW_E_INVALID);
    assert_int_equal(target("/x?a=1%2Fb", &a), GW_OK); /* an encoded slash in the query is data */
    char many[1024] = "/x?";
    for (int i = 0; i < 65; i++) strcat(many, "x=1&");
    assert_int_equal(target(many, &a), GW_E_URI_TOO_LONG);
    many[3 + 64 * 4 - 1] = 0; /* exactly 64 pairs */
    assert_int_equal(target(many, &a), GW_OK);
    static char longt[GW_MAX_TARGET + 2];
    memset(longt, 'a', sizeof longt - 1);
    longt[0] = '/';
    assert_int_equal(target(longt, &a), GW_E_URI_TOO_LONG);
}

static gw_err framing(const char *const *kv, int n, const char *method, int http10)
{
    gw_head_scan sc = { 0 };
    for (int i = 0; i < n; i++) gw_head_note(&sc, kv[2 * i], kv[2 * i + 1]);
    const char *msg;
    return gw_head_framing(&sc, method, 0, http10, 100, &msg);
}

static void test_framing(void **s)
{
    (void)s;
    const char *ok[] = { "Host", "h", "Content-Length", "2", "content-length", "2" };
    assert_int_equal(framing(ok, 3, "POST", 0), GW_OK); /* equal duplicates are one length */
    const char *two[] = { "Host", "h", "Content-Length", "2", "Content-Length", "80" };
    assert_int_equal(framing(two, 3, "POST", 0), GW_E_INVALID);
    const char *nohost[] = { "Accept", "*/*" };
    assert_int_equal(framing(nohost, 1, "GET", 0), GW_E_INVALID);
    assert_int_equal(framing(nohost, 1, "GET", 1), GW_OK); /* HTTP/1.0 needs no Host */
    const char *cl_te[] = { "Host", "h", "Content-Length", "2", "Transfer-Encoding", "chunked" };
    assert_int_equal(framing(cl_te, 3, "POST", 0), GW_E_INVALID);
    const char *gz[] = { "Host", "h", "Transfer-Encoding", "gzip, chunked" };
    assert_int_equal(framing(gz, 2, "POST", 0), GW_E_NOT_IMPLEMENTED);
    const char *last[] = { "Host", "h", "Transfer-Encoding", "chunked, gzip" };
    assert_int_equal(framing(last, 2, "POST", 0), GW_E_INVALID);
    const char *chunked[] = { "Host", "h", "Transfer-Encoding", " Chunked " };
    assert_int_equal(framing(chunked, 2, "POST", 0), GW_OK);
    const char *big[] = { "Host", "h", "Content-Length", "101" };
    assert_int_equal(framing(big, 2, "POST", 0), GW_E_TOO_LARGE);
    const char *ctl[] = { "Host", "h", "X-A", "a\rb" };
    assert_int_equal(framing(ctl, 2, "GET", 0), GW_E_INVALID);
}

static void test_forwarded_client(void **s)
{
    (void)s;
    gw_config c;
    gw_config_defaults(&c);
    assert_int_equal(gw_config_set(&c, "trusted_proxies", "127.0.0.1, 10.0.0.0/8"), GW_OK);
    char ip[48];
    const char *xff[] = { "6.6.6.6, 1.2.3.4, 10.1.1.1" }; /* forged left part; a trusted hop on the right */
    assert_int_equal(gw_head_forwarded_client(&c, xff, 1, NULL, ip, sizeof ip), 1);
    assert_string_equal(ip, "1.2.3.4");
    assert_int_equal(gw_head_forwarded_client(&c, NULL, 0, " 2001:db8::0:1 ", ip, sizeof ip), 1);
    assert_string_equal(ip, "2001:db8::1"); /* canonical text: one client, one key */
    assert_int_equal(gw_head_forwarded_client(&c, NULL, 0, "not-an-ip", ip, sizeof ip), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_targets),
        cmocka_unit_test(test_framing),
        cmocka_unit_test(test_forwarded_client),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
