/* ops/kb_store.c — SQL of the 知识库 (see kb_store.h). Portable SQL only. */
#include "ops/kb_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_INSERT[] =
    "INSERT INTO kb_articles(title, body, category, tags, status, updated_by, created_ms, updated_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id";
static const char SQL_UPDATE[] =
    "UPDATE kb_articles SET title = ?2, body = ?3, category = ?4, tags = ?5, status = ?6, updated_by = ?7,"
    " updated_ms = ?8 WHERE id = ?1 RETURNING id";
static const char SQL_DELETE[] = "DELETE FROM kb_articles WHERE id = ?1 RETURNING id";
static const char SQL_GRAMS_DELETE[] = "DELETE FROM kb_grams WHERE article_id = ?1";
static const char SQL_GRAM_INSERT[] = "INSERT INTO kb_grams(gram, article_id, weight) VALUES (?1, ?2, ?3)";

#define KB_COLS                                                                                        \
    "a.id, a.title, a.body, a.category, a.tags, a.status, COALESCE(a.updated_by, 0),"                  \
    " COALESCE(u.display_name, ''), a.created_ms, a.updated_ms"
static const char SQL_GET[] =
    "SELECT " KB_COLS " FROM kb_articles a LEFT JOIN users u ON u.id = a.updated_by WHERE a.id = ?1";
static const char SQL_LATEST[] =
    "SELECT " KB_COLS ", 0 FROM kb_articles a LEFT JOIN users u ON u.id = a.updated_by"
    " WHERE (CAST(?1 AS TEXT) IS NULL OR a.status = ?1)"
    " ORDER BY a.updated_ms DESC, a.id DESC LIMIT CAST(?2 AS BIGINT) OFFSET CAST(?3 AS BIGINT)";
static const char SQL_SEARCH[] =
    "SELECT " KB_COLS ", g.score FROM (SELECT article_id, COUNT(*) AS hits, SUM(weight) AS score FROM kb_grams"
    " WHERE gram IN (CAST(?4 AS TEXT), CAST(?5 AS TEXT), CAST(?6 AS TEXT), CAST(?7 AS TEXT), CAST(?8 AS TEXT),"
    " CAST(?9 AS TEXT), CAST(?10 AS TEXT), CAST(?11 AS TEXT), CAST(?12 AS TEXT), CAST(?13 AS TEXT),"
    " CAST(?14 AS TEXT), CAST(?15 AS TEXT), CAST(?16 AS TEXT), CAST(?17 AS TEXT), CAST(?18 AS TEXT),"
    " CAST(?19 AS TEXT)) GROUP BY article_id HAVING COUNT(*) >= CAST(?20 AS BIGINT)) g"
    " JOIN kb_articles a ON a.id = g.article_id LEFT JOIN users u ON u.id = a.updated_by"
    " WHERE (CAST(?1 AS TEXT) IS NULL OR a.status = ?1)"
    " ORDER BY g.hits DESC, g.score DESC, a.updated_ms DESC, a.id DESC"
    " LIMIT CAST(?2 AS BIGINT) OFFSET CAST(?3 AS BIGINT)";

static void cpy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", src ? src : ""); }

static void read_row(gw_stmt *st, gw_kb_row *a)
{
    a->id = gw_col_int(st, 0);
    cpy(a->title, sizeof a->title, gw_col_text(st, 1));
    cpy(a->body, sizeof a->body, gw_col_text(st, 2));
    cpy(a->category, sizeof a->category, gw_col_text(st, 3));
    cpy(a->tags, sizeof a->tags, gw_col_text(st, 4));
    a->status = gw_kb_status_parse(gw_col_text(st, 5));
    a->updated_by = gw_col_int(st, 6);
    cpy(a->updated_by_name, sizeof a->updated_by_name, gw_col_text(st, 7));
    a->created_ms = gw_col_int(st, 8);
    a->updated_ms = gw_col_int(st, 9);
}

