"""Early warning (预警, issue 12 item 4) on its own demo city: the planted rise (six 暴露垃圾 reports in
grid01's community within minutes, after quiet days) raises exactly one rise warning — that one — and the
caller who rang three times this month exactly one repeat warning, named by a masked number only. A second
evaluation writes no second row; an acknowledged warning opens again when its count grows; scope,
permissions and bad input."""
import gw
from test_authz import is_error


def warnings(c, q=""):
    r = c.get("/api/v1/warnings?limit=100" + q)
    return r.json()["items"] if r.status == 200 else r


def run(base, ctx):
    check, binary = ctx["check"], ctx["binary"]
    db = gw.fresh_db(ctx, 400)
    s = gw.Server(binary, db=db, extra=["--warning-seconds", "86400"]).start()
    try:
        admin, sup, disp = s.login("admin"), s.login("supervisor"), s.login("dispatcher")
        r = admin.post("/api/v1/warnings/run")
        check("warnings: an administrator evaluates now", r.status == 200 and r.json()["raised"] >= 2, r)
        rises = warnings(admin, "&kind=rise")
        community = gw.sql(ctx, db, "SELECT path, name FROM divisions WHERE name = '幸福里社区'")[0]
        cat = gw.sql(ctx, db, "SELECT id FROM categories WHERE code = '1001'")[0][0]
        check("warnings: exactly the planted rise", len(rises) == 1 and rises[0]["area_path"] == community[0]
              and rises[0]["area_name"] == community[1] and rises[0]["category_id"] == cat
              and rises[0]["count"] == 6 and rises[0]["score"] > 3 and rises[0]["state"] == "open", rises)
        rise = rises[0] if len(rises) == 1 else {"id": 0, "tickets": []}
        texts = [disp.get("/api/v1/tickets/%d" % t).json().get("description", "") for t in rise["tickets"]]
        check("warnings: the rise's evidence is the six reports", len(texts) == 6
              and all("垃圾" in t for t in texts), texts)
        reps = warnings(admin, "&kind=repeat")
        check("warnings: exactly the repeat caller, masked", len(reps) == 1 and reps[0]["subject"] == "139****9999"
              and reps[0]["count"] == 3 and len(reps[0]["tickets"]) == 3, reps)
        check("warnings: the number itself is never served", "13900009999" not in admin.get("/api/v1/warnings").body.decode())

        r = admin.post("/api/v1/warnings/run")
        again = warnings(admin)
        check("warnings: a second evaluation writes no second row", r.status == 200
              and len(again) == 2 and {w["id"] for w in again} == {rise["id"], reps[0]["id"] if reps else 0}, again)

        # acknowledgement by a supervisor, once; a dispatcher may read but not acknowledge
        check("warnings: dispatcher reads", isinstance(warnings(disp), list) and len(warnings(disp)) == 2)
        check("warnings: dispatcher may not acknowledge",
              is_error(disp.post("/api/v1/warnings/%d/ack" % rise["id"], {}), 403))
        r = sup.post("/api/v1/warnings/%d/ack" % rise["id"], {"note": "已通知环卫加密清运"})
        check("warnings: supervisor acknowledges", r.status == 200 and r.json()["state"] == "acknowledged"
              and r.json()["ack_note"] == "已通知环卫加密清运" and r.json()["ack_by"], r)
        check("warnings: twice -> 409", is_error(sup.post("/api/v1/warnings/%d/ack" % rise["id"], {}), 409, "conflict"))
        audit = admin.get("/api/v1/audit?action=warning.ack").json()["items"]
        check("warnings: the acknowledgement is audited",
              any(a["object"] == "warning:%d" % rise["id"] and a["actor"] == "supervisor" for a in audit), audit)
        check("warnings: open list leaves it out", all(w["id"] != rise["id"] for w in warnings(sup, "&state=open")))

        # one more report of the same day and place: the count grows, the warning opens again
        grid = gw.sql(ctx, db, "SELECT lon, lat FROM tickets WHERE id = ?", (rise["tickets"][0],))[0]
        r = s.login("hotline").post("/api/v1/tickets", {"category_code": "1001", "description": "东门垃圾又堆起来了",
                                                        "location": {"lon": float(grid[0]), "lat": float(grid[1])}})
        check("warnings: a seventh report", r.status == 201, r)
        admin.post("/api/v1/warnings/run")
        w = admin.get("/api/v1/warnings/%d" % rise["id"]).json()
        check("warnings: count grew and it opened again", w["count"] == 7 and w["state"] == "open", w)

        # who may see: a unit handler has no dashboard; outside one's area -> 404
        sz = s.login("shizheng")
        check("warnings: a unit handler may not list", is_error(sz.get("/api/v1/warnings"), 403))
        check("warnings: only an administrator runs them", is_error(sup.post("/api/v1/warnings/run"), 403))
        gw.sql(ctx, db, "UPDATE warnings SET area_path = '/999999/' WHERE id = ?", (rise["id"],))
        gw.sql(ctx, db, "UPDATE users SET division_id = (SELECT id FROM divisions WHERE name = '东湖社区')"
                        " WHERE username = 'dispatcher'")
        d2 = s.login("dispatcher")
        check("warnings: outside one's area -> 404", is_error(d2.get("/api/v1/warnings/%d" % rise["id"]), 404))
        check("warnings: and not listed", all(x["id"] != rise["id"] for x in warnings(d2)))

        # bad input
        check("warnings: bad kind -> 400", is_error(admin.get("/api/v1/warnings?kind=boom"), 400))
        check("warnings: bad state -> 400", is_error(admin.get("/api/v1/warnings?state=x"), 400))
        check("warnings: unknown query -> 400", is_error(admin.get("/api/v1/warnings?evil=1"), 400))
        check("warnings: bad id -> 4xx", is_error(admin.get("/api/v1/warnings/abc"), 400)
              or is_error(admin.get("/api/v1/warnings/abc"), 404))
        check("warnings: no such -> 404", is_error(admin.get("/api/v1/warnings/999999"), 404))
        check("warnings: overlong note -> 400", is_error(sup.post("/api/v1/warnings/%d/ack" % reps[0]["id"],
                                                                  {"note": "长" * 201}), 400))
        check("warnings: note not text -> 400", is_error(sup.post("/api/v1/warnings/%d/ack" % reps[0]["id"],
                                                                   {"note": 5}), 400))
        check("warnings: run takes no body", is_error(admin.post("/api/v1/warnings/run", {"x": 1}), 400))
        check("warnings: nothing acknowledged by bad input",
              admin.get("/api/v1/warnings/%d" % reps[0]["id"]).json()["state"] == "open")

        # many people with one complaint: five callers (and one of them again) about one 烧烤 in 东湖社区
        east = gw.sql(ctx, db, "SELECT path FROM divisions WHERE name = '东湖社区'")[0][0]
        spot = gw.sql(ctx, db, "SELECT lon, lat FROM tickets WHERE division_path LIKE ? AND lon IS NOT NULL",
                      (east + "%",))[0]
        hot = s.login("hotline")
        texts = ["楼下烧烤店油烟很大，熏得窗户都不敢开", "楼下烧烤店油烟太大了，窗户都不敢开", "烧烤店油烟很大，熏得家里窗户不敢开",
                 "楼下的烧烤店油烟很大熏得窗户不敢开", "楼下烧烤店每晚油烟很大，熏得窗户都不敢开", "楼下烧烤店油烟很大，窗户都不敢开"]
        phones = ["13700000011", "13700000012", "13700000013", "13700000014", "13700000015", "13700000011"]
        made = []
        for text, phone in zip(texts, phones):
            r = hot.post("/api/v1/tickets", {"category_code": "1308", "description": text, "reporter_phone": phone,
                                             "location": {"lon": float(spot[0]), "lat": float(spot[1])}})
            made.append(r.json()["id"] if r.status == 201 else r)
        check("warnings: six 烧烤 reports", all(isinstance(x, int) for x in made), made)
        admin.post("/api/v1/warnings/run")
        cl = warnings(admin, "&kind=cluster")
        check("warnings: one cluster, the six reports from five callers", len(cl) == 1 and cl[0]["area_path"] == east
              and cl[0]["count"] == 6 and set(cl[0]["tickets"]) == set(made) and "烧烤" in cl[0]["subject"], cl)
        # four callers are not many: the same complaint in 江岸社区 from four numbers raises nothing there
        river = gw.sql(ctx, db, "SELECT path FROM divisions WHERE name = '江岸社区'")[0][0]
        spot = gw.sql(ctx, db, "SELECT lon, lat FROM tickets WHERE division_path LIKE ? AND lon IS NOT NULL",
                      (river + "%",))[0]
        for text, phone in zip(texts[:4], phones[:4]):
            hot.post("/api/v1/tickets", {"category_code": "1308", "description": text, "reporter_phone": phone,
                                         "location": {"lon": float(spot[0]), "lat": float(spot[1])}})
        admin.post("/api/v1/warnings/run")
        cl = warnings(admin, "&kind=cluster")
        check("warnings: four callers raise no cluster", [w["area_path"] for w in cl] == [east], cl)
    finally:
        s.stop()
