/* ops/ticket_svc.c — the loop with I/O. Each public function is one write operation: load,
 * check scope, decide (routing, deadlines), apply the pure state machine, save, append the
 * timeline — all inside the writer's transaction, so the caller is answered after COMMIT. */
#include "ops/ticket_svc.h"
#include "ops/kb_svc.h"
#include "base/clock.h"
#include "base/geo.h"
#include "base/str.h"
#include "json/reply.h"
#include "core/model_store.h"
#include "core/scope.h"
#include "core/attachment_store.h"
#include "core/audit.h"
#include "ops/catalogue_store.h"
#include "ops/review_store.h"
#include "ops/ticket_steps_svc.h"
#include "ops/track.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define MAX_RULES 64

/* ---- helpers ------------------------------------------------------------------------- */

static void new_track_code(char *out)
{
    unsigned char rnd[GW_TRACK_SYMBOLS];
    randombytes_buf(rnd, sizeof rnd);
    gw_track_code_make(rnd, out);
}

/* Handling window for a category and urgency: urgent halves it, critical quarters it. */
static int64_t scaled_ms(int hours, int urgency)
{
    int64_t ms = (int64_t)hours * GW_MS_PER_HOUR;
    return urgency >= 3 ? ms / 4 : urgency == 2 ? ms / 2 : ms;
}

/* The deadline of the clock running in this state, 0 when none runs. */
static int64_t running_due(const gw_ticket *t)
{
    switch (t->state) {
    case GW_T_REPORTED: case GW_T_ACCEPTED: case GW_T_RETURNED: return t->dispatch_due_ms;
    case GW_T_DISPATCHED: case GW_T_SIGNED: return t->handle_due_ms;
    case GW_T_HANDLED: return t->verify_due_ms;
    default: return 0;
    }
}

/* After a transition: a new running deadline restarts the warning point and clears the flags. */
void gw_ticket_restart_clock(gw_ticket_row *row, int64_t old_due, int64_t now)
{
    int64_t due = running_due(&row->t);
    if (due == old_due && row->due_ms) return;
    row->due_ms = due;
    row->warn_at_ms = due ? (due > now ? now + (due - now) * 8 / 10 : now) : 0;
    row->warn_flag = 0;
    row->overdue_flag = 0;
}

int gw_ticket_visible(gw_db *db, const gw_principal *who, const gw_ticket_row *row)
{
    int64_t cc[GW_SEEN_UNITS_MAX]; /* CC and 协办 units see it */
    int n_cc = 0;
    if (who->role == GW_R_UNIT_HANDLER && who->unit_id && row->t.unit_id != who->unit_id &&
        gw_ticket_seen_units(db, row->id, cc, GW_SEEN_UNITS_MAX, &n_cc) != GW_OK)
        return 0;
    gw_scope_ticket st = { row->division_path, row->t.unit_id, row->reporter_user_id, cc, n_cc };
    return gw_scope_ticket_visible(who, &st);
}

gw_err gw_ticket_route(gw_db *db, int64_t category_id, int64_t division_id, gw_route_rule *rule)
{
    gw_category_row cat;
    gw_err e = gw_store_category_get(db, category_id, &cat);
    if (e) return e;
    int64_t chain[GW_DIV_MAX_DEPTH];
    size_t n_div = 0;
    if (division_id && (e = gw_store_division_chain(db, division_id, chain, GW_DIV_MAX_DEPTH, &n_div))) return e;
    gw_route_rule rules[MAX_RULES];
    size_t n = 0;
    if ((e = gw_store_rules_for(db, category_id, cat.parent_id, rules, MAX_RULES, &n))) return e;
    gw_route_query q = { category_id, cat.parent_id, chain, n_div };
    const gw_route_rule *win = gw_route_pick(rules, n, &q);
    if (win) { *rule = *win; return GW_OK; }
    memset(rule, 0, sizeof *rule); /* 兜底: the nearest fallback unit, dispatched by a person */
    rule->mode = GW_ROUTE_REVIEW;
    rule->enabled = 1;
    rule->category_id = category_id;
    if (division_id && (e = gw_store_fallback_unit(db, division_id, &rule->unit_id))) return e;
    return rule->unit_id ? GW_OK : GW_E_NOT_FOUND;
}

