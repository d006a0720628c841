/* ops/place_api.c — the address gazetteer over HTTP: search for staff, writes and imports for the
 * administrator (see place_svc.h for the rules). */
#include "ops/place_api.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/sheet.h"
#include "json/geojson.h"
#include "json/reply.h"
#include "ops/place_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROAD_POINTS_MAX 50000 /* houses drawn into the base map at most */
#define ROAD_LINE_MAX 64      /* vertices of one drawn road */

static json_t *place_json(const gw_place_row *p)
{
    json_t *aliases = json_array();
    for (const char *a = p->aliases; *a;) {
        size_t len = strcspn(a, "|");
        json_array_append_new(aliases, json_stringn(a, len));
        a += len + (a[len] ? 1 : 0);
    }
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:{s:f,s:f},s:o,s:o}", "id", (json_int_t)p->id, "kind", p->kind,
                     "name", p->name, "road", p->road, "number", p->number, "aliases", aliases, "point", "lon",
                     p->lon, "lat", p->lat, "grid_id", gw_json_id(p->division_id), "grid_name",
                     p->division_name[0] ? json_string(p->division_name) : json_null());
}

gw_err api_place_search(gw_req *r)
{
    static const char *const allowed[] = { "q", "limit", NULL };
    gw_err e = gw_req_only_query(r, allowed);
    if (e) return e;
    const char *q = gw_req_query(r, "q"), *sl = gw_req_query(r, "limit");
    char msg[200];
    if (!q || !*q) return gw_fail(r, GW_E_INVALID, "q is required");
    if ((e = gw_json_check_text("q", q, 1, GW_PLACE_QUERY_MAX, msg, sizeof msg))) return gw_fail(r, e, "%s", msg);
    long long limit = 10;
    if (sl && (!(limit = gw_parse_id(sl)) || limit > GW_PLACE_LIMIT_MAX))
        return gw_fail(r, GW_E_INVALID, "limit must be an integer in 1..%d", GW_PLACE_LIMIT_MAX);
    gw_place_hit *hits = calloc((size_t)limit, sizeof *hits);
    if (!hits) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(hits); return GW_E_IO; }
    size_t n = 0;
    e = gw_place_search(db, q, hits, (size_t)limit, &n);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) {
        json_t *o = place_json(&hits[i].row);
        json_object_set_new(o, "score", json_real((double)(int)(hits[i].score * 1000 + 0.5) / 1000.0));
        json_array_append_new(arr, o);
    }
    free(hits);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not search places"); }
    return gw_admin_reply_items(r, arr);
}

gw_err api_place_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "place", &id);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_place_row *p = malloc(sizeof *p);
    e = p ? gw_store_place_get(db, id, p) : GW_E_NOMEM;
    gw_store_read_end(r->store, db);
    if (e) { free(p); return gw_fail(r, e, e == GW_E_NOT_FOUND ? "no such place" : "could not read the place"); }
    json_t *o = place_json(p);
    free(p);
    return gw_reply(r, 200, o);
}

/* ---- roads for the offline base map ---------------------------------------------------------- */

typedef struct {
    json_t *features, *coords;
    char road[sizeof ((gw_place_row *)0)->road];
    gw_point pts[ROAD_POINTS_MAX > 4096 ? 4096 : ROAD_POINTS_MAX];
    size_t n;
} road_acc;

/* End the current road: a line through at most ROAD_LINE_MAX of its houses, evenly picked. */
static void road_flush(road_acc *a)
{
    if (a->n >= 2) {
        json_t *coords = json_array();
        size_t step = (a->n + ROAD_LINE_MAX - 1) / ROAD_LINE_MAX;
        for (size_t i = 0; i < a->n; i += step) json_array_append_new(coords, json_pack("[f,f]", a->pts[i].lon, a->pts[i].lat));
        if ((a->n - 1) % step) json_array_append_new(coords, json_pack("[f,f]", a->pts[a->n - 1].lon, a->pts[a->n - 1].lat));
        json_array_append_new(a->features,
                              json_pack("{s:s,s:{s:s},s:{s:s,s:o}}", "type", "Feature", "properties", "name", a->road,
                                        "geometry", "type", "LineString", "coordinates", coords));
    }
    a->n = 0;
}

static void road_point(void *cls, const char *road, double lon, double lat)
{
    road_acc *a = cls;
    if (strcmp(road, a->road)) {
        road_flush(a);
        gw_copy(a->road, sizeof a->road, road);
    }
    if (a->n < sizeof a->pts / sizeof a->pts[0]) a->pts[a->n++] = (gw_point){ lon, lat };
}

gw_err api_place_roads(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    road_acc *a = calloc(1, sizeof *a);
    if (!a) return gw_fail(r, GW_E_NOMEM, "out of memory");
    a->features = json_array();
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { json_decref(a->features); free(a); return GW_E_IO; }
    e = gw_store_place_road_points(db, ROAD_POINTS_MAX, road_point, a);
    gw_store_read_end(r->store, db);
    road_flush(a);
    json_t *fc = json_pack("{s:s,s:o}", "type", "FeatureCollection", "features", a->features);
    free(a);
    if (e) { json_decref(fc); return gw_fail(r, e, "could not read the roads"); }
    return gw_reply(r, 200, fc);
}

/* ---- the administrator's writes -------------------------------------------------------------- */

