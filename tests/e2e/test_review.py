"""The 复核队列 (issue 12 item 2): a report without a category is classified at intake — at or above the
configured confidence (classify_auto_threshold, 0.8 by default) it is categorised and routed by the routing table,
below it waits in the review queue with the machine's top-3 and their n-grams; a dispatcher confirms or
corrects (a correction is a labelled example, so is a re-dispatch after a unit returned a machine-routed
ticket); retraining uses the examples and activates a model only when its dev macro-F1 is not worse; /metrics
and /api/v1/classifier/stats count it all. Reports that name a category behave as before."""
import time

import gw
from test_authz import act, is_error, report_manhole

LAMP = "解放路88号门口的路灯连续几晚不亮，晚上走路很黑"   # the demo model: 路灯 at p ~ 1.0
VAGUE = "请尽快处理一下这个问题，谢谢"                      # no category above 0.2
BBQ = "小区门口有人露天烧烤，油烟很大"                      # 露天烧烤 at p ~ 1.0
WHERE = {"lon": 120.155, "lat": 30.255}


def metric(ctx, name):
    body = gw.Client(ctx["port"]).get("/metrics").body.decode()
    line = next((x for x in body.splitlines() if x.startswith(name + " ")), None)
    return int(line.split()[1]) if line else None


def classification(ctx, tid):
    rows = gw.sql(ctx, ctx["server"].db, "SELECT decision, state, corrected, model_id, probability FROM"
                  " ticket_classifications WHERE ticket_id = ?", (tid,))
    if not rows:
        return None
    d, st, corrected, model, p = rows[0]  # PostgreSQL's answers come as text
    return d, st, int(corrected), int(model), float(p)


def examples(ctx):
    rows = gw.sql(ctx, ctx["server"].db, "SELECT ticket_id, source, category_id, from_category_id, user_id"
                  " FROM classifier_examples ORDER BY id")
    return [(int(t), s, int(c), int(f), int(u)) for t, s, c, f, u in rows]


def code_of(c, code):
    return next(x["id"] for x in c.get("/api/v1/categories").json()["items"] if x["code"] == code)


def queued(disp, track):
    r = disp.get("/api/v1/review-queue?limit=100")
    return next((x for x in r.json()["items"] if x["track_code"] == track), None)


def public_report(ctx, text):
    r = gw.Client(ctx["port"]).post("/api/v1/public/reports", {"description": text, "location": WHERE})
    return r.json()["track_code"] if r.status == 201 else None


