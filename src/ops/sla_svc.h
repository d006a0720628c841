/* ops/sla_svc.h — the deadline sweep as a periodic job (core/jobs.h). */
#ifndef GW_OPS_SLA_SVC_H
#define GW_OPS_SLA_SVC_H

#include <stdint.h>
#include "base/err.h"
#include "core/jobs.h"

#define GW_SLA_SWEEP_JOB "sla.sweep"

/* One sweep (a gw_job_fn; arg unused): raise the warning/overdue flags of running tickets whose time came
 * (ops/sla.h), each with its timeline entry, and drop the request counters of clients gone for a day. */
gw_err gw_sla_sweep_job(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg);

/* The sweep job, every `seconds` (< 1: 30). */
gw_job gw_sla_sweep(int seconds);

#endif
