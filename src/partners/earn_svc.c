/* partners/earn_svc.c — earning rules and service records (see earn_svc.h). */
#include "partners/earn_svc.h"
#include "base/clock.h"
#include "core/admin.h"
#include "core/resident_store.h"
#include "core/scope.h"
#include "json/reply.h"
#include "partners/credit_store.h"
#include "partners/ledger_svc.h"
#include "partners/partner_store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIME_MAX (4102444800000LL) /* 2100-01-01: times beyond are mistakes */

static gw_err audit(gw_db *tx, int64_t now, int64_t actor, const char *action, const char *kind, int64_t id,
                    json_t *detail)
{
    char *d = gw_admin_detail_of(detail);
    gw_err e = gw_admin_audit(tx, now, actor, action, kind, id, d ? d : "");
    free(d);
    return e;
}

/* ---- rules ---- */

static gw_err check_num(const char *field, int has, int64_t v, int64_t lo, int64_t hi, char *msg, size_t n)
{
    if (has && (v < lo || v > hi))
        return gw_say(msg, n, GW_E_INVALID, "%s must be between %lld and %lld", field, (long long)lo, (long long)hi);
    return GW_OK;
}

static gw_err check_rule_in(const gw_earn_rule_in *in, int create, char *msg, size_t n)
{
    if ((create || in->code) && !gw_earn_code_ok(in->code))
        return gw_say(msg, n, GW_E_INVALID, "code must be 1 to %d letters, digits, '_' or '-'", GW_EARN_CODE_MAX);
    gw_err e = gw_json_check_text("name", in->name, create, GW_EARN_NAME_MAX, msg, n);
    if (e) return e;
    if (in->name && strspn(in->name, " ") == strlen(in->name)) return gw_say(msg, n, GW_E_INVALID, "name is required");
    if ((create || in->unit) && gw_earn_unit_parse(in->unit) < 0)
        return gw_say(msg, n, GW_E_INVALID, "unit must be service or hour");
    if (create && !in->has_points) return gw_say(msg, n, GW_E_INVALID, "points is required");
    if (create && in->community_id <= 0) return gw_say(msg, n, GW_E_INVALID, "community_id is required");
    if ((e = check_num("points", in->has_points, in->points, 1, GW_EARN_POINTS_MAX, msg, n)) ||
        (e = check_num("daily_cap", in->has_daily_cap, in->daily_cap, 0, GW_EARN_CAP_MAX, msg, n)) ||
        (e = check_num("total_cap", in->has_total_cap, in->total_cap, 0, GW_EARN_CAP_MAX, msg, n)) ||
        (e = check_num("valid_from", in->has_valid_from, in->valid_from_ms, 0, TIME_MAX, msg, n)) ||
        (e = check_num("valid_to", in->has_valid_to, in->valid_to_ms, 0, TIME_MAX, msg, n)))
        return e;
    return GW_OK;
}

static void apply_rule_in(gw_earn_rule *r, const gw_earn_rule_in *in)
{
    if (in->code) snprintf(r->code, sizeof r->code, "%s", in->code);
    if (in->name) snprintf(r->name, sizeof r->name, "%s", in->name);
    if (in->unit) r->unit = (gw_earn_unit)gw_earn_unit_parse(in->unit);
    if (in->has_points) r->points = in->points;
    if (in->has_daily_cap) r->daily_cap = in->daily_cap;
    if (in->has_total_cap) r->total_cap = in->total_cap;
    if (in->has_valid_from) r->valid_from_ms = in->valid_from_ms;
    if (in->has_valid_to) r->valid_to_ms = in->valid_to_ms;
    if (in->active >= 0) r->active = in->active;
}

typedef struct {
    const gw_principal *who;
    int64_t id;
    const gw_earn_rule_in *in;
    gw_earn_rule *row;
    char *msg;
    size_t msgn;
} rule_op;

