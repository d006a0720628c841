/* partners/project_svc.c — see project_svc.h: staff's side (create, lifecycle, awards, representatives,
 * claims). The partners' and representatives' side and the scorecards are in project_part_svc.c. */
#include "partners/project_svc.h"
#include "base/clock.h"
#include "core/audit.h"
#include "core/resident_store.h"
#include "core/scope.h"
#include "json/reply.h"
#include "partners/credit_store.h"
#include "partners/ledger_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

gw_err gw_project_audit(gw_db *tx, const gw_principal *who, const char *what, int64_t id, const char *detail)
{
    char obj[40], action[48];
    snprintf(obj, sizeof obj, "project:%lld", (long long)id);
    snprintf(action, sizeof action, "project.%s", what);
    return gw_audit_append(tx, gw_now_ms(), who->user_id, action, obj, detail ? detail : "");
}

gw_err gw_project_load(gw_db *db, const gw_principal *who, int64_t id, gw_project_row *p, char *msg, size_t msgn)
{
    gw_err e = gw_store_project_get(db, id, p);
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no such project");
    if (e) return e;
    int64_t partner;
    int visible = who->kind != GW_PK_RESIDENT
                      ? gw_scope_has_path(who, p->community_path)
                      : gw_project_visible((gw_project_status)p->status) &&
                            (gw_store_project_rep_is(db, id, who->resident_id) == GW_OK ||
                             gw_store_project_partner_of(db, who->resident_id, p->community_id, &partner) == GW_OK);
    return visible ? GW_OK : gw_say(msg, msgn, GW_E_NOT_FOUND, "no such project");
}

static gw_err read_rubric(json_t *arr, gw_rubric *r, char *msg, size_t msgn)
{
    if (!arr) { gw_rubric_default(r); return GW_OK; }
    memset(r, 0, sizeof *r);
    if (!json_is_array(arr) || json_array_size(arr) < 1 || json_array_size(arr) > GW_PROJECT_CRITERIA_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "a rubric holds 1 to %d criteria", GW_PROJECT_CRITERIA_MAX);
    r->n = (int)json_array_size(arr);
    for (int i = 0; i < r->n; i++) {
        const char *name = NULL;
        json_int_t w = 0;
        char m[160];
        if (gw_json_unpack(json_array_get(arr, (size_t)i), m, sizeof m, "{s:s, s:I}", "name", &name, "weight", &w))
            return gw_say(msg, msgn, GW_E_INVALID, "rubric: %s", m);
        if (strlen(name) >= sizeof r->name[i] || w < 0 || w > 100)
            return gw_say(msg, msgn, GW_E_INVALID, "a criterion's weight is 1 to 100");
        snprintf(r->name[i], sizeof r->name[i], "%s", name);
        r->weight[i] = (int)w;
    }
    return gw_rubric_check(r, msg, msgn);
}

static gw_err read_weights(json_t *o, int w[GW_EP__COUNT], char *msg, size_t msgn)
{
    w[GW_EP_RESIDENTS] = 40, w[GW_EP_STAFF] = 30, w[GW_EP_THIRD] = 30;
    if (!o) return GW_OK;
    json_int_t a = 0, b = 0, c = 0;
    char m[160];
    if (gw_json_unpack(o, m, sizeof m, "{s:I, s:I, s:I}", "residents", &a, "staff", &b, "third_party", &c))
        return gw_say(msg, msgn, GW_E_INVALID, "weights: %s", m);
    if (a < 0 || b < 0 || c < 0 || a > 100 || b > 100 || c > 100)
        return gw_say(msg, msgn, GW_E_INVALID, "a party's weight is 0 to 100");
    w[0] = (int)a, w[1] = (int)b, w[2] = (int)c;
    return gw_party_weights_check(w, msg, msgn);
}

