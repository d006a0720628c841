/* The audit log (core/audit_store.c): appends chain, and verify finds edits and removals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/anchor.h"
#include "core/audit.h"
#include "db/store.h"
#include "core/core_schema_store.h"
#include "ops/ops_schema_store.h"
#include "../tmp_db.h"

typedef struct { int n; } fill_arg;

static gw_err op_fill(gw_db *tx, void *p)
{
    fill_arg *a = p;
    for (int i = 0; i < a->n; i++) {
        char obj[32];
        snprintf(obj, sizeof obj, "thing:%d", i);
        gw_err e = gw_audit_append(tx, 1000 + i, i, "test.write", obj, "detail");
        if (e) return e;
    }
    return GW_OK;
}

static gw_err op_exec(gw_db *tx, void *p) { return gw_db_exec(tx, p); }

static gw_err verify(gw_store *s, char *where, size_t n, int64_t *rows)
{
    gw_db *db = gw_store_read_begin(s);
    const gw_chain *chains[] = { &gw_audit_chain };
    gw_err e = gw_chains_verify(db, chains, 1, where, n, rows);
    gw_store_read_end(s, db);
    return e;
}

static void test_verify_finds_edit_and_removal(void **st)
{
    (void)st;
    char path[64];
    tmp_db_new(path, "audit");
    gw_store *s;
    assert_int_equal(gw_store_open(path, 2, &s), GW_OK);
    fill_arg a = { 5 };
    assert_int_equal(gw_store_write(s, op_fill, &a), GW_OK);
    char where[256];
    int64_t rows;
    assert_int_equal(verify(s, where, sizeof where, &rows), GW_OK);
    assert_int_equal(rows, 5);

    assert_int_equal(gw_store_write(s, op_exec, "UPDATE audit_log SET detail = 'forged' WHERE id = 3"), GW_OK);
    assert_int_equal(verify(s, where, sizeof where, &rows), GW_E_CONFLICT);
    assert_non_null(strstr(where, "audit_log id 3"));

    assert_int_equal(gw_store_write(s, op_exec, "UPDATE audit_log SET detail = 'detail' WHERE id = 3"), GW_OK);
    assert_int_equal(verify(s, where, sizeof where, &rows), GW_OK);
    assert_int_equal(gw_store_write(s, op_exec, "DELETE FROM audit_log WHERE id = 2"), GW_OK);
    assert_int_equal(verify(s, where, sizeof where, &rows), GW_E_CONFLICT);
    assert_non_null(strstr(where, "audit_log id 3"));
    gw_store_close(s);
    tmp_db_rm(path);
}

int main(void)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, NULL };
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_finds_edit_and_removal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
