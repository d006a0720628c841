/* The drivers' statement cache (store/stmt_cache.c through store/sqlite.c and store/pg.c): a statement
 * a caller holds survives any number of later preparations, and a runaway key count is refused
 * without evicting anything. The PostgreSQL cases run when GW_TEST_PG_URL names a database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/stmt_cache.h"
#include "../tmp_db.h"

#define MANY 300 /* more than either driver's old fixed cache (128, 160) */

static char path[64];

/* Distinct SQL texts at distinct addresses, as if the program held that many literals. */
static char **texts(int n)
{
    char **t = calloc((size_t)n, sizeof *t);
    for (int i = 0; i < n; i++) {
        t[i] = malloc(48);
        snprintf(t[i], 48, "SELECT %d + 0", i);
    }
    return t;
}

static void free_texts(char **t, int n)
{
    for (int i = 0; i < n; i++) free(t[i]);
    free(t);
}

static const char SQL_ROWS[] = "SELECT k FROM cache_t ORDER BY k";

/* A statement mid-iteration keeps its place while MANY others are prepared and run. */
static void held_statement_survives(gw_db *db)
{
    assert_int_equal(gw_db_exec(db, "DROP TABLE IF EXISTS cache_t; CREATE TABLE cache_t (k INTEGER);"
                                    "INSERT INTO cache_t VALUES (1), (2), (3)"), GW_OK);
    gw_stmt *held = gw_db_prep(db, SQL_ROWS);
    assert_non_null(held);
    assert_int_equal(gw_step(held), 1);
    assert_int_equal(gw_col_int(held, 0), 1);
    char **t = texts(MANY);
    for (int i = 0; i < MANY; i++) {
        gw_stmt *st = gw_db_prep(db, t[i]);
        assert_non_null(st);
        assert_int_equal(gw_step(st), 1);
        assert_int_equal(gw_col_int(st, 0), i);
        gw_stmt_reset(st);
    }
    assert_int_equal(gw_step(held), 1); /* the same statement, still on its second row */
    assert_int_equal(gw_col_int(held, 0), 2);
    gw_stmt_reset(held);
    for (int i = 0; i < MANY; i++) { /* every text still finds its own statement */
        gw_stmt *st = gw_db_prep(db, t[i]);
        assert_int_equal(gw_step(st), 1);
        assert_int_equal(gw_col_int(st, 0), i);
        gw_stmt_reset(st);
    }
    assert_ptr_equal(gw_db_prep(db, SQL_ROWS), held);
    free_texts(t, MANY);
}

static void test_sqlite_held_statement_survives(void **s)
{
    (void)s;
    gw_db *db;
    tmp_db_new(path, "cache");
    assert_int_equal(gw_db_open_sqlite(path, 0, &db), GW_OK);
    held_statement_survives(db);
    gw_db_close(db);
    tmp_db_rm(path);
}

static void test_pg_held_statement_survives(void **s)
{
    (void)s;
    const char *url = getenv("GW_TEST_PG_URL");
    if (!url) skip();
    gw_db *db;
    assert_int_equal(gw_db_open_pg(url, &db), GW_OK);
    held_statement_survives(db);
    gw_db_exec(db, "DROP TABLE cache_t");
    gw_db_close(db);
}

/* The table itself: past GW_STMT_CACHE_MAX keys a put is refused and nothing cached is lost. */
static void test_cache_bound_refuses_without_evicting(void **s)
{
    (void)s;
    gw_stmt_cache c = { 0 };
    static char keys[GW_STMT_CACHE_MAX + 1];
    static long vals[GW_STMT_CACHE_MAX + 1]; /* stand-ins: the table only keeps pointers */
    for (int i = 0; i < GW_STMT_CACHE_MAX; i++) assert_int_equal(gw_stmt_cache_put(&c, &keys[i], (gw_stmt *)&vals[i]), GW_OK);
    assert_int_equal(gw_stmt_cache_put(&c, &keys[GW_STMT_CACHE_MAX], (gw_stmt *)&vals[GW_STMT_CACHE_MAX]), GW_E_TOO_LARGE);
    assert_null(gw_stmt_cache_get(&c, &keys[GW_STMT_CACHE_MAX]));
    for (int i = 0; i < GW_STMT_CACHE_MAX; i++) assert_ptr_equal(gw_stmt_cache_get(&c, &keys[i]), (gw_stmt *)&vals[i]);
    gw_stmt_cache_free(&c, NULL);
    assert_null(gw_stmt_cache_get(&c, &keys[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite_held_statement_survives),
        cmocka_unit_test(test_pg_held_statement_survives),
        cmocka_unit_test(test_cache_bound_refuses_without_evicting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