static json_t *route_json(const gw_route_rule *r)
{
    json_t *cc = json_array();
    for (int i = 0; i < r->n_cc; i++) json_array_append_new(cc, json_integer(r->cc_unit_ids[i]));
    return json_pack("{s:o,s:I,s:o,s:s,s:b}", "rule_id", gw_json_id(r->id), "unit_id", (json_int_t)r->unit_id,
                     "cc_unit_ids", cc, "mode", r->mode == GW_ROUTE_AUTO ? "auto" : "review", "fallback", r->id == 0);
}

static gw_err timeline(gw_db *tx, const gw_ticket_row *row, int64_t at, const gw_principal *who, gw_role role,
                       const char *action, const char *from, const char *to, const char *note, json_t *detail)
{
    char *d = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    gw_timeline_in in = { row->id, at, who ? who->user_id : 0, gw_role_name(role), action, from, to, note, d };
    gw_err e = gw_store_timeline_append(tx, &in);
    free(d);
    return e;
}

/* What changed, for the timeline's before/after. */
static json_t *diff_json(const gw_ticket_row *a, const gw_ticket_row *b)
{
    json_t *before = json_object(), *after = json_object();
#define FIELD(name, expr)                                                               \
    if ((a->expr) != (b->expr)) {                                                       \
        json_object_set_new(before, name, json_integer((json_int_t)(a->expr)));         \
        json_object_set_new(after, name, json_integer((json_int_t)(b->expr)));          \
    }
    FIELD("unit_id", t.unit_id)
    FIELD("dispatch_due_ms", t.dispatch_due_ms)
    FIELD("handle_due_ms", t.handle_due_ms)
    FIELD("verify_due_ms", t.verify_due_ms)
    FIELD("ext_pending_days", t.ext_pending_days)
    FIELD("extension_count", t.extension_count)
    FIELD("rework_count", t.rework_count)
    FIELD("return_count", t.return_count)
    FIELD("rating", t.rating)
    FIELD("rule_id", rule_id)
    FIELD("urgency", urgency)
    FIELD("urge_count", t.urge_count)
    FIELD("reopen_count", t.reopen_count)
#undef FIELD
    if (a->t.state != b->t.state) {
        json_object_set_new(before, "state", json_string(gw_ticket_state_name(a->t.state)));
        json_object_set_new(after, "state", json_string(gw_ticket_state_name(b->t.state)));
    }
    return json_pack("{s:o,s:o}", "before", before, "after", after);
}

/* Attach photos the actor uploaded (user 0: the public path): a sha256 someone else uploaded
 * is refused, so naming one grants no access to it. */
static gw_err add_photos(gw_db *tx, int64_t ticket_id, int64_t uploader, const char *const *photos, int n,
                         const char *stage, int64_t now, char *msg, size_t msgn)
{
    for (int i = 0; i < n; i++) {
        int mine = gw_store_uploaded_by(tx, photos[i], uploader);
        if (mine < 0) return GW_E_IO;
        if (!mine) {
            snprintf(msg, msgn, "photo %.64s was not uploaded by you", photos[i]);
            return GW_E_INVALID;
        }
        gw_err e = gw_store_ticket_photo_add(tx, ticket_id, photos[i], stage, now);
        if (e) return e;
    }
    return GW_OK;
}

/* One decided transition: what the state machine did, how it was routed, and the timeline detail. */
typedef struct {
    gw_timeline_entry te;
    gw_route_rule route;
    int routed;        /* dispatched by a rule (or fallback), not to a chosen unit */
    json_t *detail;    /* owned until recorded */
} step;

