/* core/anchor_store.c: an anchor run lists in the audit log the heads of the chains that moved (each
 * head once), a late-committed row is still anchored by the next run, and verify catches a whole
 * aggregate's chain deleted or rewritten from genesis once it was anchored. */
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

static const gw_chain_field fields[] = { { "agg", GW_CF_INT }, { "body", GW_CF_TEXT } };
static const gw_chain keyed = { 9, "t_chain", "agg", NULL, 0, 2, fields };
static const gw_chain *const chains[] = { &gw_audit_chain, &keyed };

static gw_err op_exec(gw_db *tx, void *p) { return gw_db_exec(tx, p); }

typedef struct { int64_t agg; const char *body; } add_arg;

static gw_err op_add(gw_db *tx, void *p)
{
    add_arg *a = p;
    gw_chain_val v[] = { { a->agg, NULL }, { 0, a->body } };
    return gw_chain_append(tx, &keyed, v, NULL);
}

static gw_err op_anchor(gw_db *tx, void *p) { return gw_anchor_run(tx, chains, 2, 1000, 7, p); }

static char path[64];

static gw_store *open_fresh(void)
{
    tmp_db_new(path, "anchor");
    gw_store *s;
    assert_int_equal(gw_store_open(path, 2, &s), GW_OK);
    assert_int_equal(gw_store_write(s, op_exec, "CREATE TABLE t_chain (id INTEGER PRIMARY KEY, agg INTEGER NOT NULL,"
                                                " body TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"), GW_OK);
    return s;
}

static void add(gw_store *s, int64_t agg, const char *body)
{
    add_arg a = { agg, body };
    assert_int_equal(gw_store_write(s, op_add, &a), GW_OK);
}

static int anchor(gw_store *s)
{
    int heads = -1;
    assert_int_equal(gw_store_write(s, op_anchor, &heads), GW_OK);
    return heads;
}

static int64_t count(gw_store *s, const char *sql)
{
    gw_db *db = gw_store_read_begin(s);
    gw_stmt *st = gw_db_prep(db, sql);
    assert_int_equal(gw_step_row(st), GW_OK);
    int64_t n = gw_col_int(st, 0);
    gw_stmt_reset(st);
    gw_store_read_end(s, db);
    return n;
}

static gw_err verify(gw_store *s, char *where)
{
    gw_db *db = gw_store_read_begin(s);
    int64_t rows;
    gw_err e = gw_chains_verify(db, chains, 2, where, 256, &rows);
    gw_store_read_end(s, db);
    return e;
}

static const char SQL_ANCHORS[] = "SELECT COUNT(*) FROM audit_log WHERE action = 'chain.anchor' AND object = 't_chain'";

static void test_anchor_lists_moved_heads_once(void **st)
{
    (void)st;
    gw_store *s = open_fresh();
    add(s, 1, "a");
    add(s, 1, "b");
    add(s, 2, "c");
    assert_int_equal(anchor(s), 2); /* heads: agg 1 at id 2, agg 2 at id 3 */
    assert_int_equal(count(s, SQL_ANCHORS), 1);
    static const char heads[] = "SELECT COUNT(*) FROM audit_log WHERE action = 'chain.anchor'"
                                " AND detail LIKE '%\"slot\":7%' AND detail LIKE '%[1,2,\"%' AND detail LIKE '%[2,3,\"%'";
    assert_int_equal(count(s, heads), 1);
    assert_int_equal(anchor(s), 0); /* nothing moved: no entry */
    assert_int_equal(count(s, SQL_ANCHORS), 1);
    add(s, 2, "d");
    assert_int_equal(anchor(s), 1); /* only agg 2 moved (its head is id 4) */
    assert_int_equal(count(s, SQL_ANCHORS), 2);
    char where[256];
    assert_int_equal(verify(s, where), GW_OK);
    gw_store_close(s);
    tmp_db_rm(path);
}

static void test_late_commit_anchored_next_run(void **st)
{
    (void)st;
    gw_store *s = open_fresh();
    add(s, 1, "a");
    add(s, 2, "b");
    add(s, 3, "late"); /* id 3: its transaction "commits" after the anchor below read id 4 */
    add(s, 4, "d");
    assert_int_equal(gw_store_write(s, op_exec, "CREATE TABLE hold AS SELECT * FROM t_chain WHERE id = 3;"
                                                "DELETE FROM t_chain WHERE id = 3"), GW_OK);
    assert_int_equal(anchor(s), 3);
    assert_int_equal(gw_store_write(s, op_exec, "INSERT INTO t_chain SELECT * FROM hold"), GW_OK);
    assert_int_equal(anchor(s), 1); /* the rescan of the previous run's ids finds it */
    assert_int_equal(anchor(s), 0);
    gw_store_close(s);
    tmp_db_rm(path);
}

static void test_verify_catches_deleted_or_rewritten_chain(void **st)
{
    (void)st;
    gw_store *s = open_fresh();
    add(s, 1, "a");
    add(s, 1, "b");
    add(s, 2, "c");
    char where[256];
    assert_int_equal(verify(s, where), GW_OK);
    /* Before an anchor a whole chain can go unnoticed: the window the docs describe. */
    assert_int_equal(gw_store_write(s, op_exec, "DELETE FROM t_chain WHERE agg = 2"), GW_OK);
    assert_int_equal(verify(s, where), GW_OK);
    add(s, 2, "c");
    assert_int_equal(anchor(s), 2);
    assert_int_equal(verify(s, where), GW_OK);

    assert_int_equal(gw_store_write(s, op_exec, "CREATE TABLE keep AS SELECT * FROM t_chain;"
                                                "DELETE FROM t_chain WHERE agg = 1"), GW_OK);
    assert_int_equal(verify(s, where), GW_E_CONFLICT);
    assert_non_null(strstr(where, "t_chain id 2 (agg 1): the anchored head is gone"));

    /* rewritten consistently from genesis: the chain walk passes, the anchored head does not */
    add(s, 1, "forged a");
    add(s, 1, "forged b");
    assert_int_equal(gw_store_write(s, op_exec, "UPDATE t_chain SET id = id - 3 WHERE agg = 1"), GW_OK);
    int64_t rows = 0;
    gw_db *db = gw_store_read_begin(s);
    assert_int_equal(gw_chain_verify(db, &keyed, where, sizeof where, &rows), GW_OK);
    gw_store_read_end(s, db);
    assert_int_equal(verify(s, where), GW_E_CONFLICT);
    assert_non_null(strstr(where, "t_chain id 2 (agg 1): the anchored head has another hash"));

    assert_int_equal(gw_store_write(s, op_exec, "DELETE FROM t_chain; INSERT INTO t_chain SELECT * FROM keep"), GW_OK);
    assert_int_equal(verify(s, where), GW_OK); /* the original rows back: intact */
    gw_store_close(s);
    tmp_db_rm(path);
}

int main(void)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, NULL };
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_anchor_lists_moved_heads_once),
        cmocka_unit_test(test_late_commit_anchored_next_run),
        cmocka_unit_test(test_verify_catches_deleted_or_rewritten_chain),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
