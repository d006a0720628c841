/* partners/earn_live_svc.c — volunteer activities and live sign-in/out (see earn_svc.h). The sign-in
 * code rotates every GW_EARN_CODE_SLOT_MS: six digits of a keyed hash of the activity's secret and the
 * slot number, so every server derives the same code without storing it; the current and the previous
 * slot's codes are accepted (a code read just before it changed still works). */
#include "partners/earn_svc.h"
#include "base/clock.h"
#include "core/admin.h"
#include "core/scope.h"
#include "json/reply.h"
#include "partners/partner_store.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARTNERS_SCAN 20 /* a resident's partner records looked at */

void gw_earn_code_at(const char *secret, int64_t t_ms, char code[8])
{
    unsigned char h[8];
    char slot[32];
    int n = snprintf(slot, sizeof slot, "%lld", (long long)(t_ms / GW_EARN_CODE_SLOT_MS));
    crypto_generichash(h, sizeof h, (const unsigned char *)slot, (size_t)n, (const unsigned char *)secret, strlen(secret));
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v = v << 8 | h[i];
    snprintf(code, 8, "%06u", (unsigned)(v % 1000000));
}

static gw_err audit(gw_db *tx, int64_t now, int64_t actor, const char *action, const char *kind, int64_t id,
                    json_t *detail)
{
    char *d = gw_admin_detail_of(detail);
    gw_err e = gw_admin_audit(tx, now, actor, action, kind, id, d ? d : "");
    free(d);
    return e;
}

/* ---- activities ---- */

static gw_err check_activity_in(const gw_earn_activity_in *in, char *msg, size_t n)
{
    gw_err e = gw_json_check_text("title", in->title, 1, GW_EARN_NAME_MAX, msg, n);
    if (!e) e = gw_json_check_text("address", in->address, 0, GW_EARN_NOTE_MAX, msg, n);
    if (e) return e;
    if (in->rule_id <= 0) return gw_say(msg, n, GW_E_INVALID, "rule_id is required");
    if (!(in->place.lon >= -180 && in->place.lon <= 180 && in->place.lat >= -90 && in->place.lat <= 90))
        return gw_say(msg, n, GW_E_INVALID, "lon and lat must be a point on Earth");
    if (in->radius_m < 10 || in->radius_m > GW_EARN_RADIUS_MAX)
        return gw_say(msg, n, GW_E_INVALID, "radius_m must be between 10 and %d", GW_EARN_RADIUS_MAX);
    if (in->starts_ms <= 0 || in->ends_ms <= in->starts_ms || in->ends_ms - in->starts_ms > GW_EARN_SPAN_MAX)
        return gw_say(msg, n, GW_E_INVALID, "the activity must end after it starts, within a week");
    return GW_OK;
}

typedef struct {
    const gw_principal *who;
    const gw_earn_activity_in *in;
    gw_earn_activity *row;
    char *msg;
    size_t msgn;
} activity_op;

static gw_err op_activity_create(gw_db *tx, void *arg)
{
    activity_op *w = arg;
    gw_earn_rule rule;
    gw_err e = gw_store_earn_rule_get(tx, w->in->rule_id, &rule);
    if (e == GW_E_NOT_FOUND) return gw_say(w->msg, w->msgn, GW_E_INVALID, "rule_id must name an earning rule");
    if (e) return e;
    if (!gw_scope_has_path(w->who, rule.community_path))
        return gw_say(w->msg, w->msgn, GW_E_FORBIDDEN, "the rule's community must lie in your own area");
    if (rule.unit != GW_EU_HOUR) return gw_say(w->msg, w->msgn, GW_E_INVALID, "an activity needs a rule that counts hours");
    if (!rule.active) return gw_say(w->msg, w->msgn, GW_E_CONFLICT, "the rule %s is not in force", rule.code);
    gw_earn_activity *a = w->row;
    memset(a, 0, sizeof *a);
    a->community_id = rule.community_id;
    a->rule_id = rule.id;
    snprintf(a->title, sizeof a->title, "%s", w->in->title);
    snprintf(a->address, sizeof a->address, "%s", w->in->address ? w->in->address : "");
    a->place = w->in->place;
    a->radius_m = (int32_t)w->in->radius_m;
    a->starts_ms = w->in->starts_ms;
    a->ends_ms = w->in->ends_ms;
    unsigned char raw[24];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(a->secret, sizeof a->secret, raw, sizeof raw);
    a->created_by = w->who->user_id;
    a->created_ms = gw_now_ms();
    if ((e = gw_store_earn_activity_insert(tx, a))) return e;
    return audit(tx, a->created_ms, w->who->user_id, "earn_activity.create", "earn_activity", a->id,
                 json_pack("{s:s,s:I,s:I,s:I}", "title", a->title, "rule_id", (json_int_t)a->rule_id, "starts_ms",
                           (json_int_t)a->starts_ms, "ends_ms", (json_int_t)a->ends_ms));
}

