/* partners/credit_store.c — SQL of the credit file (see credit_store.h). Portable SQL only; sums are
 * cast to BIGINT (PostgreSQL's SUM of a BIGINT is NUMERIC). */
#include "partners/credit_store.h"

#include <stdio.h>
#include <string.h>

static const char SQL_INSERT[] =
    "INSERT INTO partner_credit_events(partner_id, community_id, kind, value, ref_kind, ref_id, at_ms)"
    " SELECT id, community_id, ?2, ?3, ?4, ?5, ?6 FROM partners WHERE id = ?1 RETURNING id";

gw_err gw_credit_event_add(gw_db *tx, const gw_credit_event *ev)
{
    if ((int)ev->kind < 0 || ev->kind >= GW_CE__COUNT || !ev->ref_kind || !ev->ref_kind[0]) return GW_E_INVALID;
    gw_stmt *st = gw_db_prep(tx, SQL_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ev->partner_id);
    gw_bind_text(st, 2, gw_credit_kind_name(ev->kind));
    gw_bind_int(st, 3, ev->value);
    gw_bind_text(st, 4, ev->ref_kind);
    gw_bind_int(st, 5, ev->ref_id);
    gw_bind_int(st, 6, ev->at_ms);
    return gw_step_touched(st);
}

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

#define SUM_V(k) "CAST(COALESCE(SUM(CASE WHEN e.kind = '" k "' THEN e.value ELSE 0 END), 0) AS BIGINT)"
#define COUNT_K(k) "CAST(COALESCE(SUM(CASE WHEN e.kind = '" k "' THEN 1 ELSE 0 END), 0) AS BIGINT)"
#define IN_PERIOD "e.at_ms >= ?2 AND e.at_ms < ?3"
/* the ten figures of gw_credit_figures in order, then the service count: 11 columns */
#define FIGURES                                                                                         \
    SUM_V("service_live") "," SUM_V("service_backfill") "," COUNT_K("confirmed") "," SUM_V("points_earned") \
    "," SUM_V("revoked") "," COUNT_K("revoked") "," COUNT_K("no_show") "," COUNT_K("evaluation") ","       \
    SUM_V("evaluation") "," COUNT_K("project_done") "," COUNT_K("service_live")

static const char SQL_FIGURES[] =
    "SELECT " FIGURES " FROM partner_credit_events e WHERE e.partner_id = ?1 AND " IN_PERIOD;

static void read_figures(gw_stmt *st, int col, gw_credit_figures *f)
{
    f->live_minutes = gw_col_int(st, col);
    f->backfill_minutes = gw_col_int(st, col + 1);
    f->confirmed = gw_col_int(st, col + 2);
    f->points_earned = gw_col_int(st, col + 3);
    f->points_revoked = gw_col_int(st, col + 4);
    f->revocations = gw_col_int(st, col + 5);
    f->no_shows = gw_col_int(st, col + 6);
    f->evaluations = gw_col_int(st, col + 7);
    f->evaluation_sum = gw_col_int(st, col + 8);
    f->projects_done = gw_col_int(st, col + 9);
}

gw_err gw_store_credit_figures(gw_db *db, int64_t partner_id, int64_t from_ms, int64_t to_ms, gw_credit_figures *out,
                               int64_t *services)
{
    memset(out, 0, sizeof *out);
    gw_stmt *st = gw_db_prep(db, SQL_FIGURES);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, partner_id);
    gw_bind_int(st, 2, from_ms);
    gw_bind_int(st, 3, to_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_figures(st, 0, out);
    if (services) *services = gw_col_int(st, 10);
    gw_stmt_reset(st);
    return GW_OK;
}

static const char SQL_EVENTS_COUNT[] = "SELECT COUNT(*) FROM partner_credit_events WHERE partner_id = ?1";
static const char SQL_EVENTS[] =
    "SELECT id, kind, value, ref_kind, ref_id, at_ms FROM partner_credit_events WHERE partner_id = ?1"
    " ORDER BY at_ms DESC, id DESC LIMIT CAST(?2 AS BIGINT) OFFSET CAST(?3 AS BIGINT)";

