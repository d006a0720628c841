/* partners/credit_svc.c — see credit_svc.h. */
#include "partners/credit_svc.h"
#include "base/clock.h"
#include "core/audit.h"
#include "core/scope.h"
#include "json/reply.h"
#include "core/resident_store.h"
#include "partners/partner_svc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The partner, if who may read it: staff through the registry's rule, a resident only their own. */
static gw_err read_partner(gw_db *db, const gw_principal *who, int64_t id, gw_partner_row *p, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT) return gw_partner_get(db, who, id, p, msg, msgn);
    gw_err e = gw_store_partner_get(db, id, p);
    if (!e && p->resident_id != who->resident_id) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no such partner");
    return e ? gw_say(msg, msgn, e, "could not read the partner") : GW_OK;
}

gw_err gw_credit_file_get(gw_db *db, const gw_principal *who, int64_t partner_id, int64_t now, gw_credit_file *out,
                          size_t offset, size_t limit, gw_credit_event_row *events, size_t *n, int64_t *total,
                          char *msg, size_t msgn)
{
    memset(out, 0, sizeof *out);
    *n = 0;
    *total = 0;
    gw_err e = read_partner(db, who, partner_id, &out->partner, msg, msgn);
    if (e) return e;
    out->now_ms = now;
    out->window_from_ms = now - GW_CREDIT_WINDOW_MS;
    if ((e = gw_store_credit_figures(db, partner_id, out->window_from_ms, now + 1, &out->window, NULL)) ||
        (e = gw_store_credit_figures(db, partner_id, INT64_MIN, INT64_MAX, &out->all, NULL)))
        return gw_say(msg, msgn, e, "could not read the credit file");
    out->score = gw_credit_score_of(&out->window);
    out->level = gw_credit_level(out->all.live_minutes, &out->next_level_minutes);
    if (limit && (e = gw_store_credit_events(db, partner_id, offset, limit, events, n, total)))
        return gw_say(msg, msgn, e, "could not read the credit file");
    return GW_OK;
}

static int ranked_cmp(const void *a, const void *b)
{
    const gw_credit_ranked *x = a, *y = b;
    gw_credit_rank_key kx = { x->row.partner_id, x->score.score, x->row.live_minutes_total };
    gw_credit_rank_key ky = { y->row.partner_id, y->score.score, y->row.live_minutes_total };
    return gw_credit_rank_cmp(&kx, &ky);
}

gw_err gw_credit_ranking(gw_db *db, const gw_principal *who, int64_t community_id, int64_t from_ms, int64_t to_ms,
                         gw_credit_ranked *out, size_t max, size_t *n, char *msg, size_t msgn)
{
    *n = 0;
    if (!gw_may(who, GW_P_PARTNER_VIEW)) return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    char path[128];
    gw_err e = gw_store_community_path(db, community_id, path, sizeof path);
    if (e == GW_E_NOT_FOUND || (!e && !gw_scope_has_path(who, path)))
        return gw_say(msg, msgn, GW_E_NOT_FOUND, "no such community");
    if (e) return gw_say(msg, msgn, e, "could not read the ranking");
    gw_credit_rank_row *rows = calloc(max ? max : 1, sizeof *rows);
    if (!rows) return gw_say(msg, msgn, GW_E_NOMEM, "out of memory");
    if ((e = gw_store_credit_period(db, community_id, from_ms, to_ms, rows, max, n))) {
        free(rows);
        return gw_say(msg, msgn, e, "could not read the ranking");
    }
    for (size_t i = 0; i < *n; i++) {
        out[i] = (gw_credit_ranked){ .row = rows[i] };
        out[i].score = gw_credit_score_of(&rows[i].f);
        out[i].level = gw_credit_level(rows[i].live_minutes_total, NULL);
    }
    free(rows);
    qsort(out, *n, sizeof *out, ranked_cmp);
    for (size_t i = 0; i < *n; i++) out[i].rank = (int)i + 1;
    return GW_OK;
}

/* ---- certificates ---- */

static gw_err audit_cert(gw_db *tx, int64_t now, int64_t actor, const char *action, const gw_cert_row *c,
                         const char *reason)
{
    char obj[48], *d;
    json_t *o = json_pack("{s:s,s:I,s:I}", "number", c->number, "partner_id", (json_int_t)c->partner_id,
                          "live_minutes", (json_int_t)c->live_minutes);
    if (o && reason) json_object_set_new(o, "reason", json_string(reason));
    if (o && c->replaces_id) json_object_set_new(o, "replaces_id", json_integer(c->replaces_id));
    d = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(o);
    snprintf(obj, sizeof obj, "certificate:%lld", (long long)c->id);
    gw_err e = gw_audit_append(tx, now, actor, action, obj, d ? d : "");
    free(d);
    return e;
}

