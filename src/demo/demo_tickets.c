/* demo/demo_tickets.c — a month of the demo city's tickets, each reported and pushed through the
 * loop by the ticket service like a real one, so that every state occurs; and what people write
 * in them. The same seed gives the same stories. */
#include "core/fields.h"
#include "demo/demo_city.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "ops/ticket_store.h"
#include "ops/ticket_svc.h"

/* ---- what people write ---------------------------------------------------------------------- */

static const char *const landmark_spots[] = { "东门", "北侧", "门口", "附近", "对面", "西侧停车场", "3幢楼下" };

/* What people write, per subclass; the place is put in front. Several variants per code. */
static const struct { const char *code, *text; } texts[] = {
    { "0101", "井盖破损，有行人绊倒风险" },
    { "0101", "自来水井盖缺失，已用雪糕筒临时围挡" },
    { "0102", "污水井盖松动，车辆经过时响声很大" },
    { "0102", "污水井盖下沉，周边路面开裂" },
    { "0103", "雨水井盖缺失，夜间非常危险" },
    { "0103", "雨水箅子被杂物堵塞，一下雨就积水" },
    { "0104", "电力井盖破裂，边缘翘起" },
    { "0105", "燃气井盖错位，附近有轻微异味" },
    { "0106", "路灯连续几晚不亮，行人出行不便" },
    { "0106", "路灯杆倾斜，灯罩脱落" },
    { "0107", "消防栓被撞歪，有漏水现象" },
    { "0107", "消防栓被杂物遮挡" },
    { "0108", "配电箱柜门敞开，电线裸露" },
    { "0109", "燃气调压箱外壳锈蚀，箱门关不上" },
    { "0110", "地面一直渗水，疑似地下供水管道漏水" },
    { "0201", "交通信号灯不亮，路口通行混乱" },
    { "0201", "红绿灯倒计时显示故障" },
    { "0202", "交通标志牌被风吹歪，遮挡视线" },
    { "0203", "道路护栏被撞倒，有几段缺失" },
    { "0204", "公交站亭顶棚破损，下雨漏水" },
    { "0204", "公交站亭灯箱玻璃碎裂" },
    { "0205", "人行道板松动翘起，雨天踩上去溅水" },
    { "0205", "人行道盲道砖破损" },
    { "0206", "隔离墩被移位，占用机动车道" },
    { "0207", "停车泊位划线模糊，车辆停放混乱" },
    { "0301", "公共厕所冲水设备损坏，异味较大" },
    { "0301", "公厕照明坏了，晚上无法使用" },
    { "0302", "垃圾箱破损，垃圾散落一地" },
    { "0302", "果皮箱缺失" },
    { "0303", "垃圾中转站周边污水横流，气味很大" },
    { "0304", "店招牌匾松动，大风天有坠落危险" },
    { "0305", "公共座椅断裂，存在安全隐患" },
    { "0401", "古樟树出现枯枝，树干有空洞" },
    { "0402", "行道树枝叶遮挡路灯和交通标志" },
    { "0402", "行道树倾斜，根部松动" },
    { "0403", "绿地被踩出土路，植被大面积枯死" },
    { "0404", "树池篦子缺失，容易绊倒行人" },
    { "0405", "景观雕塑被涂鸦，底座破损" },
    { "0501", "老房子外墙开裂，有墙皮脱落" },
    { "0502", "工地围挡倒伏，侵占人行道" },
    { "0503", "沿街楼房外立面瓷砖脱落" },
    { "0601", "健身器材损坏，转轴断裂" },
    { "0601", "健身路径器材锈蚀严重" },
    { "0602", "路口监控摄像头被树枝遮挡" },
    { "0603", "电动自行车充电桩无法使用，插座有烧焦痕迹" },
    { "1001", "有人乱倒生活垃圾，堆放多日无人清理" },
    { "1001", "绿化带内暴露垃圾较多" },
    { "1002", "堆积大量建筑渣土，扬尘严重" },
    { "1003", "路面油污严重，多处垃圾未清扫" },
    { "1003", "人行道上有大量落叶和烟头" },
    { "1004", "河道水面漂浮垃圾，有异味" },
    { "1005", "绿地内塑料袋、饮料瓶较多" },
    { "1006", "有人焚烧树叶垃圾，浓烟很大" },
    { "1007", "餐馆油烟直排，楼上住户无法开窗" },
    { "1101", "电线杆和墙面贴满小广告" },
    { "1101", "地面喷涂办证小广告" },
    { "1102", "沿街私拉横幅，影响市容" },
    { "1103", "商家在人行道摆放立式广告牌" },
    { "1201", "工地夜间施工，晚上11点还在作业，噪音扰民" },
    { "1202", "施工废料随意堆放在路边" },
    { "1203", "渣土车沿路遗撒泥土，路面脏污" },
    { "1204", "施工占用半幅道路，未设置警示标志" },
    { "1205", "楼顶搭建彩钢棚，疑似违章建筑" },
    { "1205", "一楼住户私自外扩院墙" },
    { "1301", "流动摊贩聚集，占道经营" },
    { "1301", "早晚有流动摊点，影响通行" },
    { "1302", "店铺把货物摆到门外，占用人行道" },
    { "1303", "废品收购点占道堆放，影响通行" },
    { "1304", "机动车违停占用消防通道" },
    { "1304", "车辆乱停在人行道上" },
    { "1305", "共享单车堆积，堵住盲道" },
    { "1306", "夜间露天烧烤，油烟扰民" },
    { "1307", "小吃店后厨卫生条件差，有老鼠出没" },
    { "1308", "广场舞音响音量过大，影响居民休息" },
    { "1401", "路面突然塌陷，出现约一米宽的坑洞，需紧急处置" },
    { "1402", "自来水管爆裂，水流涌出路面" },
    { "1403", "闻到明显燃气味，疑似管道泄漏" },
    { "1404", "暴雨后路面积水严重，车辆无法通行" },
    { "1404", "下雨后积水没过脚踝" },
    { "1405", "大风刮倒一棵行道树，压住了非机动车道" },
    { "1406", "发现多只死鸟，居民担心疫病传播" },
    { "1407", "路边摊售卖过期食品，有人吃后不适" },
    { "1408", "整栋楼突然停电，电表箱有焦糊味" },
};
#define N_TEXTS ((int)(sizeof texts / sizeof texts[0]))

