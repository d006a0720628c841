"""重复件 (issue 12 item 3): open reports of a related category near a new one are suggested (ranked by
distance, age and text), not those 300 m away or of another family; a dispatcher merges a duplicate into its
parent (the child closes as merged, its tracking page follows the parent, both timelines and the audit log
record it, the chains verify); a supervisor (not a dispatcher) undoes it; refusals; the public question shows
public fields only; each category's radius is a setting."""
import json
import math
import random
import urllib.parse

import gw
from test_authz import is_error

TEXT = "学院路口人行道上的井盖破损松动，晚上行人容易绊倒"
REPORTER = "林晓彤"
PHONE = "13912345678"


def north(lat, metres):
    return lat + metres / 111320.0


def east(lon, lat, metres):
    return lon + metres / (111320.0 * math.cos(math.radians(lat)))


def report(c, code, desc, lon, lat):
    return c.post("/api/v1/tickets", {"category_code": code, "description": desc, "location": {"lon": lon, "lat": lat},
                                      "reporter_name": REPORTER, "reporter_phone": PHONE})


def ids(r):
    return [x.get("id") for x in r.json().get("items", [])] if r.status == 200 else []


def run(base, ctx):
    check, disp, sup, hotline, admin = ctx["check"], ctx["dispatcher"], ctx["supervisor"], ctx["hotline"], ctx["admin"]
    pub = gw.Client(ctx["port"])
    lon, lat = 120.1612 + random.uniform(-4e-4, 4e-4), 30.2587 + random.uniform(-4e-4, 4e-4)
    tag = "%06d" % random.randrange(10 ** 6)

    # Four open reports around a point: the parent, one 300 m north, one of an unrelated family 20 m away,
    # and a sibling category (污水井盖, the same big class 01) 50 m east.
    made = {}
    for key, code, desc, x, y in [("parent", "0101", TEXT + tag, lon, lat),
                                  ("far", "0101", TEXT + tag, lon, north(lat, 300)),
                                  ("other", "0201", TEXT + tag, lon, north(lat, 20)),
                                  ("sibling", "0102", "学院路口污水井盖盖板松动有响声" + tag, east(lon, lat, 50), lat)]:
        r = report(hotline, code, desc, x, y)
        check("dupes: report %s" % key, r.status == 201, r)
        made[key] = r.json()
    parent, far, other, sibling = (made[k]["id"] for k in ("parent", "far", "other", "sibling"))

    # A draft at the intake form, 30 m north of the parent with nearly the same words.
    draft = {"category_code": "0101", "location": {"lon": lon, "lat": north(lat, 30)},
             "description": "学院路口人行道井盖破损松动，行人容易绊倒"}
    r = hotline.post("/api/v1/tickets/duplicates", draft)
    check("dupes: draft candidates", r.status == 200, r)
    got = ids(r)
    check("dupes: the parent and the sibling category are suggested", parent in got and sibling in got, got)
    check("dupes: 300 m away and another family are not", far not in got and other not in got, got)
    body = r.json()
    check("dupes: the category's radius and window", body.get("radius_m") == 250 and body.get("window_days") == 7, body)
    top = body["items"][0] if body.get("items") else {}
    check("dupes: the nearest, most alike first", top.get("id") == parent, [(x["id"], x["score"]) for x in body["items"]])
    check("dupes: the score's parts", abs(top.get("distance_m", 0) - 30) <= 3 and top.get("similarity", 0) > 0.5
          and 0 <= top.get("age_ms", -1) < 600000 and 0 < top.get("score", 0) <= 1, top)
    check("dupes: no reporter in staff candidates", REPORTER not in r.body.decode() and PHONE not in r.body.decode())

    # The new report itself, then its candidates as a stored ticket.
    r = report(hotline, "0101", "学院路口人行道井盖破损松动，行人容易绊倒" + tag, lon, north(lat, 30))
    check("dupes: the duplicate reported", r.status == 201, r)
    child = r.json()
    cid, ccode = child["id"], child["track_code"]
    r = disp.get("/api/v1/tickets/%d/duplicates" % cid)
    got = ids(r)
    check("dupes: a stored ticket's candidates", r.status == 200 and got and got[0] == parent, r)
    check("dupes: not itself, not far, not other", cid not in got and far not in got and other not in got, got)
    check("dupes: limit", len(ids(disp.get("/api/v1/tickets/%d/duplicates?limit=1" % cid))) == 1)

    # Scope: a 消防栓 report (same family 01, handled by 水务) 10 m away is a candidate for the dispatcher, not
    # for 市政's handler, who does not see 水务's tickets.
    r = report(hotline, "0107", "学院路口消防栓漏水" + tag, lon, north(lat, 10))
    check("dupes: a report of another unit", r.status == 201 and r.json()["unit"]["id"] != made["parent"]["unit"]["id"], r)
    hydrant = r.json()["id"]
    check("dupes: the dispatcher sees it as a candidate", hydrant in ids(disp.get("/api/v1/tickets/%d/duplicates" % parent)))
    got = ids(ctx["shizheng"].get("/api/v1/tickets/%d/duplicates" % parent))
    check("dupes: 市政 sees only candidates in its scope", cid in got and hydrant not in got, got)

    # The public question (the H5 report page before submitting): public fields only.
    q = urllib.parse.urlencode({"category_code": "0101", "lon": lon, "lat": north(lat, 30), "text": draft["description"]})
    r = pub.get("/api/v1/public/duplicates?" + q)
    check("dupes: public candidates", r.status == 200, r)
    items = r.json().get("items", []) if r.status == 200 else []
    check("dupes: public sees the parent", any(x["category"]["code"] == "0101" and x["distance_m"] <= 40
                                                for x in items), items)
    keys = set().union(*[set(x) for x in items]) if items else set()
    check("dupes: public fields only", keys <= {"state", "category", "description", "created_at", "distance_m",
                                                "reporters"}, keys)
    text = r.body.decode()
    codes = gw.sql(ctx, ctx["server"].db, "SELECT track_code FROM tickets")
    check("dupes: public leaks no tracking code (a reporter's key: it rates the case)",
          made["parent"]["track_code"] not in text and not any(c[0] in text for c in codes), text[:300])
    check("dupes: public leaks no reporter nor id", REPORTER not in text and PHONE not in text and '"id"' not in text, text[:300])

    merge_and_unmerge(ctx, check, parent, made["parent"]["track_code"], cid, ccode, far, sibling)
    refusals(ctx, check, parent, cid, far)
    settings(ctx, check, lon, lat, far, draft)
    bad_input(ctx, check, cid)


