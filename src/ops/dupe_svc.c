/* ops/dupe_svc.c — see dupe_svc.h. Candidates: the category's family, a bounding box around the point a
 * little larger than the radius, the window before and after; scored by insight/dupes.c after the scope
 * check. Merge and unmerge: one write operation each, the loop's pure rules, both timelines, the audit. */
#include "ops/dupe_svc.h"
#include "base/clock.h"
#include "base/str.h"
#include "core/audit.h"
#include "core/fields.h"
#include "json/reply.h"
#include "core/scope.h"
#include "insight/classify.h"
#include "ops/dupe_store.h"
#include "ops/ticket_svc.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000LL
#define M_PER_DEG_LAT 111320.0
#define PI 3.14159265358979323846

/* A scanned candidate, kept until the statement is done (the scope check may query). */
typedef struct {
    gw_dupe d;
    int64_t unit_id, reporter_user_id;
    char division_path[128];
} scanned;

typedef struct {
    uint32_t *qi;
    float *qv;
    size_t qn;
    scanned *rows;
    size_t n;
} scan_ctx;

static int on_row(void *cls, const gw_dupe_row *r)
{
    scan_ctx *c = cls;
    if (c->n >= GW_DUPES_SCAN_MAX) return 0;
    scanned *s = &c->rows[c->n];
    memset(s, 0, sizeof *s);
    s->d = (gw_dupe){ .id = r->id, .lon = r->lon, .lat = r->lat, .created_ms = r->created_ms };
    s->unit_id = r->unit_id;
    s->reporter_user_id = r->reporter_user_id;
    snprintf(s->division_path, sizeof s->division_path, "%s", r->division_path ? r->division_path : "/");
    if (c->qn) {
        uint32_t *ci;
        float *cv;
        size_t cn;
        if (gw_clf_vector(r->description, &ci, &cv, &cn)) return 1;
        s->d.similarity = gw_dupes_cosine(c->qi, c->qv, c->qn, ci, cv, cn);
        free(ci);
        free(cv);
    }
    c->n++;
    return 0;
}

/* Keep the candidates who may see (all of them for the public question), in place. */
static size_t visible_only(gw_db *db, const gw_principal *who, scanned *rows, size_t n, gw_dupe *out)
{
    gw_ticket_row *probe = who ? malloc(sizeof *probe) : NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (who) {
            if (!probe) break;
            memset(probe, 0, sizeof *probe);
            probe->id = rows[i].d.id;
            probe->t.unit_id = rows[i].unit_id;
            probe->reporter_user_id = rows[i].reporter_user_id;
            snprintf(probe->division_path, sizeof probe->division_path, "%s", rows[i].division_path);
            if (!gw_ticket_visible(db, who, probe)) continue;
        }
        out[k++] = rows[i].d;
    }
    free(probe);
    return k;
}

gw_err gw_dupes_find(gw_db *db, const gw_principal *who, const gw_dupe_ask *q, gw_dupe_answer *out, char *msg,
                     size_t msgn)
{
    memset(out, 0, sizeof *out);
    gw_dupe_limits lim = { 0, 0, GW_DUPE_RADIUS_DEFAULT, GW_DUPE_WINDOW_DEFAULT }; /* no category yet: any */
    gw_err e = q->category_id ? gw_store_dupe_limits(db, q->category_id, &lim) : GW_OK;
    if (e == GW_E_NOT_FOUND) snprintf(msg, msgn, "no such %s", "category");
    if (e) return e == GW_E_NOT_FOUND ? GW_E_INVALID : e;
    out->radius_m = lim.radius_m;
    out->window_days = lim.window_days;
    int64_t now = q->at_ms ? q->at_ms : gw_now_ms(), window = (int64_t)lim.window_days * DAY_MS;
    double dlat = lim.radius_m * 1.01 / M_PER_DEG_LAT, c = cos(q->lat * PI / 180);
    double dlon = c > 0.01 ? dlat / c : 180;
    gw_dupe_area a = { lim.root_id, q->lon - dlon, q->lat - dlat, q->lon + dlon, q->lat + dlat,
                       now - window, now + window, q->exclude_id, who == NULL, GW_DUPES_SCAN_MAX };
    scan_ctx ctx = { 0 };
    ctx.rows = malloc(GW_DUPES_SCAN_MAX * sizeof *ctx.rows);
    gw_dupe *found = malloc(GW_DUPES_SCAN_MAX * sizeof *found);
    e = ctx.rows && found ? gw_clf_vector(q->text, &ctx.qi, &ctx.qv, &ctx.qn) : GW_E_NOMEM;
    if (!e) e = gw_store_dupe_candidates(db, &a, on_row, &ctx);
    if (!e) {
        size_t n = visible_only(db, who, ctx.rows, ctx.n, found);
        gw_dupes_query dq = { q->lon, q->lat, now, lim.radius_m, window };
        int top = q->top > 0 ? q->top : GW_DUPES_TOP_DEFAULT;
        out->n = gw_dupes_rank(&dq, found, n, (size_t)top);
        memcpy(out->items, found, out->n * sizeof *found);
    }
    free(ctx.qi);
    free(ctx.qv);
    free(ctx.rows);
    free(found);
    return e;
}