const char *demo_text_at(int i, const char **code)
{
    if (i < 0 || i >= N_TEXTS) return NULL;
    *code = texts[i].code;
    return texts[i].text;
}

static const char *const endings[] = {
    "。", "，请尽快处理。", "，已经持续两三天了。", "，影响居民出行。", "，希望相关部门尽快处理。",
    "，存在安全隐患。", "，附近居民反映强烈。", "！",
};
static const char *const feedback_notes[] = {
    "已安排人员到场处置，现场已恢复正常。", "已派维修班组到场，完成修复。", "已清理完毕，并加强日常巡查。",
    "已完成更换，现场照片已留存。", "已联系责任单位整改到位。", "已现场劝导并督促整改，问题已解决。",
};
static const char *const return_notes[] = {
    "经核实不属于本单位职责范围，请重新派遣。", "现场点位描述不清，未找到问题，请核实后重派。",
};
static const char *const suspend_notes[] = {
    "需多部门联合处置，暂时挂账。", "涉及产权纠纷，待街道协调后处理。", "需等待专项资金审批。",
};
static const char *const extend_notes[] = {
    "需采购配件，申请延期。", "施工量较大，申请延期。", "需避开雨天施工，申请延期。",
};
static const char *const reject_notes[] = {
    "重复上报，已合并处理。", "经核实不属于城市管理范围。", "描述不清且联系不上上报人，无法核实。",
};
static const char *const rating_comments[] = {
    "处理很及时，谢谢！", "问题解决了，满意。", "速度还可以。", "处理得比较慢。", "还没有彻底解决。",
};

