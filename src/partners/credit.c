/* partners/credit.c — the credit file's pure half (see credit.h): event kinds, the score, the star level,
 * the ranking order and certificate numbers. */
#include "partners/credit.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[GW_CE__COUNT] = {
    "service_live", "service_backfill", "confirmed", "points_earned", "revoked", "no_show", "evaluation",
    "project_done",
};

const char *gw_credit_kind_name(int k) { return k >= 0 && k < GW_CE__COUNT ? kind_names[k] : "unknown"; }

int gw_credit_kind_parse(const char *s)
{
    for (int k = 0; s && k < GW_CE__COUNT; k++)
        if (strcmp(s, kind_names[k]) == 0) return k;
    return -1;
}

static int64_t pos(int64_t v) { return v > 0 ? v : 0; }
static int64_t cap(int64_t v, int64_t max) { return v < max ? v : max; }

gw_credit_score gw_credit_score_of(const gw_credit_figures *f)
{
    gw_credit_score s = { 0 };
    int64_t hours = pos(f->live_minutes) / 60, evals = pos(f->evaluations);
    s.hours = cap(hours, 150) * 2;
    s.confirmations = cap(pos(f->confirmed), 30) * 5;
    s.points = cap(pos(f->points_earned) / 10, 150);
    if (evals) {
        int64_t sum = pos(f->evaluation_sum), mean_x2 = 0;
        if (sum > evals * 100) sum = evals * 100;
        mean_x2 = sum * 2 / evals; /* the mean score 0..100, doubled: 0..200 */
        s.evaluation = mean_x2;
    } else {
        s.evaluation = 100; /* not evaluated yet: the middle */
    }
    s.projects = cap(pos(f->projects_done), 5) * 40;
    s.revocations = cap(pos(f->revocations), 1000) * 100;
    s.no_shows = cap(pos(f->no_shows), 1000) * 30;
    int64_t v = s.hours + s.confirmations + s.points + s.evaluation + s.projects - s.revocations - s.no_shows;
    s.score = v < 0 ? 0 : v > GW_CREDIT_SCORE_MAX ? GW_CREDIT_SCORE_MAX : v;
    return s;
}

static const int64_t level_hours[GW_CREDIT_LEVEL_MAX] = { 100, 300, 600, 1000, 1500 };

int gw_credit_level(int64_t live_minutes, int64_t *next_minutes)
{
    int level = 0;
    while (level < GW_CREDIT_LEVEL_MAX && pos(live_minutes) >= level_hours[level] * 60) level++;
    if (next_minutes) *next_minutes = level < GW_CREDIT_LEVEL_MAX ? level_hours[level] * 60 : 0;
    return level;
}

int gw_credit_rank_cmp(const gw_credit_rank_key *a, const gw_credit_rank_key *b)
{
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    if (a->live_minutes != b->live_minutes) return a->live_minutes > b->live_minutes ? -1 : 1;
    return a->partner_id < b->partner_id ? -1 : a->partner_id > b->partner_id;
}

int gw_credit_cert_number(const char *community_code, int year, int64_t seq, char *out, size_t n)
{
    if (!community_code || !community_code[0] || seq < 1 || year < 1970 || year > 9999 || !out) return -1;
    int k = snprintf(out, n, "%s-%04d-%05lld", community_code, year, (long long)seq);
    return k < 0 || (size_t)k >= n ? -1 : 0;
}
