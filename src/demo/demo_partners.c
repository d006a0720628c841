/* demo/demo_partners.c — see demo_partners.h. Made-up people and organisations of the fictional 江临市. */
#include "demo/demo_partners.h"
#include "core/resident_svc.h"
#include "base/clock.h"
#include "core/auth_store.h"
#include "partners/partner_svc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COMMUNITY "幸福里社区"

/* Residents: phone, nickname, and (when verified) the person record. */
static const struct { const char *phone, *nick, *name, *id_number, *address; } residents[] = {
    { "13800001001", "老周", "周建国", "11010519491231002X", "幸福里3幢2单元501室" },
    { "13800001002", "小林", "林晓雨", "", "幸福里7幢1单元302室" },
    { "13800001003", "王阿姨", "王秀英", "", "幸福里1幢1单元101室" },
    { "13800001004", "大刘", NULL, NULL, NULL },
    { "13800001005", "阿杰", NULL, NULL, NULL },
};

/* Partners: type, kind, name, tags (','-separated), offer, contact, then the actions taken in order. */
static const struct {
    const char *type, *kind, *name, *tags, *offer, *contact, *phone, *steps;
} partners[] = {
    { "professional", "organisation", "明理律师事务所", "法律咨询,合同审查,调解", "每月第一、三个周六上午在社区服务中心提供免费法律咨询",
      "李明理", "13905710001", "approve:licence" },
    { "resource", "organisation", "江临悦动健身房", "场地,健身指导", "工作日上午向社区老人免费开放，每周二下午提供健身指导",
      "陈悦", "13905710002", "approve:licence" },
    { "professional", "person", "赵医生（社区卫生服务站）", "义诊,慢病管理,健康讲座", "每月一次义诊和高血压、糖尿病随访",
      "赵文华", "13905710003", "approve:practice,suspend" },
    { "volunteer", "organisation", "幸福里退休老干部志愿服务队", "治安巡逻,政策宣讲,邻里调解", "每周三次夜间巡逻，重大节日值守",
      "周建国", "13800001001", "approve:reference" },
    { "volunteer", "organisation", "江临职业技术学院青年志愿者协会", "助老,课业辅导,垃圾分类宣传", "寒暑假儿童托管与课业辅导",
      "孙小北", "13905710005", "" },
    { "resource", "organisation", "幸福里便民超市", "物资捐赠,积分兑换", "米面油兑换点，节日慰问物资", "钱多多", "13905710006",
      "approve:licence,retire" },
};

static int64_t community_id(gw_store *s)
{
    gw_db *db = gw_store_read_begin(s);
    if (!db) return 0;
    gw_community_row *rows = NULL;
    size_t n = 0;
    int64_t id = 0;
    if (gw_store_community_list(db, &rows, &n) == GW_OK)
        for (size_t i = 0; i < n && !id; i++)
            if (!strcmp(rows[i].name, COMMUNITY)) id = rows[i].id;
    free(rows);
    gw_store_read_end(s, db);
    return id;
}

typedef struct {
    int64_t community;
    char pw_hash[128];      /* of "demo", like every demo account's (the published demo password) */
    int64_t staff_id;
    int64_t resident_ids[sizeof residents / sizeof residents[0]];
} accounts_op;

/* shequ01, the community's staff (a grid worker whose area is the whole community), and the residents,
 * written as the demo model's users are: with the published demo password, which no sign-up accepts. */
static gw_err op_accounts(gw_db *tx, void *arg)
{
    accounts_op *a = arg;
    gw_user_row u = { .role = GW_R_GRID_WORKER, .division_id = a->community, .demo_password = 1 };
    snprintf(u.username, sizeof u.username, "shequ01");
    snprintf(u.display_name, sizeof u.display_name, "何静（社区）");
    memcpy(u.pw_hash, a->pw_hash, sizeof u.pw_hash);
    gw_err e = gw_store_user_insert(tx, &u, gw_now_ms());
    a->staff_id = u.id;
    for (size_t i = 0; !e && i < sizeof residents / sizeof residents[0]; i++) {
        gw_resident_row r = { .division_id = a->community, .status = GW_RS_ACTIVE, .method = -1,
                              .created_ms = gw_now_ms() };
        snprintf(r.phone, sizeof r.phone, "%s", residents[i].phone);
        snprintf(r.display_name, sizeof r.display_name, "%s", residents[i].nick);
        memcpy(r.pw_hash, a->pw_hash, sizeof r.pw_hash);
        e = gw_store_resident_insert(tx, &r);
        a->resident_ids[i] = r.id;
    }
    return e;
}

