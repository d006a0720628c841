/* ops/review_api.c — the 复核队列 over HTTP (rules in review_svc.h). */
#include "ops/review_api.h"
#include "base/clock.h"
#include "base/str.h"
#include "core/admin.h"
#include "core/fields.h"
#include "core/privacy.h"
#include "json/reply.h"
#include "ops/classify_svc.h"
#include "ops/review_svc.h"
#include "ops/ticket_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gw_err api_report_category(gw_req *r, const char *code, json_int_t *id, gw_report *rep, gw_intake_class *cls)
{
    if (!code && *id == -1 && rep->description) {
        int64_t cat = 0;
        if (gw_review_intake(r->store, rep->description, &cat, cls) == GW_OK) {
            *id = cat;
            rep->cls = cls;
            return GW_OK;
        }
    }
    if (*id == -1) *id = 0;
    return api_category_of(r, code, id);
}

/* ---- the queue ---- */

static int queue_item(void *arg, const gw_queue_row *q)
{
    json_error_t je;
    json_t *sug = json_loads(q->suggestions, 0, &je);
    json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o,s:I,s:o,s:f,s:o}", "ticket_id", (json_int_t)q->ticket_id,
                          "track_code", q->track_code, "source", q->source, "description", q->description, "address",
                          q->address, "created_at", gw_json_time(q->created_ms), "category_id",
                          (json_int_t)q->category_id, "model_id", gw_json_id(q->model_id), "probability",
                          q->probability, "suggestions", sug ? sug : json_array());
    return o ? json_array_append_new(arg, o) : -1;
}

gw_err api_review_queue(gw_req *r)
{
    static const char *const keys[] = { "limit", "offset", NULL };
    size_t offset = 0, limit = 0;
    gw_err e = gw_req_only_query(r, keys);
    if (!e) e = gw_req_page(r, 20, GW_REVIEW_PAGE_MAX, GW_REVIEW_OFFSET_MAX, &offset, &limit);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *arr = json_array();
    int64_t total = 0;
    e = gw_store_review_queue(db, &r->who, offset, limit, queue_item, arr, &total);
    gw_store_read_end(r->store, db);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not list the review queue"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:I,s:f}", "items", arr, "total", (json_int_t)total, "offset",
                                      (json_int_t)offset, "threshold", gw_review_threshold()));
}

gw_err api_ticket_classify(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "ticket", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t cat = -1, version = 0;
    const char *code = NULL;
    GW_ADMIN_UNPACK(r, body, "{s?I,s?s,s?I}", "category_id", &cat, "category_code", &code, "expect_version", &version);
    if (version < 0) { json_decref(body); return gw_fail(r, GW_E_INVALID, "expect_version must be positive"); }
    if (cat == -1) cat = 0;
    e = api_category_of(r, code, &cat);
    json_decref(body);
    if (e) return e;
    gw_ticket_row *row = malloc(sizeof *row);
    if (!row) return gw_fail(r, GW_E_NOMEM, "out of memory");
    int routed = 0;
    e = gw_review_classify(r->store, &r->who, id, cat, version, row, &routed, r->err_msg, sizeof r->err_msg);
    json_t *o = NULL;
    if (!e) {
        gw_db *db = gw_store_read_begin(r->store);
        o = db ? gw_ticket_view(db, row, &r->who, 0) : NULL;
        gw_store_read_end(r->store, db);
    }
    free(row);
    if (e) return e;
    if (!o) return gw_fail(r, GW_E_IO, "could not read the ticket");
    return gw_reply(r, 200, json_pack("{s:o,s:b}", "ticket", o, "routed", routed));
}

/* ---- labelled examples, retraining, figures ---- */

static int example_item(void *arg, const gw_example_row *x)
{
    size_t n = strlen(x->text) + 1;
    char *masked = malloc(n);
    if (!masked) return -1;
    gw_mask_numbers(x->text, masked, n); /* the examples are not scoped: no caller's number in them */
    json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:{s:s,s:s},s:o,s:o,s:o,s:s,s:o}", "id", (json_int_t)x->id, "ticket_id",
                          (json_int_t)x->ticket_id, "text", masked, "source", x->source, "category", "code",
                          x->category_code, "name", x->category_name, "from_category",
                          x->from_code[0] ? json_pack("{s:s,s:s}", "code", x->from_code, "name", x->from_name)
                                          : json_null(),
                          "model_id", gw_json_id(x->model_id), "user_id", gw_json_id(x->user_id), "user_name",
                          x->user_name, "created_at", gw_json_time(x->created_ms));
    free(masked);
    return o ? json_array_append_new(arg, o) : -1;
}

