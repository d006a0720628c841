/* core/division_api.c — divisions and grids: reads for staff, writes for the administrator, audited. */
#include "core/api.h"
#include "base/clock.h"
#include "base/geo.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/audit.h"
#include "core/auth_store.h"
#include "core/model.h"
#include "core/model_store.h"
#include "core/privacy.h"
#include "json/geojson.h"
#include "json/reply.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A division with its ancestry (root first, the division itself last) and fallback unit name.
 * Steals nothing; with_geom adds a copy of the geometry. */
static gw_err division_json(gw_db *db, const gw_division_row *d, int with_geom, json_t **out)
{
    int64_t chain[GW_DIV_MAX_DEPTH];
    size_t n = 0;
    gw_err e = gw_store_division_chain(db, d->id, chain, GW_DIV_MAX_DEPTH, &n);
    if (e) return e;
    json_t *anc = json_array(), *names = json_array();
    for (size_t i = n; !e && i-- > 0;) {
        gw_division_row a;
        if ((e = gw_store_division_get(db, chain[i], &a))) break;
        json_decref(a.geometry);
        json_array_append_new(anc, json_pack("{s:I,s:s,s:s,s:s}", "id", (json_int_t)a.id, "level", a.level,
                                             "code", a.code, "name", a.name));
        json_array_append_new(names, json_string(a.name));
    }
    char fb_name[GW_NAME_BUF] = "";
    if (!e && d->fallback_unit_id) {
        gw_unit_row u;
        if (gw_store_unit_get(db, d->fallback_unit_id, &u) == GW_OK) snprintf(fb_name, sizeof fb_name, "%s", u.name);
    }
    if (e) { json_decref(anc); json_decref(names); return e; }
    json_t *o = json_pack("{s:I,s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:o,s:o}",
        "id", (json_int_t)d->id, "parent_id", gw_json_id(d->parent_id), "level", d->level, "code", d->code,
        "name", d->name, "path", d->path, "fallback_unit_id", gw_json_id(d->fallback_unit_id),
        "fallback_unit_name", fb_name[0] ? json_string(fb_name) : json_null(), "has_geometry", d->geometry != NULL,
        "ancestors", anc, "path_names", names);
    if (o && with_geom) json_object_set_new(o, "geometry", d->geometry ? json_deep_copy(d->geometry) : json_null());
    if (o && d->geometry) {
        gw_shape *sh = NULL;
        if (gw_geojson_parse(d->geometry, &sh) == GW_OK) {
            double b[4];
            gw_shape_bbox(sh, &b[0], &b[1], &b[2], &b[3]);
            json_object_set_new(o, "bbox", json_pack("[f,f,f,f]", b[0], b[1], b[2], b[3]));
            json_object_set_new(o, "center", gw_geojson_point(gw_shape_centroid(sh)));
            gw_shape_free(sh);
        }
    }
    if (!o) return GW_E_NOMEM;
    *out = o;
    return GW_OK;
}

/* ---- divisions ----------------------------------------------------------------------------- */

/* A listed division: what the list shows of it (the detail adds ancestors and names). */
static json_t *division_item_json(const gw_division_item *x, int with_geom)
{
    const gw_division_row *d = &x->d;
    json_t *bbox = x->has_geometry ? json_pack("[f,f,f,f]", x->bbox[0], x->bbox[1], x->bbox[2], x->bbox[3]) : json_null();
    json_t *o = json_pack("{s:I,s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:b,s:o}", "id", (json_int_t)d->id,
        "parent_id", gw_json_id(d->parent_id), "level", d->level, "code", d->code, "name", d->name, "path", d->path,
        "fallback_unit_id", gw_json_id(d->fallback_unit_id),
        "fallback_unit_name", gw_json_str(x->fallback_unit_name[0] ? x->fallback_unit_name : NULL),
        "has_geometry", x->has_geometry, "bbox", bbox);
    if (o && with_geom) json_object_set_new(o, "geometry", d->geometry ? json_incref(d->geometry) : json_null());
    return o;
}