/* Decide `act` on *row in memory — routing, windows, the state machine, clocks — writing nothing. */
static gw_err decide(gw_db *tx, gw_ticket_row *row, const gw_category_row *cat, const gw_principal *who,
                     gw_role role, const gw_act *act, int64_t now, step *st, char *msg, size_t msgn)
{
    gw_action a = { .kind = act->kind, .note = act->note, .days = act->days, .rating = act->rating,
                    .result = act->result, .satisfaction = act->satisfaction,
                    .public_reply = gw_blank(act->public_reply) ? NULL : act->public_reply }; /* blank = none */
    gw_err e;
    memset(st, 0, sizeof *st);
    if (act->kind == GW_A_DISPATCH) {
        if (act->unit_id) {
            gw_unit_row u;
            if (gw_store_unit_get(tx, act->unit_id, &u) != GW_OK || !u.enabled) {
                snprintf(msg, msgn, "unit %lld does not exist or is disabled", (long long)act->unit_id);
                return GW_E_INVALID;
            }
            st->route.unit_id = act->unit_id;
        } else {
            e = gw_ticket_route(tx, row->category_id, row->division_id, &st->route);
            if (e == GW_E_NOT_FOUND) {
                snprintf(msg, msgn, "no routing rule or fallback unit covers this ticket: choose a unit");
                return GW_E_INVALID;
            }
            if (e) return e;
            st->routed = 1;
        }
        if ((e = gw_assist_lead_check(tx, row->id, st->route.unit_id, msg, msgn))) return e; /* 协办 */
        a.unit_id = st->route.unit_id;
        a.handle_ms = st->route.handle_ms_override ? st->route.handle_ms_override
                                                   : scaled_ms(cat->handle_hours, row->urgency);
    } else if (act->kind == GW_A_RETURN) { /* a sub-unit's return goes back to the unit that passed it down */
        if ((e = gw_ticket_passed_from(tx, row->id, row->t.unit_id, &row->t.passed_from_unit_id))) return e;
    } else if (act->kind == GW_A_SUBDISPATCH) {
        if ((e = gw_ticket_subunit_check(tx, who, act->unit_id, msg, msgn)) ||
            (e = gw_assist_lead_check(tx, row->id, act->unit_id, msg, msgn))) return e;
        a.unit_id = act->unit_id;
    } else if (act->kind == GW_A_REWORK || act->kind == GW_A_REOPEN) {
        a.handle_ms = scaled_ms(cat->handle_hours, row->urgency);
    } else if (act->kind == GW_A_FEEDBACK) { /* 协办: the lead waits for its co-handling units */
        if (gw_ticket_can(&row->t, GW_A_FEEDBACK, &(gw_actor){ role, 0, who ? who->unit_id : 0 }) &&
            (e = gw_assist_feedback_check(tx, row->id, msg, msgn))) return e;
        a.verify_ms = (int64_t)cat->verify_hours * GW_MS_PER_HOUR;
    }
    gw_actor actor = { role, who ? who->user_id : 0, who ? who->unit_id : 0 };
    gw_ticket_row *before = malloc(sizeof *before);
    if (!before) return GW_E_NOMEM;
    *before = *row;
    if ((e = gw_ticket_apply(&row->t, &a, &actor, now, &st->te))) {
        free(before);
        snprintf(msg, msgn, "%s", e == GW_E_FORBIDDEN ? "your role or unit may not take this action"
                                 : e == GW_E_CONFLICT ? "this action is not allowed in the ticket's current state"
                                 : "a required field is missing or out of range (note, public_reply, days, rating)");
        return e;
    }
    if (act->kind == GW_A_DISPATCH) row->rule_id = st->route.id;
    if (act->kind == GW_A_URGE) row->urgency = gw_urge_urgency(row->urgency, row->t.urge_count); /* 催办 raise priority */
    gw_ticket_restart_clock(row, before->due_ms, now);
    row->updated_ms = now;
    st->detail = diff_json(before, row);
    free(before);
    if (act->kind == GW_A_DISPATCH)
        json_object_set_new(st->detail, "routing", st->routed ? route_json(&st->route) : json_pack("{s:s}", "mode", "manual"));
    if (act->kind == GW_A_EXTEND) json_object_set_new(st->detail, "days", json_integer(act->days));
    if (act->kind == GW_A_REVISIT)
        json_object_set_new(st->detail, "satisfaction", json_string(gw_satisfaction_name(act->satisfaction)));
    return GW_OK;
}

