/* partners/earn_store.c against a real temporary SQLite store: a rule round-trips and its code is
 * unique per community; records round-trip with their positions; the overlap query finds open and
 * timed records of the same partner only; the cap sums count confirmed records in the window only; the
 * expiry setting is an upsert. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core/core_schema_store.h"
#include "db/store.h"
#include "ops/ops_schema_store.h"
#include "partners/earn_store.h"
#include "partners/partners_schema_store.h"
#include "../tmp_db.h"

#define NOW INT64_C(1760000000000)
#define MIN INT64_C(60000)

typedef struct {
    char path[64];
    gw_store *s;
} fx;

static gw_err op_setup(gw_db *tx, void *arg)
{
    (void)arg;
    return gw_db_exec(tx, "INSERT INTO divisions(id, level, code, name, path, created_ms) VALUES"
                          " (1, 'city', 'C', 'City', '/1/', 0), (2, 'community', 'M1', '东湖社区', '/1/2/', 0);"
                          "INSERT INTO partners(id, type, kind, name, community_id, service_div_id, status, created_ms,"
                          " updated_ms) VALUES (9, 'volunteer', 'person', '周建国', 2, 2, 'active', 0, 0),"
                          " (10, 'professional', 'person', '李律师', 2, 2, 'active', 0, 0)");
}

static int setup(void **state)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, &gw_partners_schema, NULL };
    gw_schema_use(modules);
    fx *f = calloc(1, sizeof *f);
    tmp_db_new(f->path, "earn");
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

static gw_earn_rule patrol(void)
{
    gw_earn_rule r = { .community_id = 2, .unit = GW_EU_HOUR, .points = 5, .daily_cap = 20, .active = 1,
                       .updated_ms = NOW };
    snprintf(r.code, sizeof r.code, "patrol");
    snprintf(r.name, sizeof r.name, "巡逻");
    return r;
}

static gw_err op_rules(gw_db *tx, void *arg)
{
    gw_earn_rule *r = arg, again = patrol();
    gw_err e = gw_store_earn_rule_insert(tx, r);
    if (e) return e;
    assert_int_equal(gw_store_earn_rule_insert(tx, &again), GW_E_CONFLICT); /* one code per community */
    r->points = 6;
    r->active = 0;
    return gw_store_earn_rule_update(tx, r);
}