static gw_err check_project_in(const gw_project_in *in, gw_project_row *p, char *msg, size_t msgn)
{
    gw_err e = gw_json_check_text("title", in->title, 1, GW_SURVEY_TITLE_MAX, msg, msgn);
    if (!e) e = gw_json_check_text("goals", in->goals, 0, GW_PROJECT_TEXT_MAX, msg, msgn);
    if (e) return e;
    if (in->budget < 0 || in->budget > GW_PROJECT_BUDGET_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "budget is 0 to %d points", GW_PROJECT_BUDGET_MAX);
    if (in->capacity < 0 || in->capacity > 100000) return gw_say(msg, msgn, GW_E_INVALID, "capacity is 0 to 100000");
    if (in->survey_id < 0) return gw_say(msg, msgn, GW_E_INVALID, "ids are positive integers");
    if (gw_clock_parse(in->starts_at, &p->starts_ms) || gw_clock_parse(in->ends_at, &p->ends_ms) ||
        p->ends_ms <= p->starts_ms)
        return gw_say(msg, msgn, GW_E_INVALID, "starts_at and ends_at are ISO 8601 times, ends_at after starts_at");
    if (in->n_visits > GW_PROJECT_VISITS_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "visit_ids holds at most %d visits", GW_PROJECT_VISITS_MAX);
    if ((e = read_rubric(in->rubric, &p->rubric, msg, msgn))) return e;
    return read_weights(in->weights, p->weight, msg, msgn);
}

typedef struct { const gw_principal *who; gw_project_row *p; const gw_project_in *in; char *msg; size_t msgn; } create_op;

static gw_err op_create(gw_db *tx, void *arg)
{
    create_op *o = arg;
    char path[128];
    gw_err e = gw_store_community_path(tx, o->p->community_id, path, sizeof path);
    if (e == GW_E_NOT_FOUND) return gw_say(o->msg, o->msgn, GW_E_INVALID, "community_id must name a community");
    if (e) return e;
    if (!gw_scope_has_path(o->who, path))
        return gw_say(o->msg, o->msgn, GW_E_FORBIDDEN, "the community must lie in your own area");
    if (o->in->survey_id && gw_store_project_survey_in(tx, o->in->survey_id, o->p->community_id))
        return gw_say(o->msg, o->msgn, GW_E_INVALID, "survey_id must name a survey of the project's community");
    for (int i = 0; i < o->in->n_visits; i++)
        if (o->in->visit_ids[i] <= 0 || gw_store_project_visit_in(tx, o->in->visit_ids[i], o->p->community_id))
            return gw_say(o->msg, o->msgn, GW_E_INVALID, "visit_ids must name visits of the project's community");
    if ((e = gw_store_project_insert(tx, o->p))) return e;
    return gw_project_audit(tx, o->who, "create", o->p->id, o->p->title);
}

gw_err gw_project_create(gw_store *s, const gw_principal *who, const gw_project_in *in, int64_t *id, char *msg,
                         size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    gw_project_row *p = calloc(1, sizeof *p);
    if (!p) return GW_E_NOMEM;
    gw_err e = check_project_in(in, p, msg, msgn);
    if (!e) {
        p->community_id = in->community_id;
        p->budget = in->budget;
        p->capacity = in->capacity;
        p->survey_id = in->survey_id;
        p->status = GW_PJ_DRAFT;
        p->result = -1;
        p->created_by = who->user_id;
        p->created_ms = p->updated_ms = gw_now_ms();
        snprintf(p->title, sizeof p->title, "%s", in->title);
        snprintf(p->goals, sizeof p->goals, "%s", in->goals ? in->goals : "");
        size_t k = 0;
        for (int i = 0; i < in->n_visits; i++)
            k += (size_t)snprintf(p->visit_ids + k, sizeof p->visit_ids - k, "%s%lld", i ? "," : "",
                                  (long long)in->visit_ids[i]);
        msg[0] = 0;
        create_op o = { who, p, in, msg, msgn };
        e = gw_store_write(s, op_create, &o);
        if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the project");
        *id = p->id;
    }
    free(p);
    return e;
}

gw_err gw_project_list(gw_db *db, const gw_principal *who, gw_project_query *q, gw_project_row *out, size_t *n,
                       int64_t *total, char *msg, size_t msgn)
{
    *n = 0;
    *total = 0;
    if (who->kind == GW_PK_RESIDENT) {
        q->div_prefix = NULL;
        q->resident_id = who->resident_id;
    } else {
        if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
        q->div_prefix = who->role == GW_R_ADMIN ? NULL : who->div_path;
        q->resident_id = 0;
    }
    gw_err e = gw_store_project_list(db, q, out, n, total);
    return e ? gw_say(msg, msgn, e, "could not list projects") : GW_OK;
}

/* The parties' cards so far: sums, counts and scores. */
static void tally_cards(gw_project_detail *d)
{
    int64_t sum[GW_EP__COUNT] = { 0 }, result;
    char msg[120];
    memset(d->cards, 0, sizeof d->cards);
    for (size_t i = 0; i < d->n_evals; i++)
        if (d->evals[i].party >= 0) {
            sum[d->evals[i].party] += d->evals[i].total;
            d->cards[d->evals[i].party]++;
        }
    gw_eval_result(d->p.weight, sum, d->cards, d->party_score, &result, msg, sizeof msg);
}

