/* core/jobs.h — periodic work, run exactly once per slot across every server on one database.
 * Each job has a row in the `jobs` table with the time its next slot is due. A server claims a due
 * slot with a conditional UPDATE (WHERE next_run_ms = the value it read AND next_run_ms <= now) that
 * moves next_run_ms on, and runs the job in the same write transaction: of two servers reading the same
 * slot, one UPDATE touches the row and the other (waiting on the row lock on PostgreSQL, or queued
 * behind the single writer on SQLite) touches nothing. When the job fails, the claim rolls back with
 * it and the slot is tried again. Clock skew between servers cannot run a slot twice (the claim
 * compares the value read, not the clock). */
#ifndef GW_CORE_JOBS_H
#define GW_CORE_JOBS_H

#include <stdint.h>
#include "base/err.h"
#include "db/db.h"
#include "db/store.h"

/* The work of one slot, inside the writer's transaction: slot_ms is the time the claimed slot was due
 * (it names the slot: two runs of one slot would see the same value). */
typedef gw_err (*gw_job_fn)(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg);

typedef struct {
    const char *name;  /* the jobs row; at most 64 bytes */
    int64_t every_ms;  /* from the end of a claimed slot to the next one (>= 1) */
    gw_job_fn run;
    void *arg;
    /* Optional: work too long for the writer's transaction (training a model), run by the jobs thread
     * after the claiming transaction committed; a slot whose `after` fails is not tried again. */
    gw_err (*after)(gw_store *s, int64_t now_ms, void *arg);
} gw_job;

/* Run `job` now when its slot is due and this call claims it: *ran = 1 then, 0 when it was not due or
 * another server had it. *next_ms (may be NULL) gets the time the next slot is due. The job's error,
 * or the database's. */
gw_err gw_job_tick(gw_store *s, const gw_job *job, int64_t now_ms, int *ran, int64_t *next_ms);

/* A thread that ticks every job in `jobs` (copied; at most 16) as slots come due, until gw_jobs_stop.
 * NULL when the thread cannot start. */
typedef struct gw_jobs gw_jobs;
gw_jobs *gw_jobs_start(gw_store *s, const gw_job *jobs, int n);
/* Stop the thread (waits for a running job to finish) and free it. NULL is fine. */
void gw_jobs_stop(gw_jobs *j);

#endif
