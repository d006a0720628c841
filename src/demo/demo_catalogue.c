/* demo/demo_catalogue.c — see demo_catalogue.h. Made-up goods, a made-up shop and its coupons in 幸福里社区. */
#include "demo/demo_catalogue.h"
#include "base/clock.h"
#include "core/auth_store.h"
#include "core/resident_store.h"
#include "core/resident_svc.h"
#include "partners/catalogue_svc.h"
#include "partners/ledger_svc.h"
#include "partners/partner_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY (24LL * 3600 * 1000)
#define MERCHANT_PHONE "13800001005" /* 阿杰 runs the shop (demo/demo_partners.c's residents) */

/* The community staff shequ01 (partner.manage in 幸福里社区) as a principal. */
static gw_err staff(gw_store *s, gw_principal *who)
{
    memset(who, 0, sizeof *who);
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_user_row u;
    gw_err e = gw_store_user_by_name(db, "shequ01", &u);
    if (!e) e = gw_store_community_path(db, u.division_id, who->div_path, sizeof who->div_path);
    gw_store_read_end(s, db);
    who->kind = GW_PK_STAFF;
    who->user_id = u.id;
    who->role = GW_R_GRID_WORKER;
    who->division_id = u.division_id;
    return e;
}

/* 阿杰 applies for his shop from the H5 page and shequ01 approves it: the merchant of the coupons. */
static gw_err shop(gw_store *s, const gw_principal *st, int64_t *partner_id)
{
    gw_resident_signin *in = malloc(sizeof *in);
    gw_partner_row *row = malloc(sizeof *row);
    char msg[200];
    gw_err e = in && row ? gw_resident_login(s, MERCHANT_PHONE, "demo", "demo", in, msg, sizeof msg) : GW_E_NOMEM;
    gw_principal who;
    if (!e) e = gw_resident_session(s, in->token, &who);
    if (!e) {
        gw_partner_in p = { .type = "resource", .kind = "organisation", .name = "阿杰生鲜便利店",
                            .offer = "积分兑换优惠券：满50减10", .tags = { "积分兑换", "生鲜" }, .n_tags = 2,
                            .has_tags = 1, .community_id = st->division_id };
        e = gw_partner_apply(s, &who, &p, row, msg, sizeof msg);
    }
    if (in && !e) gw_resident_logout(s, in->token);
    if (!e) e = gw_partner_act(s, st, row->id, "approve", "营业执照已核验（演示数据）", "licence", row, msg, sizeof msg);
    if (!e) *partner_id = row->id;
    free(in);
    free(row);
    return e;
}

static gw_err add(gw_store *s, const gw_principal *st, const char *kind, const char *name, const char *desc,
                  int64_t price, int64_t stock, int64_t partner, int64_t valid_to, int64_t *id)
{
    gw_cat_in in = { kind, name, desc, st->division_id, price, stock, GW_CAT_UNSET, valid_to ? valid_to : GW_CAT_UNSET,
                     GW_CAT_UNSET, partner ? 1 : GW_CAT_UNSET, partner ? partner : GW_CAT_UNSET, -1 };
    gw_cat_item_row *row = malloc(sizeof *row);
    char msg[200];
    gw_err e = row ? gw_cat_item_create(s, st, &in, row, msg, sizeof msg) : GW_E_NOMEM;
    if (!e && id) *id = row->id;
    free(row);
    return e;
}

/* Points for 老周 (a verified resident) so the H5 catalogue has something to spend. */
static gw_err points(gw_store *s, const gw_principal *st)
{
    gw_principal admin = *st;
    admin.role = GW_R_ADMIN; /* ledger.manage: the points bank's own staff issue the demo's points */
    gw_db *db = gw_store_read_begin(s);
    gw_resident_row *r = malloc(sizeof *r);
    gw_err e = db && r ? gw_store_resident_by_phone(db, "13800001001", r) : GW_E_IO;
    if (db) gw_store_read_end(s, db);
    gw_ledger_account_row acct, sys;
    char msg[256];
    if (!e) e = gw_ledger_open(s, &admin, st->division_id, GW_LO_RESIDENT, r->id, &acct, msg, sizeof msg);
    free(r);
    gw_ledger_account_query q = { "/", st->division_id, GW_LO_SYSTEM, GW_LS_ISSUANCE, 0, 1 };
    size_t n = 0;
    int more = 0;
    if (!e && (db = gw_store_read_begin(s))) {
        e = gw_store_ledger_accounts(db, &q, &sys, &n, &more);
        gw_store_read_end(s, db);
    }
    if (!e && !n) e = GW_E_NOT_FOUND;
    gw_ledger_item it = { .req = { .client_id = "demo-catalogue-points", .kind = GW_LK_POSTED,
                                   .debit_account_id = sys.a.id, .credit_account_id = acct.a.id, .amount = 300,
                                   .memo = "演示：夜间巡逻 60 小时" } };
    int failed = -1;
    return e ? e : gw_ledger_submit(s, &admin, &it, 1, &failed, msg, sizeof msg);
}

gw_err gw_demo_catalogue_load(gw_store *s)
{
    gw_principal st;
    int64_t partner = 0, room = 0;
    int64_t now = gw_now_ms();
    gw_err e = staff(s, &st);
    if (!e) e = shop(s, &st, &partner);
    if (!e) e = add(s, &st, "goods", "东北大米 5kg", "社区服务中心一楼领取", 50, 20, 0, 0, NULL);
    if (!e) e = add(s, &st, "goods", "菜籽油 5L", "社区服务中心一楼领取", 80, 10, 0, 0, NULL);
    if (!e) e = add(s, &st, "goods", "挂面 1kg", "社区服务中心一楼领取", 15, 0, 0, 0, NULL); /* sold out */
    if (!e) e = add(s, &st, "coupon", "阿杰生鲜满50减10券", "到店出示券码核销", 20, 50, partner, now + 90 * DAY, NULL);
    if (!e) e = add(s, &st, "room", "社区活动室（二楼）", "可容纳 30 人，优先预约：积分越多越早开放", 10, 0, 0, 0, &room);
    /* the room's afternoon slots for the coming week */
    int64_t today = now - now % DAY; /* midnight UTC: 08:00 in Shanghai */
    for (int d = 1; !e && d <= 7; d++) {
        gw_cat_slot_row slot;
        char msg[200];
        e = gw_cat_slot_add(s, &st, room, today + d * DAY + 6 * 3600000LL, today + d * DAY + 8 * 3600000LL, 1, &slot,
                            msg, sizeof msg);
    }
    if (!e) e = points(s, &st);
    return e;
}
