/* core/scope_store.c — see scope_store.h. */
#include "core/scope_store.h"

void gw_scope_bind(gw_stmt *st, const gw_scope_args *a, const gw_principal *who, gw_scope_use use)
{
    gw_scope_filter f = gw_scope_ticket_filter(who, use);
    if (f.nothing) return;
    if (f.all) { gw_bind_int(st, a->all, 1); return; }
    if (f.div_prefix) gw_bind_text(st, a->prefix, f.div_prefix);
    if (f.unit_id) gw_bind_int(st, a->unit, f.unit_id);
    if (f.unit_id && f.with_cc) gw_bind_int(st, a->cc, 1);
    if (f.reporter_id > 0) gw_bind_int(st, a->reporter, f.reporter_id);
}