gw_err gw_earn_activity_create(gw_store *s, const gw_principal *who, const gw_earn_activity_in *in,
                               gw_earn_activity *out, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not organise activities");
    gw_err e = check_activity_in(in, msg, msgn);
    if (e) return e;
    msg[0] = 0;
    activity_op w = { who, in, out, msg, msgn };
    e = gw_store_write(s, op_activity_create, &w);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the activity");
    if (e) return e;
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    e = gw_store_earn_activity_get(db, out->id, out);
    gw_store_read_end(s, db);
    return e;
}

/* The resident's active volunteer partner records (at most max). */
static gw_err volunteer_records(gw_db *db, int64_t resident_id, gw_partner_row *out, size_t max, size_t *n)
{
    gw_partner_query q = { .resident_id = resident_id, .type = GW_PT_VOLUNTEER, .status = GW_PS_ACTIVE, .limit = max };
    int64_t total;
    return gw_store_partner_list(db, &q, out, n, &total);
}

gw_err gw_earn_activity_list(gw_db *db, const gw_principal *who, int64_t ends_after_ms, gw_earn_activity *out,
                             size_t *n, char *msg, size_t msgn)
{
    *n = 0;
    if (who->kind != GW_PK_RESIDENT) {
        if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see activities");
        gw_err e = gw_store_earn_activities(db, who->role == GW_R_ADMIN ? NULL : who->div_path, 0, ends_after_ms, out,
                                            GW_EARN_ACTIVITIES_MAX, n);
        return e ? gw_say(msg, msgn, e, "could not list the activities") : GW_OK;
    }
    gw_partner_row *ps = calloc(PARTNERS_SCAN, sizeof *ps);
    if (!ps) return GW_E_NOMEM;
    size_t np = 0;
    gw_err e = volunteer_records(db, who->resident_id, ps, PARTNERS_SCAN, &np);
    for (size_t i = 0; !e && i < np && *n < GW_EARN_ACTIVITIES_MAX; i++) {
        size_t got = 0;
        e = gw_store_earn_activities(db, NULL, ps[i].community_id, ends_after_ms, out + *n,
                                     GW_EARN_ACTIVITIES_MAX - *n, &got);
        *n += got;
    }
    free(ps);
    return e ? gw_say(msg, msgn, e, "could not list the activities") : GW_OK;
}

gw_err gw_earn_activity_code(gw_db *db, const gw_principal *who, int64_t id, int64_t now_ms, char code[8],
                             int64_t *until_ms, char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not show sign-in codes");
    gw_earn_activity a;
    gw_err e = gw_store_earn_activity_get(db, id, &a);
    if (!e && !gw_scope_has_path(who, a.community_path)) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no such activity");
    if (e) return gw_say(msg, msgn, e, "could not read the activity");
    gw_earn_code_at(a.secret, now_ms, code);
    *until_ms = (now_ms / GW_EARN_CODE_SLOT_MS + 1) * GW_EARN_CODE_SLOT_MS;
    return GW_OK;
}

/* ---- sign-in and sign-out ---- */

typedef struct {
    const gw_principal *who;
    int64_t activity_id;
    const char *code; /* sign-in only */
    gw_point at;
    gw_earn_record *row;
    char *msg;
    size_t msgn;
} sign_op;

/* The activity and the resident's active volunteer record in its community. */
static gw_err sign_parties(gw_db *tx, sign_op *w, gw_earn_activity *a, int64_t *partner_id)
{
    gw_err e = gw_store_earn_activity_get(tx, w->activity_id, a);
    if (e == GW_E_NOT_FOUND) return gw_say(w->msg, w->msgn, e, "no such activity");
    if (e) return e;
    gw_partner_row *ps = calloc(PARTNERS_SCAN, sizeof *ps);
    if (!ps) return GW_E_NOMEM;
    size_t np = 0;
    *partner_id = 0;
    e = volunteer_records(tx, w->who->resident_id, ps, PARTNERS_SCAN, &np);
    for (size_t i = 0; !e && i < np; i++)
        if (ps[i].community_id == a->community_id) *partner_id = ps[i].id;
    free(ps);
    if (e) return e;
    if (!*partner_id)
        return gw_say(w->msg, w->msgn, GW_E_FORBIDDEN, "sign in as an active volunteer partner of the activity's community");
    return GW_OK;
}

