/* ops/warning_cli.c — `gridwork warnings-eval` (see warning_cli.h). */
#include "ops/warning_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "ops/stats_store.h"
#include "ops/warning_svc.h"

#define MAX_DAYS 365
#define POISSON_ALPHA 0.001
#define POISSON_FLOOR 0.25

static const int planted[3] = { 3, 5, 8 };

typedef struct {
    int64_t days, alarms, detected[3];
} tally;

static int alarm(int method, const double *x)
{
    gw_ears r;
    gw_err e = method == 0 ? gw_ears_c2(x, GW_EARS_DAYS, &GW_WARNING_EARS, &r)
                           : gw_poisson_test(x, GW_EARS_DAYS, &GW_WARNING_EARS, POISSON_FLOOR, POISSON_ALPHA, &r);
    return !e && r.alarm;
}

/* One (area, category) series over days [first, last]: every day with a full window. */
static void eval_series(const double *x, int len, tally t[2])
{
    for (int d = GW_EARS_DAYS - 1; d < len; d++) {
        double w[GW_EARS_DAYS];
        memcpy(w, x + d - (GW_EARS_DAYS - 1), sizeof w);
        for (int m = 0; m < 2; m++) {
            t[m].days++;
            t[m].alarms += alarm(m, w);
            for (int k = 0; k < 3; k++) {
                double keep = w[GW_EARS_DAYS - 1];
                w[GW_EARS_DAYS - 1] = keep + planted[k];
                t[m].detected[k] += alarm(m, w);
                w[GW_EARS_DAYS - 1] = keep;
            }
        }
    }
}

static int evaluate(gw_store *s, int days)
{
    int64_t today = (gw_now_ms() + GW_STATS_TZ_OFFSET_MS) / GW_MS_PER_DAY;
    int64_t first = today - days + GW_EARS_DAYS;
    gw_warning_series ser;
    gw_db *db = gw_store_read_begin(s);
    gw_err e = gw_warning_series_load(db, first, today, &ser);
    gw_store_read_end(s, db);
    if (e) { fprintf(stderr, "gridwork: could not read the history: %s\n", gw_err_name(e)); return 1; }
    tally t[2];
    memset(t, 0, sizeof t);
    double x[MAX_DAYS];
    int len = (int)(today - (first - (GW_EARS_DAYS - 1)) + 1);
    for (size_t i = 0, start = 0; i <= ser.n; i++) {
        if (i < ser.n && (i == start || (!strcmp(ser.rows[i].area, ser.rows[start].area)
                                         && ser.rows[i].category_id == ser.rows[start].category_id)))
            continue;
        memset(x, 0, sizeof x);
        for (size_t k = start; k < i; k++) x[ser.rows[k].day - (first - (GW_EARS_DAYS - 1))] += ser.rows[k].count;
        if (i > start) eval_series(x, len, t);
        start = i;
    }
    gw_warning_series_free(&ser);
    printf("method        series-days  alarms  per-1000  detect+3  detect+5  detect+8\n");
    const char *names[2] = { "ears-c2", "poisson" };
    for (int m = 0; m < 2; m++) {
        double n = t[m].days ? (double)t[m].days : 1;
        printf("%-12s %12lld %7lld %9.2f %8.1f%% %8.1f%% %8.1f%%\n", names[m], (long long)t[m].days,
               (long long)t[m].alarms, 1000.0 * (double)t[m].alarms / n, 100.0 * (double)t[m].detected[0] / n,
               100.0 * (double)t[m].detected[1] / n, 100.0 * (double)t[m].detected[2] / n);
    }
    return 0;
}

int gw_warning_cli(int argc, char **argv)
{
    const char *url = NULL;
    int days = 30;
    for (int i = 0; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--db")) url = argv[i + 1];
        else if (!strcmp(argv[i], "--days")) days = atoi(argv[i + 1]);
        else { fprintf(stderr, "gridwork warnings-eval: unknown option %s\n", argv[i]); return 2; }
    }
    if (!url || days < GW_EARS_DAYS + 1 || days > MAX_DAYS - GW_EARS_DAYS) {
        fprintf(stderr, "usage: gridwork warnings-eval --db URL [--days %d..%d]\n", GW_EARS_DAYS + 1, MAX_DAYS - GW_EARS_DAYS);
        return 2;
    }
    gw_store *s = NULL;
    gw_err e = gw_store_open(url, 1, &s);
    if (e) { fprintf(stderr, "gridwork: cannot open database %s: %s\n", url, gw_err_name(e)); return 1; }
    int rc = evaluate(s, days);
    gw_store_close(s);
    return rc;
}
