/* partners/catalogue_svc.h — the redemption catalogue's use cases: staff with partner.manage create
 * and edit items of a community in their subtree (audited), adjust stock with a reason (audited) and add
 * the activity room's slots; staff with partner.view read them; a signed-in resident reads what is on
 * offer in their community, with their points and, for each slot, when it opens to them (booking
 * priority: partners/catalogue.h). A coupon item is one merchant's batch of codes: its stock is how many
 * codes may still be issued, a code is drawn when a resident redeems (partners/order_svc.h).
 *
 * Every function that takes msg writes the client's message there on an error. */
#ifndef GW_PARTNERS_CATALOGUE_SVC_H
#define GW_PARTNERS_CATALOGUE_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/store.h"
#include "partners/catalogue_store.h"

#define GW_CAT_UNSET INT64_MIN /* an integer field not given */
#define GW_CAT_SLOTS_MAX 50    /* slots shown with an item */

/* A write's fields: NULL / GW_CAT_UNSET leave a field as it is on an update (a create needs kind,
 * name, community_id and price; stock only on create). active: -1 unset. */
typedef struct {
    const char *kind, *name, *description;
    int64_t community_id, price, stock, valid_from_ms, valid_to_ms, hold_ms, per_person, partner_id;
    int active;
} gw_cat_in;

gw_err gw_cat_item_create(gw_store *s, const gw_principal *who, const gw_cat_in *in, gw_cat_item_row *out, char *msg,
                          size_t msgn);
gw_err gw_cat_item_update(gw_store *s, const gw_principal *who, int64_t id, const gw_cat_in *in, gw_cat_item_row *out,
                          char *msg, size_t msgn);
/* Move the stock of goods or coupons by delta (non-zero) with a reason. GW_E_CONFLICT when it would go
 * below zero. */
gw_err gw_cat_stock_adjust(gw_store *s, const gw_principal *who, int64_t id, int64_t delta, const char *reason,
                           gw_cat_item_row *out, char *msg, size_t msgn);
/* Add a slot to a room item. */
gw_err gw_cat_slot_add(gw_store *s, const gw_principal *who, int64_t item_id, int64_t start_ms, int64_t end_ms,
                       int64_t capacity, gw_cat_slot_row *out, char *msg, size_t msgn);

/* Staff reads (partner.view, scoped). list sets q->div_prefix. */
gw_err gw_cat_items_list(gw_db *db, const gw_principal *who, gw_cat_item_query *q, gw_cat_item_row *out, size_t *n,
                         int64_t *total, char *msg, size_t msgn);
gw_err gw_cat_item_read(gw_db *db, const gw_principal *who, int64_t id, gw_cat_item_row *out, char *msg, size_t msgn);
/* The slots of an item from now on (at most GW_CAT_SLOTS_MAX). */
gw_err gw_cat_item_slots(gw_db *db, int64_t item_id, int64_t now_ms, gw_cat_slot_row *out, size_t *n);

/* The resident's view: items on offer in their community (at most max) and the points they may spend
 * (0 without an account); *level their booking level. */
gw_err gw_cat_resident_items(gw_db *db, const gw_principal *who, gw_cat_item_row *out, size_t max, size_t *n,
                             int64_t *available, int *level);

#endif
