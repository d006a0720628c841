/* db/schema.c: the migration runner — modules in order, one record per module, nothing applied twice,
 * a grown module gets only its new migrations, a newer or unknown module is refused, a failing migration
 * leaves nothing behind, and the single history of old databases maps onto the modules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db/schema.h"
#include "../tmp_db.h"

static char path[64];

/* a: two migrations, then a third; b relies on a's table (it must run after a) */
static const char *const a_sql[] = {
    "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT)",
    "ALTER TABLE a ADD COLUMN w TEXT",
    "CREATE TABLE a3 (k INTEGER)",
};
static const char *const b_sql[] = { "INSERT INTO a(v) VALUES ('from b')" };
static const char *const bad_sql[] = { "CREATE TABLE c (k INTEGER); INSERT INTO no_such_table VALUES (1)" };
static const int a_legacy[GW_SCHEMA_LEGACY_LAST] = { 1, 2, 2 };
static const int b_legacy[GW_SCHEMA_LEGACY_LAST] = { 0, 0, 1 };
static const gw_schema_module mod_a2 = { "a", a_sql, a_sql, 2, a_legacy };
static const gw_schema_module mod_a3 = { "a", a_sql, a_sql, 3, a_legacy };
static const gw_schema_module mod_b = { "b", b_sql, b_sql, 1, b_legacy };
static const gw_schema_module mod_bad = { "c", bad_sql, bad_sql, 1, NULL };

static int64_t one(gw_db *db, const char *sql)
{
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return -1;
    int64_t n = gw_step(st) == 1 ? gw_col_int(st, 0) : -1;
    gw_stmt_reset(st);
    return n;
}

static const char SQL_VERSIONS[] = "SELECT COUNT(*) FROM schema_versions";
static const char SQL_A[] = "SELECT MAX(version) FROM schema_versions WHERE module = 'a'";
static const char SQL_B[] = "SELECT MAX(version) FROM schema_versions WHERE module = 'b'";
static const char SQL_ROWS[] = "SELECT COUNT(*) FROM a";
static const char SQL_MOVED[] = "SELECT COUNT(*) FROM schema_migrations WHERE version = 1000000";

static gw_err migrate(const gw_schema_module *const *mods)
{
    gw_db *db;
    if (gw_db_open_sqlite(path, 0, &db)) return GW_E_IO;
    gw_schema_use(mods);
    gw_err e = gw_schema_migrate(db);
    gw_db_close(db);
    return e;
}

static int64_t query(const char *sql)
{
    gw_db *db;
    if (gw_db_open_sqlite(path, 0, &db)) return -2;
    int64_t n = one(db, sql);
    gw_db_close(db);
    return n;
}

static int setup(void **st)
{
    (void)st;
    tmp_db_new(path, "schema");
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    tmp_db_rm(path);
    return 0;
}

static void test_modules_in_order_once(void **s)
{
    (void)s;
    gw_schema_use(NULL);
    gw_db *db;
    assert_int_equal(gw_db_open_sqlite(path, 0, &db), GW_OK);
    assert_int_equal(gw_schema_migrate(db), GW_E_INTERNAL); /* nobody named the modules */
    gw_db_close(db);

    const gw_schema_module *const ab[] = { &mod_a2, &mod_b, NULL };
    assert_int_equal(migrate(ab), GW_OK);
    assert_int_equal(query(SQL_A), 2);
    assert_int_equal(query(SQL_B), 1);
    assert_int_equal(query(SQL_VERSIONS), 3);
    assert_int_equal(query(SQL_ROWS), 1);  /* b ran after a */
    assert_int_equal(query(SQL_MOVED), 1); /* binaries of the single history will refuse it */
    assert_int_equal(migrate(ab), GW_OK);  /* again: nothing applied twice */
    assert_int_equal(query(SQL_ROWS), 1);
    assert_int_equal(query(SQL_VERSIONS), 3);

    const gw_schema_module *const a3b[] = { &mod_a3, &mod_b, NULL };
    assert_int_equal(migrate(a3b), GW_OK); /* a grew: only its new migration runs */
    assert_int_equal(query(SQL_A), 3);
    assert_int_equal(query("SELECT COUNT(*) FROM a3"), 0);
    assert_int_equal(query(SQL_ROWS), 1);
}

