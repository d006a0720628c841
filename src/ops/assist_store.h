/* ops/assist_store.h — SQL for 协办 sub-tasks (ticket_assists, ops migration 9). Read functions take any
 * connection; writes must run inside gw_store_write. Rows are stored as they are: the service decides
 * (ops/assist.h), the view renders and hides the internal fields from public paths. */
#ifndef GW_OPS_ASSIST_STORE_H
#define GW_OPS_ASSIST_STORE_H

#include "base/err.h"
#include "core/fields.h"
#include "db/db.h"
#include "ops/assist.h"

#include <stdint.h>

typedef struct {
    int64_t id, ticket_id;
    gw_assist a;                        /* state, unit, due and step times */
    char note[GW_NOTE_MAX * 4 + 1];     /* internal completion note; "" when none */
    char reason[GW_NOTE_MAX * 4 + 1];   /* internal return reason; "" when none */
    char public_reply[GW_REPLY_MAX * 4 + 1]; /* 协办意见; "" when none */
    char unit_name[GW_NAME_BUF];        /* for display ("" if unknown) */
    int64_t created_by, created_ms, updated_ms;
} gw_assist_row;

/* Insert row (its id is filled in). */
gw_err gw_store_assist_insert(gw_db *tx, gw_assist_row *row);
/* Save state, unit, due, times and texts of row->id. GW_E_NOT_FOUND when there is none. */
gw_err gw_store_assist_update(gw_db *tx, const gw_assist_row *row);
/* Sub-task id (with its unit's name); GW_E_NOT_FOUND when none. */
gw_err gw_store_assist_get(gw_db *db, int64_t id, gw_assist_row *row);
/* Each sub-task of the ticket, oldest first, to fn (the row lives until fn returns; fn returning 0
 * stops with GW_E_NOMEM). */
typedef int (*gw_assist_row_fn)(void *cls, const gw_assist_row *row);
gw_err gw_store_assist_each(gw_db *db, int64_t ticket_id, gw_assist_row_fn fn, void *cls);
/* The units of the ticket's sub-tasks that are not withdrawn (they see the ticket), at most max. */
gw_err gw_store_assist_unit_ids(gw_db *db, int64_t ticket_id, int64_t *ids, int max, int *n);

#endif
