/* partners/credit_api.c — the credit file over HTTP (see credit_api.h). Masking happens here: a person
 * partner's name shows masked to staff who do not manage partners; the partner itself and staff with
 * partner.manage see it whole. The ranking's workbook is in credit_export_api.c. */
#include "partners/credit_api.h"
#include "base/clock.h"
#include "core/admin.h"
#include "core/privacy.h"
#include "json/reply.h"
#include "partners/credit_svc.h"
#include "partners/partner_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVENTS_MAX 100
#define EVENTS_OFFSET_MAX 1000000
#define CERTS_MAX 50
#define MINE_MAX 20

/* Whether the viewer sees a person partner's name whole. */
static int names_whole(const gw_req *r) { return r->who.kind == GW_PK_RESIDENT || gw_may(&r->who, GW_P_PARTNER_MANAGE); }

static json_t *shown_name(const gw_req *r, int person, const char *name)
{
    char buf[GW_PARTNER_NAME_MAX * 4 + 1];
    snprintf(buf, sizeof buf, "%s", name);
    if (person && !names_whole(r)) gw_mask_name(name, buf, sizeof buf);
    return json_string(buf);
}

static json_t *figures_json(const gw_credit_figures *f)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "live_minutes", (json_int_t)f->live_minutes,
                     "backfill_minutes", (json_int_t)f->backfill_minutes, "confirmed", (json_int_t)f->confirmed,
                     "points_earned", (json_int_t)f->points_earned, "points_revoked", (json_int_t)f->points_revoked,
                     "revocations", (json_int_t)f->revocations, "no_shows", (json_int_t)f->no_shows, "evaluations",
                     (json_int_t)f->evaluations, "evaluation_sum", (json_int_t)f->evaluation_sum, "projects_done",
                     (json_int_t)f->projects_done);
}

static json_t *score_json(const gw_credit_score *s)
{
    return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "hours", (json_int_t)s->hours, "confirmations",
                     (json_int_t)s->confirmations, "points", (json_int_t)s->points, "evaluation",
                     (json_int_t)s->evaluation, "projects", (json_int_t)s->projects, "revocations",
                     (json_int_t)-s->revocations, "no_shows", (json_int_t)-s->no_shows);
}

static json_t *event_json(const gw_credit_event_row *e)
{
    return json_pack("{s:I,s:s,s:I,s:s,s:I,s:o}", "id", (json_int_t)e->id, "kind", gw_credit_kind_name(e->kind),
                     "value", (json_int_t)e->value, "ref_kind", e->ref_kind, "ref_id", (json_int_t)e->ref_id, "at",
                     gw_json_time(e->at_ms));
}

static json_t *file_json(const gw_req *r, const gw_credit_file *f)
{
    const gw_partner_row *p = &f->partner;
    json_t *partner = json_pack("{s:I,s:o,s:s,s:s,s:s,s:{s:I,s:s}}", "id", (json_int_t)p->id, "name",
                                shown_name(r, p->kind == GW_PKIND_PERSON, p->name), "type", gw_partner_type_name(p->type),
                                "kind", gw_partner_kind_name(p->kind), "status", gw_partner_status_name(p->status),
                                "community", "id", (json_int_t)p->community_id, "name", p->community_name);
    return json_pack("{s:o,s:I,s:o,s:i,s:I,s:I,s:I,s:{s:o,s:o,s:o},s:o}", "partner", partner, "score",
                     (json_int_t)f->score.score, "score_parts", score_json(&f->score), "level", f->level,
                     "live_minutes", (json_int_t)f->all.live_minutes, "backfill_minutes",
                     (json_int_t)f->all.backfill_minutes, "next_level_minutes", (json_int_t)f->next_level_minutes,
                     "window", "from", gw_json_time(f->window_from_ms), "to", gw_json_time(f->now_ms), "figures",
                     figures_json(&f->window), "all", figures_json(&f->all));
}