static gw_err staff_principal(gw_store *s, const accounts_op *a, gw_principal *who)
{
    memset(who, 0, sizeof *who);
    who->kind = GW_PK_STAFF;
    who->user_id = a->staff_id;
    who->role = GW_R_GRID_WORKER;
    who->division_id = a->community;
    gw_db *db = gw_store_read_begin(s);
    if (!db) return GW_E_IO;
    gw_err e = gw_store_community_path(db, a->community, who->div_path, sizeof who->div_path);
    gw_store_read_end(s, db);
    return e;
}

/* Staff verify the residents with a person record. */
static gw_err verify_residents(gw_store *s, const gw_principal *staff, const accounts_op *a)
{
    gw_resident_row *row = malloc(sizeof *row);
    char msg[200];
    gw_err e = row ? GW_OK : GW_E_NOMEM;
    for (size_t i = 0; !e && i < sizeof residents / sizeof residents[0]; i++) {
        if (!residents[i].name) continue;
        gw_resident_verify_in v = { residents[i].name, residents[i].id_number, residents[i].address, "in_person",
                                    a->community };
        e = gw_resident_verify(s, staff, a->resident_ids[i], &v, row, msg, sizeof msg);
    }
    free(row);
    return e;
}

/* Take the steps ("approve:licence,suspend") on partner id. */
static gw_err take_steps(gw_store *s, const gw_principal *staff, int64_t id, const char *steps, gw_partner_row *row)
{
    char buf[64], msg[200];
    snprintf(buf, sizeof buf, "%s", steps);
    gw_err e = GW_OK;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t && !e; t = strtok_r(NULL, ",", &save)) {
        char *method = strchr(t, ':');
        if (method) *method++ = 0;
        e = gw_partner_act(s, staff, id, t, "演示数据", method, row, msg, sizeof msg);
    }
    return e;
}

static gw_err load_partners(gw_store *s, const gw_principal *staff, int64_t community)
{
    gw_partner_row *row = malloc(sizeof *row);
    char msg[200], tags[200];
    gw_err e = row ? GW_OK : GW_E_NOMEM;
    for (size_t i = 0; !e && i < sizeof partners / sizeof partners[0]; i++) {
        gw_partner_in in = { .type = partners[i].type, .kind = partners[i].kind, .name = partners[i].name,
                             .offer = partners[i].offer, .contact_name = partners[i].contact,
                             .contact_phone = partners[i].phone, .has_tags = 1, .community_id = community };
        snprintf(tags, sizeof tags, "%s", partners[i].tags);
        for (char *save = NULL, *t = strtok_r(tags, ",", &save); t && in.n_tags < GW_PARTNER_TAGS_MAX;
             t = strtok_r(NULL, ",", &save))
            in.tags[in.n_tags++] = t;
        e = gw_partner_create(s, staff, &in, row, msg, sizeof msg);
        if (!e) e = take_steps(s, staff, row->id, partners[i].steps, row);
    }
    free(row);
    return e;
}

/* 小林 applies from the H5 page as a volunteer (pending). */
static gw_err load_application(gw_store *s, int64_t community)
{
    gw_resident_signin *in = malloc(sizeof *in);
    gw_partner_row *row = malloc(sizeof *row);
    char msg[200];
    gw_err e = in && row ? gw_resident_login(s, "13800001002", "demo", "demo", in, msg, sizeof msg) : GW_E_NOMEM;
    gw_principal who;
    if (!e) e = gw_resident_session(s, in->token, &who);
    if (!e) {
        gw_partner_in p = { .type = "volunteer", .kind = "person", .name = "林晓雨", .offer = "周末可带小朋友读绘本",
                            .tags = { "儿童阅读", "助老" }, .n_tags = 2, .has_tags = 1, .community_id = community };
        e = gw_partner_apply(s, &who, &p, row, msg, sizeof msg);
    }
    if (in && !e) gw_resident_logout(s, in->token);
    free(in);
    free(row);
    return e;
}

gw_err gw_demo_partners_load(gw_store *s)
{
    accounts_op *a = calloc(1, sizeof *a);
    if (!a) return GW_E_NOMEM;
    gw_principal staff;
    gw_err e = (a->community = community_id(s)) ? gw_password_hash("demo", a->pw_hash) : GW_E_NOT_FOUND;
    if (!e) e = gw_store_write(s, op_accounts, a);
    if (!e) e = staff_principal(s, a, &staff);
    if (!e) e = verify_residents(s, &staff, a);
    if (!e) e = load_partners(s, &staff, a->community);
    if (!e) e = load_application(s, a->community);
    free(a);
    return e;
}