/* Write what a decided step implies besides the ticket row: CC units, photos, the timeline. */
static gw_err record(gw_db *tx, const gw_ticket_row *row, const gw_principal *who, gw_role role, const gw_act *act,
                     int64_t now, step *st, char *msg, size_t msgn)
{
    gw_err e = GW_OK;
    if (act->kind == GW_A_DISPATCH)
        e = gw_store_ticket_set_cc(tx, row->id, st->route.cc_unit_ids, st->routed ? st->route.n_cc : 0);
    if (act->kind == GW_A_RECALL) e = gw_store_ticket_set_cc(tx, row->id, NULL, 0); /* back at the dispatcher */
    if (!e && act->kind == GW_A_FEEDBACK)
        e = add_photos(tx, row->id, who ? who->user_id : 0, act->photos, act->n_photos, "feedback", now, msg, msgn);
    if (!e && act->kind == GW_A_VERIFY_ONSITE) {
        gw_onsite_in in = { row->id, who ? who->user_id : 0, now, act->result, act->note, act->photos, act->after,
                            act->n_photos, act->n_after };
        e = gw_ticket_record_onsite(tx, &in, st->detail, msg, msgn);
    }
    if (!e && act->kind == GW_A_SUBDISPATCH && who) {
        e = gw_ticket_keep_parent_cc(tx, row->id, who->unit_id);
        json_object_set_new(st->detail, "from_unit_id", json_integer(who->unit_id));
    }
    json_t *detail = st->detail;
    st->detail = NULL;
    if (e) { json_decref(detail); return e; }
    if (act->public_reply && *act->public_reply)
        json_object_set_new(detail, "public_reply", json_string(act->public_reply));
    if (act->n_kb > 0) {
        json_t *kb = json_array();
        for (int i = 0; i < act->n_kb; i++) json_array_append_new(kb, json_integer(act->kb_ids[i]));
        json_object_set_new(detail, "kb_ids", kb);
    }
    return timeline(tx, row, now, who, role, gw_action_name(act->kind), gw_ticket_state_name(st->te.from),
                    gw_ticket_state_name(st->te.to), act->note, detail);
}

/* Apply one action to a stored ticket inside tx (gw_ticket_act and gw_ticket_rate). */
static gw_err apply_and_save(gw_db *tx, gw_ticket_row *row, const gw_principal *who, gw_role role,
                             const gw_act *act, int64_t now, char *msg, size_t msgn)
{
    gw_category_row cat;
    step st;
    gw_err e = gw_store_category_get(tx, row->category_id, &cat);
    if (!e) e = decide(tx, row, &cat, who, role, act, now, &st, msg, msgn);
    if (e) return e;
    if ((e = gw_store_ticket_update(tx, row))) {
        json_decref(st.detail);
        if (e == GW_E_CONFLICT) snprintf(msg, msgn, "the ticket was changed by someone else; reload and retry");
        return e;
    }
    return record(tx, row, who, role, act, now, &st, msg, msgn);
}

/* ---- report ---------------------------------------------------------------------------- */

typedef struct {
    const gw_principal *who;
    const gw_report *rep;
    gw_ticket_row *row;
    char *msg;
    size_t msgn;
} report_arg;

static const gw_act auto_acts[2] = { { .kind = GW_A_ACCEPT }, { .kind = GW_A_DISPATCH } };

/* A staff report still in reported whose place has an auto rule is accepted and dispatched by the
 * system: decided here in memory (steps[0..1]); returns the number of steps (0 when it waits for a
 * person, -1 out of memory). A ticket nobody has placed waits for a dispatcher. */
static int auto_dispatch(gw_db *tx, gw_ticket_row *row, const gw_category_row *cat, int64_t now, step *steps,
                         char *msg, size_t msgn)
{
    gw_route_rule route;
    if (row->needs_location || row->t.state != GW_T_REPORTED ||
        gw_ticket_route(tx, row->category_id, row->division_id, &route) != GW_OK || !route.id ||
        route.mode != GW_ROUTE_AUTO)
        return 0;
    gw_ticket_row *reported = malloc(sizeof *reported);
    if (!reported) return -1;
    *reported = *row;
    gw_err e = decide(tx, row, cat, NULL, GW_R_SYSTEM, &auto_acts[0], now, &steps[0], msg, msgn);
    if (!e && (e = decide(tx, row, cat, NULL, GW_R_SYSTEM, &auto_acts[1], now, &steps[1], msg, msgn)))
        json_decref(steps[0].detail);
    if (e) *row = *reported; /* cannot dispatch after all (a disabled unit...): the report waits for a person */
    free(reported);
    return e ? 0 : 2;
}

/* Record the steps auto_dispatch decided, once the row is saved (e: how saving went). */
static gw_err record_auto(gw_db *tx, const gw_ticket_row *row, gw_err e, int64_t now, step *steps, int n,
                          char *msg, size_t msgn)
{
    for (int i = 0; i < n; i++) {
        if (!e) e = record(tx, row, NULL, GW_R_SYSTEM, &auto_acts[i], now, &steps[i], msg, msgn);
        else json_decref(steps[i].detail);
    }
    return e;
}

static int staff_source(const char *src)
{
    return !strcmp(src, "grid_worker") || !strcmp(src, "hotline") || !strcmp(src, "staff") || !strcmp(src, "iot");
}

