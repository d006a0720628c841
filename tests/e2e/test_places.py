"""The address gazetteer (地名地址/门牌库): search as the operator types (forms, numerals, a typo,
digits kept), every demo address resolvable, the administrator's writes (audited, strict), imports
from CSV and .xlsx (all or nothing, a per-row report), the roads for the offline base map, and the
command-line import."""
import io
import json
import os
import subprocess
import tempfile
import urllib.parse
import zipfile

import gw
from test_authz import is_error, items


def search(c, q, limit=10):
    return c.get("/api/v1/places?" + urllib.parse.urlencode({"q": q, "limit": limit}))


def named(c, name):
    """The place called exactly name, or None."""
    r = search(c, name, 50)
    return next((x for x in r.json()["items"] if x["name"] == name), None) if r.status == 200 else None


def top(c, q):
    r = search(c, q)
    its = r.json()["items"] if r.status == 200 else []
    return its[0] if its else None


def xlsx(rows):
    """A minimal workbook whose first sheet holds rows (inline strings), built with zipfile."""
    def cell(ci, ri, v):
        ref = chr(ord("A") + ci) + str(ri)
        esc = str(v).replace("&", "&amp;").replace("<", "&lt;")
        return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, esc)
    data = "".join('<row r="%d">%s</row>' % (i + 1, "".join(cell(j, i + 1, v) for j, v in enumerate(row)))
                   for i, row in enumerate(rows))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData>%s</sheetData></worksheet>" % data)
    return buf.getvalue()


def run(base, ctx):
    check, admin, hotline, disp = ctx["check"], ctx["admin"], ctx["hotline"], ctx["dispatcher"]
    run_search(check, hotline)
    run_demo_addresses(check, ctx)
    run_writes(check, ctx, admin, disp, hotline)
    run_import(check, ctx, admin, hotline)
    run_roads(check, hotline)


def run_search(check, c):
    t = top(c, "中山路100号")
    check("places: 中山路100号 found first", t and t["name"] == "中山路100号" and t["kind"] == "house"
          and t["score"] == 1.0, t)
    check("places: with its point and grid", t and abs(t["point"]["lon"] - 120.1125) < 1e-6
          and abs(t["point"]["lat"] - 30.2125) < 1e-6 and t["grid_id"] and t["grid_name"] == "幸福里社区第1网格", t)
    for q in ["中山路１００号", "中山路100號", "中山路一百号", " 中山路 100 号 ", "中山路（100号）"]:
        t = top(c, q)
        check("places: %s -> 中山路100号" % q, t and t["name"] == "中山路100号" and t["score"] == 1.0, t)
    t = top(c, "中三路100号")
    check("places: a typo still finds 中山路100号", t and t["name"] == "中山路100号", t)
    r = search(c, "中山路100号", 20)
    names = [x["name"] for x in r.json()["items"]]
    check("places: digits kept: 中山路102号 ranks below 中山路100号 and 中山路 itself",
          names[:1] == ["中山路100号"] and ("中山路102号" not in names or names.index("中山路102号") > names.index("中山路")),
          names)
    t = top(c, "中山路")
    check("places: the street for a road name", t and t["kind"] == "street" and t["name"] == "中山路", t)
    t = top(c, "解放路与中山路交叉口")
    check("places: a crossing by its alias", t and t["name"] == "中山路与解放路交叉口" and "解放路与中山路交叉口" in t["aliases"], t)
    r = search(c, "某某不存在的地方")
    check("places: nothing for an unknown place", r.status == 200 and r.json()["items"] == [], r)
    r = search(c, "中山路", 3)
    check("places: limit", r.status == 200 and len(r.json()["items"]) == 3, r)


def run_demo_addresses(check, ctx):
    """On a demo city of its own (the shared one holds other modules' tickets, Open311 ones included)."""
    srv = gw.Server(ctx["binary"], db=gw.fresh_db(ctx, tickets=400)).start()
    try:
        check_demo_addresses(check, srv.login("admin"), srv.login("hotline"))
    finally:
        srv.stop()


