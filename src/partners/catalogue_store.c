/* partners/catalogue_store.c — SQL of the redemption catalogue (see catalogue_store.h). Portable SQL
 * only: every parameter whose type PostgreSQL cannot infer is CAST. */
#include "partners/catalogue_store.h"
#include "partners/ledger.h"

#include <stdio.h>
#include <string.h>

#define ITEM_COLS                                                                                          \
    "i.id, i.community_id, d.path, d.name, i.kind, i.name, i.description, i.price, i.stock, i.active,"    \
    " i.valid_from_ms, i.valid_to_ms, i.hold_ms, i.per_person, COALESCE(i.partner_id, 0), COALESCE(p.name, ''),"  \
    " COALESCE(i.created_by, 0), i.created_ms, i.updated_ms"
#define ITEM_FROM \
    " FROM catalogue_items i JOIN divisions d ON d.id = i.community_id LEFT JOIN partners p ON p.id = i.partner_id"
static const char SQL_ITEM_INSERT[] =
    "INSERT INTO catalogue_items(community_id, kind, name, description, price, stock, active, valid_from_ms,"
    " valid_to_ms, hold_ms, per_person, partner_id, created_by, created_ms, updated_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14) RETURNING id";
static const char SQL_ITEM_UPDATE[] =
    "UPDATE catalogue_items SET name = ?2, description = ?3, price = ?4, active = ?5, valid_from_ms = ?6,"
    " valid_to_ms = ?7, hold_ms = ?8, per_person = ?9, partner_id = ?10, updated_ms = ?11 WHERE id = ?1 RETURNING id";
static const char SQL_ITEM_GET[] = "SELECT " ITEM_COLS ITEM_FROM " WHERE i.id = ?1";
#define ITEM_WHERE                                                                                       \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR substr(d.path, 1, length(CAST(?1 AS TEXT))) = ?1)"                \
    " AND (CAST(?2 AS BIGINT) IS NULL OR i.community_id = ?2) AND (CAST(?3 AS TEXT) IS NULL OR i.kind = ?3)" \
    " AND (CAST(?4 AS BIGINT) IS NULL OR (i.active = 1 AND (i.valid_from_ms = 0 OR i.valid_from_ms <= ?4)"    \
    " AND (i.valid_to_ms = 0 OR i.valid_to_ms > ?4)))"
static const char SQL_ITEMS[] = "SELECT " ITEM_COLS ITEM_FROM ITEM_WHERE
                                " ORDER BY i.id LIMIT CAST(?5 AS BIGINT) OFFSET CAST(?6 AS BIGINT)";
static const char SQL_ITEMS_N[] = "SELECT COUNT(*)" ITEM_FROM ITEM_WHERE;
static const char SQL_STOCK[] =
    "UPDATE catalogue_items SET stock = stock + CAST(?2 AS BIGINT) WHERE id = ?1 AND stock + CAST(?2 AS BIGINT) >= 0"
    " AND stock + CAST(?2 AS BIGINT) <= CAST(?3 AS BIGINT) RETURNING id";
static const char SQL_ITEM_EXISTS[] = "SELECT 1 FROM catalogue_items WHERE id = ?1";

#define SLOT_COLS "id, item_id, start_ms, end_ms, capacity, free, created_ms"
static const char SQL_SLOT_INSERT[] = "INSERT INTO catalogue_slots(item_id, start_ms, end_ms, capacity, free, created_ms)"
                                      " VALUES (?1, ?2, ?3, ?4, ?4, ?5) RETURNING id";
static const char SQL_SLOT_GET[] = "SELECT " SLOT_COLS " FROM catalogue_slots WHERE id = ?1";
static const char SQL_SLOTS[] = "SELECT " SLOT_COLS " FROM catalogue_slots WHERE item_id = ?1 AND end_ms > ?2"
                                " ORDER BY start_ms, id LIMIT CAST(?3 AS BIGINT)";
static const char SQL_SLOT_MOVE[] = "UPDATE catalogue_slots SET free = free + CAST(?2 AS BIGINT) WHERE id = ?1"
                                    " AND free + CAST(?2 AS BIGINT) >= 0 AND free + CAST(?2 AS BIGINT) <= capacity RETURNING id";