static gw_err check_cert_in(const gw_cert_in *in, int64_t now, char *msg, size_t n)
{
    gw_err e = gw_json_check_text("content", in->content, 1, GW_CERT_CONTENT_MAX, msg, n);
    if (!e) e = gw_json_check_text("place", in->place, 0, GW_CERT_PLACE_MAX, msg, n);
    if (!e) e = gw_json_check_text("organisation", in->organisation, 0, GW_CERT_ORG_MAX, msg, n);
    if (e) return e;
    if (strspn(in->content, " ") == strlen(in->content)) return gw_say(msg, n, GW_E_INVALID, "content is required");
    if (in->from_ms < 0 || in->to_ms <= in->from_ms)
        return gw_say(msg, n, GW_E_INVALID, "from must be a time before to");
    if (in->from_ms > now) return gw_say(msg, n, GW_E_INVALID, "from must not be in the future");
    if (in->replaces_id < 0) return gw_say(msg, n, GW_E_INVALID, "ids are positive integers");
    return GW_OK;
}

typedef struct {
    const gw_principal *who;
    const gw_cert_in *in;
    int64_t id; /* revoke: the certificate */
    const char *reason;
    gw_cert_row *row;
    char *msg;
    size_t msgn;
} cert_op;

/* The certificate this one replaces: the same partner's, revoked, not replaced yet. */
static gw_err check_replaced(gw_db *tx, const cert_op *w, int64_t partner_id)
{
    gw_cert_row *old = malloc(sizeof *old);
    if (!old) return GW_E_NOMEM;
    gw_err e = gw_store_cert_get(tx, w->in->replaces_id, old);
    if (e == GW_E_NOT_FOUND || (!e && old->partner_id != partner_id))
        e = gw_say(w->msg, w->msgn, GW_E_INVALID, "replaces_id must name a certificate of this partner");
    else if (!e && !old->revoked_ms)
        e = gw_say(w->msg, w->msgn, GW_E_CONFLICT, "only a revoked certificate can be replaced");
    else if (!e && old->replaced_by)
        e = gw_say(w->msg, w->msgn, GW_E_CONFLICT, "that certificate has been replaced already");
    free(old);
    return e;
}

/* The certificate's fields from the partner and the period, then its number. */
static gw_err fill_cert(gw_db *tx, const cert_op *w, const gw_partner_row *p, int64_t now)
{
    gw_cert_row *c = w->row;
    const gw_cert_in *in = w->in;
    memset(c, 0, sizeof *c);
    gw_credit_figures f;
    gw_err e = gw_store_credit_figures(tx, p->id, in->from_ms, in->to_ms, &f, &c->services);
    if (e) return e;
    if (f.live_minutes <= 0)
        return gw_say(w->msg, w->msgn, GW_E_CONFLICT, "the partner has no live service hours in this period");
    char code[64];
    if ((e = gw_store_cert_community_code(tx, p->community_id, code, sizeof code))) return e;
    c->community_id = p->community_id;
    c->partner_id = p->id;
    c->year = gw_credit_year_of(now);
    if ((e = gw_store_cert_next_seq(tx, c->community_id, c->year, &c->seq))) return e;
    if (gw_credit_cert_number(code, c->year, c->seq, c->number, sizeof c->number)) return GW_E_INTERNAL;
    snprintf(c->volunteer_name, sizeof c->volunteer_name, "%s", p->name);
    c->from_ms = in->from_ms;
    c->to_ms = in->to_ms;
    c->live_minutes = f.live_minutes;
    snprintf(c->content, sizeof c->content, "%s", in->content);
    snprintf(c->place, sizeof c->place, "%s", in->place && *in->place ? in->place : p->community_name);
    snprintf(c->organisation, sizeof c->organisation, "%s",
             in->organisation && *in->organisation ? in->organisation : p->community_name);
    c->issued_by = w->who->user_id;
    c->issued_ms = now;
    c->replaces_id = in->replaces_id;
    return GW_OK;
}

