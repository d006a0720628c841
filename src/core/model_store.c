/* core/model_store.c — SQL for the administrative model: divisions and grids, units,
 * See model_store.h for the contracts.
 * Portable SQL only: ?N parameters, RETURNING for ids and for "did a row change". */
#include "core/model_store.h"
#include "base/str.h"
#include "json/geojson.h"
#include "json/reply.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS INT64_C(3600000)
#define MAX_HOURS 8760 /* one year: the largest SLA window a category or rule may set */

static const char SQL_UNIT_EXISTS[] = "SELECT 1 FROM units WHERE id = ?1";
static const char SQL_DIV_EXISTS[] = "SELECT 1 FROM divisions WHERE id = ?1";

gw_err gw_store_unit_exists(gw_db *db, int64_t id) { return gw_db_must_exist(db, SQL_UNIT_EXISTS, id); }
gw_err gw_store_division_exists(gw_db *db, int64_t id) { return gw_db_must_exist(db, SQL_DIV_EXISTS, id); }

/* ---- divisions ----------------------------------------------------------------------------- */

static const char *const div_levels[] = { "city", "district", "street", "community", "grid" };
#define N_DIV_LEVELS ((int)(sizeof div_levels / sizeof div_levels[0]))

static int div_level_index(const char *s)
{
    for (int i = 0; s && i < N_DIV_LEVELS; i++)
        if (strcmp(div_levels[i], s) == 0) return i;
    return -1;
}

/* Parse and measure a geometry. *text is a new compact JSON string (free()) or NULL when
 * geom is NULL or JSON null. */
static gw_err geometry_prepare(const json_t *geom, char **text, double bbox[4])
{
    *text = NULL;
    if (!geom || json_is_null(geom)) return GW_OK;
    gw_shape *sh = NULL;
    gw_err e = gw_geojson_parse(geom, &sh);
    if (e) return e;
    gw_shape_bbox(sh, &bbox[0], &bbox[1], &bbox[2], &bbox[3]);
    gw_shape_free(sh);
    *text = json_dumps(geom, JSON_COMPACT);
    return *text ? GW_OK : GW_E_NOMEM;
}

static void bind_geometry(gw_stmt *st, int first, const char *text, const double bbox[4])
{
    gw_bind_text(st, first, text);
    for (int i = 0; i < 4; i++) {
        if (text) gw_bind_double(st, first + 1 + i, bbox[i]);
        else gw_bind_null(st, first + 1 + i);
    }
}

