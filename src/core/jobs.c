/* core/jobs.c — ticking periodic jobs, and the thread that does it (core/jobs.h). */
#include "core/jobs.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/jobs_store.h"

#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#define MAX_JOBS 16

typedef struct { const gw_job *job; int64_t seen, now; int ran; } claim_arg;

static gw_err op_add(gw_db *tx, void *p)
{
    claim_arg *a = p;
    return gw_store_job_add(tx, a->job->name, a->now);
}

static gw_err op_claim(gw_db *tx, void *p)
{
    claim_arg *a = p;
    a->ran = 0;
    gw_err e = gw_store_job_claim(tx, a->job->name, a->seen, a->now, a->now + a->job->every_ms);
    if (e == GW_E_NOT_FOUND) return GW_OK; /* not due any more, or another server has this slot */
    if (e) return e;
    a->ran = 1;
    return a->job->run(tx, a->now, a->seen, a->job->arg);
}

static gw_err read_next(gw_store *s, const char *name, int64_t *next)
{
    gw_db *db = gw_store_read_one(s);
    if (!db) return GW_E_UNAVAILABLE;
    gw_err e = gw_store_job_next(db, name, next);
    gw_store_read_one_end(s, db);
    return e;
}

gw_err gw_job_tick(gw_store *s, const gw_job *job, int64_t now_ms, int *ran, int64_t *next_ms)
{
    claim_arg a = { job, 0, now_ms, 0 };
    *ran = 0;
    gw_err e = read_next(s, job->name, &a.seen);
    if (e == GW_E_NOT_FOUND && !(e = gw_store_write(s, op_add, &a))) e = read_next(s, job->name, &a.seen);
    if (!e && a.seen <= now_ms) {
        e = gw_store_write(s, op_claim, &a);
        *ran = !e && a.ran;
        if (!e && !*ran) e = read_next(s, job->name, &a.seen);
        else if (*ran) a.seen = now_ms + job->every_ms;
    }
    if (next_ms) *next_ms = a.seen;
    return e;
}

struct gw_jobs {
    gw_store *store;
    gw_job jobs[MAX_JOBS];
    int n, stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
};

/* One pass over the jobs; the time to wait before the next pass (ms). */
static int64_t pass(gw_jobs *j)
{
    int64_t now = gw_now_ms(), wait = 1000; /* look again at least every second: other servers move slots */
    for (int i = 0; i < j->n; i++) {
        int ran = 0;
        int64_t next = now + wait;
        gw_err e = gw_job_tick(j->store, &j->jobs[i], now, &ran, &next);
        if (!e && ran && j->jobs[i].after) e = j->jobs[i].after(j->store, now, j->jobs[i].arg);
        if (e) gw_warn("job %s: %s", j->jobs[i].name, gw_err_name(e));
        if (next - now < wait) wait = next - now;
    }
    return wait < 20 ? 20 : wait;
}

static void *jobs_main(void *p)
{
    gw_jobs *j = p;
    pthread_mutex_lock(&j->mu);
    while (!j->stop) {
        pthread_mutex_unlock(&j->mu);
        int64_t wait = pass(j);
        pthread_mutex_lock(&j->mu);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += (time_t)(wait / 1000);
        until.tv_nsec += (long)(wait % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
        while (!j->stop && pthread_cond_timedwait(&j->cv, &j->mu, &until) == 0) {}
    }
    pthread_mutex_unlock(&j->mu);
    return NULL;
}

gw_jobs *gw_jobs_start(gw_store *s, const gw_job *jobs, int n)
{
    gw_jobs *j = calloc(1, sizeof *j);
    if (!j || n > MAX_JOBS) { free(j); return NULL; }
    j->store = s;
    for (int i = 0; i < n; i++) j->jobs[i] = jobs[i];
    j->n = n;
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, NULL);
    if (pthread_create(&j->thread, NULL, jobs_main, j)) {
        pthread_mutex_destroy(&j->mu);
        pthread_cond_destroy(&j->cv);
        free(j);
        return NULL;
    }
    return j;
}

void gw_jobs_stop(gw_jobs *j)
{
    if (!j) return;
    pthread_mutex_lock(&j->mu);
    j->stop = 1;
    pthread_cond_signal(&j->cv);
    pthread_mutex_unlock(&j->mu);
    pthread_join(j->thread, NULL);
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->cv);
    free(j);
}
