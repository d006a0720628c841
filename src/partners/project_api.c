/* partners/project_api.c — projects over HTTP (see project_api.h). A person partner's name is masked for
 * residents other than that partner (core/privacy.h); residents see the parties' scores and the result,
 * not the individual scorecards. */
#include "partners/project_api.h"
#include "core/admin.h"
#include "core/attachment.h"
#include "core/attachment_svc.h"
#include "core/privacy.h"
#include "json/reply.h"
#include "partners/project_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_LIMIT_MAX 100
#define LIST_OFFSET_MAX 100000

static gw_err fail_msg(gw_req *r, gw_err e, const char *msg, const char *dflt)
{
    return gw_fail(r, e, "%s", msg && msg[0] ? msg : dflt);
}

static json_t *ids_json(const char *csv)
{
    json_t *a = json_array();
    for (const char *p = csv; p && *p;) {
        json_array_append_new(a, json_integer(strtoll(p, NULL, 10)));
        p += strcspn(p, ",");
        p += *p == ',';
    }
    return a;
}

static json_t *rubric_json(const gw_rubric *rb)
{
    json_t *a = json_array();
    for (int i = 0; i < rb->n; i++)
        json_array_append_new(a, json_pack("{s:s,s:i}", "name", rb->name[i], "weight", rb->weight[i]));
    return a;
}

static json_t *project_json(const gw_project_row *p)
{
    json_t *o = json_pack("{s:I,s:{s:I,s:s},s:s,s:s,s:I,s:I,s:o,s:o,s:s,s:o,s:o,s:o}", "id", (json_int_t)p->id,
                          "community", "id", (json_int_t)p->community_id, "name", p->community_name, "title", p->title,
                          "goals", p->goals, "budget", (json_int_t)p->budget, "capacity", (json_int_t)p->capacity,
                          "starts_at", gw_json_time(p->starts_ms), "ends_at", gw_json_time(p->ends_ms), "status",
                          gw_project_status_name(p->status), "survey_id", gw_json_id(p->survey_id), "visit_ids",
                          ids_json(p->visit_ids), "rubric", rubric_json(&p->rubric));
    json_object_set_new(o, "weights", json_pack("{s:i,s:i,s:i}", "residents", p->weight[GW_EP_RESIDENTS], "staff",
                                                p->weight[GW_EP_STAFF], "third_party", p->weight[GW_EP_THIRD]));
    json_object_set_new(o, "result", p->result >= 0 ? json_real((double)p->result / 100.0) : json_null());
    json_object_set_new(o, "result_hundredths", p->result >= 0 ? json_integer(p->result) : json_null());
    json_object_set_new(o, "paid", json_integer(p->paid));
    json_object_set_new(o, "status_reason", json_string(p->status_reason));
    json_object_set_new(o, "created_at", gw_json_time(p->created_ms));
    json_object_set_new(o, "updated_at", gw_json_time(p->updated_ms));
    return o;
}

static json_t *claim_json(const gw_claim_row *c, const gw_principal *who)
{
    char name[sizeof c->partner_name];
    snprintf(name, sizeof name, "%s", c->partner_name);
    int own = who->kind == GW_PK_RESIDENT && c->partner_resident_id == who->resident_id;
    if (who->kind == GW_PK_RESIDENT && !own && c->partner_kind == GW_PKIND_PERSON)
        gw_mask_name(c->partner_name, name, sizeof name);
    return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:I,s:o,s:b}", "id", (json_int_t)c->id, "partner_id",
                     (json_int_t)c->partner_id, "partner_name", name, "plan", c->plan, "status",
                     gw_claim_status_name(c->status), "reason", c->reason, "award", (json_int_t)c->award,
                     "created_at", gw_json_time(c->created_ms), "mine", own);
}

/* A progress update's photos, each with the URL its viewer reads it at (staff's or the resident's route). */
static json_t *photos_json(const char *csv, int64_t project, int resident)
{
    json_t *a = json_array();
    for (const char *p = csv; p && *p;) {
        size_t n = strcspn(p, ",");
        char url[160];
        snprintf(url, sizeof url, "/api/v1/%sprojects/%lld/photos/%.*s", resident ? "resident/" : "", (long long)project,
                 (int)n, p);
        json_array_append_new(a, json_pack("{s:s%,s:s}", "sha256", p, n, "url", url));
        p += n + (p[n] == ',');
    }
    return a;
}

