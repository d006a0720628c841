/* demo/demo_city.c — the fictional demo city 江临市 as data: its map, units, catalogue and the
 * streets' own rules. All names, places and phone numbers are invented here. */
#include "demo/demo_city.h"

#include <stdio.h>
#include <string.h>

/* ---- the map ------------------------------------------------------------------------------ */

const char *const district_names[N_DISTRICTS] = { "明湖区", "云溪区" };
const char *const street_names[N_STREETS] = { "中山街道", "望江街道", "凤凰街道", "新华街道" };
const char *const street_keys[N_STREETS] = { "zhongshan", "wangjiang", "fenghuang", "xinhua" };
const char *const community_names[N_COMMUNITIES] = {
    "幸福里社区", "东湖社区", "江岸社区", "柳营社区", "凤鸣社区", "桂花社区", "文昌社区", "新桥社区",
};
const char *const roads[N_STREETS][4] = {
    { "中山路", "解放路", "建设路", "东湖路" },
    { "望江路", "江滨大道", "柳营巷", "环城北路" },
    { "凤凰路", "桂花路", "体育场路", "凤栖路" },
    { "新华路", "文昌路", "学院路", "新桥街" },
};
const char *const landmarks[N_COMMUNITIES][3] = {
    { "幸福里小区", "中山菜市场", "市第一人民医院" },
    { "东湖花园", "东湖公园", "江临中学" },
    { "江滨广场", "望江公园", "江岸新村" },
    { "柳营小学", "柳营农贸市场", "环北商厦" },
    { "凤鸣苑小区", "凤凰农贸市场", "凤栖公交站" },
    { "桂花苑小区", "体育中心", "桂花路幼儿园" },
    { "书院新村", "文昌阁", "市图书馆" },
    { "新桥公交站", "新桥菜场", "学院路地铁站口" },
};

/* Cells of a community: 2 columns x 3 rows. */
void community_cell0(int c, int *col, int *row)
{
    int s = c / 2, d = s / 2;
    *col = d * 4 + (c % 2) * 2;
    *row = (s % 2) * 3;
}

void grid_cell(int g, int *col, int *row)
{
    int c = g / GRIDS_PER_COMMUNITY, l = g % GRIDS_PER_COMMUNITY;
    community_cell0(c, col, row);
    *col += l % 2;
    *row += l / 2;
}

/* ---- units, catalogue, rules --------------------------------------------------------------- */

const city_unit city_units[N_CITY_UNITS] = {
    { "shizheng", "江临市市政设施管理中心", "88001001", "周建国" },
    { "shuiwu", "江临市水务集团", "88001002", "吴海波" },
    { "dianli", "江临供电公司", "88001003", "郑立新" },
    { "ranqi", "江临燃气公司", "88001004", "冯晓燕" },
    { "chengguan", "江临市城市管理局", "88001005", "何志刚" },
    { "huanbao", "江临市生态环境局", "88001006", "罗丽萍" },
    { "jiaotong", "江临市交通运输局", "88001007", "高俊" },
    { "yuanlin", "江临市园林绿化局", "88001008", "梁春梅" },
    { "zhujian", "江临市住房和城乡建设局", "88001009", "宋文斌" },
    { "gongan", "江临市公安局", "88001010", "唐剑" },
    { "shichang", "江临市市场监督管理局", "88001011", "韩雪" },
    { "weijian", "江临市卫生健康委员会", "88001012", "曹医生" },
};
const char *const zhifa_handlers[N_STREETS] = { "许振华", "邓磊", "彭小军", "曾国强" };

