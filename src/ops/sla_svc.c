/* ops/sla_svc.c — the deadline sweep job (ops/sla_svc.h). */
#include "ops/sla_svc.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/auth_store.h"
#include "ops/ticket_store.h"

gw_err gw_sla_sweep_job(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg)
{
    (void)slot_ms;
    (void)arg;
    int changed = 0;
    gw_err e = gw_store_ticket_sweep(tx, now_ms, &changed);
    if (!e) e = gw_store_rate_purge(tx, now_ms - GW_MS_PER_DAY); /* counters of clients long gone */
    if (!e && changed) gw_info("sweep: %d tickets flagged warning/overdue", changed);
    return e;
}

gw_job gw_sla_sweep(int seconds)
{
    gw_job j = { GW_SLA_SWEEP_JOB, (int64_t)(seconds < 1 ? 30 : seconds) * 1000, gw_sla_sweep_job, NULL, NULL };
    return j;
}
