/* demo/demo_projects.c — see demo_projects.h. Made-up needs and projects of the fictional 江临市. */
#include "demo/demo_projects.h"
#include "base/clock.h"
#include "base/log.h"
#include "core/auth.h"
#include "core/resident_svc.h"
#include "partners/partner_svc.h"
#include "partners/project_svc.h"
#include "partners/survey_svc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY (24LL * 3600 * 1000)

/* Who acts: shequ01 and the residents (13800001001.. of demo/demo_partners.c). */
typedef struct {
    gw_principal staff, res[5];
    char staff_token[72], res_token[5][72];
    int64_t community;
    char msg[200];
} actors;

static gw_err sign_in(gw_store *s, actors *a)
{
    gw_login in = { "shequ01", "demo", "127.0.0.1" };
    int64_t retry;
    gw_err e = gw_auth_login(s, &in, a->staff_token, &a->staff, &retry);
    a->community = a->staff.division_id;
    gw_resident_signin *r = malloc(sizeof *r);
    if (!r) return GW_E_NOMEM;
    for (int i = 0; !e && i < 5; i++) {
        char phone[16];
        snprintf(phone, sizeof phone, "1380000100%d", i + 1);
        e = gw_resident_login(s, phone, "demo", "127.0.0.1", r, a->msg, sizeof a->msg);
        if (!e) snprintf(a->res_token[i], sizeof a->res_token[i], "%s", r->token);
        if (!e) e = gw_resident_session(s, r->token, &a->res[i]);
    }
    free(r);
    return e;
}

static void sign_out(gw_store *s, actors *a)
{
    if (a->staff_token[0]) gw_auth_logout(s, a->staff_token);
    for (int i = 0; i < 5; i++)
        if (a->res_token[i][0]) gw_resident_logout(s, a->res_token[i]);
}

/* The survey and four residents' answers; the visit. *survey, *visit: their ids. */
static gw_err needs(gw_store *s, actors *a, int64_t *survey, int64_t *visit)
{
    static const char *const answers[] = { "[0,[0,2],\"希望多办防诈骗讲座\"]", "[1,[1],\"暑假孩子没人看\"]",
                                           "[0,[0],\"\"]", "[0,[0,1],\"\"]" };
    char opens[32], closes[32];
    int64_t now = gw_now_ms();
    gw_clock_iso8601(now - 7 * DAY, opens, sizeof opens);
    gw_clock_iso8601(now + 23 * DAY, closes, sizeof closes);
    json_t *qs = json_loads("[{\"type\":\"single\",\"prompt\":\"您家中是否有 60 岁以上的老人？\",\"options\":[\"有\",\"没有\"]},"
                            "{\"type\":\"multi\",\"prompt\":\"您最希望社区开展哪些服务？\",\"options\":[\"长者智能手机培训\","
                            "\"儿童暑期托管\",\"社区花园共建\"]},{\"type\":\"text\",\"prompt\":\"其他建议\"}]", 0, NULL);
    gw_survey_in in = { a->community, "幸福里社区 2026 年服务需求调查", "您的意见将决定社区今年开展哪些项目。", opens, closes, qs };
    gw_err e = qs ? gw_survey_create(s, &a->staff, &in, survey, a->msg, sizeof a->msg) : GW_E_NOMEM;
    json_decref(qs);
    for (int i = 0; !e && i < 4; i++) {
        json_t *ans = json_loads(answers[i], 0, NULL);
        e = ans ? gw_survey_answer(s, &a->res[i == 3 ? 4 : i], *survey, ans, a->msg, sizeof a->msg) : GW_E_NOMEM;
        json_decref(ans);
    }
    gw_visit_in v = { .community_id = a->community, .household = "张德明", .address = "幸福里5幢3单元602室",
                      .note = "独居老人，不会用智能手机挂号和视频通话，希望有人手把手教", .categories = { "助老", "数字技能" },
                      .n_categories = 2 };
    gw_visit_row *row = malloc(sizeof *row);
    if (!e) e = row ? gw_visit_create(s, &a->staff, &v, row, a->msg, sizeof a->msg) : GW_E_NOMEM;
    if (!e) *visit = row->id;
    free(row);
    return e;
}

/* 王阿姨 and 大刘 apply as volunteer partners and are approved. */
static gw_err partners(gw_store *s, actors *a)
{
    static const char *const names[] = { "王秀英", "刘大伟" };
    gw_partner_row *row = malloc(sizeof *row);
    gw_err e = row ? GW_OK : GW_E_NOMEM;
    for (int i = 0; !e && i < 2; i++) {
        gw_partner_in p = { .type = "volunteer", .kind = "person", .name = names[i], .offer = "会用智能手机，愿意教老人",
                            .tags = { "助老", "数字技能" }, .n_tags = 2, .has_tags = 1, .community_id = a->community };
        e = gw_partner_apply(s, &a->res[2 + i], &p, row, a->msg, sizeof a->msg);
        if (!e) e = gw_partner_act(s, &a->staff, row->id, "approve", "社区推荐", "reference", row, a->msg, sizeof a->msg);
    }
    free(row);
    return e;
}

