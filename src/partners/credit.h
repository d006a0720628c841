/* partners/credit.h — the 信用档案 (credit file)'s pure half: the kinds of event a partner's history
 * is made of. Every practice step that should count for or against a partner (a confirmed service, a
 * revocation, a no-show, an evaluation, a finished project, points earned) appends one event through
 * partners/credit_store.h in the same transaction as the step itself; the score, the level, the
 * ranking and the volunteer-service certificates are computed from these events only. */
#ifndef GW_PARTNERS_CREDIT_H
#define GW_PARTNERS_CREDIT_H

#include <stdint.h>

/* What happened, and what `value` holds for it. */
typedef enum {
    GW_CE_SERVICE_LIVE = 0, /* service hours recorded live (sign-in/out on the phone), confirmed: minutes */
    GW_CE_SERVICE_BACKFILL, /* service hours back-filled by staff, confirmed: minutes (not counted for levels) */
    GW_CE_CONFIRMED,        /* a service or delivery confirmed by the organiser or beneficiary: 1 */
    GW_CE_POINTS_EARNED,    /* points credited to the partner: the amount */
    GW_CE_REVOKED,          /* a fraudulent record revoked by a correcting transfer: the points taken back */
    GW_CE_NO_SHOW,          /* a booked slot or claimed task not turned up for: 1 */
    GW_CE_EVALUATION,       /* a project's weighted evaluation of the partner's delivery: score 0..100 */
    GW_CE_PROJECT_DONE,     /* a claimed project delivered and closed: 1 */
    GW_CE__COUNT
} gw_credit_kind;

/* "service_live", "service_backfill", "confirmed", "points_earned", "revoked", "no_show",
 * "evaluation", "project_done"; "unknown" out of range. parse: the kind, or -1 (NULL too). */
const char *gw_credit_kind_name(int k);
int gw_credit_kind_parse(const char *s);

#endif