/* Fill in from a decoded body; lon/lat must come together. Fails the request on a bad value. */
static gw_err place_in_of(gw_req *r, json_t *jalias, json_t *jlon, json_t *jlat, gw_place_in *in)
{
    if (!jlon != !jlat) return gw_fail(r, GW_E_INVALID, "lon and lat go together");
    if (jlon) {
        if (!json_is_number(jlon) || !json_is_number(jlat) ||
            !gw_geo_valid(json_number_value(jlon), json_number_value(jlat)))
            return gw_fail(r, GW_E_INVALID, "lon must be a number in -180..180 and lat in -90..90");
        in->has_point = 1;
        in->lon = json_number_value(jlon);
        in->lat = json_number_value(jlat);
    }
    if (!jalias) return GW_OK;
    if (!json_is_array(jalias) || json_array_size(jalias) > GW_PLACE_ALIAS_MAX)
        return gw_fail(r, GW_E_INVALID, "aliases must be an array of at most %d strings", GW_PLACE_ALIAS_MAX);
    in->set_aliases = 1;
    for (size_t i = 0; i < json_array_size(jalias); i++) {
        json_t *v = json_array_get(jalias, i);
        if (!json_is_string(v)) return gw_fail(r, GW_E_INVALID, "aliases must be strings");
        in->aliases[in->n_aliases++] = json_string_value(v);
    }
    return GW_OK;
}

/* Run a create (id 0) or an update from the body; answer with the stored place. */
static gw_err place_write(gw_req *r, int64_t id)
{
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    gw_place_in in;
    memset(&in, 0, sizeof in);
    json_t *jalias = NULL, *jlon = NULL, *jlat = NULL;
    if (id)
        GW_ADMIN_UNPACK(r, body, "{s?:s, s?:s, s?:s, s?:s, s?:o, s?:o, s?:o}", "kind", &in.kind, "name", &in.name,
                        "road", &in.road, "number", &in.number, "aliases", &jalias, "lon", &jlon, "lat", &jlat);
    else
        GW_ADMIN_UNPACK(r, body, "{s:s, s?:s, s?:s, s?:s, s?:o, s:o, s:o}", "kind", &in.kind, "name", &in.name,
                        "road", &in.road, "number", &in.number, "aliases", &jalias, "lon", &jlon, "lat", &jlat);
    if ((e = place_in_of(r, jalias, jlon, jlat, &in))) { json_decref(body); return e; }
    if (id && !in.kind && !in.name && !in.road && !in.number && !jalias && !jlon) {
        json_decref(body);
        return gw_fail(r, GW_E_INVALID, "nothing to change");
    }
    gw_place_row *p = malloc(sizeof *p);
    char msg[200] = "";
    e = !p ? GW_E_NOMEM
           : id ? gw_place_update(r->store, &r->who, id, &in, p, msg, sizeof msg)
                : gw_place_create(r->store, &r->who, &in, p, msg, sizeof msg);
    json_decref(body);
    if ((e = gw_admin_finish_write(r, e, msg, "place"))) { free(p); return e; }
    json_t *o = place_json(p);
    free(p);
    return gw_reply(r, id ? 200 : 201, o);
}

gw_err api_place_create(gw_req *r)
{
    gw_err e = gw_admin_require_admin(r);
    if (!e) e = gw_req_only_query(r, NULL);
    return e ? e : place_write(r, 0);
}

gw_err api_place_update(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_admin_require_admin(r);
    if (!e) e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "place", &id);
    return e ? e : place_write(r, id);
}

gw_err api_place_delete(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_admin_require_admin(r);
    if (!e) e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "place", &id);
    if (e) return e;
    e = gw_place_delete(r->store, &r->who, id);
    if ((e = gw_admin_finish_write(r, e, NULL, "place"))) return e;
    return gw_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "deleted", 1));
}

/* The error body with the rows that failed: {"error":{"code","message"},"rows":[{row,column,message}]},
 * every message in the caller's language. */
static gw_err fail_rows(gw_req *r, gw_err e, const char *msg, json_t *rows)
{
    char zh[512];
    if (r->lang == GW_LANG_ZH && msg && *msg) {
        gw_msg_translate(msg, zh, sizeof zh);
        msg = zh;
    }
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        const char *m = json_string_value(json_object_get(row, "message"));
        if (r->lang == GW_LANG_ZH && m && gw_msg_translate(m, zh, sizeof zh))
            json_object_set_new(row, "message", json_string(zh));
    }
    json_t *body = gw_json_error(e, msg);
    json_object_set_new(body, "rows", rows ? rows : json_array());
    int status = e == GW_E_CONFLICT ? 409 : e == GW_E_TOO_LARGE ? 413 : 400;
    return gw_reply(r, status, body);
}

gw_err api_place_import(gw_req *r)
{
    static const char *const allowed[] = { "coord", NULL };
    gw_err e = gw_admin_require_admin(r);
    if (!e) e = gw_req_only_query(r, allowed);
    if (e) return e;
    const char *coord = gw_req_query(r, "coord");
    if (coord && strcmp(coord, "wgs84") && strcmp(coord, "gcj02"))
        return gw_fail(r, GW_E_INVALID, "coord must be wgs84 or gcj02");
    char msg[200] = "";
    gw_sheet *sheet = NULL;
    if ((e = gw_sheet_read(r->body ? r->body : "", r->body_len, NULL, &sheet, msg, sizeof msg)))
        return gw_fail(r, e, "%s", msg);
    size_t imported = 0;
    json_t *rows = NULL;
    e = gw_place_import(r->store, &r->who, sheet, coord && !strcmp(coord, "gcj02"), &imported, &rows, msg, sizeof msg);
    gw_sheet_free(sheet);
    if (e == GW_E_INVALID || e == GW_E_CONFLICT || e == GW_E_TOO_LARGE) return fail_rows(r, e, msg, rows);
    json_decref(rows);
    if ((e = gw_admin_finish_write(r, e, msg, "places"))) return e;
    return gw_reply(r, 201, json_pack("{s:I}", "imported", (json_int_t)imported));
}
