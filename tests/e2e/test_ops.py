"""Operations: health and metrics, list filters and paging, search, GCJ-02, routing and grid
lookups, photo scope, the public rate limit, the audit chain CLI, the demo-password guard, the
command line and a SIGTERM drain under load."""
import math
import random
import re
import signal
import subprocess
import threading
import time
import urllib.parse

import gw
from test_authz import category_id, is_error, items, report_manhole, tiny_png, unit_by_code

STATES = ["reported", "accepted", "dispatched", "signed", "returned", "suspended", "handled", "closed", "invalid"]


def metrics(c):
    r = c.get("/metrics")
    return r, r.body.decode()


def metric(text, name, labels=""):
    m = re.search(r"^%s%s (\S+)$" % (re.escape(name), re.escape(labels)), text, re.M)
    return float(m.group(1)) if m else None


def all_pages(c, query, limit=50):
    """Follow next_cursor; returns (pages of ids, last next_cursor)."""
    pages, cursor = [], None
    while True:
        r = c.get("/api/v1/tickets?%slimit=%d%s" % (query + "&" if query else "", limit, "&cursor=%d" % cursor if cursor else ""))
        if r.status != 200:
            raise RuntimeError("list %s: %r" % (query, r))
        j = r.json()
        pages.append(j["items"])
        cursor = j["next_cursor"]
        if cursor is None or len(pages) > 100:
            return pages, cursor


def cli(binary, *args, timeout=60):
    return subprocess.run([binary, *args], capture_output=True, text=True, timeout=timeout)


