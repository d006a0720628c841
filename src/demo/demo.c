/* demo/demo.c — the fictional demo city 江临市: map, units, catalogue, staff and a month of
 * tickets. All names, places, people and phone numbers are invented here. The model goes in
 * with one store operation; tickets go through the ticket service like real ones. */
#include "demo/demo.h"
#include "base/clock.h"
#include "core/audit.h"
#include "core/auth.h"
#include "ops/ticket_svc.h"
#include "core/auth_store.h"
#include "core/model_store.h"
#include "ops/catalogue_store.h"
#include "ops/ticket_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the map ----------------------------------------------------------------------------- */

#define N_DISTRICTS 2
#define N_STREETS 4
#define N_COMMUNITIES 8
#define GRIDS_PER_COMMUNITY 6
#define N_GRIDS (N_COMMUNITIES * GRIDS_PER_COMMUNITY)
#define LON0_MDEG 120100 /* millidegrees */
#define LAT0_MDEG 30200
#define CELL_MDEG 25      /* 8 x 6 cells of 0.025 degrees: lon 120.10-120.30, lat 30.20-30.35 */
#define CELL (CELL_MDEG / 1000.0)
#define N_CITY_UNITS 12
#define MINUTE INT64_C(60000)

/* Cell edges come from integer millidegrees, so neighbours share exact coordinates and every
 * edge is the double nearest to its decimal value (120.3, not 120.29999999999998). */
static double cell_lon(int col) { return (LON0_MDEG + col * CELL_MDEG) / 1000.0; }
static double cell_lat(int row) { return (LAT0_MDEG + row * CELL_MDEG) / 1000.0; }

static const char *const district_names[N_DISTRICTS] = { "明湖区", "云溪区" };
/* street s belongs to district s / 2; even streets are the southern half, odd the northern */
static const char *const street_names[N_STREETS] = { "中山街道", "望江街道", "凤凰街道", "新华街道" };
static const char *const street_keys[N_STREETS] = { "zhongshan", "wangjiang", "fenghuang", "xinhua" };
/* community c belongs to street c / 2; even communities are the western half */
static const char *const community_names[N_COMMUNITIES] = {
    "幸福里社区", "东湖社区", "江岸社区", "柳营社区", "凤鸣社区", "桂花社区", "文昌社区", "新桥社区",
};
static const char *const roads[N_STREETS][4] = {
    { "中山路", "解放路", "建设路", "东湖路" },
    { "望江路", "江滨大道", "柳营巷", "环城北路" },
    { "凤凰路", "桂花路", "体育场路", "凤栖路" },
    { "新华路", "文昌路", "学院路", "新桥街" },
};
static const char *const landmarks[N_COMMUNITIES][3] = {
    { "幸福里小区", "中山菜市场", "市第一人民医院" },
    { "东湖花园", "东湖公园", "江临中学" },
    { "江滨广场", "望江公园", "江岸新村" },
    { "柳营小学", "柳营农贸市场", "环北商厦" },
    { "凤鸣苑小区", "凤凰农贸市场", "凤栖公交站" },
    { "桂花苑小区", "体育中心", "桂花路幼儿园" },
    { "书院新村", "文昌阁", "市图书馆" },
    { "新桥公交站", "新桥菜场", "学院路地铁站口" },
};
static const char *const landmark_spots[] = { "东门", "北侧", "门口", "附近", "对面", "西侧停车场", "3幢楼下" };

/* Cells of a community: 2 columns x 3 rows. */
static void community_cell0(int c, int *col, int *row)
{
    int s = c / 2, d = s / 2;
    *col = d * 4 + (c % 2) * 2;
    *row = (s % 2) * 3;
}

static void grid_cell(int g, int *col, int *row)
{
    int c = g / GRIDS_PER_COMMUNITY, l = g % GRIDS_PER_COMMUNITY;
    community_cell0(c, col, row);
    *col += l % 2;
    *row += l / 2;
}

/* ---- units, catalogue, rules --------------------------------------------------------------- */

