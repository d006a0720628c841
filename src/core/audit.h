/* core/audit.h — the audit log and the hash chains.
 * The audit log (who changed configuration, who read full personal data, logins) and the
 * ticket timeline are append-only tables; each row holds the hash of the previous row of its
 * table, so editing or deleting a row breaks the chain at that row. */
#ifndef GW_CORE_AUDIT_H
#define GW_CORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "db/db.h"

#define GW_HASH_HEX 65
/* Advisory lock keys held while appending to a chain (gw_db_lock). */
#define GW_LOCK_AUDIT_CHAIN 0x67770001
#define GW_LOCK_TIMELINE_CHAIN 0x67770002

#define GW_CHAIN_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Hash of one chain link: SHA-256 over prev (64 hex) and each field with its length, hex. */
void gw_chain_hash(const char *prev, const char *const *fields, size_t n, char *out);

/* Append to the audit log inside a write transaction. */
gw_err gw_audit_append(gw_db *tx, int64_t at_ms, int64_t actor_user_id, const char *action, const char *object,
                       const char *detail);

/* Walk both chains. GW_OK when intact; GW_E_CONFLICT with `where` naming the first broken row
 * ("ticket_timeline id 42: hash does not match its content"). */
gw_err gw_audit_verify(gw_db *db, char *where, size_t n, int64_t *rows_checked);

#endif
