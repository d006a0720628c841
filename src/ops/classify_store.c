/* ops/classify_store.c — SQL of the classifier's models (see classify_store.h). Portable SQL only. */
#include "ops/classify_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char SQL_INSERT[] =
    "INSERT INTO classifier_models(source, trained_by, examples, labels, dev_examples, dev_accuracy, dev_macro_f1,"
    " created_ms, model, labelled_examples, baseline_macro_f1) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    " RETURNING id";
static const char SQL_DEACTIVATE[] = "UPDATE classifier_models SET active = 0 WHERE active = 1 AND id <> ?1";
static const char SQL_ACTIVATE[] =
    "UPDATE classifier_models SET active = 1, activated_ms = ?2 WHERE id = ?1 RETURNING id";
#define MODEL_COLS                                                                                           \
    "m.id, m.source, COALESCE(m.trained_by, 0), COALESCE(u.display_name, ''), m.examples, m.labels,"         \
    " m.dev_examples, COALESCE(m.dev_accuracy, -1), COALESCE(m.dev_macro_f1, -1), m.created_ms,"            \
    " COALESCE(m.activated_ms, 0), m.active, LENGTH(m.model), m.labelled_examples,"                          \
    " COALESCE(m.baseline_macro_f1, -1)"
static const char SQL_LIST[] = "SELECT " MODEL_COLS " FROM classifier_models m LEFT JOIN users u ON u.id = m.trained_by"
                               " ORDER BY m.id DESC LIMIT CAST(?1 AS BIGINT)";
static const char SQL_GET[] = "SELECT " MODEL_COLS " FROM classifier_models m LEFT JOIN users u ON u.id = m.trained_by"
                              " WHERE m.id = ?1";
static const char SQL_ACTIVE[] = "SELECT id FROM classifier_models WHERE active = 1";
static const char SQL_BLOB[] = "SELECT model FROM classifier_models WHERE id = ?1";
static const char SQL_EXAMPLES[] =
    "SELECT t.description, c.code FROM tickets t JOIN categories c ON c.id = t.category_id"
    " WHERE t.state = 'closed' ORDER BY t.id LIMIT CAST(?1 AS BIGINT)";

static void read_row(gw_stmt *st, gw_model_row *m)
{
    memset(m, 0, sizeof *m);
    m->id = gw_col_int(st, 0);
    snprintf(m->source, sizeof m->source, "%s", gw_col_text(st, 1) ? gw_col_text(st, 1) : "");
    m->trained_by = gw_col_int(st, 2);
    snprintf(m->trained_by_name, sizeof m->trained_by_name, "%s", gw_col_text(st, 3) ? gw_col_text(st, 3) : "");
    m->examples = gw_col_int(st, 4);
    m->labels = gw_col_int(st, 5);
    m->dev_examples = gw_col_int(st, 6);
    m->dev_accuracy = gw_col_double(st, 7);
    m->dev_macro_f1 = gw_col_double(st, 8);
    m->created_ms = gw_col_int(st, 9);
    m->activated_ms = gw_col_int(st, 10);
    m->active = (int)gw_col_int(st, 11);
    m->size = (size_t)gw_col_int(st, 12);
    m->labelled_examples = gw_col_int(st, 13);
    m->baseline_macro_f1 = gw_col_double(st, 14);
}

static void bind_score(gw_stmt *st, int idx, double v)
{
    if (v < 0) gw_bind_null(st, idx);
    else gw_bind_double(st, idx, v);
}

gw_err gw_store_model_insert(gw_db *tx, gw_model_row *m, const void *blob, size_t len)
{
    gw_stmt *st = gw_db_prep(tx, SQL_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, m->source);
    gw_bind_id(st, 2, m->trained_by);
    gw_bind_int(st, 3, m->examples);
    gw_bind_int(st, 4, m->labels);
    gw_bind_int(st, 5, m->dev_examples);
    bind_score(st, 6, m->dev_accuracy);
    bind_score(st, 7, m->dev_macro_f1);
    gw_bind_int(st, 8, m->created_ms);
    gw_bind_blob(st, 9, blob, len);
    gw_bind_int(st, 10, m->labelled_examples);
    bind_score(st, 11, m->baseline_macro_f1);
    gw_err e = gw_step_row(st);
    if (e) return e;
    m->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_model_activate(gw_db *tx, int64_t id, int64_t now_ms)
{
    gw_stmt *st = gw_db_prep(tx, SQL_DEACTIVATE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_done(st);
    if (e) return e;
    if (!(st = gw_db_prep(tx, SQL_ACTIVATE))) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_int(st, 2, now_ms);
    return gw_step_touched(st);
}

gw_err gw_store_model_list(gw_db *db, gw_model_row *out, size_t max, size_t *n)
{
    *n = 0;
    gw_stmt *st = gw_db_prep(db, SQL_LIST);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1) read_row(st, &out[(*n)++]);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_model_get(gw_db *db, int64_t id, gw_model_row *out)
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

gw_err gw_store_model_active_id(gw_db *db, int64_t *id)
{
    *id = 0;
    gw_stmt *st = gw_db_prep(db, SQL_ACTIVE);
    if (!st) return GW_E_INTERNAL;
    gw_err e = gw_step_row(st);
    if (e == GW_E_NOT_FOUND) return GW_OK;
    if (e) return e;
    *id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_model_blob(gw_db *db, int64_t id, unsigned char **blob, size_t *len)
{
    *blob = NULL;
    *len = 0;
    gw_stmt *st = gw_db_prep(db, SQL_BLOB);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    size_t n = 0;
    const void *p = gw_col_blob(st, 0, &n);
    *blob = malloc(n ? n : 1);
    if (*blob && n) memcpy(*blob, p, n);
    *len = n;
    gw_stmt_reset(st);
    return *blob ? GW_OK : GW_E_NOMEM;
}

gw_err gw_store_closed_examples(gw_db *db, size_t max, gw_example_fn each, void *arg)
{
    gw_stmt *st = gw_db_prep(db, SQL_EXAMPLES);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1)
        if (each(gw_col_text(st, 0) ? gw_col_text(st, 0) : "", gw_col_text(st, 1), arg)) {
            gw_stmt_reset(st);
            return GW_E_NOMEM;
        }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