static const struct { const char *code, *name, *phone, *handler; } city_units[N_CITY_UNITS] = {
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
static const char *const zhifa_handlers[N_STREETS] = { "许振华", "邓磊", "彭小军", "曾国强" };

typedef struct {
    const char *code, *name;
    int dispatch_h, handle_h, verify_h, urgency;
    const char *unit; /* routing rule to this unit (code); NULL = no rule of its own */
    const char *cc;   /* CC unit codes, comma-separated */
    int review;       /* the rule is 'review': a person confirms before dispatch */
    int weight;       /* how often the demo reports it */
} cat_def;

static const cat_def cats[] = {
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
#define N_CATS ((int)(sizeof cats / sizeof cats[0]))

/* Rules for one street only (the street's own 综合执法 takes them): category, street, handle
 * hours override (0 = the category's), review. */
static const struct { const char *cat; int street; int handle_h; int review; } street_rules[] = {
    { "1001", 0, 12, 0 }, /* 中山街道: exposed rubbish goes to the street's own team, 12 hours */
    { "1301", 2, 0, 0 },  /* 凤凰街道: street vendors */
    { "1302", 1, 0, 1 },  /* 望江街道: shops trading outside, confirmed by the dispatcher first */
};
#define N_STREET_RULES ((int)(sizeof street_rules / sizeof street_rules[0]))

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

static const char *const endings[] = {
    "。", "，请尽快处理。", "，已经持续两三天了。", "，影响居民出行。", "，希望相关部门尽快处理。",
    "，存在安全隐患。", "，附近居民反映强烈。", "！",
};
static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴",
                                        "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗" };
static const char *const given[] = { "伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
                                     "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "海燕",
                                     "志强", "文博", "雨萱", "子涵" };

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

/* ---- deterministic randomness (xorshift32) ------------------------------------------------- */

typedef struct { uint32_t x; } rng;

static uint32_t rnd(rng *r)
{
    uint32_t x = r->x;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return r->x = x;
}

/* Uniform in lo..hi inclusive (hi >= lo; the modulo bias is irrelevant here). */
static int64_t rnd_range(rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rnd(r) % (uint32_t)(hi - lo + 1));
}

static double rnd_unit(rng *r) { return (rnd(r) >> 8) / 16777216.0; }

#define PICK(r, arr) ((arr)[rnd(r) % (sizeof(arr) / sizeof((arr)[0]))])

/* ---- the demo's state ---------------------------------------------------------------------- */

typedef struct {
    int64_t id;
    char path[128];
} div_ref;

typedef struct {
    rng r;
    int64_t now;
    char pw_hash[128];
    div_ref city, districts[N_DISTRICTS], streets[N_STREETS], communities[N_COMMUNITIES], grids[N_GRIDS];
    int64_t unit_ids[N_CITY_UNITS], zhifa_ids[N_STREETS];
    int64_t cat_ids[N_CATS];
    gw_principal admin, dispatcher, supervisor, hotline, auditor;
    gw_principal grid_workers[N_GRIDS];
    gw_principal handlers[N_CITY_UNITS + N_STREETS]; /* city units, then the streets' teams */
    int n_rules, n_users;
} demo;

static int64_t unit_by_code(const demo *d, const char *code)
{
    for (int i = 0; i < N_CITY_UNITS; i++)
        if (!strcmp(city_units[i].code, code)) return d->unit_ids[i];
    return 0;
}

static int cat_index(const char *code)
{
    for (int i = 0; i < N_CATS; i++)
        if (!strcmp(cats[i].code, code)) return i;
    return -1;
}

static const gw_principal *handler_of(const demo *d, int64_t unit_id)
{
    for (int i = 0; i < N_CITY_UNITS + N_STREETS; i++)
        if (d->handlers[i].unit_id == unit_id) return &d->handlers[i];
    return NULL;
}

static void fake_name(rng *r, char *out, size_t n)
{
    snprintf(out, n, "%s%s", PICK(r, surnames), PICK(r, given));
}

static void fake_mobile(rng *r, char *out, size_t n)
{
    static const char *const prefixes[] = { "139", "138", "137", "135", "158", "187", "189", "136" };
    snprintf(out, n, "%s%04u%04u", PICK(r, prefixes), (unsigned)(rnd(r) % 10000), (unsigned)(rnd(r) % 10000));
}

/* ---- the model: one store operation -------------------------------------------------------- */

static json_t *rect(int col0, int row0, int col1, int row1)
{
    double x0 = cell_lon(col0), y0 = cell_lat(row0), x1 = cell_lon(col1), y1 = cell_lat(row1);
    return json_pack("{s:s,s:[[[f,f],[f,f],[f,f],[f,f],[f,f]]]}", "type", "Polygon", "coordinates",
                     x0, y0, x1, y0, x1, y1, x0, y1, x0, y0);
}

