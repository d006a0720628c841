/* ops/unit_tree_store.c — see unit_tree_store.h. */
#include "ops/unit_tree_store.h"

#include <stdio.h>

gw_err gw_store_unit_parent(gw_db *db, int64_t id, int64_t *parent)
{
    static const char sql[] = "SELECT parent_unit_id FROM units WHERE id = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *parent = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_unit_parent_set(gw_db *tx, int64_t id, int64_t parent)
{
    static const char sql[] = "UPDATE units SET parent_unit_id = ?2 WHERE id = ?1 RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_id(st, 2, parent);
    return gw_step_touched(st);
}

gw_err gw_store_unit_children(gw_db *db, int64_t id, int64_t *n)
{
    static const char sql[] = "SELECT COUNT(*) FROM units WHERE parent_unit_id = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    int rc = gw_step(st);
    if (rc <= 0) return rc < 0 ? (gw_err)-rc : GW_E_INTERNAL;
    *n = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_unit_subunit_each(gw_db *db, int64_t id, int (*fn)(void *cls, int64_t id, const char *name), void *cls)
{
    static const char sql[] = "SELECT id, name FROM units WHERE parent_unit_id = ?1 AND enabled = 1 ORDER BY id";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    int rc;
    while ((rc = gw_step(st)) == 1)
        if (!fn(cls, gw_col_int(st, 0), gw_col_text(st, 1))) { gw_stmt_reset(st); return GW_E_NOMEM; }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_ticket_last_handover(gw_db *db, int64_t ticket_id, char *action, size_t n, char *detail, size_t dn)
{
    static const char sql[] = "SELECT action, detail FROM ticket_timeline WHERE ticket_id = ?1"
                              " AND action IN ('dispatch', 'subdispatch') ORDER BY id DESC LIMIT 1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    const char *a = gw_col_text(st, 0), *d = gw_col_text(st, 1);
    snprintf(action, n, "%s", a ? a : "");
    snprintf(detail, dn, "%s", d ? d : "");
    gw_stmt_reset(st);
    return GW_OK;
}
