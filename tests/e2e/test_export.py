"""Ticket export to .xlsx: same filters and scope as the list, reporters masked, audited."""
import html
import json
import io
import re
import zipfile

import gw


def sheet_rows(body):
    z = zipfile.ZipFile(io.BytesIO(body))
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
    return len(re.findall(r"<row ", sheet)) - 1, strings  # minus the header row


def workbook(body):
    """Every part of the workbook as text, and the sheet as rows of {header: cell text}."""
    z = zipfile.ZipFile(io.BytesIO(body))
    parts = {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}
    sst = [html.unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S)))
           for si in re.findall(r"<si>(.*?)</si>", parts.get("xl/sharedStrings.xml", ""), re.S)]
    table = []
    for row in re.findall(r"<row [^>]*>(.*?)</row>", parts["xl/worksheets/sheet1.xml"], re.S):
        cells = {}
        for col, attrs, _, inner in re.findall(r'<c r="([A-Z]+)\d+"([^>]*?)(/>|>(.*?)</c>)', row, re.S):
            v = re.search(r"<v>(.*?)</v>", inner or "", re.S)
            if 't="s"' in attrs and v:
                cells[col] = sst[int(v.group(1))]
            elif 't="inlineStr"' in attrs:
                cells[col] = html.unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", inner, re.S)))
            else:
                cells[col] = html.unescape(v.group(1)) if v else ""
        table.append(cells)
    head = table[0] if table else {}
    return parts, [{head.get(c, c): v for c, v in r.items()} for r in table[1:]]


def check_no_full_reporter(check, ctx, body):
    """The real reporter contact of exported tickets (read through the audited /reporter) must not be
    anywhere in the workbook; the reporter column, if any, holds the masked name only."""
    admin = ctx["admin"]
    parts, rows = workbook(body)
    text = "\n".join(parts.values())
    text_plain = html.unescape(text)
    n_phones = n_names = 0
    for row in rows[:40]:
        tid = int(float(row["编号"]))
        rep = admin.get("/api/v1/tickets/%d/reporter" % tid)
        if rep.status != 200:
            check("export: reporter of exported ticket %d readable by admin" % tid, False, rep)
            return
        full = rep.json()
        masked = admin.get("/api/v1/tickets/%d" % tid).json()["reporter"]
        if full["phone"]:
            n_phones += 1
            if full["phone"] in text or full["phone"] in text_plain:
                check("export: no full reporter phone (ticket %d)" % tid, False, full["phone"])
                return
        if full["name"]:
            n_names += 1
            cell = row.get("上报人", "")
            if cell != (masked["name"] or "") or (len(full["name"]) > 1 and cell == full["name"]):
                check("export: reporter column masked (ticket %d)" % tid, False, (cell, masked["name"]))
                return
            if len(full["name"]) > 1 and (full["name"] in text or full["name"] in text_plain):
                check("export: no full reporter name (ticket %d)" % tid, False, full["name"])
                return
    check("export: no full reporter phone or name in the workbook", n_phones > 0 and n_names > 0,
          (n_phones, n_names))
    check("export: nothing phone-like in the workbook", not re.search(r"1[3-9]\d{9}", text_plain))


