/* demo/demo_kb.c — see demo_kb.h. Made-up but realistic answers for the fictional 江临市. */
#include "demo/demo_kb.h"
#include "ops/kb_svc.h"

#include <stdlib.h>
#include <string.h>

static const gw_kb_in articles[] = {
    { "社保卡补办", "社保卡遗失请先拨打12333或在“江临人社”小程序办理挂失。补办可携带本人身份证到任一社保卡服务网点，"
      "或在小程序在线申请、邮寄到家；即时制卡网点约20分钟可取卡，补卡工本费按省定标准收取。", "人社", "社保卡,补卡,挂失,遗失", "published" },
    { "居住证办理", "在江临市居住满半年、有合法稳定就业或住所的，可凭身份证、居住登记凭证和住所证明（租房合同或房产证），"
      "到居住地派出所或街道便民服务中心申领居住证，一般15个工作日内制证。", "公安", "居住证,暂住证,积分落户", "published" },
    { "生活垃圾分类投放时间", "小区定时定点投放时间一般为早上7:00-9:00、晚上18:00-20:00，其他时间请投放到误时投放点。"
      "厨余垃圾请破袋投放，大件垃圾和装修垃圾需预约清运。具体时间以小区公示为准。", "城管", "垃圾分类,投放时间,厨余垃圾,大件垃圾", "published" },
    { "公积金提取", "租房提取可每年办理一次，凭身份证和租房合同在“江临公积金”网上办事大厅申请，审核通过后3个工作日内到账；"
      "购房、退休提取请携带相关证明到公积金中心窗口办理。", "公积金", "公积金,提取,租房", "published" },
    { "新生儿医保参保", "新生儿出生后可在医院或“江临医保”小程序办理出生一件事联办，同步完成户口登记和医保参保；"
      "出生后90天内参保的，自出生之日起享受医保待遇。", "医保", "新生儿,医保,参保,出生一件事", "published" },
    { "噪音扰民投诉受理范围", "夜间22:00至次日6:00施工噪音可由城管部门查处；社会生活噪音（邻里、广场舞）由属地派出所处理；"
      "工业噪音由生态环境部门处理。市民可拨打12345登记，我们将转办相关单位。", "城管", "噪音,扰民,施工,广场舞", "published" },
    { "停水停电查询（草稿）", "计划停水请关注江临水务公众号公告，停电查询请拨打95598。", "公用事业", "停水,停电", "draft" },
};

gw_err gw_demo_kb_load(gw_store *s)
{
    gw_principal admin;
    memset(&admin, 0, sizeof admin);
    admin.role = GW_R_ADMIN;
    gw_kb_row *row = malloc(sizeof *row);
    if (!row) return GW_E_NOMEM;
    char msg[200];
    gw_err e = GW_OK;
    for (size_t i = 0; i < sizeof articles / sizeof articles[0] && !e; i++)
        e = gw_kb_create(s, &admin, &articles[i], row, msg, sizeof msg);
    free(row);
    return e;
}