/* ---- tickets --------------------------------------------------------------------------------- */

/* Where a ticket's story ends. */
typedef enum {
    P_REPORTED, P_ACCEPTED, P_DISPATCHED, P_SIGNED, P_RETURNED, P_SUSPENDED, P_HANDLED, P_CLOSED, P_CLOSED_RATED,
    P_INVALID, P_EXT_PENDING, P_EXT_APPROVED, P_REWORK_OPEN, P_REWORK_CLOSED, P_REDISPATCHED, P__COUNT
} plan;

/* Likelihood of each ending by the ticket's age: under a day, under a week, older. */
static const int plan_weights[3][P__COUNT] = {
    /*  rep acc dis sig ret sus han clo rat inv ext exa rwo rwc red */
    { 18, 8, 22, 22, 3, 0, 12, 5, 2, 4, 3, 0, 1, 0, 0 },
    { 2, 1, 4, 10, 3, 2, 8, 22, 22, 5, 4, 4, 2, 3, 3 },
    { 0, 0, 1, 1, 1, 2, 1, 38, 38, 6, 1, 2, 0, 3, 3 },
};
/* Small demos still show every ending: the oldest tickets take these in turn. */
static const plan forced_plans[] = {
    P_CLOSED_RATED, P_CLOSED, P_INVALID, P_RETURNED, P_SUSPENDED, P_HANDLED, P_EXT_PENDING, P_EXT_APPROVED,
    P_REWORK_OPEN, P_REWORK_CLOSED, P_REDISPATCHED, P_SIGNED, P_DISPATCHED, P_ACCEPTED, P_REPORTED,
};
#define N_FORCED ((int)(sizeof forced_plans / sizeof forced_plans[0]))

typedef enum {
    S_ACCEPT, S_REJECT, S_DISPATCH, S_DISPATCH_STREET, S_SIGN, S_RETURN, S_EXTEND, S_APPROVE_EXT, S_SUSPEND,
    S_FEEDBACK, S_APPROVE, S_REWORK
} step;

#define MAX_STEPS 16

static plan draw_plan(rng *r, int64_t age_ms)
{
    int b = age_ms < GW_MS_PER_DAY ? 0 : age_ms < 7 * GW_MS_PER_DAY ? 1 : 2;
    int total = 0;
    for (int i = 0; i < P__COUNT; i++) total += plan_weights[b][i];
    int x = (int)rnd_range(r, 0, total - 1);
    for (int i = 0; i < P__COUNT; i++) {
        if (x < plan_weights[b][i]) return (plan)i;
        x -= plan_weights[b][i];
    }
    return P_CLOSED;
}

/* The steps after the report, from a freshly reported ticket. */
static int plan_steps(plan p, rng *r, step *out)
{
    int n = 0;
    switch (p) {
    case P_REPORTED: break;
    case P_ACCEPTED: out[n++] = S_ACCEPT; break;
    case P_INVALID:
        if (rnd(r) % 2) out[n++] = S_ACCEPT;
        out[n++] = S_REJECT;
        break;
    case P_REDISPATCHED:
        out[n++] = S_ACCEPT; out[n++] = S_DISPATCH; out[n++] = S_RETURN; out[n++] = S_DISPATCH_STREET;
        out[n++] = S_SIGN; out[n++] = S_FEEDBACK; out[n++] = S_APPROVE;
        break;
    default:
        out[n++] = S_ACCEPT;
        out[n++] = S_DISPATCH;
        if (p == P_DISPATCHED) break;
        if (p == P_RETURNED) {
            if (rnd(r) % 2) out[n++] = S_SIGN;
            out[n++] = S_RETURN;
            break;
        }
        out[n++] = S_SIGN;
        switch (p) {
        case P_SUSPENDED: out[n++] = S_SUSPEND; break;
        case P_EXT_PENDING: out[n++] = S_EXTEND; break;
        case P_EXT_APPROVED:
            out[n++] = S_EXTEND; out[n++] = S_APPROVE_EXT;
            if (rnd(r) % 2) { out[n++] = S_FEEDBACK; out[n++] = S_APPROVE; }
            break;
        case P_HANDLED: out[n++] = S_FEEDBACK; break;
        case P_CLOSED: case P_CLOSED_RATED: out[n++] = S_FEEDBACK; out[n++] = S_APPROVE; break;
        case P_REWORK_OPEN: out[n++] = S_FEEDBACK; out[n++] = S_REWORK; break;
        case P_REWORK_CLOSED:
            out[n++] = S_FEEDBACK; out[n++] = S_REWORK; out[n++] = S_FEEDBACK; out[n++] = S_APPROVE;
            break;
        default: break;
        }
    }
    return n;
}

