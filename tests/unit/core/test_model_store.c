/* tests/unit/core/test_model_store.c — store/store_model.c against a real temporary store. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/store.h"
#include "core/core_schema_store.h"
#include "ops/ops_schema_store.h"
#include "core/model_store.h"
#include "ops/catalogue_store.h"
#include "../tmp_db.h"

#define NOW INT64_C(1767225600000) /* 2026-01-01T00:00:00Z */

typedef struct {
    gw_store *s;
    char path[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    tmp_db_new(f->path, "model");
    if (gw_store_open(f->path, 2, &f->s) != GW_OK) { free(f); return -1; }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    gw_store_close(f->s);
    tmp_db_rm(f->path);
    free(f);
    return 0;
}

/* ---- writes through the writer, one op per call ---- */

typedef struct {
    gw_division_row d;
    gw_err err;
} div_arg;

static gw_err op_div_insert(gw_db *tx, void *arg)
{
    div_arg *a = arg;
    return a->err = gw_store_division_insert(tx, &a->d, NOW);
}

/* A rectangle polygon [x0,x1] x [y0,y1] (new reference). */
static json_t *rect(double x0, double y0, double x1, double y1)
{
    return json_pack("{s:s,s:[[[f,f],[f,f],[f,f],[f,f],[f,f]]]}", "type", "Polygon", "coordinates",
                     x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
}

static gw_err add_div(gw_store *s, int64_t parent, const char *level, const char *code, const char *name,
                      json_t *geom, int64_t *id, char *path)
{
    div_arg a;
    memset(&a, 0, sizeof a);
    a.d.parent_id = parent;
    snprintf(a.d.level, sizeof a.d.level, "%s", level);
    snprintf(a.d.code, sizeof a.d.code, "%s", code);
    snprintf(a.d.name, sizeof a.d.name, "%s", name);
    a.d.geometry = geom;
    gw_err e = gw_store_write(s, op_div_insert, &a);
    json_decref(geom);
    if (id) *id = a.d.id;
    if (path) snprintf(path, 128, "%s", a.d.path);
    return e;
}

typedef struct {
    gw_unit_row u;
} unit_arg;

static gw_err op_unit_insert(gw_db *tx, void *arg)
{
    unit_arg *a = arg;
    return gw_store_unit_insert(tx, &a->u, NOW);
}

static int64_t add_unit(gw_store *s, const char *code, const char *name, int64_t division)
{
    unit_arg a;
    memset(&a, 0, sizeof a);
    snprintf(a.u.code, sizeof a.u.code, "%s", code);
    snprintf(a.u.name, sizeof a.u.name, "%s", name);
    snprintf(a.u.level, sizeof a.u.level, "city");
    a.u.division_id = division;
    a.u.enabled = 1;
    assert_int_equal(gw_store_write(s, op_unit_insert, &a), GW_OK);
    return a.u.id;
}

typedef struct {
    gw_category_row c;
} cat_arg;

static gw_err op_cat_insert(gw_db *tx, void *arg)
{
    cat_arg *a = arg;
    return gw_store_category_insert(tx, &a->c, NOW);
}

static gw_err add_cat(gw_store *s, const char *code, const char *name, const char *kind, int64_t *id,
                      int64_t *parent)
{
    cat_arg a;
    memset(&a, 0, sizeof a);
    snprintf(a.c.code, sizeof a.c.code, "%s", code);
    snprintf(a.c.name, sizeof a.c.name, "%s", name);
    snprintf(a.c.kind, sizeof a.c.kind, "%s", kind);
    a.c.dispatch_hours = 2;
    a.c.handle_hours = 72;
    a.c.verify_hours = 24;
    a.c.default_urgency = 1;
    a.c.open311 = 1;
    a.c.enabled = 1;
    gw_err e = gw_store_write(s, op_cat_insert, &a);
    if (id) *id = a.c.id;
    if (parent) *parent = a.c.parent_id;
    return e;
}

typedef struct {
    gw_route_rule r;
} rule_arg;

static gw_err op_rule_insert(gw_db *tx, void *arg)
{
    rule_arg *a = arg;
    return gw_store_rule_insert(tx, &a->r, NOW);
}

static gw_err op_rule_update(gw_db *tx, void *arg)
{
    rule_arg *a = arg;
    return gw_store_rule_update(tx, &a->r);
}

static gw_err op_rule_delete(gw_db *tx, void *arg)
{
    rule_arg *a = arg;
    return gw_store_rule_delete(tx, a->r.id);
}

typedef struct {
    int64_t id, fallback;
} fb_arg;

static gw_err op_set_fallback(gw_db *tx, void *arg)
{
    fb_arg *a = arg;
    gw_division_row d;
    gw_err e = gw_store_division_get(tx, a->id, &d);
    if (e) return e;
    d.fallback_unit_id = a->fallback;
    e = gw_store_division_update(tx, &d);
    json_decref(d.geometry);
    return e;
}

/* ---- the shared little city: city > district > street > community > 2 grids ---- */

typedef struct {
    int64_t city, district, street, community, grid_a, grid_b;
    char city_path[128], grid_a_path[128];
} tree;

static void build_tree(gw_store *s, tree *t)
{
    char p[128];
    assert_int_equal(add_div(s, 0, "city", "T00", "测试市", rect(120.0, 30.0, 120.2, 30.2), &t->city, t->city_path),
                     GW_OK);
    assert_int_equal(add_div(s, t->city, "district", "T01", "东区", NULL, &t->district, p), GW_OK);
    assert_int_equal(add_div(s, t->district, "street", "T0101", "一街道", NULL, &t->street, p), GW_OK);
    assert_int_equal(add_div(s, t->street, "community", "T010101", "一社区", NULL, &t->community, p), GW_OK);
    /* two adjacent grids sharing the edge lon = 120.1 */
    assert_int_equal(add_div(s, t->community, "grid", "T01010101", "一网格", rect(120.0, 30.0, 120.1, 30.1),
                             &t->grid_a, t->grid_a_path), GW_OK);
    assert_int_equal(add_div(s, t->community, "grid", "T01010102", "二网格", rect(120.1, 30.0, 120.2, 30.1),
                             &t->grid_b, p), GW_OK);
}

/* ---- tests ---- */

static void test_division_paths(void **state)
{
    fixture *f = *state;
    tree t;
    build_tree(f->s, &t);
    char want[128];
    snprintf(want, sizeof want, "/%lld/", (long long)t.city);
    assert_string_equal(t.city_path, want);
    snprintf(want, sizeof want, "/%lld/%lld/%lld/%lld/%lld/", (long long)t.city, (long long)t.district,
             (long long)t.street, (long long)t.community, (long long)t.grid_a);
    assert_string_equal(t.grid_a_path, want);

    gw_db *db = gw_store_read_begin(f->s);
    assert_non_null(db);
    gw_division_row d;
    assert_int_equal(gw_store_division_get(db, t.grid_a, &d), GW_OK);
    assert_string_equal(d.path, want);
    assert_string_equal(d.level, "grid");
    assert_string_equal(d.name, "一网格");
    assert_int_equal(d.parent_id, t.community);
    assert_non_null(d.geometry);
    json_decref(d.geometry);
    assert_int_equal(gw_store_division_get(db, 999999, &d), GW_E_NOT_FOUND);

    gw_division_item *list = NULL;
    size_t nl = 0;
    assert_int_equal(gw_store_division_list(db, "/", 0, &list, &nl), GW_OK);
    assert_int_equal(nl, 6);
    assert_string_equal(list[1].d.name, "东区"); /* by id; no geometry, no box */
    assert_int_equal(list[1].has_geometry, 0);
    assert_true(list[1].bbox[0] == 0 && list[1].bbox[2] == 0);
    assert_null(list[nl - 1].d.geometry); /* a grid: it has one, but it was not asked for */
    assert_int_equal(list[nl - 1].has_geometry, 1);
    assert_true(list[nl - 1].bbox[0] == 120.1 && list[nl - 1].bbox[2] == 120.2);
    gw_division_items_free(list, nl);
    char sub[128];
    snprintf(sub, sizeof sub, "/%lld/%lld/%lld/%lld/", (long long)t.city, (long long)t.district,
             (long long)t.street, (long long)t.community);
    assert_int_equal(gw_store_division_list(db, sub, 1, &list, &nl), GW_OK);
    assert_int_equal(nl, 3); /* the community and its two grids */
    assert_true(json_is_object(list[1].d.geometry));
    gw_division_items_free(list, nl);
    assert_int_equal(gw_store_division_list(db, "/1/x/", 0, &list, &nl), GW_E_INVALID);
    assert_int_equal(gw_store_division_list(db, "1/", 0, &list, &nl), GW_E_INVALID);

    int64_t chain[GW_DIV_MAX_DEPTH];
    size_t n = 0;
    assert_int_equal(gw_store_division_chain(db, t.grid_b, chain, GW_DIV_MAX_DEPTH, &n), GW_OK);
    assert_int_equal(n, 5);
    assert_int_equal(chain[0], t.grid_b);
    assert_int_equal(chain[1], t.community);
    assert_int_equal(chain[2], t.street);
    assert_int_equal(chain[3], t.district);
    assert_int_equal(chain[4], t.city);
    assert_int_equal(gw_store_division_chain(db, t.city, chain, GW_DIV_MAX_DEPTH, &n), GW_OK);
    assert_int_equal(n, 1);
    assert_int_equal(chain[0], t.city);
    assert_int_equal(gw_store_division_chain(db, t.grid_b, chain, 2, &n), GW_E_INVALID);
    assert_int_equal(gw_store_division_chain(db, 424242, chain, GW_DIV_MAX_DEPTH, &n), GW_E_NOT_FOUND);
    gw_store_read_end(f->s, db);
}

static void test_division_levels(void **state)
{
    fixture *f = *state;
    tree t;
    build_tree(f->s, &t);
    int64_t id = 0;
    char p[128];
    /* the root must be a city, a city has no parent, levels go down one step at a time */
    assert_int_equal(add_div(f->s, 0, "district", "X1", "无父区", NULL, &id, p), GW_E_INVALID);
    assert_int_equal(add_div(f->s, t.city, "city", "X2", "子市", NULL, &id, p), GW_E_INVALID);
    assert_int_equal(add_div(f->s, t.street, "grid", "X3", "跳级网格", NULL, &id, p), GW_E_INVALID);
    assert_int_equal(add_div(f->s, t.city, "street", "X4", "跳级街道", NULL, &id, p), GW_E_INVALID);
    assert_int_equal(add_div(f->s, t.grid_a, "grid", "X5", "网格下网格", NULL, &id, p), GW_E_INVALID);
    assert_int_equal(add_div(f->s, 987654, "district", "X6", "父不存在", NULL, &id, p), GW_E_INVALID);
    assert_int_equal(add_div(f->s, t.city, "province", "X7", "未知级别", NULL, &id, p), GW_E_INVALID);
    /* a duplicate code conflicts */
    assert_int_equal(add_div(f->s, t.city, "district", "T01", "重复编码", NULL, &id, p), GW_E_CONFLICT);
    /* bad geometry: not closed, and an unknown type */
    json_t *open_ring = json_pack("{s:s,s:[[[f,f],[f,f],[f,f],[f,f]]]}", "type", "Polygon", "coordinates",
                                  120.0, 30.0, 120.1, 30.0, 120.1, 30.1, 120.0, 30.1);
    assert_int_equal(add_div(f->s, t.city, "district", "X8", "坏多边形", open_ring, &id, p), GW_E_INVALID);
    assert_int_equal(add_div(f->s, t.city, "district", "X9", "点", json_pack("{s:s,s:[f,f]}", "type", "Point",
                     "coordinates", 120.0, 30.0), &id, p), GW_E_INVALID);
    /* nothing of the failed inserts remains */
    gw_db *db = gw_store_read_begin(f->s);
    gw_division_item *list = NULL;
    size_t nl = 0;
    assert_int_equal(gw_store_division_list(db, "/", 0, &list, &nl), GW_OK);
    assert_int_equal(nl, 6);
    gw_division_items_free(list, nl);
    gw_store_read_end(f->s, db);
}

static void test_grid_at(void **state)
{
    fixture *f = *state;
    tree t;
    build_tree(f->s, &t);
    gw_db *db = gw_store_read_begin(f->s);
    int64_t g = 0;
    assert_int_equal(gw_store_grid_at(db, (gw_point){120.05, 30.05}, &g), GW_OK);
    assert_int_equal(g, t.grid_a);
    assert_int_equal(gw_store_grid_at(db, (gw_point){120.15, 30.05}, &g), GW_OK);
    assert_int_equal(g, t.grid_b);
    assert_int_equal(gw_store_grid_at(db, (gw_point){120.0999, 30.0999}, &g), GW_OK);
    assert_int_equal(g, t.grid_a);
    assert_int_equal(gw_store_grid_at(db, (gw_point){120.1001, 30.0001}, &g), GW_OK);
    assert_int_equal(g, t.grid_b);
    /* on the shared edge: the older grid wins, deterministically */
    assert_int_equal(gw_store_grid_at(db, (gw_point){120.1, 30.05}, &g), GW_OK);
    assert_int_equal(g, t.grid_a);
    /* inside the city's polygon but in no grid (the city is not a grid), and far away */
    assert_int_equal(gw_store_grid_at(db, (gw_point){120.15, 30.15}, &g), GW_E_NOT_FOUND);
    assert_int_equal(gw_store_grid_at(db, (gw_point){116.4, 39.9}, &g), GW_E_NOT_FOUND);
    assert_int_equal(gw_store_grid_at(db, (gw_point){200.0, 30.0}, &g), GW_E_INVALID);
    gw_store_read_end(f->s, db);
}

static void test_units_and_fallback(void **state)
{
    fixture *f = *state;
    tree t;
    build_tree(f->s, &t);
    int64_t cg = add_unit(f->s, "chengguan", "城管局", t.city);
    int64_t zf = add_unit(f->s, "zhifa", "一街道综合执法队", t.street);

    gw_db *db = gw_store_read_begin(f->s);
    int64_t u = -1;
    assert_int_equal(gw_store_fallback_unit(db, t.grid_a, &u), GW_OK);
    assert_int_equal(u, 0); /* none set anywhere yet */
    gw_store_read_end(f->s, db);

    fb_arg fa = { t.city, cg };
    assert_int_equal(gw_store_write(f->s, op_set_fallback, &fa), GW_OK);
    db = gw_store_read_begin(f->s);
    assert_int_equal(gw_store_fallback_unit(db, t.grid_a, &u), GW_OK);
    assert_int_equal(u, cg);
    gw_store_read_end(f->s, db);

    fb_arg fs = { t.street, zf };
    assert_int_equal(gw_store_write(f->s, op_set_fallback, &fs), GW_OK);
    db = gw_store_read_begin(f->s);
    assert_int_equal(gw_store_fallback_unit(db, t.grid_b, &u), GW_OK);
    assert_int_equal(u, zf); /* the street's is nearer than the city's */
    assert_int_equal(gw_store_fallback_unit(db, t.district, &u), GW_OK);
    assert_int_equal(u, cg); /* above the street only the city's applies */
    assert_int_equal(gw_store_fallback_unit(db, 31337, &u), GW_E_NOT_FOUND);

    gw_unit_row ur;
    assert_int_equal(gw_store_unit_get(db, zf, &ur), GW_OK);
    assert_string_equal(ur.code, "zhifa");
    assert_int_equal(ur.division_id, t.street);
    assert_int_equal(ur.enabled, 1);
    gw_unit_item *list = NULL;
    size_t nl = 0;
    assert_int_equal(gw_store_unit_list(db, &list, &nl), GW_OK);
    assert_int_equal(nl, 2);
    assert_string_equal(list[1].division_name, "一街道");
    assert_int_equal(list[1].u.enabled, 1);
    free(list);
    gw_store_read_end(f->s, db);

    /* a fallback unit that does not exist is rejected */
    fb_arg bad = { t.city, 5555 };
    assert_int_equal(gw_store_write(f->s, op_set_fallback, &bad), GW_E_INVALID);
    /* a unit's division must exist; duplicate code conflicts */
    unit_arg ua;
    memset(&ua, 0, sizeof ua);
    snprintf(ua.u.code, sizeof ua.u.code, "x");
    snprintf(ua.u.name, sizeof ua.u.name, "x");
    snprintf(ua.u.level, sizeof ua.u.level, "city");
    ua.u.division_id = 7777;
    assert_int_equal(gw_store_write(f->s, op_unit_insert, &ua), GW_E_INVALID);
    ua.u.division_id = 0;
    snprintf(ua.u.level, sizeof ua.u.level, "grid");
    assert_int_equal(gw_store_write(f->s, op_unit_insert, &ua), GW_E_INVALID);
    snprintf(ua.u.level, sizeof ua.u.level, "city");
    snprintf(ua.u.code, sizeof ua.u.code, "chengguan");
    assert_int_equal(gw_store_write(f->s, op_unit_insert, &ua), GW_E_CONFLICT);
}

static void test_categories(void **state)
{
    fixture *f = *state;
    int64_t big = 0, sub = 0, parent = -1;
    assert_int_equal(add_cat(f->s, "01", "公用设施", "part", &big, &parent), GW_OK);
    assert_int_equal(parent, 0);
    assert_int_equal(add_cat(f->s, "0101", "上水井盖", "part", &sub, &parent), GW_OK);
    assert_int_equal(parent, big);
    /* bad codes */
    assert_int_equal(add_cat(f->s, "1", "一位", "part", NULL, NULL), GW_E_INVALID);
    assert_int_equal(add_cat(f->s, "012", "三位", "part", NULL, NULL), GW_E_INVALID);
    assert_int_equal(add_cat(f->s, "01010", "五位", "part", NULL, NULL), GW_E_INVALID);
    assert_int_equal(add_cat(f->s, "0a", "字母", "part", NULL, NULL), GW_E_INVALID);
    assert_int_equal(add_cat(f->s, "", "空", "part", NULL, NULL), GW_E_INVALID);
    assert_int_equal(add_cat(f->s, "-1", "负", "part", NULL, NULL), GW_E_INVALID);
    /* the big class must exist and be of the same kind */
    assert_int_equal(add_cat(f->s, "0901", "无大类", "part", NULL, NULL), GW_E_INVALID);
    assert_int_equal(add_cat(f->s, "0102", "事件混入", "event", NULL, NULL), GW_E_INVALID);
    assert_int_equal(add_cat(f->s, "10", "市容环境", "other", NULL, NULL), GW_E_INVALID);
    /* duplicate code */
    assert_int_equal(add_cat(f->s, "0101", "重复", "part", NULL, NULL), GW_E_CONFLICT);
    /* ranges */
    cat_arg a;
    memset(&a, 0, sizeof a);
    snprintf(a.c.code, sizeof a.c.code, "0103");
    snprintf(a.c.name, sizeof a.c.name, "雨水井盖");
    snprintf(a.c.kind, sizeof a.c.kind, "part");
    a.c.dispatch_hours = 2;
    a.c.handle_hours = 0;
    a.c.verify_hours = 24;
    a.c.default_urgency = 1;
    assert_int_equal(gw_store_write(f->s, op_cat_insert, &a), GW_E_INVALID);
    a.c.handle_hours = 48;
    a.c.default_urgency = 4;
    assert_int_equal(gw_store_write(f->s, op_cat_insert, &a), GW_E_INVALID);
    a.c.default_urgency = 3;
    assert_int_equal(gw_store_write(f->s, op_cat_insert, &a), GW_OK);

    gw_db *db = gw_store_read_begin(f->s);
    gw_category_row c;
    assert_int_equal(gw_store_category_by_code(db, "0101", &c), GW_OK);
    assert_int_equal(c.id, sub);
    assert_int_equal(c.parent_id, big);
    assert_string_equal(c.name, "上水井盖");
    assert_int_equal(gw_store_category_get(db, a.c.id, &c), GW_OK);
    assert_int_equal(c.default_urgency, 3);
    assert_int_equal(c.handle_hours, 48);
    assert_int_equal(gw_store_category_by_code(db, "0909", &c), GW_E_NOT_FOUND);
    gw_category_item *list = NULL;
    size_t n = 0;
    assert_int_equal(gw_store_category_list(db, &list, &n), GW_OK);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].c.code, "01"); /* by code; a big class has no parent */
    assert_string_equal(list[0].parent_code, "");
    assert_string_equal(list[1].parent_code, "01");
    assert_string_equal(list[1].parent_name, "公用设施");
    assert_int_equal(list[1].c.parent_id, big);
    free(list);
    gw_store_read_end(f->s, db);
}

