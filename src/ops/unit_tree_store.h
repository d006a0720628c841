/* ops/unit_tree_store.h — SQL for 二级派单's unit tree: units.parent_unit_id (ops migration 8). One
 * level: a sub-unit's parent has no parent itself. */
#ifndef GW_OPS_UNIT_TREE_STORE_H
#define GW_OPS_UNIT_TREE_STORE_H

#include "base/err.h"
#include "db/db.h"

#include <stdint.h>

/* The parent of unit id (0 when none); GW_E_NOT_FOUND when no such unit. */
gw_err gw_store_unit_parent(gw_db *db, int64_t id, int64_t *parent);
/* Set (parent > 0) or clear (0) the parent of unit id. */
gw_err gw_store_unit_parent_set(gw_db *tx, int64_t id, int64_t parent);
/* How many units name id as their parent. */
gw_err gw_store_unit_children(gw_db *db, int64_t id, int64_t *n);
/* The enabled sub-units of id, in id order: fn(cls, id, name); fn returning 0 stops (GW_E_NOMEM). */
gw_err gw_store_unit_subunit_each(gw_db *db, int64_t id, int (*fn)(void *cls, int64_t id, const char *name), void *cls);
/* 二级派单: the last entry of ticket_id's timeline that handed it to a unit (a "dispatch" or a
 * "subdispatch"): its action into action[n] and its detail JSON text into detail[dn] ("" when none).
 * GW_E_NOT_FOUND when the ticket never went to a unit. */
gw_err gw_store_ticket_last_handover(gw_db *db, int64_t ticket_id, char *action, size_t n, char *detail, size_t dn);

#endif