static gw_err new_project(gw_store *s, actors *a, const char *title, const char *goals, int64_t budget, int64_t survey,
                          int64_t visit, int64_t *id)
{
    char starts[32], ends[32];
    int64_t now = gw_now_ms();
    gw_clock_iso8601(now - 30 * DAY, starts, sizeof starts);
    gw_clock_iso8601(now + 30 * DAY, ends, sizeof ends);
    gw_project_in in = { .community_id = a->community, .budget = budget, .capacity = 30, .survey_id = survey,
                         .title = title, .goals = goals, .starts_at = starts, .ends_at = ends, .n_visits = visit ? 1 : 0,
                         .visit_ids = { visit } };
    gw_err e = gw_project_create(s, &a->staff, &in, id, a->msg, sizeof a->msg);
    return e ? e : gw_project_act(s, &a->staff, *id, "publish", NULL, NULL, a->msg, sizeof a->msg);
}

/* The first project's claims and progress, up to delivered. */
static gw_err deliver(gw_store *s, actors *a, int64_t id)
{
    gw_project_detail *d = malloc(sizeof *d);
    gw_err e = d ? GW_OK : GW_E_NOMEM;
    if (!e) e = gw_project_claim(s, &a->res[2], id, "每周六上午两小时，一对一教老人用手机挂号", a->msg, sizeof a->msg);
    if (!e) e = gw_project_claim(s, &a->res[3], id, "带两台旧手机做教具，教视频通话", a->msg, sizeof a->msg);
    gw_db *db = e ? NULL : gw_store_read_begin(s);
    if (!e && !db) e = GW_E_IO;
    if (db) {
        e = gw_project_get(db, &a->staff, id, d, a->msg, sizeof a->msg);
        gw_store_read_end(s, db);
    }
    for (size_t i = 0; !e && i < d->n_claims; i++)
        e = gw_project_decide(s, &a->staff, id, d->claims[i].id, "approve", "经验丰富", a->msg, sizeof a->msg);
    free(d);
    if (!e) e = gw_project_act(s, &a->staff, id, "start", NULL, NULL, a->msg, sizeof a->msg);
    if (!e) e = gw_project_progress(s, &a->res[2], id, "第一课：12 位老人学会了视频通话", NULL, 0, a->msg, sizeof a->msg);
    if (!e) e = gw_project_progress(s, &a->res[3], id, "第二课：教会 15 位老人在手机上挂号", NULL, 0, a->msg, sizeof a->msg);
    return e ? e : gw_project_act(s, &a->staff, id, "deliver", NULL, NULL, a->msg, sizeof a->msg);
}

/* Representatives 老周 and 小林, community staff and a third party score it; the result is published. */
static gw_err evaluate(gw_store *s, actors *a, int64_t id)
{
    int64_t reps[] = { a->res[0].resident_id, a->res[1].resident_id };
    gw_err e = gw_project_set_reps(s, &a->staff, id, reps, 2, a->msg, sizeof a->msg);
    if (!e) e = gw_project_score(s, &a->res[0], id, NULL, NULL, (int[]){ 90, 80, 70, 60 }, 4, "老师很耐心", a->msg, sizeof a->msg);
    if (!e) e = gw_project_score(s, &a->res[1], id, NULL, NULL, (int[]){ 85, 95, 75, 65 }, 4, NULL, a->msg, sizeof a->msg);
    if (!e) e = gw_project_score(s, &a->staff, id, "staff", NULL, (int[]){ 80, 80, 90, 100 }, 4, NULL, a->msg, sizeof a->msg);
    if (!e) e = gw_project_score(s, &a->staff, id, "third_party", "春晖社会工作评估中心", (int[]){ 70, 75, 80, 85 }, 4,
                                 "过程资料齐全", a->msg, sizeof a->msg);
    return e ? e : gw_project_act(s, &a->staff, id, "evaluate", NULL, NULL, a->msg, sizeof a->msg);
}

gw_err gw_demo_projects_load(gw_store *s)
{
    actors *a = calloc(1, sizeof *a);
    if (!a) return GW_E_NOMEM;
    int64_t survey = 0, visit = 0, first = 0, second = 0;
    gw_err e = sign_in(s, a);
    if (!e) e = needs(s, a, &survey, &visit);
    if (!e) e = partners(s, a);
    if (!e) e = new_project(s, a, "长者智能手机培训", "帮助 30 位老人学会手机挂号、视频通话和防诈骗", 300, survey, visit, &first);
    if (!e) e = deliver(s, a, first);
    if (!e) e = evaluate(s, a, first);
    if (!e) e = new_project(s, a, "儿童暑期托管", "暑期工作日为双职工家庭的 20 名儿童提供看护和课业辅导", 200, survey, 0, &second);
    if (!e) e = gw_project_claim(s, &a->res[3], second, "每周一三五下午带孩子读书、写作业", a->msg, sizeof a->msg);
    if (e) gw_error("demo: needs and projects: %s", a->msg);
    sign_out(s, a);
    free(a);
    return e;
}