/* The file of partner id with a page of events as JSON (*out), on db. */
static gw_err file_on(gw_req *r, gw_db *db, int64_t id, size_t offset, size_t limit, json_t **out, char *msg,
                      size_t msgn)
{
    size_t n = 0;
    int64_t total = 0;
    gw_credit_file *f = malloc(sizeof *f);
    gw_credit_event_row *ev = calloc(limit ? limit : 1, sizeof *ev);
    gw_err e = f && ev ? GW_OK : GW_E_NOMEM;
    if (!e) e = gw_credit_file_get(db, &r->who, id, gw_now_ms(), f, offset, limit, ev, &n, &total, msg, msgn);
    if (!e) {
        json_t *items = json_array();
        for (size_t i = 0; i < n; i++) json_array_append_new(items, event_json(&ev[i]));
        *out = file_json(r, f);
        json_object_set_new(*out, "events", json_pack("{s:o,s:I,s:I}", "items", items, "total", (json_int_t)total,
                                                       "offset", (json_int_t)offset));
    }
    free(f);
    free(ev);
    return e;
}

static gw_err reply_file(gw_req *r, int64_t id)
{
    size_t offset = 0, limit = 0;
    gw_err e = gw_req_page(r, 20, EVENTS_MAX, EVENTS_OFFSET_MAX, &offset, &limit);
    if (e) return e;
    gw_db *db = gw_admin_read_begin(r);
    if (!db) return GW_E_IO;
    json_t *o = NULL;
    char msg[200] = "";
    e = file_on(r, db, id, offset, limit, &o, msg, sizeof msg);
    gw_store_read_end(r->store, db);
    if (e) return gw_fail(r, e, "%s", msg[0] ? msg : "could not read the credit file");
    return gw_reply(r, 200, o);
}

gw_err api_partners_credit(gw_req *r)
{
    static const char *const keys[] = { "offset", "limit", NULL };
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, keys);
    if (!e) e = gw_admin_path_id(r, "partner", &id);
    return e ? e : reply_file(r, id);
}

static json_t *cert_json(const gw_req *r, const gw_cert_row *c)
{
    json_t *revoked = c->revoked_ms ? json_pack("{s:I,s:s,s:o,s:s}", "by", (json_int_t)c->revoked_by, "by_name",
                                                c->revoked_by_name, "at", gw_json_time(c->revoked_ms), "reason",
                                                c->revoke_reason)
                                    : json_null();
    return json_pack("{s:I,s:s,s:{s:I,s:s,s:s},s:i,s:I,s:I,s:o,s:o,s:o,s:I,s:I,s:s,s:s,s:s,s:{s:I,s:s},s:o,s:o,s:o,"
                     "s:o,s:b}",
                     "id", (json_int_t)c->id, "number", c->number, "community", "id", (json_int_t)c->community_id,
                     "name", c->community_name, "code", c->community_code, "year", c->year, "seq", (json_int_t)c->seq,
                     "partner_id", (json_int_t)c->partner_id, "volunteer_name",
                     shown_name(r, c->person, c->volunteer_name),
                     "from", gw_json_time(c->from_ms), "to", gw_json_time(c->to_ms), "live_minutes",
                     (json_int_t)c->live_minutes, "services", (json_int_t)c->services, "content", c->content, "place",
                     c->place, "organisation", c->organisation, "issued_by", "id", (json_int_t)c->issued_by, "name",
                     c->issued_by_name, "issued_at", gw_json_time(c->issued_ms), "replaces_id",
                     gw_json_id(c->replaces_id), "replaced_by", gw_json_id(c->replaced_by), "revoked", revoked, "valid",
                     c->revoked_ms == 0);
}

static gw_err reply_cert(gw_req *r, gw_err e, gw_cert_row *c, const char *msg, int status)
{
    if (e) { free(c); return gw_fail(r, e, "%s", msg[0] ? msg : "could not read the certificate"); }
    json_t *o = cert_json(r, c);
    free(c);
    return gw_reply(r, status, o);
}

static json_t *certs_json(gw_req *r, const gw_cert_row *rows, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) json_array_append_new(arr, cert_json(r, &rows[i]));
    return arr;
}

gw_err api_partners_certs(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "partner", &id);
    if (e) return e;
    gw_cert_row *rows = calloc(CERTS_MAX, sizeof *rows);
    if (!rows) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    size_t n = 0;
    char msg[200] = "";
    e = db ? gw_cert_list(db, &r->who, id, rows, CERTS_MAX, &n, msg, sizeof msg) : GW_E_IO;
    if (db) gw_store_read_end(r->store, db);
    json_t *arr = e ? NULL : certs_json(r, rows, n);
    free(rows);
    if (e) { return gw_fail(r, e, "%s", msg[0] ? msg : "could not read the certificates"); }
    return gw_admin_reply_items(r, arr);
}

