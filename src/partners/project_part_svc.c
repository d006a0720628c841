/* partners/project_part_svc.c — see project_svc.h: the partners' claims and progress, and the three
 * parties' scorecards (representatives on H5, staff and the third party entered by staff). */
#include "partners/project_svc.h"
#include "base/clock.h"
#include "core/attachment.h"
#include "core/attachment_store.h"
#include "core/scope.h"
#include "json/reply.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const gw_principal *who;
    int64_t id;
    int party;
    const char *scorer_name, *note;
    const int *scores;
    int n;
    char *msg;
    size_t msgn;
} score_op;

static gw_err op_score(gw_db *tx, void *arg)
{
    score_op *o = arg;
    gw_project_row p;
    gw_eval_row ev = { .project_id = o->id, .party = o->party, .created_ms = gw_now_ms() };
    gw_err e = gw_project_load(tx, o->who, o->id, &p, o->msg, o->msgn);
    if (e) return e;
    if (o->who->kind == GW_PK_RESIDENT && gw_store_project_rep_is(tx, o->id, o->who->resident_id))
        return gw_say(o->msg, o->msgn, GW_E_FORBIDDEN, "only the project's resident representatives evaluate here");
    if (p.status != GW_PJ_DELIVERED)
        return gw_say(o->msg, o->msgn, GW_E_CONFLICT, "only a delivered project is evaluated; this one is %s",
                      gw_project_status_name(p.status));
    if ((e = gw_eval_card_total(&p.rubric, o->scores, o->n, &ev.total, o->msg, o->msgn))) return e;
    if (o->who->kind == GW_PK_RESIDENT) {
        snprintf(ev.scorer, sizeof ev.scorer, "resident:%lld", (long long)o->who->resident_id);
    } else if (o->party == GW_EP_STAFF) {
        snprintf(ev.scorer, sizeof ev.scorer, "user:%lld", (long long)o->who->user_id);
        snprintf(ev.scorer_name, sizeof ev.scorer_name, "%s", o->who->display_name);
    } else {
        snprintf(ev.scorer, sizeof ev.scorer, "org:%s", o->scorer_name);
        snprintf(ev.scorer_name, sizeof ev.scorer_name, "%s", o->scorer_name);
    }
    ev.created_by = o->who->user_id;
    size_t k = 0;
    for (int i = 0; i < o->n; i++) k += (size_t)snprintf(ev.scores + k, sizeof ev.scores - k, "%s%d", i ? "," : "", o->scores[i]);
    snprintf(ev.note, sizeof ev.note, "%s", o->note ? o->note : "");
    if ((e = gw_store_eval_insert(tx, &ev)) == GW_E_CONFLICT)
        return gw_say(o->msg, o->msgn, e, "this scorer has evaluated the project already");
    char detail[64];
    snprintf(detail, sizeof detail, "%s: %lld", gw_eval_party_name(o->party), (long long)ev.total);
    return e ? e : gw_project_audit(tx, o->who, "evaluate", o->id, detail);
}

gw_err gw_project_score(gw_store *s, const gw_principal *who, int64_t id, const char *party, const char *scorer_name,
                        const int *scores, int n, const char *note, char *msg, size_t msgn)
{
    score_op o = { who, id, gw_eval_party_parse(party), scorer_name, note, scores, n, msg, msgn };
    if (who->kind == GW_PK_RESIDENT) {
        o.party = GW_EP_RESIDENTS;
        if (party || scorer_name) return gw_say(msg, msgn, GW_E_INVALID, "a representative scores for the residents");
    } else {
        if (!gw_may(who, GW_P_PARTNER_MANAGE))
            return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage partners");
        if (o.party != GW_EP_STAFF && o.party != GW_EP_THIRD)
            return gw_say(msg, msgn, GW_E_INVALID, "party must be staff or third_party");
        gw_err e = gw_json_check_text("scorer_name", scorer_name, o.party == GW_EP_THIRD, GW_NAME_MAX, msg, msgn);
        if (e) return e;
        if (o.party == GW_EP_STAFF && scorer_name)
            return gw_say(msg, msgn, GW_E_INVALID, "scorer_name belongs to the third party");
    }
    gw_err e = gw_json_check_text("note", note, 0, GW_PROJECT_TEXT_MAX, msg, msgn);
    if (e) return e;
    msg[0] = 0;
    e = gw_store_write(s, op_score, &o);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the evaluation");
    return e;
}

typedef struct { const gw_principal *who; int64_t id; const char *plan; char *msg; size_t msgn; } claim_op;

static gw_err op_claim(gw_db *tx, void *arg)
{
    claim_op *o = arg;
    gw_project_row p;
    gw_claim_row c = { .project_id = o->id, .status = GW_CL_PENDING, .created_ms = gw_now_ms() };
    gw_err e = gw_project_load(tx, o->who, o->id, &p, o->msg, o->msgn);
    if (e) return e;
    if (gw_store_project_partner_of(tx, o->who->resident_id, p.community_id, &c.partner_id))
        return gw_say(o->msg, o->msgn, GW_E_FORBIDDEN, "only an active partner of the project's community may claim it");
    if (p.status != GW_PJ_PUBLISHED && p.status != GW_PJ_CLAIMED)
        return gw_say(o->msg, o->msgn, GW_E_CONFLICT, "a %s project takes no more claims",
                      gw_project_status_name(p.status));
    gw_claim_row *all = calloc(GW_PROJECT_CLAIMS_MAX, sizeof *all);
    size_t n = 0;
    e = all ? gw_store_claims(tx, o->id, all, GW_PROJECT_CLAIMS_MAX, &n) : GW_E_NOMEM;
    free(all);
    if (!e && n >= GW_PROJECT_CLAIMS_MAX)
        return gw_say(o->msg, o->msgn, GW_E_CONFLICT, "the project has %d claims already", GW_PROJECT_CLAIMS_MAX);
    snprintf(c.plan, sizeof c.plan, "%s", o->plan);
    if (!e && (e = gw_store_claim_insert(tx, &c)) == GW_E_CONFLICT)
        return gw_say(o->msg, o->msgn, e, "you have claimed this project already");
    char detail[48];
    snprintf(detail, sizeof detail, "partner %lld", (long long)c.partner_id);
    return e ? e : gw_project_audit(tx, o->who, "claim", o->id, detail);
}