def check_demo_addresses(check, admin, c):
    seen, cursor, bad = set(), None, []
    for _ in range(20):
        r = admin.get("/api/v1/tickets?limit=200" + ("&cursor=%d" % cursor if cursor else ""))
        j = r.json()
        for t in j["items"]:
            seen.add(t.get("address") or "")
        cursor = j.get("next_cursor")
        if not cursor:
            break
    seen.discard("")
    for a in sorted(seen):
        t = top(c, a)
        if not (t and t["score"] == 1.0 and t["grid_id"]):
            bad.append((a, t and t["name"]))
    check("places: every demo ticket address resolves (%d addresses)" % len(seen), len(seen) > 20 and not bad, bad[:10])


def run_writes(check, ctx, admin, disp, hotline):
    body = {"kind": "poi", "name": "测试用江临大剧院", "aliases": ["大剧院"], "lon": 120.13, "lat": 30.23}
    r = admin.post("/api/v1/places", body)
    check("places: admin creates a place", r.status == 201 and r.json()["name"] == body["name"]
          and r.json()["grid_id"] and r.json()["aliases"] == ["大剧院"], r)
    pid = r.json()["id"] if r.status == 201 else 0
    t = top(hotline, "测试用江临大剧院")
    check("places: a new place is found at once", t and t["id"] == pid, t)
    r = admin.post("/api/v1/places", body)
    check("places: same name again -> 409", is_error(r, 409, "conflict"), r)
    r = admin.request("PATCH", "/api/v1/places/%d" % pid, body={"name": "测试用江临歌剧院", "lon": 120.26, "lat": 30.33})
    check("places: admin renames and moves it", r.status == 200 and r.json()["name"] == "测试用江临歌剧院"
          and r.json()["point"]["lon"] == 120.26, r)
    moved = r.json() if r.status == 200 else {}
    check("places: the grid follows the point", moved.get("grid_id") and moved.get("grid_id") != t["grid_id"], (moved, t))
    t = top(hotline, "测试用江临歌剧院")
    check("places: found by the new name", t and t["id"] == pid, t)
    r = admin.post("/api/v1/places", {"kind": "house", "road": "测试路", "number": "8", "lon": 120.13, "lat": 30.23})
    check("places: a house is named road + number + 号", r.status == 201 and r.json()["name"] == "测试路8号", r)
    hid = r.json()["id"] if r.status == 201 else 0
    bad = [("no lon", {"kind": "poi", "name": "坏地点甲", "lat": 30.2}),
           ("lon 181", {"kind": "poi", "name": "坏地点甲", "lon": 181, "lat": 30.2}),
           ("lat string", {"kind": "poi", "name": "坏地点甲", "lon": 120.1, "lat": "30.2"}),
           ("kind city", {"kind": "city", "name": "坏地点甲", "lon": 120.1, "lat": 30.2}),
           ("house without number", {"kind": "house", "road": "坏路", "lon": 120.1, "lat": 30.2}),
           ("house number without digits", {"kind": "house", "road": "坏路", "number": "甲", "lon": 120.1, "lat": 30.2}),
           ("name of 65 characters", {"kind": "poi", "name": "坏" * 65, "lon": 120.1, "lat": 30.2}),
           ("name with a newline", {"kind": "poi", "name": "坏地点\n甲", "lon": 120.1, "lat": 30.2}),
           ("name of punctuation only", {"kind": "poi", "name": "（）。", "lon": 120.1, "lat": 30.2}),
           ("9 aliases", {"kind": "poi", "name": "坏地点甲", "aliases": ["别%d" % i for i in range(9)], "lon": 120.1, "lat": 30.2}),
           ("alias with |", {"kind": "poi", "name": "坏地点甲", "aliases": ["a|b"], "lon": 120.1, "lat": 30.2}),
           ("alias number", {"kind": "poi", "name": "坏地点甲", "aliases": [5], "lon": 120.1, "lat": 30.2}),
           ("unknown key", {"kind": "poi", "name": "坏地点甲", "lon": 120.1, "lat": 30.2, "grid_id": 3})]
    for label, b in bad:
        r = admin.post("/api/v1/places", b)
        check("places: create %s -> 400" % label, is_error(r, 400), r)
    r = admin.request("PATCH", "/api/v1/places/%d" % pid, body={})
    check("places: PATCH nothing -> 400", is_error(r, 400), r)
    r = admin.request("PATCH", "/api/v1/places/%d" % pid, body={"lon": 120.2})
    check("places: PATCH lon without lat -> 400", is_error(r, 400), r)
    r = admin.request("PATCH", "/api/v1/places/99999999", body={"name": "无"})
    check("places: PATCH a missing place -> 404", is_error(r, 404), r)
    check("places: none of the bad writes landed", named(hotline, "坏地点甲") is None
          and top(hotline, "测试用江临歌剧院")["point"]["lon"] == 120.26)
    for who in ("dispatcher", "hotline", "auditor"):
        c = ctx[who]
        for method, path, b in [("POST", "/api/v1/places", dict(body, name="越权地点")),
                                ("PATCH", "/api/v1/places/%d" % pid, {"name": "越权改名"}),
                                ("DELETE", "/api/v1/places/%d" % pid, None)]:
            r = c.request(method, path, body=b)
            check("places: %s %s %s -> 403" % (who, method, path), is_error(r, 403, "forbidden"), r)
    r = admin.request("DELETE", "/api/v1/places/%d" % hid)
    check("places: admin deletes a place", r.status == 200, r)
    check("places: a deleted place is not found", named(hotline, "测试路8号") is None
          and is_error(hotline.get("/api/v1/places/%d" % hid), 404))
    r = admin.request("DELETE", "/api/v1/places/%d" % hid)
    check("places: deleting again -> 404", is_error(r, 404), r)
    rows = gw.sql(ctx, gw.copy_db(ctx, ctx["server"].db),
                  "SELECT action FROM audit_log WHERE object IN (?, ?) ORDER BY id", ("place:%d" % pid, "place:%d" % hid))
    check("places: writes are audited", [x[0] for x in rows] == ["place.create", "place.update", "place.create",
                                                               "place.delete"], rows)