/* A time field: an ISO 8601 string or Unix ms. */
static int read_time(json_t *v, int64_t *ms)
{
    if (json_is_integer(v)) { *ms = json_integer_value(v); return 0; }
    return json_is_string(v) ? gw_clock_parse(json_string_value(v), ms) : -1;
}

gw_err api_partners_cert_issue(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "partner", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    gw_cert_in in = { .partner_id = id };
    json_t *from = NULL, *to = NULL;
    json_int_t replaces = 0;
    GW_ADMIN_UNPACK(r, body, "{s:o, s:o, s:s, s?:s, s?:s, s?:I}", "from", &from, "to", &to, "content", &in.content,
                    "place", &in.place, "organisation", &in.organisation, "replaces_id", &replaces);
    if (read_time(from, &in.from_ms) || read_time(to, &in.to_ms)) {
        json_decref(body);
        return gw_fail(r, GW_E_INVALID, "from and to must be times (ISO 8601 or Unix milliseconds)");
    }
    in.replaces_id = replaces;
    gw_cert_row *c = malloc(sizeof *c);
    char msg[200] = "";
    e = c ? gw_cert_issue(r->store, &r->who, &in, c, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    return reply_cert(r, e, c, msg, 201);
}

gw_err api_cert_revoke(gw_req *r)
{
    int64_t id = 0;
    json_t *body;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "certificate", &id);
    if (!e) e = gw_req_json(r, &body);
    if (e) return e;
    const char *reason = NULL;
    GW_ADMIN_UNPACK(r, body, "{s:s}", "reason", &reason);
    gw_cert_row *c = malloc(sizeof *c);
    char msg[200] = "";
    e = c ? gw_cert_revoke(r->store, &r->who, id, reason, c, msg, sizeof msg) : GW_E_NOMEM;
    json_decref(body);
    return reply_cert(r, e, c, msg, 200);
}

static gw_err read_cert(gw_req *r)
{
    int64_t id = 0;
    gw_err e = gw_req_only_query(r, NULL);
    if (!e) e = gw_admin_path_id(r, "certificate", &id);
    if (e) return e;
    gw_cert_row *c = malloc(sizeof *c);
    if (!c) return gw_fail(r, GW_E_NOMEM, "out of memory");
    gw_db *db = gw_admin_read_begin(r);
    char msg[200] = "";
    e = db ? gw_cert_get(db, &r->who, id, c, msg, sizeof msg) : GW_E_IO;
    if (db) gw_store_read_end(r->store, db);
    return reply_cert(r, e, c, msg, 200);
}

gw_err api_cert_get(gw_req *r) { return read_cert(r); }
gw_err api_resident_cert_get(gw_req *r) { return read_cert(r); }

/* The resident's own files (one per partner record), each with its latest events and certificates. */
gw_err api_resident_credit(gw_req *r)
{
    gw_err e = gw_req_only_query(r, NULL);
    if (e) return e;
    gw_partner_row *mine = calloc(MINE_MAX, sizeof *mine);
    gw_cert_row *certs = calloc(CERTS_MAX, sizeof *certs);
    gw_db *db = mine && certs ? gw_admin_read_begin(r) : NULL;
    size_t n = 0;
    char msg[200] = "";
    e = db ? gw_partner_mine(db, &r->who, mine, MINE_MAX, &n) : mine && certs ? GW_E_IO : GW_E_NOMEM;
    json_t *arr = json_array();
    for (size_t i = 0; !e && i < n; i++) {
        json_t *o = NULL;
        size_t nc = 0;
        if (!(e = file_on(r, db, mine[i].id, 0, 20, &o, msg, sizeof msg)) &&
            !(e = gw_cert_list(db, &r->who, mine[i].id, certs, CERTS_MAX, &nc, msg, sizeof msg)))
            json_object_set_new(o, "certificates", certs_json(r, certs, nc));
        if (o) json_array_append_new(arr, o);
    }
    if (db) gw_store_read_end(r->store, db);
    free(mine);
    free(certs);
    if (e) { json_decref(arr); return gw_fail(r, e, "%s", msg[0] ? msg : "could not read your credit file"); }
    return gw_admin_reply_items(r, arr);
}
