/* partners/catalogue_store.c against a real temporary SQLite store: an item round trip; the stock rule
 * (a move that would leave 0..max touches nothing and says GW_E_CONFLICT, the table's CHECK stands
 * behind it); a slot's free places between 0 and capacity; an order round trip with its code and key
 * unique; a held order ends once (the second end is GW_E_CONFLICT); the on-offer filter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/core_schema_store.h"
#include "db/store.h"
#include "ops/ops_schema_store.h"
#include "partners/catalogue_store.h"
#include "partners/partners_schema_store.h"
#include "../tmp_db.h"

#define NOW INT64_C(1760000000000)

typedef struct {
    char path[64];
    gw_store *s;
    int64_t rice, room, slot, order;
} fx;

static gw_err op_setup(gw_db *tx, void *arg)
{
    fx *f = arg;
    gw_err e = gw_db_exec(tx, "INSERT INTO divisions(id, level, code, name, path, created_ms) VALUES"
                              " (1, 'city', 'C', 'City', '/1/', 0), (2, 'community', 'M1', '东湖社区', '/1/2/', 0);"
                              "INSERT INTO resident_accounts(id, phone, display_name, created_ms) VALUES (5, '13900000001', '小王', 0);"
                              "INSERT INTO ledger_accounts(id, division_id, owner_kind, owner_id, created_ms) VALUES"
                              " (9, 2, 'resident', 5, 0)");
    gw_cat_item_row it;
    memset(&it, 0, sizeof it);
    it.community_id = 2;
    it.rules = (gw_cat_rules){ GW_CK_GOODS, 30, 1, 0, 0, GW_ORDER_HOLD_DEFAULT_MS, 0, 0 };
    snprintf(it.name, sizeof it.name, "东北大米 5kg");
    it.stock = 2;
    it.created_ms = it.updated_ms = NOW;
    if (!e) e = gw_store_cat_item_insert(tx, &it);
    f->rice = it.id;
    it.rules.kind = GW_CK_ROOM;
    it.rules.valid_to_ms = NOW - 1; /* not on offer any more */
    it.stock = 0;
    snprintf(it.name, sizeof it.name, "活动室");
    if (!e) e = gw_store_cat_item_insert(tx, &it);
    f->room = it.id;
    gw_cat_slot_row sl = { 0, f->room, NOW + 1000, NOW + 2000, 2, 0, NOW };
    if (!e) e = gw_store_cat_slot_insert(tx, &sl);
    f->slot = sl.id;
    return e;
}

static int setup(void **state)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, &gw_partners_schema, NULL };
    gw_schema_use(modules);
    fx *f = calloc(1, sizeof *f);
    tmp_db_new(f->path, "catalogue");
    if (gw_store_open(f->path, 2, &f->s) || gw_store_write(f->s, op_setup, f)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    gw_store_close(f->s);
    tmp_db_rm(f->path);
    free(f);
    return 0;
}

typedef struct { int64_t id, delta; int slot; } move_arg;

static gw_err op_move(gw_db *tx, void *arg)
{
    move_arg *m = arg;
    return m->slot ? gw_store_cat_slot_move(tx, m->id, m->delta) : gw_store_cat_stock_move(tx, m->id, m->delta);
}

static int64_t stock_of(fx *f, int64_t id)
{
    gw_cat_item_row it;
    gw_db *db = gw_store_read_begin(f->s);
    assert_int_equal(gw_store_cat_item_get(db, id, &it), GW_OK);
    gw_store_read_end(f->s, db);
    return it.stock;
}

static gw_err op_force_negative(gw_db *tx, void *arg)
{
    (void)arg;
    return gw_db_exec(tx, "UPDATE catalogue_items SET stock = -1");
}

static void stock_rule(void **state)
{
    fx *f = *state;
    move_arg m = { f->rice, -1, 0 };
    assert_int_equal(gw_store_write(f->s, op_move, &m), GW_OK);
    assert_int_equal(gw_store_write(f->s, op_move, &m), GW_OK);
    assert_int_equal(stock_of(f, f->rice), 0);
    assert_int_equal(gw_store_write(f->s, op_move, &m), GW_E_CONFLICT); /* the last unit is gone */
    assert_int_equal(stock_of(f, f->rice), 0);
    m.delta = GW_CAT_STOCK_MAX + 1;
    assert_int_equal(gw_store_write(f->s, op_move, &m), GW_E_CONFLICT);
    m.delta = 5;
    assert_int_equal(gw_store_write(f->s, op_move, &m), GW_OK);
    assert_int_equal(stock_of(f, f->rice), 5);
    m.delta = -6;
    assert_int_equal(gw_store_write(f->s, op_move, &m), GW_E_CONFLICT);
    m.id = 999;
    assert_int_equal(gw_store_write(f->s, op_move, &m), GW_E_NOT_FOUND);
    /* the CHECK stands behind the UPDATE */
    assert_int_equal(gw_store_write(f->s, op_force_negative, NULL), GW_E_CONFLICT);
    /* a slot: 0..capacity */
    move_arg s = { f->slot, -1, 1 };
    assert_int_equal(gw_store_write(f->s, op_move, &s), GW_OK);
    assert_int_equal(gw_store_write(f->s, op_move, &s), GW_OK);
    assert_int_equal(gw_store_write(f->s, op_move, &s), GW_E_CONFLICT);
    s.delta = 3;
    assert_int_equal(gw_store_write(f->s, op_move, &s), GW_E_CONFLICT); /* past capacity */
    s.delta = 2;
    assert_int_equal(gw_store_write(f->s, op_move, &s), GW_OK);
}