def run_import(check, ctx, admin, hotline):
    csv = ("\ufeffkind,name,road,number,lon,lat,aliases\r\n"
           "house,,导入路,1,120.14,30.24,\r\n"
           'poi,"导入公园, 东门",,,120.141,30.241,导入园;东门公园\r\n').encode()
    r = admin.request("POST", "/api/v1/places/import", raw=csv, ctype="text/csv")
    check("places: CSV import", r.status == 201 and r.json() == {"imported": 2}, r)
    t = top(hotline, "导入路1号")
    check("places: an imported house is found with its grid", t and t["name"] == "导入路1号" and t["grid_id"], t)
    t = top(hotline, "东门公园")
    check("places: an imported alias is found", t and t["name"] == "导入公园, 东门", t)
    book = xlsx([["类型", "名称", "经度", "纬度"], ["兴趣点", "导入表格中心", "120.142", "30.242"]])
    r = admin.request("POST", "/api/v1/places/import", raw=book,
                      ctype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    check("places: .xlsx import with Chinese headers", r.status == 201 and r.json() == {"imported": 1}, r)
    check("places: the .xlsx place is found", (top(hotline, "导入表格中心") or {}).get("kind") == "poi")
    bad = ("kind,name,road,number,lon,lat\n"
           "poi,坏导入甲,,,120.15,30.25\n"
           "poi,坏导入乙,,,abc,30.25\n"
           "house,,坏导入路,,120.15,30.25\n"
           "shop,坏导入丙,,,120.15,30.25\n").encode()
    r = admin.request("POST", "/api/v1/places/import", raw=bad, ctype="text/csv")
    rows = r.json().get("rows") if r.status == 400 else None
    check("places: a bad import -> 400 with a row report", is_error_rows(r, 400) and rows
          and [(x["row"], x["column"]) for x in rows] == [(3, "lon"), (4, "number"), (5, "kind")], r)
    check("places: a bad import writes nothing (all or nothing)", named(hotline, "坏导入甲") is None)
    zh = gw.Client(ctx["port"], token=admin.token, lang="zh-CN")
    r = zh.request("POST", "/api/v1/places/import", raw=bad, ctype="text/csv")
    msgs = [x["message"] for x in (r.json().get("rows") or [])] if r.status == 400 else []
    check("places: the row report follows the caller's language", len(msgs) == 3
          and all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in msgs), msgs)
    dup = "kind,name,lon,lat\npoi,坏导入丁,120.15,30.25\npoi,测试用江临歌剧院,120.15,30.25\n".encode()
    r = admin.request("POST", "/api/v1/places/import", raw=dup, ctype="text/csv")
    check("places: an import repeating a place -> 409 naming the row", is_error_rows(r, 409)
          and r.json()["rows"][0]["row"] == 3, r)
    check("places: ... and writes nothing", named(hotline, "坏导入丁") is None)
    for label, raw, status in [("unknown column", b"kind,name,lon,lat,colour\npoi,x,1,1,red\n", 400),
                               ("no kind column", b"name,lon,lat\nx,1,1\n", 400),
                               ("header only", b"kind,name,lon,lat\n", 400),
                               ("not UTF-8", "kind,name,lon,lat\npoi,坏,1,1\n".encode("gbk"), 400),
                               ("unclosed quote", b'kind,name,lon,lat\npoi,"x,1,1\n', 400),
                               ("a broken zip", b"PK\x03\x04" + b"\x00" * 40, 400),
                               ("a cell of 2000 bytes", b"kind,name,lon,lat\npoi," + b"a" * 2000 + b",1,1\n", 413)]:
        r = admin.request("POST", "/api/v1/places/import", raw=raw, ctype="text/csv")
        check("places: import %s -> %d" % (label, status), r.status == status and "error" in r.json(), r)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + " " * (80 << 20) + "</worksheet>")
    if len(bomb.getvalue()) < 60000:
        r = admin.request("POST", "/api/v1/places/import", raw=bomb.getvalue(), ctype="application/zip")
        check("places: an .xlsx that inflates past 64 MiB -> 413", is_error(r, 413), r)
    r = admin.request("POST", "/api/v1/places/import?coord=bd09", raw=csv, ctype="text/csv")
    check("places: import coord=bd09 -> 400", is_error(r, 400), r)
    r = hotline.request("POST", "/api/v1/places/import", raw=csv, ctype="text/csv")
    check("places: hotline import -> 403", is_error(r, 403, "forbidden"), r)
    run_cli_import(check, ctx, hotline)


