/* partners/survey_svc.c — see survey_svc.h. */
#include "partners/survey_svc.h"
#include "base/clock.h"
#include "core/audit.h"
#include "core/resident_store.h"
#include "core/scope.h"
#include "json/reply.h"
#include "partners/partner.h"
#include "partners/survey.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The questions array into q (pointers into arr). */
static gw_err parse_questions(json_t *arr, gw_survey_q *q, int *n, char *msg, size_t msgn)
{
    if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > GW_SURVEY_QUESTIONS_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "a survey has 1 to %d questions", GW_SURVEY_QUESTIONS_MAX);
    *n = (int)json_array_size(arr);
    for (int i = 0; i < *n; i++) {
        const char *type = NULL;
        json_t *opts = NULL;
        char m[160];
        memset(&q[i], 0, sizeof q[i]);
        if (gw_json_unpack(json_array_get(arr, i), m, sizeof m, "{s:s, s:s, s?:o}", "type", &type, "prompt",
                           &q[i].prompt, "options", &opts))
            return gw_say(msg, msgn, GW_E_INVALID, "question %d: %s", i + 1, m);
        q[i].type = gw_survey_qtype_parse(type);
        if (opts && (!json_is_array(opts) || json_array_size(opts) > GW_SURVEY_OPTIONS_MAX))
            return gw_say(msg, msgn, GW_E_INVALID, "question %d: a choice question has 2 to %d options", i + 1,
                          GW_SURVEY_OPTIONS_MAX);
        q[i].n_options = opts ? (int)json_array_size(opts) : 0;
        for (int k = 0; k < q[i].n_options; k++)
            if (!(q[i].options[k] = json_string_value(json_array_get(opts, (size_t)k))))
                return gw_say(msg, msgn, GW_E_INVALID, "question %d: options must be strings", i + 1);
        gw_err e = gw_json_check_text("prompt", q[i].prompt, 1, GW_SURVEY_PROMPT_MAX, msg, msgn);
        if (e) return e;
    }
    return gw_survey_check_questions(q, *n, msg, msgn);
}

/* The answers array into a (pointers into arr); shape only. */
static gw_err parse_answers(json_t *arr, gw_survey_a *a, int *n, char *msg, size_t msgn)
{
    if (!json_is_array(arr) || json_array_size(arr) > GW_SURVEY_QUESTIONS_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "answers must be an array, one answer per question");
    *n = (int)json_array_size(arr);
    for (int i = 0; i < *n; i++) {
        json_t *v = json_array_get(arr, (size_t)i), *x;
        memset(&a[i], 0, sizeof a[i]);
        size_t k;
        if (json_is_string(v)) {
            a[i].is_text = 1;
            a[i].text = json_string_value(v);
            gw_err e = gw_json_check_text("answer", a[i].text, 0, GW_SURVEY_TEXT_MAX, msg, msgn);
            if (e) return e;
        } else if (json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) < 32) {
            a[i].choices = 1u << json_integer_value(v);
        } else if (json_is_array(v) && json_array_size(v) <= GW_SURVEY_OPTIONS_MAX) {
            json_array_foreach(v, k, x) {
                if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) >= 32)
                    return gw_say(msg, msgn, GW_E_INVALID, "answer %d names no such option", i + 1);
                if (a[i].choices & (1u << json_integer_value(x)))
                    return gw_say(msg, msgn, GW_E_INVALID, "answer %d repeats an option", i + 1);
                a[i].choices |= 1u << json_integer_value(x);
            }
        } else {
            return gw_say(msg, msgn, GW_E_INVALID, "answer %d names no such option", i + 1);
        }
    }
    return GW_OK;
}

/* The community must be one and, for staff, in their subtree. */
static gw_err check_community(gw_db *db, const gw_principal *who, int64_t id, char *msg, size_t msgn)
{
    char path[128];
    gw_err e = id > 0 ? gw_store_community_path(db, id, path, sizeof path) : GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, GW_E_INVALID, "community_id must name a community");
    if (e) return e;
    if (!gw_scope_has_path(who, path))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "the community must lie in your own area");
    return GW_OK;
}

static gw_err audit_obj(gw_db *tx, const gw_principal *who, const char *action, const char *kind, int64_t id)
{
    char obj[48];
    snprintf(obj, sizeof obj, "%s:%lld", kind, (long long)id);
    return gw_audit_append(tx, gw_now_ms(), who->user_id, action, obj, "");
}