static const char SQL_SLOT_EXISTS[] = "SELECT 1 FROM catalogue_slots WHERE id = ?1";

#define ORDER_COLS                                                                                         \
    "o.id, o.item_id, COALESCE(o.slot_id, 0), o.community_id, o.resident_id, o.account_id, o.price,"      \
    " COALESCE(o.hold_id, 0), o.status, COALESCE(o.code, ''), o.expires_ms, o.created_ms, COALESCE(o.ended_ms, 0)," \
    " COALESCE(o.ended_by, 0), COALESCE(o.ended_by_resident, 0), o.reason, i.kind, i.name, COALESCE(i.partner_id, 0),"   \
    " COALESCE(p.name, ''), COALESCE(s.start_ms, 0), COALESCE(s.end_ms, 0), d.path, r.display_name, r.phone"
#define ORDER_FROM                                                                                         \
    " FROM catalogue_orders o JOIN catalogue_items i ON i.id = o.item_id LEFT JOIN partners p ON p.id = i.partner_id" \
    " LEFT JOIN catalogue_slots s ON s.id = o.slot_id JOIN divisions d ON d.id = o.community_id"                 \
    " JOIN resident_accounts r ON r.id = o.resident_id"
static const char SQL_ORDER_INSERT[] =
    "INSERT INTO catalogue_orders(item_id, slot_id, community_id, resident_id, account_id, price, code, client_key,"
    " expires_ms, created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id";
static const char SQL_ORDER_HOLD[] = "UPDATE catalogue_orders SET hold_id = ?2, expires_ms = ?3 WHERE id = ?1 RETURNING id";
static const char SQL_ORDER_GET[] = "SELECT " ORDER_COLS ORDER_FROM " WHERE o.id = ?1";
static const char SQL_ORDER_CODE[] = "SELECT " ORDER_COLS ORDER_FROM " WHERE o.code = ?1";
static const char SQL_ORDER_KEY[] = "SELECT " ORDER_COLS ORDER_FROM " WHERE o.client_key = ?1";
static const char SQL_ORDER_END[] =
    "UPDATE catalogue_orders SET status = ?2, ended_ms = ?3, ended_by = ?4, ended_by_resident = ?5, reason = ?6"
    " WHERE id = ?1 AND status = 'held' RETURNING id";
static const char SQL_ORDER_LIVE[] =
    "SELECT COUNT(*) FROM catalogue_orders WHERE resident_id = ?1 AND item_id = ?2 AND status IN ('held','used')";
#define ORDER_WHERE                                                                                       \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR substr(d.path, 1, length(CAST(?1 AS TEXT))) = ?1)"                \
    " AND (CAST(?2 AS BIGINT) IS NULL OR o.resident_id = ?2) AND (CAST(?3 AS BIGINT) IS NULL OR o.item_id = ?3)" \
    " AND (CAST(?4 AS TEXT) IS NULL OR o.status = ?4)"
static const char SQL_ORDERS[] = "SELECT " ORDER_COLS ORDER_FROM ORDER_WHERE
                                 " ORDER BY o.id DESC LIMIT CAST(?5 AS BIGINT) OFFSET CAST(?6 AS BIGINT)";
static const char SQL_ORDERS_N[] = "SELECT COUNT(*)" ORDER_FROM ORDER_WHERE;
static const char SQL_DUE[] =
    "SELECT o.id FROM catalogue_orders o WHERE o.status = 'held' AND o.expires_ms <= ?1 AND NOT EXISTS"
    " (SELECT 1 FROM ledger_transfers e WHERE e.pending_id = o.hold_id AND e.kind IN ('post','void'))"
    " ORDER BY o.expires_ms, o.id LIMIT CAST(?2 AS BIGINT)";
