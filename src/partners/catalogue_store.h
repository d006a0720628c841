/* partners/catalogue_store.h — SQL of the redemption catalogue (partners migration 5): items, the
 * activity room's slots, and orders. Stock and a slot's free places move only by one conditional
 * UPDATE each that checks, in the database, that they stay between 0 and their bound, so no
 * concurrency on either backend takes them below zero (the tables' CHECKs stand behind it). The UPDATE
 * also locks the row on PostgreSQL, so redemptions of one item run one after another from there on.
 * An order leaves `held` by one conditional UPDATE (WHERE status = 'held'): of two racing ends one
 * touches the row and the other nothing. Rows are structs; rendering and masking are above. */
#ifndef GW_PARTNERS_CATALOGUE_STORE_H
#define GW_PARTNERS_CATALOGUE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"
#include "db/db.h"
#include "partners/catalogue.h"

typedef struct {
    int64_t id, community_id;
    char community_path[128], community_name[GW_NAME_BUF];
    gw_cat_rules rules;
    char name[GW_CAT_NAME_MAX * 4 + 1];
    char description[GW_CAT_DESC_MAX * 4 + 1];
    int64_t stock;
    char partner_name[GW_NAME_BUF];         /* a coupon's merchant */
    int64_t created_by, created_ms, updated_ms;
} gw_cat_item_row;

typedef struct {
    int64_t id, item_id, start_ms, end_ms, capacity, free, created_ms;
} gw_cat_slot_row;

typedef struct {
    int64_t id, item_id, slot_id, community_id, resident_id, account_id, price, hold_id;
    gw_order_status status;
    char code[GW_COUPON_CODE_LEN + 1];      /* "" unless a coupon */
    char client_key[GW_ORDER_KEY_MAX + 24]; /* insert only: "r<resident>:<key>", "" none */
    int64_t expires_ms, created_ms, ended_ms, ended_by, ended_by_resident;
    char reason[GW_REASON_MAX * 4 + 1];
    /* joined for display */
    gw_cat_kind kind;
    char item_name[GW_CAT_NAME_MAX * 4 + 1];
    int64_t partner_id;                     /* the coupon's merchant */
    char partner_name[GW_NAME_BUF];
    int64_t slot_start_ms, slot_end_ms;
    char community_path[128];
    char resident_name[GW_DISPLAY_BUF], resident_phone[24];
} gw_order_row;

/* Items. insert fills r->id; update writes back name, description and rules (not kind, community,
 * stock); GW_E_NOT_FOUND for no such id. */
gw_err gw_store_cat_item_insert(gw_db *tx, gw_cat_item_row *r);
gw_err gw_store_cat_item_update(gw_db *tx, const gw_cat_item_row *r);
gw_err gw_store_cat_item_get(gw_db *db, int64_t id, gw_cat_item_row *out);

typedef struct {
    const char *div_prefix; /* the community under it (NULL: any) */
    int64_t community_id;   /* 0 any */
    int kind;               /* -1 any */
    int on_offer_at;        /* 1: only active items whose window holds now_ms */
    int64_t now_ms;
    size_t offset, limit;
} gw_cat_item_query;
/* A page of items, by id; *total counts every match. */
gw_err gw_store_cat_items(gw_db *db, const gw_cat_item_query *q, gw_cat_item_row *out, size_t *n, int64_t *total);

/* Move the stock by delta (either sign): GW_E_CONFLICT when it would leave 0..GW_CAT_STOCK_MAX,
 * GW_E_NOT_FOUND when there is no such item. */
gw_err gw_store_cat_stock_move(gw_db *tx, int64_t item_id, int64_t delta);

gw_err gw_store_cat_slot_insert(gw_db *tx, gw_cat_slot_row *r);
gw_err gw_store_cat_slot_get(gw_db *db, int64_t id, gw_cat_slot_row *out);
/* The item's slots from from_ms on (by start), at most max. */
gw_err gw_store_cat_slots(gw_db *db, int64_t item_id, int64_t from_ms, gw_cat_slot_row *out, size_t max, size_t *n);
/* Move a slot's free places by delta: GW_E_CONFLICT when they would leave 0..capacity. */
gw_err gw_store_cat_slot_move(gw_db *tx, int64_t slot_id, int64_t delta);

/* Orders. insert fills r->id (hold_id set later by set_hold). GW_E_CONFLICT when the code or the
 * client key is taken. */
gw_err gw_store_order_insert(gw_db *tx, gw_order_row *r);
/* The order's hold and its expiry time (the hold's, so the two expire together). */
gw_err gw_store_order_set_hold(gw_db *tx, int64_t id, int64_t hold_id, int64_t expires_ms);
gw_err gw_store_order_get(gw_db *db, int64_t id, gw_order_row *out);
gw_err gw_store_order_by_code(gw_db *db, const char *code, gw_order_row *out);
gw_err gw_store_order_by_key(gw_db *db, const char *client_key, gw_order_row *out);
/* End a held order: status held -> to, with who ended it and why. GW_E_CONFLICT when it is no longer
 * held (another end came first). */
gw_err gw_store_order_end(gw_db *tx, int64_t id, gw_order_status to, int64_t at_ms, int64_t by_user,
                          int64_t by_resident, const char *reason);
/* Orders of the resident for the item that count against a per-person limit (held or used). */
gw_err gw_store_order_count_live(gw_db *db, int64_t resident_id, int64_t item_id, int64_t *n);

typedef struct {
    const char *div_prefix; /* the community under it (NULL any) */
    int64_t resident_id;    /* 0 any */
    int64_t item_id;        /* 0 any */
    int status;             /* -1 any */
    size_t offset, limit;
} gw_order_query;
/* A page of orders, newest first; *total counts every match. */
gw_err gw_store_orders(gw_db *db, const gw_order_query *q, gw_order_row *out, size_t *n, int64_t *total);

/* Held orders past their time whose hold was not posted or voided, oldest first, at most max. */
gw_err gw_store_orders_due(gw_db *db, int64_t now_ms, int64_t *ids, size_t max, size_t *n);
/* Held orders whose hold the ledger ended without them (an expiry by the ledger's job, or a void or
 * post through the ledger's own routes): their ids and how the hold ended (gw_ledger_kind), at most max. */
gw_err gw_store_orders_unsettled(gw_db *db, int64_t *ids, int *end_kinds, size_t max, size_t *n);

#endif
