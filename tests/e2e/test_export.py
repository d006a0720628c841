"""Ticket export to .xlsx: same filters and scope as the list, reporters masked, audited."""
import io
import re
import zipfile

import gw


def sheet_rows(body):
    z = zipfile.ZipFile(io.BytesIO(body))
    sheet = z.read("xl/worksheets/sheet1.xml").decode()
    strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
    return len(re.findall(r"<row ", sheet)) - 1, strings  # minus the header row


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
    check("export: no full phone numbers", not re.search(r"1[3-9]\d{9}", strings))
    n_sw, _ = sheet_rows(shuiwu.get("/api/v1/tickets/export.xlsx").body)
    total_sw = len(shuiwu.get("/api/v1/tickets?limit=200").json()["items"])
    check("export: scoped to the caller's unit", n_sw == total_sw, (n_sw, total_sw))
    check("export: login required", gw.Client(ctx["port"]).get("/api/v1/tickets/export.xlsx").status == 401)
    r = disp.get("/api/v1/tickets/export.xlsx?status=bogus")
    check("export: bad filter 400", r.status == 400 and r.json()["error"]["code"] == "invalid_request", r)
