#include "base/clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t gw_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t gw_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void fmt_tm(int64_t ms, int64_t offset_s, struct tm *tm)
{
    time_t t = (time_t)((ms >= 0 ? ms / 1000 : (ms - 999) / 1000) + offset_s);
    gmtime_r(&t, tm);
}

void gw_clock_iso8601(int64_t ms, char *buf, size_t n)
{
    struct tm tm;
    fmt_tm(ms, 0, &tm);
    int frac = (int)(((ms % 1000) + 1000) % 1000);
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
}

void gw_clock_w3c_cst(int64_t ms, char *buf, size_t n)
{
    struct tm tm;
    fmt_tm(ms, 8 * 3600, &tm);
    snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d+08:00", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Days since 1970-01-01 of a proleptic Gregorian date (civil-from-days inverse). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int gw_clock_parse(const char *s, int64_t *ms)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, used = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10) return -1;
    const char *p = s + used;
    int64_t frac = 0, off = 0;
    if (*p == 'T' || *p == ' ') {
        int u2 = 0;
        if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &sec, &u2) != 3 || u2 != 8) return -1;
        p += 1 + u2;
        if (*p == '.') {
            int digits = 0;
            for (p++; *p >= '0' && *p <= '9'; p++, digits++)
                if (digits < 3) frac = frac * 10 + (*p - '0');
            if (!digits) return -1;
            for (; digits < 3; digits++) frac *= 10;
        }
        if (*p == 'Z') p++;
        else if (*p == '+' || *p == '-') {
            int oh, om, u3 = 0;
            if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &u3) != 2 || u3 != 5 || oh > 23 || om > 59) return -1;
            off = (oh * 3600 + om * 60) * (*p == '+' ? 1 : -1);
            p += 1 + u3;
        }
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return -1;
    int64_t secs = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
    *ms = secs * 1000 + frac;
    return 0;
}
