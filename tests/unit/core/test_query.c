/* core/query.c: the request accessors go through the gw_req_io table the HTTP front fills (and read as
 * an empty request without one), the query-key check names the first unknown key, and gw_req_json
 * refuses a body that is not application/json. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/api.h"

/* A fake front: the query "state=reported&limit=5&x'y=1", one header, one form field, a token. */
typedef struct { const char *ctype; char added[64]; } fake;

static const char *keys[] = { "state", "limit", "x'y" }, *vals[] = { "reported", "5", "1" };

static const char *f_query(void *h, const char *key)
{
    (void)h;
    for (int i = 0; i < 3; i++) if (!strcmp(keys[i], key)) return vals[i];
    return NULL;
}
static void f_each(void *h, gw_query_fn fn, void *cls)
{
    (void)h;
    for (int i = 0; i < 3 && fn(cls, keys[i], vals[i]); i++) {}
}
static const char *f_header(void *h, const char *key) { return !strcmp(key, "Content-Type") ? ((fake *)h)->ctype : NULL; }
static const char *f_form(void *h, const char *key) { (void)h; return !strcmp(key, "name") ? "Li" : NULL; }
static const char *f_token(void *h) { (void)h; return "tok"; }
static void f_add(void *h, const char *k, const char *v) { snprintf(((fake *)h)->added, 64, "%s=%s", k, v); }

static const gw_req_io io = { f_query, f_each, f_header, f_form, f_token, f_add, NULL };

static void test_accessors_through_the_table(void **s)
{
    (void)s;
    fake f = { "application/json", "" };
    gw_req r;
    memset(&r, 0, sizeof r);
    r.http = &f;
    r.io = &io;
    assert_string_equal(gw_req_query(&r, "limit"), "5");
    assert_null(gw_req_query(&r, "nope"));
    assert_string_equal(gw_req_header(&r, "Content-Type"), "application/json");
    assert_string_equal(gw_req_form(&r, "name"), "Li");
    assert_string_equal(gw_req_token(&r), "tok");
    gw_req_add_header(&r, "Allow", "GET");
    assert_string_equal(f.added, "Allow=GET");

    gw_req none; /* no front (a unit test, a CLI call): an empty request, never a crash */
    memset(&none, 0, sizeof none);
    assert_null(gw_req_query(&none, "limit"));
    assert_null(gw_req_header(&none, "Content-Type"));
    assert_null(gw_req_form(&none, "name"));
    assert_null(gw_req_token(&none));
    gw_req_add_header(&none, "Allow", "GET");
    assert_int_equal(gw_req_only_query(&none, NULL), GW_OK);
}

static void test_only_query(void **s)
{
    (void)s;
    fake f = { NULL, "" };
    gw_req r;
    memset(&r, 0, sizeof r);
    r.http = &f;
    r.io = &io;
    const char *all[] = { "state", "limit", "x'y", NULL }, *some[] = { "state", "limit", NULL };
    assert_int_equal(gw_req_only_query(&r, all), GW_OK);
    assert_int_equal(gw_req_only_query(&r, some), GW_E_INVALID);
    assert_string_equal(r.err_msg, "unknown query parameter 'x?y'"); /* a quote is not echoed */
    const char *state_only[] = { "state", NULL };
    char key[8];
    assert_int_equal(gw_req_unknown_query(&r, state_only, key, sizeof key), 1);
    assert_string_equal(key, "limit"); /* the first unknown one */
}

static void test_json_body(void **s)
{
    (void)s;
    fake f = { "text/plain", "" };
    gw_req r;
    memset(&r, 0, sizeof r);
    r.http = &f;
    r.io = &io;
    r.body = "{\"a\":1}";
    r.body_len = strlen(r.body);
    json_t *j = NULL;
    assert_int_equal(gw_req_json(&r, &j), GW_E_UNSUPPORTED);
    assert_null(j);
    f.ctype = "application/json; charset=utf-8";
    assert_int_equal(gw_req_json(&r, &j), GW_OK);
    assert_int_equal(json_integer_value(json_object_get(j, "a")), 1);
    json_decref(j);
    f.ctype = NULL; /* no Content-Type: read as JSON */
    j = NULL;
    assert_int_equal(gw_req_json(&r, &j), GW_OK);
    json_decref(j);
}

/* The page of a list: limit 1..max (absent: the default), offset 0..offset_max (absent: 0). */
static void test_page(void **s)
{
    (void)s;
    fake f = { NULL, "" };
    gw_req r;
    memset(&r, 0, sizeof r);
    r.http = &f;
    r.io = &io;
    size_t off = 99, lim = 99;
    keys[0] = "offset"; /* the fake query becomes offset=<vals[0]>&limit=<vals[1]> */
    const struct { const char *offset, *limit; gw_err e; size_t off, lim; } cases[] = {
        { "0", "5", GW_OK, 0, 5 },      { "40", "20", GW_OK, 40, 20 },  { "100", "1", GW_OK, 100, 1 },
        { "0", "0", GW_E_INVALID, 0, 0 }, { "0", "21", GW_E_INVALID, 0, 0 }, { "101", "5", GW_E_INVALID, 0, 0 },
        { "-1", "5", GW_E_INVALID, 0, 0 }, { "x", "5", GW_E_INVALID, 0, 0 }, { "0", "5x", GW_E_INVALID, 0, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vals[0] = cases[i].offset, vals[1] = cases[i].limit;
        assert_int_equal(gw_req_page(&r, 10, 20, 100, &off, &lim), cases[i].e);
        if (!cases[i].e) assert_true(off == cases[i].off && lim == cases[i].lim);
    }
    assert_string_equal(r.err_msg, "limit must be 1 to 20"); /* the last case */
    keys[0] = "state", vals[0] = "reported", vals[1] = "5";
    gw_req none; /* neither given: offset 0 and the default limit */
    memset(&none, 0, sizeof none);
    assert_int_equal(gw_req_page(&none, 10, 20, 100, &off, &lim), GW_OK);
    assert_true(off == 0 && lim == 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accessors_through_the_table),
        cmocka_unit_test(test_only_query),
        cmocka_unit_test(test_json_body),
        cmocka_unit_test(test_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