static gw_err op_report(gw_db *tx, void *p)
{
    report_arg *a = p;
    const gw_report *rep = a->rep;
    gw_ticket_row *row = a->row;
    int64_t now = rep->at_ms ? rep->at_ms : gw_now_ms();
    gw_category_row cat;
    if (gw_store_category_get(tx, rep->category_id, &cat) != GW_OK || !cat.enabled) {
        snprintf(a->msg, a->msgn, "category %lld does not exist", (long long)rep->category_id);
        return GW_E_INVALID;
    }
    memset(row, 0, sizeof *row);
    int64_t div = rep->division_id;
    if (!div && rep->has_location) {
        gw_point pt = { rep->lon, rep->lat };
        if (gw_store_grid_at(tx, pt, &div) != GW_OK) div = 0; /* outside every grid: dispatcher decides */
    }
    snprintf(row->division_path, sizeof row->division_path, "/");
    if (div) {
        gw_division_row d;
        if (gw_store_division_get(tx, div, &d) != GW_OK) {
            snprintf(a->msg, a->msgn, "division %lld does not exist", (long long)div);
            return GW_E_INVALID;
        }
        json_decref(d.geometry);
        snprintf(row->division_path, sizeof row->division_path, "%s", d.path);
    } else { /* 待定位: the city's dispatchers (scoped at the root) see it and place it */
        row->needs_location = 1;
        gw_err e = gw_store_root_division(tx, &div, row->division_path, sizeof row->division_path);
        if (e && e != GW_E_NOT_FOUND) return e;
    }
    new_track_code(row->track_code);
    snprintf(row->source, sizeof row->source, "%s", rep->source);
    row->category_id = rep->category_id;
    row->division_id = div;
    row->has_location = rep->has_location;
    row->lon = rep->lon;
    row->lat = rep->lat;
    snprintf(row->address, sizeof row->address, "%s", rep->address ? rep->address : "");
    snprintf(row->description, sizeof row->description, "%s", rep->description);
    row->urgency = rep->urgency ? rep->urgency : cat.default_urgency;
    snprintf(row->request_type, sizeof row->request_type, "%s",
             rep->request_type && *rep->request_type ? rep->request_type : GW_REQUEST_DEFAULT);
    snprintf(row->reporter_name, sizeof row->reporter_name, "%s", rep->reporter_name ? rep->reporter_name : "");
    snprintf(row->reporter_phone, sizeof row->reporter_phone, "%s", rep->reporter_phone ? rep->reporter_phone : "");
    row->reporter_user_id = a->who ? a->who->user_id : 0;
    row->api_key_id = rep->api_key_id;
    row->t.state = GW_T_REPORTED;
    row->t.dispatch_due_ms = now + (int64_t)cat.dispatch_hours * GW_MS_PER_HOUR;
    row->created_ms = now;
    gw_ticket_restart_clock(row, -1, now);

    /* Staff reports with an auto rule are accepted and dispatched at once (as the system) —
     * decided before the insert, so the ticket is written once in its final state. Residents wait. */
    step steps[2];
    /* a 咨询 waits for the operator's 直接答复 (or a dispatcher), a queued report for review: not sent by rule */
    int consult = !strcmp(row->request_type, "consult"), queued = rep->cls && rep->cls->decision == GW_REVIEW_QUEUE;
    int n_steps = staff_source(rep->source) && !consult && !queued ? auto_dispatch(tx, row, &cat, now, steps, a->msg, a->msgn) : 0;
    if (n_steps < 0) return GW_E_NOMEM;
    gw_err e = gw_store_ticket_insert(tx, row);
    gw_role role = a->who ? a->who->role : GW_R_RESIDENT;
    json_t *detail = json_pack("{s:s,s:o,s:i,s:b,s:s}", "source", rep->source, "division_id", gw_json_id(div),
                               "urgency", row->urgency, "needs_location", row->needs_location, "request_type",
                               row->request_type);
    if (!e) e = timeline(tx, row, row->created_ms, a->who, role, "report", NULL, "reported", NULL, detail);
    else json_decref(detail);
    if (!e) e = add_photos(tx, row->id, a->who ? a->who->user_id : 0, rep->photos, rep->n_photos, "report", now,
                           a->msg, a->msgn);
    if (!e && rep->cls) e = gw_store_review_insert(tx, row->id, rep->cls, now); /* 复核队列 (ops/review_svc.h) */
    return record_auto(tx, row, e, now, steps, n_steps, a->msg, a->msgn);
}