gw_err gw_store_division_insert(gw_db *tx, gw_division_row *d, int64_t now_ms)
{
    static const char sql_parent[] = "SELECT level, path FROM divisions WHERE id = ?1";
    static const char sql_ins[] =
        "INSERT INTO divisions(parent_id, level, code, name, path, fallback_unit_id, geometry,"
        " min_lon, min_lat, max_lon, max_lat, created_ms)"
        " VALUES (?1, ?2, ?3, ?4, '/', ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id";
    static const char sql_path[] = "UPDATE divisions SET path = ?2 WHERE id = ?1";

    int lv = div_level_index(d->level);
    if (lv < 0 || !d->code[0] || !d->name[0] || d->parent_id < 0 || d->fallback_unit_id < 0)
        return GW_E_INVALID;

    char parent_path[sizeof d->path] = "/";
    if (d->parent_id == 0) {
        if (lv != 0) return GW_E_INVALID; /* only a city stands at the root */
    } else {
        if (lv == 0) return GW_E_INVALID; /* a city has no parent */
        gw_stmt *st = gw_db_prep(tx, sql_parent);
        if (!st) return GW_E_INTERNAL;
        gw_bind_int(st, 1, d->parent_id);
        gw_err e = gw_step_row(st);
        if (e) return e == GW_E_NOT_FOUND ? GW_E_INVALID : e;
        int plv = div_level_index(gw_col_text(st, 0));
        gw_copy(parent_path, sizeof parent_path, gw_col_text(st, 1));
        gw_stmt_reset(st);
        if (plv != lv - 1) return GW_E_INVALID; /* e.g. a grid directly under a street */
    }
    /* The new path is the parent's plus up to 20 digits and '/': check it fits first. */
    if (strlen(parent_path) + 22 > sizeof d->path) return GW_E_INVALID;
    if (d->fallback_unit_id) {
        gw_err e = gw_db_must_exist(tx, SQL_UNIT_EXISTS, d->fallback_unit_id);
        if (e) return e;
    }

    char *gtext = NULL;
    double bbox[4] = { 0, 0, 0, 0 };
    gw_err e = geometry_prepare(d->geometry, &gtext, bbox);
    if (e) return e;

    gw_stmt *st = gw_db_prep(tx, sql_ins);
    if (!st) { free(gtext); return GW_E_INTERNAL; }
    gw_bind_id(st, 1, d->parent_id);
    gw_bind_text(st, 2, div_levels[lv]);
    gw_bind_text(st, 3, d->code);
    gw_bind_text(st, 4, d->name);
    gw_bind_id(st, 5, d->fallback_unit_id);
    bind_geometry(st, 6, gtext, bbox);
    gw_bind_int(st, 11, now_ms);
    free(gtext);
    e = gw_step_row(st);
    if (e) return e == GW_E_NOT_FOUND ? GW_E_INTERNAL : e;
    int64_t id = gw_col_int(st, 0);
    gw_stmt_reset(st);

    char path[sizeof d->path + 24];
    int w = snprintf(path, sizeof path, "%s%lld/", parent_path, (long long)id);
    if (w < 0 || (size_t)w >= sizeof d->path) return GW_E_INVALID; /* checked above; kept for safety */
    st = gw_db_prep(tx, sql_path);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_text(st, 2, path);
    if ((e = gw_step_done(st))) return e;
    d->id = id;
    memcpy(d->path, path, (size_t)w + 1);
    return GW_OK;
}

gw_err gw_store_division_update(gw_db *tx, const gw_division_row *d)
{
    static const char sql[] =
        "UPDATE divisions SET name = ?2, fallback_unit_id = ?3, geometry = ?4,"
        " min_lon = ?5, min_lat = ?6, max_lon = ?7, max_lat = ?8 WHERE id = ?1 RETURNING id";
    if (d->id <= 0) return GW_E_NOT_FOUND;
    if (!d->name[0] || d->fallback_unit_id < 0) return GW_E_INVALID;
    if (d->fallback_unit_id) {
        gw_err e = gw_db_must_exist(tx, SQL_UNIT_EXISTS, d->fallback_unit_id);
        if (e) return e;
    }
    char *gtext = NULL;
    double bbox[4] = { 0, 0, 0, 0 };
    gw_err e = geometry_prepare(d->geometry, &gtext, bbox);
    if (e) return e;
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) { free(gtext); return GW_E_INTERNAL; }
    gw_bind_int(st, 1, d->id);
    gw_bind_text(st, 2, d->name);
    gw_bind_id(st, 3, d->fallback_unit_id);
    bind_geometry(st, 4, gtext, bbox);
    free(gtext);
    return gw_step_touched(st);
}

static const char SQL_DIV_GET[] =
    "SELECT id, parent_id, level, code, name, path, fallback_unit_id, geometry FROM divisions WHERE id = ?1";

gw_err gw_store_division_get(gw_db *db, int64_t id, gw_division_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_DIV_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    memset(out, 0, sizeof *out);
    out->id = gw_col_int(st, 0);
    out->parent_id = gw_col_int(st, 1);
    gw_copy(out->level, sizeof out->level, gw_col_text(st, 2));
    gw_copy(out->code, sizeof out->code, gw_col_text(st, 3));
    gw_copy(out->name, sizeof out->name, gw_col_text(st, 4));
    gw_copy(out->path, sizeof out->path, gw_col_text(st, 5));
    out->fallback_unit_id = gw_col_int(st, 6);
    const char *g = gw_col_text(st, 7);
    if (g) {
        out->geometry = json_loads(g, 0, NULL);
        if (!out->geometry) e = GW_E_NOMEM; /* stored text was validated JSON */
    }
    gw_stmt_reset(st);
    return e;
}