static const char SQL_UNSETTLED[] =
    "SELECT o.id, e.kind FROM catalogue_orders o JOIN ledger_transfers e ON e.pending_id = o.hold_id"
    " WHERE o.status = 'held' ORDER BY o.id LIMIT CAST(?1 AS BIGINT)";

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static gw_err step_id(gw_stmt *st, int64_t *id)
{
    gw_err e = gw_step_row(st);
    if (e) return e;
    *id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

static void bind_rules(gw_stmt *st, int first, const gw_cat_rules *r)
{
    gw_bind_int(st, first, r->active ? 1 : 0);
    gw_bind_int(st, first + 1, r->valid_from_ms);
    gw_bind_int(st, first + 2, r->valid_to_ms);
    gw_bind_int(st, first + 3, r->hold_ms);
    gw_bind_int(st, first + 4, r->per_person);
    gw_bind_id(st, first + 5, r->partner_id);
}

gw_err gw_store_cat_item_insert(gw_db *tx, gw_cat_item_row *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_ITEM_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->community_id);
    gw_bind_text(st, 2, gw_cat_kind_name(r->rules.kind));
    gw_bind_text(st, 3, r->name);
    gw_bind_text(st, 4, r->description);
    gw_bind_int(st, 5, r->rules.price);
    gw_bind_int(st, 6, r->stock);
    bind_rules(st, 7, &r->rules);
    gw_bind_id(st, 13, r->created_by);
    gw_bind_int(st, 14, r->created_ms);
    return step_id(st, &r->id);
}

gw_err gw_store_cat_item_update(gw_db *tx, const gw_cat_item_row *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_ITEM_UPDATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->id);
    gw_bind_text(st, 2, r->name);
    gw_bind_text(st, 3, r->description);
    gw_bind_int(st, 4, r->rules.price);
    bind_rules(st, 5, &r->rules);
    gw_bind_int(st, 11, r->updated_ms);
    return gw_step_touched(st);
}

static void read_item(gw_stmt *st, gw_cat_item_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = gw_col_int(st, 0);
    r->community_id = gw_col_int(st, 1);
    cpy(r->community_path, sizeof r->community_path, gw_col_text(st, 2));
    cpy(r->community_name, sizeof r->community_name, gw_col_text(st, 3));
    r->rules.kind = (gw_cat_kind)gw_cat_kind_parse(gw_col_text(st, 4));
    cpy(r->name, sizeof r->name, gw_col_text(st, 5));
    cpy(r->description, sizeof r->description, gw_col_text(st, 6));
    r->rules.price = gw_col_int(st, 7);
    r->stock = gw_col_int(st, 8);
    r->rules.active = (int)gw_col_int(st, 9);
    r->rules.valid_from_ms = gw_col_int(st, 10);
    r->rules.valid_to_ms = gw_col_int(st, 11);
    r->rules.hold_ms = gw_col_int(st, 12);
    r->rules.per_person = gw_col_int(st, 13);
    r->rules.partner_id = gw_col_int(st, 14);
    cpy(r->partner_name, sizeof r->partner_name, gw_col_text(st, 15));
    r->created_by = gw_col_int(st, 16);
    r->created_ms = gw_col_int(st, 17);
    r->updated_ms = gw_col_int(st, 18);
}

