/* partners/project_store.h — SQL of projects (partners migration 6): the project, its resident
 * representatives, partners' claims, progress updates and the parties' scorecards. Rows are structs;
 * JSON is the callers'. Read functions take any connection; write functions must run inside
 * gw_store_write. */
#ifndef GW_PARTNERS_PROJECT_STORE_H
#define GW_PARTNERS_PROJECT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"
#include "db/db.h"
#include "partners/partner.h"
#include "partners/project.h"

#define GW_PROJECT_VISITS_MAX 20    /* visits a project answers */
#define GW_PROJECT_PHOTOS_MAX 9     /* photos of one progress update */

typedef struct {
    int64_t id, community_id;
    char community_path[128], community_name[GW_NAME_BUF];
    char title[GW_SURVEY_TITLE_MAX * 4 + 1];
    char goals[GW_PROJECT_TEXT_MAX * 4 + 1];
    int64_t budget, capacity, starts_ms, ends_ms;
    int status;                       /* gw_project_status */
    int64_t survey_id;                /* 0: none */
    char visit_ids[GW_PROJECT_VISITS_MAX * 21 + 1]; /* ','-joined */
    gw_rubric rubric;
    int weight[GW_EP__COUNT];
    int64_t result;                   /* hundredths; -1 until evaluated */
    int64_t paid;                     /* points paid on closing */
    char status_reason[GW_REASON_MAX * 4 + 1];
    int64_t created_by, created_ms, updated_ms;
} gw_project_row;

gw_err gw_store_project_insert(gw_db *tx, gw_project_row *p);
/* Write back status, result, paid, status_reason and updated_ms. */
gw_err gw_store_project_update(gw_db *tx, const gw_project_row *p);
gw_err gw_store_project_get(gw_db *db, int64_t id, gw_project_row *out);
/* A page, newest first: div_prefix NULL any; status -1 any; resident_id 0 any, else the visible projects
 * of the communities where that resident holds an active partner record or that name them a
 * representative. *total counts every match. */
typedef struct {
    const char *div_prefix;
    int status;
    int64_t resident_id;
    size_t offset, limit;
} gw_project_query;
gw_err gw_store_project_list(gw_db *db, const gw_project_query *q, gw_project_row *out, size_t *n, int64_t *total);

/* The representatives: replace them all; list them (at most max); whether resident_id is one (GW_OK or
 * GW_E_NOT_FOUND). */
gw_err gw_store_project_reps_set(gw_db *tx, int64_t project_id, const int64_t *ids, int n);
gw_err gw_store_project_reps(gw_db *db, int64_t project_id, int64_t *ids, size_t max, size_t *n);
gw_err gw_store_project_rep_is(gw_db *db, int64_t project_id, int64_t resident_id);
/* Whether the resident account exists and its community is community_id. GW_OK or GW_E_NOT_FOUND. */
gw_err gw_store_project_resident_in(gw_db *db, int64_t resident_id, int64_t community_id);
/* Whether a survey or a visit of that community exists. GW_OK or GW_E_NOT_FOUND. */
gw_err gw_store_project_survey_in(gw_db *db, int64_t survey_id, int64_t community_id);
gw_err gw_store_project_visit_in(gw_db *db, int64_t visit_id, int64_t community_id);
/* The resident's active partner record in that community: *partner_id, or GW_E_NOT_FOUND. */
gw_err gw_store_project_partner_of(gw_db *db, int64_t resident_id, int64_t community_id, int64_t *partner_id);

typedef struct {
    int64_t id, project_id, partner_id;
    char partner_name[GW_PARTNER_NAME_MAX * 4 + 1];
    int partner_kind, partner_status;
    int64_t partner_resident_id;
    char plan[GW_PROJECT_TEXT_MAX * 4 + 1];
    int status;                       /* gw_claim_status */
    char reason[GW_REASON_MAX * 4 + 1];
    int64_t decided_by, decided_ms, award, created_ms;
} gw_claim_row;

/* Insert; GW_E_CONFLICT when the partner has claimed this project already. */
gw_err gw_store_claim_insert(gw_db *tx, gw_claim_row *c);
/* Write back status, reason, decided_by, decided_ms and award. */
gw_err gw_store_claim_update(gw_db *tx, const gw_claim_row *c);
gw_err gw_store_claim_get(gw_db *db, int64_t id, gw_claim_row *out);
/* The project's claims, oldest first (at most max). */
gw_err gw_store_claims(gw_db *db, int64_t project_id, gw_claim_row *out, size_t max, size_t *n);

typedef struct {
    int64_t id, project_id, partner_id;
    char partner_name[GW_PARTNER_NAME_MAX * 4 + 1];
    char note[GW_PROJECT_TEXT_MAX * 4 + 1];
    char photos[GW_PROJECT_PHOTOS_MAX * 65 + 1]; /* ','-joined sha256 */
    int64_t created_ms;
} gw_progress_row;

gw_err gw_store_progress_insert(gw_db *tx, gw_progress_row *p);
/* The latest updates first (at most max). */
gw_err gw_store_progress(gw_db *db, int64_t project_id, gw_progress_row *out, size_t max, size_t *n);
/* Whether a progress update of the project holds the photo (a checked sha256 hex): GW_OK or GW_E_NOT_FOUND. */
gw_err gw_store_progress_has_photo(gw_db *db, int64_t project_id, const char *sha256);

typedef struct {
    int64_t id, project_id;
    int party;                        /* gw_eval_party */
    char scorer[GW_NAME_MAX * 4 + 16];
    char scorer_name[GW_NAME_MAX * 4 + 1];
    char scores[GW_PROJECT_CRITERIA_MAX * 4 + 1]; /* ','-joined */
    int64_t total;                    /* hundredths */
    char note[GW_PROJECT_TEXT_MAX * 4 + 1];
    int64_t created_by, created_ms;
} gw_eval_row;

/* Insert; GW_E_CONFLICT when this scorer has scored for this party already. */
gw_err gw_store_eval_insert(gw_db *tx, gw_eval_row *ev);
gw_err gw_store_evals(gw_db *db, int64_t project_id, gw_eval_row *out, size_t max, size_t *n);

#endif
