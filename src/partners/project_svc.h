/* partners/project_svc.h — 需求→项目's use cases (社区合伙人 item 6).
 *
 * Staff with partner.manage create projects for a community in their subtree (linked to the survey and
 * visits they answer; a rubric and the parties' weights, default 目标达成 40 / 居民满意 30 / 过程规范 20 /
 * 资源节约 10 and residents 40 / staff 30 / third party 30), drive the lifecycle (partners/project.h),
 * name resident representatives, approve or reject partners' claims, and enter the staff's and the
 * third party's scorecards; partner.view reads them. `evaluate` publishes the weighted result; `close`
 * pays the approved partners from the community's issuance account by ONE linked batch
 * (gw_ledger_submit_tx, client ids "prj-<project>-<partner>") within the budget, and appends credit
 * events (evaluation with the score, project_done) in the same transaction.
 *
 * A signed-in resident sees the published projects of the communities where they hold an active partner
 * record, and those that name them a representative; a partner claims with a plan, an approved partner
 * posts progress with photos, a representative scores a delivered project once. Every write is audited
 * on "project:<id>". Functions that take msg write the client's message there on an error. */
#ifndef GW_PARTNERS_PROJECT_SVC_H
#define GW_PARTNERS_PROJECT_SVC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "db/store.h"
#include "partners/project_store.h"

#define GW_PROJECT_CLAIMS_MAX 32    /* claims of one project (a linked batch pays them all) */
#define GW_PROJECT_PROGRESS_MAX 50  /* progress updates shown with a project */
#define GW_PROJECT_EVALS_MAX 64     /* scorecards of one project */

typedef struct {
    int64_t community_id, budget, capacity, survey_id;
    const char *title, *goals, *starts_at, *ends_at; /* ISO 8601 */
    int64_t visit_ids[GW_PROJECT_VISITS_MAX + 1];
    int n_visits;                                   /* > GW_PROJECT_VISITS_MAX: too many */
    json_t *rubric;                                 /* [{name, weight}] or NULL: the default */
    json_t *weights;                                /* {residents, staff, third_party} or NULL: 40/30/30 */
} gw_project_in;

typedef struct {
    gw_project_row p;
    gw_claim_row claims[GW_PROJECT_CLAIMS_MAX];
    size_t n_claims;
    gw_progress_row progress[GW_PROJECT_PROGRESS_MAX];
    size_t n_progress;
    gw_eval_row evals[GW_PROJECT_EVALS_MAX];
    size_t n_evals;
    int64_t reps[GW_PROJECT_REPS_MAX];
    size_t n_reps;
    int64_t party_score[GW_EP__COUNT];              /* hundredths, from the cards so far */
    int cards[GW_EP__COUNT];
} gw_project_detail;

gw_err gw_project_create(gw_store *s, const gw_principal *who, const gw_project_in *in, int64_t *id, char *msg,
                         size_t msgn);
gw_err gw_project_list(gw_db *db, const gw_principal *who, gw_project_query *q, gw_project_row *out, size_t *n,
                       int64_t *total, char *msg, size_t msgn);
/* The project with its claims, progress, cards and representatives: staff in scope (partner.view), or a
 * resident who may see it (see above). */
gw_err gw_project_get(gw_db *db, const gw_principal *who, int64_t id, gw_project_detail *out, char *msg, size_t msgn);
/* publish, start, deliver, evaluate, close or cancel with a reason. close takes awards ([{partner_id,
 * points}] for approved claims; NULL: the budget split evenly among them). */
gw_err gw_project_act(gw_store *s, const gw_principal *who, int64_t id, const char *action, const char *reason,
                      json_t *awards, char *msg, size_t msgn);
/* Replace the representatives: resident accounts of the project's community (at most GW_PROJECT_REPS_MAX). */
gw_err gw_project_set_reps(gw_store *s, const gw_principal *who, int64_t id, const int64_t *ids, int n, char *msg,
                           size_t msgn);
/* approve or reject a pending claim with a reason; the first approval moves the project to claimed. */
gw_err gw_project_decide(gw_store *s, const gw_principal *who, int64_t id, int64_t claim_id, const char *action,
                         const char *reason, char *msg, size_t msgn);
/* A scorecard of a delivered project. Staff: party "staff" (one card per staff member) or "third_party"
 * (scorer_name: the organisation, one card each). Resident: a representative's card (party residents). */
gw_err gw_project_score(gw_store *s, const gw_principal *who, int64_t id, const char *party, const char *scorer_name,
                        const int *scores, int n, const char *note, char *msg, size_t msgn);

/* Whether who may see the photo sha256 of the project's progress (who sees the project and an update of it
 * holds the photo). GW_OK, or GW_E_NOT_FOUND for anything else. */
gw_err gw_project_photo_ok(gw_db *db, const gw_principal *who, int64_t id, const char *sha256);

/* ---- the resident's (partner's) ---- */
gw_err gw_project_claim(gw_store *s, const gw_principal *who, int64_t id, const char *plan, char *msg, size_t msgn);
gw_err gw_project_progress(gw_store *s, const gw_principal *who, int64_t id, const char *note, const char *const *photos,
                           int n_photos, char *msg, size_t msgn);

/* Shared by project_svc.c and project_part_svc.c: the project in a write or read, checked visible to
 * who (staff: scope; resident: as above). GW_E_NOT_FOUND with msg. */
gw_err gw_project_load(gw_db *db, const gw_principal *who, int64_t id, gw_project_row *p, char *msg, size_t msgn);
/* Append "project.<what>" to the audit log on project:<id>. */
gw_err gw_project_audit(gw_db *tx, const gw_principal *who, const char *what, int64_t id, const char *detail);

#endif
