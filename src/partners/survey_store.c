/* partners/survey_store.c — SQL of 需求征集 (see survey_store.h). Portable SQL only. */
#include "partners/survey_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_SURVEY_INSERT[] =
    "INSERT INTO surveys(community_id, title, intro, questions, opens_ms, closes_ms, created_by, created_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id";
#define SURVEY_COLS                                                                                    \
    "s.id, s.community_id, COALESCE(d.path, ''), COALESCE(d.name, ''), s.title, s.intro, s.questions," \
    " s.opens_ms, s.closes_ms, COALESCE(s.created_by, 0), s.created_ms,"                               \
    " (SELECT COUNT(*) FROM survey_answers a WHERE a.survey_id = s.id)"
#define SURVEY_FROM " FROM surveys s LEFT JOIN divisions d ON d.id = s.community_id"
static const char SQL_SURVEY_GET[] = "SELECT " SURVEY_COLS SURVEY_FROM " WHERE s.id = ?1";
static const char SQL_SURVEY_LIST[] =
    "SELECT " SURVEY_COLS SURVEY_FROM
    " WHERE (CAST(?1 AS TEXT) IS NULL OR d.path LIKE CAST(?1 AS TEXT) || '%')"
    " AND (CAST(?2 AS BIGINT) = 0 OR s.community_id = CAST(?2 AS BIGINT))"
    " AND (CAST(?3 AS BIGINT) = 0 OR (s.opens_ms <= CAST(?3 AS BIGINT) AND s.closes_ms > CAST(?3 AS BIGINT)))"
    " ORDER BY s.id DESC LIMIT CAST(?4 AS BIGINT)";
static const char SQL_ANSWER_INSERT[] =
    "INSERT INTO survey_answers(survey_id, resident_id, answers, created_ms) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_ANSWER_EXISTS[] = "SELECT 1 FROM survey_answers WHERE survey_id = ?1 AND resident_id = ?2";
static const char SQL_ANSWERS[] = "SELECT answers FROM survey_answers WHERE survey_id = ?1 ORDER BY id";

static const char SQL_VISIT_INSERT[] =
    "INSERT INTO need_visits(community_id, household, address, categories, note, visited_ms, created_by,"
    " created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id";
#define VISIT_COLS                                                                                     \
    "v.id, v.community_id, COALESCE(d.path, ''), COALESCE(d.name, ''), v.household, v.address,"        \
    " v.categories, v.note, v.visited_ms, COALESCE(v.created_by, 0), v.created_ms,"                    \
    " COALESCE(u.display_name, '')"
#define VISIT_FROM                                                                                     \
    " FROM need_visits v LEFT JOIN divisions d ON d.id = v.community_id LEFT JOIN users u ON u.id = v.created_by"
#define VISIT_WHERE " WHERE (CAST(?1 AS TEXT) IS NULL OR d.path LIKE CAST(?1 AS TEXT) || '%')"
static const char SQL_VISIT_GET[] = "SELECT " VISIT_COLS VISIT_FROM " WHERE v.id = ?1";
static const char SQL_VISIT_LIST[] = "SELECT " VISIT_COLS VISIT_FROM VISIT_WHERE
                                     " ORDER BY v.visited_ms DESC, v.id DESC LIMIT CAST(?2 AS BIGINT)"
                                     " OFFSET CAST(?3 AS BIGINT)";
static const char SQL_VISIT_COUNT[] = "SELECT COUNT(*)" VISIT_FROM VISIT_WHERE;

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

void gw_survey_row_free(gw_survey_row *r)
{
    free(r->questions);
    r->questions = NULL;
}

static gw_err read_survey(gw_stmt *st, gw_survey_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = gw_col_int(st, 0);
    r->community_id = gw_col_int(st, 1);
    cpy(r->community_path, sizeof r->community_path, gw_col_text(st, 2));
    cpy(r->community_name, sizeof r->community_name, gw_col_text(st, 3));
    cpy(r->title, sizeof r->title, gw_col_text(st, 4));
    cpy(r->intro, sizeof r->intro, gw_col_text(st, 5));
    const char *q = gw_col_text(st, 6);
    r->questions = strdup(q ? q : "[]");
    r->opens_ms = gw_col_int(st, 7);
    r->closes_ms = gw_col_int(st, 8);
    r->created_by = gw_col_int(st, 9);
    r->created_ms = gw_col_int(st, 10);
    r->answers = gw_col_int(st, 11);
    return r->questions ? GW_OK : GW_E_NOMEM;
}

