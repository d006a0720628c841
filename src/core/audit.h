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

#endif
