/* ops/classify_store.h — SQL of the classifier's models (classifier_models) and of the examples training
 * takes from closed tickets. */
#ifndef GW_OPS_CLASSIFY_STORE_H
#define GW_OPS_CLASSIFY_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "db/db.h"

typedef struct {
    int64_t id;
    char source[256];
    int64_t trained_by; /* user id, 0: the command line */
    char trained_by_name[128];
    int64_t examples, labels, dev_examples;
    double dev_accuracy, dev_macro_f1; /* -1 when not measured */
    int64_t labelled_examples;         /* of those trained on: corrections (ops/review_store.h) */
    double baseline_macro_f1;          /* the then active model's on the same dev set; -1: none */
    int64_t created_ms, activated_ms;  /* activated_ms 0: never */
    int active;
    size_t size; /* of the saved model, bytes */
} gw_model_row;

/* Insert a model (fills id); not active. */
gw_err gw_store_model_insert(gw_db *tx, gw_model_row *m, const void *blob, size_t len);
/* Make model id the only active one at now_ms. GW_E_NOT_FOUND when there is no such model. */
gw_err gw_store_model_activate(gw_db *tx, int64_t id, int64_t now_ms);
/* Up to max models, newest first; *n how many. */
gw_err gw_store_model_list(gw_db *db, gw_model_row *out, size_t max, size_t *n);
gw_err gw_store_model_get(gw_db *db, int64_t id, gw_model_row *out);
/* The active model's id (0 when none). */
gw_err gw_store_model_active_id(gw_db *db, int64_t *id);
/* A copy of model id's saved form (malloc'd, the caller frees). GW_E_NOT_FOUND. */
gw_err gw_store_model_blob(gw_db *db, int64_t id, unsigned char **blob, size_t *len);

/* Closed tickets' descriptions with their final category's code, oldest first: calls each(text, code, arg)
 * for each; stops at max rows. */
typedef int (*gw_example_fn)(const char *text, const char *code, void *arg);
gw_err gw_store_closed_examples(gw_db *db, size_t max, gw_example_fn each, void *arg);

#endif