gw_err gw_dupes_for_ticket(gw_db *db, const gw_principal *who, int64_t id, int top, gw_dupe_answer *out, char *msg,
                           size_t msgn)
{
    memset(out, 0, sizeof *out);
    gw_ticket_row *row = malloc(sizeof *row);
    if (!row) return GW_E_NOMEM;
    gw_err e = gw_store_ticket_get(db, id, row);
    if (e == GW_E_NOT_FOUND || (!e && !gw_ticket_visible(db, who, row))) {
        snprintf(msg, msgn, "no ticket %lld in your scope", (long long)id);
        e = GW_E_NOT_FOUND;
    }
    int open = !e && row->t.state != GW_T_CLOSED && row->t.state != GW_T_INVALID && row->t.state != GW_T_MERGED;
    if (!e && open && row->has_location) {
        gw_dupe_ask q = { row->category_id, row->lon, row->lat, row->description, row->created_ms, row->id, top };
        e = gw_dupes_find(db, who, &q, out, msg, msgn);
    } else if (!e) {
        gw_dupe_limits lim;
        if (gw_store_dupe_limits(db, row->category_id, &lim) == GW_OK) {
            out->radius_m = lim.radius_m;
            out->window_days = lim.window_days;
        }
    }
    free(row);
    return e;
}

/* ---- merge and unmerge ------------------------------------------------------------------------ */

typedef struct {
    const gw_principal *who;
    int64_t id, parent_id;
    const char *note;
    int64_t expect_version;
    gw_ticket_row *row;
    char *msg;
    size_t msgn;
} merge_arg;

static gw_err load_child(gw_db *tx, merge_arg *a)
{
    gw_err e = gw_store_ticket_get(tx, a->id, a->row);
    if (e == GW_E_NOT_FOUND || (!e && !gw_ticket_visible(tx, a->who, a->row))) {
        snprintf(a->msg, a->msgn, "no ticket %lld in your scope", (long long)a->id);
        return GW_E_NOT_FOUND;
    }
    if (!e && a->expect_version && a->expect_version != a->row->version) {
        snprintf(a->msg, a->msgn, "the ticket is at version %lld, not %lld; reload", (long long)a->row->version,
                 (long long)a->expect_version);
        return GW_E_CONFLICT;
    }
    return e;
}

static gw_err append(gw_db *tx, int64_t ticket, int64_t now, const gw_principal *who, const char *action,
                     gw_ticket_state from, gw_ticket_state to, const char *note, json_t *detail)
{
    char *d = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(detail);
    if (!d) return GW_E_NOMEM;
    gw_timeline_in in = { ticket, now, who->user_id, gw_role_name(who->role), action, gw_ticket_state_name(from),
                          gw_ticket_state_name(to), gw_blank(note) ? NULL : note, d };
    gw_err e = gw_store_timeline_append(tx, &in);
    free(d);
    return e;
}