static json_t *parts_json(const gw_project_detail *d, const gw_principal *who)
{
    json_t *claims = json_array(), *progress = json_array(), *cards = json_array(), *reps = json_array();
    for (size_t i = 0; i < d->n_claims; i++) json_array_append_new(claims, claim_json(&d->claims[i], who));
    for (size_t i = 0; i < d->n_progress; i++) {
        const gw_progress_row *g = &d->progress[i];
        json_array_append_new(progress, json_pack("{s:I,s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)g->id, "partner_id",
                                                  (json_int_t)g->partner_id, "partner_name", g->partner_name, "note",
                                                  g->note, "photos", photos_json(g->photos, g->project_id, who->kind == GW_PK_RESIDENT), "created_at",
                                                  gw_json_time(g->created_ms)));
    }
    int staff = who->kind != GW_PK_RESIDENT, rep = 0;
    for (size_t i = 0; staff && i < d->n_evals; i++) {
        const gw_eval_row *v = &d->evals[i];
        json_array_append_new(cards, json_pack("{s:I,s:s,s:s,s:o,s:f,s:s,s:o}", "id", (json_int_t)v->id, "party",
                                               gw_eval_party_name(v->party), "scorer_name", v->scorer_name, "scores",
                                               ids_json(v->scores), "total", (double)v->total / 100.0, "note", v->note,
                                               "created_at", gw_json_time(v->created_ms)));
    }
    for (size_t i = 0; i < d->n_reps; i++) {
        if (staff) json_array_append_new(reps, json_integer(d->reps[i]));
        rep |= !staff && d->reps[i] == who->resident_id;
    }
    json_t *parties = json_object();
    for (int p = 0; p < GW_EP__COUNT; p++)
        json_object_set_new(parties, gw_eval_party_name(p),
                            json_pack("{s:i,s:i,s:o}", "weight", d->p.weight[p], "cards", d->cards[p], "score",
                                      d->cards[p] ? json_real((double)d->party_score[p] / 100.0) : json_null()));
    json_t *o = project_json(&d->p);
    json_object_set_new(o, "claims", claims);
    json_object_set_new(o, "progress", progress);
    json_object_set_new(o, "parties", parties);
    if (staff) {
        json_object_set_new(o, "evaluations", cards);
        json_object_set_new(o, "representatives", reps);
    } else {
        json_decref(cards);
        json_decref(reps);
        json_object_set_new(o, "representative", json_boolean(rep));
    }
    return o;
}

static gw_err list_with(gw_req *r)
{
    static const char *const keys[] = { "status", "offset", "limit", NULL };
    gw_project_query q = { .status = -1 };
    gw_err e = gw_req_only_query(r, keys);
    const char *sv = gw_req_query(r, "status");
    if (!e && sv && (q.status = gw_project_status_parse(sv)) < 0)
        return gw_fail(r, GW_E_INVALID, "status must be draft, published, claimed, in_progress, delivered, evaluated, "
                                        "closed or cancelled");
    if (!e) e = gw_req_page(r, 20, LIST_LIMIT_MAX, LIST_OFFSET_MAX, &q.offset, &q.limit);
    if (e) return e;
    gw_project_row *rows = calloc(q.limit, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    int64_t total = 0;
    char msg[200] = "";
    e = gw_project_list(db, &r->who, &q, rows, &n, &total, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, project_json(&rows[i]));
    free(rows);
    if (e) { json_decref(arr); return fail_msg(r, e, msg, "could not list projects"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:I}", "items", arr, "total", (json_int_t)total, "offset",
                                      (json_int_t)q.offset));
}

gw_err api_projects_list(gw_req *r) { return list_with(r); }
gw_err api_resident_projects_list(gw_req *r) { return list_with(r); }

/* Answer with the project as it stands (status 200 or 201). */
static gw_err reply_project(gw_req *r, int64_t id, int status)
{
    gw_project_detail *d = malloc(sizeof *d);
    if (!d) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(d); return GW_E_IO; }
    char msg[200] = "";
    gw_err e = gw_project_get(db, &r->who, id, d, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    if (e) { free(d); return fail_msg(r, e, msg, "could not read the project"); }
    json_t *o = parts_json(d, &r->who);
    free(d);
    return gw_reply(r, status, o);
}

static gw_err path_id(gw_req *r, int64_t *id)
{
    gw_err e = gw_req_only_query(r, NULL);
    return e ? e : gw_admin_path_id(r, "project", id);
}