def intake(check, ctx, active):
    hotline, disp = ctx["hotline"], ctx["dispatcher"]
    before = {k: metric(ctx, "gridwork_classify_%s_total" % k) for k in ("auto", "review", "corrected")}
    check("review: metrics exported", None not in before.values(), before)
    # hotline free text, confident: categorised and routed by the routing table (路灯: an auto rule)
    r = hotline.post("/api/v1/tickets", {"description": LAMP, "location": WHERE})
    check("intake: hotline free text -> 201", r.status == 201, r)
    lamp = r.json()
    check("intake: confident text categorised and dispatched by rule", lamp["category"]["code"] == "0106"
          and lamp["state"] == "dispatched" and lamp["unit"], lamp)
    c = lamp.get("classification") or {}
    check("intake: the ticket shows it was auto-classified, by which model, how sure", c.get("auto_classified") is True
          and c.get("model_id") == active and c.get("probability", 0) >= 0.8 and c.get("state") == "auto", c)
    k = classification(ctx, lamp["id"])
    check("intake: marked auto with the model and its probability", k and k[0] == "auto" and k[1] == "auto"
          and k[3] == active and k[4] >= 0.8, k)
    # a resident's vague report: queued, uncategorised for the loop (not dispatched), with what the machine said
    track = public_report(ctx, VAGUE)
    check("intake: resident free text -> 201", track, track)
    q = queued(disp, track)
    check("queue: the vague report waits for review", q and q["probability"] < 0.8 and q["model_id"] == active, q)
    s = q["suggestions"] if q else []
    check("queue: top-3 with probabilities, best first", len(s) == 3 and s[0]["probability"] >= s[1]["probability"]
          >= s[2]["probability"] and all(x["category_id"] and x["category_name"] for x in s), s)
    check("queue: each explained by n-grams of the text", all(x["grams"] and all(g["text"] in VAGUE for g in
                                                                                 x["grams"]) for x in s), s)
    vague = gw.sql(ctx, ctx["server"].db, "SELECT state, unit_id FROM tickets WHERE id = ?", (q["ticket_id"],))[0]
    check("queue: the queued ticket is not routed", vague == ("reported", None), vague)
    c = disp.get("/api/v1/tickets/%d" % q["ticket_id"]).json().get("classification") or {}
    check("queue: the ticket shows it waits for review", c.get("decision") == "review" and c.get("state") == "pending"
          and c.get("auto_classified") is False, c)
    # a resident's clear report: auto, and waits for acceptance as any resident report does
    track2 = public_report(ctx, BBQ)
    check("intake: a clear resident report is not queued", track2 and queued(disp, track2) is None)
    # a caller that names a category: as before, no classification
    r = report_manhole(hotline, "复核测试：井盖有响声")
    check("intake: a report with a category is not classified", r.status == 201
          and classification(ctx, r.json()["id"]) is None, r)
    plain = r.json()["id"] if r.status == 201 else 0
    # Open311 without a service_code: classified the same way (a resident's report: it waits for acceptance)
    r = gw.Client(ctx["port"]).form("/open311/v2/requests.json", {"api_key": ctx["api_key"], "lat": "30.255",
                                                                   "long": "120.155", "description": LAMP})
    sid = int(r.json()[0]["service_request_id"]) if r.status == 200 else 0
    k = classification(ctx, sid)
    check("intake: Open311 without a service_code is classified", k and k[0] == "auto", (r, k))
    r = gw.Client(ctx["port"]).form("/open311/v2/requests.json", {"api_key": ctx["api_key"], "lat": "30.255",
                                                                   "long": "120.155"})
    check("intake: Open311 with neither a service_code nor a description -> 400", r.status == 400, r)
    after = {k: metric(ctx, "gridwork_classify_%s_total" % k) for k in ("auto", "review", "corrected")}
    check("metrics: auto +3, review +1", after["auto"] == before["auto"] + 3
          and after["review"] == before["review"] + 1 and after["corrected"] == before["corrected"], (before, after))
    return lamp, q, plain


def bad_input(check, ctx, q, plain_id):
    disp, admin = ctx["dispatcher"], ctx["admin"]
    path = "/api/v1/tickets/%d/classify" % q["ticket_id"]
    ver = lambda: gw.sql(ctx, ctx["server"].db, "SELECT version, category_id FROM tickets WHERE id = ?",  # noqa
                         (q["ticket_id"],))[0]
    v0, n0 = ver(), len(examples(ctx))
    for label, body, status in [("unknown category code", {"category_code": "9999"}, 400),
                                ("no such category id", {"category_id": 999999}, 400),
                                ("category id 0", {"category_id": 0}, 400), ("no category", {}, 400),
                                ("category string id", {"category_id": "5"}, 400),
                                ("unknown field", {"category_code": "0106", "why": "x"}, 400),
                                ("old version", {"category_code": "0106", "expect_version": 999}, 409),
                                ("version 0", {"category_code": "0106", "expect_version": -1}, 400)]:
        check("classify: %s -> %d" % (label, status), is_error(disp.post(path, body), status), body)
    check("classify: a ticket nobody classified -> 409",
          is_error(disp.post("/api/v1/tickets/%d/classify" % plain_id, {"category_code": "0106"}), 409))
    check("classify: no such ticket -> 404",
          is_error(disp.post("/api/v1/tickets/999999/classify", {"category_code": "0106"}), 404))
    for who in ["hotline", "shizheng", "auditor", "supervisor"]:
        check("classify: %s may not" % who, is_error(ctx[who].post(path, {"category_code": "0106"}), 403))
        check("queue: %s may not read it" % who, is_error(ctx[who].get("/api/v1/review-queue"), 403))
    for qs in ["limit=0", "limit=101", "offset=-1", "x=1"]:
        check("queue: ?%s -> 400" % qs, is_error(disp.get("/api/v1/review-queue?" + qs), 400))
    for body in [{"epochs": 0}, {"epochs": 201}, {"hash_bits": 30}, {"epochs": "5"}, {"seed": 1}]:
        check("retrain: %s -> 400" % body, is_error(admin.post("/api/v1/classifier/retrain", body), 400))
    check("retrain: a dispatcher may not", is_error(disp.post("/api/v1/classifier/retrain", {}), 403))
    check("examples: a dispatcher may not list them", is_error(disp.get("/api/v1/classifier/examples"), 403))
    check("stats: from after to -> 400", is_error(disp.get("/api/v1/classifier/stats?from=10&to=5"), 400))
    check("classify: bad input wrote nothing", ver() == v0 and len(examples(ctx)) == n0
          and classification(ctx, q["ticket_id"])[1] == "pending", (ver(), v0))