typedef struct { const gw_principal *who; gw_survey_row *row; char *msg; size_t msgn; } survey_op;

static gw_err op_survey(gw_db *tx, void *arg)
{
    survey_op *o = arg;
    gw_err e = check_community(tx, o->who, o->row->community_id, o->msg, o->msgn);
    if (!e) e = gw_store_survey_insert(tx, o->row);
    return e ? e : audit_obj(tx, o->who, "survey.create", "survey", o->row->id);
}

gw_err gw_survey_create(gw_store *s, const gw_principal *who, const gw_survey_in *in, int64_t *id, char *msg,
                        size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    gw_survey_q q[GW_SURVEY_QUESTIONS_MAX];
    int n = 0;
    gw_survey_row row = { .community_id = in->community_id, .created_by = who->user_id, .created_ms = gw_now_ms() };
    gw_err e = gw_json_check_text("title", in->title, 1, GW_SURVEY_TITLE_MAX, msg, msgn);
    if (!e) e = gw_json_check_text("intro", in->intro, 0, GW_PROJECT_TEXT_MAX, msg, msgn);
    if (!e && (gw_clock_parse(in->opens_at, &row.opens_ms) || gw_clock_parse(in->closes_at, &row.closes_ms)))
        e = gw_say(msg, msgn, GW_E_INVALID, "opens_at and closes_at are ISO 8601 times");
    if (!e) e = gw_survey_check_window(row.opens_ms, row.closes_ms, msg, msgn);
    if (!e) e = parse_questions(in->questions, q, &n, msg, msgn);
    if (e) return e;
    snprintf(row.title, sizeof row.title, "%s", in->title);
    snprintf(row.intro, sizeof row.intro, "%s", in->intro ? in->intro : "");
    row.questions = json_dumps(in->questions, JSON_COMPACT);
    if (!row.questions) return GW_E_NOMEM;
    msg[0] = 0;
    survey_op o = { who, &row, msg, msgn };
    e = gw_store_write(s, op_survey, &o);
    free(row.questions);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the survey");
    *id = row.id;
    return e;
}

/* The resident's account (active) and its community. */
static gw_err resident_of(gw_db *db, const gw_principal *who, gw_resident_row *acct, char *msg, size_t msgn)
{
    gw_err e = gw_store_resident_get(db, who->resident_id, acct);
    memset(acct->pw_hash, 0, sizeof acct->pw_hash);
    if (e) return gw_say(msg, msgn, e == GW_E_NOT_FOUND ? GW_E_FORBIDDEN : e, "could not read your account");
    if (acct->status != GW_RS_ACTIVE) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your account is disabled");
    return GW_OK;
}

gw_err gw_survey_list(gw_db *db, const gw_principal *who, gw_survey_row *out, size_t max, size_t *n, char *msg,
                      size_t msgn)
{
    *n = 0;
    if (who->kind == GW_PK_RESIDENT) {
        gw_resident_row acct;
        gw_err e = resident_of(db, who, &acct, msg, msgn);
        if (e || !acct.division_id) return e;
        return gw_store_survey_list(db, NULL, acct.division_id, gw_now_ms(), out, max, n);
    }
    if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    return gw_store_survey_list(db, who->role == GW_R_ADMIN ? NULL : who->div_path, 0, 0, out, max, n);
}

gw_err gw_survey_get(gw_db *db, const gw_principal *who, int64_t id, gw_survey_row *out, int *answered, char *msg,
                     size_t msgn)
{
    *answered = 0;
    gw_resident_row acct;
    gw_err e = who->kind == GW_PK_RESIDENT ? resident_of(db, who, &acct, msg, msgn)
               : gw_may(who, GW_P_PARTNER_VIEW) ? GW_OK
                                                 : gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    if (e) return e;
    if ((e = gw_store_survey_get(db, id, out))) return gw_say(msg, msgn, e, "no such survey");
    int visible = who->kind == GW_PK_RESIDENT ? acct.division_id == out->community_id
                                              : gw_scope_has_path(who, out->community_path);
    if (!visible) {
        gw_survey_row_free(out);
        return gw_say(msg, msgn, GW_E_NOT_FOUND, "no such survey");
    }
    if (who->kind == GW_PK_RESIDENT) *answered = gw_store_answer_exists(db, id, who->resident_id) == GW_OK;
    return GW_OK;
}

