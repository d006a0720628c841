/* core/jobs.c: a due slot runs once however many servers tick it, not before it is due, again after
 * its period, and a failed run gives the slot back. Two stores on one database file stand for two
 * servers (one writer each, as two processes would have). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "core/jobs.h"
#include "core/core_schema_store.h"
#include "../tmp_db.h"

static int fail_next;

/* The job: one row per run, named by its slot (a slot run twice violates the primary key). */
static gw_err job_run(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg)
{
    static const char sql[] = "INSERT INTO t_runs(slot, at_ms, who) VALUES (?1, ?2, ?3)";
    if (fail_next) { fail_next = 0; return GW_E_IO; }
    gw_stmt *st = gw_db_prep(tx, sql);
    gw_bind_int(st, 1, slot_ms);
    gw_bind_int(st, 2, now_ms);
    gw_bind_int(st, 3, (int64_t)(intptr_t)arg);
    return gw_step_done(st);
}

static gw_err op_exec(gw_db *tx, void *p) { return gw_db_exec(tx, p); }

static char path[64];

static void open_two(gw_store **a, gw_store **b)
{
    tmp_db_new(path, "jobs");
    assert_int_equal(gw_store_open(path, 2, a), GW_OK);
    assert_int_equal(gw_store_write(*a, op_exec, "CREATE TABLE t_runs (slot INTEGER PRIMARY KEY, at_ms INTEGER,"
                                                 " who INTEGER)"), GW_OK);
    assert_int_equal(gw_store_open(path, 2, b), GW_OK);
}

static int64_t runs(gw_store *s, const char *sql)
{
    gw_db *db = gw_store_read_begin(s);
    gw_stmt *st = gw_db_prep(db, sql);
    assert_int_equal(gw_step_row(st), GW_OK);
    int64_t n = gw_col_int(st, 0);
    gw_stmt_reset(st);
    gw_store_read_end(s, db);
    return n;
}

static const char SQL_RUNS[] = "SELECT COUNT(*) FROM t_runs";

static void test_slot_runs_once(void **st)
{
    (void)st;
    gw_store *a, *b;
    open_two(&a, &b);
    gw_job ja = { "test.job", 1000, job_run, (void *)1, NULL }, jb = { "test.job", 1000, job_run, (void *)2, NULL };
    int ran_a = 0, ran_b = 0;
    int64_t next = 0, t = 5000;
    assert_int_equal(gw_job_tick(a, &ja, t, &ran_a, &next), GW_OK); /* a new job is due at once */
    assert_int_equal(gw_job_tick(b, &jb, t, &ran_b, NULL), GW_OK);  /* the same slot: taken */
    assert_int_equal(ran_a + ran_b, 1);
    assert_int_equal(ran_a, 1);
    assert_int_equal(next, t + 1000);
    assert_int_equal(gw_job_tick(b, &jb, t + 999, &ran_b, &next), GW_OK);
    assert_int_equal(ran_b, 0); /* not due yet */
    assert_int_equal(next, t + 1000);
    assert_int_equal(gw_job_tick(b, &jb, t + 1000, &ran_b, NULL), GW_OK);
    assert_int_equal(gw_job_tick(a, &ja, t + 1000, &ran_a, NULL), GW_OK);
    assert_int_equal(ran_b, 1); /* the next slot, on the other server */
    assert_int_equal(ran_a, 0);
    assert_int_equal(runs(a, SQL_RUNS), 2);
    /* A failed run gives its slot back: the next tick runs it. */
    fail_next = 1;
    assert_int_equal(gw_job_tick(a, &ja, t + 2000, &ran_a, NULL), GW_E_IO);
    assert_int_equal(gw_job_tick(b, &jb, t + 2000, &ran_b, NULL), GW_OK);
    assert_int_equal(ran_b, 1);
    assert_int_equal(runs(a, "SELECT COUNT(*) FROM t_runs WHERE slot = 7000"), 1);
    gw_store_close(a);
    gw_store_close(b);
    tmp_db_rm(path);
}

static void test_threads_on_two_servers(void **st)
{
    (void)st;
    gw_store *a, *b;
    open_two(&a, &b);
    gw_job ja = { "test.fast", 50, job_run, (void *)1, NULL }, jb = { "test.fast", 50, job_run, (void *)2, NULL };
    gw_jobs *x = gw_jobs_start(a, &ja, 1), *y = gw_jobs_start(b, &jb, 1);
    assert_non_null(x);
    assert_non_null(y);
    struct timespec pause = { 1, 500000000L };
    nanosleep(&pause, NULL);
    gw_jobs_stop(x);
    gw_jobs_stop(y);
    /* Every slot ran once (t_runs' primary key would have refused a second run, and the failed
     * insert would have been logged and retried), and the runs were spaced by the period. */
    int64_t n = runs(a, SQL_RUNS);
    assert_true(n >= 5 && n <= 31);
    assert_int_equal(runs(a, "SELECT COUNT(*) FROM jobs WHERE name = 'test.fast'"), 1);
    assert_int_equal(runs(a, "SELECT runs FROM jobs WHERE name = 'test.fast'"), n);
    assert_int_equal(runs(a, "SELECT COUNT(*) FROM t_runs x JOIN t_runs y ON y.slot > x.slot"
                             " AND y.at_ms < x.at_ms + 50"), 0);
    gw_store_close(a);
    gw_store_close(b);
    tmp_db_rm(path);
}

int main(void)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, NULL };
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slot_runs_once),
        cmocka_unit_test(test_threads_on_two_servers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