static void rules_round_trip(void **state)
{
    fx *f = *state;
    gw_earn_rule r = patrol(), got, list[4];
    assert_int_equal(gw_store_write(f->s, op_rules, &r), GW_OK);
    gw_db *db = gw_store_read_begin(f->s);
    assert_int_equal(gw_store_earn_rule_get(db, r.id, &got), GW_OK);
    assert_string_equal(got.code, "patrol");
    assert_string_equal(got.community_path, "/1/2/");
    assert_int_equal(got.unit, GW_EU_HOUR);
    assert_int_equal(got.points, 6);
    assert_int_equal(got.daily_cap, 20);
    assert_false(got.active);
    size_t n = 0;
    assert_int_equal(gw_store_earn_rules(db, "/1/2/", 0, list, 4, &n), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(gw_store_earn_rules(db, "/1/3/", 0, list, 4, &n), GW_OK);
    assert_int_equal(n, 0);
    gw_store_read_end(f->s, db);
}

typedef struct {
    gw_earn_rule rule;
    int64_t ids[3];
} rec_arg;

static gw_earn_record record(int64_t rule, int64_t partner, gw_earn_status st, int64_t start, int64_t minutes)
{
    gw_earn_record r = { .community_id = 2, .rule_id = rule, .partner_id = partner, .source = GW_ES_LIVE, .status = st,
                         .minutes = minutes, .started_ms = start, .ended_ms = st == GW_EST_OPEN ? 0 : start + minutes * MIN,
                         .created_ms = NOW };
    return r;
}

static gw_err op_records(gw_db *tx, void *arg)
{
    rec_arg *a = arg;
    gw_err e = gw_store_earn_rule_insert(tx, &a->rule);
    gw_earn_record rs[3] = { record(a->rule.id, 9, GW_EST_PENDING, NOW, 60), record(a->rule.id, 9, GW_EST_OPEN, NOW + 120 * MIN, 0),
                             record(a->rule.id, 9, GW_EST_CONFIRMED, NOW - 24 * 60 * MIN, 90) };
    rs[0].has_in = 1;
    rs[0].in_at = (gw_point){ 120.15, 30.25 };
    for (int i = 0; !e && i < 3; i++) e = gw_store_earn_record_insert(tx, &rs[i]);
    for (int i = 0; !e && i < 3; i++) a->ids[i] = rs[i].id;
    rs[2].points = 7;
    if (!e) e = gw_store_earn_record_update(tx, &rs[2]);
    if (!e) e = gw_store_earn_expiry_set(tx, 2, 6, NOW);
    if (!e) e = gw_store_earn_expiry_set(tx, 2, 3, NOW + 1);
    return e;
}

static void records_overlap_and_caps(void **state)
{
    fx *f = *state;
    rec_arg a = { .rule = patrol() };
    assert_int_equal(gw_store_write(f->s, op_records, &a), GW_OK);
    gw_db *db = gw_store_read_begin(f->s);
    gw_earn_record got;
    assert_int_equal(gw_store_earn_record_get(db, a.ids[0], &got), GW_OK);
    assert_int_equal(got.status, GW_EST_PENDING);
    assert_true(got.has_in);
    assert_false(got.has_out);
    assert_true(got.in_at.lon > 120.149 && got.in_at.lon < 120.151);
    assert_string_equal(got.partner_name, "周建国");
    int64_t id = 0;
    /* inside the pending hour; touching its end is free; the open record runs on; another partner is free */
    assert_int_equal(gw_store_earn_overlap(db, 9, 0, NOW + 30 * MIN, NOW + 31 * MIN, &id), GW_OK);
    assert_int_equal(id, a.ids[0]);
    assert_int_equal(gw_store_earn_overlap(db, 9, 0, NOW + 60 * MIN, NOW + 61 * MIN, &id), GW_E_NOT_FOUND);
    assert_int_equal(gw_store_earn_overlap(db, 9, 0, NOW + 500 * MIN, NOW + 501 * MIN, &id), GW_OK);
    assert_int_equal(id, a.ids[1]);
    assert_int_equal(gw_store_earn_overlap(db, 9, a.ids[1], NOW + 500 * MIN, NOW + 501 * MIN, &id), GW_E_NOT_FOUND);
    assert_int_equal(gw_store_earn_overlap(db, 10, 0, NOW, NOW + 60 * MIN, &id), GW_E_NOT_FOUND);
    int64_t used = -1;
    assert_int_equal(gw_store_earn_used(db, 9, a.rule.id, INT64_MIN, INT64_MAX, &used), GW_OK);
    assert_int_equal(used, 7); /* only the confirmed record counts */
    assert_int_equal(gw_store_earn_used(db, 9, a.rule.id, NOW - 60 * MIN, NOW + 60 * MIN, &used), GW_OK);
    assert_int_equal(used, 0);
    gw_earn_record page[4];
    size_t n = 0;
    int64_t total = 0;
    gw_earn_record_query q = { .div_prefix = "/1/", .partner_id = 9, .status = GW_EST_OPEN, .source = -1, .limit = 4 };
    assert_int_equal(gw_store_earn_records(db, &q, page, &n, &total), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(page[0].id, a.ids[1]);
    int months = -1;
    assert_int_equal(gw_store_earn_expiry_get(db, 2, &months), GW_OK);
    assert_int_equal(months, 3); /* the second setting replaced the first */
    assert_int_equal(gw_store_earn_expiry_get(db, 1, &months), GW_OK);
    assert_int_equal(months, 0);
    gw_store_read_end(f->s, db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(rules_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(records_overlap_and_caps, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
