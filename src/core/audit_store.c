/* core/audit_store.c — the audit log's chain declaration and appending to it. */
#include "core/audit.h"

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
