/* core/auth.h — who is calling: passwords (argon2id), session tokens, API keys,
 * login throttling, and the caller's scope. */
#ifndef GW_CORE_AUTH_H
#define GW_CORE_AUTH_H

#include <stdint.h>
#include "base/err.h"
#include "ops/ticket.h"
#include "store/store.h"

#define GW_TOKEN_LEN 64        /* hex characters of a session token or API key */
#define GW_SESSION_MS (12 * INT64_C(3600000))

/* The caller. Scope: staff see the subtree of div_path; a unit handler sees its unit's tickets. */
typedef struct {
    int64_t user_id;
    gw_role role;
    int64_t unit_id;
    int64_t division_id;
    char div_path[128];   /* '/1/4/' of the scope division; "/" = everything */
    char username[64];
    char display_name[64];
    int demo_password;    /* still the published demo password */
} gw_principal;

/* argon2id (libsodium interactive limits). hash_out must hold 128 bytes. */
gw_err gw_password_hash(const char *pw, char *hash_out);
int gw_password_ok(const char *hash, const char *pw);

/* A fresh random token: GW_TOKEN_LEN hex chars + NUL. */
void gw_token_new(char *out);
/* SHA-256 of the token, hex (65 bytes): what the database stores. */
void gw_token_hash(const char *token, char *out);

/* Check username/password; on success create a session and write its token (65 bytes) and the
 * principal. GW_E_UNAUTHORIZED for a wrong name or password or a disabled user (one message for
 * all); GW_E_RATE_LIMITED after 5 failures for that username within 15 minutes. */
gw_err gw_auth_login(gw_store *s, const char *username, const char *password, char *token_out,
                     gw_principal *who);
/* Resolve a session token. GW_E_UNAUTHORIZED if unknown, expired, or the user is disabled.
 * A resolved session is cached in memory for 5 seconds. */
gw_err gw_auth_session(gw_store *s, const char *token, gw_principal *who);
gw_err gw_auth_logout(gw_store *s, const char *token);
/* Drop the cached sessions of a user whose access changed (disable, password, role, scope). */
void gw_auth_forget_user(int64_t user_id);
/* Resolve an Open311 API key to its id. GW_E_FORBIDDEN when unknown or revoked. */
gw_err gw_auth_apikey(gw_store *s, const char *key, int64_t *key_id);

/* Whether `who` is the administrator, or staff whose division subtree contains `path`. */
int gw_scope_has_path(const gw_principal *who, const char *path);

#endif