static gw_err op_rule_save(gw_db *tx, void *arg)
{
    rule_op *w = arg;
    gw_earn_rule *r = w->row;
    int64_t now = gw_now_ms();
    char path[128];
    gw_err e;
    if (w->id) {
        e = gw_store_earn_rule_get(tx, w->id, r);
        if (!e && !gw_scope_has_path(w->who, r->community_path)) e = GW_E_NOT_FOUND;
        if (e) return e == GW_E_NOT_FOUND ? gw_say(w->msg, w->msgn, e, "no such rule") : e;
    } else {
        e = gw_store_community_path(tx, w->in->community_id, path, sizeof path);
        if (e == GW_E_NOT_FOUND) return gw_say(w->msg, w->msgn, GW_E_INVALID, "community_id must name a community");
        if (e) return e;
        if (!gw_scope_has_path(w->who, path))
            return gw_say(w->msg, w->msgn, GW_E_FORBIDDEN, "the community must lie in your own area");
        r->community_id = w->in->community_id;
        r->active = 1;
        r->created_by = w->who->user_id;
    }
    apply_rule_in(r, w->in);
    if (r->valid_to_ms && r->valid_to_ms <= r->valid_from_ms)
        return gw_say(w->msg, w->msgn, GW_E_INVALID, "valid_to must come after valid_from");
    r->updated_ms = now;
    e = w->id ? gw_store_earn_rule_update(tx, r) : gw_store_earn_rule_insert(tx, r);
    if (e == GW_E_CONFLICT) return gw_say(w->msg, w->msgn, e, "the community already has a rule with this code");
    if (e) return e;
    return audit(tx, now, w->who->user_id, w->id ? "earn_rule.update" : "earn_rule.create", "earn_rule", r->id,
                 json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:b}", "code", r->code, "name", r->name, "unit",
                           gw_earn_unit_name(r->unit), "points", (json_int_t)r->points, "daily_cap",
                           (json_int_t)r->daily_cap, "total_cap", (json_int_t)r->total_cap, "active", r->active));
}

static gw_err rule_save(gw_store *s, const gw_principal *who, int64_t id, const gw_earn_rule_in *in, gw_earn_rule *out,
                        char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not manage earning rules");
    gw_err e = check_rule_in(in, !id, msg, msgn);
    if (e) return e;
    msg[0] = 0;
    rule_op w = { who, id, in, out, msg, msgn };
    e = gw_store_write(s, op_rule_save, &w);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the rule");
    if (e) return e;
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    e = gw_store_earn_rule_get(db, out->id, out);
    gw_store_read_end(s, db);
    return e;
}

gw_err gw_earn_rule_create(gw_store *s, const gw_principal *who, const gw_earn_rule_in *in, gw_earn_rule *out,
                           char *msg, size_t msgn)
{
    memset(out, 0, sizeof *out);
    return rule_save(s, who, 0, in, out, msg, msgn);
}

gw_err gw_earn_rule_update(gw_store *s, const gw_principal *who, int64_t id, const gw_earn_rule_in *in,
                           gw_earn_rule *out, char *msg, size_t msgn)
{
    if (in->code || in->community_id) return gw_say(msg, msgn, GW_E_INVALID, "a rule's code and community stay as they are");
    return rule_save(s, who, id, in, out, msg, msgn);
}

static const char *prefix_of(const gw_principal *who) { return who->role == GW_R_ADMIN ? NULL : who->div_path; }

gw_err gw_earn_rule_list(gw_db *db, const gw_principal *who, int64_t community_id, gw_earn_rule *out, size_t *n,
                         char *msg, size_t msgn)
{
    *n = 0;
    if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see earning rules");
    gw_err e = gw_store_earn_rules(db, prefix_of(who), community_id, out, GW_EARN_RULES_MAX, n);
    return e ? gw_say(msg, msgn, e, "could not list the rules") : GW_OK;
}

/* ---- service records ---- */

