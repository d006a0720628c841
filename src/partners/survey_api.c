/* partners/survey_api.c — 需求征集 over HTTP (see survey_api.h). A visit's household and address are
 * masked in lists (core/privacy.h); free-text answers appear only in the staff's results. */
#include "partners/survey_api.h"
#include "core/admin.h"
#include "core/privacy.h"
#include "json/reply.h"
#include "partners/survey_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VISIT_LIMIT_MAX 100
#define VISIT_OFFSET_MAX 100000

static gw_err fail_msg(gw_req *r, gw_err e, const char *msg, const char *dflt)
{
    return gw_fail(r, e, "%s", msg && msg[0] ? msg : dflt);
}

static json_t *survey_json(const gw_survey_row *s, int with_questions, int answered)
{
    json_t *o = json_pack("{s:I,s:{s:I,s:s},s:s,s:s,s:o,s:o,s:I,s:o}", "id", (json_int_t)s->id, "community", "id",
                          (json_int_t)s->community_id, "name", s->community_name, "title", s->title, "intro", s->intro,
                          "opens_at", gw_json_time(s->opens_ms), "closes_at", gw_json_time(s->closes_ms), "answers",
                          (json_int_t)s->answers, "created_at", gw_json_time(s->created_ms));
    if (with_questions) json_object_set_new(o, "questions", json_loads(s->questions, 0, NULL));
    if (answered >= 0) json_object_set_new(o, "answered", json_boolean(answered));
    return o;
}

static gw_err list_with(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_survey_row *rows = calloc(GW_SURVEY_LIST_MAX, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    char msg[200] = "";
    e = gw_survey_list(db, &r->who, rows, GW_SURVEY_LIST_MAX, &n, msg, sizeof msg);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        int answered = -1;
        if (r->who.kind == GW_PK_RESIDENT)
            answered = gw_store_answer_exists(db, rows[i].id, r->who.resident_id) == GW_OK;
        if (!e) json_array_append_new(arr, survey_json(&rows[i], r->who.kind == GW_PK_RESIDENT, answered));
        gw_survey_row_free(&rows[i]);
    }
    gw_store_read_end(r->store, db);
    free(rows);
    if (e) { json_decref(arr); return fail_msg(r, e, msg, "could not list surveys"); }
    return gw_admin_reply_items(r, arr);
}

gw_err api_surveys_list(gw_req *r) { return list_with(r); }
gw_err api_resident_surveys_list(gw_req *r) { return list_with(r); }