/* Minutes before a step happens: a plausible pace for each, the handling one tied to its window. */
static int64_t step_gap_ms(rng *r, step s, int handle_h)
{
    int64_t m;
    switch (s) {
    case S_ACCEPT: m = rnd_range(r, 3, 60); break;
    case S_REJECT: m = rnd_range(r, 10, 120); break;
    case S_DISPATCH: m = rnd_range(r, 2, 45); break;
    case S_DISPATCH_STREET: m = rnd_range(r, 20, 180); break;
    case S_SIGN: m = rnd_range(r, 5, 180); break;
    case S_RETURN: m = rnd_range(r, 30, 300); break;
    case S_EXTEND: m = rnd_range(r, 120, 1440); break;
    case S_APPROVE_EXT: m = rnd_range(r, 30, 480); break;
    case S_SUSPEND: m = rnd_range(r, 240, 2880); break;
    case S_FEEDBACK: {
        int64_t window = (int64_t)handle_h * 60;
        m = rnd_range(r, window / 10 + 30, window * 9 / 10 + 31);
        if (rnd(r) % 7 == 0) m = window + rnd_range(r, 60, window / 2 + 60); /* late: an overdue episode */
        break;
    }
    case S_APPROVE: m = rnd_range(r, 30, 1200); break;
    case S_REWORK: m = rnd_range(r, 60, 600); break;
    default: m = 30;
    }
    return m * MINUTE;
}

typedef struct {
    demo *d;
    gw_store *s;
    gw_ticket_row row;
    char msg[256];
} tctx;

static gw_err do_act(tctx *t, const gw_principal *who, gw_action_kind kind, const char *note, int64_t unit,
                     int days, int64_t at)
{
    gw_act a;
    memset(&a, 0, sizeof a);
    a.kind = kind;
    a.note = note;
    a.unit_id = unit;
    a.days = days;
    a.at_ms = at;
    /* 答复口径: feedback and closure carry the reply the resident reads on the tracking page */
    if (kind == GW_A_FEEDBACK) a.public_reply = "您反映的问题已安排处置，现场已恢复正常，感谢您的监督。";
    if (kind == GW_A_APPROVE) a.public_reply = "经核查，您反映的问题已处置到位，现予办结。如有疑问请致电12345。";
    int64_t id = t->row.id;
    return gw_ticket_act(t->s, who, id, &a, &t->row, t->msg, sizeof t->msg);
}

static int grid_street(int g) { return g / GRIDS_PER_COMMUNITY / 2; }

/* Take one step at `at` as the right person. Steps that the report already did (staff reports
 * with an auto rule are accepted and dispatched at once) are skipped. */
