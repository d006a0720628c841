/* partners/project.h — 需求→项目 (needs become projects), pure half: a project's lifecycle as a state
 * machine (draft -> published -> claimed -> in progress -> delivered -> evaluated -> closed, or
 * cancelled), claim states, the evaluation rubric with its criterion weights, the three parties'
 * weights and the weighted result, and the check of the points awarded on closing against the budget.
 * No I/O, no allocation. Scores are integers in hundredths of a point (8550 = 85.50). */
#ifndef GW_PARTNERS_PROJECT_H
#define GW_PARTNERS_PROJECT_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"

#define GW_PROJECT_CRITERIA_MAX 8     /* criteria of a rubric */
#define GW_PROJECT_CRITERION_MAX 20   /* characters of a criterion's name */

typedef enum {
    GW_PJ_DRAFT = 0, GW_PJ_PUBLISHED, GW_PJ_CLAIMED, GW_PJ_IN_PROGRESS, GW_PJ_DELIVERED, GW_PJ_EVALUATED,
    GW_PJ_CLOSED, GW_PJ_CANCELLED, GW_PJ__COUNT
} gw_project_status;
/* publish: draft -> published; assign (a claim approved): published or claimed -> claimed; start:
 * claimed -> in_progress; deliver: in_progress -> delivered; evaluate (the result published): delivered
 * -> evaluated; close (points paid): evaluated -> closed; cancel: draft, published, claimed or
 * in_progress -> cancelled. closed and cancelled are final. */
typedef enum {
    GW_PJA_PUBLISH = 0, GW_PJA_ASSIGN, GW_PJA_START, GW_PJA_DELIVER, GW_PJA_EVALUATE, GW_PJA_CLOSE, GW_PJA_CANCEL,
    GW_PJA__COUNT
} gw_project_action;
typedef enum { GW_CL_PENDING = 0, GW_CL_APPROVED, GW_CL_REJECTED, GW_CL__COUNT } gw_claim_status;
/* The three evaluating parties: resident representatives, community staff, a third party. */
typedef enum { GW_EP_RESIDENTS = 0, GW_EP_STAFF, GW_EP_THIRD, GW_EP__COUNT } gw_eval_party;

/* Names in the API and the database; "unknown" out of range. parse: the value or -1 (NULL too). */
const char *gw_project_status_name(int v);
int gw_project_status_parse(const char *s);
const char *gw_project_action_name(int v);
int gw_project_action_parse(const char *s);
const char *gw_claim_status_name(int v);
int gw_claim_status_parse(const char *s);
const char *gw_eval_party_name(int v);
int gw_eval_party_parse(const char *s);

/* The lifecycle: on success *to is the new status; GW_E_CONFLICT when act is not allowed from `from`,
 * GW_E_INVALID for an unknown status or action. *to is untouched on failure. */
gw_err gw_project_step(gw_project_status from, gw_project_action act, gw_project_status *to);
/* Whether residents and partners see the project (published and after, not cancelled or draft). */
int gw_project_visible(gw_project_status s);

/* A rubric: n (1..GW_PROJECT_CRITERIA_MAX) criteria, each weight 1..100, the weights summing to 100. */
typedef struct {
    int n;
    char name[GW_PROJECT_CRITERIA_MAX][GW_PROJECT_CRITERION_MAX * 4 + 1];
    int weight[GW_PROJECT_CRITERIA_MAX];
} gw_rubric;
/* The rubric's shape (names 1..GW_PROJECT_CRITERION_MAX characters, not repeated). GW_E_INVALID with msg. */
gw_err gw_rubric_check(const gw_rubric *r, char *msg, size_t msgn);
/* The default rubric: 目标达成 40, 居民满意 30, 过程规范 20, 资源节约 10. */
void gw_rubric_default(gw_rubric *r);
/* The parties' weights: each 0..100, summing to 100. GW_E_INVALID with msg. */
gw_err gw_party_weights_check(const int w[GW_EP__COUNT], char *msg, size_t msgn);

/* One scorecard: scores[i] (0..100) for criterion i. *total = Σ scores[i] × weight[i], in hundredths.
 * GW_E_INVALID when n differs from the rubric's or a score is out of range. */
gw_err gw_eval_card_total(const gw_rubric *r, const int *scores, int n, int64_t *total, char *msg, size_t msgn);

/* The weighted result: party p's score is the mean of its cards' totals (sum[p] / cards[p], rounded half
 * up), the result Σ weight[p] × score[p] / 100 (rounded half up), both in hundredths. GW_E_CONFLICT when
 * a party with weight > 0 has no card yet (msg names it). party_score may be NULL. */
gw_err gw_eval_result(const int weight[GW_EP__COUNT], const int64_t sum[GW_EP__COUNT], const int cards[GW_EP__COUNT],
                      int64_t party_score[GW_EP__COUNT], int64_t *result, char *msg, size_t msgn);

/* Points awarded on closing: each amount >= 0 and the sum within budget. GW_E_INVALID for a negative
 * amount, GW_E_CONFLICT (msg with both figures) when the sum exceeds the budget. */
gw_err gw_project_awards_check(int64_t budget, const int64_t *amount, int n, char *msg, size_t msgn);

#endif
