/* ops/track_api.c — the public side: a resident reports, follows a ticket by its tracking
 * code and rates it. No login; rate limited by the router; never shows reporter data. */
#include "core/api.h"
#include "json/reply.h"
#include "ops/review_api.h"
#include "ops/ticket_svc.h"
#include "core/model_store.h"
#include "core/privacy.h"
#include "ops/catalogue_store.h"
#include "ops/track.h"
#include "core/attachment.h"
#include "core/attachment_svc.h"
#include "ops/ticket_view.h"
#include "ops/dupe_store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What staff wrote for the public, with long numbers masked (core/privacy.h: the rule Open311 uses). */
static void mask_replies(json_t *timeline)
{
    size_t i;
    json_t *x;
    json_array_foreach(timeline, i, x) {
        const char *reply = json_string_value(json_object_get(x, "public_reply"));
        if (!reply) continue;
        size_t n = strlen(reply) + 1;
        char *m = malloc(n);
        if (m) gw_mask_numbers(reply, m, n);
        json_object_set_new(x, "public_reply", m ? json_string(m) : json_null());
        free(m);
    }
}

/* What a resident sees of the photos: the after-repair ones (stage feedback), under the tracking code. */
typedef struct { json_t *arr; const char *code; const char *sha; int found; } track_photos;

static int add_public_photo(void *cls, const gw_photo_row *p)
{
    track_photos *t = cls;
    if (strcmp(p->stage, "feedback")) return 1;
    if (t->sha) { t->found |= !strcmp(p->sha256, t->sha); return 1; }
    return json_array_append_new(t->arr, json_pack("{s:s,s:s,s:o,s:s+++}", "stage", p->stage, "mime", p->mime,
        "created_at", gw_json_time(p->created_ms), "url", "/api/v1/track/", t->code, "/photos/", p->sha256)) == 0;
}

gw_err api_track_photo(gw_req *r)
{
    char code[GW_TRACK_MAX + 1];
    const char *sha = r->params[1];
    if (!gw_track_code_norm(r->params[0], code, sizeof code) || !gw_sha256_hex_ok(sha))
        return gw_fail(r, GW_E_NOT_FOUND, "no such photo");
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_ticket_row *t = malloc(sizeof *t);
    track_photos tp = { NULL, code, sha, 0 };
    gw_err e = t ? gw_store_ticket_by_code(db, code, t) : GW_E_NOMEM;
    if (!e) e = gw_store_ticket_photo_each(db, t->id, add_public_photo, &tp);
    gw_store_read_end(r->store, db);
    free(t);
    if (e == GW_E_NOT_FOUND || (!e && !tp.found)) return gw_fail(r, GW_E_NOT_FOUND, "no such photo");
    if (e) return e;
    char *data = NULL;
    size_t n = 0;
    if ((e = gw_attachment_read(r->cfg->data_dir, sha, &data, &n)))
        return e == GW_E_NOT_FOUND ? gw_fail(r, e, "no such photo") : e;
    const char *type = gw_image_type((const unsigned char *)data, n);
    gw_req_add_header(r, "Cache-Control", "public, max-age=86400, immutable");
    return gw_reply_raw(r, 200, type ? type : "application/octet-stream", data, n);
}

/* 重复件 on the tracking page: a merged report points to the one it joined (whose progress its reporter
 * follows); every report says how many people reported the same problem. */
static void track_merge(gw_db *db, const gw_ticket_row *t, json_t *o)
{
    char code[24], state[16];
    int64_t n = 0;
    if (t->t.state == GW_T_MERGED && t->parent_id &&
        gw_store_dupe_code_state(db, t->parent_id, code, sizeof code, state, sizeof state) == GW_OK)
        json_object_set_new(o, "merged_into", json_pack("{s:s,s:s,s:s+}", "track_code", code, "state", state,
                                                        "track_url", "/api/v1/track/", code));
    gw_store_dupe_merged_count(db, t->id, &n);
    json_object_set_new(o, "reporters", json_integer(n + 1));
}