static gw_err op_issue(gw_db *tx, void *arg)
{
    cert_op *w = arg;
    int64_t now = gw_now_ms();
    gw_partner_row *p = malloc(sizeof *p);
    if (!p) return GW_E_NOMEM;
    gw_err e = gw_store_partner_get(tx, w->in->partner_id, p);
    if (!e && !gw_scope_has_path(w->who, p->community_path)) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) e = gw_say(w->msg, w->msgn, e, "no such partner");
    if (!e && w->in->replaces_id) e = check_replaced(tx, w, p->id);
    if (!e) e = fill_cert(tx, w, p, now);
    free(p);
    if (!e) e = gw_store_cert_insert(tx, w->row);
    if (e == GW_E_CONFLICT && !w->msg[0]) gw_say(w->msg, w->msgn, e, "that certificate has been replaced already");
    return e ? e : audit_cert(tx, now, w->who->user_id, "certificate.issue", w->row, NULL);
}

static gw_err reload(gw_store *s, int64_t id, gw_cert_row *out)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_cert_get(db, id, out);
    gw_store_read_end(s, db);
    return e;
}

gw_err gw_cert_issue(gw_store *s, const gw_principal *who, const gw_cert_in *in, gw_cert_row *out, char *msg,
                     size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not issue certificates");
    gw_err e = check_cert_in(in, gw_now_ms(), msg, msgn);
    if (e) return e;
    cert_op w = { who, in, 0, NULL, out, msg, msgn };
    msg[0] = 0;
    if ((e = gw_store_write(s, op_issue, &w))) return msg[0] ? e : gw_say(msg, msgn, e, "could not issue the certificate");
    return reload(s, out->id, out);
}

static gw_err op_revoke(gw_db *tx, void *arg)
{
    cert_op *w = arg;
    int64_t now = gw_now_ms();
    gw_err e = gw_store_cert_get(tx, w->id, w->row);
    if (!e && !gw_scope_has_path(w->who, w->row->community_path)) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(w->msg, w->msgn, e, "no such certificate");
    if (!e && w->row->revoked_ms) return gw_say(w->msg, w->msgn, GW_E_CONFLICT, "the certificate is revoked already");
    if (!e) e = gw_store_cert_revoke(tx, w->id, w->who->user_id, now, w->reason);
    return e ? e : audit_cert(tx, now, w->who->user_id, "certificate.revoke", w->row, w->reason);
}

gw_err gw_cert_revoke(gw_store *s, const gw_principal *who, int64_t id, const char *reason, gw_cert_row *out,
                      char *msg, size_t msgn)
{
    if (!gw_may(who, GW_P_PARTNER_MANAGE))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not revoke certificates");
    gw_err e = gw_json_check_text("reason", reason, 1, GW_REASON_MAX, msg, msgn);
    if (e) return e;
    if (strspn(reason, " ") == strlen(reason)) return gw_say(msg, msgn, GW_E_INVALID, "reason is required");
    cert_op w = { who, NULL, id, reason, out, msg, msgn };
    msg[0] = 0;
    if ((e = gw_store_write(s, op_revoke, &w)))
        return msg[0] ? e : gw_say(msg, msgn, e, "could not revoke the certificate");
    return reload(s, id, out);
}

gw_err gw_cert_get(gw_db *db, const gw_principal *who, int64_t id, gw_cert_row *out, char *msg, size_t msgn)
{
    if (who->kind != GW_PK_RESIDENT && !gw_may(who, GW_P_PARTNER_VIEW))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "your role may not see partners");
    gw_err e = gw_store_cert_get(db, id, out);
    if (!e && who->kind == GW_PK_RESIDENT && out->resident_id != who->resident_id) e = GW_E_NOT_FOUND;
    if (!e && who->kind != GW_PK_RESIDENT && !gw_scope_has_path(who, out->community_path)) e = GW_E_NOT_FOUND;
    if (e == GW_E_NOT_FOUND) return gw_say(msg, msgn, e, "no such certificate");
    return e ? gw_say(msg, msgn, e, "could not read the certificate") : GW_OK;
}

gw_err gw_cert_list(gw_db *db, const gw_principal *who, int64_t partner_id, gw_cert_row *out, size_t max, size_t *n,
                    char *msg, size_t msgn)
{
    *n = 0;
    gw_partner_row *p = malloc(sizeof *p);
    if (!p) return gw_say(msg, msgn, GW_E_NOMEM, "out of memory");
    gw_err e = read_partner(db, who, partner_id, p, msg, msgn);
    free(p);
    if (!e && (e = gw_store_cert_list(db, partner_id, out, max, n)))
        return gw_say(msg, msgn, e, "could not read the certificates");
    return e;
}
