/* tests/unit/ops/test_open311_view.c — ops/open311_view.c: the format of a path, the urgency
 * attribute's keys and the service lookups (the pure parts of the GeoReport v2 documents). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "ops/open311_view.h"

static void path_formats(void **state)
{
    (void)state;
    char name[8];
    assert_int_equal(o311_path_format("/open311/v2/services.json", NULL, 0), FMT_JSON);
    assert_int_equal(o311_path_format("/open311/v2/requests/42.xml", name, sizeof name), FMT_XML);
    assert_string_equal(name, "42");
    assert_int_equal(o311_path_format("/open311/v2/services/0101.json", name, sizeof name), FMT_JSON);
    assert_string_equal(name, "0101");
    assert_int_equal(o311_path_format("/open311/v2/services/0101", name, sizeof name), FMT_BAD);
    assert_string_equal(name, "0101");
    assert_int_equal(o311_path_format("/open311/v2/services.JSON", NULL, 0), FMT_BAD);
    assert_int_equal(o311_path_format("/open311/v2/a.b.json", name, sizeof name), FMT_JSON);
    assert_string_equal(name, "a.b"); /* the last extension only */
    assert_int_equal(o311_path_format("/open311/v2/requests/123456789012.json", name, sizeof name), FMT_JSON);
    assert_string_equal(name, "1234567"); /* cut to the buffer, never past it */
}

static void urgency_and_lookups(void **state)
{
    (void)state;
    assert_int_equal(o311_urgency_of("1"), 1);
    assert_int_equal(o311_urgency_of("3"), 3);
    assert_int_equal(o311_urgency_of("0"), 0);
    assert_int_equal(o311_urgency_of("紧急"), 0);
    assert_int_equal(o311_urgency_of(""), 0);
    o311_svc v[2];
    memset(v, 0, sizeof v);
    v[0].id = 5;
    strcpy(v[0].code, "0101");
    strcpy(v[0].kind, "part");
    v[1].id = 9;
    strcpy(v[1].code, "1001");
    strcpy(v[1].kind, "event");
    o311_svcs s = { v, 2 };
    assert_ptr_equal(o311_svc_by_code(&s, "1001"), &v[1]);
    assert_null(o311_svc_by_code(&s, "10"));
    assert_ptr_equal(o311_svc_by_id(&s, 5), &v[0]);
    assert_null(o311_svc_by_id(&s, 6));
    assert_true(o311_is_part(&v[0]));
    assert_false(o311_is_part(&v[1]));
    assert_true(o311_is_closed(GW_T_CLOSED) && o311_is_closed(GW_T_INVALID));
    assert_false(o311_is_closed(GW_T_HANDLED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_formats),
        cmocka_unit_test(urgency_and_lookups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
