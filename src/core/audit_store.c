/* core/audit_store.c — appending to the audit chain and walking every chain (audit log, ticket
 * timelines) to verify them: the SQL half of core/audit.h. */
#include "core/audit.h"

#include <stdio.h>
#include <string.h>

static const char SQL_AUDIT_LAST[] = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1";
static const char SQL_AUDIT_INSERT[] =
    "INSERT INTO audit_log(at_ms, actor_user_id, action, object, detail, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

gw_err gw_audit_append(gw_db *tx, int64_t at_ms, int64_t actor_user_id, const char *action, const char *object,
                       const char *detail)
{
    char prev[GW_HASH_HEX] = GW_CHAIN_GENESIS, hash[GW_HASH_HEX], at[24], actor[24];
    gw_err e = gw_db_lock(tx, GW_LOCK_AUDIT_CHAIN); /* one appender at a time, across servers */
    if (e) return e;
    gw_stmt *st = gw_db_prep(tx, SQL_AUDIT_LAST);
    if (!st) return GW_E_INTERNAL;
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    if (rc == 1) { snprintf(prev, sizeof prev, "%s", gw_col_text(st, 0)); gw_stmt_reset(st); }
    snprintf(at, sizeof at, "%lld", (long long)at_ms);
    snprintf(actor, sizeof actor, "%lld", (long long)actor_user_id);
    const char *fields[] = { at, actor, action, object, detail ? detail : "" };
    gw_chain_hash(prev, fields, 5, hash);
    st = gw_db_prep(tx, SQL_AUDIT_INSERT);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, at_ms);
    gw_bind_id(st, 2, actor_user_id);
    gw_bind_text(st, 3, action);
    gw_bind_text(st, 4, object);
    gw_bind_text(st, 5, detail ? detail : "");
    gw_bind_text(st, 6, prev);
    gw_bind_text(st, 7, hash);
    return gw_step_done(st);
}

/* Walk one table; fields() renders the row's chained fields into f (columns 3..). */
static gw_err walk(gw_db *db, const char *sql, const char *table, int nfields, char *where, size_t n, int64_t *count)
{
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    char prev[GW_HASH_HEX] = GW_CHAIN_GENESIS, hash[GW_HASH_HEX];
    int rc;
    while ((rc = gw_step(st)) == 1) {
        int64_t id = gw_col_int(st, 0);
        const char *stored_prev = gw_col_text(st, 1), *stored = gw_col_text(st, 2);
        const char *fields[16];
        for (int i = 0; i < nfields; i++) {
            if (gw_col_is_null(st, 3 + i)) fields[i] = "";
            else fields[i] = gw_col_text(st, 3 + i);
        }
        if (!stored_prev || strcmp(stored_prev, prev) != 0) {
            snprintf(where, n, "%s id %lld: prev_hash does not match the previous row (a row was removed or reordered)",
                     table, (long long)id);
            gw_stmt_reset(st);
            return GW_E_CONFLICT;
        }
        gw_chain_hash(prev, fields, (size_t)nfields, hash);
        if (!stored || strcmp(stored, hash) != 0) {
            snprintf(where, n, "%s id %lld: hash does not match its content (the row was edited)", table, (long long)id);
            gw_stmt_reset(st);
            return GW_E_CONFLICT;
        }
        memcpy(prev, hash, sizeof prev);
        (*count)++;
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

/* Integers are selected as text (CAST) so the hashed text is exactly what was hashed at insert. */
static const char SQL_AUDIT_WALK[] =
    "SELECT id, prev_hash, hash, CAST(at_ms AS TEXT), CAST(COALESCE(actor_user_id, 0) AS TEXT), action, object, detail"
    " FROM audit_log ORDER BY id";
static const char SQL_TIMELINE_WALK[] =
    "SELECT id, prev_hash, hash, CAST(ticket_id AS TEXT), CAST(at_ms AS TEXT), CAST(COALESCE(actor_user_id, 0) AS TEXT),"
    " actor_role, action, from_state, to_state, note, detail FROM ticket_timeline ORDER BY id";

gw_err gw_audit_verify(gw_db *db, char *where, size_t n, int64_t *rows_checked)
{
    *rows_checked = 0;
    where[0] = 0;
    gw_err e = walk(db, SQL_AUDIT_WALK, "audit_log", 5, where, n, rows_checked);
    if (!e) e = walk(db, SQL_TIMELINE_WALK, "ticket_timeline", 9, where, n, rows_checked);
    return e;
}
