/* partners/earn.c — see earn.h. */
#include "partners/earn.h"

#include <stdio.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)
#define CST_MS (8LL * 3600 * 1000) /* Asia/Shanghai: UTC+8 all year */

static const char *const units[] = { "service", "hour" };
static const char *const sources[] = { "service", "live", "backfill" };
static const char *const statuses[] = { "open", "pending", "confirmed", "rejected", "revoked" };
static const char *const actions[] = { "sign_out", "confirm", "reject", "revoke" };

static const char *name_of(const char *const *names, int n, int v) { return v >= 0 && v < n ? names[v] : "unknown"; }

static int parse_of(const char *const *names, int n, const char *s)
{
    for (int i = 0; s && i < n; i++)
        if (!strcmp(s, names[i])) return i;
    return -1;
}

const char *gw_earn_unit_name(int u) { return name_of(units, GW_EU__COUNT, u); }
int gw_earn_unit_parse(const char *s) { return parse_of(units, GW_EU__COUNT, s); }
const char *gw_earn_source_name(int s) { return name_of(sources, GW_ES__COUNT, s); }
int gw_earn_source_parse(const char *s) { return parse_of(sources, GW_ES__COUNT, s); }
const char *gw_earn_status_name(int s) { return name_of(statuses, GW_EST__COUNT, s); }
int gw_earn_status_parse(const char *s) { return parse_of(statuses, GW_EST__COUNT, s); }
const char *gw_earn_action_name(int a) { return name_of(actions, GW_EA__COUNT, a); }
int gw_earn_action_parse(const char *s) { return parse_of(actions, GW_EA__COUNT, s); }

gw_err gw_earn_step(gw_earn_status from, gw_earn_action act, gw_earn_status *to, char *msg, size_t msgn)
{
    static const int need[GW_EA__COUNT] = { GW_EST_OPEN, GW_EST_PENDING, GW_EST_PENDING, GW_EST_CONFIRMED };
    static const int next[GW_EA__COUNT] = { GW_EST_PENDING, GW_EST_CONFIRMED, GW_EST_REJECTED, GW_EST_REVOKED };
    if ((int)act < 0 || act >= GW_EA__COUNT) return gw_say(msg, msgn, GW_E_INVALID, "unknown action");
    if ((int)from != need[act])
        return gw_say(msg, msgn, GW_E_CONFLICT, "a %s record cannot be %s", gw_earn_status_name(from),
                      act == GW_EA_SIGN_OUT ? "signed out" : act == GW_EA_CONFIRM ? "confirmed"
                      : act == GW_EA_REJECT ? "rejected" : "revoked");
    *to = (gw_earn_status)next[act];
    return GW_OK;
}

int64_t gw_earn_points(gw_earn_unit unit, int64_t points, int64_t quantity, int64_t minutes)
{
    if (points <= 0) return 0;
    if (unit == GW_EU_HOUR) return minutes > 0 ? points * minutes / 60 : 0;
    return quantity > 0 ? points * quantity : 0;
}

int64_t gw_earn_capped(int64_t want, int64_t daily_used, int64_t daily_cap, int64_t total_used, int64_t total_cap)
{
    int64_t v = want;
    if (daily_cap > 0 && daily_cap - daily_used < v) v = daily_cap - daily_used;
    if (total_cap > 0 && total_cap - total_used < v) v = total_cap - total_used;
    return v > 0 ? v : 0;
}

int gw_earn_in_window(int64_t from_ms, int64_t to_ms, int64_t t_ms)
{
    return (from_ms == 0 || t_ms >= from_ms) && (to_ms == 0 || t_ms < to_ms);
}

int gw_earn_overlap(int64_t a0, int64_t a1, int64_t b0, int64_t b1) { return a0 < b1 && b0 < a1; }

int64_t gw_earn_day(int64_t t_ms)
{
    int64_t x = t_ms + CST_MS;
    return x >= 0 ? x / DAY_MS : -((-x + DAY_MS - 1) / DAY_MS);
}

void gw_earn_day_bounds(int64_t t_ms, int64_t *start_ms, int64_t *end_ms)
{
    *start_ms = gw_earn_day(t_ms) * DAY_MS - CST_MS;
    *end_ms = *start_ms + DAY_MS;
}

gw_err gw_earn_check_signin(const gw_earn_place *p, int64_t now_ms, gw_point at, char *msg, size_t msgn)
{
    if (now_ms < p->starts_ms) return gw_say(msg, msgn, GW_E_CONFLICT, "the activity has not started yet");
    if (now_ms >= p->ends_ms) return gw_say(msg, msgn, GW_E_CONFLICT, "the activity has ended");
    double d = gw_geo_distance_m(p->centre, at);
    if (!(d <= (double)p->radius_m))
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "you are %.0f m from the activity's place; sign in within %d m",
                      d, (int)p->radius_m);
    return GW_OK;
}

int64_t gw_earn_minutes(int64_t in_ms, int64_t out_ms, int64_t starts_ms, int64_t ends_ms)
{
    int64_t a = in_ms > starts_ms ? in_ms : starts_ms, b = out_ms < ends_ms ? out_ms : ends_ms;
    return b > a ? (b - a) / 60000 : 0;
}

gw_err gw_earn_may_confirm(const gw_earn_parties *rec, const gw_earn_party *who, char *msg, size_t msgn)
{
    if (!who->staff && rec->partner_resident && who->resident_id == rec->partner_resident)
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "you cannot confirm your own service record");
    if (rec->beneficiary_id) {
        if (who->staff || who->resident_id != rec->beneficiary_id)
            return gw_say(msg, msgn, GW_E_FORBIDDEN, "this record is confirmed by the resident who received the service");
        return GW_OK;
    }
    if (!who->staff) return gw_say(msg, msgn, GW_E_FORBIDDEN, "this record is confirmed by the organiser");
    if (rec->created_by && who->user_id == rec->created_by)
        return gw_say(msg, msgn, GW_E_FORBIDDEN, "you recorded this service: another organiser confirms it");
    return GW_OK;
}

int gw_earn_code_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > GW_EARN_CODE_MAX) return 0;
    return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}
