/* core/attachment_store.c — SQL for the photo store: attachments (one row per stored content) and
 * uploads (who uploaded which, 0 for the public path). */
#include "core/attachment_store.h"
#include "base/str.h"

gw_err gw_store_attachment_put(gw_db *tx, const char *sha256, const char *mime, int64_t size, int64_t now_ms)
{
    static const char sql[] =
        "INSERT INTO attachments(sha256, mime, size, created_ms) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, sha256);
    gw_bind_text(st, 2, mime);
    gw_bind_int(st, 3, size);
    gw_bind_int(st, 4, now_ms);
    return gw_step_done(st);
}

gw_err gw_store_attachment_mime(gw_db *db, const char *sha256, char *mime, size_t n)
{
    static const char sql[] = "SELECT mime FROM attachments WHERE sha256 = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, sha256);
    gw_err e = gw_step_row(st);
    if (e) return e;
    gw_copy(mime, n, gw_col_text(st, 0));
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_upload_put(gw_db *tx, const char *sha256, int64_t user_id, int64_t now_ms)
{
    static const char sql[] =
        "INSERT INTO uploads(sha256, user_id, created_ms) SELECT CAST(?1 AS TEXT), CAST(?2 AS BIGINT), CAST(?3 AS BIGINT)"
        " WHERE NOT EXISTS ("
        " SELECT 1 FROM uploads WHERE sha256 = ?1 AND user_id IS NOT DISTINCT FROM CAST(?2 AS BIGINT))";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, sha256);
    gw_bind_id(st, 2, user_id);
    gw_bind_int(st, 3, now_ms);
    return gw_step_done(st);
}

int gw_store_uploaded_by(gw_db *db, const char *sha256, int64_t user_id)
{
    static const char sql[] =
        "SELECT 1 FROM uploads WHERE sha256 = ?1 AND user_id IS NOT DISTINCT FROM CAST(?2 AS BIGINT) LIMIT 1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return -1;
    gw_bind_text(st, 1, sha256);
    gw_bind_id(st, 2, user_id);
    int rc = gw_step(st);
    if (rc == 1) gw_stmt_reset(st);
    return rc < 0 ? -1 : rc;
}
