/* ops/review_svc.c — see review_svc.h. */
#include "ops/review_svc.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/scope.h"
#include "json/reply.h"
#include "ops/catalogue_store.h"
#include "ops/classify_svc.h"
#include "ops/ticket_svc.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double threshold = GW_REVIEW_THRESHOLD_DEFAULT;

void gw_review_set_threshold(double t)
{
    pthread_mutex_lock(&lock);
    threshold = t;
    pthread_mutex_unlock(&lock);
}

double gw_review_threshold(void)
{
    pthread_mutex_lock(&lock);
    double t = threshold;
    pthread_mutex_unlock(&lock);
    return t;
}

/* The top-3 as stored with the ticket: [{label, probability, category_id, category_name, grams:[{text,
 * weight}]}], what the machine said at intake. */
static json_t *suggestions_json(const gw_suggestion *g, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *grams = json_array();
        for (size_t k = 0; k < g[i].ngrams; k++)
            json_array_append_new(grams, json_pack("{s:s,s:f}", "text", g[i].grams[k].text, "weight",
                                                   g[i].grams[k].weight));
        json_array_append_new(arr, json_pack("{s:s,s:f,s:o,s:s,s:o}", "label", g[i].label, "probability",
                                             g[i].probability, "category_id", gw_json_id(g[i].category_id),
                                             "category_name", g[i].category_name, "grams", grams));
    }
    return arr;
}

gw_err gw_review_intake(gw_store *s, const char *text, int64_t *category_id, gw_intake_class *c)
{
    gw_suggestion g[GW_CLASSIFY_TOP];
    size_t n = 0;
    memset(c, 0, sizeof *c);
    gw_err e = gw_classify_suggest(s, text, g, &n, &c->model_id);
    if (e) return e;
    size_t best = 0;
    while (best < n && !g[best].category_id) best++;
    if (best == n) return GW_E_UNAVAILABLE; /* a model whose labels are not our categories */
    *category_id = g[best].category_id;
    c->probability = g[best].probability;
    /* only the machine's first choice is trusted; a lower one that names a category is a suggestion */
    c->decision = best == 0 ? gw_review_decide(g[0].probability, gw_review_threshold()) : GW_REVIEW_QUEUE;
    json_t *j = suggestions_json(g, n);
    char *txt = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!txt) return GW_E_NOMEM;
    /* grams are at most 64 bytes, 5 per suggestion, 3 suggestions: the text fits; cut it anyway */
    snprintf(c->suggestions, sizeof c->suggestions, "%s", strlen(txt) < sizeof c->suggestions ? txt : "[]");
    free(txt);
    return GW_OK;
}

/* ---- confirm / correct ---- */

typedef struct {
    const gw_principal *who;
    int64_t id, category_id, expect_version;
    gw_ticket_row *row;
    char *msg;
    size_t msgn;
} decide_arg;

/* Whether the ticket waits for this decision: queued and not yet dispatched, or machine-routed and returned. */
static gw_err waiting(const gw_review_row *k, const gw_ticket_row *row, char *msg, size_t msgn)
{
    int st = row->t.state;
    int queued = !strcmp(k->state, "pending") && (st == GW_T_REPORTED || st == GW_T_ACCEPTED);
    int returned = strcmp(k->state, "pending") && st == GW_T_RETURNED;
    if (queued || returned) return GW_OK;
    snprintf(msg, msgn, "the ticket is not waiting for a category (not in the review queue nor returned)");
    return GW_E_CONFLICT;
}

static gw_err op_decide(gw_db *tx, void *p)
{
    decide_arg *a = p;
    gw_review_row k;
    gw_err e = gw_store_ticket_get(tx, a->id, a->row);
    if (e == GW_E_NOT_FOUND || (!e && !gw_ticket_visible(tx, a->who, a->row))) {
        snprintf(a->msg, a->msgn, "no ticket %lld in your scope", (long long)a->id);
        return GW_E_NOT_FOUND;
    }
    if (e) return e;
    if (a->expect_version && a->expect_version != a->row->version) {
        snprintf(a->msg, a->msgn, "the ticket is at version %lld, not %lld; reload", (long long)a->row->version,
                 (long long)a->expect_version);
        return GW_E_CONFLICT;
    }
    if ((e = gw_store_review_get(tx, a->id, &k)) == GW_E_NOT_FOUND) {
        snprintf(a->msg, a->msgn, "the ticket was not classified by the machine at intake");
        return GW_E_CONFLICT;
    }
    if (e || (e = waiting(&k, a->row, a->msg, a->msgn))) return e;
    gw_category_row cat;
    if (gw_store_category_get(tx, a->category_id, &cat) != GW_OK || !cat.enabled) {
        snprintf(a->msg, a->msgn, "category %lld does not exist", (long long)a->category_id);
        return GW_E_INVALID;
    }
    int64_t now = gw_now_ms(), from = a->row->category_id;
    gw_review_outcome o = gw_review_outcome_of(strcmp(k.state, "pending") != 0, from, a->category_id);
    /* a confirmation moves the version on too: cached views show the decision */
    if ((e = gw_store_ticket_set_category(tx, a->id, a->row->version, a->category_id, now))) return e;
    a->row->category_id = a->category_id;
    a->row->version++;
    if ((e = gw_store_review_decide(tx, a->id, o.state, o.corrected, a->who->user_id, now))) return e;
    if (o.example_source) {
        gw_example_in x = { a->id, a->category_id, from, k.model_id, a->who->user_id, now,
                            a->row->description, o.example_source };
        if ((e = gw_store_example_insert(tx, &x))) return e;
    }
    json_t *detail = json_pack("{s:I,s:I,s:s,s:o}", "from_category_id", (json_int_t)from, "category_id",
                               (json_int_t)a->category_id, "outcome", o.state, "model_id", gw_json_id(k.model_id));
    char *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    const char *state = gw_ticket_state_name(a->row->t.state);
    gw_timeline_in in = { a->id, now, a->who->user_id, gw_role_name(a->who->role), "classify", state, state, NULL, d };
    e = d ? gw_store_timeline_append(tx, &in) : GW_E_NOMEM;
    free(d);
    return e;
}