static gw_err add_division(gw_db *tx, demo *d, int64_t parent, const char *level, const char *code,
                           const char *name, json_t *geom, div_ref *out)
{
    gw_division_row row;
    memset(&row, 0, sizeof row);
    row.parent_id = parent;
    snprintf(row.level, sizeof row.level, "%s", level);
    snprintf(row.code, sizeof row.code, "%s", code);
    snprintf(row.name, sizeof row.name, "%s", name);
    row.geometry = geom;
    gw_err e = geom ? gw_store_division_insert(tx, &row, d->now) : GW_E_NOMEM;
    json_decref(geom);
    if (e) return e;
    out->id = row.id;
    snprintf(out->path, sizeof out->path, "%s", row.path);
    return GW_OK;
}

static gw_err model_divisions(gw_db *tx, demo *d)
{
    gw_err e = add_division(tx, d, 0, "city", "339900", "江临市", rect(0, 0, 8, 6), &d->city);
    for (int i = 0; !e && i < N_DISTRICTS; i++) {
        char code[32];
        snprintf(code, sizeof code, "3399%02d", i + 1);
        e = add_division(tx, d, d->city.id, "district", code, district_names[i], rect(i * 4, 0, i * 4 + 4, 6),
                         &d->districts[i]);
    }
    for (int s = 0; !e && s < N_STREETS; s++) {
        char code[32];
        int dist = s / 2, col = dist * 4, row = (s % 2) * 3;
        snprintf(code, sizeof code, "3399%02d%03d", dist + 1, s % 2 + 1);
        e = add_division(tx, d, d->districts[dist].id, "street", code, street_names[s], rect(col, row, col + 4, row + 3),
                         &d->streets[s]);
    }
    for (int c = 0; !e && c < N_COMMUNITIES; c++) {
        char code[32];
        int s = c / 2, col, row;
        community_cell0(c, &col, &row);
        snprintf(code, sizeof code, "3399%02d%03d%03d", s / 2 + 1, s % 2 + 1, c % 2 + 1);
        e = add_division(tx, d, d->streets[s].id, "community", code, community_names[c],
                         rect(col, row, col + 2, row + 3), &d->communities[c]);
    }
    for (int g = 0; !e && g < N_GRIDS; g++) {
        char code[32], name[128];
        int c = g / GRIDS_PER_COMMUNITY, s = c / 2, col, row;
        grid_cell(g, &col, &row);
        snprintf(code, sizeof code, "3399%02d%03d%03d%02d", s / 2 + 1, s % 2 + 1, c % 2 + 1, g % GRIDS_PER_COMMUNITY + 1);
        snprintf(name, sizeof name, "%s第%d网格", community_names[c], g % GRIDS_PER_COMMUNITY + 1);
        e = add_division(tx, d, d->communities[c].id, "grid", code, name, rect(col, row, col + 1, row + 1), &d->grids[g]);
    }
    return e;
}

static gw_err add_unit(gw_db *tx, demo *d, const char *code, const char *name, const char *level, int64_t div,
                       const char *phone, int64_t *id)
{
    gw_unit_row u;
    memset(&u, 0, sizeof u);
    snprintf(u.code, sizeof u.code, "%s", code);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.level, sizeof u.level, "%s", level);
    snprintf(u.phone, sizeof u.phone, "%s", phone);
    u.division_id = div;
    u.enabled = 1;
    gw_err e = gw_store_unit_insert(tx, &u, d->now);
    *id = u.id;
    return e;
}

static gw_err set_fallback(gw_db *tx, int64_t division, int64_t unit)
{
    gw_division_row row;
    gw_err e = gw_store_division_get(tx, division, &row);
    if (e) return e;
    row.fallback_unit_id = unit;
    e = gw_store_division_update(tx, &row);
    json_decref(row.geometry);
    return e;
}