const cat_def demo_cats[] = {
    /* 部件 */
    { "01", "公用设施", 2, 72, 24, 1, NULL, NULL, 0, 0 },
    { "0101", "上水井盖", 2, 48, 24, 2, "shizheng", "chengguan", 0, 5 },
    { "0102", "污水井盖", 2, 48, 24, 2, "shizheng", "chengguan", 0, 4 },
    { "0103", "雨水井盖", 2, 48, 24, 2, "shizheng", "chengguan", 0, 4 },
    { "0104", "电力井盖", 2, 48, 24, 2, "shizheng", "chengguan", 0, 2 },
    { "0105", "燃气井盖", 2, 24, 24, 2, "shizheng", "chengguan", 0, 2 },
    { "0106", "路灯", 4, 72, 24, 1, "shizheng", NULL, 0, 6 },
    { "0107", "消防栓", 2, 48, 24, 2, "shuiwu", NULL, 0, 2 },
    { "0108", "电力设施", 2, 48, 24, 2, "dianli", NULL, 0, 2 },
    { "0109", "燃气设施", 2, 48, 24, 2, "ranqi", NULL, 0, 1 },
    { "0110", "供水管道", 2, 24, 24, 2, "shuiwu", NULL, 0, 2 },
    { "02", "道路交通", 2, 72, 24, 1, NULL, NULL, 0, 0 },
    { "0201", "交通信号灯", 1, 24, 24, 2, "gongan", "jiaotong", 0, 3 },
    { "0202", "交通标志牌", 4, 72, 24, 1, "jiaotong", NULL, 0, 2 },
    { "0203", "道路护栏", 4, 72, 24, 1, "shizheng", NULL, 0, 2 },
    { "0204", "公交站亭", 4, 120, 24, 1, "jiaotong", NULL, 0, 2 },
    { "0205", "人行道板", 4, 120, 24, 1, "shizheng", NULL, 0, 5 },
    { "0206", "隔离墩", 4, 72, 24, 1, "jiaotong", NULL, 0, 1 },
    { "0207", "停车泊位", 4, 120, 24, 1, "chengguan", NULL, 0, 1 },
    { "03", "市容环境", 2, 72, 24, 1, NULL, NULL, 0, 0 },
    { "0301", "公共厕所", 2, 48, 24, 1, "chengguan", NULL, 0, 2 },
    { "0302", "垃圾箱", 2, 48, 24, 1, "chengguan", NULL, 0, 3 },
    { "0303", "垃圾中转站", 2, 48, 24, 1, "chengguan", "huanbao", 0, 1 },
    { "0304", "广告牌匾", 2, 72, 24, 1, "chengguan", NULL, 0, 2 },
    { "0305", "公共座椅", 4, 120, 24, 1, "yuanlin", NULL, 0, 1 },
    { "04", "园林绿化", 4, 120, 24, 1, NULL, NULL, 0, 0 },
    { "0401", "古树名木", 2, 72, 24, 2, "yuanlin", NULL, 0, 1 },
    { "0402", "行道树", 4, 120, 24, 1, "yuanlin", NULL, 0, 3 },
    { "0403", "绿地", 4, 168, 24, 1, "yuanlin", NULL, 0, 2 },
    { "0404", "护树设施", 4, 120, 24, 1, "yuanlin", NULL, 0, 1 },
    { "0405", "雕塑", 4, 168, 24, 1, "yuanlin", NULL, 0, 1 },
    { "05", "房屋土地", 4, 120, 48, 1, NULL, NULL, 0, 0 },
    { "0501", "危旧房屋", 2, 72, 48, 2, "zhujian", "chengguan", 1, 1 },
    { "0502", "建筑工地围挡", 2, 48, 24, 1, "zhujian", NULL, 0, 1 },
    { "0503", "房屋外立面", 4, 168, 48, 1, "zhujian", NULL, 0, 1 },
    { "06", "其他设施", 4, 120, 24, 1, NULL, NULL, 0, 0 },
    { "0601", "健身设施", 4, 120, 24, 1, "yuanlin", NULL, 0, 2 },
    { "0602", "监控电子眼", 4, 72, 24, 1, "gongan", NULL, 0, 1 },
    { "0603", "充电桩", 4, 72, 24, 1, "dianli", NULL, 0, 2 },
    /* 事件 */
    { "10", "市容环境", 2, 48, 24, 1, "chengguan", NULL, 0, 0 },
    { "1001", "暴露垃圾", 2, 24, 24, 1, "chengguan", NULL, 0, 8 },
    { "1002", "积存垃圾渣土", 2, 48, 24, 1, "chengguan", NULL, 0, 3 },
    { "1003", "道路不洁", 2, 24, 24, 1, "chengguan", NULL, 0, 6 },
    { "1004", "水域不洁", 2, 48, 24, 1, "huanbao", "shuiwu", 0, 2 },
    { "1005", "绿地脏乱", 2, 48, 24, 1, "yuanlin", NULL, 0, 2 },
    { "1006", "焚烧垃圾树叶", 1, 12, 24, 2, "huanbao", "chengguan", 0, 1 },
    { "1007", "油烟污染", 2, 72, 24, 1, "huanbao", NULL, 0, 3 },
    { "11", "宣传广告", 2, 48, 24, 1, NULL, NULL, 0, 0 },
    { "1101", "非法小广告", 2, 48, 24, 1, "chengguan", NULL, 0, 6 },
    { "1102", "违章张贴悬挂", 2, 48, 24, 1, "chengguan", NULL, 0, 2 },
    { "1103", "占道广告牌", 2, 48, 24, 1, "chengguan", NULL, 0, 2 },
    { "12", "施工管理", 2, 48, 24, 1, NULL, NULL, 0, 0 },
    { "1201", "施工扰民", 1, 24, 24, 1, "huanbao", "zhujian", 0, 5 },
    { "1202", "施工废弃料", 2, 48, 24, 1, "zhujian", NULL, 0, 2 },
    { "1203", "道路遗撒", 2, 24, 24, 1, "chengguan", NULL, 0, 3 },
    { "1204", "违规占道施工", 2, 48, 24, 1, "chengguan", "jiaotong", 0, 2 },
    { "1205", "违法建设", 4, 168, 48, 1, "chengguan", "zhujian", 1, 2 },
    { "13", "街面秩序", 2, 24, 24, 1, "chengguan", NULL, 0, 0 },
    { "1301", "无照经营游商", 2, 24, 24, 1, "chengguan", NULL, 0, 6 },
    { "1302", "店外经营", 2, 24, 24, 1, "chengguan", NULL, 0, 6 },
    { "1303", "占道废品收购", 2, 48, 24, 1, "chengguan", NULL, 0, 2 },
    { "1304", "机动车乱停放", 1, 12, 24, 1, "gongan", NULL, 0, 6 },
    { "1305", "非机动车乱停放", 2, 24, 24, 1, "chengguan", NULL, 0, 5 },
    { "1306", "露天烧烤", 1, 12, 24, 1, "chengguan", "huanbao", 0, 3 },
    { "1307", "餐饮卫生", 2, 72, 24, 1, "shichang", NULL, 0, 2 },
    { "1308", "噪声扰民", 1, 12, 24, 1, "gongan", NULL, 0, 4 },
    { "14", "突发事件", 1, 8, 12, 3, NULL, NULL, 0, 0 },
    { "1401", "路面塌陷", 1, 8, 12, 3, "shizheng", "jiaotong,gongan", 0, 1 },
    { "1402", "自来水管爆裂", 1, 8, 12, 3, "shuiwu", "shizheng", 0, 1 },
    { "1403", "燃气泄漏", 1, 4, 12, 3, "ranqi", "gongan", 0, 1 },
    { "1404", "道路积水", 1, 12, 12, 2, "shuiwu", "shizheng", 0, 3 },
    { "1405", "倒伏树木", 1, 12, 12, 2, "yuanlin", "jiaotong", 0, 1 },
    { "1406", "公共卫生事件", 1, 24, 24, 3, "weijian", "shichang", 1, 1 },
    { "1407", "食品安全", 2, 48, 24, 2, "shichang", "weijian", 1, 1 },
    { "1408", "电力故障", 1, 12, 12, 2, "dianli", NULL, 0, 2 },
};
const int demo_n_cats = (int)(sizeof demo_cats / sizeof demo_cats[0]);
_Static_assert(sizeof demo_cats / sizeof demo_cats[0] <= MAX_CATS, "MAX_CATS is too small for the catalogue");