gw_err api_projects_get(gw_req *r)
{
    int64_t id = 0;
    gw_err e = path_id(r, &id);
    return e ? e : reply_project(r, id, 200);
}
gw_err api_resident_projects_get(gw_req *r) { return api_projects_get(r); }

static gw_err read_visits(gw_req *r, json_t *visits, gw_project_in *in)
{
    if (!visits) return GW_OK;
    if (!json_is_array(visits)) return gw_fail(r, GW_E_INVALID, "visit_ids must be an array of ids");
    in->n_visits = (int)json_array_size(visits);
    for (int i = 0; i < in->n_visits && i <= GW_PROJECT_VISITS_MAX; i++) {
        json_t *v = json_array_get(visits, (size_t)i);
        if (!json_is_integer(v) || json_integer_value(v) <= 0)
            return gw_fail(r, GW_E_INVALID, "visit_ids must be an array of ids");
        in->visit_ids[i] = json_integer_value(v);
    }
    return GW_OK;
}

gw_err api_projects_create(gw_req *r)
{
    json_t *body, *visits = NULL;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    gw_project_in in = { 0 };
    json_int_t community = 0, budget = 0, capacity = 0, survey = 0;
    GW_ADMIN_UNPACK(r, body, "{s:I, s:s, s?:s, s:I, s?:I, s:s, s:s, s?:I, s?:o, s?:o, s?:o}", "community_id",
                    &community, "title", &in.title, "goals", &in.goals, "budget", &budget, "capacity", &capacity,
                    "starts_at", &in.starts_at, "ends_at", &in.ends_at, "survey_id", &survey, "visit_ids", &visits,
                    "rubric", &in.rubric, "weights", &in.weights);
    in.community_id = community, in.budget = budget, in.capacity = capacity, in.survey_id = survey;
    if ((e = read_visits(r, visits, &in))) { json_decref(body); return e; }
    char msg[200] = "";
    int64_t id = 0;
    e = gw_project_create(r->store, &r->who, &in, &id, msg, sizeof msg);
    json_decref(body);
    return e ? fail_msg(r, e, msg, "could not save the project") : reply_project(r, id, 201);
}

gw_err api_projects_action(gw_req *r)
{
    int64_t id = 0;
    json_t *body, *awards = NULL;
    gw_err e = path_id(r, &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *action = NULL, *reason = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s, s?:s, s?:o}", "action", &action, "reason", &reason, "awards", &awards);
    char msg[200] = "";
    e = gw_project_act(r->store, &r->who, id, action, reason, awards, msg, sizeof msg);
    json_decref(body);
    return e ? fail_msg(r, e, msg, "could not change the project") : reply_project(r, id, 200);
}

gw_err api_projects_reps(gw_req *r)
{
    int64_t id = 0, ids[GW_PROJECT_REPS_MAX];
    json_t *body, *arr = NULL;
    gw_err e = path_id(r, &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    GW_ADMIN_UNPACK(r, body, "{s:o}", "resident_ids", &arr);
    int n = json_is_array(arr) ? (int)json_array_size(arr) : -1;
    for (int i = 0; i < n && i < GW_PROJECT_REPS_MAX; i++) {
        json_t *v = json_array_get(arr, (size_t)i);
        if (!json_is_integer(v) || json_integer_value(v) <= 0) n = -1;
        else ids[i] = json_integer_value(v);
    }
    json_decref(body);
    if (n < 0) return gw_fail(r, GW_E_INVALID, "resident_ids must be an array of ids");
    char msg[200] = "";
    e = gw_project_set_reps(r->store, &r->who, id, ids, n, msg, sizeof msg);
    return e ? fail_msg(r, e, msg, "could not change the project") : reply_project(r, id, 200);
}

gw_err api_projects_claim_action(gw_req *r)
{
    int64_t id = 0, claim = 0;
    json_t *body;
    gw_err e = path_id(r, &id);
    if (!e) claim = r->n_params > 1 ? strtoll(r->params[1], NULL, 10) : 0;
    if (!e && claim <= 0) return gw_fail(r, GW_E_NOT_FOUND, "no such claim");
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *action = NULL, *reason = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s, s:s}", "action", &action, "reason", &reason);
    char msg[200] = "";
    e = gw_project_decide(r->store, &r->who, id, claim, action, reason, msg, sizeof msg);
    json_decref(body);
    return e ? fail_msg(r, e, msg, "could not change the claim") : reply_project(r, id, 200);
}

