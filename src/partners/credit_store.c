/* partners/credit_store.c — SQL of the credit file's events (see credit_store.h). Portable SQL only. */
#include "partners/credit_store.h"

static const char SQL_INSERT[] =
    "INSERT INTO partner_credit_events(partner_id, community_id, kind, value, ref_kind, ref_id, at_ms)"
    " SELECT id, community_id, ?2, ?3, ?4, ?5, ?6 FROM partners WHERE id = ?1 RETURNING id";

gw_err gw_credit_event_add(gw_db *tx, const gw_credit_event *ev)
{
    if ((int)ev->kind < 0 || ev->kind >= GW_CE__COUNT || !ev->ref_kind || !ev->ref_kind[0]) return GW_E_INVALID;
    gw_stmt *st = gw_db_prep(tx, SQL_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ev->partner_id);
    gw_bind_text(st, 2, gw_credit_kind_name(ev->kind));
    gw_bind_int(st, 3, ev->value);
    gw_bind_text(st, 4, ev->ref_kind);
    gw_bind_int(st, 5, ev->ref_id);
    gw_bind_int(st, 6, ev->at_ms);
    return gw_step_touched(st);
}