gw_err gw_project_claim(gw_store *s, const gw_principal *who, int64_t id, const char *plan, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT) return gw_say(msg, msgn, GW_E_FORBIDDEN, "sign in with a resident account");
    gw_err e = gw_json_check_text("plan", plan, 1, GW_PROJECT_TEXT_MAX, msg, msgn);
    if (e) return e;
    msg[0] = 0;
    claim_op o = { who, id, plan, msg, msgn };
    e = gw_store_write(s, op_claim, &o);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the claim");
    return e;
}

typedef struct {
    const gw_principal *who;
    int64_t id;
    const char *note;
    const char *const *photos;
    int n_photos;
    char *msg;
    size_t msgn;
} progress_op;

/* The partner's approved claim on the project: GW_OK with *partner, or a refusal. */
static gw_err approved_partner(gw_db *tx, progress_op *o, const gw_project_row *p, int64_t *partner)
{
    gw_claim_row *all = calloc(GW_PROJECT_CLAIMS_MAX, sizeof *all);
    size_t n = 0;
    gw_err e = all ? gw_store_claims(tx, o->id, all, GW_PROJECT_CLAIMS_MAX, &n) : GW_E_NOMEM;
    int found = 0;
    if (!e && gw_store_project_partner_of(tx, o->who->resident_id, p->community_id, partner) == GW_OK)
        for (size_t i = 0; i < n; i++) found |= all[i].partner_id == *partner && all[i].status == GW_CL_APPROVED;
    free(all);
    if (e) return e;
    return found ? GW_OK
                 : gw_say(o->msg, o->msgn, GW_E_FORBIDDEN, "only a partner whose claim was approved posts progress");
}

static gw_err op_progress(gw_db *tx, void *arg)
{
    progress_op *o = arg;
    gw_project_row p;
    gw_progress_row g = { .project_id = o->id, .created_ms = gw_now_ms() };
    gw_err e = gw_project_load(tx, o->who, o->id, &p, o->msg, o->msgn);
    if (!e) e = approved_partner(tx, o, &p, &g.partner_id);
    if (e) return e;
    if (p.status != GW_PJ_CLAIMED && p.status != GW_PJ_IN_PROGRESS)
        return gw_say(o->msg, o->msgn, GW_E_CONFLICT, "a %s project takes no progress updates",
                      gw_project_status_name(p.status));
    size_t k = 0;
    for (int i = 0; i < o->n_photos; i++) {
        char mime[64];
        if (gw_store_attachment_mime(tx, o->photos[i], mime, sizeof mime))
            return gw_say(o->msg, o->msgn, GW_E_INVALID, "photos must name uploaded files");
        k += (size_t)snprintf(g.photos + k, sizeof g.photos - k, "%s%s", i ? "," : "", o->photos[i]);
    }
    snprintf(g.note, sizeof g.note, "%s", o->note);
    if ((e = gw_store_progress_insert(tx, &g))) return e;
    return gw_project_audit(tx, o->who, "progress", o->id, NULL);
}

gw_err gw_project_progress(gw_store *s, const gw_principal *who, int64_t id, const char *note, const char *const *photos,
                           int n_photos, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT) return gw_say(msg, msgn, GW_E_FORBIDDEN, "sign in with a resident account");
    gw_err e = gw_json_check_text("note", note, 1, GW_PROJECT_TEXT_MAX, msg, msgn);
    if (e) return e;
    if (n_photos > GW_PROJECT_PHOTOS_MAX)
        return gw_say(msg, msgn, GW_E_INVALID, "at most %d photos", GW_PROJECT_PHOTOS_MAX);
    for (int i = 0; i < n_photos; i++) {
        if (!photos[i] || !gw_sha256_hex_ok(photos[i]))
            return gw_say(msg, msgn, GW_E_INVALID, "photos must name uploaded files");
        for (int j = 0; j < i; j++)
            if (!strcmp(photos[i], photos[j])) return gw_say(msg, msgn, GW_E_INVALID, "photos must not repeat");
    }
    msg[0] = 0;
    progress_op o = { who, id, note, photos, n_photos, msg, msgn };
    e = gw_store_write(s, op_progress, &o);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the progress");
    return e;
}

gw_err gw_project_photo_ok(gw_db *db, const gw_principal *who, int64_t id, const char *sha256)
{
    gw_project_row p;
    char msg[120];
    if (!gw_sha256_hex_ok(sha256)) return GW_E_NOT_FOUND;
    if (who->kind != GW_PK_RESIDENT && !gw_may(who, GW_P_PARTNER_VIEW)) return GW_E_NOT_FOUND;
    gw_err e = gw_project_load(db, who, id, &p, msg, sizeof msg);
    return e ? e : gw_store_progress_has_photo(db, id, sha256);
}