/* The scores array: at most GW_PROJECT_CRITERIA_MAX integers (their range is the svc's). n -1: malformed. */
static void read_scores(json_t *arr, int *scores, int *n)
{
    *n = json_is_array(arr) && json_array_size(arr) <= GW_PROJECT_CRITERIA_MAX ? (int)json_array_size(arr) : -1;
    for (int i = 0; i < *n; i++) {
        json_t *v = json_array_get(arr, (size_t)i);
        if (!json_is_integer(v) || json_integer_value(v) < -1 || json_integer_value(v) > 1000) { *n = -1; return; }
        scores[i] = (int)json_integer_value(v);
    }
}

static gw_err evaluate_with(gw_req *r, int resident)
{
    int64_t id = 0;
    json_t *body, *arr = NULL;
    gw_err e = path_id(r, &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *party = NULL, *scorer = NULL, *note = NULL;
    if (resident) GW_ADMIN_UNPACK(r, body, "{s:o, s?:s}", "scores", &arr, "note", &note);
    else GW_ADMIN_UNPACK(r, body, "{s:s, s?:s, s:o, s?:s}", "party", &party, "scorer_name", &scorer, "scores", &arr,
                         "note", &note);
    int scores[GW_PROJECT_CRITERIA_MAX], n;
    read_scores(arr, scores, &n);
    char msg[200] = "";
    if (n < 0) e = gw_say(msg, sizeof msg, GW_E_INVALID, "scores must be an array of integers 0 to 100");
    else e = gw_project_score(r->store, &r->who, id, party, scorer, scores, n, note, msg, sizeof msg);
    json_decref(body);
    return e ? fail_msg(r, e, msg, "could not save the evaluation") : reply_project(r, id, 201);
}

gw_err api_projects_evaluate(gw_req *r) { return evaluate_with(r, 0); }
gw_err api_resident_project_evaluate(gw_req *r) { return evaluate_with(r, 1); }

gw_err api_resident_project_claim(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = path_id(r, &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *plan = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s}", "plan", &plan);
    char msg[200] = "";
    e = gw_project_claim(r->store, &r->who, id, plan, msg, sizeof msg);
    json_decref(body);
    return e ? fail_msg(r, e, msg, "could not save the claim") : reply_project(r, id, 201);
}

gw_err api_resident_project_progress(gw_req *r)
{
    int64_t id = 0;
    json_t *body, *arr = NULL;
    gw_err e = path_id(r, &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *note = NULL, *photos[GW_PROJECT_PHOTOS_MAX + 1] = { 0 };
    GW_ADMIN_UNPACK(r, body, "{s:s, s?:o}", "note", &note, "photos", &arr);
    int n = arr ? (json_is_array(arr) ? (int)json_array_size(arr) : -1) : 0;
    for (int i = 0; i < n && i <= GW_PROJECT_PHOTOS_MAX; i++)
        if (!(photos[i] = json_string_value(json_array_get(arr, (size_t)i)))) n = -1;
    char msg[200] = "";
    if (n < 0) e = gw_say(msg, sizeof msg, GW_E_INVALID, "photos must be an array of sha256 strings");
    else e = gw_project_progress(r->store, &r->who, id, note, photos, n, msg, sizeof msg);
    json_decref(body);
    return e ? fail_msg(r, e, msg, "could not save the progress") : reply_project(r, id, 201);
}

/* A progress photo, to whoever sees the project (the same 404 for anything else). */
gw_err api_projects_photo(gw_req *r)
{
    int64_t id = 0;
    gw_err e = path_id(r, &id);
    if (e) return e;
    const char *sha = r->n_params > 1 ? r->params[1] : "";
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    e = gw_project_photo_ok(db, &r->who, id, sha);
    gw_store_read_end(r->store, db);
    if (e) return e == GW_E_NOT_FOUND ? gw_fail(r, e, "no such file") : e;
    char *data = NULL;
    size_t n = 0;
    if ((e = gw_attachment_read(r->cfg->data_dir, sha, &data, &n)))
        return e == GW_E_NOT_FOUND ? gw_fail(r, e, "no such file") : e;
    const char *type = gw_image_type((const unsigned char *)data, n);
    gw_req_add_header(r, "Cache-Control", "private, max-age=86400, immutable");
    return gw_reply_raw(r, 200, type ? type : "application/octet-stream", data, n);
}
gw_err api_resident_project_photo(gw_req *r) { return api_projects_photo(r); }