gw_err api_surveys_create(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    gw_survey_in in = { 0 };
    json_int_t community = 0;
    GW_ADMIN_UNPACK(r, body, "{s:I, s:s, s?:s, s:s, s:s, s:o}", "community_id", &community, "title", &in.title,
                    "intro", &in.intro, "opens_at", &in.opens_at, "closes_at", &in.closes_at, "questions",
                    &in.questions);
    in.community_id = community;
    char msg[200] = "";
    int64_t id = 0;
    e = gw_survey_create(r->store, &r->who, &in, &id, msg, sizeof msg);
    json_decref(body);
    if (e) return fail_msg(r, e, msg, "could not save the survey");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_survey_row row;
    int answered;
    e = gw_survey_get(db, &r->who, id, &row, &answered, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    if (e) return fail_msg(r, e, msg, "could not read the survey");
    json_t *o = survey_json(&row, 1, -1);
    gw_survey_row_free(&row);
    return gw_reply(r, 201, o);
}

static gw_err get_one(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "survey", &id);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_survey_row row;
    int answered = 0;
    char msg[200] = "";
    e = gw_survey_get(db, &r->who, id, &row, &answered, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    if (e) return fail_msg(r, e, msg, "could not read the survey");
    json_t *o = survey_json(&row, 1, r->who.kind == GW_PK_RESIDENT ? answered : -1);
    gw_survey_row_free(&row);
    return gw_reply(r, 200, o);
}

gw_err api_surveys_get(gw_req *r) { return get_one(r); }
gw_err api_resident_surveys_get(gw_req *r) { return get_one(r); }

gw_err api_surveys_results(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "survey", &id);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *out = NULL;
    char msg[200] = "";
    e = gw_survey_results(db, &r->who, id, &out, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    if (e) return fail_msg(r, e, msg, "could not read the results");
    return gw_reply(r, 200, out);
}

gw_err api_resident_survey_answer(gw_req *r)
{
    int64_t id = 0;
    json_t *body, *answers = NULL;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "survey", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    GW_ADMIN_UNPACK(r, body, "{s:o}", "answers", &answers);
    char msg[200] = "";
    e = gw_survey_answer(r->store, &r->who, id, answers, msg, sizeof msg);
    json_decref(body);
    if (e) return fail_msg(r, e, msg, "could not save your answers");
    return gw_reply(r, 201, json_pack("{s:I,s:b}", "survey_id", (json_int_t)id, "answered", 1));
}

static json_t *tags_json(const char *tags)
{
    json_t *a = json_array();
    for (const char *p = tags; p && *p;) {
        size_t n = strcspn(p, ",");
        json_array_append_new(a, json_stringn(p, n));
        p += n + (p[n] == ',');
    }
    return a;
}

/* A visit; masked: the household and address masked (lists). */
static json_t *visit_json(const gw_visit_row *v, int masked)
{
    char household[sizeof v->household], address[sizeof v->address];
    snprintf(household, sizeof household, "%s", v->household);
    snprintf(address, sizeof address, "%s", v->address);
    if (masked) {
        gw_mask_name(v->household, household, sizeof household);
        gw_mask_address(v->address, address, sizeof address);
    }
    return json_pack("{s:I,s:{s:I,s:s},s:s,s:s,s:o,s:s,s:o,s:s,s:o}", "id", (json_int_t)v->id, "community", "id",
                     (json_int_t)v->community_id, "name", v->community_name, "household", household, "address",
                     address, "categories", tags_json(v->categories), "note", v->note, "visited_at",
                     gw_json_time(v->visited_ms), "recorded_by", v->created_by_name, "created_at",
                     gw_json_time(v->created_ms));
}

gw_err api_visits_create(gw_req *r)
{
    json_t *body, *cats = NULL;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    gw_visit_in in = { 0 };
    json_int_t community = 0;
    GW_ADMIN_UNPACK(r, body, "{s:I, s:s, s?:s, s?:o, s?:s, s?:s}", "community_id", &community, "household",
                    &in.household, "address", &in.address, "categories", &cats, "note", &in.note, "visited_at",
                    &in.visited_at);
    in.community_id = community;
    if (cats && !json_is_array(cats)) { json_decref(body); return gw_fail(r, GW_E_INVALID, "categories must be an array of strings"); }
    in.n_categories = cats ? (int)json_array_size(cats) : 0;
    for (int i = 0; i < in.n_categories && i < GW_VISIT_CATEGORIES_MAX; i++)
        if (!(in.categories[i] = json_string_value(json_array_get(cats, (size_t)i)))) {
            json_decref(body);
            return gw_fail(r, GW_E_INVALID, "categories must be an array of strings");
        }
    gw_visit_row *v = malloc(sizeof *v);
    char msg[200] = "";
    e = v ? gw_visit_create(r->store, &r->who, &in, v, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    if (e) { free(v); return fail_msg(r, e, msg, "could not save the visit"); }
    json_t *o = visit_json(v, 0);
    free(v);
    return gw_reply(r, 201, o);
}

gw_err api_visits_list(gw_req *r)
{
    static const char *const keys[] = { "offset", "limit", NULL };
    size_t offset = 0, limit = 0;
    gw_err e = gw_req_only_query(r, keys);
    if (!e) e = gw_req_page(r, 20, VISIT_LIMIT_MAX, VISIT_OFFSET_MAX, &offset, &limit);
    if (e) return e;
    gw_visit_row *rows = calloc(limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int64_t total = 0;
    char msg[200] = "";
    e = gw_visit_list(db, &r->who, offset, limit, rows, &n, &total, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, visit_json(&rows[i], 1));
    free(rows);
    if (e) { json_decref(arr); return fail_msg(r, e, msg, "could not list visits"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:I}", "items", arr, "total", (json_int_t)total, "offset",
                                      (json_int_t)offset));
}
