/* partners/survey_svc.h — 需求征集's use cases. Staff with partner.manage create questionnaires for a
 * community in their subtree and record door-to-door visits (入户走访); staff with partner.view list
 * them and read a survey's results (per question counts and percentages; free texts, which only staff
 * see). A signed-in resident lists the open surveys of their own community and answers each once.
 * Every function that takes msg writes the client's message there on an error. */
#ifndef GW_PARTNERS_SURVEY_SVC_H
#define GW_PARTNERS_SURVEY_SVC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/store.h"
#include "partners/survey_store.h"

#define GW_SURVEY_LIST_MAX 50     /* surveys in one list */
#define GW_SURVEY_TEXTS_MAX 200   /* free texts listed per question in the results */

/* A new survey: questions is the request's array ([{type, prompt, options}], partners/survey.h). */
typedef struct {
    int64_t community_id;
    const char *title, *intro, *opens_at, *closes_at; /* ISO 8601 times */
    json_t *questions;
} gw_survey_in;

gw_err gw_survey_create(gw_store *s, const gw_principal *who, const gw_survey_in *in, int64_t *id, char *msg,
                        size_t msgn);
/* Staff: the surveys in their subtree (partner.view). Resident: the open ones of their community. Rows
 * need gw_survey_row_free. */
gw_err gw_survey_list(gw_db *db, const gw_principal *who, gw_survey_row *out, size_t max, size_t *n, char *msg,
                      size_t msgn);
/* One survey: staff in scope, or a resident of its community (then *answered tells whether they did). */
gw_err gw_survey_get(gw_db *db, const gw_principal *who, int64_t id, gw_survey_row *out, int *answered, char *msg,
                     size_t msgn);
/* The results as JSON: {"answers": n, "questions": [{type, prompt, options: [{label, count, permille}],
 * texts: [...]}]} (staff, partner.view, in scope). *out is new. */
gw_err gw_survey_results(gw_db *db, const gw_principal *who, int64_t id, json_t **out, char *msg, size_t msgn);
/* A resident answers: answers is an array, one per question — an option index for single, an array of
 * indexes for multi, a string for text. GW_E_CONFLICT when answered already or the survey is not open. */
gw_err gw_survey_answer(gw_store *s, const gw_principal *who, int64_t id, json_t *answers, char *msg, size_t msgn);

/* A door-to-door visit. categories: up to GW_VISIT_CATEGORIES_MAX tags. */
typedef struct {
    int64_t community_id;
    const char *household, *address, *note, *visited_at;
    const char *categories[GW_VISIT_CATEGORIES_MAX + 1];
    int n_categories;
} gw_visit_in;

gw_err gw_visit_create(gw_store *s, const gw_principal *who, const gw_visit_in *in, gw_visit_row *out, char *msg,
                       size_t msgn);
gw_err gw_visit_list(gw_db *db, const gw_principal *who, size_t offset, size_t limit, gw_visit_row *out, size_t *n,
                     int64_t *total, char *msg, size_t msgn);

#endif
