"""需求→项目 (issue 11 item 6): staff collect needs by a questionnaire (each resident answers once) and by
door-to-door visits; a need becomes a project that active partners see on H5, claim, and (approved) report
progress on with photos; after delivery resident representatives, community staff and a third party score it
on a rubric; the weighted result is published and closing pays the partners by one linked batch within the
budget (balances checked, `gridwork ledger verify` clean). Bad input is 4xx and writes nothing."""
import random
import struct
import zlib

import gw
from test_authz import is_error, items, new_user
from test_ledger import verify
from test_residents import communities, phone_of

WINDOW = {"opens_at": "2020-01-01T00:00:00Z", "closes_at": "2099-01-01T00:00:00Z"}
QUESTIONS = [{"type": "single", "prompt": "家中是否有 60 岁以上老人？", "options": ["有", "没有"]},
             {"type": "multi", "prompt": "最希望社区开展哪些服务？", "options": ["智能手机培训", "暑期托管", "社区花园"]},
             {"type": "text", "prompt": "其他建议"}]


def png():
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    raw = b"\x00\xff\x00\x00" + bytes([random.randrange(256)])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw[:4])) + chunk(b"IEND", b""))


def resident(anon, port, community, name):
    r = anon.post("/api/v1/resident/register", {"phone": phone_of("138"), "password": "resident-pass-1",
                                                "display_name": name, "community_id": community})
    if r.status != 201:
        raise RuntimeError("register: %r" % r)
    return gw.Client(port, r.json()["token"]), r.json()["account"]["id"]


def partner_of(staff, res, community, name):
    r = res.post("/api/v1/resident/partner", {"type": "volunteer", "kind": "person", "name": name,
                                              "community_id": community})
    pid = r.json()["id"]
    staff.post("/api/v1/partners/%d/actions" % pid, {"action": "approve", "reason": "社区推荐", "method": "reference"})
    return pid


def counts(admin):
    """How many rows each table of this module holds, seen through the API."""
    return (admin.get("/api/v1/projects?limit=1").json()["total"], admin.get("/api/v1/visits?limit=1").json()["total"],
            len(items(admin, "/api/v1/surveys")))


def balance(c, community, partner):
    accs = items(c, "/api/v1/ledger/accounts?owner_kind=partner&division_id=%d&owner_id=%d" % (community, partner))
    return accs[0]["balance"] if accs else 0