static gw_err load_parts(gw_db *db, gw_project_detail *d)
{
    gw_err e = gw_store_claims(db, d->p.id, d->claims, GW_PROJECT_CLAIMS_MAX, &d->n_claims);
    if (!e) e = gw_store_progress(db, d->p.id, d->progress, GW_PROJECT_PROGRESS_MAX, &d->n_progress);
    if (!e) e = gw_store_evals(db, d->p.id, d->evals, GW_PROJECT_EVALS_MAX, &d->n_evals);
    if (!e) e = gw_store_project_reps(db, d->p.id, d->reps, GW_PROJECT_REPS_MAX, &d->n_reps);
    if (!e) tally_cards(d);
    return e;
}

gw_err gw_project_get(gw_db *db, const gw_principal *who, int64_t id, gw_project_detail *out, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT && !gw_may(who, GW_P_PARTNER_VIEW))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    memset(out, 0, sizeof *out);
    gw_err e = gw_project_load(db, who, id, &out->p, msg, msgn);
    if (!e) e = load_parts(db, out);
    return e;
}

/* The points each approved claim gets (amount[i] for claims[i]; 0 for the others): from awards
 * ([{partner_id, points}]) or the budget split evenly. */
static gw_err read_awards(const gw_project_detail *d, json_t *awards, int64_t *amount, char *msg, size_t msgn)
{
    size_t approved = 0, i, k;
    for (i = 0; i < d->n_claims; i++) approved += d->claims[i].status == GW_CL_APPROVED;
    if (!approved) return gw_say(msg, msgn, GW_E_CONFLICT, "no approved claim to pay");
    for (i = 0; i < d->n_claims; i++)
        amount[i] = awards || d->claims[i].status != GW_CL_APPROVED ? 0 : d->p.budget / (int64_t)approved;
    if (!awards) return GW_OK;
    if (!json_is_array(awards) || json_array_size(awards) > GW_PROJECT_CLAIMS_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "awards must be an array of {partner_id, points}");
    json_t *o;
    json_array_foreach(awards, k, o) {
        json_int_t partner = 0, points = 0;
        char m[160];
        if (gw_json_unpack(o, m, sizeof m, "{s:I, s:I}", "partner_id", &partner, "points", &points))
            return gw_say(msg, msgn, GW_E_INVALID, "awards: %s", m);
        for (i = 0; i < d->n_claims; i++)
            if (d->claims[i].partner_id == partner && d->claims[i].status == GW_CL_APPROVED) break;
        if (i == d->n_claims) return gw_say(msg, msgn, GW_E_INVALID, "awards name a partner without an approved claim");
        if (amount[i]) return gw_say(msg, msgn, GW_E_INVALID, "awards name a partner twice");
        if (points < 0) return gw_say(msg, msgn, GW_E_INVALID, "points awarded are 0 or more");
        amount[i] = points;
    }
    return GW_OK;
}

/* Pay the approved partners in one linked batch from the community's issuance account, and append their
 * credit events, inside tx. */
