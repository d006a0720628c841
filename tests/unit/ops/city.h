/* tests/unit/ops/city.h — a small city in a new temporary SQLite store, for the ticket service and
 * store tests: city 1 > district 2 > street 3 > community 4 > grid 5 (the square lon 120.0..120.1,
 * lat 30.0..30.1); units U1 (handles roads), U2 (copied on roads), U3 (the street's fallback unit),
 * U4 (disabled); categories 01 (big class), 0101 roads (auto rule at the district: U1, cc U2),
 * 0102 lamps (a review rule anywhere: U1), 02 (no rule: the fallback unit) and 03 (disabled); users 11
 * (a grid worker) and 12 (a hotline operator).
 * Header-only (static functions) so each test binary stays one file plus this. */
#ifndef GW_TEST_CITY_H
#define GW_TEST_CITY_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core_schema_store.h"
#include "core/model_store.h"
#include "db/store.h"
#include "ops/catalogue_store.h"
#include "ops/ops_schema_store.h"

#include "../tmp_db.h"

#define NOW INT64_C(1767225600000) /* 2026-01-01T00:00:00Z */
#define HOUR INT64_C(3600000)

typedef struct {
    gw_store *s;
    char path[64];
    int64_t city, district, street, community, grid;
    int64_t u1, u2, u3, u4;
    int64_t cat_roads, cat_lamps, cat_nofall, cat_disabled;
    int64_t rule_roads, rule_lamps;
} city;

static gw_err city_unit(gw_db *tx, const char *code, int enabled, int64_t *id)
{
    gw_unit_row u;
    memset(&u, 0, sizeof u);
    snprintf(u.code, sizeof u.code, "%s", code);
    snprintf(u.name, sizeof u.name, "Unit %s", code);
    snprintf(u.level, sizeof u.level, "district");
    u.enabled = enabled;
    gw_err e = gw_store_unit_insert(tx, &u, NOW);
    *id = u.id;
    return e;
}

static gw_err city_div(gw_db *tx, int64_t parent, const char *level, const char *code, int64_t fallback, json_t *geom,
                       int64_t *id)
{
    gw_division_row d;
    memset(&d, 0, sizeof d);
    d.parent_id = parent;
    snprintf(d.level, sizeof d.level, "%s", level);
    snprintf(d.code, sizeof d.code, "%s", code);
    snprintf(d.name, sizeof d.name, "Division %s", code);
    d.fallback_unit_id = fallback;
    d.geometry = geom;
    gw_err e = gw_store_division_insert(tx, &d, NOW);
    json_decref(geom);
    *id = d.id;
    return e;
}

static gw_err city_cat(gw_db *tx, const char *code, int enabled, int64_t *id)
{
    gw_category_row c;
    memset(&c, 0, sizeof c);
    snprintf(c.code, sizeof c.code, "%s", code);
    snprintf(c.name, sizeof c.name, "Category %s", code);
    snprintf(c.kind, sizeof c.kind, "event");
    c.dispatch_hours = 2;
    c.handle_hours = 72;
    c.verify_hours = 24;
    c.default_urgency = 1;
    c.open311 = 1;
    c.enabled = enabled;
    gw_err e = gw_store_category_insert(tx, &c, NOW);
    *id = c.id;
    return e;
}

static gw_err city_rule(gw_db *tx, int64_t cat, int64_t div, int64_t unit, int64_t cc, gw_route_mode mode, int64_t *id)
{
    gw_route_rule r;
    memset(&r, 0, sizeof r);
    r.category_id = cat;
    r.division_id = div;
    r.unit_id = unit;
    if (cc) r.cc_unit_ids[r.n_cc++] = cc;
    r.mode = mode;
    r.enabled = 1;
    gw_err e = gw_store_rule_insert(tx, &r, NOW);
    *id = r.id;
    return e;
}

static gw_err op_city(gw_db *tx, void *p)
{
    city *c = p;
    int64_t big;
    gw_err e = city_unit(tx, "U1", 1, &c->u1);
    if (!e) e = city_unit(tx, "U2", 1, &c->u2);
    if (!e) e = city_unit(tx, "U3", 1, &c->u3);
    if (!e) e = city_unit(tx, "U4", 0, &c->u4);
    if (!e) e = city_div(tx, 0, "city", "C", 0, NULL, &c->city);
    if (!e) e = city_div(tx, c->city, "district", "D", 0, NULL, &c->district);
    if (!e) e = city_div(tx, c->district, "street", "S", c->u3, NULL, &c->street);
    if (!e) e = city_div(tx, c->street, "community", "M", 0, NULL, &c->community);
    if (!e) e = city_div(tx, c->community, "grid", "G",  0,
                         json_pack("{s:s,s:[[[f,f],[f,f],[f,f],[f,f],[f,f]]]}", "type", "Polygon", "coordinates",
                                   120.0, 30.0, 120.1, 30.0, 120.1, 30.1, 120.0, 30.1, 120.0, 30.0), &c->grid);
    if (!e) e = city_cat(tx, "01", 1, &big);
    if (!e) e = city_cat(tx, "0101", 1, &c->cat_roads);
    if (!e) e = city_cat(tx, "0102", 1, &c->cat_lamps);
    if (!e) e = city_cat(tx, "02", 1, &c->cat_nofall);
    if (!e) e = city_cat(tx, "03", 0, &c->cat_disabled);
    if (!e) e = city_rule(tx, c->cat_roads, c->district, c->u1, c->u2, GW_ROUTE_AUTO, &c->rule_roads);
    if (!e) e = city_rule(tx, c->cat_lamps, 0, c->u1, 0, GW_ROUTE_REVIEW, &c->rule_lamps);
    /* the staff who report (tickets name their reporting user); the stores hold no user writes */
    if (!e) e = gw_db_exec(tx, "INSERT INTO users(id, username, display_name, role, pw_hash, created_ms) VALUES"
                               " (11, 'grid01', 'Grid 01', 'grid_worker', 'x', 0),"
                               " (12, 'hotline', 'Hotline', 'hotline_operator', 'x', 0)");
    return e;
}

static int city_setup(void **state)
{
    static const gw_schema_module *const modules[] = { &gw_core_schema, &gw_ops_schema, NULL };
    gw_schema_use(modules);
    city *c = calloc(1, sizeof *c);
    if (!c) return -1;
    tmp_db_new(c->path, "city");
    if (gw_store_open(c->path, 2, &c->s) != GW_OK || gw_store_write(c->s, op_city, c) != GW_OK) {
        free(c);
        return -1;
    }
    *state = c;
    return 0;
}

static int city_teardown(void **state)
{
    city *c = *state;
    gw_store_close(c->s);
    tmp_db_rm(c->path);
    free(c);
    return 0;
}

/* One integer from a query on a read connection (-1 on error). Tests check what was written with it. */
static int64_t city_count(city *c, const char *sql, int64_t bind)
{
    gw_db *db = gw_store_read_one(c->s);
    gw_stmt *st = gw_db_prep(db, sql);
    int64_t n = -1;
    if (st) {
        if (bind) gw_bind_int(st, 1, bind);
        n = gw_step(st) == 1 ? gw_col_int(st, 0) : -1;
        gw_stmt_reset(st);
    }
    gw_store_read_one_end(c->s, db);
    return n;
}

#endif