typedef struct {
    gw_survey_q q[GW_SURVEY_QUESTIONS_MAX];
    int n;
    int64_t counts[GW_SURVEY_QUESTIONS_MAX][GW_SURVEY_OPTIONS_MAX], total;
    json_t *texts[GW_SURVEY_QUESTIONS_MAX];
} tally;

static int tally_one(void *cls, const char *text)
{
    tally *t = cls;
    json_t *arr = json_loads(text ? text : "[]", 0, NULL);
    gw_survey_a a[GW_SURVEY_QUESTIONS_MAX];
    int n = 0;
    char msg[160];
    if (arr && !parse_answers(arr, a, &n, msg, sizeof msg) && !gw_survey_check_answers(t->q, t->n, a, n, msg, sizeof msg)) {
        t->total++;
        for (int i = 0; i < t->n; i++) {
            gw_survey_tally(&t->q[i], &a[i], t->counts[i]);
            if (t->q[i].type == GW_SQ_TEXT && a[i].text && *a[i].text &&
                json_array_size(t->texts[i]) < GW_SURVEY_TEXTS_MAX)
                json_array_append_new(t->texts[i], json_string(a[i].text));
        }
    }
    json_decref(arr);
    return 0;
}

static json_t *results_json(tally *t)
{
    json_t *qs = json_array();
    for (int i = 0; i < t->n; i++) {
        json_t *opts = json_array();
        for (int k = 0; k < t->q[i].n_options; k++)
            json_array_append_new(opts, json_pack("{s:s,s:I,s:I}", "label", t->q[i].options[k], "count",
                                                  (json_int_t)t->counts[i][k], "permille",
                                                  (json_int_t)gw_survey_permille(t->counts[i][k], t->total)));
        json_array_append_new(qs, json_pack("{s:s,s:s,s:o,s:O}", "type", gw_survey_qtype_name(t->q[i].type), "prompt",
                                            t->q[i].prompt, "options", opts, "texts", t->texts[i]));
    }
    return json_pack("{s:I,s:o}", "answers", (json_int_t)t->total, "questions", qs);
}

gw_err gw_survey_results(gw_db *db, const gw_principal *who, int64_t id, json_t **out, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_STAFF) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    gw_survey_row row;
    int answered;
    gw_err e = gw_survey_get(db, who, id, &row, &answered, msg, msgn);
    if (e) return e;
    tally *t = calloc(1, sizeof *t);
    json_t *qs = json_loads(row.questions, 0, NULL);
    if (!t || !qs || parse_questions(qs, t->q, &t->n, msg, msgn)) e = GW_E_INTERNAL;
    for (int i = 0; !e && i < t->n; i++) t->texts[i] = json_array();
    if (!e) e = gw_store_answers_each(db, id, tally_one, t);
    if (!e) *out = results_json(t);
    for (int i = 0; t && i < t->n; i++) json_decref(t->texts[i]);
    free(t);
    json_decref(qs);
    gw_survey_row_free(&row);
    return e;
}

typedef struct { const gw_principal *who; int64_t id; json_t *answers; char *msg; size_t msgn; } answer_op;

static gw_err op_answer(gw_db *tx, void *arg)
{
    answer_op *o = arg;
    gw_survey_row row;
    int answered;
    gw_err e = gw_survey_get(tx, o->who, o->id, &row, &answered, o->msg, o->msgn);
    if (e) return e;
    gw_survey_q q[GW_SURVEY_QUESTIONS_MAX];
    gw_survey_a a[GW_SURVEY_QUESTIONS_MAX];
    int nq = 0, na = 0;
    int64_t now = gw_now_ms();
    json_t *qs = json_loads(row.questions, 0, NULL);
    char *text = NULL;
    if (!qs || parse_questions(qs, q, &nq, o->msg, o->msgn)) e = GW_E_INTERNAL;
    if (!e && !gw_survey_open(row.opens_ms, row.closes_ms, now))
        e = gw_say(o->msg, o->msgn, GW_E_CONFLICT, "this survey is not open");
    if (!e && answered) e = gw_say(o->msg, o->msgn, GW_E_CONFLICT, "you have answered this survey");
    if (!e) e = parse_answers(o->answers, a, &na, o->msg, o->msgn);
    if (!e) e = gw_survey_check_answers(q, nq, a, na, o->msg, o->msgn);
    if (!e && !(text = json_dumps(o->answers, JSON_COMPACT))) e = GW_E_NOMEM;
    if (!e && (e = gw_store_answer_insert(tx, o->id, o->who->resident_id, text, now)) == GW_E_CONFLICT)
        gw_say(o->msg, o->msgn, e, "you have answered this survey");
    free(text);
    json_decref(qs);
    gw_survey_row_free(&row);
    return e;
}