static void test_newer_refused(void **s)
{
    (void)s;
    const gw_schema_module *const a3b[] = { &mod_a3, &mod_b, NULL };
    assert_int_equal(migrate(a3b), GW_OK);
    const gw_schema_module *const a2b[] = { &mod_a2, &mod_b, NULL };
    assert_int_equal(migrate(a2b), GW_E_CONFLICT); /* a is ahead of this "binary" */
    const gw_schema_module *const a3[] = { &mod_a3, NULL };
    assert_int_equal(migrate(a3), GW_E_CONFLICT); /* b is unknown to it */
    assert_int_equal(query(SQL_VERSIONS), 4);      /* and nothing was written */
    assert_int_equal(migrate(a3b), GW_OK);
}

static void test_failed_migration_leaves_nothing(void **s)
{
    (void)s;
    const gw_schema_module *const with_bad[] = { &mod_a2, &mod_bad, &mod_b, NULL };
    assert_int_equal(migrate(with_bad), GW_E_IO);
    assert_int_equal(query(SQL_A), 2);                   /* what came before stays */
    assert_int_equal(query("SELECT COUNT(*) FROM schema_versions WHERE module = 'c'"), 0);
    assert_int_equal(query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'c'"), 0); /* rolled back whole */
    assert_int_equal(query(SQL_B), 0);                   /* and nothing after it ran */
}

/* A database as a binary of the single history left it: its tables and schema_migrations 1..v. */
static void old_db(int v)
{
    gw_db *db;
    assert_int_equal(gw_db_open_sqlite(path, 0, &db), GW_OK);
    assert_int_equal(gw_db_exec(db, "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_ms BIGINT NOT NULL);"
                                    "CREATE TABLE a (id INTEGER PRIMARY KEY, v TEXT);"
                                    "INSERT INTO schema_migrations VALUES (1, 1)"), GW_OK);
    if (v >= 2) assert_int_equal(gw_db_exec(db, "ALTER TABLE a ADD COLUMN w TEXT; INSERT INTO schema_migrations VALUES (2, 1)"), GW_OK);
    if (v >= 3) assert_int_equal(gw_db_exec(db, "INSERT INTO a(v) VALUES ('from b'); INSERT INTO schema_migrations VALUES (3, 1)"), GW_OK);
    if (v >= 4) assert_int_equal(gw_db_exec(db, "INSERT INTO schema_migrations VALUES (4, 1)"), GW_OK);
    gw_db_close(db);
}

static void test_legacy_history_mapped(void **s)
{
    (void)s;
    const gw_schema_module *const ab[] = { &mod_a2, &mod_b, NULL };
    old_db(1); /* a at 1, b at 0: a's 2 and b's 1 are pending */
    assert_int_equal(migrate(ab), GW_OK);
    assert_int_equal(query(SQL_A), 2);
    assert_int_equal(query(SQL_B), 1);
    assert_int_equal(query(SQL_ROWS), 1);
    assert_int_equal(query(SQL_MOVED), 1);
    assert_int_equal(query("SELECT COUNT(*) FROM schema_migrations"), 2); /* the old row stays */
    assert_int_equal(migrate(ab), GW_OK);                                  /* mapped once only */
    assert_int_equal(query(SQL_VERSIONS), 3);
    tmp_db_rm(path);

    old_db(3); /* everything there already: nothing runs (b's insert would add a row) */
    assert_int_equal(migrate(ab), GW_OK);
    assert_int_equal(query(SQL_ROWS), 1);
    assert_int_equal(query(SQL_VERSIONS), 3);
    tmp_db_rm(path);

    old_db(4); /* past the last old version this binary knows */
    assert_int_equal(migrate(ab), GW_E_CONFLICT);
    assert_int_equal(query(SQL_MOVED), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_modules_in_order_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_newer_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_migration_leaves_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_legacy_history_mapped, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