static gw_err pay(gw_db *tx, const gw_principal *who, gw_project_detail *d, json_t *awards, char *msg, size_t msgn)
{
    int64_t amount[GW_PROJECT_CLAIMS_MAX], now = gw_now_ms(), issuance, acct;
    gw_err e = read_awards(d, awards, amount, msg, msgn);
    if (!e) e = gw_project_awards_check(d->p.budget, amount, (int)d->n_claims, msg, msgn);
    if (!e) e = gw_ledger_account_ensure(tx, d->p.community_id, GW_LO_SYSTEM, GW_LS_ISSUANCE, now, &issuance);
    if (e) return e;
    gw_ledger_item *items = calloc(GW_PROJECT_CLAIMS_MAX, sizeof *items);
    if (!items) return GW_E_NOMEM;
    int n = 0, failed = -1;
    d->p.paid = 0;
    for (size_t i = 0; !e && i < d->n_claims; i++) {
        if (!amount[i]) continue;
        e = gw_ledger_account_ensure(tx, d->p.community_id, GW_LO_PARTNER, d->claims[i].partner_id, now, &acct);
        gw_ledger_req *q = &items[n++].req;
        snprintf(q->client_id, sizeof q->client_id, "prj-%lld-%lld", (long long)d->p.id,
                 (long long)d->claims[i].partner_id);
        q->kind = GW_LK_POSTED;
        q->debit_account_id = issuance;
        q->credit_account_id = acct;
        q->amount = amount[i];
        snprintf(q->memo, sizeof q->memo, "项目 %s", d->p.title);
        d->p.paid += amount[i];
    }
    if (!e && n) e = gw_ledger_submit_tx(tx, who, items, n, &failed, msg, msgn);
    free(items);
    int64_t score = (d->p.result + 50) / 100;
    for (size_t i = 0; !e && i < d->n_claims; i++) {
        if (d->claims[i].status != GW_CL_APPROVED) continue;
        d->claims[i].award = amount[i];
        gw_credit_event ev = { d->claims[i].partner_id, GW_CE_EVALUATION, score, "project", d->p.id, now };
        e = gw_store_claim_update(tx, &d->claims[i]);
        if (!e) e = gw_credit_event_add(tx, &ev);
        ev.kind = GW_CE_PROJECT_DONE, ev.value = 1;
        if (!e) e = gw_credit_event_add(tx, &ev);
        ev.kind = GW_CE_POINTS_EARNED, ev.value = amount[i];
        if (!e && amount[i]) e = gw_credit_event_add(tx, &ev);
    }
    return e;
}

typedef struct {
    const gw_principal *who;
    int64_t id;
    int action;
    const char *reason;
    json_t *awards;
    char *msg;
    size_t msgn;
} act_op;

static gw_err op_act(gw_db *tx, void *arg)
{
    act_op *a = arg;
    gw_project_detail *d = calloc(1, sizeof *d);
    if (!d) return GW_E_NOMEM;
    gw_err e = gw_project_load(tx, a->who, a->id, &d->p, a->msg, a->msgn);
    gw_project_status to, from = (gw_project_status)d->p.status;
    if (!e && gw_project_step(from, (gw_project_action)a->action, &to))
        e = gw_say(a->msg, a->msgn, GW_E_CONFLICT, "a %s project cannot %s", gw_project_status_name(from),
                   gw_project_action_name(a->action));
    if (!e) e = load_parts(tx, d);
    if (!e && a->action == GW_PJA_EVALUATE) {
        int64_t sum[GW_EP__COUNT] = { 0 };
        for (size_t i = 0; i < d->n_evals; i++) sum[d->evals[i].party] += d->evals[i].total;
        e = gw_eval_result(d->p.weight, sum, d->cards, NULL, &d->p.result, a->msg, a->msgn);
    }
    if (!e && a->action == GW_PJA_CLOSE) e = pay(tx, a->who, d, a->awards, a->msg, a->msgn);
    if (!e) {
        d->p.status = to;
        snprintf(d->p.status_reason, sizeof d->p.status_reason, "%s", a->reason ? a->reason : "");
        d->p.updated_ms = gw_now_ms();
        e = gw_store_project_update(tx, &d->p);
    }
    if (!e) e = gw_project_audit(tx, a->who, gw_project_action_name(a->action), a->id, a->reason);
    free(d);
    return e;
}

gw_err gw_project_act(gw_store *s, const gw_principal *who, int64_t id, const char *action, const char *reason,
                      json_t *awards, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    act_op a = { who, id, gw_project_action_parse(action), reason, awards, msg, msgn };
    if (a.action < 0 || a.action == GW_PJA_ASSIGN)
        return gw_say(msg, msgn, GW_E_INVALID, "action must be publish, start, deliver, evaluate, close or cancel");
    gw_err e = gw_json_check_text("reason", reason, a.action == GW_PJA_CANCEL, GW_REASON_MAX, msg, msgn);
    if (e) return e;
    if (awards && a.action != GW_PJA_CLOSE) return gw_say(msg, msgn, GW_E_INVALID, "awards belong to close");
    if (awards && (!json_is_array(awards) || json_array_size(awards) > GW_PROJECT_CLAIMS_MAX))
        return gw_say(msg, msgn, GW_E_INVALID, "awards must be an array of {partner_id, points}");
    size_t k;
    json_t *aw;
    json_array_foreach(awards, k, aw) {
        json_int_t partner, points;
        char m[160];
        if (gw_json_unpack(aw, m, sizeof m, "{s:I, s:I}", "partner_id", &partner, "points", &points))
            return gw_say(msg, msgn, GW_E_INVALID, "awards: %s", m);
    }
    msg[0] = 0;
    e = gw_store_write(s, op_act, &a);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not change the project");
    return e;
}

