/* partners/credit.h — the 信用档案 (credit file)'s pure half: the kinds of event a partner's history
 * is made of. Every practice step that should count for or against a partner (a confirmed service, a
 * revocation, a no-show, an evaluation, a finished project, points earned) appends one event through
 * partners/credit_store.h in the same transaction as the step itself; the score, the level, the
 * ranking and the volunteer-service certificates are computed from these events only. */
#ifndef GW_PARTNERS_CREDIT_H
#define GW_PARTNERS_CREDIT_H

#include <stddef.h>
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

/* ---- the score and the level (docs/partners.md "Credit file": the formula and a worked example) ---- */

#define GW_CREDIT_WINDOW_MS (INT64_C(730) * 86400000) /* the score counts the last 24 months (730 days) */
#define GW_CREDIT_SCORE_MAX 1000
#define GW_CREDIT_LEVEL_MAX 5

/* What a partner's events add up to over a window (sums of `value`, counts of events). */
typedef struct {
    int64_t live_minutes;     /* service_live */
    int64_t backfill_minutes; /* service_backfill: shown apart, never counted for the score or the level */
    int64_t confirmed;        /* confirmed events */
    int64_t points_earned;    /* Σ points_earned */
    int64_t points_revoked;   /* Σ revoked (shown; the penalty counts events) */
    int64_t revocations;      /* revoked events */
    int64_t no_shows;         /* no_show events */
    int64_t evaluations;      /* evaluation events ... */
    int64_t evaluation_sum;   /* ... and Σ of their scores 0..100 */
    int64_t projects_done;    /* project_done events */
} gw_credit_figures;

/* The parts of the score: five earned parts (each capped) and two penalties, all >= 0. */
typedef struct {
    int64_t hours, confirmations, points, evaluation, projects; /* caps 300, 150, 150, 200, 200 */
    int64_t revocations, no_shows;                              /* 100 and 30 per event, uncapped */
    int64_t score;                                              /* Σ earned - penalties, clamped to 0..1000 */
} gw_credit_score;

/* The score of the figures of the last GW_CREDIT_WINDOW_MS (pure, integer arithmetic; negative
 * figures count as 0, evaluation scores are clamped to 0..100). */
gw_credit_score gw_credit_score_of(const gw_credit_figures *f);

/* The star level (志愿者星级) for all-time live service minutes: 0 below 100 hours, then 1..5 at
 * 100, 300, 600, 1000 and 1500 hours. *next_minutes: the minutes the next level needs (0 at 5). */
int gw_credit_level(int64_t live_minutes, int64_t *next_minutes);

/* Ranking order: score descending, then all-time live minutes descending, then partner id ascending
 * (deterministic ties). Negative when a ranks before b. */
typedef struct {
    int64_t partner_id, score, live_minutes;
} gw_credit_rank_key;
int gw_credit_rank_cmp(const gw_credit_rank_key *a, const gw_credit_rank_key *b);

/* A ranking period in Asia/Shanghai (UTC+8, no DST): period "month" with at "YYYY-MM", "quarter"
 * with "YYYY-Qn", "year" with "YYYY" (years 2000..2999). 0 and [*from_ms, *to_ms), or -1. */
int gw_credit_period(const char *period, const char *at, int64_t *from_ms, int64_t *to_ms);
/* The calendar year in Asia/Shanghai of a time. */
int gw_credit_year_of(int64_t ms);

/* A certificate's number: "<community code>-<year>-<seq, at least 5 digits>" ("330106-2026-00001").
 * 0, or -1 when it does not fit n or an argument is out of range (seq < 1, year outside 1970..9999). */
int gw_credit_cert_number(const char *community_code, int year, int64_t seq, char *out, size_t n);

#endif