gw_err api_division_list(gw_req *r)
{
    static const char *const keys[] = { "geometry", "under", "level", NULL };
    gw_admin_page pg;
    gw_err e = gw_admin_query_page(r, keys, &pg);
    if (e) return e;
    int geom = gw_admin_query_flag(r, "geometry", 0);
    if (geom < 0) return gw_fail(r, GW_E_INVALID, "geometry must be 0 or 1");
    const char *slv = gw_req_query(r, "level");
    int lv = slv ? gw_admin_div_level(slv) : -1;
    if (slv && lv < 0) return gw_fail(r, GW_E_INVALID, "level must be one of city district street community grid");
    const char *under = gw_req_query(r, "under");
    int64_t under_id = 0;
    if (under && !(under_id = gw_parse_id(under))) return gw_fail(r, GW_E_INVALID, "under must be a division id");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    char path[128] = "/";
    e = under_id ? gw_store_division_path(db, under_id, path, sizeof path) : GW_OK;
    gw_division_item *rows = NULL;
    size_t n = 0;
    if (!e) e = gw_store_division_list(db, path, geom, &rows, &n);
    gw_store_read_end(r->store, db);
    json_t *arr = e ? NULL : json_array();
    for (size_t i = 0; arr && i < n; i++)
        if (lv < 0 || gw_admin_div_level(rows[i].d.level) == lv) json_array_append_new(arr, division_item_json(&rows[i], geom));
    gw_division_items_free(rows, n);
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "division %lld does not exist", (long long)under_id);
    if (e) return gw_fail(r, e, "could not list divisions");
    if (!arr) return GW_E_NOMEM;
    return gw_admin_reply_page(r, arr, &pg);
}

gw_err api_division_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_admin_path_id(r, "division", &id);
    if (e) return e;
    int geom = gw_admin_query_flag(r, "geometry", 1);
    if (geom < 0) return gw_fail(r, GW_E_INVALID, "geometry must be 0 or 1");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_division_row d;
    json_t *o = NULL;
    e = gw_store_division_get(db, id, &d);
    if (!e) {
        e = division_json(db, &d, geom, &o);
        json_decref(d.geometry);
    }
    gw_store_read_end(r->store, db);
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "no such division");
    if (e) return gw_fail(r, e, "could not read the division");
    return gw_reply(r, 200, o);
}

/* Parse a geometry before it goes to the writer: a clear message, and no work in the writer. */
static gw_err check_geometry(gw_req *r, json_t *geom)
{
    if (!geom || json_is_null(geom)) return GW_OK;
    gw_shape *sh = NULL;
    gw_err e = gw_geojson_parse(geom, &sh);
    gw_shape_free(sh);
    if (e == GW_E_TOO_LARGE)
        return gw_fail(r, e, "geometry has more than %d positions or %d rings", GW_GEOJSON_MAX_POINTS,
                       GW_GEOJSON_MAX_RINGS);
    if (e)
        return gw_fail(r, e == GW_E_NOMEM ? e : GW_E_INVALID,
                       "geometry must be a GeoJSON Polygon or MultiPolygon with closed rings of valid [lon,lat] "
                       "positions");
    return GW_OK;
}

typedef struct {
    gw_division_row d;      /* in: fields; out: id, path */
    int64_t now, actor;
    int set_name, set_fallback, set_geometry;
    char *detail;
    char msg[200];
} div_write;

/* Checks the store would also make, here to say precisely what is wrong. */
static gw_err div_refs_check(gw_db *tx, div_write *a)
{
    if (a->d.fallback_unit_id) {
        gw_unit_row u;
        gw_err e = gw_store_unit_get(tx, a->d.fallback_unit_id, &u);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "fallback unit %lld does not exist", (long long)a->d.fallback_unit_id);
            return GW_E_INVALID;
        }
        if (e) return e;
    }
    return GW_OK;
}

