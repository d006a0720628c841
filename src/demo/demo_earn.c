/* demo/demo_earn.c — see demo_earn.h. The lawyer's consultations wait for 王阿姨 (13800001003, password
 * demo) to confirm them on /h5/points; the partner registry's first partner holds no points, as the
 * ledger's tests expect of a fresh demo. */
#include "demo/demo_earn.h"
#include "base/clock.h"
#include "core/auth_store.h"
#include "core/resident.h"
#include "core/resident_store.h"
#include "partners/earn_svc.h"
#include "partners/partner_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMUNITY "幸福里社区"
#define HOUR (3600LL * 1000)

typedef struct {
    gw_principal staff, admin, wang; /* shequ01, admin, 王阿姨 (a resident) */
    int64_t community, lawyer, patrol_team, shop;
} demo_earn;

static gw_err principal_of(gw_db *db, const char *username, gw_principal *who)
{
    gw_user_row u;
    gw_err e = gw_store_user_by_name(db, username, &u);
    if (e) return e;
    memset(who, 0, sizeof *who);
    who->kind = GW_PK_STAFF;
    who->user_id = u.id;
    who->role = u.role;
    who->division_id = u.division_id;
    snprintf(who->username, sizeof who->username, "%s", username);
    if (u.role == GW_R_ADMIN) { snprintf(who->div_path, sizeof who->div_path, "/"); return GW_OK; }
    return gw_store_community_path(db, u.division_id, who->div_path, sizeof who->div_path);
}

static int64_t partner_named(gw_db *db, const char *name)
{
    gw_partner_row *rows = calloc(4, sizeof *rows);
    gw_partner_query q = { .q = name, .type = -1, .status = -1, .limit = 4 };
    size_t n = 0;
    int64_t total, id = 0;
    if (rows && !gw_store_partner_list(db, &q, rows, &n, &total))
        for (size_t i = 0; i < n && !id; i++)
            if (!strcmp(rows[i].name, name)) id = rows[i].id;
    free(rows);
    return id;
}

static gw_err setup(gw_store *s, demo_earn *d)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = principal_of(db, "shequ01", &d->staff);
    if (!e) e = principal_of(db, "admin", &d->admin);
    gw_resident_row *wang = malloc(sizeof *wang);
    char key[GW_RESIDENT_PHONE_BUF];
    if (!e) e = wang ? gw_resident_phone_key("13800001003", key, sizeof key) : GW_E_NOMEM;
    if (!e) e = gw_store_resident_by_phone(db, key, wang);
    if (!e) {
        d->wang.kind = GW_PK_RESIDENT;
        d->wang.resident_id = wang->id;
        d->community = d->staff.division_id;
        d->lawyer = partner_named(db, "明理律师事务所");
        d->patrol_team = partner_named(db, "幸福里退休老干部志愿服务队");
        d->shop = partner_named(db, "江临悦动健身房");
        if (!d->lawyer || !d->patrol_team || !d->shop) e = GW_E_NOT_FOUND;
    }
    free(wang);
    gw_store_read_end(s, db);
    return e;
}

static gw_err rules(gw_store *s, demo_earn *d, int64_t ids[3])
{
    static const struct { const char *code, *name, *unit; int64_t points, daily, total; } rs[] = {
        { "legal_consult", "法律咨询", "service", 10, 30, 0 },
        { "donation", "物资捐赠", "service", 20, 0, 200 },
        { "patrol", "巡逻", "hour", 5, 20, 0 },
    };
    char msg[200];
    gw_earn_rule out;
    for (int i = 0; i < 3; i++) {
        gw_earn_rule_in in = { .code = rs[i].code, .name = rs[i].name, .unit = rs[i].unit, .community_id = d->community,
                               .points = rs[i].points, .has_points = 1, .daily_cap = rs[i].daily, .has_daily_cap = 1,
                               .total_cap = rs[i].total, .has_total_cap = 1, .active = -1 };
        gw_err e = gw_earn_rule_create(s, &d->staff, &in, &out, msg, sizeof msg);
        if (e) return e;
        ids[i] = out.id;
    }
    return GW_OK;
}

static gw_err records(gw_store *s, demo_earn *d, const int64_t rule[3], int64_t now)
{
    char msg[200];
    gw_earn_record out;
    gw_earn_record_in consult = { .source = "service", .note = "遗产继承咨询", .rule_id = rule[0],
                                  .partner_id = d->lawyer, .beneficiary_id = d->wang.resident_id,
                                  .quantity = 1, .started_ms = now - 26 * HOUR };
    gw_err e = gw_earn_record_create(s, &d->staff, &consult, &out, msg, sizeof msg);
    gw_earn_record_in patrol = { .source = "backfill", .note = "国庆夜间巡逻（补录）", .rule_id = rule[2],
                                 .partner_id = d->patrol_team, .minutes = 180, .started_ms = now - 50 * HOUR };
    if (!e) e = gw_earn_record_create(s, &d->staff, &patrol, &out, msg, sizeof msg);
    if (!e) e = gw_earn_record_act(s, &d->admin, out.id, "confirm", NULL, &out, msg, sizeof msg);
    gw_earn_record_in waiting = { .source = "service", .note = "合同审查", .rule_id = rule[0], .partner_id = d->lawyer,
                                  .beneficiary_id = d->wang.resident_id, .quantity = 1, .started_ms = now - 2 * HOUR };
    if (!e) e = gw_earn_record_create(s, &d->staff, &waiting, &out, msg, sizeof msg);
    gw_earn_record_in gift = { .source = "service", .note = "捐赠健身器材一套", .rule_id = rule[1], .partner_id = d->shop,
                               .quantity = 1, .started_ms = now - 5 * HOUR };
    if (!e) e = gw_earn_record_create(s, &d->staff, &gift, &out, msg, sizeof msg);
    if (!e) e = gw_earn_record_act(s, &d->admin, out.id, "confirm", NULL, &out, msg, sizeof msg);
    return e;
}

gw_err gw_demo_earn_load(gw_store *s)
{
    demo_earn *d = calloc(1, sizeof *d);
    if (!d) return GW_E_NOMEM;
    int64_t rule[3], now = gw_now_ms();
    gw_err e = setup(s, d);
    if (!e) e = rules(s, d, rule);
    if (!e) e = records(s, d, rule, now);
    /* a patrol tomorrow evening, 19:00 to 21:00 Shanghai time, at the community's north gate */
    int64_t day0 = ((now + 8 * HOUR) / (24 * HOUR) + 1) * (24 * HOUR) - 8 * HOUR;
    gw_earn_activity_in act = { .title = "幸福里夜间巡逻", .address = "幸福里北门岗亭", .rule_id = rule[2],
                                .radius_m = 300, .starts_ms = day0 + 19 * HOUR, .ends_ms = day0 + 21 * HOUR,
                                .place = { 120.1551, 30.2741 } };
    gw_earn_activity a;
    char msg[200];
    if (!e) e = gw_earn_activity_create(s, &d->staff, &act, &a, msg, sizeof msg);
    free(d);
    return e;
}