typedef struct { const gw_principal *who; int64_t id; const int64_t *ids; int n; char *msg; size_t msgn; } reps_op;

static gw_err op_reps(gw_db *tx, void *arg)
{
    reps_op *o = arg;
    gw_project_row p;
    gw_err e = gw_project_load(tx, o->who, o->id, &p, o->msg, o->msgn);
    if (!e && (p.status == GW_PJ_CLOSED || p.status == GW_PJ_CANCELLED || p.status == GW_PJ_EVALUATED))
        e = gw_say(o->msg, o->msgn, GW_E_CONFLICT, "the representatives of a %s project are settled",
                   gw_project_status_name(p.status));
    for (int i = 0; !e && i < o->n; i++)
        if (gw_store_project_resident_in(tx, o->ids[i], p.community_id))
            e = gw_say(o->msg, o->msgn, GW_E_INVALID, "representatives must be resident accounts of the project's community");
    if (!e) e = gw_store_project_reps_set(tx, o->id, o->ids, o->n);
    return e ? e : gw_project_audit(tx, o->who, "representatives", o->id, NULL);
}

gw_err gw_project_set_reps(gw_store *s, const gw_principal *who, int64_t id, const int64_t *ids, int n, char *msg,
                           size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    if (n > GW_PROJECT_REPS_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "a project has at most %d representatives", GW_PROJECT_REPS_MAX);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < i; j++)
            if (ids[i] == ids[j]) return gw_say(msg, msgn, GW_E_INVALID, "representatives must not repeat");
    msg[0] = 0;
    reps_op o = { who, id, ids, n, msg, msgn };
    gw_err e = gw_store_write(s, op_reps, &o);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not change the project");
    return e;
}

typedef struct {
    const gw_principal *who;
    int64_t id, claim_id;
    int approve;
    const char *reason;
    char *msg;
    size_t msgn;
} decide_op;

static gw_err op_decide(gw_db *tx, void *arg)
{
    decide_op *o = arg;
    gw_project_row p;
    gw_claim_row c;
    gw_project_status to = GW_PJ_CLAIMED;
    gw_err e = gw_project_load(tx, o->who, o->id, &p, o->msg, o->msgn);
    if (e) return e;
    if ((e = gw_store_claim_get(tx, o->claim_id, &c)) || c.project_id != o->id)
        return e && e != GW_E_NOT_FOUND ? e : gw_say(o->msg, o->msgn, GW_E_NOT_FOUND, "no such claim");
    if (c.status != GW_CL_PENDING)
        return gw_say(o->msg, o->msgn, GW_E_CONFLICT, "the claim is %s already", gw_claim_status_name(c.status));
    if (o->approve && gw_project_step((gw_project_status)p.status, GW_PJA_ASSIGN, &to))
        return gw_say(o->msg, o->msgn, GW_E_CONFLICT, "a %s project takes no more partners",
                      gw_project_status_name(p.status));
    c.status = o->approve ? GW_CL_APPROVED : GW_CL_REJECTED;
    snprintf(c.reason, sizeof c.reason, "%s", o->reason);
    c.decided_by = o->who->user_id;
    c.decided_ms = gw_now_ms();
    if ((e = gw_store_claim_update(tx, &c))) return e;
    if (o->approve && (int)to != p.status) {
        p.status = to;
        p.updated_ms = c.decided_ms;
        if ((e = gw_store_project_update(tx, &p))) return e;
    }
    char detail[64];
    snprintf(detail, sizeof detail, "claim %lld: %s", (long long)c.id, gw_claim_status_name(c.status));
    return gw_project_audit(tx, o->who, o->approve ? "claim_approve" : "claim_reject", o->id, detail);
}

gw_err gw_project_decide(gw_store *s, const gw_principal *who, int64_t id, int64_t claim_id, const char *action,
                         const char *reason, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
    int approve = action && !strcmp(action, "approve");
    if (!approve && !(action && !strcmp(action, "reject")))
        return gw_say(msg, msgn, GW_E_INVALID, "action must be approve or reject");
    gw_err e = gw_json_check_text("reason", reason, 1, GW_REASON_MAX, msg, msgn);
    if (e) return e;
    msg[0] = 0;
    decide_op o = { who, id, claim_id, approve, reason, msg, msgn };
    e = gw_store_write(s, op_decide, &o);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not change the claim");
    return e;
}