static gw_err op_division_create(gw_db *tx, void *arg)
{
    div_write *a = arg;
    int lv = gw_admin_div_level(a->d.level);
    if (a->d.parent_id == 0 && lv != 0) {
        snprintf(a->msg, sizeof a->msg, "a %s needs a parent_id; only a city stands at the root", a->d.level);
        return GW_E_INVALID;
    }
    if (a->d.parent_id) {
        gw_division_row p;
        gw_err e = gw_store_division_get(tx, a->d.parent_id, &p);
        if (e == GW_E_NOT_FOUND) {
            snprintf(a->msg, sizeof a->msg, "parent division %lld does not exist", (long long)a->d.parent_id);
            return GW_E_INVALID;
        }
        if (e) return e;
        json_decref(p.geometry);
        if (gw_admin_div_level(p.level) != lv - 1) {
            if (lv == 0) snprintf(a->msg, sizeof a->msg, "a city has no parent");
            else snprintf(a->msg, sizeof a->msg, "a %s must sit directly under a %s, not under a %s", a->d.level,
                          gw_div_level_names[lv - 1], p.level);
            return GW_E_INVALID;
        }
    }
    gw_err e = div_refs_check(tx, a);
    if (e) return e;
    e = gw_store_division_insert(tx, &a->d, a->now);
    if (e == GW_E_CONFLICT) snprintf(a->msg, sizeof a->msg, "a division with code %s already exists", a->d.code);
    if (e) return e;
    return gw_admin_audit(tx, a->now, a->actor, "division.create", "division", a->d.id, a->detail);
}

gw_err api_division_create(gw_req *r)
{
    gw_err e = gw_admin_require_admin(r);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *level = NULL, *code = NULL, *name = NULL;
    json_t *jparent = NULL, *jfb = NULL, *geom = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s, s:s, s?:o, s?:o, s?:o}", "level", &level, "code", &code, "name", &name,
           "parent_id", &jparent, "fallback_unit_id", &jfb, "geometry", &geom);
    div_write a;
    memset(&a, 0, sizeof a);
    if (gw_admin_div_level(level) < 0) e = gw_fail(r, GW_E_INVALID, "level must be city, district, street, community or grid");
    if (!e) e = gw_admin_check_code(r, "code", code, sizeof a.d.code);
    if (!e) e = gw_admin_check_text(r, "name", name, 1, NAME_MAX_CHARS, sizeof a.d.name);
    if (!e && gw_admin_opt_int(r, "parent_id", jparent, 1, INT64_MAX, 1, &a.d.parent_id) < 0) e = GW_E_INVALID;
    if (!e && gw_admin_opt_int(r, "fallback_unit_id", jfb, 1, INT64_MAX, 1, &a.d.fallback_unit_id) < 0) e = GW_E_INVALID;
    if (!e) e = check_geometry(r, geom);
    if (e) { json_decref(body); return e; }
    snprintf(a.d.level, sizeof a.d.level, "%s", level);
    snprintf(a.d.code, sizeof a.d.code, "%s", code);
    snprintf(a.d.name, sizeof a.d.name, "%s", name);
    a.d.geometry = geom && !json_is_null(geom) ? geom : NULL;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    a.detail = gw_admin_detail_of(json_pack("{s:s,s:s,s:s,s:o,s:o,s:b}", "level", level, "code", code, "name", name,
                                   "parent_id", gw_json_id(a.d.parent_id),
                                   "fallback_unit_id", gw_json_id(a.d.fallback_unit_id),
                                   "geometry", a.d.geometry != NULL));
    e = gw_store_write(r->store, op_division_create, &a);
    free(a.detail);
    e = gw_admin_finish_write(r, e, a.msg, "division");
    if (e) { json_decref(body); return e; }

    gw_db *db = gw_admin_read_begin(r);
    if (!db) { json_decref(body); return GW_E_IO; }
    json_t *o = NULL;
    e = division_json(db, &a.d, 1, &o);
    gw_store_read_end(r->store, db);
    json_decref(body); /* a.d.geometry pointed into it */
    if (e) return gw_fail(r, e, "created division %lld but could not read it back", (long long)a.d.id);
    return gw_reply(r, 201, o);
}

