/* partners/survey_store.h — SQL of 需求征集 (partners migration 6): questionnaires, one answer row per
 * resident, and door-to-door visit records (入户走访). Rows are structs; masking and JSON are the
 * callers'. Read functions take any connection; write functions must run inside gw_store_write. */
#ifndef GW_PARTNERS_SURVEY_STORE_H
#define GW_PARTNERS_SURVEY_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"
#include "db/db.h"

typedef struct {
    int64_t id, community_id;
    char community_path[128], community_name[GW_NAME_BUF];
    char title[GW_SURVEY_TITLE_MAX * 4 + 1];
    char intro[GW_PROJECT_TEXT_MAX * 4 + 1];
    char *questions;            /* JSON text, malloc'd by get/list (gw_survey_row_free); the caller's on insert */
    int64_t opens_ms, closes_ms, created_by, created_ms;
    int64_t answers;            /* how many residents answered (get/list) */
} gw_survey_row;

void gw_survey_row_free(gw_survey_row *r);
gw_err gw_store_survey_insert(gw_db *tx, gw_survey_row *r);
gw_err gw_store_survey_get(gw_db *db, int64_t id, gw_survey_row *out);
/* Surveys newest first: div_prefix NULL any, else communities under it; community_id 0 any; open_at 0
 * any, else those open at that time. At most max rows. */
gw_err gw_store_survey_list(gw_db *db, const char *div_prefix, int64_t community_id, int64_t open_at,
                            gw_survey_row *out, size_t max, size_t *n);

/* One resident's answers (JSON text). GW_E_CONFLICT when the resident has answered this survey. */
gw_err gw_store_answer_insert(gw_db *tx, int64_t survey_id, int64_t resident_id, const char *answers, int64_t now_ms);
/* Whether the resident has answered: GW_OK yes, GW_E_NOT_FOUND no. */
gw_err gw_store_answer_exists(gw_db *db, int64_t survey_id, int64_t resident_id);
/* Call fn(cls, answers JSON text) for every answer of the survey, oldest first; fn returns non-zero to stop. */
gw_err gw_store_answers_each(gw_db *db, int64_t survey_id, int (*fn)(void *cls, const char *answers), void *cls);

typedef struct {
    int64_t id, community_id;
    char community_path[128], community_name[GW_NAME_BUF];
    char household[GW_NAME_MAX * 4 + 1];
    char address[GW_ADDR_MAX * 4 + 1];
    char categories[GW_VISIT_CATEGORIES_MAX * (12 * 4 + 1) + 1]; /* ','-joined */
    char note[GW_PROJECT_TEXT_MAX * 4 + 1];
    int64_t visited_ms, created_by, created_ms;
    char created_by_name[GW_DISPLAY_BUF];
} gw_visit_row;

gw_err gw_store_visit_insert(gw_db *tx, gw_visit_row *v);
gw_err gw_store_visit_get(gw_db *db, int64_t id, gw_visit_row *out);
/* Visits, latest first, as gw_store_survey_list; *total counts every match. */
gw_err gw_store_visit_list(gw_db *db, const char *div_prefix, size_t offset, size_t limit, gw_visit_row *out,
                           size_t *n, int64_t *total);

#endif
