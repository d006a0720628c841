/* http/routes.c: the route matcher — {name} captures, whole-path matching (a trailing slash is a
 * different path), 405 with Allow versus 404, first match in table order — and the real table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/routes.h"
#include "http/metrics.h"

static int match(const char *pattern, const char *path, const char **params, int *n)
{
    static char buf[256];
    return gw_route_match(pattern, path, params, n, buf, sizeof buf);
}

static void test_match_captures(void **s)
{
    (void)s;
    const char *p[GW_MAX_PARAMS] = { 0 };
    int n = -1;
    assert_true(match("/api/v1/tickets", "/api/v1/tickets", p, &n));
    assert_int_equal(n, 0);
    assert_true(match("/api/v1/tickets/{id}/timeline", "/api/v1/tickets/42/timeline", p, &n));
    assert_int_equal(n, 1);
    assert_string_equal(p[0], "42");
    assert_true(match("/a/{x}/b/{y}", "/a/one/b/two.json", p, &n));
    assert_int_equal(n, 2);
    assert_string_equal(p[0], "one");
    assert_string_equal(p[1], "two.json");
    /* a capture is one whole, non-empty segment */
    assert_false(match("/a/{x}", "/a/", p, &n));
    assert_false(match("/a/{x}", "/a/b/c", p, &n));
    assert_false(match("/a/{x}/b", "/a//b", p, &n));
    /* whole paths only: trailing slash, prefix, longer path, case */
    assert_false(match("/api/v1/tickets", "/api/v1/tickets/", p, &n));
    assert_false(match("/api/v1/tickets", "/api/v1/ticket", p, &n));
    assert_false(match("/api/v1/tickets", "/api/v1/ticketsx", p, &n));
    assert_false(match("/api/v1/tickets", "/API/v1/tickets", p, &n));
    assert_false(match("/api/v1/tickets", "", p, &n));
}

static void test_match_bounds(void **s)
{
    (void)s;
    const char *p[GW_MAX_PARAMS] = { 0 };
    int n;
    char small[4];
    assert_false(gw_route_match("/a/{x}", "/a/abcd", p, &n, small, sizeof small)); /* 5 bytes do not fit in 4 */
    assert_true(gw_route_match("/a/{x}", "/a/abc", p, &n, small, sizeof small));
    assert_string_equal(p[0], "abc");
    char buf[64];
    assert_true(gw_route_match("/{a}/{b}/{c}/{d}", "/1/2/3/4", p, &n, buf, sizeof buf));
    assert_int_equal(n, 4);
    assert_string_equal(p[3], "4");
    assert_false(gw_route_match("/{a}/{b}/{c}/{d}/{e}", "/1/2/3/4/5", p, &n, buf, sizeof buf)); /* > GW_MAX_PARAMS */
}

static const gw_route table[] = {
    { "GET", "/things", NULL, 0, "things_list" },
    { "POST", "/things", NULL, 0, "things_create" },
    { "GET", "/things/special", NULL, 0, "things_special" },
    { "GET", "/things/{id}", NULL, 0, "things_get" },
    { "PUT", "/things/{id}", NULL, 0, "things_update" },
    { "DELETE", "/things/{id}", NULL, 0, "things_delete" },
    { "GET", "/things/{id}", NULL, 0, "things_get_shadowed" },
};
#define N_TABLE (sizeof table / sizeof table[0])

static gw_route_verdict find(const char *method, const char *path, gw_req *r, size_t *idx, char *allow, size_t an)
{
    static char buf[256];
    memset(r, 0, sizeof *r);
    *idx = 999;
    return gw_route_find(table, N_TABLE, method, path, r, buf, sizeof buf, idx, allow, an);
}

static void test_find(void **s)
{
    (void)s;
    gw_req r;
    size_t i;
    char allow[64];
    assert_int_equal(find("GET", "/things", &r, &i, allow, sizeof allow), GW_ROUTE_FOUND);
    assert_string_equal(table[i].name, "things_list");
    assert_int_equal(find("POST", "/things", &r, &i, allow, sizeof allow), GW_ROUTE_FOUND);
    assert_string_equal(table[i].name, "things_create");
    /* first match in table order: the literal row before {id} wins; a later duplicate never does */
    assert_int_equal(find("GET", "/things/special", &r, &i, allow, sizeof allow), GW_ROUTE_FOUND);
    assert_string_equal(table[i].name, "things_special");
    assert_int_equal(find("GET", "/things/7", &r, &i, allow, sizeof allow), GW_ROUTE_FOUND);
    assert_string_equal(table[i].name, "things_get");
    assert_int_equal(r.n_params, 1);
    assert_string_equal(r.params[0], "7");
    /* a literal path still reaches {id} rows of another method */
    assert_int_equal(find("PUT", "/things/special", &r, &i, allow, sizeof allow), GW_ROUTE_FOUND);
    assert_string_equal(table[i].name, "things_update");
    assert_string_equal(r.params[0], "special");
}