static gw_err check_record_in(const gw_earn_record_in *in, int64_t now, char *msg, size_t n)
{
    int src = gw_earn_source_parse(in->source);
    if (src != GW_ES_SERVICE && src != GW_ES_BACKFILL)
        return gw_say(msg, n, GW_E_INVALID, "source must be service or backfill (live hours come from sign-in)");
    if (in->rule_id <= 0 || in->partner_id <= 0) return gw_say(msg, n, GW_E_INVALID, "rule_id and partner_id are required");
    if (in->beneficiary_id < 0) return gw_say(msg, n, GW_E_INVALID, "beneficiary_id must be a resident account id");
    gw_err e = check_num("quantity", 1, in->quantity, 0, GW_EARN_QTY_MAX, msg, n);
    if (!e) e = check_num("minutes", 1, in->minutes, 0, GW_EARN_MINUTES_MAX, msg, n);
    if (!e) e = check_num("started_at", 1, in->started_ms, 1, now + GW_EARN_CODE_SLOT_MS, msg, n);
    if (!e) e = gw_json_check_text("note", in->note, 0, GW_EARN_NOTE_MAX, msg, n);
    if (e) return e;
    if (src == GW_ES_BACKFILL && in->minutes <= 0) return gw_say(msg, n, GW_E_INVALID, "back-filled hours need minutes");
    return GW_OK;
}

typedef struct {
    const gw_principal *who;
    const gw_earn_record_in *in;
    gw_earn_record *row;
    char *msg;
    size_t msgn;
} record_op;

/* The rule and partner of a new record, checked against each other and against who's scope. */
static gw_err record_parties(gw_db *tx, record_op *w, gw_earn_rule *rule, gw_partner_row *p)
{
    const gw_earn_record_in *in = w->in;
    gw_err e = gw_store_earn_rule_get(tx, in->rule_id, rule);
    if (e == GW_E_NOT_FOUND) return gw_say(w->msg, w->msgn, GW_E_INVALID, "rule_id must name an earning rule");
    if (e) return e;
    if (!gw_scope_has_path(w->who, rule->community_path))
        return gw_say(w->msg, w->msgn, GW_E_FORBIDDEN, "the rule's community must lie in your own area");
    if (!rule->active || !gw_earn_in_window(rule->valid_from_ms, rule->valid_to_ms, in->started_ms))
        return gw_say(w->msg, w->msgn, GW_E_CONFLICT, "the rule %s is not in force at that time", rule->code);
    if (rule->unit == GW_EU_HOUR && in->minutes <= 0)
        return gw_say(w->msg, w->msgn, GW_E_INVALID, "the rule counts hours: give minutes");
    if (rule->unit == GW_EU_SERVICE && gw_earn_source_parse(in->source) == GW_ES_BACKFILL)
        return gw_say(w->msg, w->msgn, GW_E_INVALID, "back-filled hours need a rule that counts hours");
    e = gw_store_partner_get(tx, in->partner_id, p);
    if (e == GW_E_NOT_FOUND || (!e && p->community_id != rule->community_id))
        return gw_say(w->msg, w->msgn, GW_E_INVALID, "partner_id must name a partner of the rule's community");
    if (e) return e;
    if (p->status != GW_PS_ACTIVE) return gw_say(w->msg, w->msgn, GW_E_CONFLICT, "the partner is not active");
    if (in->beneficiary_id) {
        gw_resident_row acct;
        e = gw_store_resident_get(tx, in->beneficiary_id, &acct);
        if (e == GW_E_NOT_FOUND) return gw_say(w->msg, w->msgn, GW_E_INVALID, "beneficiary_id must name a resident account");
        if (e) return e;
        if (in->beneficiary_id == p->resident_id)
            return gw_say(w->msg, w->msgn, GW_E_INVALID, "a partner cannot be the beneficiary of their own service");
    }
    return GW_OK;
}