static void test_rules(void **state)
{
    fixture *f = *state;
    tree t;
    build_tree(f->s, &t);
    int64_t sz = add_unit(f->s, "shizheng", "市政", t.city);
    int64_t cg = add_unit(f->s, "chengguan", "城管", t.city);
    int64_t sw = add_unit(f->s, "shuiwu", "水务", t.city);
    int64_t big = 0, sub = 0, other = 0, p = 0;
    assert_int_equal(add_cat(f->s, "01", "公用设施", "part", &big, &p), GW_OK);
    assert_int_equal(add_cat(f->s, "0101", "上水井盖", "part", &sub, &p), GW_OK);
    assert_int_equal(add_cat(f->s, "0102", "污水井盖", "part", &other, &p), GW_OK);

    rule_arg exact;
    memset(&exact, 0, sizeof exact);
    exact.r.category_id = sub;
    exact.r.unit_id = sz;
    exact.r.cc_unit_ids[0] = cg;
    exact.r.n_cc = 1;
    exact.r.enabled = 1;
    assert_int_equal(gw_store_write(f->s, op_rule_insert, &exact), GW_OK);
    assert_true(exact.r.id > 0);

    rule_arg bigr;
    memset(&bigr, 0, sizeof bigr);
    bigr.r.category_id = big;
    bigr.r.division_id = t.street;
    bigr.r.unit_id = sw;
    bigr.r.handle_ms_override = 12 * INT64_C(3600000);
    bigr.r.mode = GW_ROUTE_REVIEW;
    bigr.r.enabled = 1;
    assert_int_equal(gw_store_write(f->s, op_rule_insert, &bigr), GW_OK);

    rule_arg otherr;
    memset(&otherr, 0, sizeof otherr);
    otherr.r.category_id = other;
    otherr.r.unit_id = sw;
    otherr.r.enabled = 1;
    assert_int_equal(gw_store_write(f->s, op_rule_insert, &otherr), GW_OK);

    /* missing things are bad input, never a half-written rule */
    rule_arg bad = exact;
    bad.r.id = 0;
    bad.r.unit_id = 9999;
    assert_int_equal(gw_store_write(f->s, op_rule_insert, &bad), GW_E_INVALID);
    bad.r.unit_id = sz;
    bad.r.cc_unit_ids[0] = 9998;
    assert_int_equal(gw_store_write(f->s, op_rule_insert, &bad), GW_E_INVALID);
    bad.r.cc_unit_ids[0] = sz; /* the primary unit copied to itself */
    assert_int_equal(gw_store_write(f->s, op_rule_insert, &bad), GW_E_INVALID);
    bad.r.cc_unit_ids[0] = cg;
    bad.r.cc_unit_ids[1] = cg;
    bad.r.n_cc = 2;
    assert_int_equal(gw_store_write(f->s, op_rule_insert, &bad), GW_E_INVALID);
    bad.r.n_cc = 1;
    bad.r.category_id = 4242;
    assert_int_equal(gw_store_write(f->s, op_rule_insert, &bad), GW_E_INVALID);
    bad.r.category_id = sub;
    bad.r.division_id = 4343;
    assert_int_equal(gw_store_write(f->s, op_rule_insert, &bad), GW_E_INVALID);
    bad.r.division_id = 0;
    bad.r.handle_ms_override = 1234; /* not whole hours */
    assert_int_equal(gw_store_write(f->s, op_rule_insert, &bad), GW_E_INVALID);

    gw_db *db = gw_store_read_begin(f->s);
    gw_route_rule rules[8];
    size_t n = 0;
    assert_int_equal(gw_store_rules_for(db, sub, big, rules, 8, &n), GW_OK);
    assert_int_equal(n, 2); /* the exact rule first, then the big class's */
    assert_int_equal(rules[0].id, exact.r.id);
    assert_int_equal(rules[0].unit_id, sz);
    assert_int_equal(rules[0].n_cc, 1);
    assert_int_equal(rules[0].cc_unit_ids[0], cg);
    assert_int_equal(rules[0].mode, GW_ROUTE_AUTO);
    assert_int_equal(rules[1].id, bigr.r.id);
    assert_int_equal(rules[1].division_id, t.street);
    assert_int_equal(rules[1].mode, GW_ROUTE_REVIEW);
    assert_int_equal(rules[1].handle_ms_override, 12 * INT64_C(3600000));
    assert_int_equal(gw_store_rules_for(db, sub, big, rules, 1, &n), GW_E_TOO_LARGE);
    assert_int_equal(n, 1);
    assert_int_equal(rules[0].id, exact.r.id);
    assert_int_equal(gw_store_rules_for(db, big, 0, rules, 8, &n), GW_OK);
    assert_int_equal(n, 1);
    gw_rule_item *list = NULL;
    size_t nl = 0;
    assert_int_equal(gw_store_rule_list(db, &list, &nl), GW_OK);
    assert_int_equal(nl, 3);
    assert_string_equal(list[0].category_code, "01"); /* ordered by category code: '01' first */
    assert_string_equal(list[0].division_name, "一街道");
    assert_int_equal(list[0].r.mode, GW_ROUTE_REVIEW);
    assert_string_equal(list[1].unit_name, "市政");
    assert_int_equal(list[1].r.cc_unit_ids[0], cg);
    free(list);
    gw_store_read_end(f->s, db);

    /* disable the big-class rule: it no longer applies; then delete it */
    bigr.r.enabled = 0;
    assert_int_equal(gw_store_write(f->s, op_rule_update, &bigr), GW_OK);
    db = gw_store_read_begin(f->s);
    assert_int_equal(gw_store_rules_for(db, sub, big, rules, 8, &n), GW_OK);
    assert_int_equal(n, 1);
    gw_route_rule got;
    assert_int_equal(gw_store_rule_get(db, bigr.r.id, &got), GW_OK);
    assert_int_equal(got.enabled, 0);
    gw_store_read_end(f->s, db);
    assert_int_equal(gw_store_write(f->s, op_rule_delete, &bigr), GW_OK);
    assert_int_equal(gw_store_write(f->s, op_rule_delete, &bigr), GW_E_NOT_FOUND);
    bad.r.id = 5050;
    bad.r.handle_ms_override = 0;
    assert_int_equal(gw_store_write(f->s, op_rule_update, &bad), GW_E_NOT_FOUND);
}

int main(void)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, NULL };
    gw_schema_use(modules);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_division_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_division_levels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grid_at, setup, teardown),
        cmocka_unit_test_setup_teardown(test_units_and_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_categories, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