def timeline(c, tid):
    return c.get("/api/v1/tickets/%d/timeline" % tid).json()["items"]


def merge_and_unmerge(ctx, check, parent, pcode, cid, ccode, far, sibling):
    disp, sup, admin, pub = ctx["dispatcher"], ctx["supervisor"], ctx["admin"], gw.Client(ctx["port"])
    note = "NOTE-merge-内部说明-同一井盖"
    before = disp.get("/api/v1/tickets/%d" % cid).json()
    r = disp.post("/api/v1/tickets/%d/merge" % cid, {"parent_id": parent, "note": note, "version": before["version"]})
    check("merge: the dispatcher merges", r.status == 200, r)
    t = r.json() if r.status == 200 else {}
    check("merge: the child is merged", t.get("state") == "merged" and t.get("merge", {}).get("parent", {}).get("id") == parent, t.get("merge"))
    check("merge: its clock stops", t.get("deadlines", {}).get("running") is None and t.get("closed_at"), t.get("deadlines"))
    check("merge: the supervisor may unmerge it", "unmerge" in (sup.get("/api/v1/tickets/%d" % cid).json().get("actions") or []))
    p = disp.get("/api/v1/tickets/%d" % parent).json()
    check("merge: the parent counts its duplicate", p["merge"]["merged_count"] == 1
          and [k["id"] for k in p["merge"]["children"]] == [cid], p["merge"])
    tl = timeline(disp, parent)
    check("merge: the parent's timeline records it", tl[-1]["action"] == "merged_in" and tl[-1]["detail"].get("child_id") == cid
          and tl[-1]["from"] == tl[-1]["to"], tl[-1])
    ctl = timeline(disp, cid)
    check("merge: the child's timeline", ctl[-1]["action"] == "merge" and ctl[-1]["to"] == "merged"
          and ctl[-1]["detail"].get("parent_id") == parent and ctl[-1]["note"] == note, ctl[-1])
    tk = pub.get("/api/v1/track/" + ccode).json()
    check("merge: the child's tracking page points to the parent", tk.get("state") == "merged"
          and (tk.get("merged_into") or {}).get("track_code") == pcode, tk.get("merged_into"))
    ptk = pub.get("/api/v1/track/" + pcode).json()
    check("merge: the parent's tracking page counts two reporters", ptk.get("reporters") == 2, ptk.get("reporters"))
    seen = pub.get("/api/v1/track/" + ccode).body.decode() + pub.get("/api/v1/track/" + pcode).body.decode()
    check("merge: no internal note on the tracking pages", "NOTE-merge" not in seen and "内部说明" not in seen)
    # The parent moves on: the child's tracking page follows it.
    state = p["state"]
    nxt = {"dispatched": "sign", "reported": "accept"}.get(state)
    if nxt == "sign":
        r = ctx["shizheng"].post("/api/v1/tickets/%d/actions" % parent, {"action": "sign"})
    else:
        r = disp.post("/api/v1/tickets/%d/actions" % parent, {"action": "accept"})
    check("merge: the parent progresses", r.status == 200, r)
    tk = pub.get("/api/v1/track/" + ccode).json()
    check("merge: the child's tracking page follows the parent", (tk.get("merged_into") or {}).get("state") == r.json()["state"], tk)
    check("merge: a merged ticket is no candidate", cid not in ids(disp.get("/api/v1/tickets/%d/duplicates" % sibling)))
    listed = disp.get("/api/v1/tickets?status=merged&limit=200").json()["items"]
    check("merge: the list shows it merged", cid in [x["id"] for x in listed])
    r = admin.get("/api/v1/audit?action=ticket.merge&limit=5")
    check("merge: audited", r.status == 200 and any(("ticket:%d" % cid) == x.get("object") for x in r.json()["items"]), r)

    # Undo: a supervisor, not a dispatcher; the reason is required.
    check("unmerge: a dispatcher may not", is_error(disp.post("/api/v1/tickets/%d/unmerge" % cid, {"note": "x"}), 403, "forbidden"))
    check("unmerge: the reason is required", is_error(sup.post("/api/v1/tickets/%d/unmerge" % cid, {"note": " "}), 400))
    r = sup.post("/api/v1/tickets/%d/unmerge" % cid, {"note": "不是同一个井盖"})
    check("unmerge: the supervisor undoes it", r.status == 200 and r.json()["state"] == before["state"]
          and r.json()["merge"]["parent"] is None and r.json()["closed_at"] is None, r)
    check("unmerge: both timelines", timeline(disp, cid)[-1]["action"] == "unmerge"
          and timeline(disp, parent)[-1]["action"] == "unmerged_out")
    check("unmerge: the parent counts none", disp.get("/api/v1/tickets/%d" % parent).json()["merge"]["merged_count"] == 0)
    check("unmerge: the tracking page no longer points away", "merged_into" not in pub.get("/api/v1/track/" + ccode).json())
    check("unmerge: not twice", is_error(sup.post("/api/v1/tickets/%d/unmerge" % cid, {"note": "again"}), 409))
    r = admin.get("/api/v1/audit?action=ticket.unmerge&limit=5")
    check("unmerge: audited", r.status == 200 and any(("ticket:%d" % cid) == x.get("object") for x in r.json()["items"]), r)
    r = admin.post("/api/v1/audit/verify", {})
    check("merge: the chains verify", r.status == 200 and r.json().get("ok") is True, r)
    # Merged again for what follows (a parent with a child).
    check("merge: again", disp.post("/api/v1/tickets/%d/merge" % cid, {"parent_id": parent}).status == 200)