gw_err gw_ticket_report(gw_store *s, const gw_principal *who, const gw_report *rep, gw_ticket_row *row,
                        char *msg, size_t msgn)
{
    static const char *sources[] = { "resident", "grid_worker", "hotline", "open311", "iot", "staff" };
    int known = 0;
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) known |= rep->source && !strcmp(rep->source, sources[i]);
    gw_err e;
    if (!known) { snprintf(msg, msgn, "unknown source"); return GW_E_INVALID; }
    if ((e = gw_json_check_text("description", rep->description, 1, GW_DESC_MAX, msg, msgn))) return e;
    if ((e = gw_json_check_text("address", rep->address, 0, GW_ADDR_MAX, msg, msgn))) return e;
    if ((e = gw_json_check_text("reporter_name", rep->reporter_name, 0, GW_NAME_MAX, msg, msgn))) return e;
    if (rep->reporter_phone && *rep->reporter_phone && !gw_phone_valid(rep->reporter_phone)) {
        snprintf(msg, msgn, "reporter_phone must be a phone number: 3-20 digits, an optional leading +, separators"
                            " space - . ( )");
        return GW_E_INVALID;
    }
    if (rep->urgency < 0 || rep->urgency > 3) { snprintf(msg, msgn, "urgency must be 1, 2 or 3"); return GW_E_INVALID; }
    if (rep->request_type && *rep->request_type && gw_request_type_parse(rep->request_type) < 0) {
        snprintf(msg, msgn, "request_type must be consult, complain, help, suggest or report");
        return GW_E_INVALID;
    }
    if (rep->has_location && !(isfinite(rep->lon) && isfinite(rep->lat) && fabs(rep->lon) <= 180 && fabs(rep->lat) <= 90)) {
        snprintf(msg, msgn, "location is not a valid longitude/latitude");
        return GW_E_INVALID;
    }
    if (!rep->has_location && !rep->division_id && !(rep->address && *rep->address)) {
        snprintf(msg, msgn, "give a location, a division or an address");
        return GW_E_INVALID;
    }
    if (rep->n_photos < 0 || rep->n_photos > GW_MAX_PHOTOS) { snprintf(msg, msgn, "at most %d photos", GW_MAX_PHOTOS); return GW_E_INVALID; }
    report_arg a = { who, rep, row, msg, msgn };
    return gw_store_write(s, op_report, &a);
}

gw_err gw_ticket_report_tx(gw_db *tx, const gw_principal *who, const gw_report *rep, gw_ticket_row *row, char *msg,
                           size_t msgn)
{
    report_arg a = { who, rep, row, msg, msgn };
    return op_report(tx, &a);
}

/* ---- act ------------------------------------------------------------------------------- */

typedef struct {
    const gw_principal *who;
    int64_t id;
    const gw_act *act; /* n of them, applied in order in one transaction */
    int n;
    gw_ticket_row *row;
    char *msg;
    size_t msgn;
} act_arg;

static gw_err op_act(gw_db *tx, void *p)
{
    act_arg *a = p;
    gw_err e = gw_store_ticket_get(tx, a->id, a->row);
    if (e == GW_E_NOT_FOUND || (!e && !gw_ticket_visible(tx, a->who, a->row))) {
        snprintf(a->msg, a->msgn, "no ticket %lld in your scope", (long long)a->id);
        return GW_E_NOT_FOUND;
    }
    if (e) return e;
    if (a->act->expect_version && a->act->expect_version != a->row->version) {
        snprintf(a->msg, a->msgn, "the ticket is at version %lld, not %lld; reload", (long long)a->row->version,
                 (long long)a->act->expect_version);
        return GW_E_CONFLICT;
    }
    int64_t now = a->act->at_ms ? a->act->at_ms : gw_now_ms();
    for (int i = 0; !e && i < a->n; i++) {
        const gw_act *act = &a->act[i];
        if (act->kind == GW_A_VERIFY_ONSITE && !gw_ticket_onsite_ok(a->who, a->row->division_path)) {
            snprintf(a->msg, a->msgn, "only a grid worker of the ticket's grid verifies it on site");
            return GW_E_FORBIDDEN;
        }
        if (act->n_kb > 0 && (e = gw_kb_check_cited(tx, act->kb_ids, act->n_kb, a->msg, a->msgn))) return e;
        e = apply_and_save(tx, a->row, a->who, a->who->role, &a->act[i], now, a->msg, a->msgn);
    }
    return e;
}