/* A division path: '/' or '/<digits>/.../'. */
static int path_ok(const char *p)
{
    size_t n = p ? strlen(p) : 0;
    if (n == 0 || n >= sizeof ((gw_division_row *)0)->path || p[0] != '/' || p[n - 1] != '/') return 0;
    for (size_t i = 1; i < n; i++) {
        if (p[i] == '/') { if (p[i - 1] == '/') return 0; }
        else if (p[i] < '0' || p[i] > '9') return 0;
    }
    return 1;
}

void gw_division_items_free(gw_division_item *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++) json_decref(items[i].d.geometry);
    free(items);
}

/* One listed division from the statement's row into *x. */
static gw_err read_division_item(gw_stmt *st, int with_geom, gw_division_item *x)
{
    memset(x, 0, sizeof *x);
    x->d.id = gw_col_int(st, 0);
    x->d.parent_id = gw_col_int(st, 1);
    gw_copy(x->d.level, sizeof x->d.level, gw_col_text(st, 2));
    gw_copy(x->d.code, sizeof x->d.code, gw_col_text(st, 3));
    gw_copy(x->d.name, sizeof x->d.name, gw_col_text(st, 4));
    gw_copy(x->d.path, sizeof x->d.path, gw_col_text(st, 5));
    x->d.fallback_unit_id = gw_col_int(st, 6);
    gw_copy(x->fallback_unit_name, sizeof x->fallback_unit_name, gw_col_text(st, 7));
    const char *g = gw_col_text(st, 8);
    x->has_geometry = g != NULL;
    for (int k = 0; g && k < 4; k++) x->bbox[k] = gw_col_double(st, 9 + k);
    if (g && with_geom && !(x->d.geometry = json_loads(g, 0, NULL))) return GW_E_NOMEM;
    return GW_OK;
}

gw_err gw_store_division_list(gw_db *db, const char *path, int with_geom, gw_division_item **out, size_t *n)
{
    static const char sql[] =
        "SELECT d.id, d.parent_id, d.level, d.code, d.name, d.path, d.fallback_unit_id, u.name,"
        " d.geometry, d.min_lon, d.min_lat, d.max_lon, d.max_lat"
        " FROM divisions d LEFT JOIN units u ON u.id = d.fallback_unit_id"
        " WHERE d.path LIKE ?1 ORDER BY d.id";
    *out = NULL;
    *n = 0;
    if (!path_ok(path)) return GW_E_INVALID;
    char like[sizeof ((gw_division_row *)0)->path + 2];
    snprintf(like, sizeof like, "%s%%", path); /* digits and '/' only: no LIKE wildcards inside */
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, like);
    size_t cap = 0;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == cap) {
            size_t c = cap ? cap * 2 : 64;
            gw_division_item *v = realloc(*out, c * sizeof *v);
            if (!v) { gw_stmt_reset(st); return GW_E_NOMEM; }
            *out = v;
            cap = c;
        }
        gw_err e = read_division_item(st, with_geom, &(*out)[(*n)++]);
        if (e) { gw_stmt_reset(st); return e; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_division_chain(gw_db *db, int64_t id, int64_t *chain, size_t max, size_t *n)
{
    static const char sql[] = "SELECT path FROM divisions WHERE id = ?1";
    *n = 0;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    char path[sizeof ((gw_division_row *)0)->path];
    gw_copy(path, sizeof path, gw_col_text(st, 0));
    gw_stmt_reset(st);

    /* '/1/4/9/' lists the root first; the chain wants the division itself first. */
    int64_t ids[sizeof path / 2];
    size_t k = 0;
    for (char *p = path; *p;) {
        if (*p == '/') { p++; continue; }
        errno = 0;
        char *end;
        long long v = strtoll(p, &end, 10);
        if (end == p || errno || v <= 0 || (*end != '/' && *end)) return GW_E_INTERNAL; /* corrupt path */
        ids[k++] = v;
        p = end;
    }
    if (k == 0 || ids[k - 1] != id) return GW_E_INTERNAL;
    if (k > max) return GW_E_INVALID; /* caller's buffer too small (GW_DIV_MAX_DEPTH is enough) */
    for (size_t i = 0; i < k; i++) chain[i] = ids[k - 1 - i];
    *n = k;
    return GW_OK;
}

gw_err gw_store_grid_at(gw_db *db, gw_point p, int64_t *grid_id)
{
    static const char sql[] =
        "SELECT id, geometry FROM divisions WHERE level = 'grid' AND geometry IS NOT NULL"
        " AND min_lon <= ?1 AND max_lon >= ?1 AND min_lat <= ?2 AND max_lat >= ?2 ORDER BY id";
    if (!gw_geo_valid(p.lon, p.lat)) return GW_E_INVALID;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_double(st, 1, p.lon);
    gw_bind_double(st, 2, p.lat);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        json_t *g = json_loads(gw_col_text(st, 1), 0, NULL);
        gw_shape *sh = NULL;
        gw_err e = g ? gw_geojson_parse(g, &sh) : GW_E_NOMEM;
        json_decref(g);
        if (e == GW_E_NOMEM) { gw_stmt_reset(st); return e; }
        int inside = sh && gw_shape_contains(sh, p);
        gw_shape_free(sh);
        if (inside) { /* the lowest id wins on a shared edge */
            *grid_id = gw_col_int(st, 0);
            gw_stmt_reset(st);
            return GW_OK;
        }
    }
    return rc < 0 ? (gw_err)-rc : GW_E_NOT_FOUND;
}

