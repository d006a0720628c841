/* core/chain_store.c: one appender and verifier for every declared chain. A keyed chain links each row
 * to the previous row of ITS aggregate, verify walks aggregate by aggregate and names the broken row,
 * and a versioned chain leaves the rows of an older chain in the same table alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/chain.h"
#include "db/store.h"
#include "core/core_schema_store.h"
#include "ops/ops_schema_store.h"
#include "../tmp_db.h"

static const gw_chain_field fields[] = {
    { "agg", GW_CF_INT }, { "body", GW_CF_TEXT }, { "note", GW_CF_OPT_TEXT }, { "ref", GW_CF_ID },
};
/* One chain per agg for rows with v = 2; the rows with v = 1 are one older chain over the table. */
static const gw_chain keyed = { 9, "t_chain", "agg", "v", 2, 4, fields };
static const gw_chain legacy = { 10, "t_chain", NULL, "v", 1, 4, fields };

static gw_err op_exec(gw_db *tx, void *p) { return gw_db_exec(tx, p); }

typedef struct { const gw_chain *c; int64_t agg; const char *body; char hash[GW_HASH_HEX]; } add_arg;

static gw_err op_add(gw_db *tx, void *p)
{
    add_arg *a = p;
    gw_chain_val v[] = { { a->agg, NULL }, { 0, a->body }, { 0, "" }, { 0, NULL } };
    return gw_chain_append(tx, a->c, v, a->hash);
}

static char path[64];

static gw_store *open_fresh(void)
{
    tmp_db_new(path, "chain");
    gw_store *s;
    assert_int_equal(gw_store_open(path, 2, &s), GW_OK);
    assert_int_equal(gw_store_write(s, op_exec, "CREATE TABLE t_chain (id INTEGER PRIMARY KEY, agg INTEGER NOT NULL,"
                                                " body TEXT, note TEXT, ref INTEGER, v INTEGER NOT NULL DEFAULT 1,"
                                                " prev_hash TEXT NOT NULL, hash TEXT NOT NULL)"), GW_OK);
    return s;
}

static void add(gw_store *s, const gw_chain *c, int64_t agg, const char *body, char *hash)
{
    add_arg a = { c, agg, body, "" };
    assert_int_equal(gw_store_write(s, op_add, &a), GW_OK);
    if (hash) memcpy(hash, a.hash, GW_HASH_HEX);
}

static gw_err verify(gw_store *s, const gw_chain *c, char *where, int64_t *rows)
{
    gw_db *db = gw_store_read_begin(s);
    *rows = 0;
    gw_err e = gw_chain_verify(db, c, where, 256, rows);
    gw_store_read_end(s, db);
    return e;
}

static void prev_of(gw_store *s, int64_t id, char *out)
{
    static const char sql[] = "SELECT prev_hash FROM t_chain WHERE id = ?1";
    gw_db *db = gw_store_read_begin(s);
    gw_stmt *st = gw_db_prep(db, sql);
    gw_bind_int(st, 1, id);
    assert_int_equal(gw_step_row(st), GW_OK);
    snprintf(out, GW_HASH_HEX, "%s", gw_col_text(st, 0));
    gw_stmt_reset(st);
    gw_store_read_end(s, db);
}

static void test_links_per_aggregate(void **st)
{
    (void)st;
    gw_store *s = open_fresh();
    char h1[GW_HASH_HEX], h2[GW_HASH_HEX], p[GW_HASH_HEX];
    add(s, &keyed, 1, "a1", h1);  /* id 1 */
    add(s, &keyed, 2, "b1", h2);  /* id 2 */
    add(s, &keyed, 1, "a2", NULL); /* id 3: follows id 1, not id 2 */
    add(s, &keyed, 2, "b2", NULL); /* id 4: follows id 2 */
    prev_of(s, 2, p);
    assert_string_equal(p, GW_CHAIN_GENESIS); /* the first row of each aggregate starts a chain */
    prev_of(s, 3, p);
    assert_string_equal(p, h1);
    prev_of(s, 4, p);
    assert_string_equal(p, h2);
    char where[256];
    int64_t rows;
    assert_int_equal(verify(s, &keyed, where, &rows), GW_OK);
    assert_int_equal(rows, 4);
    gw_store_close(s);
    tmp_db_rm(path);
}

