/* demo/demo_model.c — the demo city's model written in one store operation: divisions and grid
 * polygons, units and the streets' fallback units, the catalogue with its routing rules, and one
 * staff user per post (all with the published password "demo"). */
#include "demo/demo_city.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "core/audit.h"
#include "core/auth_store.h"
#include "core/model_store.h"
#include "ops/catalogue_store.h"

static json_t *rect(int col0, int row0, int col1, int row1)
{
    double x0 = cell_lon(col0), y0 = cell_lat(row0), x1 = cell_lon(col1), y1 = cell_lat(row1);
    return json_pack("{s:s,s:[[[f,f],[f,f],[f,f],[f,f],[f,f]]]}", "type", "Polygon", "coordinates",
                     x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
}

static gw_err add_division(gw_db *tx, demo *d, int64_t parent, const char *level, const char *code,
                           const char *name, json_t *geom, div_ref *out)
{
    gw_division_row row;
    memset(&row, 0, sizeof row);
    row.parent_id = parent;
    snprintf(row.level, sizeof row.level, "%s", level);
    snprintf(row.code, sizeof row.code, "%s", code);
    snprintf(row.name, sizeof row.name, "%s", name);
    row.geometry = geom;
    gw_err e = geom ? gw_store_division_insert(tx, &row, d->now) : GW_E_NOMEM;
    json_decref(geom);
    if (e) return e;
    out->id = row.id;
    snprintf(out->path, sizeof out->path, "%s", row.path);
    return GW_OK;
}

static gw_err model_divisions(gw_db *tx, demo *d)
{
    gw_err e = add_division(tx, d, 0, "city", "339900", "江临市", rect(0, 0, 8, 6), &d->city);
    for (int i = 0; !e && i < N_DISTRICTS; i++) {
        char code[32];
        snprintf(code, sizeof code, "3399%02d", i + 1);
        e = add_division(tx, d, d->city.id, "district", code, district_names[i], rect(i * 4, 0, i * 4 + 4, 6),
                         &d->districts[i]);
    }
    for (int s = 0; !e && s < N_STREETS; s++) {
        char code[32];
        int dist = s / 2, col = dist * 4, row = (s % 2) * 3;
        snprintf(code, sizeof code, "3399%02d%03d", dist + 1, s % 2 + 1);
        e = add_division(tx, d, d->districts[dist].id, "street", code, street_names[s], rect(col, row, col + 4, row + 3),
                         &d->streets[s]);
    }
    for (int c = 0; !e && c < N_COMMUNITIES; c++) {
        char code[32];
        int s = c / 2, col, row;
        community_cell0(c, &col, &row);
        snprintf(code, sizeof code, "3399%02d%03d%03d", s / 2 + 1, s % 2 + 1, c % 2 + 1);
        e = add_division(tx, d, d->streets[s].id, "community", code, community_names[c],
                         rect(col, row, col + 2, row + 3), &d->communities[c]);
    }
    for (int g = 0; !e && g < N_GRIDS; g++) {
        char code[32], name[128];
        int c = g / GRIDS_PER_COMMUNITY, s = c / 2, col, row;
        grid_cell(g, &col, &row);
        snprintf(code, sizeof code, "3399%02d%03d%03d%02d", s / 2 + 1, s % 2 + 1, c % 2 + 1, g % GRIDS_PER_COMMUNITY + 1);
        snprintf(name, sizeof name, "%s第%d网格", community_names[c], g % GRIDS_PER_COMMUNITY + 1);
        e = add_division(tx, d, d->communities[c].id, "grid", code, name, rect(col, row, col + 1, row + 1), &d->grids[g]);
    }
    return e;
}

static gw_err add_unit(gw_db *tx, demo *d, const char *code, const char *name, const char *level, int64_t div,
                       const char *phone, int64_t *id)
{
    gw_unit_row u;
    memset(&u, 0, sizeof u);
    snprintf(u.code, sizeof u.code, "%s", code);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.level, sizeof u.level, "%s", level);
    snprintf(u.phone, sizeof u.phone, "%s", phone);
    u.division_id = div;
    u.enabled = 1;
    gw_err e = gw_store_unit_insert(tx, &u, d->now);
    *id = u.id;
    return e;
}

