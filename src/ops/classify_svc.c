/* ops/classify_svc.c — see classify_svc.h.
 *
 * The active model is held in a reference-counted holder. A request takes a reference under a short
 * lock (pointer read + count), classifies without any lock, and drops its reference; a swap replaces
 * the pointer under the lock and drops the holder's own reference, so the old model is freed by
 * whoever lets go of it last — never while a request still uses it. */
#include "ops/classify_svc.h"
#include "base/clock.h"
#include "core/admin.h"
#include "core/scope.h"
#include "ops/catalogue_store.h"
#include "ops/review.h"
#include "ops/review_store.h"

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    gw_clf *m;
    int64_t id;
    atomic_int refs;
} holder;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static holder *current;
static int64_t checked_ms; /* when the active id was last read from the database */

static void release(holder *h)
{
    if (h && atomic_fetch_sub(&h->refs, 1) == 1) {
        gw_clf_free(h->m);
        free(h);
    }
}

static holder *acquire(void)
{
    pthread_mutex_lock(&lock);
    holder *h = current;
    if (h) atomic_fetch_add(&h->refs, 1);
    pthread_mutex_unlock(&lock);
    return h;
}

/* Install m (owned from now on; NULL: none) as model id. */
static gw_err swap_in(gw_clf *m, int64_t id)
{
    holder *h = NULL;
    if (m) {
        if (!(h = malloc(sizeof *h))) { gw_clf_free(m); return GW_E_NOMEM; }
        h->m = m;
        h->id = id;
        atomic_init(&h->refs, 1);
    }
    pthread_mutex_lock(&lock);
    holder *old = current;
    current = h;
    checked_ms = gw_now_ms();
    pthread_mutex_unlock(&lock);
    release(old);
    return GW_OK;
}

/* Read and load model id from db. */
static gw_err load(gw_db *db, int64_t id, gw_clf **m)
{
    unsigned char *blob;
    size_t len;
    gw_err e = gw_store_model_blob(db, id, &blob, &len);
    if (e) return e;
    e = gw_clf_load(blob, len, m) ? GW_E_CONFLICT : GW_OK;
    free(blob);
    return e;
}

/* Make this process's model the database's active one (when it differs). */
static gw_err refresh(gw_store *s)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    int64_t id = 0;
    gw_clf *m = NULL;
    gw_err e = gw_store_model_active_id(db, &id);
    holder *h = e ? NULL : acquire();
    int same = h ? h->id == id : id == 0;
    release(h);
    if (!e && !same && id) e = load(db, id, &m);
    gw_store_read_end(s, db);
    if (e) return e;
    if (same) {
        pthread_mutex_lock(&lock);
        checked_ms = gw_now_ms();
        pthread_mutex_unlock(&lock);
        return GW_OK;
    }
    return swap_in(m, id);
}

gw_err gw_classify_start(gw_store *s) { return refresh(s); }

void gw_classify_stop(void) { swap_in(NULL, 0); }

static void fill(gw_db *db, const gw_clf *m, const char *text, size_t cls, double p, gw_suggestion *g)
{
    memset(g, 0, sizeof *g);
    snprintf(g->label, sizeof g->label, "%s", gw_clf_label(m, cls));
    g->probability = p;
    gw_category_row c;
    if (db && !gw_store_category_by_code(db, g->label, &c)) {
        g->category_id = c.id;
        snprintf(g->category_name, sizeof g->category_name, "%s", c.name);
    }
    g->ngrams = gw_clf_explain(m, text, cls, g->grams, GW_CLASSIFY_GRAMS);
}

gw_err gw_classify_suggest(gw_store *s, const char *text, gw_suggestion *out, size_t *n, int64_t *model_id)
{
    *n = 0;
    *model_id = 0;
    pthread_mutex_lock(&lock);
    int stale = gw_now_ms() - checked_ms > 5000;
    pthread_mutex_unlock(&lock);
    if (stale) refresh(s); /* another server's or the command line's activation; a failed check keeps ours */
    holder *h = acquire();
    if (!h) return GW_E_UNAVAILABLE;
    size_t nl = gw_clf_nlabels(h->m), top[GW_CLASSIFY_TOP];
    double *p = malloc(nl * sizeof *p);
    gw_err e = p ? gw_clf_predict(h->m, text, p) : GW_E_NOMEM;
    if (!e) {
        gw_db *db = gw_store_read_one(s);
        *n = gw_clf_top(p, nl, top, GW_CLASSIFY_TOP);
        for (size_t i = 0; i < *n; i++) fill(db, h->m, text, top[i], p[top[i]], &out[i]);
        if (db) gw_store_read_one_end(s, db);
        *model_id = h->id;
    }
    free(p);
    release(h);
    return e;
}

typedef struct {
    int64_t id, actor;
} activation;

static gw_err op_activate(gw_db *tx, void *arg)
{
    activation *a = arg;
    int64_t now = gw_now_ms();
    gw_err e = gw_store_model_activate(tx, a->id, now);
    return e ? e : gw_admin_audit(tx, now, a->actor, "model.activate", "classifier_model", a->id, NULL);
}