static gw_err take_step(tctx *t, step s, int grid, int64_t at)
{
    demo *d = t->d;
    gw_ticket_state st = t->row.t.state;
    const gw_principal *handler = t->row.t.unit_id ? handler_of(d, t->row.t.unit_id) : NULL;
    switch (s) {
    case S_ACCEPT:
        return st == GW_T_REPORTED ? do_act(t, &d->dispatcher, GW_A_ACCEPT, NULL, 0, 0, at) : GW_OK;
    case S_REJECT:
        return do_act(t, &d->dispatcher, GW_A_REJECT, PICK(&d->r, reject_notes), 0, 0, at);
    case S_DISPATCH:
        return st == GW_T_ACCEPTED || st == GW_T_RETURNED ? do_act(t, &d->dispatcher, GW_A_DISPATCH, NULL, 0, 0, at)
                                                           : GW_OK;
    case S_DISPATCH_STREET: { /* re-dispatched by hand to the street's own team (or, if it was them, to 城管) */
        int64_t unit = d->zhifa_ids[grid_street(grid)];
        if (unit == t->row.t.unit_id) unit = unit_by_code(d, "chengguan");
        return do_act(t, &d->dispatcher, GW_A_DISPATCH, NULL, unit, 0, at);
    }
    default: break;
    }
    if (!handler) return GW_E_INTERNAL; /* every unit of the demo has a handler */
    switch (s) {
    case S_SIGN: return do_act(t, handler, GW_A_SIGN, NULL, 0, 0, at);
    case S_RETURN: return do_act(t, handler, GW_A_RETURN, PICK(&d->r, return_notes), 0, 0, at);
    case S_EXTEND: return do_act(t, handler, GW_A_EXTEND, PICK(&d->r, extend_notes), 0, (int)rnd_range(&d->r, 2, 7), at);
    case S_APPROVE_EXT: return do_act(t, &d->supervisor, GW_A_APPROVE_EXTENSION, NULL, 0, 0, at);
    case S_SUSPEND: return do_act(t, &d->supervisor, GW_A_SUSPEND, PICK(&d->r, suspend_notes), 0, 0, at);
    case S_FEEDBACK: return do_act(t, handler, GW_A_FEEDBACK, PICK(&d->r, feedback_notes), 0, 0, at);
    case S_APPROVE: return do_act(t, &d->supervisor, GW_A_APPROVE, NULL, 0, 0, at);
    case S_REWORK: return do_act(t, &d->supervisor, GW_A_REWORK, "现场核查未处置到位，请重新处理。", 0, 0, at);
    default: return GW_E_INTERNAL;
    }
}

/* A category by weight (subclasses only). */
static int draw_category(rng *r)
{
    int total = 0;
    for (int i = 0; i < demo_n_cats; i++) total += demo_cats[i].weight;
    int x = (int)rnd_range(r, 0, total - 1);
    for (int i = 0; i < demo_n_cats; i++) {
        if (x < demo_cats[i].weight) return i;
        x -= demo_cats[i].weight;
    }
    return cat_index("1001");
}

static const char *draw_text(rng *r, const char *code)
{
    int n = 0;
    for (int i = 0; i < N_TEXTS; i++) n += !strcmp(texts[i].code, code);
    int k = n ? (int)(rnd(r) % (uint32_t)n) : 0;
    for (int i = 0; i < N_TEXTS; i++)
        if (!strcmp(texts[i].code, code) && k-- == 0) return texts[i].text;
    return "有问题需要处理";
}

/* Address and the place phrase that starts the description, in grid g's street. */
static void draw_place(rng *r, int g, char *addr, size_t an, char *place, size_t pn)
{
    int s = grid_street(g), c = g / GRIDS_PER_COMMUNITY;
    int ri = (int)(rnd(r) % 4);
    const char *road = roads[s][ri];
    switch (rnd(r) % 3) {
    case 0: {
        int num = (int)rnd_range(r, 1, 399);
        if (num == 100 && ri == 0 && s == 0) num = 102; /* 中山路100号 is the seed example's */
        snprintf(addr, an, "%s%d号", road, num);
        snprintf(place, pn, "%s%d号%s", road, num, rnd(r) % 2 ? "门口" : "附近");
        break;
    }
    case 1: {
        const char *cross = roads[s][(ri + 1 + (int)(rnd(r) % 3)) % 4];
        snprintf(addr, an, "%s与%s交叉口", road, cross);
        snprintf(place, pn, "%s与%s交叉口", road, cross);
        break;
    }
    default: {
        const char *lm = landmarks[c][rnd(r) % 3];
        snprintf(addr, an, "%s", lm);
        snprintf(place, pn, "%s%s", lm, PICK(r, landmark_spots));
    }
    }
}