static gw_err op_division_update(gw_db *tx, void *arg)
{
    div_write *a = arg;
    gw_division_row cur;
    gw_err e = gw_store_division_get(tx, a->d.id, &cur);
    if (e) return e;
    if (a->set_name) snprintf(cur.name, sizeof cur.name, "%s", a->d.name);
    if (a->set_fallback) cur.fallback_unit_id = a->d.fallback_unit_id;
    if (a->set_geometry) {
        json_decref(cur.geometry);
        cur.geometry = json_incref(a->d.geometry);
    }
    a->d.fallback_unit_id = cur.fallback_unit_id;
    e = div_refs_check(tx, a);
    if (!e) e = gw_store_division_update(tx, &cur);
    json_decref(cur.geometry);
    if (e) return e;
    return gw_admin_audit(tx, a->now, a->actor, "division.update", "division", a->d.id, a->detail);
}

gw_err api_division_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_admin_require_admin(r);
    if (!e) e = gw_admin_path_id(r, "division", &id);
    if (e) return e;
    json_t *body;
    if ((e = gw_req_json(r, &body))) return e;
    const char *name = NULL;
    json_t *jfb = NULL, *geom = NULL;
    GW_ADMIN_UNPACK(r, body, "{s?:s, s?:o, s?:o}", "name", &name, "fallback_unit_id", &jfb, "geometry", &geom);
    div_write a;
    memset(&a, 0, sizeof a);
    a.d.id = id;
    e = gw_admin_check_text(r, "name", name, 0, NAME_MAX_CHARS, sizeof a.d.name);
    int fb = e ? 0 : gw_admin_opt_int(r, "fallback_unit_id", jfb, 1, INT64_MAX, 1, &a.d.fallback_unit_id);
    if (fb < 0) e = GW_E_INVALID;
    if (!e) e = check_geometry(r, geom);
    if (!e && !name && !jfb && !geom) e = gw_fail(r, GW_E_INVALID, "nothing to change: give name, fallback_unit_id or geometry");
    if (e) { json_decref(body); return e; }
    if (name) { a.set_name = 1; snprintf(a.d.name, sizeof a.d.name, "%s", name); }
    a.set_fallback = fb;
    a.set_geometry = geom != NULL;
    a.d.geometry = geom && !json_is_null(geom) ? geom : NULL;
    a.now = gw_now_ms();
    a.actor = r->who.user_id;
    json_t *changed = json_array();
    if (name) json_array_append_new(changed, json_string("name"));
    if (jfb) json_array_append_new(changed, json_string("fallback_unit_id"));
    if (geom) json_array_append_new(changed, json_string("geometry"));
    a.detail = gw_admin_detail_of(json_pack("{s:o,s:o,s:o}", "changed", changed, "name", gw_json_str(name),
                                   "fallback_unit_id", jfb ? gw_json_id(a.d.fallback_unit_id) : json_null()));
    e = gw_store_write(r->store, op_division_update, &a);
    free(a.detail);
    json_decref(body);
    e = gw_admin_finish_write(r, e, a.msg, "division");
    if (e) return e;

    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_division_row d;
    json_t *o = NULL;
    e = gw_store_division_get(db, id, &d);
    if (!e) { e = division_json(db, &d, 1, &o); json_decref(d.geometry); }
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "updated the division but could not read it back");
    return gw_reply(r, 200, o);
}

gw_err api_grid_at(gw_req *r)
{
    static const char *const keys[] = { "lon", "lat", "coord", NULL };
    gw_point p;
    gw_err e = gw_req_only_query(r, keys);
    if (!e) e = gw_admin_query_point(r, &p);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    int64_t gid = 0;
    gw_division_row d;
    json_t *o = NULL;
    e = gw_store_grid_at(db, p, &gid);
    if (!e) e = gw_store_division_get(db, gid, &d);
    if (!e) { e = division_json(db, &d, 1, &o); json_decref(d.geometry); }
    gw_store_read_end(r->store, db);
    if (e == GW_E_NOT_FOUND) return gw_fail(r, e, "no grid contains this point");
    if (e) return gw_fail(r, e, "could not look up the grid");
    json_object_set_new(o, "point", gw_geojson_point(p)); /* the WGS-84 position looked up */
    return gw_reply(r, 200, o);
}