static gw_err op_record_create(gw_db *tx, void *arg)
{
    record_op *w = arg;
    const gw_earn_record_in *in = w->in;
    gw_earn_rule rule;
    gw_partner_row *p = malloc(sizeof *p);
    if (!p) return GW_E_NOMEM;
    gw_err e = record_parties(tx, w, &rule, p);
    free(p);
    if (e) return e;
    int64_t end = in->started_ms + in->minutes * 60000, other = 0, now = gw_now_ms();
    if ((e = gw_store_earn_partner_lock(tx, in->partner_id))) return e;
    if (in->minutes > 0 && !(e = gw_store_earn_overlap(tx, in->partner_id, 0, in->started_ms, end, &other)))
        return gw_say(w->msg, w->msgn, GW_E_CONFLICT, "the partner's record %lld overlaps this time", (long long)other);
    if (e && e != GW_E_NOT_FOUND) return e;
    gw_earn_record *r = w->row;
    memset(r, 0, sizeof *r);
    r->community_id = rule.community_id;
    r->rule_id = rule.id;
    r->partner_id = in->partner_id;
    r->source = (gw_earn_source)gw_earn_source_parse(in->source);
    r->status = GW_EST_PENDING;
    r->quantity = rule.unit == GW_EU_SERVICE ? (in->quantity ? in->quantity : 1) : 0;
    r->minutes = in->minutes;
    r->beneficiary_id = in->beneficiary_id;
    r->started_ms = in->started_ms;
    r->ended_ms = end;
    snprintf(r->note, sizeof r->note, "%s", in->note ? in->note : "");
    r->created_by = w->who->user_id;
    r->created_ms = now;
    if ((e = gw_store_earn_record_insert(tx, r))) return e;
    return audit(tx, now, w->who->user_id, "earn_record.create", "earn_record", r->id,
                 json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "source", gw_earn_source_name(r->source), "rule_id",
                           (json_int_t)r->rule_id, "partner_id", (json_int_t)r->partner_id, "quantity",
                           (json_int_t)r->quantity, "minutes", (json_int_t)r->minutes, "beneficiary_id",
                           (json_int_t)r->beneficiary_id));
}

static gw_err record_reload(gw_store *s, gw_earn_record *r)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_earn_record_get(db, r->id, r);
    gw_store_read_end(s, db);
    return e;
}

gw_err gw_earn_record_create(gw_store *s, const gw_principal *who, const gw_earn_record_in *in, gw_earn_record *out,
                             char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not record services");
    gw_err e = check_record_in(in, gw_now_ms(), msg, msgn);
    if (e) return e;
    msg[0] = 0;
    record_op w = { who, in, out, msg, msgn };
    e = gw_store_write(s, op_record_create, &w);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not save the record");
    return e ? e : record_reload(s, out);
}

typedef struct {
    const gw_principal *who;
    int64_t id;
    int action;
    const char *reason;
    gw_earn_record *row;
    char *msg;
    size_t msgn;
} act_op;

static gw_err credit_event(gw_db *tx, const gw_earn_record *r, gw_credit_kind kind, int64_t value, int64_t at)
{
    gw_credit_event ev = { r->partner_id, kind, value, "service", r->id, at };
    return gw_credit_event_add(tx, &ev);
}

/* One posted transfer inside the step's transaction; *tid its id. */
static gw_err move_points(gw_db *tx, act_op *a, const char *client_id, int64_t dr, int64_t cr, int64_t amount,
                          int64_t corrects, const char *memo, int64_t *tid)
{
    gw_ledger_item it;
    memset(&it, 0, sizeof it);
    snprintf(it.req.client_id, sizeof it.req.client_id, "%s", client_id);
    it.req.kind = GW_LK_POSTED;
    it.req.debit_account_id = dr;
    it.req.credit_account_id = cr;
    it.req.amount = amount;
    it.req.corrects_id = corrects;
    snprintf(it.req.memo, sizeof it.req.memo, "%s", memo);
    int failed;
    gw_err e = gw_ledger_submit_tx(tx, a->who, &it, 1, &failed, a->msg, a->msgn);
    if (!e) *tid = it.t.id;
    return e;
}

