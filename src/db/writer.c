/* db/writer.c — the writer thread with group commit, and the read pool. */
#include "db/store.h"
#include "db/schema.h"
#include "base/log.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BATCH 256
#define MAX_READERS 64
#define GEN_SLOTS 8192
#define MAX_NOTED 1024

typedef struct wop {
    gw_store_op op;
    void *arg;
    gw_err err;
    int done;
    struct wop *next;
} wop;

struct gw_store {
    char *path;         /* SQLite file, or the PostgreSQL conninfo */
    int pg;             /* PostgreSQL: no writer thread; each write is its own transaction */
    gw_db *wdb;
    pthread_t writer;
    pthread_mutex_t mu;
    pthread_cond_t has_work, done_cv;
    wop *head, *tail;
    int depth, stopping;
    int callers;        /* inside gw_store_write: close waits until they have left */
    long long commits, ops;

    pthread_mutex_t rmu;
    pthread_cond_t rfree;
    gw_db *readers[MAX_READERS]; /* the idle ones, a stack */
    int n_idle, n_open, max_readers;

    atomic_uint_fast64_t gen[GEN_SLOTS]; /* per ticket slot: bumped after commits that touched it */
    atomic_uint_fast64_t epoch;          /* bumped when a batch touched more tickets than noted */
};

/* Tickets the current thread's write operations touched (the SQLite writer is one thread). */
static _Thread_local int64_t noted[MAX_NOTED];
static _Thread_local int n_noted, noted_overflow;

void gw_store_note_ticket(int64_t id)
{
    if (n_noted < MAX_NOTED) noted[n_noted++] = id;
    else noted_overflow = 1;
}

/* After a commit (or a rollback, harmlessly): move the touched tickets' counters on. */
static void publish_noted(gw_store *s)
{
    for (int i = 0; i < n_noted; i++) atomic_fetch_add(&s->gen[(uint64_t)noted[i] % GEN_SLOTS], 1);
    if (noted_overflow) atomic_fetch_add(&s->epoch, 1);
    n_noted = noted_overflow = 0;
}

uint64_t gw_store_ticket_gen(gw_store *s, int64_t id)
{
    if (s->pg) return 0;
    return (atomic_load(&s->epoch) << 40) + atomic_load(&s->gen[(uint64_t)id % GEN_SLOTS]) + 1;
}

static gw_db *borrow(gw_store *s);
static void give_back(gw_store *s, gw_db *db);

static const char SQL_BEGIN[] = "BEGIN";
static const char SQL_COMMIT[] = "COMMIT";

/* Run a cached statement with no rows. */
static gw_err run(gw_db *db, const char *sql)
{
    gw_stmt *st = gw_db_prep(db, sql);
    return st ? gw_step_done(st) : GW_E_INTERNAL;
}

static void run_batch(gw_store *s, wop *batch)
{
    gw_err txe = gw_db_exec(s->wdb, "BEGIN IMMEDIATE");
    int n = 0;
    for (wop *w = batch; w; w = w->next, n++) {
        if (txe) { w->err = txe; continue; }
        if ((w->err = gw_db_exec(s->wdb, "SAVEPOINT op")) != GW_OK) continue;
        w->err = w->op(s->wdb, w->arg);
        if (w->err) gw_db_exec(s->wdb, "ROLLBACK TO op");
        gw_db_exec(s->wdb, "RELEASE op");
    }
    if (!txe && gw_db_exec(s->wdb, "COMMIT") != GW_OK) {
        gw_db_exec(s->wdb, "ROLLBACK");
        for (wop *w = batch; w; w = w->next) w->err = GW_E_IO;
    }
    publish_noted(s); /* before anyone is answered: a read after the answer sees the new counter */
    pthread_mutex_lock(&s->mu);
    if (!txe) { s->commits++; s->ops += n; }
    for (wop *w = batch; w; w = w->next) w->done = 1;
    pthread_cond_broadcast(&s->done_cv);
    pthread_mutex_unlock(&s->mu);
}

