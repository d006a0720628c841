/* core/auth_store.c — SQL for users, sessions and API keys. */
#include "core/auth_store.h"
#include "base/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy_text(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static const char SQL_USER_BY_NAME[] =
    "SELECT id, username, display_name, phone, role, division_id, unit_id, pw_hash, demo_password, disabled FROM users WHERE username = ?1";
static const char SQL_USER_BY_ID[] =
    "SELECT id, username, display_name, phone, role, division_id, unit_id, pw_hash, demo_password, disabled FROM users WHERE id = ?1";

static gw_err read_user(gw_stmt *st, gw_user_row *u)
{
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    if (rc == 0) return GW_E_NOT_FOUND;
    memset(u, 0, sizeof *u);
    u->id = gw_col_int(st, 0);
    copy_text(u->username, sizeof u->username, gw_col_text(st, 1));
    copy_text(u->display_name, sizeof u->display_name, gw_col_text(st, 2));
    copy_text(u->phone, sizeof u->phone, gw_col_text(st, 3));
    int role = gw_role_parse(gw_col_text(st, 4));
    u->role = role < 0 ? GW_R_RESIDENT : (gw_role)role;
    u->division_id = gw_col_int(st, 5);
    u->unit_id = gw_col_int(st, 6);
    copy_text(u->pw_hash, sizeof u->pw_hash, gw_col_text(st, 7));
    u->demo_password = (int)gw_col_int(st, 8);
    u->disabled = (int)gw_col_int(st, 9);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_user_by_name(gw_db *db, const char *username, gw_user_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_USER_BY_NAME);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, username);
    return read_user(st, out);
}

gw_err gw_store_user_get(gw_db *db, int64_t id, gw_user_row *out)
{
    gw_stmt *st = gw_db_prep(db, SQL_USER_BY_ID);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    return read_user(st, out);
}

