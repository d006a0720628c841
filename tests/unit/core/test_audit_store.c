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

static gw_err op_varied(gw_db *tx, void *p)
{
    (void)p;
    char big[3000];
    memset(big, 'x', sizeof big - 4);
    memcpy(big + 1021, "\xe4\xb8\xad", 3); /* a 3-byte character across the 1023-byte cut */
    big[sizeof big - 1] = 0;
    gw_err e = gw_audit_append(tx, 1000, 1, "unit.update", "unit:1", "a");
    if (!e) e = gw_audit_append(tx, 2000, 2, "unit.create", "unit:2", "b");
    if (!e) e = gw_audit_append(tx, 3000, 1, "user.update", "user:5", big);
    if (!e) e = gw_audit_append(tx, 4000, 0, "chain.anchor", "ticket_timeline", "c");
    return e;
}

static size_t list(gw_store *s, gw_audit_filter f, gw_audit_row **rows, int64_t *total)
{
    gw_db *db = gw_store_read_begin(s);
    size_t n = 0;
    assert_int_equal(gw_store_audit_list(db, &f, rows, &n, total), GW_OK);
    gw_store_read_end(s, db);
    return n;
}

static void test_list_filters_and_pages(void **st)
{
    (void)st;
    char path[] = "/tmp/gw-test-audit-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    gw_store *s;
    assert_int_equal(gw_store_open(path, 2, &s), GW_OK);
    assert_int_equal(gw_store_write(s, op_varied, NULL), GW_OK);
    gw_audit_row *r = NULL;
    int64_t total = 0;
    size_t n = list(s, (gw_audit_filter){ .limit = 2 }, &r, &total);
    assert_int_equal(n, 2); /* newest first, one page, the total of all */
    assert_int_equal(total, 4);
    assert_string_equal(r[0].action, "chain.anchor");
    assert_int_equal(r[0].actor_user_id, 0);
    free(r);
    n = list(s, (gw_audit_filter){ .limit = 10, .offset = 1, .actor_user_id = 1 }, &r, &total);
    assert_int_equal(total, 2);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].object, "unit:1");
    free(r);
    n = list(s, (gw_audit_filter){ .limit = 10, .action = "unit." }, &r, &total);
    assert_int_equal(total, 2); /* a trailing '.' is a prefix */
    free(r);
    n = list(s, (gw_audit_filter){ .limit = 10, .action = "unit" }, &r, &total);
    assert_int_equal(total, 0); /* otherwise exact */
    free(r);
    n = list(s, (gw_audit_filter){ .limit = 10, .from_ms = 2000, .to_ms = 4000 }, &r, &total);
    assert_int_equal(total, 2); /* from inclusive, to exclusive */
    assert_string_equal(r[0].action, "user.update");
    assert_true(r[0].detail_cut);
    assert_int_equal(strlen(r[0].detail), 1021); /* cut before the character, never inside it */
    assert_false(r[1].detail_cut);
    free(r);
    gw_store_close(s);
    unlink(path);
}

int main(void)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, NULL };
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_finds_edit_and_removal),
        cmocka_unit_test(test_list_filters_and_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
