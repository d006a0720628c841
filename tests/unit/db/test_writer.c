/* The writer (store/writer.c): durable group commit, per-operation savepoints, migrations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "db/schema.h"
#include "db/store.h"
#include "../tmp_db.h"

/* One small module of migrations: the writer's tests need no practice's tables. */
static const char *const m_sql[] = { "CREATE TABLE w1 (k INTEGER PRIMARY KEY)", "CREATE TABLE w2 (k INTEGER PRIMARY KEY)" };
static const gw_schema_module m_writer = { "writer_test", m_sql, m_sql, 2, NULL };
static const gw_schema_module *const modules[] = { &m_writer, NULL };

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
    tmp_db_new(path, "store");
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    tmp_db_rm(path);
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
    assert_int_equal(count(s, "SELECT COUNT(*) FROM schema_versions WHERE module = 'writer_test'"), 2);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM schema_versions"), 2);
    gw_store_close(s);
}

static void test_backup_and_unreachable_pg(void **st)
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

/* An operation that holds the writer until released, so gw_store_close stays in progress
 * (it waits for the writer to drain) while the test probes it. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int entered, released;
} gate;

static gate g_gate = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };

static void gate_set(int *flag)
{
    pthread_mutex_lock(&g_gate.mu);
    *flag = 1;
    pthread_cond_broadcast(&g_gate.cv);
    pthread_mutex_unlock(&g_gate.mu);
}

static void gate_wait(int *flag)
{
    pthread_mutex_lock(&g_gate.mu);
    while (!*flag) pthread_cond_wait(&g_gate.cv, &g_gate.mu);
    pthread_mutex_unlock(&g_gate.mu);
}

static gw_err op_block(gw_db *tx, void *p)
{
    gate_set(&g_gate.entered);
    gate_wait(&g_gate.released);
    return op_insert(tx, p);
}

static void *blocker_thread(void *p)
{
    ins_arg *a = p;
    a->result = gw_store_write(a->s, op_block, a);
    return NULL;
}

static void nap_us(long us)
{
    struct timespec ts = { 0, us * 1000 };
    nanosleep(&ts, NULL);
}

enum { MAX_PROBES = 200 };
typedef struct {
    ins_arg arg;
    pthread_t th;
    _Atomic int returned;
} probe;

typedef struct {
    gw_store *s;
    probe p[MAX_PROBES];
    int n;
} prober;

static void *probe_thread(void *p)
{
    probe *pb = p;
    pb->arg.result = gw_store_write(pb->arg.s, op_insert, &pb->arg);
    pb->returned = 1;
    return NULL;
}

/* While the main thread is inside gw_store_close (held there by op_block), submit writes one
 * at a time. Each either returns at once (refused: close has begun) or joins the queue (submitted
 * before close began: it must still commit). Stop at the first refusal, then let the writer go. */
static void *prober_main(void *p)
{
    prober *pr = p;
    while (pr->n < MAX_PROBES) {
        probe *pb = &pr->p[pr->n];
        int depth = gw_store_queue_depth(pr->s);
        pb->arg = (ins_arg){ pr->s, 100 + pr->n++, 0, GW_OK };
        pthread_create(&pb->th, NULL, probe_thread, pb);
        while (!pb->returned && gw_store_queue_depth(pr->s) == depth) nap_us(500);
        if (pb->returned) break;
        nap_us(2000); /* queued: close has not begun yet; give it time */
    }
    gate_set(&g_gate.released);
    return NULL;
}

static void test_write_after_close_refused(void **st)
{
    (void)st;
    gw_store *s;
    assert_int_equal(gw_store_open(path, 1, &s), GW_OK);
    assert_int_equal(gw_store_write(s, op_create, NULL), GW_OK);
    ins_arg held = { s, 1, 0, GW_OK }, queued = { s, 2, 0, GW_OK };
    pthread_t th_held, th_queued, th_prober;
    pthread_create(&th_held, NULL, blocker_thread, &held);
    gate_wait(&g_gate.entered); /* the writer is inside op_block */
    pthread_create(&th_queued, NULL, writer_thread, &queued);
    while (gw_store_queue_depth(s) < 1) nap_us(500); /* queued behind it, before close */

    static prober pr;
    pr.s = s;
    pthread_create(&th_prober, NULL, prober_main, &pr);
    gw_store_close(s); /* returns once the writer has drained the queue */
    pthread_join(th_prober, NULL);
    pthread_join(th_held, NULL);
    pthread_join(th_queued, NULL);
    for (int i = 0; i < pr.n; i++) pthread_join(pr.p[i].th, NULL);

    int last = pr.n - 1;
    print_message("%d write(s) queued before close began\n", last);
    assert_true(pr.p[last].returned); /* a probe was refused before MAX_PROBES ran out */
    assert_int_equal(pr.p[last].arg.result, GW_E_UNAVAILABLE);
    assert_int_equal(held.result, GW_OK); /* running when close began: committed */
    assert_int_equal(queued.result, GW_OK); /* queued before close began: committed */
    for (int i = 0; i < last; i++) assert_int_equal(pr.p[i].arg.result, GW_OK);

    assert_int_equal(gw_store_open(path, 1, &s), GW_OK);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM t WHERE k IN (1, 2)"), 2);
    assert_int_equal(count(s, "SELECT COUNT(*) FROM t WHERE k >= 100"), last);
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM t WHERE k = %d", 100 + last);
    assert_int_equal(count(s, sql), 0); /* the refused write left nothing */
    gw_store_close(s);
}

int main(void)
{
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_group_commit_isolates_failures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_after_close_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_backup_and_unreachable_pg, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