gw_err gw_store_cat_item_get(gw_db *db, int64_t id, gw_cat_item_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_ITEM_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_item(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

static void bind_item_query(gw_stmt *st, const gw_cat_item_query *q)
{
    gw_bind_text(st, 1, q->div_prefix);
    gw_bind_id(st, 2, q->community_id);
    if (q->kind >= 0) gw_bind_text(st, 3, gw_cat_kind_name(q->kind));
    else gw_bind_null(st, 3);
    if (q->on_offer_at) gw_bind_int(st, 4, q->now_ms);
    else gw_bind_null(st, 4);
}

static gw_err count_of(gw_stmt *st, int64_t *total)
{
    gw_err e = gw_step_row(st);
    if (e) return e;
    *total = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_cat_items(gw_db *db, const gw_cat_item_query *q, gw_cat_item_row *out, size_t *n, int64_t *total)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_ITEMS_N);
    if (!st) return GW_E_INTERNAL;
    bind_item_query(st, q);
    gw_err e = count_of(st, total);
    if (e) return e;
    if (!(st = gw_db_prep(db, SQL_ITEMS))) return GW_E_INTERNAL;
    bind_item_query(st, q);
    gw_bind_int(st, 5, (int64_t)q->limit);
    gw_bind_int(st, 6, (int64_t)q->offset);
    int rc;
    while ((rc = gw_step(st)) == 1) read_item(st, &out[(*n)++]);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

static gw_err move_checked(gw_db *tx, const char *sql, const char *exists, int64_t id, int64_t delta, int bound)
{
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_int(st, 2, delta);
    if (bound) gw_bind_int(st, 3, GW_CAT_STOCK_MAX);
    gw_err e = gw_step_touched(st);
    if (e != GW_E_NOT_FOUND) return e;
    return gw_db_row_exists(tx, exists, id) == GW_OK ? GW_E_CONFLICT : GW_E_NOT_FOUND;
}

gw_err gw_store_cat_stock_move(gw_db *tx, int64_t item_id, int64_t delta)
{
    return move_checked(tx, SQL_STOCK, SQL_ITEM_EXISTS, item_id, delta, 1);
}

gw_err gw_store_cat_slot_move(gw_db *tx, int64_t slot_id, int64_t delta)
{
    return move_checked(tx, SQL_SLOT_MOVE, SQL_SLOT_EXISTS, slot_id, delta, 0);
}

gw_err gw_store_cat_slot_insert(gw_db *tx, gw_cat_slot_row *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_SLOT_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->item_id);
    gw_bind_int(st, 2, r->start_ms);
    gw_bind_int(st, 3, r->end_ms);
    gw_bind_int(st, 4, r->capacity);
    gw_bind_int(st, 5, r->created_ms);
    r->free = r->capacity;
    return step_id(st, &r->id);
}

static void read_slot(gw_stmt *st, gw_cat_slot_row *r)
{
    r->id = gw_col_int(st, 0);
    r->item_id = gw_col_int(st, 1);
    r->start_ms = gw_col_int(st, 2);
    r->end_ms = gw_col_int(st, 3);
    r->capacity = gw_col_int(st, 4);
    r->free = gw_col_int(st, 5);
    r->created_ms = gw_col_int(st, 6);
}

gw_err gw_store_cat_slot_get(gw_db *db, int64_t id, gw_cat_slot_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_SLOT_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_slot(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_cat_slots(gw_db *db, int64_t item_id, int64_t from_ms, gw_cat_slot_row *out, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_SLOTS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, item_id);
    gw_bind_int(st, 2, from_ms);
    gw_bind_int(st, 3, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) read_slot(st, &out[(*n)++]);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_order_insert(gw_db *tx, gw_order_row *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_ORDER_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->item_id);
    gw_bind_id(st, 2, r->slot_id);
    gw_bind_int(st, 3, r->community_id);
    gw_bind_int(st, 4, r->resident_id);
    gw_bind_int(st, 5, r->account_id);
    gw_bind_int(st, 6, r->price);
    gw_bind_text(st, 7, r->code[0] ? r->code : NULL);
    gw_bind_text(st, 8, r->client_key[0] ? r->client_key : NULL);
    gw_bind_int(st, 9, r->expires_ms);
    gw_bind_int(st, 10, r->created_ms);
    return step_id(st, &r->id);
}

gw_err gw_store_order_set_hold(gw_db *tx, int64_t id, int64_t hold_id, int64_t expires_ms)
{
    gw_stmt *st = gw_db_prep(tx, SQL_ORDER_HOLD);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_int(st, 2, hold_id);
    gw_bind_int(st, 3, expires_ms);
    return gw_step_touched(st);
}

static void read_order(gw_stmt *st, gw_order_row *r)
{
    memset(r, 0, sizeof *r);
    int64_t *ints[] = { &r->id, &r->item_id, &r->slot_id, &r->community_id, &r->resident_id, &r->account_id,
                        &r->price, &r->hold_id };
    for (int i = 0; i < 8; i++) *ints[i] = gw_col_int(st, i);
    r->status = (gw_order_status)gw_order_status_parse(gw_col_text(st, 8));
    cpy(r->code, sizeof r->code, gw_col_text(st, 9));
    r->expires_ms = gw_col_int(st, 10);
    r->created_ms = gw_col_int(st, 11);
    r->ended_ms = gw_col_int(st, 12);
    r->ended_by = gw_col_int(st, 13);
    r->ended_by_resident = gw_col_int(st, 14);
    cpy(r->reason, sizeof r->reason, gw_col_text(st, 15));
    r->kind = (gw_cat_kind)gw_cat_kind_parse(gw_col_text(st, 16));
    cpy(r->item_name, sizeof r->item_name, gw_col_text(st, 17));
    r->partner_id = gw_col_int(st, 18);
    cpy(r->partner_name, sizeof r->partner_name, gw_col_text(st, 19));
    r->slot_start_ms = gw_col_int(st, 20);
    r->slot_end_ms = gw_col_int(st, 21);
    cpy(r->community_path, sizeof r->community_path, gw_col_text(st, 22));
    cpy(r->resident_name, sizeof r->resident_name, gw_col_text(st, 23));
    cpy(r->resident_phone, sizeof r->resident_phone, gw_col_text(st, 24));
}

static gw_err order_one(gw_db *db, const char *sql, int64_t id, const char *text, gw_order_row *out)
{
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    if (text) gw_bind_text(st, 1, text);
    else gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_order(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_order_get(gw_db *db, int64_t id, gw_order_row *out) { return order_one(db, SQL_ORDER_GET, id, NULL, out); }
gw_err gw_store_order_by_code(gw_db *db, const char *code, gw_order_row *out)
{
    return order_one(db, SQL_ORDER_CODE, 0, code, out);
}
gw_err gw_store_order_by_key(gw_db *db, const char *client_key, gw_order_row *out)
{
    return order_one(db, SQL_ORDER_KEY, 0, client_key, out);
}

gw_err gw_store_order_end(gw_db *tx, int64_t id, gw_order_status to, int64_t at_ms, int64_t by_user,
                          int64_t by_resident, const char *reason)
{
    gw_stmt *st = gw_db_prep(tx, SQL_ORDER_END);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_text(st, 2, gw_order_status_name(to));
    gw_bind_int(st, 3, at_ms);
    gw_bind_id(st, 4, by_user);
    gw_bind_id(st, 5, by_resident);
    gw_bind_text(st, 6, reason ? reason : "");
    gw_err e = gw_step_touched(st);
    return e == GW_E_NOT_FOUND ? GW_E_CONFLICT : e;
}

gw_err gw_store_order_count_live(gw_db *db, int64_t resident_id, int64_t item_id, int64_t *n)
{
    gw_stmt *st = gw_db_prep(db, SQL_ORDER_LIVE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, resident_id);
    gw_bind_int(st, 2, item_id);
    return count_of(st, n);
}

static void bind_order_query(gw_stmt *st, const gw_order_query *q)
{
    gw_bind_text(st, 1, q->div_prefix);
    gw_bind_id(st, 2, q->resident_id);
    gw_bind_id(st, 3, q->item_id);
    if (q->status >= 0) gw_bind_text(st, 4, gw_order_status_name(q->status));
    else gw_bind_null(st, 4);
}

gw_err gw_store_orders(gw_db *db, const gw_order_query *q, gw_order_row *out, size_t *n, int64_t *total)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_ORDERS_N);
    if (!st) return GW_E_INTERNAL;
    bind_order_query(st, q);
    gw_err e = count_of(st, total);
    if (e) return e;
    if (!(st = gw_db_prep(db, SQL_ORDERS))) return GW_E_INTERNAL;
    bind_order_query(st, q);
    gw_bind_int(st, 5, (int64_t)q->limit);
    gw_bind_int(st, 6, (int64_t)q->offset);
    int rc;
    while ((rc = gw_step(st)) == 1) read_order(st, &out[(*n)++]);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_orders_unsettled(gw_db *db, int64_t *ids, int *end_kinds, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_UNSETTLED);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        ids[*n] = gw_col_int(st, 0);
        end_kinds[(*n)++] = gw_ledger_kind_parse(gw_col_text(st, 1));
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_orders_due(gw_db *db, int64_t now_ms, int64_t *ids, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_DUE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, now_ms);
    gw_bind_int(st, 2, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) ids[(*n)++] = gw_col_int(st, 0);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