/* Apply the loop's merge or unmerge to the loaded child; save it (its clock stops or restarts). */
static gw_err step_child(gw_db *tx, merge_arg *a, gw_action_kind k, int64_t parent_id, int64_t now,
                         gw_timeline_entry *te)
{
    gw_action act = { .kind = k, .note = a->note };
    gw_actor actor = { a->who->role, a->who->user_id, a->who->unit_id };
    int64_t old_due = a->row->due_ms;
    gw_err e = gw_ticket_apply(&a->row->t, &act, &actor, now, te);
    if (e) {
        snprintf(a->msg, a->msgn, "%s", e == GW_E_FORBIDDEN ? "your role may not take this action"
                                 : e == GW_E_CONFLICT ? (k == GW_A_MERGE ? "only an open ticket not yet handled can be merged"
                                                                        : "the ticket is not merged")
                                 : "note is required");
        return e;
    }
    a->row->parent_id = parent_id;
    gw_ticket_restart_clock(a->row, old_due, now);
    a->row->updated_ms = now;
    if ((e = gw_store_ticket_update(tx, a->row)) == GW_E_CONFLICT)
        snprintf(a->msg, a->msgn, "the ticket was changed by someone else; reload and retry");
    return e;
}

static gw_err audit(gw_db *tx, int64_t now, const gw_principal *who, const char *action, int64_t child,
                    int64_t parent, const char *note)
{
    char obj[40];
    snprintf(obj, sizeof obj, "ticket:%lld", (long long)child);
    json_t *d = json_pack("{s:I,s:I,s:s?}", "ticket_id", (json_int_t)child, "parent_id", (json_int_t)parent, "note",
                          gw_blank(note) ? NULL : note);
    char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(d);
    gw_err e = text ? gw_audit_append(tx, now, who->user_id, action, obj, text) : GW_E_NOMEM;
    free(text);
    return e;
}

static gw_err op_merge(gw_db *tx, void *p)
{
    merge_arg *a = p;
    gw_err e = load_child(tx, a);
    if (e) return e;
    gw_ticket_row *parent = malloc(sizeof *parent);
    if (!parent) return GW_E_NOMEM;
    e = gw_store_ticket_get(tx, a->parent_id, parent);
    if (e == GW_E_NOT_FOUND || (!e && !gw_ticket_visible(tx, a->who, parent))) {
        snprintf(a->msg, a->msgn, "parent_id: no ticket %lld in your scope", (long long)a->parent_id);
        e = GW_E_INVALID;
    }
    int64_t children = 0;
    if (!e) e = gw_store_dupe_merged_count(tx, a->id, &children);
    if (!e && (e = gw_ticket_merge_check(a->id, children, a->parent_id, &parent->t)))
        snprintf(a->msg, a->msgn, "%s", e == GW_E_INVALID ? "parent_id: a ticket is not merged into itself"
                                 : children ? "tickets are merged into this one: it is a parent, not a duplicate"
                                 : "the parent must be open (not closed, invalid or itself merged)");
    int64_t now = gw_now_ms();
    gw_timeline_entry te;
    if (!e) e = step_child(tx, a, GW_A_MERGE, a->parent_id, now, &te);
    if (!e)
        e = append(tx, a->id, now, a->who, "merge", te.from, te.to, a->note,
                   json_pack("{s:I,s:s}", "parent_id", (json_int_t)a->parent_id, "parent_track_code", parent->track_code));
    if (!e)
        e = append(tx, a->parent_id, now, a->who, "merged_in", parent->t.state, parent->t.state, a->note,
                   json_pack("{s:I,s:s}", "child_id", (json_int_t)a->id, "child_track_code", a->row->track_code));
    if (!e) e = gw_store_dupe_touch(tx, a->parent_id, now);
    if (!e) e = audit(tx, now, a->who, "ticket.merge", a->id, a->parent_id, a->note);
    free(parent);
    return e;
}