gw_err gw_store_fallback_unit(gw_db *db, int64_t division_id, int64_t *unit_id)
{
    /* A disabled unit is skipped: nobody would ever work a ticket sent there. */
    static const char sql[] =
        "SELECT u.id FROM divisions d JOIN units u ON u.id = d.fallback_unit_id"
        " WHERE d.id = ?1 AND u.enabled = 1";
    int64_t chain[GW_DIV_MAX_DEPTH];
    size_t n = 0;
    *unit_id = 0;
    gw_err e = gw_store_division_chain(db, division_id, chain, GW_DIV_MAX_DEPTH, &n);
    if (e) return e;
    for (size_t i = 0; i < n; i++) {
        gw_stmt *st = gw_db_prep(db, sql);
        if (!st) return GW_E_INTERNAL;
        gw_bind_int(st, 1, chain[i]);
        e = gw_step_row(st);
        if (e == GW_E_NOT_FOUND) continue;
        if (e) return e;
        *unit_id = gw_col_int(st, 0);
        gw_stmt_reset(st);
        return GW_OK;
    }
    return GW_OK;
}

/* ---- units --------------------------------------------------------------------------------- */

static int unit_level_ok(const char *s)
{
    int i = div_level_index(s);
    return i >= 0 && i <= 3; /* no grid-level units */
}

static gw_err unit_check(gw_db *tx, const gw_unit_row *u)
{
    if (!u->name[0] || !unit_level_ok(u->level) || u->division_id < 0) return GW_E_INVALID;
    if (u->division_id) return gw_db_must_exist(tx, SQL_DIV_EXISTS, u->division_id);
    return GW_OK;
}

