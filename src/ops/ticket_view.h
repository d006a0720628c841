/* ops/ticket_view.h — tickets as the API shows them (JSON), rendered from the store's rows; the
 * reporter is masked here (core/privacy.h) and the public timeline's rule is applied here. */
#ifndef GW_OPS_TICKET_VIEW_H
#define GW_OPS_TICKET_VIEW_H

#include <jansson.h>
#include "core/auth.h"
#include "ops/ticket_store.h"

/* The full view of a ticket for staff in scope (reporter masked: see /reporter), without the
 * caller-dependent "actions"; gcj: location in GCJ-02. */
json_t *gw_ticket_json(gw_db *db, const gw_ticket_row *t, int gcj);
/* The actions `who` may take on t (placed at division_path) now: the buttons a console shows.
 * verify_onsite only for a grid worker whose scope holds the ticket's grid (gw_ticket_onsite_ok). */
json_t *gw_ticket_actions_json(const gw_ticket *t, const char *division_path, const gw_principal *who);
/* gw_ticket_json with "actions". */
json_t *gw_ticket_view(gw_db *db, const gw_ticket_row *t, const gw_principal *who, int gcj);

/* The ticket's CC units [{id,name}] and photos [{sha256,stage,mime,size,created_at,url}]. */
gw_err gw_ticket_cc_json(gw_db *db, int64_t ticket_id, json_t **out);
gw_err gw_ticket_photos_json(gw_db *db, int64_t ticket_id, json_t **out);

/* A list summary (reporter masked). */
json_t *gw_ticket_list_item_json(const gw_ticket_list_row *r);
/* The tickets the principal may see that f selects, as summaries, and *next_cursor (0: no more). */
gw_err gw_ticket_list_json(gw_db *db, const gw_principal *who, const gw_ticket_filter *f, json_t **out,
                           int64_t *next_cursor);
/* Timeline entries oldest first. The staff view has everything; public_view only what a resident
 * may read: when, the action, the states and the public reply (detail.public_reply) — never notes,
 * actors, names or details. */
gw_err gw_ticket_timeline_json(gw_db *db, int64_t ticket_id, int public_view, json_t **out);

#endif
