/* ops/assist_store.c — see assist_store.h. */
#include "ops/assist_store.h"

#include <stdio.h>
#include <stdlib.h>

#define COLS                                                                                          \
    "x.id, x.ticket_id, x.unit_id, x.state, x.due_ms, x.note, x.reason, x.public_reply, x.created_by," \
    " x.created_ms, x.signed_ms, x.done_ms, x.returned_ms, x.withdrawn_ms, x.updated_ms, u.name"
#define FROM " FROM ticket_assists x LEFT JOIN units u ON u.id = x.unit_id"

static void copy_text(char *dst, size_t n, const char *s) { snprintf(dst, n, "%s", s ? s : ""); }

static void read_row(gw_stmt *st, gw_assist_row *r)
{
    r->id = gw_col_int(st, 0);
    r->ticket_id = gw_col_int(st, 1);
    r->a.unit_id = gw_col_int(st, 2);
    int s = gw_assist_state_parse(gw_col_text(st, 3));
    r->a.state = s < 0 ? GW_AS_WITHDRAWN : (gw_assist_state)s;
    r->a.due_ms = gw_col_int(st, 4);
    copy_text(r->note, sizeof r->note, gw_col_text(st, 5));
    copy_text(r->reason, sizeof r->reason, gw_col_text(st, 6));
    copy_text(r->public_reply, sizeof r->public_reply, gw_col_text(st, 7));
    r->created_by = gw_col_int(st, 8);
    r->created_ms = gw_col_int(st, 9);
    r->a.signed_ms = gw_col_int(st, 10);
    r->a.done_ms = gw_col_int(st, 11);
    r->a.returned_ms = gw_col_int(st, 12);
    r->a.withdrawn_ms = gw_col_int(st, 13);
    r->updated_ms = gw_col_int(st, 14);
    copy_text(r->unit_name, sizeof r->unit_name, gw_col_text(st, 15));
}

static void bind_opt(gw_stmt *st, int i, const char *s)
{
    if (s && s[0]) gw_bind_text(st, i, s);
}

gw_err gw_store_assist_insert(gw_db *tx, gw_assist_row *row)
{
    static const char sql[] =
        "INSERT INTO ticket_assists(ticket_id, unit_id, state, due_ms, note, reason, public_reply, created_by,"
        " created_ms, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, row->ticket_id);
    gw_bind_int(st, 2, row->a.unit_id);
    gw_bind_text(st, 3, gw_assist_state_name(row->a.state));
    gw_bind_id(st, 4, row->a.due_ms);
    bind_opt(st, 5, row->note);
    bind_opt(st, 6, row->reason);
    bind_opt(st, 7, row->public_reply);
    gw_bind_id(st, 8, row->created_by);
    gw_bind_int(st, 9, row->created_ms);
    gw_err e = gw_step_row(st);
    if (e) return e == GW_E_NOT_FOUND ? GW_E_INTERNAL : e;
    row->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_assist_update(gw_db *tx, const gw_assist_row *row)
{
    static const char sql[] =
        "UPDATE ticket_assists SET unit_id = ?2, state = ?3, due_ms = ?4, note = ?5, reason = ?6, public_reply = ?7,"
        " signed_ms = ?8, done_ms = ?9, returned_ms = ?10, withdrawn_ms = ?11, updated_ms = ?12 WHERE id = ?1"
        " RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, row->id);
    gw_bind_int(st, 2, row->a.unit_id);
    gw_bind_text(st, 3, gw_assist_state_name(row->a.state));
    gw_bind_id(st, 4, row->a.due_ms);
    bind_opt(st, 5, row->note);
    bind_opt(st, 6, row->reason);
    bind_opt(st, 7, row->public_reply);
    gw_bind_id(st, 8, row->a.signed_ms);
    gw_bind_id(st, 9, row->a.done_ms);
    gw_bind_id(st, 10, row->a.returned_ms);
    gw_bind_id(st, 11, row->a.withdrawn_ms);
    gw_bind_int(st, 12, row->updated_ms);
    return gw_step_touched(st);
}

gw_err gw_store_assist_get(gw_db *db, int64_t id, gw_assist_row *row)
{
    static const char sql[] = "SELECT " COLS FROM " WHERE x.id = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    read_row(st, row);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_assist_each(gw_db *db, int64_t ticket_id, gw_assist_row_fn fn, void *cls)
{
    static const char sql[] = "SELECT " COLS FROM " WHERE x.ticket_id = ?1 ORDER BY x.id";
    gw_assist_row *row = malloc(sizeof *row);
    gw_stmt *st = row ? gw_db_prep(db, sql) : NULL;
    if (!st) { free(row); return row ? GW_E_INTERNAL : GW_E_NOMEM; }
    gw_bind_int(st, 1, ticket_id);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        read_row(st, row);
        if (!fn(cls, row)) { gw_stmt_reset(st); free(row); return GW_E_NOMEM; }
    }
    free(row);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_assist_unit_ids(gw_db *db, int64_t ticket_id, int64_t *ids, int max, int *n)
{
    static const char sql[] = "SELECT DISTINCT unit_id FROM ticket_assists WHERE ticket_id = ?1"
                              " AND state <> 'withdrawn' ORDER BY unit_id";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    int rc;
    *n = 0;
    while ((rc = gw_step(st)) == 1) {
        if (*n >= max) { gw_stmt_reset(st); break; }
        ids[(*n)++] = gw_col_int(st, 0);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