static gw_err model_units(gw_db *tx, demo *d)
{
    gw_err e = GW_OK;
    for (int i = 0; !e && i < N_CITY_UNITS; i++)
        e = add_unit(tx, d, city_units[i].code, city_units[i].name, "city", d->city.id, city_units[i].phone,
                     &d->unit_ids[i]);
    for (int s = 0; !e && s < N_STREETS; s++) {
        char code[32], name[128], phone[16];
        snprintf(code, sizeof code, "zhifa_%s", street_keys[s]);
        snprintf(name, sizeof name, "%s综合行政执法队", street_names[s]);
        snprintf(phone, sizeof phone, "880020%02d", s + 1);
        e = add_unit(tx, d, code, name, "street", d->streets[s].id, phone, &d->zhifa_ids[s]);
        if (!e) e = set_fallback(tx, d->streets[s].id, d->zhifa_ids[s]);
    }
    if (!e) e = set_fallback(tx, d->city.id, unit_by_code(d, "chengguan"));
    return e;
}

static gw_err add_rule(gw_db *tx, demo *d, int64_t cat, int64_t div, int64_t unit, const char *cc, int handle_h,
                       int review)
{
    gw_route_rule r;
    memset(&r, 0, sizeof r);
    r.category_id = cat;
    r.division_id = div;
    r.unit_id = unit;
    r.handle_ms_override = (int64_t)handle_h * GW_MS_PER_HOUR;
    r.mode = review ? GW_ROUTE_REVIEW : GW_ROUTE_AUTO;
    r.enabled = 1;
    while (cc && *cc && r.n_cc < GW_ROUTE_MAX_CC) {
        char code[32];
        size_t n = strcspn(cc, ",");
        snprintf(code, sizeof code, "%.*s", (int)n, cc);
        if (!(r.cc_unit_ids[r.n_cc++] = unit_by_code(d, code))) return GW_E_INTERNAL; /* a typo in the table */
        cc += n + (cc[n] == ',');
    }
    gw_err e = gw_store_rule_insert(tx, &r, d->now);
    if (!e) d->n_rules++;
    return e;
}

static gw_err model_catalogue(gw_db *tx, demo *d)
{
    gw_err e = GW_OK;
    for (int i = 0; !e && i < N_CATS; i++) {
        gw_category_row c;
        memset(&c, 0, sizeof c);
        snprintf(c.code, sizeof c.code, "%s", cats[i].code);
        snprintf(c.name, sizeof c.name, "%s", cats[i].name);
        snprintf(c.kind, sizeof c.kind, "%s", cats[i].code[0] == '0' ? "part" : "event");
        c.dispatch_hours = cats[i].dispatch_h;
        c.handle_hours = cats[i].handle_h;
        c.verify_hours = cats[i].verify_h;
        c.default_urgency = cats[i].urgency;
        c.open311 = 1;
        c.enabled = 1;
        e = gw_store_category_insert(tx, &c, d->now);
        d->cat_ids[i] = c.id;
        if (!e && cats[i].unit) {
            int64_t unit = unit_by_code(d, cats[i].unit);
            e = unit ? add_rule(tx, d, c.id, 0, unit, cats[i].cc, 0, cats[i].review) : GW_E_INTERNAL;
        }
    }
    for (int i = 0; !e && i < N_STREET_RULES; i++) {
        int k = cat_index(street_rules[i].cat);
        int s = street_rules[i].street;
        e = k < 0 ? GW_E_INTERNAL
                  : add_rule(tx, d, d->cat_ids[k], d->streets[s].id, d->zhifa_ids[s], NULL, street_rules[i].handle_h,
                             street_rules[i].review);
    }
    return e;
}

/* Insert a user and describe it as the principal the service will see. */
static gw_err add_user(gw_db *tx, demo *d, const char *username, const char *display, gw_role role,
                       const div_ref *scope, int64_t unit, gw_principal *who)
{
    gw_user_row u;
    memset(&u, 0, sizeof u);
    snprintf(u.username, sizeof u.username, "%s", username);
    snprintf(u.display_name, sizeof u.display_name, "%s", display);
    fake_mobile(&d->r, u.phone, sizeof u.phone);
    u.role = role;
    u.division_id = scope ? scope->id : 0;
    u.unit_id = unit;
    memcpy(u.pw_hash, d->pw_hash, sizeof u.pw_hash);
    u.demo_password = 1;
    gw_err e = gw_store_user_insert(tx, &u, d->now);
    if (e) return e;
    d->n_users++;
    memset(who, 0, sizeof *who);
    who->user_id = u.id;
    who->role = role;
    who->unit_id = unit;
    who->division_id = u.division_id;
    snprintf(who->div_path, sizeof who->div_path, "%s", scope ? scope->path : "/");
    snprintf(who->username, sizeof who->username, "%s", u.username);
    snprintf(who->display_name, sizeof who->display_name, "%s", u.display_name);
    who->demo_password = 1;
    return GW_OK;
}