/* Confirmation: caps, the credit from the issuance account, the credit events. */
static gw_err credit_points(gw_db *tx, act_op *a, gw_earn_record *r, int64_t now)
{
    gw_earn_rule rule;
    int64_t from, to, day_used, total_used, iss, acct;
    gw_err e = gw_store_earn_rule_get(tx, r->rule_id, &rule);
    gw_earn_day_bounds(r->started_ms, &from, &to);
    if (!e) e = gw_store_earn_used(tx, r->partner_id, r->rule_id, from, to, &day_used);
    if (!e) e = gw_store_earn_used(tx, r->partner_id, r->rule_id, INT64_MIN, INT64_MAX, &total_used);
    if (e) return e;
    int64_t want = gw_earn_points(rule.unit, rule.points, r->quantity, r->minutes);
    int64_t award = gw_earn_capped(want, day_used, rule.daily_cap, total_used, rule.total_cap);
    if (want <= 0) return gw_say(a->msg, a->msgn, GW_E_CONFLICT, "the record earns no points (too few minutes)");
    if (award <= 0)
        return gw_say(a->msg, a->msgn, GW_E_CONFLICT, "the rule's %s cap for this partner is reached: reject the record",
                      rule.daily_cap && day_used >= rule.daily_cap ? "daily" : "total");
    if ((e = gw_ledger_account_ensure(tx, r->community_id, GW_LO_SYSTEM, GW_LS_ISSUANCE, now, &iss)) ||
        (e = gw_ledger_account_ensure(tx, r->community_id, GW_LO_PARTNER, r->partner_id, now, &acct)))
        return e;
    char cid[32];
    snprintf(cid, sizeof cid, "svc-%lld", (long long)r->id);
    if ((e = move_points(tx, a, cid, iss, acct, award, 0, rule.name, &r->transfer_id))) return e;
    r->points = award;
    e = credit_event(tx, r, GW_CE_CONFIRMED, 1, now);
    if (!e) e = credit_event(tx, r, GW_CE_POINTS_EARNED, award, now);
    if (!e && r->minutes > 0)
        e = credit_event(tx, r, r->source == GW_ES_LIVE ? GW_CE_SERVICE_LIVE : GW_CE_SERVICE_BACKFILL, r->minutes, now);
    return e;
}

/* Revocation: what is left of the points goes back to the correction account. */
static gw_err take_back(gw_db *tx, act_op *a, gw_earn_record *r, int64_t now)
{
    int64_t corr, acct;
    gw_ledger_account_row row;
    gw_err e = gw_ledger_account_ensure(tx, r->community_id, GW_LO_SYSTEM, GW_LS_CORRECTION, now, &corr);
    if (!e) e = gw_ledger_account_ensure(tx, r->community_id, GW_LO_PARTNER, r->partner_id, now, &acct);
    if (!e) e = gw_store_ledger_lock(tx, acct);
    if (!e) e = gw_store_ledger_account_get(tx, acct, &row);
    if (e) return e;
    int64_t left = gw_ledger_available(&row.a), take = r->points < left ? r->points : left;
    if (take > 0) {
        char cid[32];
        snprintf(cid, sizeof cid, "svc-rev-%lld", (long long)r->id);
        if ((e = move_points(tx, a, cid, acct, corr, take, r->transfer_id, a->reason, &r->revoke_transfer_id))) return e;
    }
    r->revoked_points = take > 0 ? take : 0;
    r->revoked_by = a->who->user_id;
    r->revoked_ms = now;
    return credit_event(tx, r, GW_CE_REVOKED, r->revoked_points, now);
}

/* Whether who sees the record at all (else it is not found for them). */
static int sees(const gw_principal *who, const gw_earn_record *r)
{
    if (who->kind == GW_PK_RESIDENT)
        return who->resident_id == r->beneficiary_id || (r->partner_resident && who->resident_id == r->partner_resident);
    return gw_scope_has_path(who, r->community_path);
}

static gw_err check_actor(act_op *a, const gw_earn_record *r)
{
    const gw_principal *who = a->who;
    int staff = who->kind != GW_PK_RESIDENT;
    if (staff && !gw_may(who, GW_P_PARTNER_MANAGE))
        return gw_say(a->msg, a->msgn, GW_E_FORBIDDEN, "your role may not decide service records");
    if (a->action == GW_EA_REVOKE && !staff)
        return gw_say(a->msg, a->msgn, GW_E_FORBIDDEN, "only community staff revoke a record");
    if (a->action == GW_EA_CONFIRM) {
        gw_earn_parties ps = { r->created_by, r->beneficiary_id, r->partner_resident };
        gw_earn_party me = { staff, who->user_id, who->resident_id };
        return gw_earn_may_confirm(&ps, &me, a->msg, a->msgn);
    }
    if (a->action == GW_EA_REJECT && !staff && who->resident_id != r->beneficiary_id)
        return gw_say(a->msg, a->msgn, GW_E_FORBIDDEN, "you cannot reject your own service record");
    return GW_OK;
}