gw_err gw_classify_activate(gw_store *s, const gw_principal *who, int64_t id, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_CONFIG_EDIT)) return GW_E_FORBIDDEN;
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_clf *m = NULL;
    gw_err e = load(db, id, &m);
    gw_store_read_end(s, db);
    if (e == GW_E_NOT_FOUND) snprintf(msg, msgn, "no such model");
    if (e == GW_E_CONFLICT) snprintf(msg, msgn, "the stored model is damaged and cannot be used");
    if (e) return e;
    activation a = { id, who->user_id };
    if ((e = gw_store_write(s, op_activate, &a))) {
        gw_clf_free(m);
        return e;
    }
    return swap_in(m, id);
}

typedef struct {
    gw_model_row *meta;
    const unsigned char *blob;
    size_t len;
    int activate;
} saving;

static gw_err op_save(gw_db *tx, void *arg)
{
    saving *v = arg;
    v->meta->created_ms = gw_now_ms();
    gw_err e = gw_store_model_insert(tx, v->meta, v->blob, v->len);
    return e || !v->activate ? e : gw_store_model_activate(tx, v->meta->id, v->meta->created_ms);
}

gw_err gw_classify_store_model(gw_store *s, const gw_clf *m, gw_model_row *meta, int activate)
{
    size_t len = gw_clf_saved_size(m);
    unsigned char *blob = malloc(len);
    if (!blob) return GW_E_NOMEM;
    gw_err e = gw_clf_save(m, blob, len);
    saving v = { meta, blob, len, activate };
    if (!e) e = gw_store_write(s, op_save, &v);
    gw_clf *copy = NULL;
    if (!e && activate && !(e = gw_clf_load(blob, len, &copy))) e = swap_in(copy, meta->id);
    free(blob);
    return e;
}

void gw_classify_measure(const gw_clf *m, const char *const *texts, const uint16_t *y, size_t n, double *accuracy,
                         double *macro_f1)
{
    size_t nl = gw_clf_nlabels(m), correct = 0;
    size_t *tp = calloc(3 * nl, sizeof *tp), *pred = tp + nl, *truth = tp + 2 * nl;
    double p[GW_CLF_MAX_LABELS], f1 = 0;
    *accuracy = *macro_f1 = 0;
    if (!tp || !n) { free(tp); return; }
    for (size_t i = 0; i < n; i++) {
        size_t top = 0;
        if (gw_clf_predict(m, texts[i], p) == GW_OK) gw_clf_top(p, nl, &top, 1);
        pred[top]++;
        if (y[i] < nl) truth[y[i]]++;
        if (y[i] == top) tp[top]++, correct++;
    }
    size_t present = 0;
    for (size_t c = 0; c < nl; c++) {
        if (!truth[c] && !pred[c]) continue; /* a class neither in dev nor predicted says nothing */
        present++;
        double pr = pred[c] ? (double)tp[c] / (double)pred[c] : 0, rc = truth[c] ? (double)tp[c] / (double)truth[c] : 0;
        f1 += pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0;
    }
    *accuracy = (double)correct / (double)n;
    *macro_f1 = present ? f1 / (double)present : 0;
    free(tp);
}

/* ---- training from closed tickets ---- */

typedef struct {
    char **texts, **codes;
    size_t n, cap;
    size_t fixed_from; /* examples from here on (the labelled corrections) are always trained on */
} examples;

