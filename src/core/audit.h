/* core/audit.h — the audit log: who changed configuration, who read full personal data, logins, and
 * the anchors of the per-aggregate chains. It is one hash chain over the whole table (core/chain.h),
 * appended by the same code as every other chain. */
#ifndef GW_CORE_AUDIT_H
#define GW_CORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/chain.h"
#include "db/db.h"

/* The audit log's chain (chain id 1, unkeyed). */
extern const gw_chain gw_audit_chain;

/* Append to the audit log inside a write transaction. */
gw_err gw_audit_append(gw_db *tx, int64_t at_ms, int64_t actor_user_id, const char *action, const char *object,
                       const char *detail);

/* Browsing the log (the auditor's page): filters (0 / "" = any), one page, newest first. */
typedef struct {
    int64_t actor_user_id;
    const char *action; /* exact, or a prefix when it ends in '.' ("user.") */
    int64_t from_ms, to_ms; /* to_ms 0: no end */
    int64_t limit, offset;
} gw_audit_filter;
typedef struct {
    int64_t id, at_ms, actor_user_id;
    char actor[64], action[64], object[96], detail[1024];
    int detail_cut; /* the detail was longer than the buffer */
} gw_audit_row;
/* The page of rows (malloc'd, free()) and how many match in all. */
gw_err gw_store_audit_list(gw_db *db, const gw_audit_filter *f, gw_audit_row **rows, size_t *n, int64_t *total);
/* The chains POST /api/v1/audit/verify walks (main.c lists them; they must outlive the server). */
void gw_audit_api_chains(const gw_chain *const *chains, int n);

#endif