def needs(check, staff, disp, res, other, ca):
    """Surveys and visits; returns (survey id, visit id)."""
    before = counts(staff)
    base = dict(WINDOW, community_id=ca, title="2026 社区服务需求调查", questions=QUESTIONS)
    for label, body in [("no questions", dict(base, questions=[])),
                        ("one option", dict(base, questions=[{"type": "single", "prompt": "x", "options": ["a"]}])),
                        ("unknown type", dict(base, questions=[{"type": "rank", "prompt": "x"}])),
                        ("repeated options", dict(base, questions=[{"type": "multi", "prompt": "x", "options": ["a", "a"]}])),
                        ("21 questions", dict(base, questions=[QUESTIONS[2]] * 21)),
                        ("window backwards", dict(base, opens_at=WINDOW["closes_at"], closes_at=WINDOW["opens_at"])),
                        ("bad time", dict(base, opens_at="yesterday")), ("empty title", dict(base, title="")),
                        ("unknown field", dict(base, status="open")), ("not a community", dict(base, community_id=1))]:
        check("projects: survey %s -> 400" % label, is_error(staff.post("/api/v1/surveys", body), 400))
    check("projects: a dispatcher may not create a survey -> 403", is_error(disp.post("/api/v1/surveys", base), 403))
    check("projects: refused surveys wrote nothing", counts(staff) == before)
    r = staff.post("/api/v1/surveys", base)
    sid = r.json()["id"] if r.status == 201 else 0
    check("projects: survey -> 201", r.status == 201 and len(r.json()["questions"]) == 3, r)

    mine = items(res[0], "/api/v1/resident/surveys")
    check("projects: the resident sees the open survey, not answered", any(s["id"] == sid and not s["answered"]
                                                                         for s in mine), mine)
    check("projects: another community's resident does not see it",
          all(s["id"] != sid for s in items(other, "/api/v1/resident/surveys")))
    check("projects: ...nor reads it -> 404", is_error(other.get("/api/v1/resident/surveys/%d" % sid), 404))
    ans = lambda c, a: c.post("/api/v1/resident/surveys/%d/answers" % sid, {"answers": a})  # noqa: E731
    for label, a in [("too few", [0, [0]]), ("two on single", [[0, 1], [0], ""]), ("no such option", [2, [0], ""]),
                     ("empty multi", [0, [], ""]), ("text as choice", [0, [0], 1]), ("choice as text", ["有", [0], ""]),
                     ("repeated option", [0, [1, 1], ""]), ("long text", [0, [0], "长" * 501])]:
        check("projects: answer %s -> 400" % label, is_error(ans(res[0], a), 400))
    check("projects: refused answers wrote nothing",
          staff.get("/api/v1/surveys/%d/results" % sid).json()["answers"] == 0)
    check("projects: answer -> 201", ans(res[0], [0, [0, 2], "希望多办防诈骗讲座"]).status == 201)
    r = ans(res[0], [1, [1], ""])
    check("projects: a resident cannot answer twice -> 409", is_error(r, 409, "conflict"), r)
    check("projects: a second resident answers", ans(res[1], [0, [0], ""]).status == 201)
    check("projects: staff may not answer -> 403", is_error(staff.post("/api/v1/resident/surveys/%d/answers" % sid,
                                                                       {"answers": [0, [0], ""]}), 403))
    res_ = staff.get("/api/v1/surveys/%d/results" % sid).json()
    q0, q1 = res_["questions"][0], res_["questions"][1]
    check("projects: results count and percent per option", res_["answers"] == 2
          and [o["count"] for o in q0["options"]] == [2, 0] and [o["permille"] for o in q0["options"]] == [1000, 0]
          and [o["count"] for o in q1["options"]] == [2, 0, 1] and q1["options"][2]["permille"] == 500, res_)
    check("projects: free texts are listed for staff", res_["questions"][2]["texts"] == ["希望多办防诈骗讲座"], res_)
    check("projects: a resident may not read results -> 403",
          is_error(res[0].get("/api/v1/surveys/%d/results" % sid), 403))

    visit = {"community_id": ca, "household": "张大爷", "address": "幸福小区 3 幢 2 单元 501", "categories": ["助老", "数字技能"],
             "note": "独居老人，不会用智能手机挂号"}
    for label, body in [("no household", dict(visit, household="")), ("six categories", dict(visit, categories=list("abcdef"))),
                        ("category with comma", dict(visit, categories=["a,b"])), ("future", dict(visit, visited_at="2099-01-01T00:00:00Z"))]:
        check("projects: visit %s -> 400" % label, is_error(staff.post("/api/v1/visits", body), 400))
    r = staff.post("/api/v1/visits", visit)
    vid = r.json()["id"] if r.status == 201 else 0
    check("projects: visit -> 201", r.status == 201 and r.json()["household"] == "张大爷", r)
    v = next(x for x in items(staff, "/api/v1/visits") if x["id"] == vid)
    check("projects: a visit's household and address are masked in the list", v["household"] != "张大爷"
          and "501" not in v["address"] and v["categories"] == ["助老", "数字技能"], v)
    return sid, vid


