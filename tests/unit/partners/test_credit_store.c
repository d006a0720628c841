/* partners/credit_store.c against a real temporary SQLite store: an event is stored with its partner's
 * community, kinds round-trip by name, and an unknown partner, a kind out of range or a missing
 * reference store nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/core_schema_store.h"
#include "db/store.h"
#include "ops/ops_schema_store.h"
#include "partners/credit_store.h"
#include "partners/partners_schema_store.h"
#include "../tmp_db.h"

#define NOW INT64_C(1760000000000)

typedef struct {
    char path[64];
    gw_store *s;
    gw_credit_event ev;
} fx;

static gw_err op_setup(gw_db *tx, void *arg)
{
    (void)arg;
    return gw_db_exec(tx, "INSERT INTO divisions(id, level, code, name, path, created_ms) VALUES"
                          " (1, 'city', 'C', 'City', '/1/', 0), (2, 'community', 'M1', '东湖社区', '/1/2/', 0);"
                          "INSERT INTO partners(id, type, kind, name, community_id, service_div_id, created_ms,"
                          " updated_ms) VALUES (9, 'volunteer', 'person', '周建国', 2, 2, 0, 0)");
}

static int setup(void **state)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, &gw_partners_schema, NULL };
    gw_schema_use(modules);
    fx *f = calloc(1, sizeof *f);
    tmp_db_new(f->path, "credit");
    if (gw_store_open(f->path, 2, &f->s) || gw_store_write(f->s, op_setup, f)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    gw_store_close(f->s);
    tmp_db_rm(f->path);
    free(f);
    return 0;
}

static gw_err op_add(gw_db *tx, void *arg) { return gw_credit_event_add(tx, &((fx *)arg)->ev); }

static int64_t count_events(fx *f, const char *sql)
{
    gw_db *db = gw_store_read_begin(f->s);
    gw_stmt *st = gw_db_prep(db, sql);
    int64_t n = -1;
    if (st && gw_step_row(st) == GW_OK) n = gw_col_int(st, 0);
    if (st) gw_stmt_reset(st);
    gw_store_read_end(f->s, db);
    return n;
}

static const char SQL_ALL[] = "SELECT COUNT(*) FROM partner_credit_events";
static const char SQL_STORED[] =
    "SELECT COUNT(*) FROM partner_credit_events WHERE partner_id = 9 AND community_id = 2"
    " AND kind = 'service_live' AND value = 90 AND ref_kind = 'service' AND ref_id = 4 AND at_ms = 1760000000000";

static void stores_with_community(void **state)
{
    fx *f = *state;
    f->ev = (gw_credit_event){ 9, GW_CE_SERVICE_LIVE, 90, "service", 4, NOW };
    assert_int_equal(gw_store_write(f->s, op_add, f), GW_OK);
    assert_int_equal(count_events(f, SQL_STORED), 1);
}

static void refuses_bad_events(void **state)
{
    fx *f = *state;
    f->ev = (gw_credit_event){ 404, GW_CE_REVOKED, 10, "service", 4, NOW };
    assert_int_equal(gw_store_write(f->s, op_add, f), GW_E_NOT_FOUND);
    f->ev = (gw_credit_event){ 9, GW_CE__COUNT, 1, "service", 4, NOW };
    assert_int_equal(gw_store_write(f->s, op_add, f), GW_E_INVALID);
    f->ev = (gw_credit_event){ 9, GW_CE_NO_SHOW, 1, "", 4, NOW };
    assert_int_equal(gw_store_write(f->s, op_add, f), GW_E_INVALID);
    assert_int_equal(count_events(f, SQL_ALL), 0);
}

static void kind_names(void **state)
{
    (void)state;
    for (int k = 0; k < GW_CE__COUNT; k++) assert_int_equal(gw_credit_kind_parse(gw_credit_kind_name(k)), k);
    assert_int_equal(gw_credit_kind_parse("bogus"), -1);
    assert_int_equal(gw_credit_kind_parse(NULL), -1);
    assert_string_equal(gw_credit_kind_name(GW_CE__COUNT), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stores_with_community, setup, teardown),
        cmocka_unit_test_setup_teardown(refuses_bad_events, setup, teardown),
        cmocka_unit_test(kind_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