static gw_err op_act(gw_db *tx, void *arg)
{
    act_op *a = arg;
    gw_earn_record *r = a->row;
    gw_err e = gw_store_earn_record_get(tx, a->id, r);
    if (!e && !sees(a->who, r)) e = GW_E_NOT_FOUND;
    if (e) return e == GW_E_NOT_FOUND ? gw_say(a->msg, a->msgn, e, "no such service record") : e;
    gw_earn_status to, from = r->status;
    if ((e = check_actor(a, r)) || (e = gw_earn_step(from, (gw_earn_action)a->action, &to, a->msg, a->msgn))) return e;
    if ((e = gw_store_earn_record_claim(tx, r->id, from)) == GW_E_NOT_FOUND)
        return gw_say(a->msg, a->msgn, GW_E_CONFLICT, "the record changed meanwhile: reload it");
    if (e || (e = gw_store_earn_partner_lock(tx, r->partner_id))) return e;
    int64_t now = gw_now_ms();
    r->status = to;
    r->updated_ms = now;
    if (a->action == GW_EA_REVOKE) {
        snprintf(r->reason, sizeof r->reason, "%s", a->reason);
        e = take_back(tx, a, r, now);
    } else {
        if (a->reason) snprintf(r->reason, sizeof r->reason, "%s", a->reason);
        r->decided_by = a->who->user_id;
        r->decided_by_resident = a->who->kind == GW_PK_RESIDENT ? a->who->resident_id : 0;
        r->decided_ms = now;
        if (a->action == GW_EA_CONFIRM) e = credit_points(tx, a, r, now);
    }
    if (!e) e = gw_store_earn_record_update(tx, r);
    if (e) return e;
    char action[32];
    snprintf(action, sizeof action, "earn_record.%s", gw_earn_action_name(a->action));
    return audit(tx, now, a->who->user_id, action, "earn_record", r->id,
                 json_pack("{s:s,s:s,s:I,s:I,s:s}", "from", gw_earn_status_name(from), "to", gw_earn_status_name(to),
                           "points", (json_int_t)r->points, "resident_id", (json_int_t)r->decided_by_resident,
                           "reason", a->reason ? a->reason : ""));
}

gw_err gw_earn_record_act(gw_store *s, const gw_principal *who, int64_t id, const char *action, const char *reason,
                          gw_earn_record *out, char *msg, size_t msgn)
{
    act_op a = { who, id, gw_earn_action_parse(action), reason, out, msg, msgn };
    if (a.action != GW_EA_CONFIRM && a.action != GW_EA_REJECT && a.action != GW_EA_REVOKE)
        return gw_say(msg, msgn, GW_E_INVALID, "action must be confirm, reject or revoke");
    gw_err e = gw_json_check_text("reason", reason, a.action != GW_EA_CONFIRM, GW_REASON_MAX, msg, msgn);
    if (e) return e;
    msg[0] = 0;
    e = gw_store_write(s, op_act, &a);
    if (e && !msg[0]) gw_say(msg, msgn, e, "could not change the record");
    if (e) return e;
    out->id = id;
    return record_reload(s, out);
}

gw_err gw_earn_record_list(gw_db *db, const gw_principal *who, gw_earn_record_query *q, gw_earn_record *out,
                           size_t *n, int64_t *total, char *msg, size_t msgn)
{
    *n = 0;
    *total = 0;
    if (who->kind == GW_PK_RESIDENT) {
        q->div_prefix = NULL;
        q->partner_resident = q->beneficiary_id = who->resident_id;
    } else {
        if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see service records");
        q->div_prefix = prefix_of(who);
        q->partner_resident = q->beneficiary_id = 0;
    }
    gw_err e = gw_store_earn_records(db, q, out, n, total);
    return e ? gw_say(msg, msgn, e, "could not list the records") : GW_OK;
}

gw_err gw_earn_record_get(gw_db *db, const gw_principal *who, int64_t id, gw_earn_record *out, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT && !gw_may(who, GW_P_PARTNER_VIEW))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see service records");
    gw_err e = gw_store_earn_record_get(db, id, out);
    if (!e && !sees(who, out)) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no such service record");
    return e ? gw_say(msg, msgn, e, "could not read the record") : GW_OK;
}
