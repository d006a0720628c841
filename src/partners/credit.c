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

#define CST_MS (INT64_C(8) * 3600000)

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12; a later month may run past 12). */
static int64_t days_of(int64_t y, int64_t m, int64_t d)
{
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int64_t cst_midnight(int64_t y, int64_t m) { return days_of(y, m, 1) * 86400000 - CST_MS; }

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

int gw_credit_period(const char *period, const char *at, int64_t *from_ms, int64_t *to_ms)
{
    if (!period || !at || strlen(at) < 4 || !digits(at, 4)) return -1;
    int64_t y = (at[0] - '0') * 1000 + (at[1] - '0') * 100 + (at[2] - '0') * 10 + (at[3] - '0'), m = 1, len = 12;
    if (y < 2000 || y > 2999) return -1;
    size_t n = strlen(at);
    if (!strcmp(period, "year")) {
        if (n != 4) return -1;
    } else if (!strcmp(period, "quarter")) {
        if (n != 7 || at[4] != '-' || at[5] != 'Q' || at[6] < '1' || at[6] > '4') return -1;
        m = (at[6] - '1') * 3 + 1;
        len = 3;
    } else if (!strcmp(period, "month")) {
        if (n != 7 || at[4] != '-' || !digits(at + 5, 2)) return -1;
        m = (at[5] - '0') * 10 + (at[6] - '0');
        if (m < 1 || m > 12) return -1;
        len = 1;
    } else {
        return -1;
    }
    *from_ms = cst_midnight(y, m);
    *to_ms = cst_midnight(y, m + len);
    return 0;
}

int gw_credit_year_of(int64_t ms)
{
    int64_t days = (ms + CST_MS) / 86400000 - ((ms + CST_MS) % 86400000 < 0);
    int64_t y = 1970 + days / 366;
    while (days_of(y + 1, 1, 1) <= days) y++;
    while (days_of(y, 1, 1) > days) y--;
    return (int)y;
}
