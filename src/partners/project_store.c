/* partners/project_store.c — SQL of projects (see project_store.h). Portable SQL only. A rubric is kept
 * as 'name:weight' lines, scores and photos as ','-joined text. */
#include "partners/project_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_INSERT[] =
    "INSERT INTO projects(community_id, title, goals, budget, capacity, starts_ms, ends_ms, status, survey_id,"
    " visit_ids, rubric, w_residents, w_staff, w_third, created_by, created_ms, updated_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16) RETURNING id";
static const char SQL_UPDATE[] = "UPDATE projects SET status = ?1, result = ?2, paid = ?3, status_reason = ?4,"
                                 " updated_ms = ?5 WHERE id = ?6 RETURNING id";
#define COLS                                                                                            \
    "p.id, p.community_id, COALESCE(d.path, ''), COALESCE(d.name, ''), p.title, p.goals, p.budget,"    \
    " p.capacity, p.starts_ms, p.ends_ms, p.status, COALESCE(p.survey_id, 0), p.visit_ids, p.rubric,"  \
    " p.w_residents, p.w_staff, p.w_third, COALESCE(p.result, -1), p.paid, p.status_reason,"           \
    " COALESCE(p.created_by, 0), p.created_ms, p.updated_ms"
#define FROM " FROM projects p LEFT JOIN divisions d ON d.id = p.community_id"
#define WHERE_LIST                                                                                      \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR d.path LIKE CAST(?1 AS TEXT) || '%')"                         \
    " AND (CAST(?2 AS TEXT) IS NULL OR p.status = CAST(?2 AS TEXT))"                                   \
    " AND (CAST(?3 AS BIGINT) = 0 OR (p.status NOT IN ('draft', 'cancelled') AND ("                    \
    "   p.community_id IN (SELECT community_id FROM partners WHERE resident_id = CAST(?3 AS BIGINT)"   \
    "     AND status = 'active')"                                                                      \
    "   OR p.id IN (SELECT project_id FROM project_reps WHERE resident_id = CAST(?3 AS BIGINT)))))"
static const char SQL_GET[] = "SELECT " COLS FROM " WHERE p.id = ?1";
static const char SQL_LIST[] =
    "SELECT " COLS FROM WHERE_LIST " ORDER BY p.id DESC LIMIT CAST(?4 AS BIGINT) OFFSET CAST(?5 AS BIGINT)";
static const char SQL_COUNT[] = "SELECT COUNT(*)" FROM WHERE_LIST;

static const char SQL_REPS_DEL[] = "DELETE FROM project_reps WHERE project_id = ?1";
static const char SQL_REPS_ADD[] = "INSERT INTO project_reps(project_id, resident_id) VALUES (?1, ?2)";
static const char SQL_REPS[] = "SELECT resident_id FROM project_reps WHERE project_id = ?1 ORDER BY resident_id";
static const char SQL_REP_IS[] = "SELECT 1 FROM project_reps WHERE project_id = ?1 AND resident_id = ?2";
static const char SQL_RESIDENT_IN[] = "SELECT 1 FROM resident_accounts WHERE id = ?1 AND division_id = ?2";
static const char SQL_SURVEY_IN[] = "SELECT 1 FROM surveys WHERE id = ?1 AND community_id = ?2";
static const char SQL_VISIT_IN[] = "SELECT 1 FROM need_visits WHERE id = ?1 AND community_id = ?2";
static const char SQL_PARTNER_OF[] =
    "SELECT id FROM partners WHERE resident_id = ?1 AND community_id = ?2 AND status = 'active'";

static const char SQL_CLAIM_INSERT[] =
    "INSERT INTO project_claims(project_id, partner_id, plan, status, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)"
    " RETURNING id";
static const char SQL_CLAIM_UPDATE[] = "UPDATE project_claims SET status = ?1, reason = ?2, decided_by = ?3,"
                                       " decided_ms = ?4, award = ?5 WHERE id = ?6 RETURNING id";
#define CLAIM_COLS                                                                                      \
    "c.id, c.project_id, c.partner_id, COALESCE(p.name, ''), COALESCE(p.kind, ''), COALESCE(p.status, ''),"\
    " COALESCE(p.resident_id, 0), c.plan, c.status, c.reason, COALESCE(c.decided_by, 0),"              \
    " COALESCE(c.decided_ms, 0), c.award, c.created_ms"
#define CLAIM_FROM " FROM project_claims c LEFT JOIN partners p ON p.id = c.partner_id"
static const char SQL_CLAIM_GET[] = "SELECT " CLAIM_COLS CLAIM_FROM " WHERE c.id = ?1";
static const char SQL_CLAIMS[] = "SELECT " CLAIM_COLS CLAIM_FROM " WHERE c.project_id = ?1 ORDER BY c.id";