gw_err api_classifier_examples(gw_req *r)
{
    static const char *const keys[] = { "limit", "offset", NULL };
    size_t offset = 0, limit = 0;
    gw_err e = gw_req_only_query(r, keys);
    if (!e) e = gw_req_page(r, 20, GW_REVIEW_PAGE_MAX, GW_REVIEW_OFFSET_MAX, &offset, &limit);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *arr = json_array();
    int64_t total = 0;
    e = gw_store_example_list(db, offset, limit, example_item, arr, &total);
    gw_store_read_end(r->store, db);
    if (e) { json_decref(arr); return gw_fail(r, e, "could not list the labelled examples"); }
    return gw_reply(r, 200, json_pack("{s:o,s:I,s:I}", "items", arr, "total", (json_int_t)total, "offset",
                                      (json_int_t)offset));
}

gw_err api_classifier_retrain(gw_req *r)
{
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    json_int_t epochs = -1, bits = 16; /* -1: the default */
    GW_ADMIN_UNPACK(r, body, "{s?I,s?I}", "epochs", &epochs, "hash_bits", &bits);
    json_decref(body);
    gw_clf_params p;
    gw_clf_default_params(&p);
    if (epochs != -1 && (epochs < 1 || epochs > 200)) return gw_fail(r, GW_E_INVALID, "epochs must be 1 to 200");
    if (bits < 12 || bits > 20) return gw_fail(r, GW_E_INVALID, "hash_bits must be 12 to 20");
    if (epochs != -1) p.epochs = (unsigned)epochs;
    p.hash_bits = (unsigned)bits;
    gw_model_row meta = { 0 };
    int activated = 0;
    char msg[200] = "";
    e = gw_classify_retrain(r->store, &p, r->who.user_id, &meta, &activated, msg, sizeof msg);
    if (e) return gw_fail(r, e, "%s", msg[0] ? msg : "could not retrain the classifier");
    return gw_reply(r, 201, json_pack("{s:I,s:b,s:I,s:I,s:I,s:f,s:o}", "model_id", (json_int_t)meta.id, "activated",
                                      activated, "examples", (json_int_t)meta.examples, "labelled_examples",
                                      (json_int_t)meta.labelled_examples, "dev_examples", (json_int_t)meta.dev_examples,
                                      "dev_macro_f1", meta.dev_macro_f1, "active_macro_f1",
                                      meta.baseline_macro_f1 < 0 ? json_null() : json_real(meta.baseline_macro_f1)));
}

/* ?from=&to= (Unix ms; default the last 30 days): the auto-dispatch share and the misroute rate. */
gw_err api_classifier_stats(gw_req *r)
{
    static const char *const keys[] = { "from", "to", NULL };
    gw_err e = gw_req_only_query(r, keys);
    if (e) return e;
    const char *fv = gw_req_query(r, "from"), *tv = gw_req_query(r, "to");
    long long to = tv ? gw_parse_id(tv) : 0, from = fv ? gw_parse_id(fv) : 0;
    if ((tv && to <= 0) || (fv && from <= 0)) return gw_fail(r, GW_E_INVALID, "from and to must be positive Unix ms");
    if (!tv) to = (long long)gw_now_ms() + 1;
    if (!fv) from = to - 30LL * 86400000LL;
    if (from >= to) return gw_fail(r, GW_E_INVALID, "from must be before to");
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    gw_review_counts c = { 0 };
    e = gw_store_review_counts(db, from, to, &c);
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "could not count the classified reports");
    int64_t all = c.auto_n + c.review_n;
    return gw_reply(r, 200, json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:f}", "from", (json_int_t)from, "to",
                                      (json_int_t)to, "auto", (json_int_t)c.auto_n, "review", (json_int_t)c.review_n,
                                      "corrected", (json_int_t)c.corrected_n, "examples", (json_int_t)c.examples_n,
                                      "auto_share", all ? json_real((double)c.auto_n / (double)all) : json_null(),
                                      "misroute_rate",
                                      c.auto_n ? json_real((double)c.corrected_n / (double)c.auto_n) : json_null(),
                                      "threshold", gw_review_threshold()));
}