gw_err gw_ticket_act_seq(gw_store *s, const gw_principal *who, int64_t id, const gw_act *acts, int n,
                         gw_ticket_row *row, char *msg, size_t msgn)
{
    gw_err e;
    for (int i = 0; i < n; i++) {
        const gw_act *act = &acts[i];
        if (act->kind == GW_A_RATE) { snprintf(msg, msgn, "residents rate through the tracking page"); return GW_E_FORBIDDEN; }
        if (act->kind == GW_A_MERGE || act->kind == GW_A_UNMERGE) { snprintf(msg, msgn, "merge and unmerge have their own routes"); return GW_E_INVALID; }
        if ((e = gw_json_check_text("note", act->note, 0, GW_NOTE_MAX, msg, msgn))) return e;
        if ((e = gw_json_check_text("public_reply", act->public_reply, 0, GW_REPLY_MAX, msg, msgn))) return e;
        if (act->n_photos < 0 || act->n_photos > GW_MAX_PHOTOS || act->n_after < 0 || act->n_after > GW_MAX_PHOTOS) {
            snprintf(msg, msgn, "at most %d photos", GW_MAX_PHOTOS);
            return GW_E_INVALID;
        }
    }
    if (n < 1) return GW_E_INVALID;
    act_arg a = { who, id, acts, n, row, msg, msgn };
    return gw_store_write(s, op_act, &a);
}

gw_err gw_ticket_act(gw_store *s, const gw_principal *who, int64_t id, const gw_act *act, gw_ticket_row *row,
                     char *msg, size_t msgn)
{
    return gw_ticket_act_seq(s, who, id, act, 1, row, msg, msgn);
}

typedef struct {
    const char *code;
    int rating;
    const char *comment;
    char *msg;
    size_t msgn;
} rate_arg;

static gw_err op_rate(gw_db *tx, void *p)
{
    rate_arg *a = p;
    gw_ticket_row row;
    gw_err e = gw_store_ticket_by_code(tx, a->code, &row);
    if (e) { snprintf(a->msg, a->msgn, "no such tracking code"); return e; }
    snprintf(row.rating_comment, sizeof row.rating_comment, "%s", a->comment ? a->comment : "");
    gw_act act = { .kind = GW_A_RATE, .rating = a->rating, .note = a->comment };
    return apply_and_save(tx, &row, NULL, GW_R_RESIDENT, &act, gw_now_ms(), a->msg, a->msgn);
}

gw_err gw_ticket_rate(gw_store *s, const char *code, int rating, const char *comment, char *msg, size_t msgn)
{
    gw_err e = gw_json_check_text("comment", comment, 0, GW_COMMENT_MAX, msg, msgn);
    if (e) return e;
    if (rating < 1 || rating > 5) { snprintf(msg, msgn, "rating must be 1 to 5"); return GW_E_INVALID; }
    if (rating <= GW_LOW_RATING && gw_blank(comment)) { /* a 差评 says why: the follow-up call starts from it */
        snprintf(msg, msgn, "a rating of %d or less needs a comment saying what was not right", GW_LOW_RATING);
        return GW_E_INVALID;
    }
    rate_arg a = { code, rating, comment, msg, msgn };
    return gw_store_write(s, op_rate, &a);
}

/* ---- locate ---------------------------------------------------------------------------- */

typedef struct {
    const gw_principal *who;
    int64_t id;
    const gw_place *p;
    gw_ticket_row *row;
    char *msg;
    size_t msgn;
} locate_arg;

/* The division at the place: the grid at the point (as at creation), or the chosen division. */
static gw_err place_division(gw_db *tx, const gw_place *p, int64_t *div, char *path, size_t n, char *msg,
                             size_t msgn)
{
    *div = p->division_id;
    if (p->has_location) {
        gw_point pt = { p->lon, p->lat };
        if (gw_store_grid_at(tx, pt, div) != GW_OK || !*div) {
            snprintf(msg, msgn, "no grid covers this point: choose a grid");
            return GW_E_INVALID;
        }
    }
    gw_division_row d;
    if (!*div || gw_store_division_get(tx, *div, &d) != GW_OK) {
        snprintf(msg, msgn, "division %lld does not exist", (long long)*div);
        return GW_E_INVALID;
    }
    json_decref(d.geometry);
    snprintf(path, n, "%s", d.path);
    return GW_OK;
}

