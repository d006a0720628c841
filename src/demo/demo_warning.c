/* demo/demo_warning.c — what the early warnings (预警, ops/warning_svc.h) should find in the demo city:
 * a sudden rise — six residents report 暴露垃圾 in grid01's community within the last minutes, where the
 * days before had none — and a caller who has rung the hotline about 噪声扰民 three times this month. */
#include "demo/demo_city.h"
#include "base/clock.h"
#include "ops/ticket_svc.h"

#include <stdio.h>
#include <string.h>

static gw_err report(gw_store *s, demo *d, const char *source, const char *cat, int cell, const char *text,
                     const char *name, const char *phone, int64_t at)
{
    gw_principal who;
    memset(&who, 0, sizeof who);
    who.role = strcmp(source, "hotline") ? GW_R_RESIDENT : GW_R_HOTLINE_OPERATOR;
    if (who.role == GW_R_HOTLINE_OPERATOR) who = d->hotline;
    else snprintf(who.div_path, sizeof who.div_path, "/");
    gw_report rep;
    memset(&rep, 0, sizeof rep);
    rep.source = source;
    rep.category_id = d->cat_ids[cat_index(cat)];
    rep.has_location = 1;
    rep.lon = cell_lon(cell) + CELL / 3;
    rep.lat = cell_lat(0) + CELL / 3;
    rep.description = text;
    rep.reporter_name = name;
    rep.reporter_phone = phone;
    rep.at_ms = at;
    gw_ticket_row row;
    char msg[200];
    return gw_ticket_report(s, &who, &rep, &row, msg, sizeof msg);
}

gw_err demo_warnings(gw_store *s, demo *d)
{
    static const char *const texts[] = {
        "小区东门垃圾桶满了，垃圾堆在路边没人清", "东门口一堆垃圾散发臭味", "路边垃圾暴露好几袋，苍蝇很多",
        "门口垃圾没人收，影响出行", "垃圾堆到人行道上了", "东门附近有人乱扔垃圾，一大堆",
    };
    gw_err e = GW_OK;
    for (int i = 0; !e && i < 6; i++) {
        char name[32], phone[24];
        fake_name(&d->r, name, sizeof name);
        fake_mobile(&d->r, phone, sizeof phone);
        e = report(s, d, "resident", "1001", 0, texts[i], name, phone, d->now - (6 - i) * MINUTE);
    }
    static const int64_t days_ago[] = { 20, 9, 2 };
    for (int i = 0; !e && i < 3; i++)
        e = report(s, d, "hotline", "1308", 1, "楼下饭店晚上排风机噪声太大，吵得睡不着，又来反映", "钱女士", "13900009999",
                   d->now - days_ago[i] * GW_MS_PER_DAY);
    return e;
}