def decisions(check, ctx, lamp, q):
    disp, shizheng = ctx["dispatcher"], ctx["shizheng"]
    lamp_cat, well = code_of(disp, "0106"), code_of(disp, "0101")
    n0 = len(examples(ctx))
    # correct the queued report to 路灯: a labelled example; then routed by the table (accepted, dispatched)
    r = disp.post("/api/v1/tickets/%d/classify" % q["ticket_id"], {"category_code": "0106"})
    check("correct: 200, routed", r.status == 200 and r.json()["routed"] is True
          and r.json()["ticket"]["state"] == "dispatched" and r.json()["ticket"]["category"]["code"] == "0106", r)
    k = classification(ctx, q["ticket_id"])
    check("correct: the row says corrected", k and k[1] == "corrected" and k[2] == 1, k)
    ex = examples(ctx)
    check("correct: one labelled example (review, from the machine's category to 路灯, by the dispatcher)",
          len(ex) == n0 + 1 and ex[-1][:4] == (q["ticket_id"], "review", lamp_cat, q["category_id"]) and ex[-1][4], ex)
    check("correct: gone from the queue", queued(disp, q["track_code"]) is None)
    tl = disp.get("/api/v1/tickets/%d/timeline" % q["ticket_id"]).json()
    acts = [e["action"] for e in (tl["items"] if isinstance(tl, dict) else tl)]
    check("correct: the timeline records classify, then accept and dispatch", "classify" in acts
          and acts.index("classify") < acts.index("dispatch"), acts)
    check("correct: a second decision -> 409",
          is_error(disp.post("/api/v1/tickets/%d/classify" % q["ticket_id"], {"category_code": "0101"}), 409))
    # confirm a fresh queued report in the machine's own category: no example
    q2 = queued(disp, public_report(ctx, VAGUE + "。"))
    r = disp.post("/api/v1/tickets/%d/classify" % q2["ticket_id"], {"category_id": q2["suggestions"][0]["category_id"]})
    check("confirm: 200", r.status == 200 and r.json()["ticket"]["category"]["id"] == q2["suggestions"][0]["category_id"], r)
    check("confirm: the row says confirmed, no example", classification(ctx, q2["ticket_id"])[1] == "confirmed"
          and len(examples(ctx)) == n0 + 1)
    # 退单: 市政 returns the machine-routed 路灯 ticket; re-dispatched under 上水井盖: a redispatch example
    corrected0 = metric(ctx, "gridwork_classify_corrected_total")
    check("redispatch: the unit returns it", act(shizheng, lamp["id"], "return", note="不是路灯，是井盖").status == 200)
    r = disp.post("/api/v1/tickets/%d/classify" % lamp["id"], {"category_code": "0101"})
    check("redispatch: 200, routed again", r.status == 200 and r.json()["ticket"]["category"]["code"] == "0101"
          and r.json()["ticket"]["state"] == "dispatched", r)
    ex = examples(ctx)
    check("redispatch: a labelled example with source redispatch", ex[-1][:4] == (lamp["id"], "redispatch", well,
                                                                                   lamp_cat), ex[-1])
    check("metrics: the misroute counted", metric(ctx, "gridwork_classify_corrected_total") == corrected0 + 1)
    s = disp.get("/api/v1/classifier/stats").json()
    check("stats: shares for the period", s["auto"] >= 2 and s["review"] >= 2 and s["corrected"] >= 1
          and 0 < s["auto_share"] < 1 and 0 < s["misroute_rate"] <= 1 and s["examples"] >= 2, s)


