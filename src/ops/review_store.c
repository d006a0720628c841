/* ops/review_store.c — SQL of the 复核队列 (see review_store.h). Portable SQL only. */
#include "ops/review_store.h"
#include "core/scope_store.h"
#include "db/store.h"

#include <stdio.h>
#include <string.h>

static const char SQL_INSERT[] =
    "INSERT INTO ticket_classifications(ticket_id, model_id, decision, probability, suggestions, state, created_ms)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_GET[] =
    "SELECT ticket_id, COALESCE(model_id, 0), decision, state, corrected, probability, COALESCE(decided_by, 0),"
    " COALESCE(decided_ms, 0), created_ms FROM ticket_classifications WHERE ticket_id = ?1";
static const char SQL_DECIDE[] =
    "UPDATE ticket_classifications SET state = ?2, corrected = CASE WHEN ?3 = 1 THEN 1 ELSE corrected END,"
    " decided_by = ?4, decided_ms = ?5 WHERE ticket_id = ?1 RETURNING ticket_id";
#define QUEUE_FROM                                                                                           \
    " FROM ticket_classifications k JOIN tickets t ON t.id = k.ticket_id WHERE k.state = 'pending'"        \
    " AND t.state IN ('reported', 'accepted') AND"                                                           \
    GW_SCOPE_SQL("?1", "?2", "?3", "?4", "?5")
static const char SQL_QUEUE[] =
    "SELECT t.id, COALESCE(k.model_id, 0), t.created_ms, t.category_id, t.track_code, t.description,"
    " COALESCE(t.address, ''), t.source, k.suggestions, k.probability" QUEUE_FROM
    " ORDER BY t.id LIMIT CAST(?6 AS BIGINT) OFFSET CAST(?7 AS BIGINT)";
static const char SQL_QUEUE_COUNT[] = "SELECT COUNT(*)" QUEUE_FROM;
static const char SQL_EXAMPLE_INSERT[] =
    "INSERT INTO classifier_examples(ticket_id, text, category_id, from_category_id, source, model_id, user_id,"
    " created_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_EXAMPLE_LIST[] =
    "SELECT e.id, e.ticket_id, COALESCE(e.model_id, 0), COALESCE(e.user_id, 0), e.created_ms, e.text, e.source,"
    " c.code, c.name, COALESCE(f.code, ''), COALESCE(f.name, ''), COALESCE(u.display_name, '')"
    " FROM classifier_examples e JOIN categories c ON c.id = e.category_id"
    " LEFT JOIN categories f ON f.id = e.from_category_id LEFT JOIN users u ON u.id = e.user_id"
    " ORDER BY e.id DESC LIMIT CAST(?1 AS BIGINT) OFFSET CAST(?2 AS BIGINT)";
static const char SQL_EXAMPLE_COUNT[] = "SELECT COUNT(*) FROM classifier_examples";
static const char SQL_LABELLED[] =
    "SELECT e.text, c.code FROM classifier_examples e JOIN categories c ON c.id = e.category_id"
    " ORDER BY e.id LIMIT CAST(?1 AS BIGINT)";
static const char SQL_COUNTS[] =
    "SELECT COALESCE(SUM(CASE WHEN decision = 'auto' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN decision = 'review' THEN 1 ELSE 0 END), 0),"
    " COALESCE(SUM(CASE WHEN decision = 'auto' AND corrected = 1 THEN 1 ELSE 0 END), 0),"
    " (SELECT COUNT(*) FROM classifier_examples WHERE created_ms >= ?1 AND created_ms < ?2)"
    " FROM ticket_classifications WHERE created_ms >= ?1 AND created_ms < ?2";

static const char *txt(gw_stmt *st, int col)
{
    const char *s = gw_col_text(st, col);
    return s ? s : "";
}

gw_err gw_store_review_insert(gw_db *tx, int64_t ticket_id, const gw_intake_class *c, int64_t now_ms)
{
    gw_stmt *st = gw_db_prep(tx, SQL_INSERT);
    if (!st) return GW_E_INTERNAL;
    int queued = c->decision == GW_REVIEW_QUEUE;
    gw_bind_int(st, 1, ticket_id);
    gw_bind_id(st, 2, c->model_id);
    gw_bind_text(st, 3, queued ? "review" : "auto");
    gw_bind_double(st, 4, c->probability);
    gw_bind_text(st, 5, c->suggestions);
    gw_bind_text(st, 6, queued ? "pending" : "auto");
    gw_bind_int(st, 7, now_ms);
    return gw_step_done(st);
}