def run(base, ctx):
    check = ctx["check"]
    disp, shuiwu = ctx["dispatcher"], ctx["shuiwu"]
    r = disp.get("/api/v1/tickets/export.xlsx?status=closed")
    check("export: 200 xlsx", r.status == 200 and "spreadsheetml" in r.headers.get("content-type", ""), r.headers)
    check("export: attachment", "attachment" in r.headers.get("content-disposition", ""), r.headers)
    n, strings = sheet_rows(r.body)
    listed, cursor = 0, None
    while True:
        page = disp.get("/api/v1/tickets?status=closed&limit=200" + ("&cursor=%d" % cursor if cursor else "")).json()
        listed += len(page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    check("export: one row per listed ticket", n == listed and n > 0, (n, listed))
    check("export: Chinese headers", "描述" in strings and "处置单位" in strings)
    check("export: only closed tickets", "已结案" in strings and "处置中" not in strings)
    _, rows = workbook(r.body)
    body = [x for x in rows[1:] if x]
    SOURCES, URGENCIES = {"居民上报", "网格员", "12345热线", "Open311", "物联感知", "工作人员"}, {"一般", "紧急", "特急"}
    check("export: sources by name, not code", body and all(x.get("来源") in SOURCES for x in body),
          sorted({x.get("来源") for x in body}))
    check("export: urgency by name, not number", body and all(x.get("紧急程度") in URGENCIES for x in body),
          sorted({x.get("紧急程度") for x in body}))
    check_no_full_reporter(check, ctx, r.body)
    check_no_full_reporter(check, ctx, disp.get("/api/v1/tickets/export.xlsx").body)
    n_sw, _ = sheet_rows(shuiwu.get("/api/v1/tickets/export.xlsx").body)
    total_sw = len(shuiwu.get("/api/v1/tickets?limit=200").json()["items"])
    check("export: scoped to the caller's unit", n_sw == total_sw, (n_sw, total_sw))
    check("export: login required", gw.Client(ctx["port"]).get("/api/v1/tickets/export.xlsx").status == 401)
    r = disp.get("/api/v1/tickets/export.xlsx?status=bogus")
    check("export: bad filter 400", r.status == 400 and r.json()["error"]["code"] == "invalid_request", r)
    request_types(ctx)
    selection(ctx)


REQUEST_ZH = {"consult": "咨询", "complain": "投诉", "help": "求助", "suggest": "建议", "report": "举报"}


def request_types(ctx):
    """诉求类型 in the workbook (by its Chinese name) and in the figures."""
    check, disp, hotline = ctx["check"], ctx["dispatcher"], ctx["hotline"]
    from test_authz import report_manhole
    before = {x["request_type"]: x["count"] for x in disp.get("/api/v1/stats/summary?days=1").json().get("by_request_type", [])}
    r = report_manhole(hotline, "诉求类型导出测试：建议增设井盖标识", request_type="suggest")
    check("request type: a 建议 is registered", r.status == 201, r)
    tid = r.json()["id"]
    _, rows = workbook(disp.get("/api/v1/tickets/export.xlsx?request_type=suggest").body)
    check("export: a 诉求类型 column by name", rows and all(x.get("诉求类型") == "建议" for x in rows)
          and any(int(float(x["编号"])) == tid for x in rows), rows[:3])
    _, rows = workbook(disp.get("/api/v1/tickets/export.xlsx?status=closed").body)
    check("export: every 诉求类型 named", rows and all(x.get("诉求类型") in REQUEST_ZH.values() for x in rows),
          sorted({x.get("诉求类型") for x in rows}))
    s = disp.get("/api/v1/stats/summary?days=1").json()
    by = {x["request_type"]: x for x in s.get("by_request_type", [])}
    check("stats: by_request_type lists all five", sorted(by) == sorted(REQUEST_ZH), s.get("by_request_type"))
    check("stats: a new 建议 counts", by.get("suggest", {}).get("count") == before.get("suggest", 0) + 1, (before, by))
    check("stats: by_request_type sums to today's window",
          sum(x["count"] for x in by.values()) == sum(d["new"] for d in s["series"]), (by, s["series"]))
    sw = ctx["shuiwu"].get("/api/v1/stats/summary?days=1").json()
    check("stats: by_request_type scoped", sum(x["count"] for x in sw["by_request_type"]) ==
          sum(d["new"] for d in sw["series"]), sw["by_request_type"])


def selection(ctx):
    """ids=1,2,3 exports exactly the ticked tickets the caller may see; others are left out silently (as a
    read by id answers 404, an export does not say whether an id exists); more than the limit is a 400."""
    check, disp, shuiwu, admin = ctx["check"], ctx["dispatcher"], ctx["shuiwu"], ctx["admin"]
    items = disp.get("/api/v1/tickets?limit=5").json()["items"]
    ids = [x["id"] for x in items[:3]]
    r = disp.get("/api/v1/tickets/export.xlsx?ids=" + ",".join(map(str, ids)))
    _, rows = workbook(r.body)
    check("export ids: exactly the ticked rows", r.status == 200 and
          sorted(int(float(x["编号"])) for x in rows) == sorted(ids), (r, rows))
    audit = admin.get("/api/v1/audit?action=tickets.export&limit=1").json()
    entry = (audit.get("items") or [{}])[0]
    check("export ids: audited with the ids", "ids=" in json.dumps(entry, ensure_ascii=False), entry)
    sw_ids = {x["id"] for x in shuiwu.get("/api/v1/tickets?limit=200").json()["items"]}
    mine = next(iter(sw_ids))
    other = next(x["id"] for x in admin.get("/api/v1/tickets?limit=200").json()["items"] if x["id"] not in sw_ids)
    r = shuiwu.get("/api/v1/tickets/export.xlsx?ids=%d,%d,999999999" % (mine, other))
    _, rows = workbook(r.body)
    check("export ids: out of scope and unknown ids are left out", r.status == 200 and
          [int(float(x["编号"])) for x in rows] == [mine], (r, rows))
    r = disp.get("/api/v1/tickets/export.xlsx?ids=%d&status=closed" % ids[0])
    check("export ids: other filters still apply", r.status == 200, r)
    r = disp.get("/api/v1/tickets?ids=%d" % ids[0])
    check("export ids: the list does not take ids", r.status == 400, r)
    limit = admin.get("/api/v1/meta/limits").json()["limits"].get("export_ids")
    check("export ids: the limit is published", isinstance(limit, int) and limit >= 100, limit)
    too_many = ",".join(str(i + 1) for i in range((limit or 500) + 1))
    for label, q in [("too many", too_many), ("not a number", "1,x"), ("zero", "0"), ("empty", ""),
                     ("trailing comma", "1,"), ("repeated", "%d,%d" % (ids[0], ids[0]))]:
        r = disp.get("/api/v1/tickets/export.xlsx?ids=" + q)
        check("export ids: %s -> 400" % label, r.status == 400 and r.json()["error"]["code"] == "invalid_request", r)