def retraining(check, ctx, demo_id):
    admin = ctx["admin"]
    ex = admin.get("/api/v1/classifier/examples?limit=100").json()
    check("examples: listed newest first with both sources", ex["total"] >= 2 and ex["items"][0]["source"] ==
          "redispatch" and any(x["source"] == "review" for x in ex["items"]), ex)
    r = admin.post("/api/v1/classifier/retrain", {})
    check("retrain: 201", r.status == 201, r)
    t = r.json()
    check("retrain: the labelled examples are in its training set", t["labelled_examples"] == ex["total"], t)
    check("retrain: worse than the active (demo) model on the same dev set -> stored, not activated",
          t["active_macro_f1"] is not None and (t["activated"] is (t["dev_macro_f1"] >= t["active_macro_f1"]))
          and not t["activated"], t)
    models = admin.get("/api/v1/models").json()["items"]
    row = next(m for m in models if m["id"] == t["model_id"])
    check("retrain: both figures and the count stored with the model", row["labelled_examples"] == ex["total"]
          and row["baseline_macro_f1"] == t["active_macro_f1"] and row["source"] == "retrain" and not row["active"], row)
    check("retrain: the active model unchanged", [m["id"] for m in models if m["active"]] == [demo_id])
    # a weak model made active: the next retraining is not worse than it and replaces it
    weak = admin.post("/api/v1/classifier/retrain", {"epochs": 1, "hash_bits": 12}).json()
    check("retrain: a weak one is not activated", not weak["activated"] and weak["dev_macro_f1"] < t["dev_macro_f1"], weak)
    check("activate the weak one", admin.post("/api/v1/models/%d/activate" % weak["model_id"]).status == 200)
    r = admin.post("/api/v1/classifier/retrain", {}).json()
    check("retrain: not worse than the weak active one -> activated", r["activated"] and r["dev_macro_f1"] >=
          r["active_macro_f1"] and r["labelled_examples"] == ex["total"], r)
    check("retrain: the new one serves at once", ctx["dispatcher"].post("/api/v1/classify", {"text": LAMP}).json()
          ["model_id"] == r["model_id"])
    check("back to the demo model", admin.post("/api/v1/models/%d/activate" % demo_id).status == 200)


def retrain_job(check, ctx):
    """The job: off unless configured; two servers on one database with it on train once per slot."""
    db = gw.fresh_db(ctx, 150)
    extra = ["--classify-retrain-seconds", "3600", "--public-rate", "100000"]
    a, b = gw.Server(ctx["binary"], db=db, extra=extra).start(), gw.Server(ctx["binary"], db=db, extra=extra).start()
    rows = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            rows = gw.sql(ctx, db, "SELECT source, trained_by, active, labelled_examples, baseline_macro_f1"
                          " FROM classifier_models WHERE source = 'retrain'")
            if rows:
                break
            time.sleep(0.5)
        time.sleep(3)  # the other server had its chance at the same slot
        rows = gw.sql(ctx, db, "SELECT source, trained_by, active, labelled_examples, baseline_macro_f1"
                      " FROM classifier_models WHERE source = 'retrain'")
    finally:
        a.stop(), b.stop()
    check("job: one retraining for the slot across two servers, by nobody, measured against the active model",
          len(rows) == 1 and rows[0][1] is None and rows[0][4] is not None, rows)
    check("job: off by default (the suite's server trained nothing by itself)",
          not gw.sql(ctx, ctx["server"].db, "SELECT id FROM classifier_models WHERE source = 'retrain'"
                     " AND trained_by IS NULL"))


def run(base, ctx):
    check, admin = ctx["check"], ctx["admin"]
    demo_id = next(m["id"] for m in admin.get("/api/v1/models").json()["items"] if m["active"])
    lamp, q, plain = intake(check, ctx, demo_id)
    if not q:
        return
    bad_input(check, ctx, q, plain)
    decisions(check, ctx, lamp, q)
    retraining(check, ctx, demo_id)
    retrain_job(check, ctx)