static int collect(const char *text, const char *code, void *arg)
{
    examples *x = arg;
    if (x->n == x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 1024;
        char **t = realloc(x->texts, cap * sizeof *t);
        if (t) x->texts = t;
        char **c = t ? realloc(x->codes, cap * sizeof *c) : NULL;
        if (!c) return -1;
        x->codes = c;
        x->cap = cap;
    }
    x->texts[x->n] = strdup(text);
    x->codes[x->n] = strdup(code);
    if (!x->texts[x->n] || !x->codes[x->n]) { free(x->texts[x->n]); free(x->codes[x->n]); return -1; }
    x->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The distinct codes, sorted, into lab (*nl of them), and each example's index into y. */
static int label_examples(const examples *x, const char **lab, size_t *nl, uint16_t *y)
{
    memcpy(lab, x->codes, x->n * sizeof *lab);
    qsort(lab, x->n, sizeof *lab, cmp_str);
    *nl = 0;
    for (size_t i = 0; i < x->n; i++)
        if (!*nl || strcmp(lab[*nl - 1], lab[i])) lab[(*nl)++] = lab[i];
    if (*nl < 2 || *nl > GW_CLF_MAX_LABELS) return -1;
    for (size_t i = 0; i < x->n; i++) {
        const char **hit = bsearch(&x->codes[i], lab, *nl, sizeof *lab, cmp_str);
        y[i] = (uint16_t)(hit - lab);
    }
    return 0;
}

/* The macro-F1 of base on the dev texts whose labels are lab[y[i]] (a label base does not know: wrong). */
static double baseline_f1(const gw_clf *base, const char **lab, const char **dv, const uint16_t *ydv, size_t ndv)
{
    uint16_t *yb = malloc((ndv ? ndv : 1) * sizeof *yb);
    double acc = 0, f1 = -1;
    if (!yb) return -1;
    for (size_t i = 0; i < ndv; i++) {
        int k = gw_clf_label_index(base, lab[ydv[i]]);
        yb[i] = (uint16_t)(k < 0 ? gw_clf_nlabels(base) : (size_t)k);
    }
    gw_classify_measure(base, dv, yb, ndv, &acc, &f1);
    free(yb);
    return f1;
}

/* Train on x (every fifth example before x->fixed_from, by a seeded draw, held out as dev), calibrate and
 * measure on dev; base (may be NULL) is measured on the same dev set into meta->baseline_macro_f1. */
static gw_err train_split(const examples *x, const gw_clf_params *p, const gw_clf *base, gw_model_row *meta,
                          gw_clf **out)
{
    const char **lab = malloc(x->n * sizeof *lab), **tr = malloc(x->n * sizeof *tr), **dv = malloc(x->n * sizeof *dv);
    uint16_t *y = malloc(x->n * sizeof *y), *ytr = malloc(x->n * sizeof *y), *ydv = malloc(x->n * sizeof *y);
    size_t nl = 0, ntr = 0, ndv = 0;
    gw_err e = lab && tr && dv && y && ytr && ydv ? GW_OK : GW_E_NOMEM;
    if (!e && label_examples(x, lab, &nl, y)) e = GW_E_INVALID;
    uint64_t r = p->seed * 0x9e3779b97f4a7c15ULL + 1;
    for (size_t i = 0; !e && i < x->n; i++) {
        r ^= r << 13, r ^= r >> 7, r ^= r << 17;
        if (r % 5 == 0 && i < x->fixed_from) dv[ndv] = x->texts[i], ydv[ndv++] = y[i];
        else tr[ntr] = x->texts[i], ytr[ntr++] = y[i];
    }
    if (!e && (!ntr || !ndv)) e = GW_E_INVALID;
    if (!e) e = gw_clf_train(p, lab, nl, tr, ytr, ntr, out);
    if (!e && (e = gw_clf_calibrate(*out, dv, ydv, ndv))) { gw_clf_free(*out); *out = NULL; }
    if (!e) {
        gw_classify_measure(*out, dv, ydv, ndv, &meta->dev_accuracy, &meta->dev_macro_f1);
        meta->examples = (int64_t)ntr;
        meta->dev_examples = (int64_t)ndv;
        meta->labels = (int64_t)nl;
        meta->labelled_examples = (int64_t)(x->n - x->fixed_from);
        meta->baseline_macro_f1 = base ? baseline_f1(base, lab, dv, ydv, ndv) : -1;
    }
    free(lab), free(tr), free(dv), free(y), free(ytr), free(ydv);
    return e;
}

static void examples_free(examples *x)
{
    for (size_t i = 0; i < x->n; i++) free(x->texts[i]), free(x->codes[i]);
    free(x->texts);
    free(x->codes);
}

/* Closed tickets' final categories, then (when labelled) the corrections. */
static gw_err collect_all(gw_store *s, int labelled, examples *x)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_closed_examples(db, 2000000, collect, x);
    x->fixed_from = x->n;
    if (!e && labelled) e = gw_store_labelled_examples(db, 1000000, collect, x);
    gw_store_read_end(s, db);
    return e;
}

gw_err gw_classify_train_tickets(gw_store *s, const gw_clf_params *p, int activate, gw_model_row *meta, char *msg,
                                 size_t msgn)
{
    examples x = { 0 };
    gw_err e = collect_all(s, 0, &x);
    gw_clf *m = NULL;
    if (!e && x.n < 10) e = GW_E_INVALID;
    if (!e) e = train_split(&x, p, NULL, meta, &m);
    if (e == GW_E_INVALID) snprintf(msg, msgn, "too few closed tickets (%zu) or categories to train on", x.n);
    if (!e) {
        snprintf(meta->source, sizeof meta->source, "tickets");
        e = gw_classify_store_model(s, m, meta, activate);
    }
    gw_clf_free(m);
    examples_free(&x);
    return e;
}

gw_err gw_classify_retrain(gw_store *s, const gw_clf_params *p, int64_t by, gw_model_row *meta, int *activated,
                           char *msg, size_t msgn)
{
    examples x = { 0 };
    *activated = 0;
    gw_err e = collect_all(s, 1, &x);
    gw_clf *m = NULL;
    if (!e && x.fixed_from < 10) e = GW_E_INVALID;
    holder *h = e ? NULL : acquire();
    if (!e) e = train_split(&x, p, h ? h->m : NULL, meta, &m);
    release(h);
    if (e == GW_E_INVALID)
        snprintf(msg, msgn, "too few closed tickets (%zu) or categories to train on", x.fixed_from);
    if (!e) {
        snprintf(meta->source, sizeof meta->source, "retrain");
        meta->trained_by = by;
        *activated = gw_review_not_worse(meta->dev_macro_f1, meta->baseline_macro_f1);
        e = gw_classify_store_model(s, m, meta, *activated);
    }
    gw_clf_free(m);
    examples_free(&x);
    return e;
}