static gw_err set_fallback(gw_db *tx, int64_t division, int64_t unit)
{
    gw_division_row row;
    gw_err e = gw_store_division_get(tx, division, &row);
    if (e) return e;
    row.fallback_unit_id = unit;
    e = gw_store_division_update(tx, &row);
    json_decref(row.geometry);
    return e;
}

static gw_err model_units(gw_db *tx, demo *d)
{
    gw_err e = GW_OK;
    for (int i = 0; !e && i < N_CITY_UNITS; i++)
        e = add_unit(tx, d, city_units[i].code, city_units[i].name, "city", d->city.id, city_units[i].phone,
                     &d->unit_ids[i]);
    for (int s = 0; !e && s < N_STREETS; s++) {
        char code[32], name[128], phone[16];
        snprintf(code, sizeof code, "zhifa_%s", street_keys[s]);
        snprintf(name, sizeof name, "%s综合行政执法队", street_names[s]);
        snprintf(phone, sizeof phone, "880020%02d", s + 1);
        e = add_unit(tx, d, code, name, "street", d->streets[s].id, phone, &d->zhifa_ids[s]);
        if (!e) e = set_fallback(tx, d->streets[s].id, d->zhifa_ids[s]);
    }
    if (!e) e = set_fallback(tx, d->city.id, unit_by_code(d, "chengguan"));
    return e;
}

static gw_err add_rule(gw_db *tx, demo *d, int64_t cat, int64_t div, int64_t unit, const char *cc, int handle_h,
                       int review)
{
    gw_route_rule r;
    memset(&r, 0, sizeof r);
    r.category_id = cat;
    r.division_id = div;
    r.unit_id = unit;
    r.handle_ms_override = (int64_t)handle_h * GW_MS_PER_HOUR;
    r.mode = review ? GW_ROUTE_REVIEW : GW_ROUTE_AUTO;
    r.enabled = 1;
    while (cc && *cc && r.n_cc < GW_ROUTE_MAX_CC) {
        char code[32];
        size_t n = strcspn(cc, ",");
        snprintf(code, sizeof code, "%.*s", (int)n, cc);
        if (!(r.cc_unit_ids[r.n_cc++] = unit_by_code(d, code))) return GW_E_INTERNAL; /* a typo in the table */
        cc += n + (cc[n] == ',');
    }
    gw_err e = gw_store_rule_insert(tx, &r, d->now);
    if (!e) d->n_rules++;
    return e;
}

static gw_err model_catalogue(gw_db *tx, demo *d)
{
    gw_err e = GW_OK;
    for (int i = 0; !e && i < demo_n_cats; i++) {
        gw_category_row c;
        memset(&c, 0, sizeof c);
        snprintf(c.code, sizeof c.code, "%s", demo_cats[i].code);
        snprintf(c.name, sizeof c.name, "%s", demo_cats[i].name);
        snprintf(c.kind, sizeof c.kind, "%s", demo_cats[i].code[0] == '0' ? "part" : "event");
        c.dispatch_hours = demo_cats[i].dispatch_h;
        c.handle_hours = demo_cats[i].handle_h;
        c.verify_hours = demo_cats[i].verify_h;
        c.default_urgency = demo_cats[i].urgency;
        c.open311 = 1;
        c.enabled = 1;
        e = gw_store_category_insert(tx, &c, d->now);
        d->cat_ids[i] = c.id;
        if (!e && demo_cats[i].unit) {
            int64_t unit = unit_by_code(d, demo_cats[i].unit);
            e = unit ? add_rule(tx, d, c.id, 0, unit, demo_cats[i].cc, 0, demo_cats[i].review) : GW_E_INTERNAL;
        }
    }
    for (int i = 0; !e && i < n_street_rules; i++) {
        int k = cat_index(street_rules[i].cat);
        int s = street_rules[i].street;
        e = k < 0 ? GW_E_INTERNAL
                  : add_rule(tx, d, d->cat_ids[k], d->streets[s].id, d->zhifa_ids[s], NULL, street_rules[i].handle_h,
                             street_rules[i].review);
    }
    return e;
}

