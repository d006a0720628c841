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

/* The n-digit number at s (digits only: no sign, no space), or -1. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

/* "HH:MM:SS[.fff...]" then "Z" or "+HH:MM" / "-HH:MM" or nothing, at p; -1 when malformed. */
static int parse_time(const char *p, int64_t *secs, int64_t *frac, int64_t *off)
{
    /* each field is read only once the bytes before it were found, so nothing past the NUL is read */
    int h = digits(p, 2);
    int mi = h < 0 || p[2] != ':' ? -1 : digits(p + 3, 2);
    int sec = mi < 0 || p[5] != ':' ? -1 : digits(p + 6, 2);
    if (sec < 0 || h > 23 || mi > 59 || sec > 60) return -1;
    *secs = h * 3600 + mi * 60 + sec;
    p += 8;
    if (*p == '.') {
        int n = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, n++)
            if (n < 3) *frac = *frac * 10 + (*p - '0');
        if (!n) return -1;
        for (; n < 3; n++) *frac *= 10;
    }
    if (*p == 'Z') return p[1] ? -1 : 0;
    if (*p == '+' || *p == '-') {
        int oh = digits(p + 1, 2);
        int om = oh < 0 || p[3] != ':' ? -1 : digits(p + 4, 2);
        if (om < 0 || oh > 23 || om > 59 || p[6]) return -1;
        *off = (oh * 3600 + om * 60) * (*p == '+' ? 1 : -1);
        return 0;
    }
    return *p ? -1 : 0;
}

int gw_clock_parse(const char *s, int64_t *ms)
{
    if (!s) return -1;
    int y = digits(s, 4);
    int mo = y < 0 || s[4] != '-' ? -1 : digits(s + 5, 2);
    int d = mo < 0 || s[7] != '-' ? -1 : digits(s + 8, 2);
    if (d < 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return -1;
    int64_t secs = 0, frac = 0, off = 0;
    if (s[10] == 'T' || s[10] == ' ') {
        if (parse_time(s + 11, &secs, &frac, &off)) return -1;
    } else if (s[10]) {
        return -1;
    }
    *ms = (days_from_civil(y, mo, d) * 86400 + secs - off) * 1000 + frac;
    return 0;
}
