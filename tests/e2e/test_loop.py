"""The whole 一网统管 loop over HTTP: report -> accept/dispatch -> sign -> return -> re-dispatch
-> extension -> feedback with photo -> rework -> approve -> resident tracks and rates."""
import struct
import threading
import zlib

import gw


def tiny_png(seed):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"\x00" + bytes([seed % 256, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def category_id(c, code):
    for cat in c.get("/api/v1/categories").json()["items"]:
        if cat["code"] == code:
            return cat["id"]
    raise KeyError(code)


def unit_by_code(c, code):
    for u in c.get("/api/v1/units").json()["items"]:
        if u["code"] == code:
            return u
    raise KeyError(code)


def act(c, tid, action, **kw):
    body = {"action": action}
    body.update(kw)
    return c.post("/api/v1/tickets/%d/actions" % tid, body)


def run(base, ctx):
    check = ctx["check"]
    hotline, disp, sup = ctx["hotline"], ctx["dispatcher"], ctx["supervisor"]
    shizheng, shuiwu = ctx["shizheng"], ctx["shuiwu"]
    manhole = category_id(disp, "0101")
    sz = unit_by_code(disp, "shizheng")
    cg = unit_by_code(disp, "chengguan")

    # 1. A hotline report of a broken manhole cover is accepted and dispatched at once by rule.
    r = hotline.post("/api/v1/tickets", {
        "category_id": manhole, "description": "中山路100号门口井盖破损下陷，晚上有行人绊倒风险",
        "location": {"lon": 120.155, "lat": 30.255}, "address": "中山路100号",
        "reporter_name": "王小明", "reporter_phone": "13812345678"})
    check("hotline report created", r.status == 201, r)
    t = r.json()
    tid, code = t["id"], t["track_code"]
    check("auto-dispatched", t["state"] == "dispatched", t["state"])
    check("routed to 市政", t["unit"] and t["unit"]["id"] == sz["id"], t["unit"])
    check("CC 城管", any(u["id"] == cg["id"] for u in t["cc_units"]), t["cc_units"])
    check("reporter masked in detail", t["reporter"]["phone"] == "138****5678" and "王小明" not in r.body.decode(),
          t["reporter"])
    tl = disp.get("/api/v1/tickets/%d/timeline" % tid).json()["items"]
    check("timeline report/accept/dispatch", [e["action"] for e in tl] == ["report", "accept", "dispatch"], tl)
    check("routing decision on timeline", tl[-1]["detail"].get("routing", {}).get("rule_id") is not None, tl[-1])
    check("timeline entries are chained", all(len(e["hash"]) == 64 for e in tl), tl)

    # 2. The other unit cannot see it; the handling unit signs, then returns it with a reason.
    check("水务 cannot read 市政's ticket", shuiwu.get("/api/v1/tickets/%d" % tid).status == 404)
    check("水务 cannot sign it", act(shuiwu, tid, "sign").status == 404)
    check("sign", act(shizheng, tid, "sign").status == 200)
    r = act(shizheng, tid, "return")
    check("return without reason rejected", r.status == 400 and r.json()["error"]["code"] == "invalid_request", r)
    r = act(shizheng, tid, "return", note="非本单位管辖，属燃气井盖")
    check("return", r.status == 200 and r.json()["state"] == "returned", r)
    check("dispatcher sees a routing suggestion", "routing_suggestion" in disp.get("/api/v1/tickets/%d" % tid).json())

    # 3. Re-dispatch: the dispatcher arbitrates and sends it back to 市政 explicitly.
    r = act(disp, tid, "dispatch", unit_id=sz["id"], note="经核实为市政井盖，仍由市政处置")
    check("re-dispatch", r.status == 200 and r.json()["state"] == "dispatched", r)
    check("sign again", act(shizheng, tid, "sign").status == 200)

    # 4. Extension: requested by the unit, approved by the supervisor; the deadline moves 3 days.
    due_before = disp.get("/api/v1/tickets/%d" % tid).json()["deadlines"]["handle"]
    check("extend needs a supervisor to approve", act(shizheng, tid, "approve_extension").status == 403)
    r = act(shizheng, tid, "extend", days=3, note="需更换井座，等待材料")
    check("extend requested", r.status == 200 and r.json()["extension_pending_days"] == 3, r)
    check("second extend conflicts", act(shizheng, tid, "extend", days=2, note="再次").status == 409)
    r = act(sup, tid, "approve_extension")
    check("extension approved", r.status == 200 and r.json()["counts"]["extension"] == 1, r)
    due_after = r.json()["deadlines"]["handle"]
    check("handle deadline moved", due_after > due_before, (due_before, due_after))

    # 5. Feedback with a photo, rework, feedback again, approve.
    up = shizheng.request("POST", "/api/v1/files", raw=tiny_png(1), ctype="image/png")
    check("photo uploaded", up.status == 201, up)
    sha = up.json()["sha256"]
    r = act(shizheng, tid, "feedback", note="已更换井盖", public_reply="井盖已更换", photos=[sha])
    check("feedback", r.status == 200 and r.json()["state"] == "handled", r)
    check("feedback photo attached", any(p["sha256"] == sha and p["stage"] == "feedback" for p in r.json()["photos"]))
    check("photo served", shizheng.get("/api/v1/files/" + sha).headers.get("content-type") == "image/png")
    r = act(sup, tid, "rework", note="井盖与路面高差仍超过1厘米")
    check("rework", r.status == 200 and r.json()["state"] == "signed" and r.json()["counts"]["rework"] == 1, r)
    check("rework keeps the approved extension", r.json()["deadlines"]["handle"] >= due_after,
          (due_after, r.json()["deadlines"]["handle"]))
    check("feedback again", act(shizheng, tid, "feedback", note="已重新调平", public_reply="井盖已调平").status == 200)
    check("grid worker cannot approve", act(ctx["grid01"], tid, "approve", public_reply="已办结").status in (403, 404))
    r = act(sup, tid, "approve", public_reply="您反映的井盖问题已处置完毕")
    check("approve closes", r.status == 200 and r.json()["state"] == "closed", r)

    # 6. The resident follows and rates, without seeing anyone's personal data.
    pub = gw.Client(ctx["port"])
    r = pub.get("/api/v1/track/" + code)
    body = r.body.decode()
    check("track", r.status == 200 and r.json()["state"] == "closed", r)
    check("track hides reporter", "王小明" not in body and "13812345678" not in body and "5678" not in body, body[:300])
    check("track masks house number", "100号" not in body, body[:300])
    check("track shows every step", [e["action"] for e in r.json()["timeline"]][:3] == ["report", "accept", "dispatch"])
    check("track has no actor ids", all("actor_user_id" not in e for e in r.json()["timeline"]))
    # the after-repair photo (FixMyStreet shows it): feedback photos only, served under the tracking code
    photos = r.json().get("photos", [])
    check("track shows the after-repair photo", [p["stage"] for p in photos] == ["feedback"]
          and photos[0]["url"] == "/api/v1/track/%s/photos/%s" % (code, sha), photos)
    got = pub.get("/api/v1/track/%s/photos/%s" % (code, sha))
    check("the after-repair photo is served by the tracking code", got.status == 200
          and got.headers.get("content-type") == "image/png" and got.body == tiny_png(1), got)
    check("only under its own ticket's code", pub.get("/api/v1/track/ABCDEFGHJKLMNPQR/photos/" + sha).status == 404)
    check("not the staff file path", pub.get("/api/v1/files/" + sha).status == 401)
    check("track unknown code 404", pub.get("/api/v1/track/ABCDEFGHJKLMNPQR").status == 404)
    check("the tracking code is 10 symbols without I, L, O, U", len(code) == 10 and not set(code) & set("ILOU"), code)
    spoken = (code[:5] + "-" + code[5:]).lower().replace("0", "o").replace("1", "l")
    r = pub.get("/api/v1/track/" + spoken)
    check("a code read out over the phone is found (case, dash, O for 0, L for 1)",
          r.status == 200 and r.json()["track_code"] == code, (spoken, r.status))
    r = pub.post("/api/v1/track/%s/rating" % code, {"rating": 6})
    check("rating out of range", r.status == 400, r)
    r = pub.post("/api/v1/track/%s/rating" % code, {"rating": 5, "comment": "处理及时"})
    check("rate", r.status == 200, r)
    check("rate twice conflicts", pub.post("/api/v1/track/%s/rating" % code, {"rating": 4}).status == 409)
    check("rating stored", disp.get("/api/v1/tickets/%d" % tid).json()["rating"]["score"] == 5)

    # 7. A resident report waits for acceptance; suspend and resume shift the clock.
    up = pub.request("POST", "/api/v1/public/files", raw=tiny_png(7), ctype="image/png")
    check("resident uploads a photo without login", up.status == 201 and len(up.json()["sha256"]) == 64, up)
    check("public upload checks the content", pub.request("POST", "/api/v1/public/files", raw=b"<script>",
                                                          ctype="image/png").status == 415)
    r = pub.post("/api/v1/public/reports", {"category_code": "0101", "description": "小区门口井盖丢失",
                                            "location": {"lon": 120.16, "lat": 30.26},
                                            "photos": [up.json()["sha256"]]})
    check("resident report", r.status == 201, r)
    rcode = r.json()["track_code"]
    lst = disp.get("/api/v1/tickets?status=reported&limit=200").json()["items"]
    mine = [x for x in lst if x["track_code"] == rcode]
    check("resident report waits in reported", len(mine) == 1, lst[:2])
    if mine:
        rid = mine[0]["id"]
        check("rating before closure conflicts", pub.post("/api/v1/track/%s/rating" % rcode, {"rating": 3}).status == 409)
        photos = disp.get("/api/v1/tickets/%d" % rid).json()["photos"]
        check("resident's photo on the ticket", [p["stage"] for p in photos] == ["report"], photos)
        tr = pub.get("/api/v1/track/" + rcode).json()
        check("a report photo is not on the public tracking page", tr.get("photos") == [], tr.get("photos"))
        check("nor served by the tracking code", pub.get("/api/v1/track/%s/photos/%s" % (rcode, up.json()["sha256"])).status == 404)
        check("accept", act(disp, rid, "accept").status == 200)
        r = act(disp, rid, "dispatch")
        check("dispatch by rule", r.status == 200 and r.json()["unit"]["id"] == sz["id"], r)
        check("suspend needs note", act(sup, rid, "suspend").status == 400)
        r = act(sup, rid, "suspend", note="暴雨停工")
        check("suspend", r.status == 200 and r.json()["state"] == "suspended" and r.json()["deadlines"]["running"] is None, r)
        r = act(sup, rid, "resume")
        check("resume to dispatched", r.status == 200 and r.json()["state"] == "dispatched", r)

        # 8. Two dispatchers... two actors on one ticket at once: exactly one wins.
        v = disp.get("/api/v1/tickets/%d" % rid).json()["version"]
        results = []

        def racer(client):
            results.append(act(client, rid, "sign", version=v).status)
        threads = [threading.Thread(target=racer, args=(shizheng,)) for _ in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        check("concurrent sign: one winner", sorted(results) == [200, 409, 409, 409], results)

    # 9. Cached ticket views follow configuration edits: a renamed unit shows at once.
    old_name = sz["name"]
    check("rename unit", ctx["admin"].put("/api/v1/units/%d" % sz["id"], {"name": "市政设施中心（改名测试）"}).status == 200)
    check("view shows the new unit name",
          disp.get("/api/v1/tickets/%d" % tid).json()["unit"]["name"] == "市政设施中心（改名测试）")
    check("rename back", ctx["admin"].put("/api/v1/units/%d" % sz["id"], {"name": old_name}).status == 200)
    check("view shows the old name again", disp.get("/api/v1/tickets/%d" % tid).json()["unit"]["name"] == old_name)
    # the same view serves different callers their own actions
    check("dispatcher sees no unit actions", "sign" not in disp.get("/api/v1/tickets/%d" % tid).json()["actions"])

    # 10. A view read right after each write is never stale (the cache is keyed by change counters).
    r = hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "缓存一致性检查：井盖松动",
                                         "location": {"lon": 120.155, "lat": 30.255}})
    cid = r.json()["id"]
    seen = []
    for client, action, body in ((shizheng, "sign", {}), (shizheng, "feedback", {"note": "已加固", "public_reply": "已加固"}),
                                 (sup, "rework", {"note": "仍有异响"}), (shizheng, "feedback", {"note": "已更换", "public_reply": "已更换"}),
                                 (sup, "approve", {"public_reply": "已办结"})):
        before = disp.get("/api/v1/tickets/%d" % cid).json()  # warm the cache
        done = act(client, cid, action, **body).json()
        after = disp.get("/api/v1/tickets/%d" % cid).json()
        seen.append((before["version"] < after["version"], after["state"] == done["state"],
                     after["version"] == done["version"]))
    check("views follow every write at once", all(all(x) for x in seen), seen)
