/* ops/assist_view.h — 协办 sub-tasks as the API shows them (staff who see the ticket): the list inside a
 * ticket's view, and the sub-task actions the caller may take (the buttons). Internal notes and return
 * reasons appear here only; the public paths (tracking, Open311) never render sub-tasks, and their
 * timeline entries show only the 协办意见 (detail.public_reply). */
#ifndef GW_OPS_ASSIST_VIEW_H
#define GW_OPS_ASSIST_VIEW_H

#include <jansson.h>
#include "core/auth.h"
#include "ops/assist_store.h"

/* One sub-task: {id, unit{id,name}, state, due_at, note, reason, public_reply, created_at, signed_at,
 * done_at, returned_at, withdrawn_at}. */
json_t *gw_assist_json(const gw_assist_row *r);
/* The ticket's sub-tasks oldest first (an empty array when none or on a read error). */
json_t *gw_assist_list_json(gw_db *db, int64_t ticket_id);

/* The sub-tasks' ids and rule fields, for the caller-dependent part of a cached view. */
typedef struct {
    int n;
    int64_t id[GW_ASSIST_MAX * 2];
    gw_assist a[GW_ASSIST_MAX * 2];
} gw_assist_brief;
gw_err gw_assist_brief_load(gw_db *db, int64_t ticket_id, gw_assist_brief *b);
/* {"<assist id>": [action, ...]} for the sub-tasks on which who may act now (lead: the ticket's state). */
json_t *gw_assist_actions_json(const gw_assist_brief *b, gw_ticket_state lead, const gw_principal *who);

#endif