/* A point well inside grid g (never on a shared edge). */
static void grid_point(rng *r, int g, double *lon, double *lat)
{
    int col, row;
    grid_cell(g, &col, &row);
    *lon = cell_lon(col) + CELL * (0.1 + 0.8 * rnd_unit(r));
    *lat = cell_lat(row) + CELL * (0.1 + 0.8 * rnd_unit(r));
}

/* Report one ticket and walk it through its plan. */
static gw_err one_ticket(tctx *t, int idx, int n, int64_t t0)
{
    demo *d = t->d;
    rng *r = &d->r;
    plan p = idx < N_FORCED ? forced_plans[idx] : draw_plan(r, d->now - t0);
    int ci = draw_category(r);
    const cat_def *cd = &demo_cats[ci];
    int g = (int)rnd_range(r, 0, N_GRIDS - 1);

    char addr[256], place[256], desc[1024], name[GW_DISPLAY_BUF], phone[24];
    draw_place(r, g, addr, sizeof addr, place, sizeof place);
    snprintf(desc, sizeof desc, "%s%s%s", place, draw_text(r, cd->code), PICK(r, endings));

    /* Who reports: residents mostly; staff sources get dispatched at once by auto rules, so the
     * endings before dispatch (and rejection) are residents' reports. */
    int src = (int)rnd_range(r, 0, 99);
    int early = p == P_REPORTED || p == P_ACCEPTED || p == P_INVALID;
    const char *source = early || src < 45 ? "resident" : src < 80 ? "grid_worker" : "hotline";
    gw_principal resident;
    memset(&resident, 0, sizeof resident);
    resident.role = GW_R_RESIDENT;
    snprintf(resident.div_path, sizeof resident.div_path, "/");
    const gw_principal *who = &resident;
    name[0] = phone[0] = 0;
    if (!strcmp(source, "grid_worker")) {
        who = &d->grid_workers[g];
        snprintf(name, sizeof name, "%s", who->display_name);
    } else {
        if (!strcmp(source, "hotline")) who = &d->hotline;
        if (rnd(r) % 10) { /* some residents leave no name */
            if (!strcmp(source, "hotline")) snprintf(name, sizeof name, "%s%s", pick_surname(r), rnd(r) % 2 ? "先生" : "女士");
            else fake_name(r, name, sizeof name);
        }
        fake_mobile(r, phone, sizeof phone);
    }

    gw_report rep;
    memset(&rep, 0, sizeof rep);
    rep.source = source;
    rep.category_id = d->cat_ids[ci];
    rep.has_location = 1;
    grid_point(r, g, &rep.lon, &rep.lat);
    rep.address = addr;
    rep.description = desc;
    rep.reporter_name = name[0] ? name : NULL;
    rep.reporter_phone = phone[0] ? phone : NULL;
    rep.at_ms = t0;
    gw_err e = gw_ticket_report(t->s, who, &rep, &t->row, t->msg, sizeof t->msg);
    if (e) return e;

    step steps[MAX_STEPS];
    int ns = plan_steps(p, r, steps);
    int handle_h = cd->urgency >= 3 ? cd->handle_h / 4 : cd->urgency == 2 ? cd->handle_h / 2 : cd->handle_h;
    if (handle_h < 1) handle_h = 1;
    int64_t gaps[MAX_STEPS], span = 0;
    for (int i = 0; i < ns; i++) span += gaps[i] = step_gap_ms(r, steps[i], handle_h);
    int64_t room = d->now - 10 * MINUTE - t0; /* everything happens before now */
    if (span > room && span > 0)
        for (int i = 0; i < ns; i++) gaps[i] = gaps[i] * (room > 0 ? room : 0) / span + 1000;
    int64_t at = t0;
    for (int i = 0; i < ns; i++) {
        at += gaps[i];
        if ((e = take_step(t, steps[i], g, at))) return e;
    }
    if ((p == P_CLOSED_RATED || (p == P_REWORK_CLOSED && rnd(r) % 2)) && t->row.t.state == GW_T_CLOSED) {
        int rating = (int)rnd_range(r, 1, 10);
        rating = rating <= 1 ? 2 : rating <= 3 ? 3 : rating <= 6 ? 4 : 5;
        const char *comment = rating >= 5 ? rating_comments[rnd(r) % 2] : rating == 4 ? rating_comments[2]
                              : rating_comments[3 + rnd(r) % 2];
        e = gw_ticket_rate(t->s, t->row.track_code, rating, comment, t->msg, sizeof t->msg);
    }
    return e;
}