static gw_err write_grams(gw_db *tx, const gw_kb_row *a)
{
    gw_kb_gram *g = calloc(GW_KB_GRAMS, sizeof *g);
    if (!g) return GW_E_NOMEM;
    size_t n = gw_kb_index_grams(a->title, a->tags, a->body, g, GW_KB_GRAMS);
    gw_err e = GW_OK;
    for (size_t i = 0; i < n && !e; i++) {
        gw_stmt *st = gw_db_prep(tx, SQL_GRAM_INSERT);
        if (!st) { e = GW_E_INTERNAL; break; }
        gw_bind_text(st, 1, g[i].gram);
        gw_bind_int(st, 2, a->id);
        gw_bind_int(st, 3, g[i].weight);
        int rc = gw_step(st);
        if (rc < 0) e = (gw_err)-rc;
        gw_stmt_reset(st);
    }
    free(g);
    return e;
}

static gw_err exec_id(gw_db *tx, const char *sql, int64_t id)
{
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    int rc = gw_step(st);
    gw_stmt_reset(st);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* Bind the fields ?from.. (title, body, category, tags, status, updated_by). */
static void bind_fields(gw_stmt *st, int from, const gw_kb_row *a)
{
    gw_bind_text(st, from, a->title);
    gw_bind_text(st, from + 1, a->body);
    gw_bind_text(st, from + 2, a->category);
    gw_bind_text(st, from + 3, a->tags);
    gw_bind_text(st, from + 4, gw_kb_status_name(a->status));
    gw_bind_id(st, from + 5, a->updated_by);
}

gw_err gw_store_kb_insert(gw_db *tx, gw_kb_row *a)
{
    gw_stmt *st = gw_db_prep(tx, SQL_INSERT);
    if (!st) return GW_E_INTERNAL;
    bind_fields(st, 1, a);
    gw_bind_int(st, 7, a->updated_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    a->id = gw_col_int(st, 0);
    a->created_ms = a->updated_ms;
    gw_stmt_reset(st);
    return write_grams(tx, a);
}

gw_err gw_store_kb_update(gw_db *tx, const gw_kb_row *a)
{
    gw_stmt *st = gw_db_prep(tx, SQL_UPDATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, a->id);
    bind_fields(st, 2, a);
    gw_bind_int(st, 8, a->updated_ms);
    gw_err e = gw_step_touched(st);
    if (e) return e;
    if ((e = exec_id(tx, SQL_GRAMS_DELETE, a->id))) return e;
    return write_grams(tx, a);
}

gw_err gw_store_kb_delete(gw_db *tx, int64_t id)
{
    gw_err e = exec_id(tx, SQL_GRAMS_DELETE, id);
    if (e) return e;
    gw_stmt *st = gw_db_prep(tx, SQL_DELETE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    return gw_step_touched(st);
}

gw_err gw_store_kb_get(gw_db *db, int64_t id, gw_kb_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    memset(out, 0, sizeof *out);
    read_row(st, out);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_kb_search(gw_db *db, const gw_kb_query *q, gw_kb_row *out, size_t *found, int *more)
{
    *found = 0;
    *more = 0;
    gw_stmt *st = gw_db_prep(db, q->n ? SQL_SEARCH : SQL_LATEST);
    if (!st) return GW_E_INTERNAL;
    if (q->status >= 0) gw_bind_text(st, 1, gw_kb_status_name(q->status));
    gw_bind_int(st, 2, (int64_t)q->limit + 1);
    gw_bind_int(st, 3, (int64_t)q->offset);
    for (size_t i = 0; i < q->n && i < GW_KB_QUERY_GRAMS; i++) gw_bind_text(st, (int)i + 4, q->grams[i]);
    if (q->n) gw_bind_int(st, 20, (int64_t)(q->min_hits ? q->min_hits : 1));
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (*found == q->limit) { *more = 1; gw_stmt_reset(st); rc = 0; break; }
        memset(&out[*found], 0, sizeof out[*found]);
        read_row(st, &out[*found]);
        out[(*found)++].score = (int)gw_col_int(st, 10);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
