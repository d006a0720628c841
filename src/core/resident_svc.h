/* core/resident_svc.h — resident accounts' use cases (居民账号, shared by every practice).
 *
 * A resident signs up with a mainland mobile number and a password (argon2id, as staff; the same
 * login throttle in its own key space and the same bound on concurrent verifications), signs in and
 * out, and changes the password. Someone without a smartphone gets a one-time code from community
 * staff: it signs the account in once, within GW_RESIDENT_CODE_MS, and may set the password in the
 * same step; only its SHA-256 is stored and every issue and use is audited. Resident sessions are
 * their own table and cookie (GW_RESIDENT_COOKIE) and resolve to a principal of kind GW_PK_RESIDENT
 * (role GW_R_RESIDENT, user_id 0), which no staff route's role mask holds.
 *
 * Staff with resident.view list accounts in their scope, masked; staff with resident.verify verify an
 * account (link it to a person record: name, optional 身份证号, address, community in their subtree),
 * disable or enable it, issue one-time codes, and read the full person record (each read audited).
 * An account is in a staff member's scope when its community lies in the staff's division subtree, or
 * when it names no community yet (it waits for someone to verify it). Out of scope reads as not found.
 *
 * Every function that takes msg writes the client's message there on an error. */
#ifndef GW_CORE_RESIDENT_SVC_H
#define GW_CORE_RESIDENT_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/resident_store.h"
#include "db/store.h"

/* What a sign-in (register, login, code login) returns: the new session's token and the account. */
typedef struct {
    char token[GW_TOKEN_LEN + 1];
    gw_resident_row acct;
    int64_t retry_ms; /* with GW_E_RATE_LIMITED / GW_E_UNAVAILABLE: when to try again */
} gw_resident_signin;

typedef struct {
    const char *phone, *password, *display_name; /* display_name optional */
    int64_t community_id;                        /* 0: none named */
    const char *client_ip;
} gw_resident_reg;

/* Sign up and sign in. GW_E_INVALID for a bad field, GW_E_CONFLICT when the number has an account. */
gw_err gw_resident_register(gw_store *s, const gw_resident_reg *in, gw_resident_signin *out, char *msg, size_t msgn);
/* Sign in by number and password. GW_E_UNAUTHORIZED for a wrong number or password or a disabled
 * account (one message, one time for all); GW_E_RATE_LIMITED / GW_E_UNAVAILABLE as for staff. */
gw_err gw_resident_login(gw_store *s, const char *phone, const char *password, const char *ip, gw_resident_signin *out,
                         char *msg, size_t msgn);
/* Sign in once with a one-time code; new_password (optional) becomes the account's password in the
 * same transaction. Errors as gw_resident_login (GW_E_INVALID for a weak new password). */
gw_err gw_resident_code_login(gw_store *s, const char *phone, const char *code, const char *new_password,
                              const char *ip, gw_resident_signin *out, char *msg, size_t msgn);
/* Resolve a resident session token into who. GW_E_UNAUTHORIZED when unknown, expired or disabled. */
gw_err gw_resident_session(gw_store *s, const char *token, gw_principal *who);
gw_err gw_resident_logout(gw_store *s, const char *token);
/* The signed-in resident changes the password: current must match (unless none is set yet); the
 * account's other sessions end. GW_E_FORBIDDEN for a wrong current password. */
gw_err gw_resident_change_password(gw_store *s, const gw_principal *who, const char *token, const char *current,
                                   const char *next, char *msg, size_t msgn);
/* The signed-in resident's own account. */
gw_err gw_resident_self(gw_db *db, const gw_principal *who, gw_resident_row *out);

/* ---- staff ---- */

/* Make an account for someone without a smartphone (resident.verify): the number, an optional nickname
 * and a community in who's area; no password until a one-time code sets one. Audited. GW_E_CONFLICT when
 * the number has an account, GW_E_FORBIDDEN for a community outside who's area. */
gw_err gw_resident_create(gw_store *s, const gw_principal *who, const char *phone, const char *display_name,
                          int64_t community_id, gw_resident_row *out, char *msg, size_t msgn);
/* A page of the accounts in who's scope (resident.view); q, status, verified as gw_resident_query. */
gw_err gw_resident_list(gw_db *db, const gw_principal *who, gw_resident_query *q, gw_resident_row *out, size_t *n,
                        int64_t *total, char *msg, size_t msgn);
/* One account in scope (resident.view); GW_E_NOT_FOUND out of scope. */
gw_err gw_resident_get(gw_db *db, const gw_principal *who, int64_t id, gw_resident_row *out, char *msg, size_t msgn);

typedef struct {
    const char *person_name, *id_number, *address, *method; /* id_number optional */
    int64_t community_id;                                   /* a community in the verifier's subtree */
} gw_resident_verify_in;
/* Verify (or re-verify) an account: the person record, who, how and when; audited. */
gw_err gw_resident_verify(gw_store *s, const gw_principal *who, int64_t id, const gw_resident_verify_in *in,
                          gw_resident_row *out, char *msg, size_t msgn);
/* Disable (ends its sessions) or enable an account, with a reason; audited. */
gw_err gw_resident_set_status(gw_store *s, const gw_principal *who, int64_t id, int status, const char *reason,
                              gw_resident_row *out, char *msg, size_t msgn);
/* Issue a one-time code (the account's earlier unused codes are voided); audited. code_out holds
 * GW_RESIDENT_CODE_LEN + 1 bytes, shown to the staff member once. */
gw_err gw_resident_issue_code(gw_store *s, const gw_principal *who, int64_t id, char *code_out, int64_t *expires_ms,
                              char *msg, size_t msgn);
/* The full person record (resident.verify, in scope); the read is audited before it is returned. */
gw_err gw_resident_person(gw_store *s, const gw_principal *who, int64_t id, gw_resident_row *out, char *msg,
                          size_t msgn);

#endif