static gw_err op_unmerge(gw_db *tx, void *p)
{
    merge_arg *a = p;
    gw_err e = load_child(tx, a);
    if (e) return e;
    int64_t parent_id = a->row->parent_id;
    gw_ticket_row *parent = malloc(sizeof *parent);
    if (!parent) return GW_E_NOMEM;
    int64_t now = gw_now_ms();
    gw_timeline_entry te;
    e = step_child(tx, a, GW_A_UNMERGE, 0, now, &te);
    if (!e)
        e = append(tx, a->id, now, a->who, "unmerge", te.from, te.to, a->note,
                   json_pack("{s:I}", "parent_id", (json_int_t)parent_id));
    if (!e && parent_id && gw_store_ticket_get(tx, parent_id, parent) == GW_OK)
        e = append(tx, parent_id, now, a->who, "unmerged_out", parent->t.state, parent->t.state, a->note,
                   json_pack("{s:I,s:s}", "child_id", (json_int_t)a->id, "child_track_code", a->row->track_code));
    if (!e && parent_id) e = gw_store_dupe_touch(tx, parent_id, now);
    if (!e) e = audit(tx, now, a->who, "ticket.unmerge", a->id, parent_id, a->note);
    free(parent);
    return e;
}

static gw_err checked_note(const char *note, char *msg, size_t msgn)
{
    return gw_json_check_text("note", note, 0, GW_NOTE_MAX, msg, msgn);
}

gw_err gw_ticket_merge(gw_store *s, const gw_principal *who, int64_t id, int64_t parent_id, const char *note,
                       int64_t expect_version, gw_ticket_row *row, char *msg, size_t msgn)
{
    gw_err e = checked_note(note, msg, msgn);
    if (e) return e;
    merge_arg a = { who, id, parent_id, note, expect_version, row, msg, msgn };
    return gw_store_write(s, op_merge, &a);
}

gw_err gw_ticket_unmerge(gw_store *s, const gw_principal *who, int64_t id, const char *note, int64_t expect_version,
                         gw_ticket_row *row, char *msg, size_t msgn)
{
    gw_err e = checked_note(note, msg, msgn);
    if (e) return e;
    if (gw_blank(note)) {
        snprintf(msg, msgn, "note is required: why the merge is undone");
        return GW_E_INVALID;
    }
    merge_arg a = { who, id, 0, note, expect_version, row, msg, msgn };
    return gw_store_write(s, op_unmerge, &a);
}

typedef struct {
    const gw_principal *who;
    int64_t category_id;
    int radius_m, window_days;
    char *msg;
    size_t msgn;
} limits_arg;

static gw_err op_limits(gw_db *tx, void *p)
{
    limits_arg *a = p;
    gw_err e = gw_store_dupe_limits_set(tx, a->category_id, a->radius_m, a->window_days);
    if (e == GW_E_NOT_FOUND) snprintf(a->msg, a->msgn, "no such %s", "category");
    if (e) return e;
    char obj[40], d[80];
    snprintf(obj, sizeof obj, "category:%lld", (long long)a->category_id);
    snprintf(d, sizeof d, "{\"radius_m\":%d,\"window_days\":%d}", a->radius_m, a->window_days);
    return gw_audit_append(tx, gw_now_ms(), a->who->user_id, "category.duplicates", obj, d);
}

gw_err gw_dupe_limits_update(gw_store *s, const gw_principal *who, int64_t category_id, int radius_m,
                             int window_days, char *msg, size_t msgn)
{
    if (radius_m < GW_DUPE_RADIUS_MIN || radius_m > GW_DUPE_RADIUS_MAX) {
        snprintf(msg, msgn, "radius_m must be %d to %d", GW_DUPE_RADIUS_MIN, GW_DUPE_RADIUS_MAX);
        return GW_E_INVALID;
    }
    if (window_days < 1 || window_days > GW_DUPE_WINDOW_MAX) {
        snprintf(msg, msgn, "window_days must be 1 to %d", GW_DUPE_WINDOW_MAX);
        return GW_E_INVALID;
    }
    limits_arg a = { who, category_id, radius_m, window_days, msg, msgn };
    return gw_store_write(s, op_limits, &a);
}
