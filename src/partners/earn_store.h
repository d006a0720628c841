/* partners/earn_store.h — SQL of the earning rules, volunteer activities, service records and the
 * per-community expiry setting (partners migration 4). Rows are structs; rendering and masking are
 * above. Writes run inside gw_store_write. */
#ifndef GW_PARTNERS_EARN_STORE_H
#define GW_PARTNERS_EARN_STORE_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "db/db.h"
#include "partners/earn.h"

typedef struct {
    int64_t id, community_id;
    char community_path[128], community_name[GW_NAME_BUF];
    char code[GW_EARN_CODE_MAX + 1];
    char name[GW_EARN_NAME_MAX * 4 + 1];
    gw_earn_unit unit;
    int64_t points, daily_cap, total_cap, valid_from_ms, valid_to_ms;
    int active;
    int64_t created_by, created_ms, updated_ms;
} gw_earn_rule;

/* Insert (fills id) or write back every field but community and code. GW_E_CONFLICT: the code is
 * taken in that community. */
gw_err gw_store_earn_rule_insert(gw_db *tx, gw_earn_rule *r);
gw_err gw_store_earn_rule_update(gw_db *tx, const gw_earn_rule *r);
gw_err gw_store_earn_rule_get(gw_db *db, int64_t id, gw_earn_rule *out);
/* Rules whose community lies under div_prefix (NULL any), community_id 0 any; by id, at most max. */
gw_err gw_store_earn_rules(gw_db *db, const char *div_prefix, int64_t community_id, gw_earn_rule *out, size_t max,
                           size_t *n);
/* The points of the partner's confirmed records under the rule whose service started in [from, to). */
gw_err gw_store_earn_used(gw_db *db, int64_t partner_id, int64_t rule_id, int64_t from_ms, int64_t to_ms,
                          int64_t *points);

typedef struct {
    int64_t id, community_id, rule_id;
    char community_path[128];
    char rule_name[GW_EARN_NAME_MAX * 4 + 1];
    char title[GW_EARN_NAME_MAX * 4 + 1];
    gw_point place;
    int32_t radius_m;
    char address[GW_EARN_NOTE_MAX * 4 + 1];
    int64_t starts_ms, ends_ms;
    char secret[65];
    int64_t created_by, created_ms;
} gw_earn_activity;

gw_err gw_store_earn_activity_insert(gw_db *tx, gw_earn_activity *a);
gw_err gw_store_earn_activity_get(gw_db *db, int64_t id, gw_earn_activity *out);
/* Activities under div_prefix (NULL any), community_id 0 any, ending after ends_after_ms; newest start
 * first, at most max. */
gw_err gw_store_earn_activities(gw_db *db, const char *div_prefix, int64_t community_id, int64_t ends_after_ms,
                                gw_earn_activity *out, size_t max, size_t *n);

typedef struct {
    int64_t id, community_id, rule_id, partner_id;
    char community_path[128];
    char rule_code[GW_EARN_CODE_MAX + 1], rule_name[GW_EARN_NAME_MAX * 4 + 1];
    gw_earn_unit unit;
    char partner_name[256];
    int partner_person;          /* the partner is a person (its name is personal data) */
    int64_t partner_resident;    /* the partner's own resident account, 0 none */
    gw_earn_source source;
    gw_earn_status status;
    int64_t quantity, minutes, activity_id, beneficiary_id;
    char activity_title[GW_EARN_NAME_MAX * 4 + 1];
    int64_t started_ms, ended_ms; /* ended 0 while open */
    int has_in, has_out;
    gw_point in_at, out_at;
    int64_t points, transfer_id, revoke_transfer_id, revoked_points;
    char note[GW_EARN_NOTE_MAX * 4 + 1], reason[GW_REASON_MAX * 4 + 1];
    int64_t created_by, created_ms, decided_by, decided_by_resident, decided_ms, revoked_by, revoked_ms, updated_ms;
} gw_earn_record;

gw_err gw_store_earn_record_insert(gw_db *tx, gw_earn_record *r);
/* Write back status, ended, minutes, out position, points, transfers, reason and the deciders. */
gw_err gw_store_earn_record_update(gw_db *tx, const gw_earn_record *r);
gw_err gw_store_earn_record_get(gw_db *db, int64_t id, gw_earn_record *out);
/* Claim the record for a change from `status`: GW_OK when it still has it (on PostgreSQL the row stays
 * locked until the transaction ends, so a concurrent change of the same record waits and then finds the
 * status moved), GW_E_NOT_FOUND when it no longer does. */
gw_err gw_store_earn_record_claim(gw_db *tx, int64_t id, gw_earn_status status);
/* Serialize the steps that check a partner's overlaps and caps until the transaction ends (PostgreSQL
 * advisory lock; SQLite has one writer). */
gw_err gw_store_earn_partner_lock(gw_db *tx, int64_t partner_id);

typedef struct {
    const char *div_prefix;   /* NULL any */
    int64_t partner_id, beneficiary_id, partner_resident, activity_id; /* 0 any */
    int status, source;       /* -1 any */
    size_t offset, limit;
} gw_earn_record_query;
/* A page of records, newest first; *total all that match. partner_resident and beneficiary_id together
 * mean either (a resident's own records and those waiting for them). */
gw_err gw_store_earn_records(gw_db *db, const gw_earn_record_query *q, gw_earn_record *out, size_t *n, int64_t *total);
/* The id of one of the partner's open, pending or confirmed records (other than except_id) overlapping
 * [from, to) (an open record runs on), or GW_E_NOT_FOUND when none does. */
gw_err gw_store_earn_overlap(gw_db *db, int64_t partner_id, int64_t except_id, int64_t from_ms, int64_t to_ms,
                             int64_t *id);

/* The community's expiry setting in months (0 when none was set). */
gw_err gw_store_earn_expiry_get(gw_db *db, int64_t community_id, int *months);
gw_err gw_store_earn_expiry_set(gw_db *tx, int64_t community_id, int months, int64_t now_ms);

/* For the expiry job: every partner or resident account of a community with an expiry setting, with
 * what it received before that community's cutoff (now less its months) and all it ever gave. */
typedef struct {
    int64_t account_id, community_id;
    int64_t old_credits, debits, available;
} gw_earn_expiring;
/* Up to max accounts whose old credits exceed their debits, by id. Cutoffs count 30-day months. */
gw_err gw_store_earn_expiring(gw_db *db, int64_t now_ms, gw_earn_expiring *out, size_t max, size_t *n);

#endif
