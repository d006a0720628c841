/* ops/classify_svc.h — the text classifier in the ticket loop: the active model (loaded at start, swapped
 * without a restart), suggestions for a description, the versioned models in the database, training from
 * closed tickets. Models are the insight/classify.h ones; their labels are category codes when trained
 * from tickets or the demo, any text when trained from a file. */
#ifndef GW_OPS_CLASSIFY_SVC_H
#define GW_OPS_CLASSIFY_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/fields.h"
#include "db/store.h"
#include "insight/classify.h"
#include "ops/classify_store.h"

#define GW_CLASSIFY_TOP 3
#define GW_CLASSIFY_GRAMS 5
#define GW_CLASSIFY_MODELS_MAX 100 /* models listed */

/* Load the active model of s (none is not an error). Call once at start, before serving. */
gw_err gw_classify_start(gw_store *s);
/* Drop the loaded model (at shutdown, after the last request). */
void gw_classify_stop(void);

typedef struct {
    char label[GW_CLF_MAX_LABEL_BYTES + 1];
    double probability;
    int64_t category_id; /* 0: no category has the label as its code */
    char category_name[GW_NAME_BUF];
    gw_clf_gram grams[GW_CLASSIFY_GRAMS];
    size_t ngrams;
} gw_suggestion;

/* The top GW_CLASSIFY_TOP categories for text, with calibrated probabilities and the n-grams that drove
 * each. GW_E_UNAVAILABLE when no model is active; *model_id names the model used. The database's active
 * model is checked again at most every 5 s, so an activation by another server or by the command line
 * (gridwork train --db --activate) is seen within that. */
gw_err gw_classify_suggest(gw_store *s, const char *text, gw_suggestion *out, size_t *n, int64_t *model_id);

/* Activate model id (admin, audited as model.activate) and swap it in at once: requests already
 * classifying finish with the old one. GW_E_NOT_FOUND; GW_E_CONFLICT when the stored model cannot be
 * read (msg says so). */
gw_err gw_classify_activate(gw_store *s, const gw_principal *who, int64_t id, char *msg, size_t msgn);

/* Store a trained model with its description (meta: source, trained_by, counts, dev figures; id is
 * filled), and activate it when asked (then this process swaps to it too). */
gw_err gw_classify_store_model(gw_store *s, const gw_clf *m, gw_model_row *meta, int activate);

/* Train on closed tickets' descriptions and final categories: every fifth ticket (seeded) held out as
 * dev, the rest trained on, the model calibrated and measured on dev, stored and activated when asked.
 * GW_E_INVALID (msg) when there are too few tickets or categories. */
gw_err gw_classify_train_tickets(gw_store *s, const gw_clf_params *p, int activate, gw_model_row *meta, char *msg,
                                 size_t msgn);

/* Retrain (the retraining job, POST /api/v1/classifier/retrain): closed tickets' final categories plus
 * every labelled example (ops/review_store.h; always in the training part, never in dev), every fifth
 * ticket held out as dev; the active model is measured on the same dev set (meta->baseline_macro_f1) and
 * the new one is stored (source "retrain", trained_by `by`, 0 the job) and activated only when its dev
 * macro-F1 is not worse (*activated). GW_E_INVALID (msg) with too few tickets or categories. */
gw_err gw_classify_retrain(gw_store *s, const gw_clf_params *p, int64_t by, gw_model_row *meta, int *activated,
                           char *msg, size_t msgn);

/* Accuracy and macro-F1 of m on labelled texts (y[i] >= nlabels: a label the model does not know, wrong). */
void gw_classify_measure(const gw_clf *m, const char *const *texts, const uint16_t *y, size_t n, double *accuracy,
                         double *macro_f1);

#endif
