/* core/auth.h — who is calling: passwords (argon2id), session tokens, API keys,
 * login throttling, and the caller's scope. */
#ifndef GW_CORE_AUTH_H
#define GW_CORE_AUTH_H

#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"
#include "core/ratelimit.h"
#include "core/role.h"
#include "db/store.h"

#define GW_TOKEN_LEN 64        /* hex characters of a session token or API key */
#define GW_SESSION_MS (12 * INT64_C(3600000))

/* What kind of caller a request has (http/server.c): nobody, a staff user (users, the gw_session
 * cookie), a resident account (core/resident_svc.h, the gw_resident cookie; role GW_R_RESIDENT, user_id
 * 0, resident_id set, so no staff route and no staff rule ever takes it for a user), or a device
 * (iot/: authenticated by its own route, GW_PERM_DEVICE). */
typedef enum { GW_PK_NONE = 0, GW_PK_STAFF, GW_PK_RESIDENT, GW_PK_DEVICE } gw_principal_kind;

/* The caller. Scope: staff see the subtree of div_path; a unit handler sees its unit's tickets. */
typedef struct {
    gw_principal_kind kind;
    int64_t user_id;      /* staff only; 0 for any other kind */
    int64_t resident_id;  /* GW_PK_RESIDENT only */
    gw_role role;
    int64_t unit_id;
    int64_t division_id;
    char div_path[128];   /* '/1/4/' of the scope division; "/" = everything */
    char username[64];
    char display_name[GW_DISPLAY_BUF];
    int demo_password;    /* still the published demo password */
} gw_principal;

/* argon2id (libsodium interactive limits: 64 MiB each). At most login_concurrency hashes and
 * verifications run at once in the process; a caller waits for a free run (up to 1.5 s for a login,
 * 10 s otherwise). hash_out must hold 128 bytes; GW_E_UNAVAILABLE when no run came free. */
gw_err gw_password_hash(const char *pw, char *hash_out);
int gw_password_ok(const char *hash, const char *pw);
/* Set the bound (0: gw_auth_concurrency_auto()) and compute the dummy hash that logins of unknown
 * users are checked against. Called once at server start; without it the automatic bound holds. */
void gw_auth_setup(int login_concurrency);
/* min(2 x online cores, available memory / 128 MiB), at least 1. */
int gw_auth_concurrency_auto(void);

/* A fresh random token: GW_TOKEN_LEN hex chars + NUL. */
void gw_token_new(char *out);
/* SHA-256 of the token, hex (65 bytes): what the database stores. */
void gw_token_hash(const char *token, char *out);

typedef struct {
    const char *username, *password;
    const char *client_ip; /* the address attempts are counted for */
} gw_login;

/* Check username/password; on success create a session and write its token (65 bytes) and the
 * principal. GW_E_UNAUTHORIZED for a wrong name or password or a disabled user (one message and
 * the same time for all: unknown users are checked against a dummy hash). GW_E_RATE_LIMITED
 * after 5 failed attempts for that username from that client address, or 50 from anywhere,
 * within 15 minutes; GW_E_UNAVAILABLE when too many verifications are running. On either,
 * *retry_ms says when to try again. */
gw_err gw_auth_login(gw_store *s, const gw_login *in, char *token_out, gw_principal *who, int64_t *retry_ms);
/* The throttle keys of username: its global counter and the prefix of its per-client counters
 * (for gw_store_rate_clear in an unlock's transaction). Both buffers of GW_RL_KEY_MAX bytes. */
void gw_auth_unlock_keys(const char *username, char *user_key, size_t un, char *client_prefix, size_t cn);
/* Forget this server's in-memory login counters of username (after the unlock committed). */
void gw_auth_unlock_local(const char *username);
/* The login throttle for any kind of account: two counters per attempt, as for staff logins above
 * (THROTTLE_CLIENT_MAX per name and client address, THROTTLE_USER_MAX per name, 15 minutes), in the
 * key space `space` ("login" is the staff's; resident accounts use their own, so a phone number never
 * shares a counter with a username). */
typedef struct { char client[GW_RL_KEY_MAX], user[GW_RL_KEY_MAX]; } gw_throttle_keys;
void gw_throttle_keys_of(const char *space, const char *name, const char *ip, gw_throttle_keys *k);
/* Count an attempt first; GW_E_RATE_LIMITED (with *retry_ms) when over either limit. */
gw_err gw_throttle_begin(gw_store *s, const gw_throttle_keys *k, int64_t *retry_ms);
/* After the attempt: outcome 1 succeeded (the client's failures are forgotten), 0 never judged (taken
 * back), -1 failed (it stays counted). */
void gw_throttle_end(gw_store *s, const gw_throttle_keys *k, int outcome);
/* Verify pw against hash for a login, within the login concurrency bound; hash NULL checks against the
 * dummy hash (an unknown account takes the same time) and *ok is 0. GW_E_UNAVAILABLE when busy. */
gw_err gw_password_check_login(const char *hash, const char *pw, int *ok);
/* Resolve a session token. GW_E_UNAUTHORIZED if unknown, expired, or the user is disabled.
 * A resolved session is cached in memory for 5 seconds. */
gw_err gw_auth_session(gw_store *s, const char *token, gw_principal *who);
gw_err gw_auth_logout(gw_store *s, const char *token);
/* Drop the cached sessions of a user whose access changed (disable, password, role, scope). */
void gw_auth_forget_user(int64_t user_id);
/* Resolve an Open311 API key to its id. GW_E_FORBIDDEN when unknown or revoked. */
gw_err gw_auth_apikey(gw_store *s, const char *key, int64_t *key_id);

#endif
