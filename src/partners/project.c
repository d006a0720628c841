/* partners/project.c — see project.h. */
#include "partners/project.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

static const char *const status_names[GW_PJ__COUNT] = { "draft", "published", "claimed", "in_progress",
                                                        "delivered", "evaluated", "closed", "cancelled" };
static const char *const action_names[GW_PJA__COUNT] = { "publish", "assign", "start", "deliver",
                                                         "evaluate", "close", "cancel" };
static const char *const claim_names[GW_CL__COUNT] = { "pending", "approved", "rejected" };
static const char *const party_names[GW_EP__COUNT] = { "residents", "staff", "third_party" };

static const char *name_of(const char *const *names, int n, int v) { return v >= 0 && v < n ? names[v] : "unknown"; }

static int parse_of(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

const char *gw_project_status_name(int v) { return name_of(status_names, GW_PJ__COUNT, v); }
int gw_project_status_parse(const char *s) { return parse_of(status_names, GW_PJ__COUNT, s); }
const char *gw_project_action_name(int v) { return name_of(action_names, GW_PJA__COUNT, v); }
int gw_project_action_parse(const char *s) { return parse_of(action_names, GW_PJA__COUNT, s); }
const char *gw_claim_status_name(int v) { return name_of(claim_names, GW_CL__COUNT, v); }
int gw_claim_status_parse(const char *s) { return parse_of(claim_names, GW_CL__COUNT, s); }
const char *gw_eval_party_name(int v) { return name_of(party_names, GW_EP__COUNT, v); }
int gw_eval_party_parse(const char *s) { return parse_of(party_names, GW_EP__COUNT, s); }

#define BIT(s) (1u << (s))
/* The machine as data: the statuses an action starts from (a mask), and where it ends. */
static const struct { unsigned from; gw_project_status to; } steps[GW_PJA__COUNT] = {
    [GW_PJA_PUBLISH] = { BIT(GW_PJ_DRAFT), GW_PJ_PUBLISHED },
    [GW_PJA_ASSIGN] = { BIT(GW_PJ_PUBLISHED) | BIT(GW_PJ_CLAIMED), GW_PJ_CLAIMED },
    [GW_PJA_START] = { BIT(GW_PJ_CLAIMED), GW_PJ_IN_PROGRESS },
    [GW_PJA_DELIVER] = { BIT(GW_PJ_IN_PROGRESS), GW_PJ_DELIVERED },
    [GW_PJA_EVALUATE] = { BIT(GW_PJ_DELIVERED), GW_PJ_EVALUATED },
    [GW_PJA_CLOSE] = { BIT(GW_PJ_EVALUATED), GW_PJ_CLOSED },
    [GW_PJA_CANCEL] = { BIT(GW_PJ_DRAFT) | BIT(GW_PJ_PUBLISHED) | BIT(GW_PJ_CLAIMED) | BIT(GW_PJ_IN_PROGRESS),
                        GW_PJ_CANCELLED },
};

gw_err gw_project_step(gw_project_status from, gw_project_action act, gw_project_status *to)
{
    if ((int)from < 0 || from >= GW_PJ__COUNT || (int)act < 0 || act >= GW_PJA__COUNT) return GW_E_INVALID;
    if (!(steps[act].from & BIT(from))) return GW_E_CONFLICT;
    *to = steps[act].to;
    return GW_OK;
}

int gw_project_visible(gw_project_status s) { return s >= GW_PJ_PUBLISHED && s <= GW_PJ_CLOSED; }

gw_err gw_rubric_check(const gw_rubric *r, char *msg, size_t msgn)
{
    if (r->n < 1 || r->n > GW_PROJECT_CRITERIA_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "a rubric holds 1 to %d criteria", GW_PROJECT_CRITERIA_MAX);
    int sum = 0;
    for (int i = 0; i < r->n; i++) {
        size_t len = gw_utf8_len(r->name[i]);
        if (len < 1 || len > GW_PROJECT_CRITERION_MAX || strspn(r->name[i], " ") == strlen(r->name[i]) ||
            strpbrk(r->name[i], ":,\t\r\n"))
            return gw_say(msg, msgn, GW_E_INVALID, "a criterion's name is 1 to %d characters without ':' or ','",
                          GW_PROJECT_CRITERION_MAX);
        for (int j = 0; j < i; j++)
            if (!strcmp(r->name[i], r->name[j])) return gw_say(msg, msgn, GW_E_INVALID, "criteria must not repeat");
        if (r->weight[i] < 1 || r->weight[i] > 100)
            return gw_say(msg, msgn, GW_E_INVALID, "a criterion's weight is 1 to 100");
        sum += r->weight[i];
    }
    return sum == 100 ? GW_OK : gw_say(msg, msgn, GW_E_INVALID, "the criteria's weights must sum to 100");
}

void gw_rubric_default(gw_rubric *r)
{
    static const char *const names[] = { "目标达成", "居民满意", "过程规范", "资源节约" };
    static const int weights[] = { 40, 30, 20, 10 };
    memset(r, 0, sizeof *r);
    r->n = 4;
    for (int i = 0; i < 4; i++) {
        snprintf(r->name[i], sizeof r->name[i], "%s", names[i]);
        r->weight[i] = weights[i];
    }
}

gw_err gw_party_weights_check(const int w[GW_EP__COUNT], char *msg, size_t msgn)
{
    int sum = 0;
    for (int p = 0; p < GW_EP__COUNT; p++) {
        if (w[p] < 0 || w[p] > 100) return gw_say(msg, msgn, GW_E_INVALID, "a party's weight is 0 to 100");
        sum += w[p];
    }
    return sum == 100 ? GW_OK : gw_say(msg, msgn, GW_E_INVALID, "the parties' weights must sum to 100");
}

gw_err gw_eval_card_total(const gw_rubric *r, const int *scores, int n, int64_t *total, char *msg, size_t msgn)
{
    if (n != r->n) return gw_say(msg, msgn, GW_E_INVALID, "scores must hold one score for each of the %d criteria", r->n);
    int64_t t = 0;
    for (int i = 0; i < n; i++) {
        if (scores[i] < 0 || scores[i] > 100) return gw_say(msg, msgn, GW_E_INVALID, "each score is 0 to 100");
        t += (int64_t)scores[i] * r->weight[i];
    }
    *total = t;
    return GW_OK;
}

/* a / b rounded half up, for a >= 0, b > 0. */
static int64_t div_round(int64_t a, int64_t b) { return (a + b / 2) / b; }

gw_err gw_eval_result(const int weight[GW_EP__COUNT], const int64_t sum[GW_EP__COUNT], const int cards[GW_EP__COUNT],
                      int64_t party_score[GW_EP__COUNT], int64_t *result, char *msg, size_t msgn)
{
    int64_t acc = 0;
    for (int p = 0; p < GW_EP__COUNT; p++) {
        int64_t score = cards[p] > 0 ? div_round(sum[p], cards[p]) : 0;
        if (party_score) party_score[p] = score;
        if (weight[p] > 0 && cards[p] <= 0)
            return gw_say(msg, msgn, GW_E_CONFLICT, "the %s have not evaluated yet", gw_eval_party_name(p));
        acc += (int64_t)weight[p] * score;
    }
    *result = div_round(acc, 100);
    return GW_OK;
}

gw_err gw_project_awards_check(int64_t budget, const int64_t *amount, int n, char *msg, size_t msgn)
{
    int64_t sum = 0;
    for (int i = 0; i < n; i++) {
        if (amount[i] < 0 || amount[i] > budget) {
            if (amount[i] < 0) return gw_say(msg, msgn, GW_E_INVALID, "points awarded are 0 or more");
            return gw_say(msg, msgn, GW_E_CONFLICT, "the awards exceed the budget of %lld points", (long long)budget);
        }
        sum += amount[i];
        if (sum > budget)
            return gw_say(msg, msgn, GW_E_CONFLICT, "the awards exceed the budget of %lld points", (long long)budget);
    }
    return GW_OK;
}
