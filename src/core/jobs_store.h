/* core/jobs_store.h — the `jobs` table (core/jobs.h). */
#ifndef GW_CORE_JOBS_STORE_H
#define GW_CORE_JOBS_STORE_H

#include <stdint.h>
#include "base/err.h"
#include "db/db.h"

/* When the next slot of job `name` is due: GW_OK, GW_E_NOT_FOUND when the job has no row yet. */
gw_err gw_store_job_next(gw_db *db, const char *name, int64_t *next_ms);
/* Give job `name` a row due at next_ms, unless it has one. */
gw_err gw_store_job_add(gw_db *tx, const char *name, int64_t next_ms);
/* Claim the slot due at `seen` (read before) when it is due at now_ms: move it to next_ms. GW_OK when
 * this call claimed it, GW_E_NOT_FOUND when it was not due or is claimed already. */
gw_err gw_store_job_claim(gw_db *tx, const char *name, int64_t seen, int64_t now_ms, int64_t next_ms);

#endif
