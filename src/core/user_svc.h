/* core/user_svc.h — staff accounts and Open311 API keys: the rules for creating and changing them,
 * one set for the API (core/user_api.c) and the command line (`gridwork user`, `gridwork apikey`).
 *
 * Rules: only the administrator manages accounts and keys (GW_E_FORBIDDEN otherwise); usernames are
 * 3-32 of a-z 0-9 _ . - starting with a letter; display names 1-20 characters; passwords at least
 * 8 characters and at most 128 bytes; roles are staff roles (not resident, not system); the phone
 * follows the one phone rule (core/privacy.h); a unit_handler has a unit and no division, everyone
 * else a division and no unit — but an admin may have no division, which is the whole tree (how
 * the first account of a fresh database is made) — and what they name must exist; nobody disables their own account or
 * drops their own admin role. Every write is audited in its transaction, with the changed fields
 * (never a password). A password change or a disable ends the user's sessions.
 *
 * The actor is a principal; user_id 0 is the operator at the server's console (the command line:
 * see gw_user_console), audited with no actor and "via":"cli" in the detail.
 * Failures write nothing; msg says why in words fit for the caller (GW_E_INVALID: the input;
 * GW_E_CONFLICT: the username is taken; GW_E_NOT_FOUND: no such user or live key). */
#ifndef GW_CORE_USER_SVC_H
#define GW_CORE_USER_SVC_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/auth.h"
#include "core/auth_store.h"
#include "core/fields.h"
#include "db/store.h"

#define USER_NAME_MAX 32     /* usernames: ASCII */
#define DISPLAY_MAX_CHARS 20 /* users' display names */
#define APIKEY_NAME_MAX 100  /* bytes */

/* What a caller asks for. For an update every field is optional: NULL (or set_* 0, disabled -1)
 * leaves it as it is; phone "" clears it. For a create username, display_name, password and role
 * are required, phone NULL or "" is none, division_id / unit_id 0 are none, disabled -1 is 0. */
typedef struct {
    const char *username; /* create only */
    const char *display_name;
    const char *password;
    const char *role;
    const char *phone;
    int64_t division_id, unit_id;
    int set_division, set_unit; /* update: division_id / unit_id given (0 = none) */
    int disabled;               /* -1, 0 or 1 */
} gw_user_input;

/* The operator at the console: the administrator, but no user (user_id 0). */
void gw_user_console(gw_principal *out);

/* Create an account; *out is the stored row (without the hash). */
gw_err gw_user_create(gw_store *s, const gw_principal *actor, const gw_user_input *in, gw_user_row *out, char *msg,
                      size_t msgn);
/* Change account id; *out is the stored row afterwards (without the hash). Drops this server's
 * cached sessions of the user. */
gw_err gw_user_update(gw_store *s, const gw_principal *actor, int64_t id, const gw_user_input *in, gw_user_row *out,
                      char *msg, size_t msgn);
/* The id of the account called username (GW_E_NOT_FOUND when there is none). */
/* `who` changes their own password: the current one must match and the new one pass the rules;
 * their other sessions end (the one whose token asked goes on), the demo-password mark goes, and it is
 * audited (user.password). GW_E_FORBIDDEN for a wrong current password, GW_E_INVALID for a weak one. */
gw_err gw_user_change_password(gw_store *s, const gw_principal *who, const char *token, const char *current,
                               const char *next, char *msg, size_t msgn);
gw_err gw_user_find(gw_store *s, const char *username, int64_t *id);

/* A new Open311 API key named name: the key itself into key (GW_TOKEN_LEN + 1 bytes, shown once;
 * only its hash is kept) and its id into *id. */
gw_err gw_apikey_create(gw_store *s, const gw_principal *actor, const char *name, char *key, int64_t *id, char *msg,
                        size_t msgn);
/* Revoke live key id (GW_E_NOT_FOUND when there is none). */
gw_err gw_apikey_revoke(gw_store *s, const gw_principal *actor, int64_t id, char *msg, size_t msgn);
/* Every key, oldest first (*out freed by the caller with free()). */
gw_err gw_apikey_list(gw_store *s, const gw_principal *actor, gw_apikey_row **out, size_t *n);

/* The one password rule, for staff and resident accounts alike: PASSWORD_MIN characters to PASSWORD_MAX
 * bytes (core/fields.h). GW_E_INVALID with the reason in msg. */
gw_err gw_password_check(const char *pw, char *msg, size_t n);

#endif