static json_t *place_json(const gw_ticket_row *r)
{
    json_t *o = json_pack("{s:o,s:b}", "division_id", gw_json_id(r->division_id), "needs_location", r->needs_location);
    if (o && r->has_location) {
        json_object_set_new(o, "lon", json_real(r->lon));
        json_object_set_new(o, "lat", json_real(r->lat));
    }
    return o;
}

static gw_err op_locate(gw_db *tx, void *p)
{
    locate_arg *a = p;
    gw_ticket_row *row = a->row;
    gw_err e = gw_store_ticket_get(tx, a->id, row);
    if (e == GW_E_NOT_FOUND || (!e && !gw_ticket_visible(tx, a->who, row))) {
        snprintf(a->msg, a->msgn, "no ticket %lld in your scope", (long long)a->id);
        return GW_E_NOT_FOUND;
    }
    if (e) return e;
    gw_ticket_state was = row->t.state;
    if (a->p->expect_version && a->p->expect_version != row->version) {
        snprintf(a->msg, a->msgn, "the ticket is at version %lld; reload", (long long)row->version);
        return GW_E_CONFLICT;
    }
    if (was != GW_T_REPORTED && was != GW_T_ACCEPTED && was != GW_T_RETURNED) {
        snprintf(a->msg, a->msgn, "a ticket is placed before dispatch (reported, accepted or returned)");
        return GW_E_CONFLICT;
    }
    int64_t div;
    char path[sizeof row->division_path];
    if ((e = place_division(tx, a->p, &div, path, sizeof path, a->msg, a->msgn))) return e;
    if (!gw_scope_has_path(a->who, path)) {
        snprintf(a->msg, a->msgn, "that place is outside your scope");
        return GW_E_FORBIDDEN;
    }
    gw_category_row cat;
    if ((e = gw_store_category_get(tx, row->category_id, &cat))) return e;
    json_t *before = place_json(row);
    int64_t now = gw_now_ms();
    row->division_id = div;
    snprintf(row->division_path, sizeof row->division_path, "%s", path);
    row->has_location = a->p->has_location;
    row->lon = a->p->has_location ? a->p->lon : 0;
    row->lat = a->p->has_location ? a->p->lat : 0;
    row->needs_location = 0;
    row->updated_ms = now;
    step steps[2];
    int n_steps = staff_source(row->source) ? auto_dispatch(tx, row, &cat, now, steps, a->msg, a->msgn) : 0;
    if (n_steps < 0) { json_decref(before); return GW_E_NOMEM; }
    json_t *detail = json_pack("{s:o,s:o}", "before", before, "after", place_json(row));
    if (detail && a->p->public_reply && *a->p->public_reply)
        json_object_set_new(detail, "public_reply", json_string(a->p->public_reply));
    if ((e = gw_store_ticket_update(tx, row))) {
        json_decref(detail);
        if (e == GW_E_CONFLICT) snprintf(a->msg, a->msgn, "the ticket was changed by someone else; reload and retry");
    } else {
        e = timeline(tx, row, now, a->who, a->who->role, "locate", gw_ticket_state_name(was), gw_ticket_state_name(was),
                     a->p->note, detail);
    }
    return record_auto(tx, row, e, now, steps, n_steps, a->msg, a->msgn);
}

gw_err gw_ticket_locate(gw_store *s, const gw_principal *who, int64_t id, const gw_place *p, gw_ticket_row *row,
                        char *msg, size_t msgn)
{
    gw_err e;
    if (!gw_may(who, GW_P_TICKET_DISPATCH)) {
        snprintf(msg, msgn, "only a dispatcher places a ticket");
        return GW_E_FORBIDDEN;
    }
    if ((e = gw_json_check_text("note", p->note, 0, GW_NOTE_MAX, msg, msgn))) return e;
    if ((e = gw_json_check_text("public_reply", p->public_reply, 0, GW_REPLY_MAX, msg, msgn))) return e;
    if (p->has_location && !(isfinite(p->lon) && isfinite(p->lat) && fabs(p->lon) <= 180 && fabs(p->lat) <= 90)) {
        snprintf(msg, msgn, "location is not a valid longitude/latitude");
        return GW_E_INVALID;
    }
    if (!p->has_location && p->division_id <= 0) {
        snprintf(msg, msgn, "give a location or a division_id");
        return GW_E_INVALID;
    }
    locate_arg a = { who, id, p, row, msg, msgn };
    return gw_store_write(s, op_locate, &a);
}