static gw_err op_order(gw_db *tx, void *arg)
{
    gw_order_row *o = arg;
    return gw_store_order_insert(tx, o);
}

typedef struct { int64_t id; gw_order_status to; } end_arg;

static gw_err op_end(gw_db *tx, void *arg)
{
    end_arg *a = arg;
    return gw_store_order_end(tx, a->id, a->to, NOW + 5, 0, 5, "核销");
}

static void orders(void **state)
{
    fx *f = *state;
    gw_order_row o;
    memset(&o, 0, sizeof o);
    o.item_id = f->rice;
    o.community_id = 2;
    o.resident_id = 5;
    o.account_id = 9;
    o.price = 30;
    o.expires_ms = NOW + 100;
    o.created_ms = NOW;
    snprintf(o.code, sizeof o.code, "ABCDEFGHJKMN");
    snprintf(o.client_key, sizeof o.client_key, "r5:k1");
    assert_int_equal(gw_store_write(f->s, op_order, &o), GW_OK);
    int64_t first = o.id;
    snprintf(o.client_key, sizeof o.client_key, "r5:k2");
    assert_int_equal(gw_store_write(f->s, op_order, &o), GW_E_CONFLICT); /* the code is taken */
    o.code[0] = 0;
    snprintf(o.client_key, sizeof o.client_key, "r5:k1");
    assert_int_equal(gw_store_write(f->s, op_order, &o), GW_E_CONFLICT); /* the key is taken */
    gw_db *db = gw_store_read_begin(f->s);
    gw_order_row r;
    assert_int_equal(gw_store_order_by_code(db, "ABCDEFGHJKMN", &r), GW_OK);
    assert_int_equal(r.id, first);
    assert_int_equal(r.status, GW_OS_HELD);
    assert_int_equal(r.kind, GW_CK_GOODS);
    assert_string_equal(r.item_name, "东北大米 5kg");
    assert_string_equal(r.resident_name, "小王");
    assert_string_equal(r.community_path, "/1/2/");
    assert_int_equal(gw_store_order_by_key(db, "r5:k1", &r), GW_OK);
    assert_int_equal(gw_store_order_by_key(db, "r5:k9", &r), GW_E_NOT_FOUND);
    int64_t live = 0;
    assert_int_equal(gw_store_order_count_live(db, 5, f->rice, &live), GW_OK);
    assert_int_equal(live, 1);
    int64_t ids[4];
    size_t n = 0;
    assert_int_equal(gw_store_orders_due(db, NOW + 99, ids, 4, &n), GW_OK);
    assert_int_equal(n, 0);
    assert_int_equal(gw_store_orders_due(db, NOW + 100, ids, 4, &n), GW_OK);
    assert_int_equal(n, 1);
    gw_store_read_end(f->s, db);
    end_arg a = { first, GW_OS_HANDED_OVER };
    assert_int_equal(gw_store_write(f->s, op_end, &a), GW_OK);
    a.to = GW_OS_CANCELLED;
    assert_int_equal(gw_store_write(f->s, op_end, &a), GW_E_CONFLICT); /* ended once */
    db = gw_store_read_begin(f->s);
    assert_int_equal(gw_store_order_get(db, first, &r), GW_OK);
    assert_int_equal(r.status, GW_OS_HANDED_OVER);
    assert_int_equal(r.ended_by_resident, 5);
    assert_string_equal(r.reason, "核销");
    assert_int_equal(gw_store_orders_due(db, NOW + 1000, ids, 4, &n), GW_OK);
    assert_int_equal(n, 0);
    gw_store_read_end(f->s, db);
}

static void offer_filter(void **state)
{
    fx *f = *state;
    gw_cat_item_row rows[4];
    size_t n = 0;
    int64_t total = 0;
    gw_db *db = gw_store_read_begin(f->s);
    gw_cat_item_query q = { NULL, 2, -1, 0, 0, 0, 4 };
    assert_int_equal(gw_store_cat_items(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 2);
    q.on_offer_at = 1, q.now_ms = NOW;
    assert_int_equal(gw_store_cat_items(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].id, f->rice);
    q.on_offer_at = 0, q.kind = GW_CK_ROOM;
    assert_int_equal(gw_store_cat_items(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].rules.kind, GW_CK_ROOM);
    q.kind = -1, q.div_prefix = "/1/3/";
    assert_int_equal(gw_store_cat_items(db, &q, rows, &n, &total), GW_OK);
    assert_int_equal(n, 0);
    gw_cat_slot_row sl[4];
    assert_int_equal(gw_store_cat_slots(db, f->room, NOW, sl, 4, &n), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sl[0].capacity, 2);
    gw_store_read_end(f->s, db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stock_rule),
        cmocka_unit_test(orders),
        cmocka_unit_test(offer_filter),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
