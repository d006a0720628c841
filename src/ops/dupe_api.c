/* ops/dupe_api.c — see dupe_api.h. Staff see a candidate as in the ticket list (no reporter); the public
 * sees its tracking code, category, state, rough distance and how many have reported it. */
#include "ops/dupe_api.h"
#include "base/geo.h"
#include "base/str.h"
#include "core/fields.h"
#include "core/privacy.h"
#include "json/reply.h"
#include "ops/catalogue_store.h"
#include "ops/dupe_store.h"
#include "ops/dupe_svc.h"
#include "ops/ticket_svc.h"
#include "ops/ticket_view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *parts_json(const gw_dupe *d)
{
    return json_pack("{s:I,s:I,s:f,s:f}", "distance_m", (json_int_t)lround(d->distance_m), "age_ms",
                     (json_int_t)d->age_ms, "similarity", round(d->similarity * 1000) / 1000, "score",
                     round(d->score * 1000) / 1000);
}

/* A candidate for staff: the ticket's summary and the score's parts. */
static json_t *staff_item(gw_db *db, const gw_dupe *d, gw_ticket_row *row)
{
    if (gw_store_ticket_get(db, d->id, row)) return NULL;
    char ccode[16], cname[GW_NAME_BUF];
    gw_store_category_name(db, row->category_id, ccode, sizeof ccode, cname, sizeof cname);
    int64_t merged = 0;
    gw_store_dupe_merged_count(db, row->id, &merged);
    json_t *o = json_pack("{s:I,s:s,s:s,s:{s:I,s:s,s:s},s:s,s:o,s:o,s:I,s:{s:f,s:f}}", "id", (json_int_t)row->id,
                          "track_code", row->track_code, "state", gw_ticket_state_name(row->t.state), "category", "id",
                          (json_int_t)row->category_id, "code", ccode, "name", cname, "description", row->description,
                          "address", gw_json_str(row->address[0] ? row->address : NULL), "created_at",
                          gw_json_time(row->created_ms), "merged_count", (json_int_t)merged, "location", "lon",
                          row->lon, "lat", row->lat);
    if (o) json_object_update_new(o, parts_json(d));
    return o;
}

/* A candidate for the public: what its tracking page shows, less the tracking code itself. The code is
 * its reporter's key (it lets them rate the closed case): handing it to whoever asks about a place would
 * let anyone collect the codes of a district's open cases and rate them. A resident who reports the same
 * problem anyway follows the case through their own code once a dispatcher merges it. */
static json_t *public_item(gw_db *db, const gw_dupe *d, gw_ticket_row *row)
{
    if (gw_store_ticket_get(db, d->id, row)) return NULL;
    char ccode[16], cname[GW_NAME_BUF], desc[sizeof row->description];
    gw_store_category_name(db, row->category_id, ccode, sizeof ccode, cname, sizeof cname);
    gw_mask_numbers(row->description, desc, sizeof desc);
    int64_t merged = 0;
    gw_store_dupe_merged_count(db, row->id, &merged);
    return json_pack("{s:s,s:{s:s,s:s},s:s,s:o,s:I,s:I}", "state", gw_ticket_state_name(row->t.state), "category", "code",
                     ccode, "name", cname, "description", desc, "created_at", gw_json_time(row->created_ms),
                     "distance_m", (json_int_t)(lround(d->distance_m / 10) * 10), "reporters", (json_int_t)(merged + 1));
}

static gw_err reply_answer(gw_req *r, gw_db *db, const gw_dupe_answer *a, int public_view)
{
    gw_ticket_row *row = malloc(sizeof *row);
    json_t *items = json_array();
    for (size_t i = 0; row && items && i < a->n; i++) {
        json_t *it = public_view ? public_item(db, &a->items[i], row) : staff_item(db, &a->items[i], row);
        if (it) json_array_append_new(items, it);
    }
    free(row);
    json_t *o = json_pack("{s:i,s:i,s:o}", "radius_m", a->radius_m, "window_days", a->window_days, "items", items);
    return o ? gw_reply(r, 200, o) : GW_E_NOMEM;
}

