/* ops/review_store.h — SQL of the 复核队列: the classifier's word on each report that came without a
 * category (ticket_classifications), the labelled examples corrections make (classifier_examples), and
 * the counts /metrics and the console show. Portable SQL. */
#ifndef GW_OPS_REVIEW_STORE_H
#define GW_OPS_REVIEW_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/scope.h"
#include "db/db.h"
#include "ops/review.h"

/* Record what intake's classifier said about ticket_id (state auto or pending by c->decision). */
gw_err gw_store_review_insert(gw_db *tx, int64_t ticket_id, const gw_intake_class *c, int64_t now_ms);

typedef struct {
    int64_t ticket_id, model_id;
    char decision[8]; /* auto review */
    char state[12];   /* auto pending confirmed corrected */
    int corrected;
    double probability;
    int64_t decided_by, decided_ms, created_ms;
} gw_review_row;
/* GW_E_NOT_FOUND when the ticket was not classified at intake. */
gw_err gw_store_review_get(gw_db *db, int64_t ticket_id, gw_review_row *out);
/* Set the row's state, corrected flag (only ever raised) and who decided when. */
gw_err gw_store_review_decide(gw_db *tx, int64_t ticket_id, const char *state, int corrected, int64_t by,
                              int64_t now_ms);

/* One queued ticket: strings valid during the callback only. */
typedef struct {
    int64_t ticket_id, model_id, created_ms, category_id;
    const char *track_code, *description, *address, *source, *suggestions; /* suggestions: JSON text */
    double probability;
} gw_queue_row;
typedef int (*gw_queue_fn)(void *arg, const gw_queue_row *row);
/* The pending tickets who may see (scope), oldest first, [offset, offset + limit); *total all of them. */
gw_err gw_store_review_queue(gw_db *db, const gw_principal *who, size_t offset, size_t limit, gw_queue_fn fn,
                             void *arg, int64_t *total);

typedef struct {
    int64_t ticket_id, category_id, from_category_id, model_id, user_id, created_ms;
    const char *text, *source; /* review redispatch */
} gw_example_in;
gw_err gw_store_example_insert(gw_db *tx, const gw_example_in *in);

typedef struct {
    int64_t id, ticket_id, model_id, user_id, created_ms;
    const char *text, *source, *category_code, *category_name, *from_code, *from_name, *user_name;
} gw_example_row;
typedef int (*gw_example_row_fn)(void *arg, const gw_example_row *row);
/* Newest first, [offset, offset + limit); *total all of them. */
gw_err gw_store_example_list(gw_db *db, size_t offset, size_t limit, gw_example_row_fn fn, void *arg,
                             int64_t *total);
/* Every labelled example's text and its category's code, oldest first (at most max): each(text, code, arg);
 * each returning nonzero stops with GW_E_NOMEM. */
gw_err gw_store_labelled_examples(gw_db *db, size_t max, int (*each)(const char *, const char *, void *), void *arg);

/* Set ticket id's category (a dispatcher's decision), moving its version on. GW_E_CONFLICT when the
 * ticket is no longer at `version`. */
gw_err gw_store_ticket_set_category(gw_db *tx, int64_t id, int64_t version, int64_t category_id, int64_t now_ms);

/* Classified reports created in [from_ms, to_ms): routed by the machine, queued for review, and machine-
 * routed ones later corrected; corrections recorded as examples in that window. */
typedef struct {
    int64_t auto_n, review_n, corrected_n, examples_n;
} gw_review_counts;
gw_err gw_store_review_counts(gw_db *db, int64_t from_ms, int64_t to_ms, gw_review_counts *out);

#endif
