/* ops/classify_api.c — the text classifier over HTTP (rules in classify_svc.h). */
#include "ops/classify_api.h"
#include "core/admin.h"
#include "core/fields.h"
#include "json/reply.h"
#include "ops/classify_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *suggestion_json(const gw_suggestion *g)
{
    json_t *grams = json_array();
    for (size_t i = 0; i < g->ngrams; i++)
        json_array_append_new(grams, json_pack("{s:s,s:f}", "text", g->grams[i].text, "weight", g->grams[i].weight));
    json_t *cat = g->category_id ? json_pack("{s:I,s:s,s:s}", "id", (json_int_t)g->category_id, "code", g->label,
                                             "name", g->category_name)
                                 : json_null();
    return json_pack("{s:s,s:f,s:o,s:o}", "label", g->label, "probability", g->probability, "category", cat,
                     "grams", grams);
}

gw_err api_classify(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *text = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s}", "text", &text);
    char msg[200];
    if ((e = gw_json_check_text("text", text, 1, GW_CLASSIFY_MAX, msg, sizeof msg))) {
        json_decref(body);
        return gw_fail(r, e, "%s", msg);
    }
    gw_suggestion *s = calloc(GW_CLASSIFY_TOP, sizeof *s);
    size_t n = 0;
    int64_t model = 0;
    e = s ? gw_classify_suggest(r->store, text, s, &n, &model) : GW_E_NOMEM;
    json_decref(body);
    if (e) {
        free(s);
        return gw_fail(r, e, e == GW_E_UNAVAILABLE ? "no classifier model is active" : "could not classify the text");
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, suggestion_json(&s[i]));
    free(s);
    return gw_reply(r, 200, json_pack("{s:I,s:o}", "model_id", (json_int_t)model, "suggestions", arr));
}

static json_t *score(double v) { return v < 0 ? json_null() : json_real(v); }

static json_t *model_json(const gw_model_row *m)
{
    json_t *o = json_pack("{s:I,s:s,s:o,s:o,s:I,s:I,s:I,s:o,s:o,s:o,s:b,s:o,s:I}", "id", (json_int_t)m->id, "source",
                     m->source, "trained_by", gw_json_id(m->trained_by), "trained_by_name",
                     m->trained_by_name[0] ? json_string(m->trained_by_name) : json_null(), "examples",
                     (json_int_t)m->examples, "labels", (json_int_t)m->labels, "dev_examples",
                     (json_int_t)m->dev_examples, "dev_accuracy", score(m->dev_accuracy), "dev_macro_f1",
                     score(m->dev_macro_f1), "created_at", gw_json_time(m->created_ms), "active", m->active,
                     "activated_at", m->activated_ms ? gw_json_time(m->activated_ms) : json_null(), "size",
                     (json_int_t)m->size);
    /* retraining (ops/review_svc.h): corrections trained on, and the then active model's dev macro-F1 */
    json_object_set_new(o, "labelled_examples", json_integer(m->labelled_examples));
    json_object_set_new(o, "baseline_macro_f1", score(m->baseline_macro_f1));
    return o;
}

gw_err api_models_list(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_model_row *rows = calloc(GW_CLASSIFY_MODELS_MAX, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) { free(rows); return GW_E_IO; }
    size_t n = 0;
    e = gw_store_model_list(db, rows, GW_CLASSIFY_MODELS_MAX, &n);
    gw_store_read_end(r->store, db);
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) json_array_append_new(arr, model_json(&rows[i]));
    free(rows);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not list the models"); }
    return gw_admin_reply_items(r, arr);
}

gw_err api_model_activate(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "model", &id);
    if (e) return e;
    char msg[200] = "";
    e = gw_classify_activate(r->store, &r->who, id, msg, sizeof msg);
    if ((e = gw_admin_finish_write(r, e, msg, "model"))) return e;
    gw_model_row m;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    e = gw_store_model_get(db, id, &m);
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "could not read the model");
    return gw_reply(r, 200, model_json(&m));
}
