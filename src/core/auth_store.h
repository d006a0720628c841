/* core/auth_store.h — the SQL of users, sessions, API keys and the shared rate counters. Lists
 * return rows (structs); JSON and masking are the callers' (core/user_api.c, main.c).
 * Read functions take any connection; write functions must run inside gw_store_write. */
#ifndef GW_STORE_STORE_CORE_H
#define GW_STORE_STORE_CORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/role.h"
#include "core/fields.h"
#include "db/db.h"

/* ---- users, sessions, api keys ---- */

typedef struct {
    int64_t id;
    char username[64];
    char display_name[GW_DISPLAY_BUF];
    char phone[32];
    gw_role role;
    int64_t division_id;
    int64_t unit_id;
    char pw_hash[128];
    int demo_password;
    int disabled;
} gw_user_row;

gw_err gw_store_user_by_name(gw_db *db, const char *username, gw_user_row *out);
gw_err gw_store_user_get(gw_db *db, int64_t id, gw_user_row *out);
/* Insert; fills u->id. GW_E_CONFLICT when the username exists. */
gw_err gw_store_user_insert(gw_db *tx, gw_user_row *u, int64_t now_ms);
/* Update display name, phone, role, scope, disabled, and the password hash when pw_hash[0]. */
gw_err gw_store_user_update(gw_db *tx, const gw_user_row *u);
/* A user as listed: the row (no hash) with when it was made and the names of its scope. */
typedef struct {
    gw_user_row u;
    int64_t created_ms;
    char division_name[GW_NAME_BUF]; /* "" when none */
    char unit_name[GW_NAME_BUF];
} gw_user_item;

/* All users, by id, into *out (n of them; free() it, also after an error). */
gw_err gw_store_user_list(gw_db *db, gw_user_item **out, size_t *n);
/* How many enabled users still have the published demo password. */
gw_err gw_store_demo_password_count(gw_db *db, int64_t *n);

gw_err gw_store_session_insert(gw_db *tx, const char *token_hash, int64_t user_id, int64_t now_ms, int64_t expires_ms,
                               const char *ip);
/* A live session as the 在线用户 list shows it (its id is the first 16 hex digits of the token's hash). */
#define GW_SESSION_LIST_MAX 500
typedef struct {
    char token_hash[72];
    int64_t user_id, created_ms, expires_ms;
    char username[64], display_name[GW_NAME_BUF], ip[64];
} gw_session_row;
/* Live sessions, newest first, of user_id (0: everyone's), at most GW_SESSION_LIST_MAX; *out is
 * malloc'd (free() it, also after an error). */
gw_err gw_store_session_list(gw_db *db, int64_t user_id, int64_t now_ms, gw_session_row **out, size_t *n);
/* The owner and full hash of the live session whose hash starts with the 16 hex digits id. */
gw_err gw_store_session_owner(gw_db *tx, const char *id, int64_t now_ms, int64_t *user_id, char *token_hash, size_t hn);
/* The user of a live session (GW_E_NOT_FOUND when unknown or expired). */
gw_err gw_store_session_user(gw_db *db, const char *token_hash, int64_t now_ms, int64_t *user_id);
gw_err gw_store_session_delete(gw_db *tx, const char *token_hash);
/* Drop a user's sessions (after a password change or disable). */
gw_err gw_store_session_delete_user(gw_db *tx, int64_t user_id);
/* Drop a user's sessions but the one whose token hashes to keep_hash (their own password change). */
gw_err gw_store_session_delete_others(gw_db *tx, int64_t user_id, const char *keep_hash);

gw_err gw_store_apikey_insert(gw_db *tx, const char *name, const char *prefix, const char *key_hash, int64_t now_ms, int64_t *id);
/* The id of a live key by hash (GW_E_NOT_FOUND when unknown or revoked). */
gw_err gw_store_apikey_find(gw_db *db, const char *key_hash, int64_t *id);
gw_err gw_store_apikey_revoke(gw_db *tx, int64_t id, int64_t now_ms);
typedef struct {
    int64_t id;
    char name[128];
    char prefix[16];         /* the key's first 8 characters */
    int64_t created_ms;
    int64_t revoked_ms;      /* 0 while live */
} gw_apikey_row;

/* All keys, by id, into *out (n of them; free() it, also after an error). */
gw_err gw_store_apikey_list(gw_db *db, gw_apikey_row **out, size_t *n);

/* Count one hit on `key` in the window starting at window_start and return the window's total.
 * Windows older than purge_before are dropped on the way. */
gw_err gw_store_rate_hit(gw_db *tx, const char *key, int64_t window_start, int64_t purge_before, int64_t *n);
/* Take back one hit on `key` in that window (never below 0). */
gw_err gw_store_rate_undo(gw_db *tx, const char *key, int64_t window_start);
/* Drop every window of `key` and, unless prefix is NULL, of every key that starts with `prefix`. */
gw_err gw_store_rate_clear(gw_db *tx, const char *key, const char *prefix);
/* Drop every window that started before `before` (run by the sweeper). */
gw_err gw_store_rate_purge(gw_db *tx, int64_t before);
/* The hits on `key` in that window so far (0 when none). */
gw_err gw_store_rate_count(gw_db *db, const char *key, int64_t window_start, int64_t *n);

/* The path ('/1/4/') of a division; GW_E_NOT_FOUND when there is none. */
gw_err gw_store_division_path(gw_db *db, int64_t id, char *path, size_t n);

#endif
