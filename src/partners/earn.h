/* partners/earn.h — 积分规则 and 服务记录, pure half: the earning rules' units, the service records'
 * sources and states, the points a record earns, the per-rule daily and total caps, validity windows,
 * the overlap of two records, the sign-in checks of a volunteer activity (time window and place), the
 * minutes of a live record and who may confirm a record (two-party confirmation: never the party that
 * made it). No I/O, no allocation. The SQL is partners/earn_store.h, the use cases partners/earn_svc.h. */
#ifndef GW_PARTNERS_EARN_H
#define GW_PARTNERS_EARN_H

#include <stddef.h>
#include <stdint.h>
#include "base/err.h"
#include "base/geo.h"
#include "core/fields.h" /* GW_EARN_* limits */

/* What a rule counts: a service (法律咨询 10 per consultation) or an hour (巡逻 5 per hour). */
typedef enum { GW_EU_SERVICE = 0, GW_EU_HOUR, GW_EU__COUNT } gw_earn_unit;
/* Where a record comes from: a service recorded by an organiser, hours signed in and out live on the
 * phone, or hours back-filled by staff after the fact (not counted for levels). */
typedef enum { GW_ES_SERVICE = 0, GW_ES_LIVE, GW_ES_BACKFILL, GW_ES__COUNT } gw_earn_source;
/* open: signed in, not yet out; pending: waiting for the other party; then confirmed (points credited),
 * rejected (with a reason) or revoked (a confirmed record found fraudulent: points taken back). */
typedef enum { GW_EST_OPEN = 0, GW_EST_PENDING, GW_EST_CONFIRMED, GW_EST_REJECTED, GW_EST_REVOKED, GW_EST__COUNT } gw_earn_status;
/* What may be done to a record. */
typedef enum { GW_EA_SIGN_OUT = 0, GW_EA_CONFIRM, GW_EA_REJECT, GW_EA_REVOKE, GW_EA__COUNT } gw_earn_action;

/* Names as stored and served; parse gives -1 for anything else (NULL too). */
const char *gw_earn_unit_name(int u);
int gw_earn_unit_parse(const char *s);
const char *gw_earn_source_name(int s);
int gw_earn_source_parse(const char *s);
const char *gw_earn_status_name(int s);
int gw_earn_status_parse(const char *s);
const char *gw_earn_action_name(int a);
int gw_earn_action_parse(const char *s);

/* The state machine: the status after `act` from `from`, or GW_E_CONFLICT (with msg). */
gw_err gw_earn_step(gw_earn_status from, gw_earn_action act, gw_earn_status *to, char *msg, size_t msgn);

/* The points a record earns before caps: per service, points x quantity; per hour, points x minutes / 60
 * rounded down. Inputs are bounded by fields.h, so the product fits an int64. */
int64_t gw_earn_points(gw_earn_unit unit, int64_t points, int64_t quantity, int64_t minutes);

/* The points that may still be credited under the caps (0 = no cap): min(want, daily_cap - daily_used,
 * total_cap - total_used), never below 0. */
int64_t gw_earn_capped(int64_t want, int64_t daily_used, int64_t daily_cap, int64_t total_used, int64_t total_cap);

/* Whether t lies in the window [from, to) (0 = open at that end). */
int gw_earn_in_window(int64_t from_ms, int64_t to_ms, int64_t t_ms);
/* Whether [a0, a1) and [b0, b1) overlap (an open record's end is INT64_MAX). */
int gw_earn_overlap(int64_t a0, int64_t a1, int64_t b0, int64_t b1);
/* The day of t in Asia/Shanghai (UTC+8, no daylight saving): the daily caps count per such day. */
int64_t gw_earn_day(int64_t t_ms);
/* [start, end) of the Asia/Shanghai day containing t. */
void gw_earn_day_bounds(int64_t t_ms, int64_t *start_ms, int64_t *end_ms);

/* A volunteer activity's place and time as the sign-in sees them. */
typedef struct {
    int64_t starts_ms, ends_ms;
    gw_point centre;
    int32_t radius_m;
} gw_earn_place;
/* Sign-in at `now` from `at`: within the window [starts, ends) and within radius_m of the centre.
 * GW_E_CONFLICT (outside the window) or GW_E_FORBIDDEN (too far away) with msg. */
gw_err gw_earn_check_signin(const gw_earn_place *p, int64_t now_ms, gw_point at, char *msg, size_t msgn);
/* Minutes of a live record signed in at in_ms and out at out_ms, counted only inside the activity's
 * window, rounded down; 0 when the order is wrong. */
int64_t gw_earn_minutes(int64_t in_ms, int64_t out_ms, int64_t starts_ms, int64_t ends_ms);

/* Who is asking to confirm a record, and who made it. */
typedef struct {
    int staff;             /* a staff member (else a resident) */
    int64_t user_id;       /* staff */
    int64_t resident_id;   /* a resident */
} gw_earn_party;
typedef struct {
    int64_t created_by;         /* the staff member who recorded it (0: the volunteer signed in live) */
    int64_t beneficiary_id;     /* the resident who received the service (0: none) */
    int64_t partner_resident;   /* the partner's own resident account (0: none) */
} gw_earn_parties;
/* Two-party confirmation: a record naming a beneficiary is confirmed by that resident; any other is
 * confirmed by staff other than the one who recorded it. Nobody confirms their own record (the partner
 * never, the recorder never). GW_E_FORBIDDEN with msg otherwise. */
gw_err gw_earn_may_confirm(const gw_earn_parties *rec, const gw_earn_party *who, char *msg, size_t msgn);

/* A rule's or activity's code: 1..GW_EARN_CODE_MAX of [A-Za-z0-9_-]. */
int gw_earn_code_ok(const char *s);

#endif
