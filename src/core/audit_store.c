/* core/audit_store.c — the audit log's chain declaration, appending to it, and verifying every chain. */
#include "core/audit.h"
#include "core/anchor.h"

static const gw_chain_field audit_fields[] = {
    { "at_ms", GW_CF_INT }, { "actor_user_id", GW_CF_ID }, { "action", GW_CF_TEXT }, { "object", GW_CF_TEXT },
    { "detail", GW_CF_TEXT },
};
const gw_chain gw_audit_chain = { 1, "audit_log", NULL, NULL, 0, 5, audit_fields };

gw_err gw_audit_append(gw_db *tx, int64_t at_ms, int64_t actor_user_id, const char *action, const char *object,
                       const char *detail)
{
    const gw_chain_val v[] = { { at_ms, NULL }, { actor_user_id, NULL }, { 0, action }, { 0, object },
                               { 0, detail ? detail : "" } };
    return gw_chain_append(tx, &gw_audit_chain, v, NULL);
}

gw_err gw_audit_verify(gw_db *db, const gw_chain *const *chains, int n, char *where, size_t wn, int64_t *rows_checked)
{
    *rows_checked = 0;
    where[0] = 0;
    gw_err e = GW_OK;
    for (int i = 0; i < n && !e; i++) e = gw_chain_verify(db, chains[i], where, wn, rows_checked);
    if (!e) e = gw_anchor_verify(db, chains, n, where, wn);
    return e;
}