def refusals(ctx, check, parent, cid, far):
    disp, sup, hotline = ctx["dispatcher"], ctx["supervisor"], ctx["hotline"]
    m = lambda c, a, b: c.post("/api/v1/tickets/%d/merge" % a, {"parent_id": b})  # noqa: E731
    check("refuse: into itself", is_error(m(disp, far, far), 400))
    check("refuse: into a merged ticket (no chains)", is_error(m(disp, far, cid), 409))
    check("refuse: a parent into another", is_error(m(disp, parent, far), 409))
    check("refuse: a merged ticket again", is_error(m(disp, cid, far), 409))
    check("refuse: no such parent", is_error(m(disp, far, 99999999), 400))
    check("refuse: no such ticket", is_error(m(disp, 99999999, far), 404))
    check("refuse: a supervisor does not merge", is_error(m(sup, far, parent), 403, "forbidden"))
    check("refuse: the hotline does not merge", is_error(m(hotline, far, parent), 403, "forbidden"))
    check("refuse: a stale version", is_error(disp.post("/api/v1/tickets/%d/merge" % far, {"parent_id": parent, "version": 1000}), 409))
    r = hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "作废后合并测试",
                                          "location": {"lon": 120.16, "lat": 30.26}})
    closed = r.json()["id"]
    r = disp.post("/api/v1/tickets/%d/actions" % closed, {"action": "recall", "note": "撤回"})
    r = disp.post("/api/v1/tickets/%d/actions" % closed, {"action": "reject", "note": "重复"})
    check("refuse: setup an invalid ticket", r.status == 200 and r.json()["state"] == "invalid", r)
    check("refuse: an invalid ticket is not merged", is_error(m(disp, closed, parent), 409))
    check("refuse: nor merged into", is_error(m(disp, far, closed), 409))
    r = disp.post("/api/v1/tickets/%d/actions" % far, {"action": "merge", "parent_id": parent})
    check("refuse: merge is not a generic action", r.status == 400, r)
    check("refuse: nothing changed", disp.get("/api/v1/tickets/%d" % far).json()["merge"]["parent"] is None)


