/* demo/demo_credit.c — see demo_credit.h. Made-up histories of the demo partners. */
#include "demo/demo_credit.h"
#include "base/clock.h"
#include "core/auth_store.h"
#include "core/resident_store.h"
#include "partners/credit_svc.h"
#include "partners/partner_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400000)
#define MAX_PARTNERS 32

/* One partner's history: its name, then (kind, value, days ago) up to 16 events. */
static const struct {
    const char *name;
    struct { gw_credit_kind kind; int64_t value; int days; } ev[16];
} histories[] = {
    { "幸福里退休老干部志愿服务队",
      { { GW_CE_SERVICE_LIVE, 200 * 60, 160 }, { GW_CE_SERVICE_LIVE, 180 * 60, 100 }, { GW_CE_SERVICE_LIVE, 150 * 60, 40 },
        { GW_CE_SERVICE_LIVE, 95 * 60, 2 }, { GW_CE_SERVICE_BACKFILL, 60 * 60, 150 }, { GW_CE_CONFIRMED, 1, 100 },
        { GW_CE_CONFIRMED, 1, 40 }, { GW_CE_CONFIRMED, 1, 2 }, { GW_CE_POINTS_EARNED, 620, 40 },
        { GW_CE_EVALUATION, 94, 30 }, { GW_CE_PROJECT_DONE, 1, 30 } } },
    { "明理律师事务所",
      { { GW_CE_SERVICE_LIVE, 24 * 60, 90 }, { GW_CE_SERVICE_LIVE, 16 * 60, 1 }, { GW_CE_CONFIRMED, 1, 90 },
        { GW_CE_CONFIRMED, 1, 60 }, { GW_CE_CONFIRMED, 1, 30 }, { GW_CE_CONFIRMED, 1, 1 }, { GW_CE_POINTS_EARNED, 120, 60 },
        { GW_CE_POINTS_EARNED, 40, 1 }, { GW_CE_EVALUATION, 92, 50 }, { GW_CE_PROJECT_DONE, 1, 50 },
        { GW_CE_PROJECT_DONE, 1, 3 } } },
    { "江临悦动健身房",
      { { GW_CE_CONFIRMED, 1, 70 }, { GW_CE_CONFIRMED, 1, 20 }, { GW_CE_POINTS_EARNED, 300, 70 },
        { GW_CE_POINTS_EARNED, 100, 3 }, { GW_CE_EVALUATION, 85, 20 } } },
    { "赵医生（社区卫生服务站）",
      { { GW_CE_SERVICE_LIVE, 30 * 60, 120 }, { GW_CE_SERVICE_BACKFILL, 20 * 60, 110 }, { GW_CE_CONFIRMED, 1, 120 },
        { GW_CE_POINTS_EARNED, 80, 120 }, { GW_CE_REVOKED, 30, 45 }, { GW_CE_NO_SHOW, 1, 4 } } },
};
#define N_HISTORIES (sizeof histories / sizeof histories[0])

typedef struct {
    int64_t ids[N_HISTORIES];
    int64_t now;
} events_op;

static gw_err op_events(gw_db *tx, void *arg)
{
    events_op *o = arg;
    gw_err e = GW_OK;
    for (size_t i = 0; !e && i < N_HISTORIES; i++) {
        for (int k = 0; !e && k < 16 && histories[i].ev[k].value; k++) {
            gw_credit_event ev = { o->ids[i], histories[i].ev[k].kind, histories[i].ev[k].value, "demo", k + 1,
                                   o->now - histories[i].ev[k].days * DAY - (int64_t)k * 60000 };
            e = gw_credit_event_add(tx, &ev);
        }
    }
    return e;
}

/* shequ01 as a principal (the demo's community staff, made by demo_partners.c). */
static gw_err staff_of(gw_db *db, gw_principal *who)
{
    gw_user_row *u = malloc(sizeof *u);
    gw_err e = u ? gw_store_user_by_name(db, "shequ01", u) : GW_E_NOMEM;
    memset(who, 0, sizeof *who);
    if (!e) {
        who->kind = GW_PK_STAFF;
        who->user_id = u->id;
        who->role = GW_R_GRID_WORKER;
        who->division_id = u->division_id;
        e = gw_store_community_path(db, u->division_id, who->div_path, sizeof who->div_path);
    }
    if (u) memset(u->pw_hash, 0, sizeof u->pw_hash);
    free(u);
    return e;
}

/* The ids of the partners named in histories (0 for one not found). */
static gw_err find_partners(gw_db *db, const gw_principal *who, events_op *o)
{
    gw_partner_row *rows = calloc(MAX_PARTNERS, sizeof *rows);
    if (!rows) return GW_E_NOMEM;
    gw_partner_query q = { .type = -1, .status = -1, .limit = MAX_PARTNERS };
    size_t n = 0;
    int64_t total = 0;
    char msg[200];
    gw_err e = gw_partner_list(db, who, &q, rows, &n, &total, msg, sizeof msg);
    for (size_t i = 0; !e && i < N_HISTORIES; i++)
        for (size_t k = 0; k < n; k++)
            if (!strcmp(rows[k].name, histories[i].name)) o->ids[i] = rows[k].id;
    free(rows);
    for (size_t i = 0; !e && i < N_HISTORIES; i++)
        if (!o->ids[i]) e = GW_E_NOT_FOUND;
    return e;
}

gw_err gw_demo_credit_load(gw_store *s)
{
    events_op o = { .now = gw_now_ms() };
    gw_principal staff;
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = staff_of(db, &staff);
    if (!e) e = find_partners(db, &staff, &o);
    gw_store_read_end(s, db);
    if (!e) e = gw_store_write(s, op_events, &o);
    gw_cert_row *c = e ? NULL : malloc(sizeof *c);
    if (!e && !c) e = GW_E_NOMEM;
    if (!e) {
        /* the volunteer team's certificate for the last half year */
        gw_cert_in in = { o.ids[0], o.now - 180 * DAY, o.now, 0, "社区夜间治安巡逻、重大节日值守、政策宣讲",
                          "幸福里社区", NULL };
        char msg[200];
        e = gw_cert_issue(s, &staff, &in, c, msg, sizeof msg);
    }
    free(c);
    return e;
}