gw_err gw_review_classify(gw_store *s, const gw_principal *who, int64_t id, int64_t category_id,
                          int64_t expect_version, gw_ticket_row *row, int *routed, char *msg, size_t msgn)
{
    *routed = 0;
    if (!gw_may(who, GW_P_TICKET_DISPATCH)) return GW_E_FORBIDDEN;
    decide_arg a = { who, id, category_id, expect_version, row, msg, msgn };
    gw_err e = gw_store_write(s, op_decide, &a);
    if (e) return e;
    /* routed as a dispatcher's dispatch by rule: accept when still reported, then dispatch */
    gw_act acts[2] = { { .kind = GW_A_ACCEPT }, { .kind = GW_A_DISPATCH } };
    int first = row->t.state == GW_T_REPORTED ? 0 : 1;
    char why[256];
    gw_ticket_row *after = malloc(sizeof *after);
    if (!after) return GW_OK; /* categorised and committed; it waits for a person */
    if (gw_ticket_act_seq(s, who, id, acts + first, 2 - first, after, why, sizeof why) == GW_OK) {
        *row = *after;
        *routed = 1;
    } else {
        gw_info("ticket %lld categorised but not routed: %s", (long long)id, why);
    }
    free(after);
    return GW_OK;
}

/* ---- the retraining job ---- */

static gw_err claim_only(gw_db *tx, int64_t now_ms, int64_t slot_ms, void *arg)
{
    (void)tx, (void)now_ms, (void)slot_ms, (void)arg;
    return GW_OK;
}

static gw_err retrain_after(gw_store *s, int64_t now_ms, void *arg)
{
    (void)now_ms, (void)arg;
    gw_clf_params p;
    gw_clf_default_params(&p);
    p.hash_bits = 16;
    gw_model_row meta = { 0 };
    int activated = 0;
    char msg[200] = "";
    gw_err e = gw_classify_retrain(s, &p, 0, &meta, &activated, msg, sizeof msg);
    if (e) gw_warn("retrain: %s %s", gw_err_name(e), msg);
    else gw_info("retrain: model %lld, dev macro-F1 %.4f (active %.4f): %s", (long long)meta.id, meta.dev_macro_f1,
                 meta.baseline_macro_f1, activated ? "activated" : "kept the active one");
    return e == GW_E_INVALID ? GW_OK : e; /* too few tickets is not a failure of the job */
}

gw_job gw_review_retrain_job(int seconds)
{
    gw_job j = { GW_RETRAIN_JOB, (int64_t)(seconds < 1 ? 86400 : seconds) * 1000, claim_only, NULL, retrain_after };
    return j;
}

/* ---- /metrics ---- */

void gw_review_metrics(void *arg, gw_buf *b)
{
    gw_store *s = arg;
    gw_review_counts c = { 0 };
    gw_db *db = gw_store_read_one(s);
    if (!db) return;
    gw_err e = gw_store_review_counts(db, 0, INT64_MAX, &c);
    gw_store_read_one_end(s, db);
    if (e) return;
    gw_buf_printf(b, "# HELP gridwork_classify_auto_total Reports without a category the classifier routed.\n"
                     "# TYPE gridwork_classify_auto_total counter\ngridwork_classify_auto_total %lld\n"
                     "# HELP gridwork_classify_review_total Reports without a category sent to the review queue.\n"
                     "# TYPE gridwork_classify_review_total counter\ngridwork_classify_review_total %lld\n"
                     "# HELP gridwork_classify_corrected_total Machine-routed reports later corrected (misroutes).\n"
                     "# TYPE gridwork_classify_corrected_total counter\ngridwork_classify_corrected_total %lld\n"
                     "# HELP gridwork_classify_examples_total Labelled examples recorded from corrections.\n"
                     "# TYPE gridwork_classify_examples_total counter\ngridwork_classify_examples_total %lld\n",
                  (long long)c.auto_n, (long long)c.review_n, (long long)c.corrected_n, (long long)c.examples_n);
}