def run(base, ctx):
    run_flag_filters(base, ctx)
    run_hotspots(base, ctx)
    check, port, binary, srv = ctx["check"], ctx["port"], ctx["binary"], ctx["server"]
    admin, disp, hotline = ctx["admin"], ctx["dispatcher"], ctx["hotline"]
    shizheng, shuiwu = ctx["shizheng"], ctx["shuiwu"]
    anon = gw.Client(port)

    # /healthz and /metrics.
    r = anon.get("/healthz")
    check("ops: healthz", r.status == 200 and r.headers.get("content-type", "").startswith("application/json")
          and r.json() == {"status": "ok"}, r)
    _, t0 = metrics(anon)
    for _ in range(3):
        disp.get("/api/v1/me")
    anon.get("/api/v1/no-such-thing")
    r, t1 = metrics(anon)
    check("ops: metrics is Prometheus text", r.status == 200 and r.headers.get("content-type", "").startswith("text/plain"), r)
    lbl = '{route="me",status="200"}'
    check("ops: requests counted per route", (metric(t1, "gridwork_http_requests_total", lbl) or 0)
          - (metric(t0, "gridwork_http_requests_total", lbl) or 0) == 3, re.findall(r".*route=\"me\".*", t1))
    lbl = '{route="unmatched",status="404"}'
    check("ops: unknown paths counted as unmatched", (metric(t1, "gridwork_http_requests_total", lbl) or 0)
          - (metric(t0, "gridwork_http_requests_total", lbl) or 0) == 1)
    buckets = [float(x) for x in re.findall(r'^gridwork_http_request_duration_seconds_bucket\{le="[^"]+"\} (\S+)$', t1, re.M)]
    count = metric(t1, "gridwork_http_request_duration_seconds_count")
    check("ops: histogram buckets cumulative, +Inf == count", len(buckets) >= 5 and buckets == sorted(buckets)
          and metric(t1, "gridwork_http_request_duration_seconds_bucket", '{le="+Inf"}') == count and count > 0,
          (buckets, count))
    check("ops: histogram sum", (metric(t1, "gridwork_http_request_duration_seconds_sum") or -1) >= 0)
    check("ops: db queue depth gauge", metric(t1, "gridwork_db_queue_depth") is not None)
    gauge = {s: metric(t1, "gridwork_tickets", '{state="%s"}' % s) for s in STATES}
    check("ops: tickets gauge for every state", all(v is not None for v in gauge.values()), gauge)
    total = int(sum(v or 0 for v in gauge.values()))

    # Listing: per-state counts match the gauge; cursor pages are disjoint, descending, complete.
    for s in STATES:
        pages, _ = all_pages(admin, "status=" + s, 200)
        got = [x for p in pages for x in p]
        check("ops: status=%s matches the gauge" % s, len(got) == gauge[s] and all(x["state"] == s for x in got),
              (len(got), gauge[s]))
    pages, last = all_pages(admin, "", 37)
    ids = [x["id"] for p in pages for x in p]
    check("ops: pages disjoint and descending", ids == sorted(set(ids), reverse=True), ids[:10])
    check("ops: full pages but the last", all(len(p) == 37 for p in pages[:-1]) and len(pages[-1]) <= 37)
    check("ops: paging reaches every ticket, next_cursor null at the end", len(ids) == total and last is None,
          (len(ids), total))
    cat = category_id(admin, "0101")
    got = [x for p in all_pages(admin, "category_id=%d" % cat, 200)[0] for x in p]
    check("ops: category filter", got and all(x["category"]["id"] == cat for x in got), len(got))
    big = next(x["parent_id"] for x in items(admin, "/api/v1/categories") if x["id"] == cat)
    got = [x for p in all_pages(admin, "category_id=%d" % big, 200)[0] for x in p]
    check("ops: big-class filter covers subclasses", got and all(x["category"]["code"].startswith("01") for x in got)
          and any(x["category"]["id"] == cat for x in got), len(got))
    got = [x for p in all_pages(admin, "source=hotline", 200)[0] for x in p]
    check("ops: source filter", got and all(x["source"] == "hotline" for x in got), len(got))
    check("ops: unknown source lists nothing", items(admin, "/api/v1/tickets?source=martian") == [])
    for _ in range(3):  # the sweeper may flag a ticket between the two reads: retry
        everything = [x for p in all_pages(admin, "", 200)[0] for x in p]
        over = [x for p in all_pages(admin, "overdue=1", 200)[0] for x in p]
        if {x["id"] for x in everything if x["overdue"]} == {x["id"] for x in over}:
            break
    check("ops: overdue filter is exactly the overdue tickets", over and all(x["overdue"] for x in over)
          and {x["id"] for x in everything if x["overdue"]} == {x["id"] for x in over}, len(over))
    for q in ["status=bogus", "limit=0", "limit=201", "limit=abc", "cursor=abc", "category_id=x", "from=yesterday",
              "division_id=999999", "q=" + urllib.parse.quote("字" * 101)]:
        check("ops: bad list query %s -> 400" % q[:20], is_error(admin.get("/api/v1/tickets?" + q), 400, "invalid_request"))

    # Full-text search: trigram for >= 3 characters, base-table scan for 1-2.
    tag = "".join(random.choice("甲乙丙丁戊己庚辛壬癸") for _ in range(6))
    r = report_manhole(hotline, "运维测试：鹈鹕鸵鸟在犀牛公园喷泉边筑巢%s" % tag)
    check("ops: search ticket created", r.status == 201, r)
    sid = r.json()["id"]
    for q in ["鹈鹕鸵鸟在犀牛", "鸵鸟在", "犀牛公园喷泉", tag, "鸵鸟", "鹈", tag[:2]]:
        found = items(disp, "/api/v1/tickets?limit=200&q=" + urllib.parse.quote(q))
        check("ops: search %r (%d chars) finds it" % (q, len(q)), any(x["id"] == sid for x in found)
              and all(q in x["description"] for x in found), [x["description"][:30] for x in found[:3]])
    check("ops: search respects scope", all(x["id"] != sid for x in items(shuiwu, "/api/v1/tickets?q=" + urllib.parse.quote(tag))))
    check("ops: search no match", items(disp, "/api/v1/tickets?q=" + urllib.parse.quote("不存在的短语" + tag)) == [])
    for q in ['"鸵鸟', '鸵鸟" OR "x', "鸵鸟 NOT 犀牛", "*", "鸵鸟*", "a\"b\"c"]:
        r = disp.get("/api/v1/tickets?q=" + urllib.parse.quote(q))
        check("ops: search with FTS syntax %r is plain text" % q, r.status == 200
              and all(q in x["description"] for x in r.json()["items"]), r)
    found = items(disp, "/api/v1/tickets?status=dispatched&q=" + urllib.parse.quote(tag))
    check("ops: search combines with status", [x["id"] for x in found] == [sid], found)

    # GCJ-02 in and out: the same point back with ?coord=gcj02, a shifted WGS-84 point without.
    glon, glat = 120.2016, 30.2588
    r = hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "运维测试：高德坐标上报",
                                         "location": {"lon": glon, "lat": glat}, "coord": "gcj02"})
    check("ops: gcj02 report created", r.status == 201, r)
    gid = r.json()["id"]
    g = admin.get("/api/v1/tickets/%d?coord=gcj02" % gid).json()["location"]
    check("ops: read back in gcj02 within 1e-6", abs(g["lon"] - glon) < 1e-6 and abs(g["lat"] - glat) < 1e-6
          and g["coord"] == "gcj02", g)
    w = admin.get("/api/v1/tickets/%d" % gid).json()["location"]
    shift = math.hypot(w["lon"] - glon, w["lat"] - glat)
    check("ops: stored as WGS-84 (shifted 100-1000 m)", w["coord"] == "wgs84" and 1e-3 < shift < 1e-2, (w, shift))
    r = admin.get("/api/v1/grids/at?lon=%r&lat=%r&coord=gcj02" % (glon, glat))
    check("ops: grids/at converts gcj02 like tickets do", r.status == 200
          and abs(r.json()["point"]["coordinates"][0] - w["lon"]) < 1e-6
          and r.json()["id"] == admin.get("/api/v1/tickets/%d" % gid).json()["division_id"], r)

    # Routing test and grid lookup for a demo point.
    r = disp.get("/api/v1/grids/at?lon=120.155&lat=30.255")
    check("ops: grids/at finds a grid", r.status == 200 and r.json()["level"] == "grid"
          and r.json()["path"].endswith("/%d/" % r.json()["id"]), r)
    grid = r.json()["id"] if r.status == 200 else 0
    sz, cg = unit_by_code(admin, "shizheng"), unit_by_code(admin, "chengguan")
    for q in ["division_id=%d" % grid, "lon=120.155&lat=30.255"]:
        r = disp.get("/api/v1/routing-rules/test?category_id=%d&%s" % (cat, q))
        check("ops: rule test 0101 (%s) -> 市政, CC 城管" % q.split("=")[0], r.status == 200
              and r.json()["unit_id"] == sz["id"] and "市政" in r.json()["unit_name"]
              and cg["id"] in r.json()["cc_unit_ids"] and r.json()["mode"] == "auto", r)
    for q, st in [("lon=0&lat=0", 404), ("lon=abc&lat=30", 400), ("lon=120.1", 400), ("lon=181&lat=30", 400),
                  ("lon=120.1&lat=30.2&coord=bd09", 400)]:
        check("ops: grids/at %s -> %d" % (q, st), is_error(disp.get("/api/v1/grids/at?" + q), st))
    for q, st in [("division_id=%d" % grid, 400), ("category_id=%d" % cat, 400),
                  ("category_id=999999&division_id=%d" % grid, 404),
                  ("category_id=%d&division_id=%d&lon=1&lat=1" % (cat, grid), 400)]:
        check("ops: rule test %s -> %d" % (q, st), is_error(disp.get("/api/v1/routing-rules/test?" + q), st))

    # A photo attached at report: served to its unit and the dispatcher, hidden from 水务.
    png = tiny_png(31337)
    up = hotline.request("POST", "/api/v1/files", raw=png, ctype="image/png")
    check("ops: photo uploaded", up.status == 201, up)
    sha = up.json()["sha256"]
    r = report_manhole(hotline, "运维测试：带照片上报的井盖", photos=[sha])
    check("ops: report with photo", r.status == 201 and [p["sha256"] for p in r.json()["photos"]] == [sha]
          and r.json()["photos"][0]["stage"] == "report", r)
    for who in ("shizheng", "dispatcher", "admin"):
        r = ctx[who].get("/api/v1/files/" + sha)
        check("ops: %s gets the photo as image/png" % who, r.status == 200 and r.body == png
              and r.headers.get("content-type") == "image/png", r)
    check("ops: 水务 gets 404 for it", is_error(shuiwu.get("/api/v1/files/" + sha), 404, "not_found"))
    check("ops: bad sha 404", is_error(shizheng.get("/api/v1/files/" + "G" * 64), 404))

    # Command line.
    r = cli(binary, "--help")
    check("ops: --help exits 0", r.returncode == 0 and "usage" in r.stdout.lower(), r.stdout[:200])
    r = cli(binary, "serve", "--help")
    check("ops: serve --help mentions --listen", r.returncode == 0 and "--listen" in r.stdout, r.stdout[:300])
    r = cli(binary, "frobnicate")
    check("ops: unknown command exits 2", r.returncode == 2 and "unknown command" in r.stderr, (r.returncode, r.stderr[:200]))
    check("ops: no command exits 2", cli(binary).returncode == 2)
    check("ops: audit without verify exits 2", cli(binary, "audit", "--db", srv.db).returncode == 2)
    check("ops: backup without --to exits 2", cli(binary, "backup", "--db", srv.db).returncode == 2)

    # Audit chains: intact on a copy (gridwork backup / pg_dump); an edited or deleted row is found
    # and named (each tamper on its own copy, edited with SQL).
    copy = gw.copy_db(ctx, srv.db)
    r = cli(binary, "audit", "verify", "--db", copy)
    check("ops: audit verify intact", r.returncode == 0 and "intact" in r.stdout, (r.returncode, r.stdout, r.stderr))
    for table, col, how in [("ticket_timeline", "note", "edit"), ("audit_log", "detail", "edit"),
                            ("ticket_timeline", None, "delete")]:
        path = gw.copy_db(ctx, copy)
        ids = [x[0] for x in gw.sql(ctx, path, "SELECT id FROM %s ORDER BY id" % table)]
        victim = ids[len(ids) // 2] if ids else 0
        if how == "edit":
            gw.sql(ctx, path, "UPDATE %s SET %s = 'tampered' WHERE id = ?" % (table, col), (victim,))
            named = victim
        else:
            gw.sql(ctx, path, "DELETE FROM %s WHERE id = ?" % table, (victim,))
            named = ids[len(ids) // 2 + 1] if len(ids) > len(ids) // 2 + 1 else 0
        r = cli(binary, "audit", "verify", "--db", path)
        check("ops: audit verify finds a %s in %s" % (how, table), ids and r.returncode == 1
              and re.search(r"\b%s id %d\b" % (table, named), r.stdout + r.stderr), (victim, r.stdout, r.stderr))

    # Demo passwords: no listening beyond loopback.
    try:
        r = cli(binary, "serve", "--db", gw.fresh_db(ctx, 5), "--listen", "0.0.0.0:%d" % gw.free_port(), timeout=20)
        check("ops: demo passwords refuse 0.0.0.0", r.returncode not in (0, None) and "demo password" in r.stderr,
              (r.returncode, r.stderr[-300:]))
    except subprocess.TimeoutExpired:
        check("ops: demo passwords refuse 0.0.0.0", False, "server kept running on 0.0.0.0")

    # Public rate limit on a second server: 5 per minute per client, JSON 429 after.
    if ctx["backend"].postgres:
        gw.avoid_window_end(60, 5)  # counted per clock minute in the database
    rl = gw.Server(binary, db=gw.copy_db(ctx, srv.db), extra=["--public-rate", "5"]).start()
    staff = rl.login("dispatcher")
    got = [gw.Client(rl.port).get("/api/v1/track/XXXXXXXXXXXXXXXX") for _ in range(10)]
    st = [x.status for x in got]
    check("ops: rate limit: 404 then 429", st[0] == 404 and 429 in st and st == sorted(st), st)
    check("ops: 429 is a JSON error", all(is_error(x, 429, "rate_limited") for x in got if x.status == 429), got[-1])
    check("ops: staff routes not limited", all(staff.get("/api/v1/me").status == 200 for _ in range(8)))
    rc, log = rl.stop()
    check("ops: rate-limit server stops cleanly", rc == 0, log[-500:])

    # SIGTERM while 20 reports are in flight: every 201 is durable, exit code 0.
    dr = gw.Server(binary, db=gw.copy_db(ctx, srv.db)).start()
    hl = dr.login("hotline")
    results, lock, go = [], threading.Lock(), threading.Barrier(21)

    def fire(i):
        go.wait()
        try:
            r = report_manhole(hl, "停机测试第%d件：井盖异响" % i)
            res = (r.status, r.json().get("id") if r.status == 201 else None)
        except Exception as e:  # refused once the server stops accepting
            res = (type(e).__name__, None)
        with lock:
            results.append(res)
    threads = [threading.Thread(target=fire, args=(i,)) for i in range(20)]
    for th in threads:
        th.start()
    go.wait()
    deadline = time.time() + 30
    while time.time() < deadline and len(results) < 3:
        time.sleep(0.005)
    dr.proc.send_signal(signal.SIGTERM)
    at_signal = len(results)
    for th in threads:
        th.join(60)
    try:
        rc = dr.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        dr.proc.kill()
        rc = dr.proc.wait()
    dr.log.close()
    dr.proc = None
    created = [i for s, i in results if s == 201]
    check("ops: SIGTERM exit code 0", rc == 0, open(dr.log_path).read()[-500:])
    check("ops: SIGTERM arrived mid-way", at_signal < 20, at_signal)
    check("ops: drain answered some reports", len(results) == 20 and len(created) > at_signal, (at_signal, results))
    check("ops: no 5xx while draining", not [s for s, _ in results if isinstance(s, int) and s != 201], results)
    again = gw.Server(binary, db=dr.db).start()
    a2 = again.login("admin")
    missing = [i for i in created if a2.get("/api/v1/tickets/%d" % i).status != 200]
    check("ops: every 201 survived the restart", not missing, missing)
    rc, log = again.stop()
    check("ops: restarted server stops cleanly", rc == 0 and "AddressSanitizer" not in log, log[-500:])


def run_flag_filters(base, ctx):
    """warning=1 and extension_pending=1 list exactly the flagged tickets."""
    check, admin = ctx["check"], ctx["admin"]
    for flag, field in (("warning", "warning"), ("extension_pending", "extension_pending")):
        items = admin.get("/api/v1/tickets?%s=1&limit=200" % flag).json()["items"]
        every = admin.get("/api/v1/tickets?limit=200").json()["items"]
        check("ops: %s=1 lists only flagged" % flag, items and all(t[field] for t in items), items[:2])
        check("ops: %s=1 lists every flagged on the page" % flag,
              {t["id"] for t in every if t[field]} <= {t["id"] for t in items})


def run_hotspots(base, ctx):
    """The dashboard's Gi* hot spots: every grid in the caller's area, counts matching by_grid, and a
    cluster of new reports in one grid makes it the hottest."""
    check, admin, hotline = ctx["check"], ctx["admin"], ctx["hotline"]
    for i in range(12):  # a burst at one spot
        hotline.post("/api/v1/tickets", {"category_code": "0101", "description": "热点测试 井盖破损 %d" % i,
                                         "location": {"lon": 120.105, "lat": 30.205}})
    s = admin.get("/api/v1/stats/summary?days=1").json()
    h = s.get("hotspots", {})
    grids = h.get("grids", [])
    n_grids = sum(1 for d in admin.get("/api/v1/divisions").json()["items"] if d["level"] == "grid")
    check("hotspots: Gi* over every grid", h.get("method") == "getis-ord-gi*" and len(grids) == n_grids
          and h.get("band_m", 0) > 0, (h.get("method"), len(grids), n_grids))
    by_grid = {g["division_id"]: g["count"] for g in s["by_grid"]}
    check("hotspots: counts match by_grid", all(g["count"] == by_grid.get(g["division_id"], 0) for g in grids))
    spot = admin.get("/api/v1/grids/at?lon=120.105&lat=30.205").json()["id"]
    top = max(grids, key=lambda g: g["z"])
    check("hotspots: the burst's grid is the hottest, significantly", top["division_id"] == spot and top["z"] > 1.96,
          top)
    check("hotspots: scores are centred", abs(sum(g["z"] for g in grids)) < len(grids) * 1.0)