gw_err gw_store_credit_events(gw_db *db, int64_t partner_id, size_t offset, size_t limit, gw_credit_event_row *out,
                              size_t *n, int64_t *total)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_EVENTS_COUNT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, partner_id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *total = gw_col_int(st, 0);
    gw_stmt_reset(st);
    if (!(st = gw_db_prep(db, SQL_EVENTS))) return GW_E_INTERNAL;
    gw_bind_int(st, 1, partner_id);
    gw_bind_int(st, 2, (int64_t)limit);
    gw_bind_int(st, 3, (int64_t)offset);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == limit) { gw_stmt_reset(st); rc = 0; break; }
        gw_credit_event_row *r = &out[(*n)++];
        r->id = gw_col_int(st, 0);
        r->kind = gw_credit_kind_parse(gw_col_text(st, 1));
        r->value = gw_col_int(st, 2);
        cpy(r->ref_kind, sizeof r->ref_kind, gw_col_text(st, 3));
        r->ref_id = gw_col_int(st, 4);
        r->at_ms = gw_col_int(st, 5);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* Per partner of the community: the period's figures, then the live minutes of all time before ?3. */
static const char SQL_PERIOD[] =
    "SELECT p.id, p.type, p.kind, p.name, f.*, CAST(COALESCE((SELECT SUM(a.value) FROM partner_credit_events a"
    "   WHERE a.partner_id = p.id AND a.kind = 'service_live' AND a.at_ms < ?3), 0) AS BIGINT), p.status"
    " FROM (SELECT e.partner_id AS pid, " FIGURES " FROM partner_credit_events e"
    "       WHERE e.community_id = ?1 AND " IN_PERIOD " GROUP BY e.partner_id) f"
    " JOIN partners p ON p.id = f.pid ORDER BY p.id";

gw_err gw_store_credit_period(gw_db *db, int64_t community_id, int64_t from_ms, int64_t to_ms, gw_credit_rank_row *out,
                              size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_PERIOD);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, community_id);
    gw_bind_int(st, 2, from_ms);
    gw_bind_int(st, 3, to_ms);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == max) { gw_stmt_reset(st); rc = 0; break; }
        gw_credit_rank_row *r = &out[(*n)++];
        memset(r, 0, sizeof *r);
        r->partner_id = gw_col_int(st, 0);
        r->type = gw_partner_type_parse(gw_col_text(st, 1));
        r->kind = gw_partner_kind_parse(gw_col_text(st, 2));
        cpy(r->name, sizeof r->name, gw_col_text(st, 3));
        read_figures(st, 5, &r->f); /* column 4 is f.pid */
        r->live_minutes_total = gw_col_int(st, 16);
        r->status = gw_partner_status_parse(gw_col_text(st, 17));
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* ---- certificates ---- */

static const char SQL_CODE[] = "SELECT code FROM divisions WHERE id = ?1 AND level = 'community'";
static const char SQL_NEXT_SEQ[] =
    "INSERT INTO partner_cert_seq(community_id, year, last) VALUES (?1, ?2, 1)"
    " ON CONFLICT (community_id, year) DO UPDATE SET last = partner_cert_seq.last + 1 RETURNING last";
static const char SQL_CERT_INSERT[] =
    "INSERT INTO partner_certificates(number, community_id, year, seq, partner_id, volunteer_name, from_ms, to_ms,"
    " live_minutes, services, content, place, organisation, issued_by, issued_ms, replaces_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id";
#define CERT_COLS                                                                                       \
    "c.id, c.number, c.community_id, d.code, d.name, d.path, c.year, c.seq, c.partner_id, c.volunteer_name," \
    " c.from_ms, c.to_ms, c.live_minutes, c.services, c.content, c.place, c.organisation, c.issued_by,"   \
    " c.issued_ms, COALESCE(u.display_name, ''), COALESCE(c.replaces_id, 0),"                            \
    " COALESCE((SELECT r.id FROM partner_certificates r WHERE r.replaces_id = c.id), 0),"               \
    " COALESCE(c.revoked_by, 0), COALESCE(c.revoked_ms, 0), COALESCE(v.display_name, ''), c.revoke_reason," \
    " COALESCE(p.resident_id, 0), p.kind"
#define CERT_FROM                                                                                       \
    " FROM partner_certificates c JOIN divisions d ON d.id = c.community_id JOIN partners p ON p.id = c.partner_id" \
    " LEFT JOIN users u ON u.id = c.issued_by LEFT JOIN users v ON v.id = c.revoked_by"
static const char SQL_CERT_GET[] = "SELECT " CERT_COLS CERT_FROM " WHERE c.id = ?1";
static const char SQL_CERT_LIST[] =
    "SELECT " CERT_COLS CERT_FROM " WHERE c.partner_id = ?1 ORDER BY c.id DESC LIMIT CAST(?2 AS BIGINT)";
static const char SQL_CERT_REVOKE[] =
    "UPDATE partner_certificates SET revoked_by = ?2, revoked_ms = ?3, revoke_reason = ?4"
    " WHERE id = ?1 AND revoked_ms IS NULL RETURNING id";