/* Insert a user and describe it as the principal the service will see. */
static gw_err add_user(gw_db *tx, demo *d, const char *username, const char *display, gw_role role,
                       const div_ref *scope, int64_t unit, gw_principal *who)
{
    gw_user_row u;
    memset(&u, 0, sizeof u);
    snprintf(u.username, sizeof u.username, "%s", username);
    snprintf(u.display_name, sizeof u.display_name, "%s", display);
    fake_mobile(&d->r, u.phone, sizeof u.phone);
    u.role = role;
    u.division_id = scope ? scope->id : 0;
    u.unit_id = unit;
    memcpy(u.pw_hash, d->pw_hash, sizeof u.pw_hash);
    u.demo_password = 1;
    gw_err e = gw_store_user_insert(tx, &u, d->now);
    if (e) return e;
    d->n_users++;
    memset(who, 0, sizeof *who);
    who->user_id = u.id;
    who->role = role;
    who->unit_id = unit;
    who->division_id = u.division_id;
    snprintf(who->div_path, sizeof who->div_path, "%s", scope ? scope->path : "/");
    snprintf(who->username, sizeof who->username, "%s", u.username);
    snprintf(who->display_name, sizeof who->display_name, "%s", u.display_name);
    who->demo_password = 1;
    return GW_OK;
}

static gw_err model_users(gw_db *tx, demo *d)
{
    gw_err e = add_user(tx, d, "admin", "系统管理员", GW_R_ADMIN, &d->city, 0, &d->admin);
    if (!e) e = add_user(tx, d, "dispatcher", "陈晓东", GW_R_DISPATCHER, &d->city, 0, &d->dispatcher);
    if (!e) e = add_user(tx, d, "supervisor", "林慧", GW_R_SUPERVISOR, &d->city, 0, &d->supervisor);
    if (!e) e = add_user(tx, d, "hotline", "赵静", GW_R_HOTLINE_OPERATOR, &d->city, 0, &d->hotline);
    if (!e) e = add_user(tx, d, "auditor", "孙立", GW_R_AUDITOR, &d->city, 0, &d->auditor);
    for (int g = 0; !e && g < N_GRIDS; g++) {
        char username[16], name[64];
        snprintf(username, sizeof username, "grid%02d", g + 1);
        fake_name(&d->r, name, sizeof name);
        e = add_user(tx, d, username, name, GW_R_GRID_WORKER, &d->grids[g], 0, &d->grid_workers[g]);
    }
    for (int i = 0; !e && i < N_CITY_UNITS; i++)
        e = add_user(tx, d, city_units[i].code, city_units[i].handler, GW_R_UNIT_HANDLER, NULL, d->unit_ids[i],
                     &d->handlers[i]);
    for (int s = 0; !e && s < N_STREETS; s++) {
        char username[32];
        snprintf(username, sizeof username, "zhifa_%s", street_keys[s]);
        e = add_user(tx, d, username, zhifa_handlers[s], GW_R_UNIT_HANDLER, NULL, d->zhifa_ids[s],
                     &d->handlers[N_CITY_UNITS + s]);
    }
    return e;
}

gw_err demo_model_op(gw_db *tx, void *arg)
{
    demo *d = arg;
    gw_err e = model_divisions(tx, d);
    if (!e) e = model_units(tx, d);
    if (!e) e = model_catalogue(tx, d);
    if (!e) e = model_users(tx, d);
    if (e) return e;
    char detail[160];
    snprintf(detail, sizeof detail, "{\"divisions\":%d,\"units\":%d,\"categories\":%d,\"rules\":%d,\"users\":%d}",
             1 + N_DISTRICTS + N_STREETS + N_COMMUNITIES + N_GRIDS, N_CITY_UNITS + N_STREETS, demo_n_cats, d->n_rules,
             d->n_users);
    return gw_audit_append(tx, d->now, 0, "demo.load", "demo:江临市", detail);
}