static void *writer_main(void *arg)
{
    gw_store *s = arg;
    pthread_mutex_lock(&s->mu);
    for (;;) {
        while (!s->head && !s->stopping) pthread_cond_wait(&s->has_work, &s->mu);
        if (!s->head) break; /* stopping and drained */
        wop *batch = s->head, *last = batch;
        int n = 1;
        while (last->next && n < MAX_BATCH) { last = last->next; n++; }
        s->head = last->next;
        if (!s->head) s->tail = NULL;
        last->next = NULL;
        s->depth -= n;
        pthread_mutex_unlock(&s->mu);
        run_batch(s, batch);
        pthread_mutex_lock(&s->mu);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* PostgreSQL: the operation runs in its own transaction on a pooled connection, tried again
 * (up to 5 times) when the database reports a serialization failure or a deadlock. */
static gw_err pg_write(gw_store *s, gw_store_op op, void *arg)
{
    pthread_mutex_lock(&s->mu);
    int stopping = s->stopping;
    if (!stopping) s->depth++, s->callers++;
    pthread_mutex_unlock(&s->mu);
    if (stopping) return GW_E_UNAVAILABLE;
    gw_db *db = borrow(s);
    gw_err e = db ? GW_E_UNAVAILABLE : GW_E_IO;
    for (int attempt = 0; db && e == GW_E_UNAVAILABLE && attempt < 5; attempt++) {
        if ((e = run(db, SQL_BEGIN))) continue;
        e = op(db, arg);
        if (!e) e = run(db, SQL_COMMIT);
        if (e) gw_db_exec(db, "ROLLBACK");
    }
    if (db) give_back(s, db);
    n_noted = noted_overflow = 0; /* other servers write too: change counters are not kept here */
    pthread_mutex_lock(&s->mu);
    s->depth--;
    if (!e) { s->commits++; s->ops++; }
    if (!--s->callers) pthread_cond_broadcast(&s->done_cv);
    pthread_mutex_unlock(&s->mu);
    return e;
}

gw_err gw_store_write(gw_store *s, gw_store_op op, void *arg)
{
    if (s->pg) return pg_write(s, op, arg);
    wop w = { op, arg, GW_OK, 0, NULL };
    pthread_mutex_lock(&s->mu);
    if (s->stopping) { pthread_mutex_unlock(&s->mu); return GW_E_UNAVAILABLE; }
    if (s->tail) s->tail->next = &w;
    else s->head = &w;
    s->tail = &w;
    s->depth++;
    s->callers++;
    pthread_cond_signal(&s->has_work);
    while (!w.done) pthread_cond_wait(&s->done_cv, &s->mu);
    if (!--s->callers) pthread_cond_broadcast(&s->done_cv); /* close may be waiting for the last one */
    pthread_mutex_unlock(&s->mu);
    return w.err;
}

static const char *url_path(const char *url)
{
    return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

static gw_err open_conn(gw_store *s, int readonly, gw_db **out)
{
    return s->pg ? gw_db_open_pg(s->path, out) : gw_db_open_sqlite(s->path, readonly, out);
}

gw_err gw_store_open(const char *url, int readers, gw_store **out)
{
    gw_store *s = calloc(1, sizeof *s);
    if (!s) return GW_E_NOMEM;
    s->pg = !strncmp(url, "postgres://", 11) || !strncmp(url, "postgresql://", 13);
    s->path = strdup(s->pg ? url : url_path(url));
    s->max_readers = readers < 1 ? 1 : readers > MAX_READERS ? MAX_READERS : readers;
    pthread_mutex_init(&s->rmu, NULL);
    pthread_cond_init(&s->rfree, NULL);
    if (s->pg) { /* migrate on a first pooled connection; writes are transactions on the pool */
        gw_db *db = NULL;
        gw_err e = s->path ? gw_db_open_pg(s->path, &db) : GW_E_NOMEM;
        if (!e) e = gw_schema_migrate(db);
        if (e) {
            gw_db_close(db);
            free(s->path);
            free(s);
            return e;
        }
        pthread_mutex_init(&s->mu, NULL);
        pthread_cond_init(&s->done_cv, NULL);
        s->readers[s->n_idle++] = db;
        s->n_open = 1;
        *out = s;
        return GW_OK;
    }
    gw_err e = s->path ? gw_db_open_sqlite(s->path, 0, &s->wdb) : GW_E_NOMEM;
    if (!e) e = gw_schema_migrate(s->wdb);
    if (e) {
        gw_db_close(s->wdb);
        free(s->path);
        free(s);
        return e;
    }
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->has_work, NULL);
    pthread_cond_init(&s->done_cv, NULL);
    if (pthread_create(&s->writer, NULL, writer_main, s) != 0) {
        gw_db_close(s->wdb);
        free(s->path);
        free(s);
        return GW_E_INTERNAL;
    }
    *out = s;
    return GW_OK;
}

/* After stopping: wait until every caller still inside gw_store_write has left it (they need the
 * mutex after they are answered), so nothing is freed under them. */
static void wait_callers(gw_store *s)
{
    pthread_mutex_lock(&s->mu);
    while (s->callers) pthread_cond_wait(&s->done_cv, &s->mu);
    pthread_mutex_unlock(&s->mu);
}

void gw_store_close(gw_store *s)
{
    if (!s) return;
    if (s->pg) { /* every write already committed before its caller returned */
        pthread_mutex_lock(&s->mu);
        s->stopping = 1;
        pthread_mutex_unlock(&s->mu);
        wait_callers(s);
        for (int i = 0; i < s->n_idle; i++) gw_db_close(s->readers[i]);
        pthread_mutex_destroy(&s->mu);
        pthread_cond_destroy(&s->done_cv);
        pthread_mutex_destroy(&s->rmu);
        pthread_cond_destroy(&s->rfree);
        free(s->path);
        free(s);
        return;
    }
    pthread_mutex_lock(&s->mu);
    s->stopping = 1;
    pthread_cond_signal(&s->has_work);
    pthread_mutex_unlock(&s->mu);
    pthread_join(s->writer, NULL);
    wait_callers(s);
    for (int i = 0; i < s->n_idle; i++) gw_db_close(s->readers[i]);
    gw_db_exec(s->wdb, "PRAGMA wal_checkpoint(TRUNCATE)");
    gw_db_close(s->wdb);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->has_work);
    pthread_cond_destroy(&s->done_cv);
    pthread_mutex_destroy(&s->rmu);
    pthread_cond_destroy(&s->rfree);
    free(s->path);
    free(s);
}

static gw_db *borrow(gw_store *s)
{
    pthread_mutex_lock(&s->rmu);
    for (;;) {
        if (s->n_idle) {
            gw_db *db = s->readers[--s->n_idle];
            pthread_mutex_unlock(&s->rmu);
            return db;
        }
        if (s->n_open < s->max_readers) {
            s->n_open++;
            pthread_mutex_unlock(&s->rmu);
            gw_db *db = NULL;
            if (open_conn(s, 1, &db) == GW_OK) return db;
            pthread_mutex_lock(&s->rmu);
            s->n_open--;
            pthread_mutex_unlock(&s->rmu);
            return NULL;
        }
        pthread_cond_wait(&s->rfree, &s->rmu);
    }
}

/* A borrowed connection reads one snapshot: every query until read_end sees the same commits
 * (and SQLite takes its WAL read lock once instead of per statement). */
static const char SQL_BEGIN_SNAPSHOT_PG[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

gw_db *gw_store_read_begin(gw_store *s)
{
    gw_db *db = borrow(s);
    if (db && run(db, s->pg ? SQL_BEGIN_SNAPSHOT_PG : SQL_BEGIN) != GW_OK) {
        gw_db_close(db);
        pthread_mutex_lock(&s->rmu);
        s->n_open--;
        pthread_mutex_unlock(&s->rmu);
        return NULL;
    }
    return db;
}

/* Return a connection to the pool as it is. */
static void give_back(gw_store *s, gw_db *db)
{
    pthread_mutex_lock(&s->rmu);
    s->readers[s->n_idle++] = db;
    pthread_cond_signal(&s->rfree);
    pthread_mutex_unlock(&s->rmu);
}

void gw_store_read_end(gw_store *s, gw_db *db)
{
    if (!db) return;
    run(db, SQL_COMMIT);
    give_back(s, db);
}

int gw_store_shared(gw_store *s) { return s->pg; }

gw_db *gw_store_read_one(gw_store *s) { return borrow(s); }

void gw_store_read_one_end(gw_store *s, gw_db *db)
{
    if (db) give_back(s, db);
}

int gw_store_queue_depth(gw_store *s)
{
    pthread_mutex_lock(&s->mu);
    int d = s->depth;
    pthread_mutex_unlock(&s->mu);
    return d;
}

void gw_store_stats(gw_store *s, long long *commits, long long *ops)
{
    pthread_mutex_lock(&s->mu);
    *commits = s->commits;
    *ops = s->ops;
    pthread_mutex_unlock(&s->mu);
}

gw_err gw_store_backup(gw_store *s, const char *dest)
{
    if (s->pg) return GW_E_INVALID; /* pg_dump is the tool there */
    gw_db *db = borrow(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_db_backup(db, dest);
    give_back(s, db);
    return e;
}