static gw_err op_sign_in(gw_db *tx, void *arg)
{
    sign_op *w = arg;
    gw_earn_activity a;
    int64_t partner, now = gw_now_ms(), other;
    gw_err e = sign_parties(tx, w, &a, &partner);
    if (e) return e;
    char now_code[8], prev_code[8];
    gw_earn_code_at(a.secret, now, now_code);
    gw_earn_code_at(a.secret, now - GW_EARN_CODE_SLOT_MS, prev_code);
    if (strcmp(w->code, now_code) && strcmp(w->code, prev_code))
        return gw_say(w->msg, w->msgn, GW_E_FORBIDDEN, "the sign-in code is wrong or has expired");
    gw_earn_place place = { a.starts_ms, a.ends_ms, a.place, a.radius_m };
    if ((e = gw_earn_check_signin(&place, now, w->at, w->msg, w->msgn))) return e;
    gw_earn_rule rule;
    if ((e = gw_store_earn_rule_get(tx, a.rule_id, &rule))) return e;
    if (!rule.active || !gw_earn_in_window(rule.valid_from_ms, rule.valid_to_ms, now))
        return gw_say(w->msg, w->msgn, GW_E_CONFLICT, "the activity's rule is not in force now");
    if ((e = gw_store_earn_partner_lock(tx, partner))) return e;
    if (!(e = gw_store_earn_overlap(tx, partner, 0, now, now + 1, &other)))
        return gw_say(w->msg, w->msgn, GW_E_CONFLICT, "you are already signed in or have a record at this time (record %lld)",
                      (long long)other);
    if (e != GW_E_NOT_FOUND) return e;
    gw_earn_record *r = w->row;
    memset(r, 0, sizeof *r);
    r->community_id = a.community_id;
    r->rule_id = a.rule_id;
    r->partner_id = partner;
    r->source = GW_ES_LIVE;
    r->status = GW_EST_OPEN;
    r->activity_id = a.id;
    r->started_ms = now;
    r->has_in = 1;
    r->in_at = w->at;
    r->created_ms = now;
    if ((e = gw_store_earn_record_insert(tx, r))) return e;
    return audit(tx, now, 0, "earn_record.sign_in", "earn_record", r->id,
                 json_pack("{s:I,s:I,s:I,s:f,s:f}", "resident_id", (json_int_t)w->who->resident_id, "activity_id",
                           (json_int_t)a.id, "partner_id", (json_int_t)partner, "lon", w->at.lon, "lat", w->at.lat));
}

static gw_err op_sign_out(gw_db *tx, void *arg)
{
    sign_op *w = arg;
    gw_earn_activity a;
    int64_t partner, now = gw_now_ms();
    gw_err e = sign_parties(tx, w, &a, &partner);
    if (e) return e;
    gw_earn_record_query q = { .partner_id = partner, .activity_id = a.id, .status = GW_EST_OPEN, .source = -1,
                               .limit = 1 };
    size_t n = 0;
    int64_t total;
    gw_earn_record *r = w->row;
    if ((e = gw_store_earn_records(tx, &q, r, &n, &total))) return e;
    if (!n) return gw_say(w->msg, w->msgn, GW_E_CONFLICT, "you are not signed in to this activity");
    if ((e = gw_store_earn_record_claim(tx, r->id, GW_EST_OPEN)) == GW_E_NOT_FOUND)
        return gw_say(w->msg, w->msgn, GW_E_CONFLICT, "you are not signed in to this activity");
    if (e) return e;
    gw_earn_status to;
    if ((e = gw_earn_step(r->status, GW_EA_SIGN_OUT, &to, w->msg, w->msgn))) return e;
    r->status = to;
    r->ended_ms = now < a.ends_ms ? now : a.ends_ms;
    if (r->ended_ms <= r->started_ms) r->ended_ms = r->started_ms + 1;
    r->minutes = gw_earn_minutes(r->started_ms, now, a.starts_ms, a.ends_ms);
    r->has_out = 1;
    r->out_at = w->at;
    r->updated_ms = now;
    if ((e = gw_store_earn_record_update(tx, r))) return e;
    return audit(tx, now, 0, "earn_record.sign_out", "earn_record", r->id,
                 json_pack("{s:I,s:I,s:I,s:f,s:f}", "resident_id", (json_int_t)w->who->resident_id, "minutes",
                           (json_int_t)r->minutes, "activity_id", (json_int_t)a.id, "lon", w->at.lon, "lat", w->at.lat));
}

static gw_err sign(gw_store *s, sign_op *w, gw_store_op op)
{
    if (w->who->kind != GW_PK_RESIDENT)
        return gw_say(w->msg, w->msgn, GW_E_FORBIDDEN, "sign in with a resident account");
    if (!(w->at.lon >= -180 && w->at.lon <= 180 && w->at.lat >= -90 && w->at.lat <= 90))
        return gw_say(w->msg, w->msgn, GW_E_INVALID, "lon and lat must be a point on Earth");
    w->msg[0] = 0;
    gw_err e = gw_store_write(s, op, w);
    if (e && !w->msg[0]) gw_say(w->msg, w->msgn, e, "could not sign you in or out");
    if (e) return e;
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    e = gw_store_earn_record_get(db, w->row->id, w->row);
    gw_store_read_end(s, db);
    return e;
}

gw_err gw_earn_sign_in(gw_store *s, const gw_principal *who, int64_t activity_id, const char *code, gw_point at,
                       gw_earn_record *out, char *msg, size_t msgn)
{
    if (!code || strlen(code) != 6 || strspn(code, "0123456789") != 6)
        return gw_say(msg, msgn, GW_E_INVALID, "code must be the six digits the organiser shows");
    sign_op w = { who, activity_id, code, at, out, msg, msgn };
    return sign(s, &w, op_sign_in);
}

gw_err gw_earn_sign_out(gw_store *s, const gw_principal *who, int64_t activity_id, gw_point at, gw_earn_record *out,
                        char *msg, size_t msgn)
{
    sign_op w = { who, activity_id, NULL, at, out, msg, msgn };
    return sign(s, &w, op_sign_out);
}
