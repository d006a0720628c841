/* core/resident_store.h — the SQL of resident accounts, their sessions and one-time codes (core
 * migration 6). Rows are structs; masking and JSON are the callers' (core/resident_api.c). Read
 * functions take any connection; write functions must run inside gw_store_write. */
#ifndef GW_CORE_RESIDENT_STORE_H
#define GW_CORE_RESIDENT_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/fields.h"
#include "core/resident.h"
#include "db/db.h"

typedef struct {
    int64_t id;
    char phone[GW_RESIDENT_PHONE_BUF];   /* the digits (gw_resident_phone_key) */
    char pw_hash[128];                    /* "" when none is set yet */
    int has_password;
    char display_name[GW_DISPLAY_BUF];
    int64_t division_id;                  /* the community; 0 when none is named yet */
    char division_path[128];              /* its path, "" when none */
    char division_name[GW_NAME_BUF];
    int status;                           /* gw_resident_status */
    char person_name[GW_NAME_MAX * 4 + 1];
    char id_number[GW_ID_NUMBER_MAX + 1];
    char address[GW_ADDR_MAX * 4 + 1];
    int64_t verified_ms, verified_by;     /* 0 until verified */
    char verified_by_name[GW_DISPLAY_BUF];
    int method;                           /* gw_resident_method_parse; -1 until verified */
    int64_t created_ms;
} gw_resident_row;

/* Insert; fills r->id. GW_E_CONFLICT when an account has this phone. */
gw_err gw_store_resident_insert(gw_db *tx, gw_resident_row *r);
/* Write back every field but the phone and created_ms; GW_E_NOT_FOUND when there is no such id. */
gw_err gw_store_resident_update(gw_db *tx, const gw_resident_row *r);
gw_err gw_store_resident_get(gw_db *db, int64_t id, gw_resident_row *out);
gw_err gw_store_resident_by_phone(gw_db *db, const char *phone, gw_resident_row *out);

/* A page of accounts, newest first. div_prefix NULL: any; otherwise accounts whose community lies
 * under it and accounts that name no community yet. q (NULL: any) is a piece of the phone digits or of
 * the person's name; status -1 any; verified -1 any, 0 not yet, 1 verified. *total counts every match. */
typedef struct {
    const char *div_prefix;
    const char *q;
    int status, verified;
    size_t offset, limit;
} gw_resident_query;
gw_err gw_store_resident_list(gw_db *db, const gw_resident_query *q, gw_resident_row *out, size_t *n, int64_t *total);

/* Every community (division of level community), by name: what sign-up offers. *out is malloc'd
 * (free() it, also after an error). */
typedef struct { int64_t id; char name[GW_NAME_BUF]; } gw_community_row;
gw_err gw_store_community_list(gw_db *db, gw_community_row **out, size_t *n);
/* The path of a division of level community (GW_E_NOT_FOUND for any other id). */
gw_err gw_store_community_path(gw_db *db, int64_t id, char *path, size_t n);

gw_err gw_store_rsession_insert(gw_db *tx, const char *token_hash, int64_t resident_id, int64_t now_ms,
                                int64_t expires_ms, const char *ip);
/* The account of a live session (GW_E_NOT_FOUND when unknown or expired). */
gw_err gw_store_rsession_resident(gw_db *db, const char *token_hash, int64_t now_ms, int64_t *resident_id);
gw_err gw_store_rsession_delete(gw_db *tx, const char *token_hash);
/* Drop an account's sessions but the one hashing to keep_hash (NULL: all of them). */
gw_err gw_store_rsession_delete_all(gw_db *tx, int64_t resident_id, const char *keep_hash);

/* A one-time code (its hash) for the account, issued by staff user issued_by. */
gw_err gw_store_rcode_insert(gw_db *tx, const char *code_hash, int64_t resident_id, int64_t issued_by, int64_t now_ms,
                             int64_t expires_ms);
/* Void the account's unused codes (a new code replaces them; used ones stay as the record). */
gw_err gw_store_rcode_void(gw_db *tx, int64_t resident_id, int64_t now_ms);
/* Use the code once: GW_OK when it was the account's, unused and unexpired (it is now used);
 * GW_E_NOT_FOUND otherwise. */
gw_err gw_store_rcode_use(gw_db *tx, const char *code_hash, int64_t resident_id, int64_t now_ms);

#endif