static void test_verify_names_broken_row(void **st)
{
    (void)st;
    gw_store *s = open_fresh();
    for (int i = 0; i < 3; i++) {
        add(s, &keyed, 1, "a", NULL);
        add(s, &keyed, 2, "b", NULL);
    }
    char where[256];
    int64_t rows;
    assert_int_equal(gw_store_write(s, op_exec, "UPDATE t_chain SET body = 'forged' WHERE id = 4"), GW_OK);
    assert_int_equal(verify(s, &keyed, where, &rows), GW_E_CONFLICT);
    assert_non_null(strstr(where, "t_chain id 4 (agg 2): hash does not match"));
    assert_int_equal(gw_store_write(s, op_exec, "UPDATE t_chain SET body = 'b' WHERE id = 4"), GW_OK);
    assert_int_equal(verify(s, &keyed, where, &rows), GW_OK);
    assert_int_equal(gw_store_write(s, op_exec, "DELETE FROM t_chain WHERE id = 3"), GW_OK);
    assert_int_equal(verify(s, &keyed, where, &rows), GW_E_CONFLICT);
    assert_non_null(strstr(where, "t_chain id 5 (agg 1): prev_hash does not match"));
    /* Removing a whole aggregate's chain is not visible to the walk: that is what anchors are for. */
    assert_int_equal(gw_store_write(s, op_exec, "DELETE FROM t_chain WHERE agg = 1"), GW_OK);
    assert_int_equal(verify(s, &keyed, where, &rows), GW_OK);
    assert_int_equal(rows, 3);
    gw_store_close(s);
    tmp_db_rm(path);
}

static void test_versions_keep_older_chain(void **st)
{
    (void)st;
    gw_store *s = open_fresh();
    add(s, &legacy, 1, "old1", NULL); /* the table as it was: one chain over every row */
    add(s, &legacy, 2, "old2", NULL);
    add(s, &legacy, 1, "old3", NULL);
    add(s, &keyed, 1, "new1", NULL);  /* after the migration: per aggregate */
    add(s, &keyed, 2, "new2", NULL);
    add(s, &keyed, 1, "new3", NULL);
    char p[GW_HASH_HEX], where[256];
    prev_of(s, 4, p);
    assert_string_equal(p, GW_CHAIN_GENESIS); /* the new chain of agg 1 does not continue the old one */
    int64_t rows;
    assert_int_equal(verify(s, &legacy, where, &rows), GW_OK);
    assert_int_equal(rows, 3);
    assert_int_equal(verify(s, &keyed, where, &rows), GW_OK);
    assert_int_equal(rows, 3);
    assert_int_equal(gw_store_write(s, op_exec, "UPDATE t_chain SET body = 'x' WHERE id = 2"), GW_OK);
    assert_int_equal(verify(s, &legacy, where, &rows), GW_E_CONFLICT);
    assert_non_null(strstr(where, "t_chain id 2:"));
    gw_store_close(s);
    tmp_db_rm(path);
}

static void test_head_check(void **st)
{
    (void)st;
    gw_store *s = open_fresh();
    char h[GW_HASH_HEX], where[256];
    add(s, &keyed, 7, "x", h);
    gw_db *db = gw_store_read_begin(s);
    assert_int_equal(gw_chain_head_check(db, &keyed, 7, 1, h, where, sizeof where), GW_OK);
    assert_int_equal(gw_chain_head_check(db, &keyed, 8, 1, h, where, sizeof where), GW_E_CONFLICT);
    assert_int_equal(gw_chain_head_check(db, &keyed, 7, 1, GW_CHAIN_GENESIS, where, sizeof where), GW_E_CONFLICT);
    assert_non_null(strstr(where, "another hash"));
    assert_int_equal(gw_chain_head_check(db, &keyed, 7, 2, h, where, sizeof where), GW_E_CONFLICT);
    assert_non_null(strstr(where, "t_chain id 2 (agg 7): the anchored head is gone"));
    gw_store_read_end(s, db);
    gw_store_close(s);
    tmp_db_rm(path);
}

int main(void)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, NULL };
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_links_per_aggregate),
        cmocka_unit_test(test_verify_names_broken_row),
        cmocka_unit_test(test_versions_keep_older_chain),
        cmocka_unit_test(test_head_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