static gw_err model_users(gw_db *tx, demo *d)
{
    gw_err e = add_user(tx, d, "admin", "系统管理员", GW_R_ADMIN, &d->city, 0, &d->admin);
    if (!e) e = add_user(tx, d, "dispatcher", "陈晓东", GW_R_DISPATCHER, &d->city, 0, &d->dispatcher);
    if (!e) e = add_user(tx, d, "supervisor", "林慧", GW_R_SUPERVISOR, &d->city, 0, &d->supervisor);
    if (!e) e = add_user(tx, d, "hotline", "赵静", GW_R_HOTLINE_OPERATOR, &d->city, 0, &d->hotline);
    if (!e) e = add_user(tx, d, "auditor", "孙立", GW_R_AUDITOR, &d->city, 0, &d->auditor);
    for (int g = 0; !e && g < N_GRIDS; g++) {
        char username[16], name[64];
        snprintf(username, sizeof username, "grid%02d", g + 1);
        fake_name(&d->r, name, sizeof name);
        e = add_user(tx, d, username, name, GW_R_GRID_WORKER, &d->grids[g], 0, &d->grid_workers[g]);
    }
    for (int i = 0; !e && i < N_CITY_UNITS; i++)
        e = add_user(tx, d, city_units[i].code, city_units[i].handler, GW_R_UNIT_HANDLER, NULL, d->unit_ids[i],
                     &d->handlers[i]);
    for (int s = 0; !e && s < N_STREETS; s++) {
        char username[32];
        snprintf(username, sizeof username, "zhifa_%s", street_keys[s]);
        e = add_user(tx, d, username, zhifa_handlers[s], GW_R_UNIT_HANDLER, NULL, d->zhifa_ids[s],
                     &d->handlers[N_CITY_UNITS + s]);
    }
    return e;
}

static gw_err op_model(gw_db *tx, void *arg)
{
    demo *d = arg;
    gw_err e = model_divisions(tx, d);
    if (!e) e = model_units(tx, d);
    if (!e) e = model_catalogue(tx, d);
    if (!e) e = model_users(tx, d);
    if (e) return e;
    char detail[160];
    snprintf(detail, sizeof detail, "{\"divisions\":%d,\"units\":%d,\"categories\":%d,\"rules\":%d,\"users\":%d}",
             1 + N_DISTRICTS + N_STREETS + N_COMMUNITIES + N_GRIDS, N_CITY_UNITS + N_STREETS, N_CATS, d->n_rules,
             d->n_users);
    return gw_audit_append(tx, d->now, 0, "demo.load", "demo:江临市", detail);
}

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
    for (int i = 0; i < N_CATS; i++) total += cats[i].weight;
    int x = (int)rnd_range(r, 0, total - 1);
    for (int i = 0; i < N_CATS; i++) {
        if (x < cats[i].weight) return i;
        x -= cats[i].weight;
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
    const cat_def *cd = &cats[ci];
    int g = (int)rnd_range(r, 0, N_GRIDS - 1);

    char addr[256], place[256], desc[1024], name[64], phone[24];
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
            if (!strcmp(source, "hotline")) snprintf(name, sizeof name, "%s%s", PICK(r, surnames), rnd(r) % 2 ? "先生" : "女士");
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

gw_err gw_demo_load(gw_store *s, int n_tickets, uint32_t seed)
{
    if (!s || n_tickets < 0 || n_tickets > 100000) return GW_E_INVALID;
    demo *d = calloc(1, sizeof *d);
    if (!d) return GW_E_NOMEM;
    d->r.x = seed ? seed : 0x9E3779B9u; /* xorshift must not start at 0 */
    for (int i = 0; i < 8; i++) rnd(&d->r);
    d->now = gw_now_ms();
    gw_err e = gw_password_hash("demo", d->pw_hash); /* once: every demo user shares it */
    if (!e && !(e = gw_store_write(s, op_model, d))) e = gw_demo_places_load(s); /* demo/demo_places.c */

    tctx *t = e ? NULL : calloc(1, sizeof *t);
    if (!e && !t) e = GW_E_NOMEM;
    if (t) { t->d = d; t->s = s; }
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
    free(d);
    return e;
}
