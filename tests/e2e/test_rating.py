"""A 差评 is not silent (issue 9 item 8): a rating of 2 or less needs a comment saying what was wrong,
and the case shows in the supervisors' low-rated list (low_rating=1) and figures (totals.low_rated)."""
import gw
from test_authz import act, report_manhole


def run(base, ctx):
    check, hotline, sup, sz = ctx["check"], ctx["hotline"], ctx["supervisor"], ctx["shizheng"]
    pub = gw.Client(ctx["port"])
    r = report_manhole(hotline, "差评测试：井盖异响")
    check("rating: a case", r.status == 201, r)
    tid, code = r.json()["id"], r.json()["track_code"]
    for who, a, kw in [(sz, "sign", {}), (sz, "feedback", {"note": "已处理", "public_reply": "已处理"}), (sup, "approve", {"public_reply": "已办结"})]:
        check("rating: " + a, act(who, tid, a, **kw).status == 200)
    low = lambda: sup.get("/api/v1/stats/summary").json()["totals"]["low_rated"]  # noqa: E731
    before = low()
    r = pub.post("/api/v1/track/%s/rating" % code, {"rating": 2})
    check("rating: 2 stars without a comment is refused", r.status == 400 and "comment" in r.json()["error"]["message"], r)
    check("rating: nothing stored", sup.get("/api/v1/tickets/%d" % tid).json().get("rating") is None)
    r = pub.post("/api/v1/track/%s/rating" % code, {"rating": 2, "comment": "  "})
    check("rating: a blank comment is no comment", r.status == 400, r)
    r = pub.post("/api/v1/track/%s/rating" % code, {"rating": 2, "comment": "井盖还是响"})
    check("rating: 2 stars with a reason", r.status == 200, r)
    ids = [t["id"] for t in sup.get("/api/v1/tickets?low_rating=1&limit=200").json()["items"]]
    check("rating: in the low-rated list", tid in ids, ids[:5])
    check("rating: only low ratings listed", all((sup.get("/api/v1/tickets/%d" % i).json().get("rating") or {}).get("score", 9) <= 2
                                                   for i in ids[:10]))
    check("rating: counted in the figures", low() == before + 1, (before, low()))