static gw_err top_of(gw_req *r, json_int_t v, int *top)
{
    if (v < 0 || v > GW_DUPES_TOP_MAX) return gw_fail(r, GW_E_INVALID, "limit must be 1 to %d", GW_DUPES_TOP_MAX);
    *top = (int)v;
    return GW_OK;
}

gw_err api_ticket_duplicates(gw_req *r)
{
    static const char *const allowed[] = { "limit", NULL };
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such ticket");
    gw_err e = gw_req_only_query(r, allowed);
    if (e) return e;
    const char *l = gw_req_query(r, "limit");
    long long lim = l ? gw_parse_id(l) : 0;
    if (l && !lim) return gw_fail(r, GW_E_INVALID, "limit must be 1 to %d", GW_DUPES_TOP_MAX);
    int top = 0;
    if ((e = top_of(r, lim, &top))) return e;
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_dupe_answer *a = malloc(sizeof *a);
    e = a ? gw_dupes_for_ticket(db, &r->who, id, top, a, r->err_msg, sizeof r->err_msg) : GW_E_NOMEM;
    if (!e) e = reply_answer(r, db, a, 0);
    gw_store_read_end(r->store, db);
    free(a);
    return e;
}

static gw_err find_and_reply(gw_req *r, const gw_principal *who, const gw_dupe_ask *q)
{
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_dupe_answer *a = malloc(sizeof *a);
    gw_err e = a ? gw_dupes_find(db, who, q, a, r->err_msg, sizeof r->err_msg) : GW_E_NOMEM;
    if (!e) e = reply_answer(r, db, a, who == NULL);
    gw_store_read_end(r->store, db);
    free(a);
    return e;
}

gw_err api_draft_duplicates(gw_req *r)
{
    json_t *body, *loc = NULL;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    const char *code = NULL, *coord = NULL, *text = NULL;
    json_int_t cat = 0, lim = 0;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s?I,s?s,s:o,s?s,s?s,s?I}", "category_id", &cat,
                       "category_code", &code, "location", &loc, "coord", &coord, "description", &text, "limit", &lim);
    gw_report rep = { 0 };
    int top = 0;
    if (!e) e = api_read_location(r, loc, coord, &rep);
    if (!e) e = gw_json_check_text("description", text, 0, GW_DESC_MAX, r->err_msg, sizeof r->err_msg);
    if (!e) e = top_of(r, lim, &top);
    if (!e && (code || json_object_get(body, "category_id"))) e = api_category_of(r, code, &cat); /* none: every category */
    if (!e) {
        gw_dupe_ask q = { cat, rep.lon, rep.lat, text, 0, 0, top };
        e = find_and_reply(r, &r->who, &q);
    }
    json_decref(body);
    return e;
}

/* ?lon= or ?lat= within +-limit degrees: 0 when it is not (the caller fails with its message). */
static int coord_arg(gw_req *r, const char *key, double limit, double *out)
{
    const char *s = gw_req_query(r, key);
    char *end = NULL;
    double v = s && *s ? strtod(s, &end) : NAN;
    if (!s || !*s || *end || !(v >= -limit && v <= limit)) return 0;
    *out = v;
    return 1;
}