static void test_method_mismatch_vs_unknown(void **s)
{
    (void)s;
    gw_req r;
    size_t i;
    char allow[64];
    assert_int_equal(find("DELETE", "/things", &r, &i, allow, sizeof allow), GW_ROUTE_METHOD);
    assert_string_equal(allow, "GET, POST");
    assert_int_equal(find("POST", "/things/7", &r, &i, allow, sizeof allow), GW_ROUTE_METHOD);
    assert_string_equal(allow, "GET, PUT, DELETE"); /* each method once, in table order */
    assert_int_equal(r.n_params, 0);
    assert_int_equal(find("get", "/things", &r, &i, allow, sizeof allow), GW_ROUTE_METHOD); /* methods are exact */
    assert_int_equal(find("GET", "/things/", &r, &i, allow, sizeof allow), GW_ROUTE_NONE);
    assert_int_equal(find("GET", "/nothing", &r, &i, allow, sizeof allow), GW_ROUTE_NONE);
    assert_int_equal(find("GET", "/things/7/x", &r, &i, allow, sizeof allow), GW_ROUTE_NONE);
    assert_int_equal(i, 999);
    /* a short Allow buffer is cut at a whole method, never overrun */
    char tiny[10];
    assert_int_equal(find("POST", "/things/7", &r, &i, tiny, sizeof tiny), GW_ROUTE_METHOD);
    assert_string_equal(tiny, "GET, PUT");
}

static void test_the_real_table(void **s)
{
    (void)s;
    gw_req r;
    char buf[512], allow[64];
    size_t i;
    memset(&r, 0, sizeof r);
    assert_int_equal(gw_route_find(gw_routes, gw_n_routes, "GET", "/api/v1/routing-rules/test", &r, buf, sizeof buf, &i,
                                   allow, sizeof allow), GW_ROUTE_FOUND);
    assert_string_equal(gw_routes[i].name, "rules_test");
    assert_int_equal(gw_route_find(gw_routes, gw_n_routes, "GET", "/api/v1/tickets/export.xlsx", &r, buf, sizeof buf,
                                   &i, allow, sizeof allow), GW_ROUTE_FOUND);
    assert_string_equal(gw_routes[i].name, "tickets_export");
    assert_int_equal(gw_route_find(gw_routes, gw_n_routes, "DELETE", "/api/v1/tickets", &r, buf, sizeof buf, &i, allow,
                                   sizeof allow), GW_ROUTE_METHOD);
    assert_string_equal(allow, "GET, POST");
    /* every row is reachable: no earlier row of the same method shadows its own pattern */
    for (size_t k = 0; k < gw_n_routes; k++) {
        char path[256];
        size_t o = 0;
        for (const char *p = gw_routes[k].pattern; *p && o + 8 < sizeof path; p++) {
            if (*p == '{') { memcpy(path + o, "zz9", 3), o += 3; p = strchr(p, '}'); continue; }
            path[o++] = *p;
        }
        path[o] = 0;
        assert_int_equal(gw_route_find(gw_routes, gw_n_routes, gw_routes[k].method, path, &r, buf, sizeof buf, &i, allow,
                                       sizeof allow), GW_ROUTE_FOUND);
        assert_string_equal(gw_routes[i].pattern, gw_routes[k].pattern);
    }
}

/* Every route has its own request counters: the table must fit the metrics slots beside the front's own
 * four (unmatched, healthz, metrics, static), or the server refuses to start. */
static void test_the_table_fits_the_metrics(void **s)
{
    (void)s;
    assert_true(gw_n_routes + 4 <= GW_METRICS_SLOTS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_captures),
        cmocka_unit_test(test_match_bounds),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_method_mismatch_vs_unknown),
        cmocka_unit_test(test_the_real_table),
        cmocka_unit_test(test_the_table_fits_the_metrics),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