gw_err gw_store_survey_insert(gw_db *tx, gw_survey_row *r)
{
    gw_stmt *st = gw_db_prep(tx, SQL_SURVEY_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, r->community_id);
    gw_bind_text(st, 2, r->title);
    gw_bind_text(st, 3, r->intro);
    gw_bind_text(st, 4, r->questions);
    gw_bind_int(st, 5, r->opens_ms);
    gw_bind_int(st, 6, r->closes_ms);
    gw_bind_id(st, 7, r->created_by);
    gw_bind_int(st, 8, r->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    r->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_survey_get(gw_db *db, int64_t id, gw_survey_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_SURVEY_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    e = read_survey(st, out);
    gw_stmt_reset(st);
    return e;
}

gw_err gw_store_survey_list(gw_db *db, const char *div_prefix, int64_t community_id, int64_t open_at,
                            gw_survey_row *out, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_SURVEY_LIST);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, div_prefix);
    gw_bind_int(st, 2, community_id);
    gw_bind_int(st, 3, open_at);
    gw_bind_int(st, 4, (int64_t)max);
    int rc;
    gw_err e = GW_OK;
    while (!e && (rc = gw_step(st)) > 0) {
        if ((e = read_survey(st, &out[*n])) == GW_OK) (*n)++;
    }
    if (e) { gw_stmt_reset(st); return e; }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_answer_insert(gw_db *tx, int64_t survey_id, int64_t resident_id, const char *answers, int64_t now_ms)
{
    gw_stmt *st = gw_db_prep(tx, SQL_ANSWER_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, survey_id);
    gw_bind_int(st, 2, resident_id);
    gw_bind_text(st, 3, answers);
    gw_bind_int(st, 4, now_ms);
    return gw_step_done(st);
}

gw_err gw_store_answer_exists(gw_db *db, int64_t survey_id, int64_t resident_id)
{
    gw_stmt *st = gw_db_prep(db, SQL_ANSWER_EXISTS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, survey_id);
    gw_bind_int(st, 2, resident_id);
    gw_err e = gw_step_row(st);
    if (!e) gw_stmt_reset(st);
    return e;
}

gw_err gw_store_answers_each(gw_db *db, int64_t survey_id, int (*fn)(void *cls, const char *answers), void *cls)
{
    gw_stmt *st = gw_db_prep(db, SQL_ANSWERS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, survey_id);
    int rc;
    while ((rc = gw_step(st)) > 0)
        if (fn(cls, gw_col_text(st, 0))) { gw_stmt_reset(st); return GW_OK; }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

static void read_visit(gw_stmt *st, gw_visit_row *v)
{
    memset(v, 0, sizeof *v);
    v->id = gw_col_int(st, 0);
    v->community_id = gw_col_int(st, 1);
    cpy(v->community_path, sizeof v->community_path, gw_col_text(st, 2));
    cpy(v->community_name, sizeof v->community_name, gw_col_text(st, 3));
    cpy(v->household, sizeof v->household, gw_col_text(st, 4));
    cpy(v->address, sizeof v->address, gw_col_text(st, 5));
    cpy(v->categories, sizeof v->categories, gw_col_text(st, 6));
    cpy(v->note, sizeof v->note, gw_col_text(st, 7));
    v->visited_ms = gw_col_int(st, 8);
    v->created_by = gw_col_int(st, 9);
    v->created_ms = gw_col_int(st, 10);
    cpy(v->created_by_name, sizeof v->created_by_name, gw_col_text(st, 11));
}

gw_err gw_store_visit_insert(gw_db *tx, gw_visit_row *v)
{
    gw_stmt *st = gw_db_prep(tx, SQL_VISIT_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, v->community_id);
    gw_bind_text(st, 2, v->household);
    gw_bind_text(st, 3, v->address);
    gw_bind_text(st, 4, v->categories);
    gw_bind_text(st, 5, v->note);
    gw_bind_int(st, 6, v->visited_ms);
    gw_bind_id(st, 7, v->created_by);
    gw_bind_int(st, 8, v->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    v->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_visit_get(gw_db *db, int64_t id, gw_visit_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_VISIT_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_visit(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_visit_list(gw_db *db, const char *div_prefix, size_t offset, size_t limit, gw_visit_row *out,
                           size_t *n, int64_t *total)
{
    *n = 0;
    *total = 0;
    gw_stmt *st = gw_db_prep(db, SQL_VISIT_LIST);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, div_prefix);
    gw_bind_int(st, 2, (int64_t)limit);
    gw_bind_int(st, 3, (int64_t)offset);
    int rc;
    while ((rc = gw_step(st)) > 0) read_visit(st, &out[(*n)++]);
    if (rc < 0) return (gw_err)-rc;
    if (!(st = gw_db_prep(db, SQL_VISIT_COUNT))) return GW_E_INTERNAL;
    gw_bind_text(st, 1, div_prefix);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *total = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}