static const char SQL_PROGRESS_INSERT[] =
    "INSERT INTO project_progress(project_id, partner_id, note, photos, created_ms) VALUES (?1, ?2, ?3, ?4, ?5)"
    " RETURNING id";
static const char SQL_PROGRESS[] =
    "SELECT g.id, g.project_id, g.partner_id, COALESCE(p.name, ''), g.note, g.photos, g.created_ms"
    " FROM project_progress g LEFT JOIN partners p ON p.id = g.partner_id WHERE g.project_id = ?1"
    " ORDER BY g.id DESC";

static const char SQL_HAS_PHOTO[] =
    "SELECT 1 FROM project_progress WHERE project_id = ?1 AND ',' || photos || ',' LIKE '%,' || ?2 || ',%'";
static const char SQL_EVAL_INSERT[] =
    "INSERT INTO project_evaluations(project_id, party, scorer, scorer_name, scores, total, note, created_by,"
    " created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
static const char SQL_EVALS[] =
    "SELECT id, project_id, party, scorer, scorer_name, scores, total, note, COALESCE(created_by, 0), created_ms"
    " FROM project_evaluations WHERE project_id = ?1 ORDER BY id";

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static void rubric_text(const gw_rubric *r, char *out, size_t n)
{
    size_t k = 0;
    out[0] = 0;
    for (int i = 0; i < r->n && k < n; i++)
        k += (size_t)snprintf(out + k, n - k, "%s%s:%d", i ? "\n" : "", r->name[i], r->weight[i]);
}

static void rubric_parse(const char *s, gw_rubric *r)
{
    memset(r, 0, sizeof *r);
    while (s && *s && r->n < GW_PROJECT_CRITERIA_MAX) {
        size_t len = strcspn(s, "\n");
        const char *colon = memchr(s, ':', len);
        if (colon) {
            snprintf(r->name[r->n], sizeof r->name[r->n], "%.*s", (int)(colon - s), s);
            r->weight[r->n++] = atoi(colon + 1);
        }
        s += len + (s[len] == '\n');
    }
}

static void read_row(gw_stmt *st, gw_project_row *p)
{
    memset(p, 0, sizeof *p);
    p->id = gw_col_int(st, 0);
    p->community_id = gw_col_int(st, 1);
    cpy(p->community_path, sizeof p->community_path, gw_col_text(st, 2));
    cpy(p->community_name, sizeof p->community_name, gw_col_text(st, 3));
    cpy(p->title, sizeof p->title, gw_col_text(st, 4));
    cpy(p->goals, sizeof p->goals, gw_col_text(st, 5));
    p->budget = gw_col_int(st, 6);
    p->capacity = gw_col_int(st, 7);
    p->starts_ms = gw_col_int(st, 8);
    p->ends_ms = gw_col_int(st, 9);
    p->status = gw_project_status_parse(gw_col_text(st, 10));
    p->survey_id = gw_col_int(st, 11);
    cpy(p->visit_ids, sizeof p->visit_ids, gw_col_text(st, 12));
    rubric_parse(gw_col_text(st, 13), &p->rubric);
    for (int i = 0; i < GW_EP__COUNT; i++) p->weight[i] = (int)gw_col_int(st, 14 + i);
    p->result = gw_col_int(st, 17);
    p->paid = gw_col_int(st, 18);
    cpy(p->status_reason, sizeof p->status_reason, gw_col_text(st, 19));
    p->created_by = gw_col_int(st, 20);
    p->created_ms = gw_col_int(st, 21);
    p->updated_ms = gw_col_int(st, 22);
}

