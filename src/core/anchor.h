/* core/anchor.h — the anchor chain: tying every per-aggregate chain to the audit log.
 * A per-ticket chain proves its rows were not edited, but not that the whole chain is still there: delete
 * every row of one ticket's timeline, or rewrite it consistently from genesis, and it verifies. So a
 * periodic job (core/jobs.h, exactly once across servers) appends to the audit chain one entry
 * (action "chain.anchor", object the chain's table) listing the head — aggregate, last id, hash — of every
 * aggregate's chain that moved since the previous anchor; `gridwork audit verify` then checks that every
 * anchored head still exists with that hash (and the chain walk checks it is reached from genesis).
 * What is not anchored yet (the rows since the last run) can still be cut off unnoticed.
 * Each run rescans the ids of the run before it, so a row whose transaction committed after a
 * higher id (PostgreSQL, several servers) is anchored by the next run. */
#ifndef GW_CORE_ANCHOR_H
#define GW_CORE_ANCHOR_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/chain.h"
#include "core/jobs.h"
#include "db/db.h"

#define GW_ANCHOR_ACTION "chain.anchor"
#define GW_ANCHOR_PER_ENTRY 500 /* heads per audit entry; more make more entries of one run */

/* Anchor, inside a write transaction, the heads that moved of every keyed chain in `chains`. `slot`
 * names the job slot (0 when run on demand); *heads counts the heads anchored (may be NULL). Runs are
 * serialised across servers by the audit chain's lock. */
gw_err gw_anchor_run(gw_db *tx, const gw_chain *const *chains, int n, int64_t now_ms, int64_t slot, int *heads);

/* Check every anchored head in the audit log against its chain. GW_OK, or GW_E_CONFLICT with `where`
 * naming the aggregate whose anchored head is gone or changed. */
gw_err gw_anchor_verify(gw_db *db, const gw_chain *const *chains, int n, char *where, size_t wn);

/* Walk every chain in `chains` (the audit log and each practice's chains, listed by main.c), then check
 * that every head anchored in the audit log still exists with its hash (gw_anchor_verify). GW_OK when
 * intact; GW_E_CONFLICT with `where` naming the first broken row
 * ("ticket_timeline id 42 (ticket_id 7): hash does not match its content"). */
gw_err gw_chains_verify(gw_db *db, const gw_chain *const *chains, int n, char *where, size_t wn, int64_t *rows_checked);

/* The chains an anchor job covers (main.c lists them; the unkeyed ones are skipped). */
typedef struct { const gw_chain *const *chains; int n; } gw_anchor_set;
#define GW_ANCHOR_JOB "chain.anchor"
/* One anchor run as a job (a gw_job_fn; arg is a gw_anchor_set). */
gw_err gw_anchor_job(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg);
/* The anchor job, every `seconds` (< 1: 60); `set` must outlive the jobs thread. */
gw_job gw_anchor(const gw_anchor_set *set, int seconds);

#endif