gw_err gw_store_cert_community_code(gw_db *db, int64_t community_id, char *code, size_t n)
{
    gw_stmt *st = gw_db_prep(db, SQL_CODE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, community_id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    cpy(code, n, gw_col_text(st, 0));
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_cert_next_seq(gw_db *tx, int64_t community_id, int year, int64_t *seq)
{
    gw_stmt *st = gw_db_prep(tx, SQL_NEXT_SEQ);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, community_id);
    gw_bind_int(st, 2, year);
    gw_err e = gw_step_row(st);
    if (e) return e == GW_E_NOT_FOUND ? GW_E_INTERNAL : e;
    *seq = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_cert_insert(gw_db *tx, gw_cert_row *c)
{
    gw_stmt *st = gw_db_prep(tx, SQL_CERT_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, c->number);
    gw_bind_int(st, 2, c->community_id);
    gw_bind_int(st, 3, c->year);
    gw_bind_int(st, 4, c->seq);
    gw_bind_int(st, 5, c->partner_id);
    gw_bind_text(st, 6, c->volunteer_name);
    gw_bind_int(st, 7, c->from_ms);
    gw_bind_int(st, 8, c->to_ms);
    gw_bind_int(st, 9, c->live_minutes);
    gw_bind_int(st, 10, c->services);
    gw_bind_text(st, 11, c->content);
    gw_bind_text(st, 12, c->place);
    gw_bind_text(st, 13, c->organisation);
    gw_bind_int(st, 14, c->issued_by);
    gw_bind_int(st, 15, c->issued_ms);
    gw_bind_id(st, 16, c->replaces_id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    c->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

static void read_cert(gw_stmt *st, gw_cert_row *c)
{
    memset(c, 0, sizeof *c);
    c->id = gw_col_int(st, 0);
    cpy(c->number, sizeof c->number, gw_col_text(st, 1));
    c->community_id = gw_col_int(st, 2);
    cpy(c->community_code, sizeof c->community_code, gw_col_text(st, 3));
    cpy(c->community_name, sizeof c->community_name, gw_col_text(st, 4));
    cpy(c->community_path, sizeof c->community_path, gw_col_text(st, 5));
    c->year = (int)gw_col_int(st, 6);
    c->seq = gw_col_int(st, 7);
    c->partner_id = gw_col_int(st, 8);
    cpy(c->volunteer_name, sizeof c->volunteer_name, gw_col_text(st, 9));
    c->from_ms = gw_col_int(st, 10);
    c->to_ms = gw_col_int(st, 11);
    c->live_minutes = gw_col_int(st, 12);
    c->services = gw_col_int(st, 13);
    cpy(c->content, sizeof c->content, gw_col_text(st, 14));
    cpy(c->place, sizeof c->place, gw_col_text(st, 15));
    cpy(c->organisation, sizeof c->organisation, gw_col_text(st, 16));
    c->issued_by = gw_col_int(st, 17);
    c->issued_ms = gw_col_int(st, 18);
    cpy(c->issued_by_name, sizeof c->issued_by_name, gw_col_text(st, 19));
    c->replaces_id = gw_col_int(st, 20);
    c->replaced_by = gw_col_int(st, 21);
    c->revoked_by = gw_col_int(st, 22);
    c->revoked_ms = gw_col_int(st, 23);
    cpy(c->revoked_by_name, sizeof c->revoked_by_name, gw_col_text(st, 24));
    cpy(c->revoke_reason, sizeof c->revoke_reason, gw_col_text(st, 25));
    c->resident_id = gw_col_int(st, 26);
    c->person = gw_partner_kind_parse(gw_col_text(st, 27)) == GW_PKIND_PERSON;
}

gw_err gw_store_cert_get(gw_db *db, int64_t id, gw_cert_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_CERT_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_cert(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_cert_revoke(gw_db *tx, int64_t id, int64_t by, int64_t at_ms, const char *reason)
{
    gw_stmt *st = gw_db_prep(tx, SQL_CERT_REVOKE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_int(st, 2, by);
    gw_bind_int(st, 3, at_ms);
    gw_bind_text(st, 4, reason);
    return gw_step_touched(st);
}

gw_err gw_store_cert_list(gw_db *db, int64_t partner_id, gw_cert_row *out, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_CERT_LIST);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, partner_id);
    gw_bind_int(st, 2, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*n == max) { gw_stmt_reset(st); rc = 0; break; }
        read_cert(st, &out[(*n)++]);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