gw_err gw_store_project_insert(gw_db *tx, gw_project_row *p)
{
    char rubric[GW_PROJECT_CRITERIA_MAX * (GW_PROJECT_CRITERION_MAX * 4 + 8) + 1];
    rubric_text(&p->rubric, rubric, sizeof rubric);
    gw_stmt *st = gw_db_prep(tx, SQL_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, p->community_id);
    gw_bind_text(st, 2, p->title);
    gw_bind_text(st, 3, p->goals);
    gw_bind_int(st, 4, p->budget);
    gw_bind_int(st, 5, p->capacity);
    gw_bind_int(st, 6, p->starts_ms);
    gw_bind_int(st, 7, p->ends_ms);
    gw_bind_text(st, 8, gw_project_status_name(p->status));
    gw_bind_id(st, 9, p->survey_id);
    gw_bind_text(st, 10, p->visit_ids);
    gw_bind_text(st, 11, rubric);
    for (int i = 0; i < GW_EP__COUNT; i++) gw_bind_int(st, 12 + i, p->weight[i]);
    gw_bind_id(st, 15, p->created_by);
    gw_bind_int(st, 16, p->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    p->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_project_update(gw_db *tx, const gw_project_row *p)
{
    gw_stmt *st = gw_db_prep(tx, SQL_UPDATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, gw_project_status_name(p->status));
    if (p->result >= 0) gw_bind_int(st, 2, p->result);
    else gw_bind_null(st, 2);
    gw_bind_int(st, 3, p->paid);
    gw_bind_text(st, 4, p->status_reason);
    gw_bind_int(st, 5, p->updated_ms);
    gw_bind_int(st, 6, p->id);
    return gw_step_touched(st);
}

gw_err gw_store_project_get(gw_db *db, int64_t id, gw_project_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_row(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

static void bind_query(gw_stmt *st, const gw_project_query *q)
{
    gw_bind_text(st, 1, q->div_prefix);
    gw_bind_text(st, 2, q->status >= 0 ? gw_project_status_name(q->status) : NULL);
    gw_bind_int(st, 3, q->resident_id);
}

gw_err gw_store_project_list(gw_db *db, const gw_project_query *q, gw_project_row *out, size_t *n, int64_t *total)
{
    *n = 0;
    *total = 0;
    gw_stmt *st = gw_db_prep(db, SQL_LIST);
    if (!st) return GW_E_INTERNAL;
    bind_query(st, q);
    gw_bind_int(st, 4, (int64_t)q->limit);
    gw_bind_int(st, 5, (int64_t)q->offset);
    int rc;
    while ((rc = gw_step(st)) > 0) read_row(st, &out[(*n)++]);
    if (rc < 0) return (gw_err)-rc;
    if (!(st = gw_db_prep(db, SQL_COUNT))) return GW_E_INTERNAL;
    bind_query(st, q);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *total = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_project_reps_set(gw_db *tx, int64_t project_id, const int64_t *ids, int n)
{
    gw_stmt *st = gw_db_prep(tx, SQL_REPS_DEL);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, project_id);
    gw_err e = gw_step_done(st);
    for (int i = 0; !e && i < n; i++) {
        if (!(st = gw_db_prep(tx, SQL_REPS_ADD))) return GW_E_INTERNAL;
        gw_bind_int(st, 1, project_id);
        gw_bind_int(st, 2, ids[i]);
        e = gw_step_done(st);
    }
    return e;
}

gw_err gw_store_project_reps(gw_db *db, int64_t project_id, int64_t *ids, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_REPS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, project_id);
    int rc;
    while ((rc = gw_step(st)) > 0) {
        if (*n == max) { gw_stmt_reset(st); return GW_OK; }
        ids[(*n)++] = gw_col_int(st, 0);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* Whether "SELECT 1 ... ?1 ... ?2" yields a row. */
static gw_err exists2(gw_db *db, const char *sql, int64_t a, int64_t b)
{
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, a);
    gw_bind_int(st, 2, b);
    gw_err e = gw_step_row(st);
    if (!e) gw_stmt_reset(st);
    return e;
}

gw_err gw_store_project_rep_is(gw_db *db, int64_t project_id, int64_t resident_id)
{
    return exists2(db, SQL_REP_IS, project_id, resident_id);
}
gw_err gw_store_project_resident_in(gw_db *db, int64_t resident_id, int64_t community_id)
{
    return exists2(db, SQL_RESIDENT_IN, resident_id, community_id);
}
gw_err gw_store_project_survey_in(gw_db *db, int64_t survey_id, int64_t community_id)
{
    return exists2(db, SQL_SURVEY_IN, survey_id, community_id);
}
gw_err gw_store_project_visit_in(gw_db *db, int64_t visit_id, int64_t community_id)
{
    return exists2(db, SQL_VISIT_IN, visit_id, community_id);
}

gw_err gw_store_project_partner_of(gw_db *db, int64_t resident_id, int64_t community_id, int64_t *partner_id)
{
    gw_stmt *st = gw_db_prep(db, SQL_PARTNER_OF);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, resident_id);
    gw_bind_int(st, 2, community_id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *partner_id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_claim_insert(gw_db *tx, gw_claim_row *c)
{
    gw_stmt *st = gw_db_prep(tx, SQL_CLAIM_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, c->project_id);
    gw_bind_int(st, 2, c->partner_id);
    gw_bind_text(st, 3, c->plan);
    gw_bind_text(st, 4, gw_claim_status_name(c->status));
    gw_bind_int(st, 5, c->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    c->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_claim_update(gw_db *tx, const gw_claim_row *c)
{
    gw_stmt *st = gw_db_prep(tx, SQL_CLAIM_UPDATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, gw_claim_status_name(c->status));
    gw_bind_text(st, 2, c->reason);
    gw_bind_id(st, 3, c->decided_by);
    gw_bind_id(st, 4, c->decided_ms);
    gw_bind_int(st, 5, c->award);
    gw_bind_int(st, 6, c->id);
    return gw_step_touched(st);
}

static void read_claim(gw_stmt *st, gw_claim_row *c)
{
    memset(c, 0, sizeof *c);
    c->id = gw_col_int(st, 0);
    c->project_id = gw_col_int(st, 1);
    c->partner_id = gw_col_int(st, 2);
    cpy(c->partner_name, sizeof c->partner_name, gw_col_text(st, 3));
    c->partner_kind = gw_partner_kind_parse(gw_col_text(st, 4));
    c->partner_status = gw_partner_status_parse(gw_col_text(st, 5));
    c->partner_resident_id = gw_col_int(st, 6);
    cpy(c->plan, sizeof c->plan, gw_col_text(st, 7));
    c->status = gw_claim_status_parse(gw_col_text(st, 8));
    cpy(c->reason, sizeof c->reason, gw_col_text(st, 9));
    c->decided_by = gw_col_int(st, 10);
    c->decided_ms = gw_col_int(st, 11);
    c->award = gw_col_int(st, 12);
    c->created_ms = gw_col_int(st, 13);
}

gw_err gw_store_claim_get(gw_db *db, int64_t id, gw_claim_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_CLAIM_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_claim(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_claims(gw_db *db, int64_t project_id, gw_claim_row *out, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_CLAIMS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, project_id);
    int rc;
    while ((rc = gw_step(st)) > 0) {
        if (*n == max) { gw_stmt_reset(st); return GW_OK; }
        read_claim(st, &out[(*n)++]);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_progress_insert(gw_db *tx, gw_progress_row *p)
{
    gw_stmt *st = gw_db_prep(tx, SQL_PROGRESS_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, p->project_id);
    gw_bind_int(st, 2, p->partner_id);
    gw_bind_text(st, 3, p->note);
    gw_bind_text(st, 4, p->photos);
    gw_bind_int(st, 5, p->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    p->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_progress(gw_db *db, int64_t project_id, gw_progress_row *out, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_PROGRESS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, project_id);
    int rc;
    while ((rc = gw_step(st)) > 0) {
        if (*n == max) { gw_stmt_reset(st); return GW_OK; }
        gw_progress_row *p = &out[(*n)++];
        memset(p, 0, sizeof *p);
        p->id = gw_col_int(st, 0);
        p->project_id = gw_col_int(st, 1);
        p->partner_id = gw_col_int(st, 2);
        cpy(p->partner_name, sizeof p->partner_name, gw_col_text(st, 3));
        cpy(p->note, sizeof p->note, gw_col_text(st, 4));
        cpy(p->photos, sizeof p->photos, gw_col_text(st, 5));
        p->created_ms = gw_col_int(st, 6);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_progress_has_photo(gw_db *db, int64_t project_id, const char *sha256)
{
    gw_stmt *st = gw_db_prep(db, SQL_HAS_PHOTO);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, project_id);
    gw_bind_text(st, 2, sha256);
    gw_err e = gw_step_row(st);
    if (!e) gw_stmt_reset(st);
    return e;
}

gw_err gw_store_eval_insert(gw_db *tx, gw_eval_row *ev)
{
    gw_stmt *st = gw_db_prep(tx, SQL_EVAL_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ev->project_id);
    gw_bind_text(st, 2, gw_eval_party_name(ev->party));
    gw_bind_text(st, 3, ev->scorer);
    gw_bind_text(st, 4, ev->scorer_name);
    gw_bind_text(st, 5, ev->scores);
    gw_bind_int(st, 6, ev->total);
    gw_bind_text(st, 7, ev->note);
    gw_bind_id(st, 8, ev->created_by);
    gw_bind_int(st, 9, ev->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    ev->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_evals(gw_db *db, int64_t project_id, gw_eval_row *out, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_EVALS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, project_id);
    int rc;
    while ((rc = gw_step(st)) > 0) {
        if (*n == max) { gw_stmt_reset(st); return GW_OK; }
        gw_eval_row *v = &out[(*n)++];
        memset(v, 0, sizeof *v);
        v->id = gw_col_int(st, 0);
        v->project_id = gw_col_int(st, 1);
        v->party = gw_eval_party_parse(gw_col_text(st, 2));
        cpy(v->scorer, sizeof v->scorer, gw_col_text(st, 3));
        cpy(v->scorer_name, sizeof v->scorer_name, gw_col_text(st, 4));
        cpy(v->scores, sizeof v->scores, gw_col_text(st, 5));
        v->total = gw_col_int(st, 6);
        cpy(v->note, sizeof v->note, gw_col_text(st, 7));
        v->created_by = gw_col_int(st, 8);
        v->created_ms = gw_col_int(st, 9);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