/* The example everyone asks about: a broken manhole cover at 中山路100号, reported by a resident
 * two hours ago, accepted and routed to 市政 with 城管 copied, waiting for 市政 to sign. */
static gw_err seed_example(tctx *t)
{
    demo *d = t->d;
    gw_principal resident;
    memset(&resident, 0, sizeof resident);
    resident.role = GW_R_RESIDENT;
    snprintf(resident.div_path, sizeof resident.div_path, "/");
    char phone[24];
    fake_mobile(&d->r, phone, sizeof phone);
    gw_report rep;
    memset(&rep, 0, sizeof rep);
    rep.source = "resident";
    rep.category_id = d->cat_ids[cat_index("0101")];
    rep.has_location = 1;
    rep.lon = cell_lon(0) + CELL / 2; /* the middle of grid01 (幸福里社区第1网格, 中山街道) */
    rep.lat = cell_lat(0) + CELL / 2;
    rep.address = "中山路100号";
    rep.description = "中山路100号门口井盖破损，有行人绊倒风险";
    rep.reporter_name = "李建华";
    rep.reporter_phone = phone;
    rep.at_ms = d->now - 120 * MINUTE;
    gw_err e = gw_ticket_report(t->s, &resident, &rep, &t->row, t->msg, sizeof t->msg);
    if (!e) e = do_act(t, &d->dispatcher, GW_A_ACCEPT, NULL, 0, 0, d->now - 110 * MINUTE);
    if (!e) e = do_act(t, &d->dispatcher, GW_A_DISPATCH, NULL, 0, 0, d->now - 100 * MINUTE);
    return e;
}

static gw_err op_sweep(gw_db *tx, void *arg)
{
    int changed = 0;
    return gw_store_ticket_sweep(tx, *(int64_t *)arg, &changed);
}

gw_err demo_tickets(gw_store *s, demo *d, int n_tickets)
{
    tctx *t = calloc(1, sizeof *t);
    if (!t) return GW_E_NOMEM;
    t->d = d;
    t->s = s;
    gw_err e = GW_OK;
    /* n - 1 generated tickets spread over the last 30 days (oldest first, so ids follow time),
     * then the seed example, the newest. */
    int n_gen = n_tickets > 0 ? n_tickets - 1 : 0;
    int64_t start = d->now - 30 * GW_MS_PER_DAY, span = 30 * GW_MS_PER_DAY - 3 * GW_MS_PER_HOUR;
    for (int i = 0; !e && i < n_gen; i++) {
        int64_t slot = span / n_gen;
        int64_t t0 = start + slot * i + (int64_t)(rnd_unit(&d->r) * (double)slot * 0.9);
        e = one_ticket(t, i, n_gen, t0);
    }
    if (!e && n_tickets > 0) e = seed_example(t);
    if (!e && n_tickets > 0) e = gw_store_write(s, op_sweep, &d->now);
    free(t);
    return e;
}