def settings(ctx, check, lon, lat, far, draft):
    admin, disp = ctx["admin"], ctx["dispatcher"]
    cat = [c for c in admin.get("/api/v1/categories").json()["items"] if c["code"] == "0101"][0]["id"]
    put = lambda c, b: c.put("/api/v1/categories/%d/duplicates" % cat, b)  # noqa: E731
    check("settings: a dispatcher may not", is_error(put(disp, {"radius_m": 400, "window_days": 7}), 403))
    r = put(admin, {"radius_m": 400, "window_days": 7})
    check("settings: the administrator widens the radius", r.status == 200 and r.json()["radius_m"] == 400, r)
    got = ids(disp.post("/api/v1/tickets/duplicates", draft))
    check("settings: 300 m away is now suggested", far in got, got)
    for bad in ({"radius_m": 5, "window_days": 7}, {"radius_m": 400, "window_days": 0}, {"radius_m": 10 ** 12, "window_days": 7},
                {"radius_m": 400}, {"radius_m": "400", "window_days": 7}, {"radius_m": 400, "window_days": 7, "x": 1}):
        check("settings: bad %s" % json.dumps(bad), is_error(put(admin, bad), 400))
    check("settings: no such category", is_error(admin.put("/api/v1/categories/99999999/duplicates", {"radius_m": 300, "window_days": 7}), 404))
    check("settings: back to 250", put(admin, {"radius_m": 250, "window_days": 7}).status == 200)
    check("settings: 300 m away is not suggested again", far not in ids(disp.post("/api/v1/tickets/duplicates", draft)))


def bad_input(ctx, check, cid):
    disp, pub = ctx["dispatcher"], gw.Client(ctx["port"])
    d = lambda b: disp.post("/api/v1/tickets/duplicates", b)  # noqa: E731
    loc = {"lon": 120.16, "lat": 30.26}
    r = d({"location": loc})
    check("draft without a category: the open cases nearby of every category", r.status == 200
          and r.json()["radius_m"] == 250 and isinstance(r.json()["items"], list), r)
    for label, b in [("no location", {"category_code": "0101"}), ("category_id zero", {"category_id": 0, "location": loc}),
                     ("unknown category", {"category_code": "9999", "location": loc}),
                     ("location out of range", {"category_code": "0101", "location": {"lon": 200, "lat": 30}}),
                     ("limit", {"category_code": "0101", "location": loc, "limit": 21}),
                     ("text too long", {"category_code": "0101", "location": loc, "description": "井" * 2001}),
                     ("unknown field", {"category_code": "0101", "location": loc, "x": 1})]:
        check("bad: draft %s" % label, is_error(d(b), 400), label)
    for q in ["category_code=0101&lon=120.16", "category_code=0101&lon=x&lat=30.26", "lon=120.16&lat=30.26",
              "category_code=0101&lon=120.16&lat=30.26&id=1", "category_code=9999&lon=120.16&lat=30.26",
              "category_code=0101&lon=120.16&lat=95"]:
        check("bad: public %s" % q, is_error(pub.get("/api/v1/public/duplicates?" + q), 400), q)
    check("bad: limit 0", is_error(disp.get("/api/v1/tickets/%d/duplicates?limit=0" % cid), 400))
    check("bad: unknown query", is_error(disp.get("/api/v1/tickets/%d/duplicates?x=1" % cid), 400))
    check("bad: no such ticket", is_error(disp.get("/api/v1/tickets/99999999/duplicates"), 404))
    for b in [{}, {"parent_id": "x"}, {"parent_id": 0}, {"parent_id": 1, "note": 5}, {"parent_id": 1, "y": 1}]:
        check("bad: merge %s" % json.dumps(b), is_error(disp.post("/api/v1/tickets/%d/merge" % cid, b), 400), b)
    for b in [{}, {"note": 5}]:
        check("bad: unmerge %s" % json.dumps(b), is_error(ctx["supervisor"].post("/api/v1/tickets/%d/unmerge" % cid, b), 400), b)