gw_err api_public_duplicates(gw_req *r)
{
    static const char *const allowed[] = { "category_code", "lon", "lat", "coord", "text", NULL };
    gw_err e = gw_req_only_query(r, allowed);
    if (e) return e;
    const char *code = gw_req_query(r, "category_code"), *coord = gw_req_query(r, "coord"),
               *text = gw_req_query(r, "text");
    double lon = 0, lat = 0;
    if (!coord_arg(r, "lon", 180, &lon)) return gw_fail(r, GW_E_INVALID, "lon must be a number from -180 to 180");
    if (!coord_arg(r, "lat", 90, &lat)) return gw_fail(r, GW_E_INVALID, "lat must be a number from -90 to 90");
    if (coord && strcmp(coord, "wgs84") && strcmp(coord, "gcj02"))
        return gw_fail(r, GW_E_INVALID, "coord must be wgs84 or gcj02");
    if ((e = gw_json_check_text("text", text, 0, GW_DESC_MAX, r->err_msg, sizeof r->err_msg))) return e;
    if (!code) return gw_fail(r, GW_E_INVALID, "category_code is required");
    json_int_t cat = 0;
    if ((e = api_category_of(r, code, &cat))) return e;
    gw_point p = { lon, lat };
    if (coord && !strcmp(coord, "gcj02")) p = gw_geo_gcj02_to_wgs84(p);
    gw_dupe_ask q = { cat, p.lon, p.lat, text, 0, 0, GW_DUPES_TOP_DEFAULT };
    return find_and_reply(r, NULL, &q);
}

static gw_err reply_ticket(gw_req *r, gw_err e, gw_ticket_row *row)
{
    json_t *o = NULL;
    if (!e) {
        gw_db *db = gw_store_read_begin(r->store);
        o = db ? gw_ticket_view(db, row, &r->who, 0) : NULL;
        gw_store_read_end(r->store, db);
    }
    free(row);
    if (e) return e;
    return o ? gw_reply(r, 200, o) : GW_E_NOMEM;
}

gw_err api_ticket_merge(gw_req *r)
{
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such ticket");
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t parent = 0, version = 0;
    const char *note = NULL;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:I,s?s,s?I}", "parent_id", &parent, "note", &note,
                       "version", &version);
    if (!e && parent <= 0) e = gw_fail(r, GW_E_INVALID, "parent_id must be a ticket id");
    if (!e && version < 0) e = gw_fail(r, GW_E_INVALID, "version must be positive");
    gw_ticket_row *row = e ? NULL : malloc(sizeof *row);
    if (!e) e = row ? gw_ticket_merge(r->store, &r->who, id, parent, note, version, row, r->err_msg, sizeof r->err_msg)
                    : GW_E_NOMEM;
    json_decref(body);
    return reply_ticket(r, e, row);
}

gw_err api_ticket_unmerge(gw_req *r)
{
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such ticket");
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t version = 0;
    const char *note = NULL;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:s,s?I}", "note", &note, "version", &version);
    if (!e && version < 0) e = gw_fail(r, GW_E_INVALID, "version must be positive");
    gw_ticket_row *row = e ? NULL : malloc(sizeof *row);
    if (!e) e = row ? gw_ticket_unmerge(r->store, &r->who, id, note, version, row, r->err_msg, sizeof r->err_msg)
                    : GW_E_NOMEM;
    json_decref(body);
    return reply_ticket(r, e, row);
}

gw_err api_category_duplicates(gw_req *r)
{
    int64_t id = gw_parse_id(r->params[0]);
    if (!id) return gw_fail(r, GW_E_NOT_FOUND, "no such %s", "category");
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t radius = 0, window = 0;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:I,s:I}", "radius_m", &radius, "window_days", &window);
    /* beyond int: one past the limit, so the service names the field */
    radius = radius < 0 ? -1 : radius > GW_DUPE_RADIUS_MAX ? GW_DUPE_RADIUS_MAX + 1 : radius;
    window = window < 0 ? -1 : window > GW_DUPE_WINDOW_MAX ? GW_DUPE_WINDOW_MAX + 1 : window;
    if (!e) e = gw_dupe_limits_update(r->store, &r->who, id, (int)radius, (int)window, r->err_msg, sizeof r->err_msg);
    json_decref(body);
    if (e) return e;
    return gw_reply(r, 200, json_pack("{s:I,s:I,s:I}", "id", (json_int_t)id, "radius_m", radius, "window_days", window));
}
