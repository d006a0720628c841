/* The writer (store/writer.c): durable group commit, per-operation savepoints, migrations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db/store.h"

static char path[64];

static gw_err op_create(gw_db *tx, void *p)
{
    (void)p;
    return gw_db_exec(tx, "CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT)");
}

typedef struct { gw_store *s; int k; int fail; gw_err result; } ins_arg;

static gw_err op_insert(gw_db *tx, void *p)
{
    static const char sql[] = "INSERT INTO t(k, v) VALUES (?1, 'x')";
    ins_arg *a = p;
    gw_stmt *st = gw_db_prep(tx, sql);
    gw_bind_int(st, 1, a->k);
    gw_err e = gw_step_done(st);
    if (!e && a->fail) return GW_E_INVALID; /* wrote, then failed: its row must vanish */
    return e;
}

static void *writer_thread(void *p)
{
    ins_arg *a = p;
    a->result = gw_store_write(a->s, op_insert, a);
    return NULL;
}

static int64_t count(gw_store *s, const char *where_sql)
{
    gw_db *db = gw_store_read_begin(s);
    gw_stmt *st = gw_db_prep(db, where_sql);
    int64_t n = gw_step(st) == 1 ? gw_col_int(st, 0) : -1;
    gw_stmt_reset(st);
    gw_store_read_end(s, db);
    return n;
}

static int setup(void **st)
{
    (void)st;
    snprintf(path, sizeof path, "/tmp/gw-test-store-%d.db", (int)getpid());
    unlink(path);
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    char p[80];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    return 0;
}

static void test_group_commit_isolates_failures(void **st)
{
    (void)st;
    gw_store *s;
    assert_int_equal(gw_store_open(path, 4, &s), GW_OK);
    assert_int_equal(gw_store_write(s, op_create, NULL), GW_OK);
    enum { N = 64 };
    ins_arg args[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        args[i] = (ins_arg){ s, i + 1, i % 4 == 0, GW_OK };
        pthread_create(&th[i], NULL, writer_thread, &args[i]);
    }
    for (int i = 0; i < N; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < N; i++) assert_int_equal(args[i].result, args[i].fail ? GW_E_INVALID : GW_OK);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM t"), N - N / 4);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM t WHERE k % 4 = 1"), 0);
    long long commits, ops;
    gw_store_stats(s, &commits, &ops);
    assert_true(ops >= N);
    assert_true(commits <= ops);

    /* a duplicate key is a conflict, and the neighbours still commit */
    ins_arg dup = { s, 2, 0, GW_OK };
    assert_int_equal(gw_store_write(s, op_insert, &dup), GW_E_CONFLICT);
    gw_store_close(s);

    /* durable: a fresh open sees every acknowledged row; migrations are not re-applied */
    assert_int_equal(gw_store_open(path, 1, &s), GW_OK);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM t"), N - N / 4);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM schema_migrations"),
                     count(s, "SELECT MAX(version) FROM schema_migrations"));
    gw_store_close(s);
}

static void test_write_after_close_refused(void **st)
{
    (void)st;
    gw_store *s;
    assert_int_equal(gw_store_open(path, 1, &s), GW_OK);
    char bk[80];
    snprintf(bk, sizeof bk, "%s.bak", path);
    assert_int_equal(gw_store_backup(s, bk), GW_OK);
    gw_store_close(s);
    assert_int_equal(gw_store_open(bk, 1, &s), GW_OK); /* the backup is a usable database */
    gw_store_close(s);
    unlink(bk);
    /* nothing listens there: a clear I/O error, not a crash */
    assert_int_equal(gw_store_open("postgres://x@127.0.0.1:1/db?connect_timeout=2", 1, &s), GW_E_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_group_commit_isolates_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_after_close_refused, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