gw_err gw_store_user_insert(gw_db *tx, gw_user_row *u, int64_t now_ms)
{
    static const char sql[] =
        "INSERT INTO users(username, display_name, phone, role, division_id, unit_id, pw_hash, demo_password, disabled, created_ms)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, u->username);
    gw_bind_text(st, 2, u->display_name);
    gw_bind_text(st, 3, u->phone[0] ? u->phone : NULL);
    gw_bind_text(st, 4, gw_role_name(u->role));
    gw_bind_id(st, 5, u->division_id);
    gw_bind_id(st, 6, u->unit_id);
    gw_bind_text(st, 7, u->pw_hash);
    gw_bind_int(st, 8, u->demo_password);
    gw_bind_int(st, 9, u->disabled);
    gw_bind_int(st, 10, now_ms);
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    u->id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_user_update(gw_db *tx, const gw_user_row *u)
{
    static const char sql[] =
        "UPDATE users SET display_name = ?2, phone = ?3, role = ?4, division_id = ?5, unit_id = ?6, disabled = ?7,"
        " pw_hash = COALESCE(CAST(?8 AS TEXT), pw_hash),"
        " demo_password = CASE WHEN CAST(?8 AS TEXT) IS NULL THEN demo_password ELSE ?9 END"
        " WHERE id = ?1 RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, u->id);
    gw_bind_text(st, 2, u->display_name);
    gw_bind_text(st, 3, u->phone[0] ? u->phone : NULL);
    gw_bind_text(st, 4, gw_role_name(u->role));
    gw_bind_id(st, 5, u->division_id);
    gw_bind_id(st, 6, u->unit_id);
    gw_bind_int(st, 7, u->disabled);
    gw_bind_text(st, 8, u->pw_hash[0] ? u->pw_hash : NULL);
    gw_bind_int(st, 9, u->demo_password);
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    if (rc == 0) return GW_E_NOT_FOUND;
    gw_stmt_reset(st);
    return GW_OK;
}

/* Room for one more of `size` bytes in *v (n used, *cap allocated); -1 when out of memory. */
static int grow(void **v, size_t n, size_t *cap, size_t size)
{
    if (n < *cap) return 0;
    size_t c = *cap ? *cap * 2 : 32;
    void *p = realloc(*v, c * size);
    if (!p) return -1;
    *v = p;
    *cap = c;
    return 0;
}

gw_err gw_store_user_list(gw_db *db, gw_user_item **out, size_t *n)
{
    static const char sql[] =
        "SELECT u.id, u.username, u.display_name, u.phone, u.role, u.division_id, u.unit_id, u.disabled, u.created_ms,"
        " d.name, n.name, u.demo_password FROM users u LEFT JOIN divisions d ON d.id = u.division_id"
        " LEFT JOIN units n ON n.id = u.unit_id ORDER BY u.id";
    *out = NULL;
    *n = 0;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    size_t cap = 0;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (grow((void **)out, *n, &cap, sizeof **out)) { gw_stmt_reset(st); return GW_E_NOMEM; }
        gw_user_item *x = &(*out)[(*n)++];
        memset(x, 0, sizeof *x);
        x->u.id = gw_col_int(st, 0);
        copy_text(x->u.username, sizeof x->u.username, gw_col_text(st, 1));
        copy_text(x->u.display_name, sizeof x->u.display_name, gw_col_text(st, 2));
        copy_text(x->u.phone, sizeof x->u.phone, gw_col_text(st, 3));
        int role = gw_role_parse(gw_col_text(st, 4));
        x->u.role = role < 0 ? GW_R_RESIDENT : (gw_role)role;
        x->u.division_id = gw_col_int(st, 5);
        x->u.unit_id = gw_col_int(st, 6);
        x->u.disabled = (int)gw_col_int(st, 7);
        x->created_ms = gw_col_int(st, 8);
        copy_text(x->division_name, sizeof x->division_name, gw_col_text(st, 9));
        copy_text(x->unit_name, sizeof x->unit_name, gw_col_text(st, 10));
        x->u.demo_password = (int)gw_col_int(st, 11);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_demo_password_count(gw_db *db, int64_t *n)
{
    static const char sql[] = "SELECT COUNT(*) FROM users WHERE demo_password = 1 AND disabled = 0";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    int rc = gw_step(st);
    if (rc != 1) return rc < 0 ? (gw_err)-rc : GW_E_IO;
    *n = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_session_insert(gw_db *tx, const char *token_hash, int64_t user_id, int64_t now_ms, int64_t expires_ms,
                               const char *ip)
{
    static const char sql[] = "INSERT INTO sessions(token_hash, user_id, created_ms, expires_ms, ip) VALUES (?1, ?2, ?3, ?4, ?5)";
    static const char purge[] = "DELETE FROM sessions WHERE expires_ms < ?1";
    gw_stmt *p = gw_db_prep(tx, purge);
    if (!p) return GW_E_INTERNAL;
    gw_bind_int(p, 1, now_ms);
    gw_err e = gw_step_done(p);
    gw_stmt *st = e ? NULL : gw_db_prep(tx, sql);
    if (!st) return e ? e : GW_E_INTERNAL;
    gw_bind_text(st, 1, token_hash);
    gw_bind_int(st, 2, user_id);
    gw_bind_int(st, 3, now_ms);
    gw_bind_int(st, 4, expires_ms);
    if (ip && *ip) gw_bind_text(st, 5, ip);
    else gw_bind_null(st, 5);
    return gw_step_done(st);
}

gw_err gw_store_session_list(gw_db *db, int64_t user_id, int64_t now_ms, gw_session_row **out, size_t *n)
{
    static const char sql[] = "SELECT s.token_hash, s.user_id, u.username, u.display_name, s.created_ms, s.expires_ms, s.ip"
                              " FROM sessions s JOIN users u ON u.id = s.user_id"
                              " WHERE s.expires_ms > ?1 AND (?2 = 0 OR s.user_id = ?2) ORDER BY s.created_ms DESC LIMIT ?3";
    *out = NULL;
    *n = 0;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    if (!(*out = calloc(GW_SESSION_LIST_MAX, sizeof **out))) return GW_E_NOMEM;
    gw_bind_int(st, 1, now_ms);
    gw_bind_int(st, 2, user_id);
    gw_bind_int(st, 3, GW_SESSION_LIST_MAX);
    int rc;
    while (*n < GW_SESSION_LIST_MAX && (rc = gw_step(st)) == 1) {
        gw_session_row *x = &(*out)[(*n)++];
        const char *ip = gw_col_text(st, 6);
        gw_copy(x->token_hash, sizeof x->token_hash, gw_col_text(st, 0));
        x->user_id = gw_col_int(st, 1);
        gw_copy(x->username, sizeof x->username, gw_col_text(st, 2));
        gw_copy(x->display_name, sizeof x->display_name, gw_col_text(st, 3));
        x->created_ms = gw_col_int(st, 4);
        x->expires_ms = gw_col_int(st, 5);
        gw_copy(x->ip, sizeof x->ip, ip ? ip : "");
    }
    gw_stmt_reset(st);
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_session_owner(gw_db *tx, const char *id, int64_t now_ms, int64_t *user_id, char *token_hash, size_t hn)
{
    static const char sql[] = "SELECT user_id, token_hash FROM sessions WHERE substr(token_hash, 1, 16) = ?1 AND expires_ms > ?2";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, id);
    gw_bind_int(st, 2, now_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *user_id = gw_col_int(st, 0);
    gw_copy(token_hash, hn, gw_col_text(st, 1));
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_session_user(gw_db *db, const char *token_hash, int64_t now_ms, int64_t *user_id)
{
    static const char sql[] = "SELECT user_id FROM sessions WHERE token_hash = ?1 AND expires_ms > ?2";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, token_hash);
    gw_bind_int(st, 2, now_ms);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *user_id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_session_delete(gw_db *tx, const char *token_hash)
{
    static const char sql[] = "DELETE FROM sessions WHERE token_hash = ?1";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, token_hash);
    return gw_step_done(st);
}

gw_err gw_store_session_delete_user(gw_db *tx, int64_t user_id)
{
    static const char sql[] = "DELETE FROM sessions WHERE user_id = ?1";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, user_id);
    return gw_step_done(st);
}

gw_err gw_store_session_delete_others(gw_db *tx, int64_t user_id, const char *keep_hash)
{
    static const char sql[] = "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, user_id);
    gw_bind_text(st, 2, keep_hash);
    return gw_step_done(st);
}

gw_err gw_store_apikey_insert(gw_db *tx, const char *name, const char *prefix, const char *key_hash, int64_t now_ms, int64_t *id)
{
    static const char sql[] = "INSERT INTO api_keys(name, prefix, key_hash, created_ms) VALUES (?1, ?2, ?3, ?4) RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, name);
    gw_bind_text(st, 2, prefix);
    gw_bind_text(st, 3, key_hash);
    gw_bind_int(st, 4, now_ms);
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    *id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_apikey_find(gw_db *db, const char *key_hash, int64_t *id)
{
    static const char sql[] = "SELECT id FROM api_keys WHERE key_hash = ?1 AND revoked_ms IS NULL";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, key_hash);
    gw_err e = gw_step_row(st);
    if (e) return e;
    *id = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_apikey_revoke(gw_db *tx, int64_t id, int64_t now_ms)
{
    static const char sql[] = "UPDATE api_keys SET revoked_ms = ?2 WHERE id = ?1 AND revoked_ms IS NULL RETURNING id";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_bind_int(st, 2, now_ms);
    return gw_step_touched(st);
}

gw_err gw_store_apikey_list(gw_db *db, gw_apikey_row **out, size_t *n)
{
    static const char sql[] = "SELECT id, name, prefix, created_ms, revoked_ms FROM api_keys ORDER BY id";
    *out = NULL;
    *n = 0;
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    size_t cap = 0;
    int rc;
    while ((rc = gw_step(st)) == 1) {
        if (grow((void **)out, *n, &cap, sizeof **out)) { gw_stmt_reset(st); return GW_E_NOMEM; }
        gw_apikey_row *k = &(*out)[(*n)++];
        k->id = gw_col_int(st, 0);
        copy_text(k->name, sizeof k->name, gw_col_text(st, 1));
        copy_text(k->prefix, sizeof k->prefix, gw_col_text(st, 2));
        k->created_ms = gw_col_int(st, 3);
        k->revoked_ms = gw_col_int(st, 4);
    }
    return rc < 0 ? (gw_err)-rc : GW_OK;
}

gw_err gw_store_division_path(gw_db *db, int64_t id, char *path, size_t n)
{
    static const char sql[] = "SELECT path FROM divisions WHERE id = ?1";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, id);
    gw_err e = gw_step_row(st);
    if (e) return e;
    copy_text(path, n, gw_col_text(st, 0));
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_rate_hit(gw_db *tx, const char *key, int64_t window_start, int64_t purge_before, int64_t *n)
{
    static const char purge[] = "DELETE FROM rate_counters WHERE key = ?1 AND window_start < ?2";
    static const char hit[] =
        "INSERT INTO rate_counters(key, window_start, n) VALUES (?1, ?2, 1)"
        " ON CONFLICT (key, window_start) DO UPDATE SET n = rate_counters.n + 1 RETURNING n";
    gw_stmt *st = gw_db_prep(tx, purge);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, key);
    gw_bind_int(st, 2, purge_before);
    gw_err e = gw_step_done(st);
    if (e) return e;
    if (!(st = gw_db_prep(tx, hit))) return GW_E_INTERNAL;
    gw_bind_text(st, 1, key);
    gw_bind_int(st, 2, window_start);
    int rc = gw_step(st);
    if (rc != 1) return rc < 0 ? (gw_err)-rc : GW_E_IO;
    *n = gw_col_int(st, 0);
    gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_rate_count(gw_db *db, const char *key, int64_t window_start, int64_t *n)
{
    static const char sql[] = "SELECT n FROM rate_counters WHERE key = ?1 AND window_start = ?2";
    gw_stmt *st = gw_db_prep(db, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, key);
    gw_bind_int(st, 2, window_start);
    int rc = gw_step(st);
    if (rc < 0) return (gw_err)-rc;
    *n = rc == 1 ? gw_col_int(st, 0) : 0;
    if (rc == 1) gw_stmt_reset(st);
    return GW_OK;
}

gw_err gw_store_rate_undo(gw_db *tx, const char *key, int64_t window_start)
{
    static const char sql[] = "UPDATE rate_counters SET n = n - 1 WHERE key = ?1 AND window_start = ?2 AND n > 0";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, key);
    gw_bind_int(st, 2, window_start);
    return gw_step_done(st);
}

gw_err gw_store_rate_clear(gw_db *tx, const char *key, const char *prefix)
{
    static const char sql[] =
        "DELETE FROM rate_counters WHERE key = ?1 OR substr(key, 1, length(CAST(?2 AS TEXT))) = CAST(?2 AS TEXT)";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_text(st, 1, key);
    if (prefix) gw_bind_text(st, 2, prefix);
    else gw_bind_null(st, 2);
    return gw_step_done(st);
}

gw_err gw_store_rate_purge(gw_db *tx, int64_t before)
{
    static const char sql[] = "DELETE FROM rate_counters WHERE window_start < ?1";
    gw_stmt *st = gw_db_prep(tx, sql);
    if (!st) return GW_E_INTERNAL;
    gw_bind_int(st, 1, before);
    return gw_step_done(st);
}
