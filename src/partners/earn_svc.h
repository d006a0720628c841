/* partners/earn_svc.h — the use cases of 积分规则 and 服务记录 (issue 11 item 3).
 *
 * Staff with partner.manage keep the earning rules of the communities in their division subtree, record
 * services and back-filled hours, create volunteer activities (with a rotating sign-in code), and
 * confirm, reject and revoke records; partner.view reads them. A signed-in resident confirms or rejects
 * the records that name them as beneficiary, and, when linked to an active volunteer partner, signs in
 * and out of activities on the phone. Everything written is audited.
 *
 * Confirmation (two-party: partners/earn.h gw_earn_may_confirm) runs in ONE transaction: the caps are
 * checked (the points are cut to what the caps leave; nothing left is GW_E_CONFLICT), the points go from
 * the community's issuance account to the partner's by gw_ledger_submit_tx (client id "svc-<id>"), and
 * the credit events are written (confirmed, points_earned, and service_live or service_backfill with the
 * minutes when there are any).
 *
 * Revocation of a confirmed record (staff, a reason): a correcting transfer "svc-rev-<id>" from the
 * partner to the correction account with corrects_id = the original, the record marked revoked and a
 * revoked credit event, in one transaction. When the partner has already spent some of the points, what
 * is left is taken back (no partner account goes negative) and the record shows how much was.
 *
 * Every function that takes msg writes the client's message there on an error. */
#ifndef GW_PARTNERS_EARN_SVC_H
#define GW_PARTNERS_EARN_SVC_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "core/auth.h"
#include "core/jobs.h"
#include "db/store.h"
#include "partners/earn_store.h"

#define GW_EARN_RULES_MAX 200      /* rules listed at once */
#define GW_EARN_ACTIVITIES_MAX 100 /* activities listed at once */
#define GW_EARN_CODE_SLOT_MS (5LL * 60 * 1000) /* the sign-in code changes every five minutes */

/* ---- rules ---- */

/* A rule's fields; NULL strings and has_x = 0 leave a field as it is on an update. */
typedef struct {
    const char *code, *name, *unit;
    int64_t community_id, points, daily_cap, total_cap, valid_from_ms, valid_to_ms;
    int has_points, has_daily_cap, has_total_cap, has_valid_from, has_valid_to;
    int active; /* -1: unchanged (a create makes it active) */
} gw_earn_rule_in;

gw_err gw_earn_rule_create(gw_store *s, const gw_principal *who, const gw_earn_rule_in *in, gw_earn_rule *out,
                           char *msg, size_t msgn);
gw_err gw_earn_rule_update(gw_store *s, const gw_principal *who, int64_t id, const gw_earn_rule_in *in,
                           gw_earn_rule *out, char *msg, size_t msgn);
/* The rules in who's scope (partner.view), community_id 0 any; at most GW_EARN_RULES_MAX. */
gw_err gw_earn_rule_list(gw_db *db, const gw_principal *who, int64_t community_id, gw_earn_rule *out, size_t *n,
                         char *msg, size_t msgn);

/* ---- service records ---- */

/* A record staff make: a service (quantity of services, optional minutes) or back-filled hours
 * (minutes), by a partner under a rule, started at started_ms, optionally naming the resident who
 * received it (who then confirms it). */
typedef struct {
    const char *source, *note;
    int64_t rule_id, partner_id, beneficiary_id, quantity, minutes, started_ms;
} gw_earn_record_in;

gw_err gw_earn_record_create(gw_store *s, const gw_principal *who, const gw_earn_record_in *in, gw_earn_record *out,
                             char *msg, size_t msgn);
/* confirm, reject (reason) or revoke (reason), by staff or, for confirm and reject, by the beneficiary
 * resident. GW_E_CONFLICT when the record's status does not allow it (revoking twice is a conflict). */
gw_err gw_earn_record_act(gw_store *s, const gw_principal *who, int64_t id, const char *action, const char *reason,
                          gw_earn_record *out, char *msg, size_t msgn);
/* Staff (partner.view): a page in their scope. Residents: their own (as partner) and those naming them;
   q->div_prefix, q->partner_resident and q->beneficiary_id are set here. */
gw_err gw_earn_record_list(gw_db *db, const gw_principal *who, gw_earn_record_query *q, gw_earn_record *out,
                           size_t *n, int64_t *total, char *msg, size_t msgn);
gw_err gw_earn_record_get(gw_db *db, const gw_principal *who, int64_t id, gw_earn_record *out, char *msg, size_t msgn);

/* ---- volunteer activities (partners/earn_live_svc.c) ---- */

typedef struct {
    const char *title, *address;
    int64_t rule_id, radius_m, starts_ms, ends_ms;
    gw_point place;
} gw_earn_activity_in;

/* An activity under an hourly rule of a community in who's scope (partner.manage). */
gw_err gw_earn_activity_create(gw_store *s, const gw_principal *who, const gw_earn_activity_in *in,
                               gw_earn_activity *out, char *msg, size_t msgn);
/* Staff: activities in scope ending after ends_after_ms. Residents: those of the communities where they
 * are an active volunteer partner. At most GW_EARN_ACTIVITIES_MAX. */
gw_err gw_earn_activity_list(gw_db *db, const gw_principal *who, int64_t ends_after_ms, gw_earn_activity *out,
                             size_t *n, char *msg, size_t msgn);
/* The sign-in code now (6 digits; partner.manage, in scope) and until when it holds. */
gw_err gw_earn_activity_code(gw_db *db, const gw_principal *who, int64_t id, int64_t now_ms, char code[8],
                             int64_t *until_ms, char *msg, size_t msgn);
/* The code of the slot containing t (the current and the previous slot's are accepted). */
void gw_earn_code_at(const char *secret, int64_t t_ms, char code[8]);
/* A resident volunteer signs in (code, where they are) or out (where they are) of an activity. */
gw_err gw_earn_sign_in(gw_store *s, const gw_principal *who, int64_t activity_id, const char *code, gw_point at,
                       gw_earn_record *out, char *msg, size_t msgn);
gw_err gw_earn_sign_out(gw_store *s, const gw_principal *who, int64_t activity_id, gw_point at, gw_earn_record *out,
                        char *msg, size_t msgn);

#endif