const street_rule street_rules[] = {
    { "1001", 0, 12, 0 }, /* 中山街道: exposed rubbish goes to the street's own team, 12 hours */
    { "1301", 2, 0, 0 },  /* 凤凰街道: street vendors */
    { "1302", 1, 0, 1 },  /* 望江街道: shops trading outside, confirmed by the dispatcher first */
};
const int n_street_rules = (int)(sizeof street_rules / sizeof street_rules[0]);

/* ---- people ------------------------------------------------------------------------------- */

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                                        "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗" };
static const char *const given[] = { "伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
                                     "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "海燕",
                                     "志强", "文博", "雨萱", "子涵" };

const char *pick_surname(rng *r) { return PICK(r, surnames); }

void fake_name(rng *r, char *out, size_t n)
{
    snprintf(out, n, "%s%s", PICK(r, surnames), PICK(r, given));
}

void fake_mobile(rng *r, char *out, size_t n)
{
    static const char *const prefixes[] = { "139", "138", "137", "135", "158", "187", "189", "136" };
    snprintf(out, n, "%s%04u%04u", PICK(r, prefixes), (unsigned)(rnd(r) % 10000), (unsigned)(rnd(r) % 10000));
}

/* ---- lookups ------------------------------------------------------------------------------ */

int64_t unit_by_code(const demo *d, const char *code)
{
    for (int i = 0; i < N_CITY_UNITS; i++)
        if (!strcmp(city_units[i].code, code)) return d->unit_ids[i];
    return 0;
}

int cat_index(const char *code)
{
    for (int i = 0; i < demo_n_cats; i++)
        if (!strcmp(demo_cats[i].code, code)) return i;
    return -1;
}

const gw_principal *handler_of(const demo *d, int64_t unit_id)
{
    for (int i = 0; i < N_CITY_UNITS + N_STREETS; i++)
        if (d->handlers[i].unit_id == unit_id) return &d->handlers[i];
    return NULL;
}