gw_err gw_survey_answer(gw_store *s, const gw_principal *who, int64_t id, json_t *answers, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT) return gw_say(msg, msgn, GW_E_FORBIDDEN, "sign in with a resident account");
    gw_survey_a a[GW_SURVEY_QUESTIONS_MAX];
    int na = 0;
    gw_err e = parse_answers(answers, a, &na, msg, msgn); /* the shape first; the questions in the write */
    if (e) return e;
    msg[0] = 0;
    answer_op o = { who, id, answers, msg, msgn };
    e = gw_store_write(s, op_answer, &o);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save your answers");
    return e;
}

typedef struct { const gw_principal *who; gw_visit_row *row; char *msg; size_t msgn; } visit_op;

static gw_err op_visit(gw_db *tx, void *arg)
{
    visit_op *o = arg;
    gw_err e = check_community(tx, o->who, o->row->community_id, o->msg, o->msgn);
    if (!e) e = gw_store_visit_insert(tx, o->row);
    return e ? e : audit_obj(tx, o->who, "visit.create", "visit", o->row->id);
}

static gw_err check_visit(const gw_visit_in *in, char *msg, size_t msgn)
{
    gw_err e = gw_json_check_text("household", in->household, 1, GW_NAME_MAX, msg, msgn);
    if (!e) e = gw_json_check_text("address", in->address, 0, GW_ADDR_MAX, msg, msgn);
    if (!e) e = gw_json_check_text("note", in->note, 0, GW_PROJECT_TEXT_MAX, msg, msgn);
    if (e) return e;
    if (in->n_categories > GW_VISIT_CATEGORIES_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "categories holds at most %d tags", GW_VISIT_CATEGORIES_MAX);
    for (int i = 0; i < in->n_categories; i++)
        if (!gw_partner_tag_ok(in->categories[i]))
            return gw_say(msg, msgn, GW_E_INVALID, "each tag is 1 to %d characters without ',' or control characters",
                          GW_PARTNER_TAG_MAX);
    return GW_OK;
}

gw_err gw_visit_create(gw_store *s, const gw_principal *who, const gw_visit_in *in, gw_visit_row *out, char *msg,
                       size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    gw_err e = check_visit(in, msg, msgn);
    if (e) return e;
    memset(out, 0, sizeof *out);
    out->community_id = in->community_id;
    out->created_by = who->user_id;
    out->created_ms = gw_now_ms();
    if (!in->visited_at) out->visited_ms = out->created_ms;
    else if (gw_clock_parse(in->visited_at, &out->visited_ms) || out->visited_ms > out->created_ms)
        return gw_say(msg, msgn, GW_E_INVALID, "visited_at is an ISO 8601 time, not in the future");
    snprintf(out->household, sizeof out->household, "%s", in->household);
    snprintf(out->address, sizeof out->address, "%s", in->address ? in->address : "");
    snprintf(out->note, sizeof out->note, "%s", in->note ? in->note : "");
    size_t k = 0;
    for (int i = 0; i < in->n_categories; i++)
        k += (size_t)snprintf(out->categories + k, sizeof out->categories - k, "%s%s", i ? "," : "", in->categories[i]);
    msg[0] = 0;
    visit_op o = { who, out, msg, msgn };
    e = gw_store_write(s, op_visit, &o);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the visit");
    return e;
}

gw_err gw_visit_list(gw_db *db, const gw_principal *who, size_t offset, size_t limit, gw_visit_row *out, size_t *n,
                     int64_t *total, char *msg, size_t msgn)
{
    *n = 0;
    *total = 0;
    if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    return gw_store_visit_list(db, who->role == GW_R_ADMIN ? NULL : who->div_path, offset, limit, out, n, total);
}