gw_err api_track_get(gw_req *r)
{
    char code[GW_TRACK_MAX + 1];
    if (!gw_track_code_norm(r->params[0], code, sizeof code)) return gw_fail(r, GW_E_NOT_FOUND, "no such tracking code");
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_ticket_row *t = malloc(sizeof *t);
    json_t *timeline = NULL, *cc = NULL;
    gw_err e = t ? gw_store_ticket_by_code(db, code, t) : GW_E_NOMEM;
    if (e == GW_E_NOT_FOUND) gw_fail(r, e, "no such tracking code");
    if (!e) e = gw_ticket_timeline_json(db, t->id, 1, &timeline);
    if (!e) e = gw_ticket_cc_json(db, t->id, &cc);
    json_t *o = NULL;
    if (!e) {
        char ccode[16], cname[GW_NAME_BUF], uname[GW_NAME_BUF], addr[sizeof t->address];
        gw_store_category_name(db, t->category_id, ccode, sizeof ccode, cname, sizeof cname);
        gw_store_unit_name(db, t->t.unit_id, uname, sizeof uname);
        gw_mask_address(t->address, addr, sizeof addr);
        mask_replies(timeline);
        json_t *ccnames = json_array(), *v;
        size_t i;
        json_array_foreach(cc, i, v) json_array_append(ccnames, json_object_get(v, "name"));
        o = json_pack("{s:s,s:s,s:{s:s,s:s},s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:o}",
            "track_code", t->track_code, "state", gw_ticket_state_name(t->t.state),
            "category", "code", ccode, "name", cname,
            "address", gw_json_str(addr[0] ? addr : NULL),
            "unit_name", gw_json_str(uname[0] ? uname : NULL), "cc_unit_names", ccnames,
            "created_at", gw_json_time(t->created_ms), "closed_at", gw_json_time(t->t.closed_at_ms),
            "rating", t->t.rating ? json_integer(t->t.rating) : json_null(),
            "can_rate", t->t.state == GW_T_CLOSED && !t->t.rating, "timeline", timeline);
        timeline = NULL;
        track_photos tp = { json_array(), t->track_code, NULL, 0 };
        if (o && tp.arr && gw_store_ticket_photo_each(db, t->id, add_public_photo, &tp) == GW_OK)
            json_object_set(o, "photos", tp.arr);
        json_decref(tp.arr);
        if (o) track_merge(db, t, o);
        if (o && t->has_location) /* about 100 m: enough to recognise the place, not the door */
            json_object_set_new(o, "location", json_pack("{s:f,s:f}", "lon", round(t->lon * 1000) / 1000,
                                                         "lat", round(t->lat * 1000) / 1000));
    }
    json_decref(timeline);
    json_decref(cc);
    gw_store_read_end(r->store, db);
    free(t);
    if (e) return e;
    return gw_reply(r, 200, o);
}

gw_err api_track_rate(gw_req *r)
{
    char code[GW_TRACK_MAX + 1];
    if (!gw_track_code_norm(r->params[0], code, sizeof code)) return gw_fail(r, GW_E_NOT_FOUND, "no such tracking code");
    json_t *body;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t rating = 0;
    const char *comment = NULL;
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s:I,s?s}", "rating", &rating, "comment", &comment);
    if (!e && (rating < 1 || rating > 5)) e = gw_fail(r, GW_E_INVALID, "rating must be 1 to 5");
    if (!e) e = gw_ticket_rate(r->store, code, (int)rating, comment, r->err_msg, sizeof r->err_msg);
    json_decref(body);
    if (e) return e;
    return gw_reply(r, 200, json_pack("{s:s,s:I}", "track_code", code, "rating", rating));
}

gw_err api_public_report(gw_req *r)
{
    json_t *body, *loc = NULL, *photos = NULL;
    gw_err e = gw_req_json(r, &body);
    if (e) return e;
    gw_report rep = { .source = "resident" };
    const char *coord = NULL, *cat_code = NULL;
    json_int_t cat = -1; /* absent */
    e = gw_json_unpack(body, r->err_msg, sizeof r->err_msg, "{s?I,s?s,s:s,s?o,s?s,s?s,s?s,s?s,s?o,s?s}",
                       "category_id", &cat, "category_code", &cat_code, "description", &rep.description,
                       "location", &loc, "coord", &coord, "address", &rep.address,
                       "reporter_name", &rep.reporter_name, "reporter_phone", &rep.reporter_phone, "photos", &photos,
                       "request_type", &rep.request_type);
    /* residents file 求助 投诉 建议 举报; a 咨询 is asked on the hotline */
    if (!e && rep.request_type && !strcmp(rep.request_type, "consult"))
        e = gw_fail(r, GW_E_INVALID, "request_type must be help, complain, suggest or report");
    if (!e) e = api_read_location(r, loc, coord, &rep);
    if (!e) e = api_photos_from(r, photos, rep.photos, &rep.n_photos);
    gw_intake_class cls; /* no category: the classifier's (ops/review_api.h) */
    if (!e) e = api_report_category(r, cat_code, &cat, &rep, &cls);
    rep.category_id = cat;
    gw_ticket_row *row = NULL;
    if (!e) {
        row = malloc(sizeof *row);
        gw_principal anon = { .role = GW_R_RESIDENT };
        e = row ? gw_ticket_report(r->store, &anon, &rep, row, r->err_msg, sizeof r->err_msg) : GW_E_NOMEM;
    }
    json_decref(body);
    json_t *o = e ? NULL : json_pack("{s:s,s:s,s:s+}", "track_code", row->track_code, "state", "reported",
                                     "track_url", "/api/v1/track/", row->track_code);
    free(row);
    if (e) return e;
    return gw_reply(r, 201, o);
}

gw_err api_public_categories(gw_req *r)
{
    gw_db *db = gw_store_read_begin(r->store);
    if (!db) return GW_E_IO;
    gw_category_item *rows = NULL;
    size_t n = 0;
    gw_err e = gw_store_category_list(db, &rows, &n);
    gw_store_read_end(r->store, db);
    json_t *items = e ? NULL : json_array();
    for (size_t i = 0; items && i < n; i++) {
        const gw_category_row *c = &rows[i].c;
        if (!c->enabled) continue;
        json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)c->id, "code", c->code,
                                               "name", c->name, "parent_id", gw_json_id(c->parent_id)));
    }
    free(rows);
    if (e) return e;
    if (!items) return GW_E_NOMEM;
    return gw_reply(r, 200, json_pack("{s:o}", "items", items));
}