gw_err gw_store_review_get(gw_db *db, int64_t ticket_id, gw_review_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_GET);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    memset(out, 0, sizeof *out);
    out->ticket_id = gw_col_int(st, 0);
    out->model_id = gw_col_int(st, 1);
    snprintf(out->decision, sizeof out->decision, "%s", txt(st, 2));
    snprintf(out->state, sizeof out->state, "%s", txt(st, 3));
    out->corrected = (int)gw_col_int(st, 4);
    out->probability = gw_col_double(st, 5);
    out->decided_by = gw_col_int(st, 6);
    out->decided_ms = gw_col_int(st, 7);
    out->created_ms = gw_col_int(st, 8);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_review_decide(gw_db *tx, int64_t ticket_id, const char *state, int corrected, int64_t by,
                              int64_t now_ms)
{
    gw_stmt *st = gw_db_prep(tx, SQL_DECIDE);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    gw_bind_text(st, 2, state);
    gw_bind_int(st, 3, corrected);
    gw_bind_id(st, 4, by);
    gw_bind_int(st, 5, now_ms);
    return gw_step_touched(st);
}

static gw_err count_one(gw_stmt *st, int64_t *n)
{
    gw_err e = gw_step_row(st);
    if (e) return e;
    *n = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_review_queue(gw_db *db, const gw_principal *who, size_t offset, size_t limit, gw_queue_fn fn,
                             void *arg, int64_t *total)
{
    static const gw_scope_args scope = { 1, 2, 3, 4, 5 };
    gw_stmt *st = gw_db_prep(db, SQL_QUEUE_COUNT);
    if (!st) return GW_E_INTERNAL;
    gw_scope_bind(st, &scope, who, GW_SCOPE_LIST);
    gw_err e = count_one(st, total);
    if (e) return e;
    if (!(st = gw_db_prep(db, SQL_QUEUE))) return GW_E_INTERNAL;
    gw_scope_bind(st, &scope, who, GW_SCOPE_LIST);
    gw_bind_int(st, 6, (int64_t)limit);
    gw_bind_int(st, 7, (int64_t)offset);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_queue_row q = { gw_col_int(st, 0), gw_col_int(st, 1), gw_col_int(st, 2), gw_col_int(st, 3),
                           txt(st, 4), txt(st, 5), txt(st, 6), txt(st, 7), txt(st, 8), gw_col_double(st, 9) };
        if (fn(arg, &q)) { gw_stmt_reset(st); return GW_E_NOMEM; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_example_insert(gw_db *tx, const gw_example_in *in)
{
    gw_stmt *st = gw_db_prep(tx, SQL_EXAMPLE_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, in->ticket_id);
    gw_bind_text(st, 2, in->text);
    gw_bind_int(st, 3, in->category_id);
    gw_bind_id(st, 4, in->from_category_id);
    gw_bind_text(st, 5, in->source);
    gw_bind_id(st, 6, in->model_id);
    gw_bind_id(st, 7, in->user_id);
    gw_bind_int(st, 8, in->created_ms);
    return gw_step_done(st);
}

gw_err gw_store_example_list(gw_db *db, size_t offset, size_t limit, gw_example_row_fn fn, void *arg,
                             int64_t *total)
{
    gw_stmt *st = gw_db_prep(db, SQL_EXAMPLE_COUNT);
    if (!st) return GW_E_INTERNAL;
    gw_err e = count_one(st, total);
    if (e) return e;
    if (!(st = gw_db_prep(db, SQL_EXAMPLE_LIST))) return GW_E_INTERNAL;
    gw_bind_int(st, 1, (int64_t)limit);
    gw_bind_int(st, 2, (int64_t)offset);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_example_row x = { gw_col_int(st, 0), gw_col_int(st, 1), gw_col_int(st, 2), gw_col_int(st, 3),
                             gw_col_int(st, 4), txt(st, 5), txt(st, 6), txt(st, 7), txt(st, 8), txt(st, 9),
                             txt(st, 10), txt(st, 11) };
        if (fn(arg, &x)) { gw_stmt_reset(st); return GW_E_NOMEM; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_labelled_examples(gw_db *db, size_t max, int (*each)(const char *, const char *, void *), void *arg)
{
    gw_stmt *st = gw_db_prep(db, SQL_LABELLED);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, (int64_t)max);
    int rc;
    while ((rc = gw_step(st)) == 1)
        if (each(txt(st, 0), txt(st, 1), arg)) { gw_stmt_reset(st); return GW_E_NOMEM; }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_review_counts(gw_db *db, int64_t from_ms, int64_t to_ms, gw_review_counts *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_COUNTS);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, from_ms);
    gw_bind_int(st, 2, to_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    out->auto_n = gw_col_int(st, 0);
    out->review_n = gw_col_int(st, 1);
    out->corrected_n = gw_col_int(st, 2);
    out->examples_n = gw_col_int(st, 3);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_ticket_set_category(gw_db *tx, int64_t id, int64_t version, int64_t category_id, int64_t now_ms)
{
    static const char sql[] = "UPDATE tickets SET category_id = ?3, version = version + 1, updated_ms = ?4"
                              " WHERE id = ?1 AND version = ?2 RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_int(st, 2, version);
    gw_bind_int(st, 3, category_id);
    gw_bind_int(st, 4, now_ms);
    gw_err e = gw_step_touched(st);
    if (!e) gw_store_note_ticket(id); /* cached views of it are stale after the commit */
    return e == GW_E_NOT_FOUND ? GW_E_CONFLICT : e;
}
