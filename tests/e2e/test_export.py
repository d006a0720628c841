"""Ticket export to .xlsx: same filters and scope as the list, reporters masked, audited."""
import html
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