def run(base, ctx):
    check, port, admin, disp, srv = ctx["check"], ctx["port"], ctx["admin"], ctx["dispatcher"], ctx["server"]
    anon = gw.Client(port)
    ca, cb = [c["id"] for c in communities(admin)[:2]]
    pw = "project-staff-%d" % random.randrange(10 ** 6)
    staff = srv.login(new_user(admin, "pja", "grid_worker", pw, division_id=ca)[0], pw)
    staff_b = srv.login(new_user(admin, "pjb", "grid_worker", pw, division_id=cb)[0], pw)
    (r1, r1id), (r2, r2id), (r3, r3id) = [resident(anon, port, ca, n) for n in ("代表甲", "代表乙", "居民丙")]
    other, _ = resident(anon, port, cb, "外社区")
    (p1, _), (p2, _) = resident(anon, port, ca, "志愿者一"), resident(anon, port, ca, "志愿者二")
    pid1, pid2 = partner_of(staff, p1, ca, "李志愿"), partner_of(staff, p2, ca, "王志愿")
    sid, vid = needs(check, staff, disp, [r1, r2], other, ca)

    # ---- a project from the needs; bad input writes nothing ----
    proj = {"community_id": ca, "title": "长者智能手机培训", "goals": "帮助 30 位老人学会挂号和视频通话", "budget": 500,
            "capacity": 30, "starts_at": "2026-07-01T00:00:00Z", "ends_at": "2026-08-31T00:00:00Z", "survey_id": sid,
            "visit_ids": [vid]}
    before = counts(staff)
    for label, body, status in [("negative budget", dict(proj, budget=-1), 400),
                                ("weights not 100", dict(proj, weights={"residents": 50, "staff": 30, "third_party": 30}), 400),
                                ("rubric not 100", dict(proj, rubric=[{"name": "达成", "weight": 90}]), 400),
                                ("rubric repeats", dict(proj, rubric=[{"name": "a", "weight": 50}] * 2), 400),
                                ("ends before starts", dict(proj, ends_at="2026-06-01T00:00:00Z"), 400),
                                ("survey elsewhere", dict(proj, survey_id=999999999), 400),
                                ("visit as string", dict(proj, visit_ids=["1"]), 400),
                                ("unknown field", dict(proj, status="published"), 400),
                                ("other area", dict(proj, community_id=cb, survey_id=None, visit_ids=[]), 403)]:
        body = {k: v for k, v in body.items() if v is not None}
        check("projects: create %s -> %d" % (label, status), is_error(staff.post("/api/v1/projects", body), status))
    check("projects: refused creates wrote nothing", counts(staff) == before)
    r = staff.post("/api/v1/projects", proj)
    p = r.json() if r.status == 201 else {}
    check("projects: create -> 201 draft with the default rubric and weights", r.status == 201
          and p["status"] == "draft" and [c["weight"] for c in p["rubric"]] == [40, 30, 20, 10]
          and p["weights"] == {"residents": 40, "staff": 30, "third_party": 30} and p["visit_ids"] == [vid], r)
    prj = p.get("id", 0)
    act = lambda action, **kw: staff.post("/api/v1/projects/%d/actions" % prj, dict({"action": action}, **kw))  # noqa
    path = "/api/v1/resident/projects/%d" % prj
    check("projects: a draft is not on H5", is_error(p1.get(path), 404) and
          all(x["id"] != prj for x in items(p1, "/api/v1/resident/projects")))
    check("projects: start a draft -> 409", is_error(act("start"), 409))
    check("projects: assign is not an action -> 400", is_error(act("assign"), 400))
    check("projects: another community's staff -> 404", is_error(
        staff_b.post("/api/v1/projects/%d/actions" % prj, {"action": "publish"}), 404))
    check("projects: a dispatcher may not publish -> 403", is_error(
        disp.post("/api/v1/projects/%d/actions" % prj, {"action": "publish"}), 403))
    check("projects: publish", act("publish").json()["status"] == "published")
    check("projects: active partners see it on H5", any(x["id"] == prj for x in items(p1, "/api/v1/resident/projects")))
    check("projects: a resident who is no partner does not", is_error(r3.get(path), 404))

    # ---- claims ----
    check("projects: claim without a plan -> 400", is_error(p1.post(path + "/claims", {}), 400))
    check("projects: a non-partner may not claim", is_error(r3.post(path + "/claims", {"plan": "x"}), 404))
    r = p1.post(path + "/claims", {"plan": "每周六上午两小时，一对一教学"})
    check("projects: a partner claims -> 201", r.status == 201 and r.json()["claims"][0]["mine"], r)
    check("projects: claiming twice -> 409", is_error(p1.post(path + "/claims", {"plan": "again"}), 409))
    p2.post(path + "/claims", {"plan": "带两名大学生志愿者协助"})
    claims = staff.get("/api/v1/projects/%d" % prj).json()["claims"]
    c1, c2 = claims[0]["id"], claims[1]["id"]
    decide = lambda cid, a: staff.post("/api/v1/projects/%d/claims/%d/actions" % (prj, cid), {"action": a, "reason": "ok"})  # noqa
    check("projects: progress before approval -> 403", is_error(p1.post(path + "/progress", {"note": "x"}), 403))
    check("projects: approve claim 1 -> claimed", decide(c1, "approve").json()["status"] == "claimed")
    check("projects: deciding twice -> 409", is_error(decide(c1, "reject"), 409))
    check("projects: approve claim 2", decide(c2, "approve").status == 200)
    check("projects: start", act("start").json()["status"] == "in_progress")
    up = anon.request("POST", "/api/v1/public/files", raw=png(), ctype="image/png")
    sha = up.json()["sha256"] if up.status == 201 else "0" * 64
    check("projects: progress with an unknown photo -> 400",
          is_error(p1.post(path + "/progress", {"note": "第一课", "photos": ["a" * 64]}), 400))
    r = p1.post(path + "/progress", {"note": "第一课：12 位老人学会了视频通话", "photos": [sha]})
    check("projects: progress with a photo -> 201", r.status == 201 and r.json()["progress"][0]["photos"][0]["sha256"]
          == sha, r)
    photo = r.json()["progress"][0]["photos"][0]["url"] if r.status == 201 else ""
    ph = staff.get("/api/v1/projects/%d/photos/%s" % (prj, sha))
    check("projects: staff see the progress photo", ph.status == 200 and ph.headers["content-type"] == "image/png"
          and photo == "/api/v1/resident/projects/%d/photos/%s" % (prj, sha), (ph.status, photo))
    check("projects: ...the partner too", p1.get(photo).status == 200)
    check("projects: another community's staff do not -> 404",
          is_error(staff_b.get("/api/v1/projects/%d/photos/%s" % (prj, sha)), 404))
    check("projects: a resident who does not see the project does not -> 404", is_error(r3.get(photo), 404))
    check("projects: a photo of no update of it -> 404",
          is_error(staff.get("/api/v1/projects/%d/photos/%s" % (prj, "b" * 64)), 404))
    check("projects: deliver", act("deliver").json()["status"] == "delivered")

    # ---- three-party evaluation ----
    reps = staff.put("/api/v1/projects/%d/representatives" % prj, {"resident_ids": [r1id, r2id]})
    check("projects: name two representatives", reps.status == 200 and reps.json()["representatives"] == [r1id, r2id], reps)
    check("projects: a representative of another community -> 400", is_error(staff.put(
        "/api/v1/projects/%d/representatives" % prj, {"resident_ids": [r1id, 999999999]}), 400))
    r = r3.post(path + "/evaluation", {"scores": [100, 100, 100, 100]})
    check("projects: a non-representative cannot evaluate", is_error(r, 404) or is_error(r, 403), r)
    check("projects: a partner who is no representative cannot evaluate -> 403",
          is_error(p1.post(path + "/evaluation", {"scores": [100, 100, 100, 100]}), 403))
    check("projects: three scores for four criteria -> 400", is_error(r1.post(path + "/evaluation", {"scores": [90, 80, 70]}), 400))
    check("projects: a score above 100 -> 400", is_error(r1.post(path + "/evaluation", {"scores": [101, 80, 70, 60]}), 400))
    check("projects: evaluate before anyone scored -> 409", is_error(act("evaluate"), 409))
    check("projects: representative 1 scores", r1.post(path + "/evaluation", {"scores": [90, 80, 70, 60]}).status == 201)
    check("projects: ...once -> 409", is_error(r1.post(path + "/evaluation", {"scores": [90, 80, 70, 60]}), 409))
    check("projects: representative 2 scores", r2.post(path + "/evaluation", {"scores": [85, 95, 75, 65]}).status == 201)
    ev = lambda body: staff.post("/api/v1/projects/%d/evaluations" % prj, body)  # noqa: E731
    check("projects: third party without a name -> 400", is_error(ev({"party": "third_party", "scores": [1, 2, 3, 4]}), 400))
    check("projects: party residents by staff -> 400", is_error(ev({"party": "residents", "scores": [1, 2, 3, 4]}), 400))
    check("projects: staff scores", ev({"party": "staff", "scores": [80, 80, 90, 100]}).status == 201)
    r = act("evaluate")
    check("projects: evaluate without the third party -> 409", is_error(r, 409), r)
    r = ev({"party": "third_party", "scorer_name": "春晖社会工作评估中心", "scores": [70, 75, 80, 85]})
    check("projects: third party scores", r.status == 201 and len(r.json()["evaluations"]) == 4, r)
    # by hand: residents (8000 + 8400) / 2 = 8200, staff 8400, third 7500 -> (40x82 + 30x84 + 30x75) / 100 = 80.50
    r = act("evaluate")
    d = r.json() if r.status == 200 else {}
    check("projects: the weighted result is published", r.status == 200 and d["status"] == "evaluated"
          and d["result_hundredths"] == 8050 and d["parties"]["residents"]["score"] == 82.0
          and d["parties"]["third_party"]["score"] == 75.0, r)
    rv = r1.get(path).json()
    check("projects: residents see the result, not the cards", rv.get("result") == 80.5 and "evaluations" not in rv
          and rv["representative"] is True, rv)

    # ---- closing pays the partners, within the budget ----
    for label, awards, status in [("over budget", [{"partner_id": pid1, "points": 300}, {"partner_id": pid2, "points": 201}], 409),
                                  ("a partner without a claim", [{"partner_id": 999999999, "points": 1}], 400),
                                  ("negative", [{"partner_id": pid1, "points": -1}], 400)]:
        r = act("close", awards=awards)
        check("projects: close %s -> %d" % (label, status), is_error(r, status), r)
    check("projects: a refused close paid nothing", balance(disp, ca, pid1) == 0 and balance(disp, ca, pid2) == 0
          and staff.get("/api/v1/projects/%d" % prj).json()["status"] == "evaluated")
    r = act("close", awards=[{"partner_id": pid1, "points": 300}, {"partner_id": pid2, "points": 200}])
    check("projects: close -> closed, 500 paid", r.status == 200 and r.json()["status"] == "closed"
          and r.json()["paid"] == 500 and sorted(c["award"] for c in r.json()["claims"]) == [200, 300], r)
    check("projects: the partners' balances", (balance(disp, ca, pid1), balance(disp, ca, pid2)) == (300, 200))
    acc = items(disp, "/api/v1/ledger/accounts?owner_kind=partner&division_id=%d&owner_id=%d" % (ca, pid1))[0]["id"]
    tr = items(disp, "/api/v1/ledger/transfers?account_id=%d&limit=10" % acc)
    check("projects: the client id names the project and partner",
          [t.get("client_id") for t in tr] == ["prj-%d-%d" % (prj, pid1)], tr[:3])
    check("projects: closing twice -> 409", is_error(act("close"), 409))
    v = verify(ctx["binary"], srv.db)
    check("projects: ledger verify is clean", v.returncode == 0, v.stdout + v.stderr)

    # ---- another project: cancelled, and the even split by default ----
    q = staff.post("/api/v1/projects", dict(proj, title="社区花园共建", budget=101,
                                            weights={"residents": 0, "staff": 100, "third_party": 0})).json()
    qa = lambda action, **kw: staff.post("/api/v1/projects/%d/actions" % q["id"], dict({"action": action}, **kw))  # noqa
    check("projects: cancel without a reason -> 400", is_error(qa("cancel"), 400))
    check("projects: cancel a draft", qa("cancel", reason="预算调整").json()["status"] == "cancelled")
    check("projects: a cancelled project stays cancelled -> 409", is_error(qa("publish"), 409))
    board = items(staff, "/api/v1/projects?status=cancelled")
    check("projects: the board filters by status", any(x["id"] == q["id"] for x in board) and
          all(x["status"] == "cancelled" for x in board))
    check("projects: list ?status=x -> 400", is_error(staff.get("/api/v1/projects?status=x"), 400))

    # ---- a third project: only staff weigh in, and closing without awards splits the budget evenly ----
    q = staff.post("/api/v1/projects", dict(proj, title="儿童暑期托管", budget=101,
                                            weights={"residents": 0, "staff": 100, "third_party": 0})).json()
    qa = lambda action, **kw: staff.post("/api/v1/projects/%d/actions" % q["id"], dict({"action": action}, **kw))  # noqa
    qpath = "/api/v1/resident/projects/%d" % q["id"]
    qa("publish")
    p1.post(qpath + "/claims", {"plan": "周一三五下午"})
    p2.post(qpath + "/claims", {"plan": "周二四下午"})
    for c in staff.get("/api/v1/projects/%d" % q["id"]).json()["claims"]:
        staff.post("/api/v1/projects/%d/claims/%d/actions" % (q["id"], c["id"]), {"action": "approve", "reason": "ok"})
    qa("start")
    qa("deliver")
    staff.post("/api/v1/projects/%d/evaluations" % q["id"], {"party": "staff", "scores": [100, 90, 80, 70]})
    r = qa("evaluate")
    check("projects: a party weighing nothing need not score", r.status == 200 and r.json()["result"] == 90.0, r)
    r = qa("close")
    check("projects: closing without awards splits the budget evenly", r.status == 200 and r.json()["paid"] == 100
          and [c["award"] for c in r.json()["claims"]] == [50, 50], r)
    check("projects: the balances after the second project", (balance(disp, ca, pid1), balance(disp, ca, pid2)) == (350, 250))
    v = verify(ctx["binary"], srv.db)
    check("projects: ledger verify is still clean", v.returncode == 0, v.stdout + v.stderr)