gw_err gw_store_unit_insert(gw_db *tx, gw_unit_row *u, int64_t now_ms)
{
    static const char sql[] =
        "INSERT INTO units(code, name, level, division_id, phone, enabled, created_ms)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id";
    if (!u->code[0]) return GW_E_INVALID;
    gw_err e = unit_check(tx, u);
    if (e) return e;
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, u->code);
    gw_bind_text(st, 2, u->name);
    gw_bind_text(st, 3, u->level);
    gw_bind_id(st, 4, u->division_id);
    gw_bind_text(st, 5, u->phone[0] ? u->phone : NULL);
    gw_bind_int(st, 6, u->enabled ? 1 : 0);
    gw_bind_int(st, 7, now_ms);
    if ((e = gw_step_row(st))) return e == GW_E_NOT_FOUND ? GW_E_INTERNAL : e;
    u->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_unit_update(gw_db *tx, const gw_unit_row *u)
{
    /* The code is the unit's fixed identifier; everything else may change. */
    static const char sql[] =
        "UPDATE units SET name = ?2, level = ?3, division_id = ?4, phone = ?5, enabled = ?6"
        " WHERE id = ?1 RETURNING id";
    if (u->id <= 0) return GW_E_NOT_FOUND;
    gw_err e = unit_check(tx, u);
    if (e) return e;
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, u->id);
    gw_bind_text(st, 2, u->name);
    gw_bind_text(st, 3, u->level);
    gw_bind_id(st, 4, u->division_id);
    gw_bind_text(st, 5, u->phone[0] ? u->phone : NULL);
    gw_bind_int(st, 6, u->enabled ? 1 : 0);
    return gw_step_touched(st);
}

gw_err gw_store_unit_get(gw_db *db, int64_t id, gw_unit_row *out)
{
    static const char sql[] = "SELECT id, code, name, level, division_id, phone, enabled FROM units WHERE id = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    memset(out, 0, sizeof *out);
    out->id = gw_col_int(st, 0);
    gw_copy(out->code, sizeof out->code, gw_col_text(st, 1));
    gw_copy(out->name, sizeof out->name, gw_col_text(st, 2));
    gw_copy(out->level, sizeof out->level, gw_col_text(st, 3));
    out->division_id = gw_col_int(st, 4);
    gw_copy(out->phone, sizeof out->phone, gw_col_text(st, 5));
    out->enabled = (int)gw_col_int(st, 6);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_unit_list(gw_db *db, gw_unit_item **out, size_t *n)
{
    static const char sql[] =
        "SELECT u.id, u.code, u.name, u.level, u.division_id, d.name, u.phone, u.enabled"
        " FROM units u LEFT JOIN divisions d ON d.id = u.division_id ORDER BY u.id";
    *out = NULL;
    *n = 0;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    size_t cap = 0;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == cap) {
            size_t c = cap ? cap * 2 : 32;
            gw_unit_item *v = realloc(*out, c * sizeof *v);
            if (!v) { gw_stmt_reset(st); return GW_E_NOMEM; }
            *out = v;
            cap = c;
        }
        gw_unit_item *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        x->u.id = gw_col_int(st, 0);
        gw_copy(x->u.code, sizeof x->u.code, gw_col_text(st, 1));
        gw_copy(x->u.name, sizeof x->u.name, gw_col_text(st, 2));
        gw_copy(x->u.level, sizeof x->u.level, gw_col_text(st, 3));
        x->u.division_id = gw_col_int(st, 4);
        gw_copy(x->division_name, sizeof x->division_name, gw_col_text(st, 5));
        gw_copy(x->u.phone, sizeof x->u.phone, gw_col_text(st, 6));
        x->u.enabled = (int)gw_col_int(st, 7);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_grid_centers(gw_db *db, const char *path, int64_t *ids, gw_point *c, size_t max, size_t *n)
{
    static const char sql[] =
        "SELECT id, (min_lon + max_lon) / 2, (min_lat + max_lat) / 2 FROM divisions"
        " WHERE level = 'grid' AND min_lon IS NOT NULL AND substr(path, 1, length(CAST(?1 AS TEXT))) = ?1 ORDER BY id";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, path);
    int rc;
    *n = 0;
    while ((rc = gw_step(st)) == 1) {
        if (*n == max) { gw_stmt_reset(st); return GW_E_TOO_LARGE; }
        ids[*n] = gw_col_int(st, 0);
        c[*n] = (gw_point){ gw_col_double(st, 1), gw_col_double(st, 2) };
        (*n)++;
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