def is_error_rows(r, status):
    try:
        j = r.json()
        return r.status == status and set(j) == {"error", "rows"} and set(j["error"]) == {"code", "message"}
    except ValueError:
        return False


def run_cli_import(check, ctx, hotline):
    binary, srv = ctx["binary"], ctx["server"]
    d = tempfile.mkdtemp(prefix="gw-places-")
    good, bad = os.path.join(d, "good.csv"), os.path.join(d, "bad.csv")
    with open(good, "w") as f:
        f.write("kind,name,lon,lat\npoi,命令行导入站,120.143,30.243\n")
    with open(bad, "w") as f:
        f.write("kind,name,lon,lat\npoi,命令行坏导入,x,30.243\n")
    r = subprocess.run([binary, "places", "import", "--db", srv.db, good], capture_output=True, text=True, timeout=60)
    check("places: gridwork places import", r.returncode == 0 and "imported 1" in r.stdout, r)
    check("places: the CLI import is served at once", (top(hotline, "命令行导入站") or {}).get("kind") == "poi")
    r = subprocess.run([binary, "places", "import", "--db", srv.db, bad], capture_output=True, text=True, timeout=60)
    check("places: CLI import of a bad file fails with the row", r.returncode == 1 and "row 2, lon" in r.stderr, r)
    r = subprocess.run([binary, "places", "import", good], capture_output=True, text=True, timeout=60)
    check("places: CLI import without --db -> usage", r.returncode == 2, r)


def run_roads(check, c):
    r = c.get("/api/v1/places/roads")
    j = r.json() if r.status == 200 else {}
    names = {f["properties"]["name"] for f in j.get("features", [])}
    check("places: roads as GeoJSON lines", j.get("type") == "FeatureCollection" and {"中山路", "凤凰路", "学院路"} <= names
          and all(f["geometry"]["type"] == "LineString" and 2 <= len(f["geometry"]["coordinates"]) <= 65
                  for f in j["features"]), (r.status, sorted(names)[:20]))
    r = c.get("/api/v1/places/roads?x=1")
    check("places: roads with an unknown parameter -> 400", is_error(r, 400), r)
    for label, q in [("no q", ""), ("q of 65 characters", "q=" + "中" * 65), ("limit 0", "q=中山&limit=0"),
                     ("limit 51", "q=中山&limit=51"), ("limit abc", "q=中山&limit=abc"), ("unknown key", "q=中山&near=1")]:
        r = c.get("/api/v1/places?" + urllib.parse.quote(q, safe="=&"))
        check("places: search %s -> 400" % label, is_error(r, 400), r)
