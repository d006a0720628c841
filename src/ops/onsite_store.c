/* ops/onsite_store.c — see onsite_store.h. */
#include "ops/onsite_store.h"

#include <stdio.h>
#include <stdlib.h>

gw_err gw_store_onsite_add(gw_db *tx, int64_t ticket_id, int64_t user_id, const char *result, const char *note,
                           int64_t at_ms, int64_t *id)
{
    static const char sql[] =
        "INSERT INTO ticket_onsite(ticket_id, user_id, result, note, at_ms) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, ticket_id);
    gw_bind_int(st, 2, user_id);
    gw_bind_text(st, 3, result);
    if (note && note[0]) gw_bind_text(st, 4, note);
    gw_bind_int(st, 5, at_ms);
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    if (rc == 0) return GW_E_INTERNAL;
    *id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_onsite_photo_add(gw_db *tx, int64_t onsite_id, int64_t ticket_id, const char *sha256,
                                 const char *stage)
{
    static const char sql[] = "INSERT INTO ticket_onsite_photos(onsite_id, ticket_id, sha256, stage)"
                              " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, onsite_id);
    gw_bind_int(st, 2, ticket_id);
    gw_bind_text(st, 3, sha256);
    gw_bind_text(st, 4, stage);
    return gw_step_done(st);
}

#define ONSITE_SQL                                                                                   \
    "SELECT o.id, o.ticket_id, o.user_id, o.at_ms, o.result, o.note, u.display_name FROM ticket_onsite o"        \
    " LEFT JOIN users u ON u.id = o.user_id WHERE o.ticket_id = ?1 ORDER BY o.id DESC"

static void onsite_row(gw_stmt *st, gw_onsite_row *row)
{
    row->id = gw_col_int(st, 0);
    row->ticket_id = gw_col_int(st, 1);
    row->user_id = gw_col_int(st, 2);
    row->at_ms = gw_col_int(st, 3);
    const char *r = gw_col_text(st, 4), *n = gw_col_text(st, 5), *u = gw_col_text(st, 6);
    snprintf(row->result, sizeof row->result, "%s", r ? r : "");
    snprintf(row->note, sizeof row->note, "%s", n ? n : "");
    snprintf(row->user_name, sizeof row->user_name, "%s", u ? u : "");
}

gw_err gw_store_onsite_each(gw_db *db, int64_t ticket_id, gw_onsite_fn fn, void *cls)
{
    static const char sql[] = ONSITE_SQL;
    gw_onsite_row *row = malloc(sizeof *row);
    gw_stmt *st = row ? gw_db_prep(db, sql) : NULL;
    if (!st) { free(row); return row ? GW_E_INTERNAL : GW_E_NOMEM; }
    gw_bind_int(st, 1, ticket_id);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        onsite_row(st, row);
        if (!fn(cls, row)) { gw_stmt_reset(st); free(row); return GW_E_NOMEM; }
    }
    free(row);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_onsite_photo_each(gw_db *db, int64_t onsite_id, gw_onsite_photo_fn fn, void *cls)
{
    static const char sql[] =
        "SELECT p.sha256, p.stage, a.mime, a.size FROM ticket_onsite_photos p JOIN attachments a ON a.sha256 = p.sha256"
        " WHERE p.onsite_id = ?1 ORDER BY p.stage DESC, p.sha256"; /* 'before' sorts after 'after': DESC */
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, onsite_id);
    int rc;
    while ((rc = gw_step(st)) == 1) {
        gw_onsite_photo_row row = { gw_col_text(st, 0), gw_col_text(st, 1), gw_col_text(st, 2), gw_col_int(st, 3) };
        if (!fn(cls, &row)) { gw_stmt_reset(st); return GW_E_NOMEM; }
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}
