"""Finding a case when a caller rings back (issue 9 item 3): the case list's search box (`q`) takes a
#id, a tracking code as it is read over the phone, or the caller's phone number — exact, for roles that
may see contacts, and audited — besides free text, which keeps its digits."""
import random
import urllib.parse

import gw

from test_authz import act, new_user, report_manhole, unit_by_code


def run(base, ctx):
    check, hotline, disp, auditor = ctx["check"], ctx["hotline"], ctx["dispatcher"], ctx["auditor"]
    db = ctx["server"].db
    tail = "%08d" % random.randrange(10 ** 8)
    phone = "139 %s %s" % (tail[:4], tail[4:])  # as the operator typed it
    desc = "中山路%d号井盖破损 %s" % (random.randrange(100, 999), tail)
    r = report_manhole(hotline, desc, reporter_name="回电人", reporter_phone=phone)
    check("search: a hotline report", r.status == 201, r)
    t = r.json()
    tid, code = t["id"], t["track_code"]

    def ids(client, q):
        r = client.get("/api/v1/tickets?" + urllib.parse.urlencode({"q": q, "limit": 50}))
        return r.status, [i["id"] for i in (r.json() or {}).get("items", [])] if r.status == 200 else r.json()

    check("search: by #id", ids(disp, "#%d" % tid) == (200, [tid]), ids(disp, "#%d" % tid))
    spoken = (code[:5] + "-" + code[5:]).lower()
    check("search: by tracking code as read out", ids(disp, spoken) == (200, [tid]), ids(disp, spoken))
    audits = lambda: gw.sql(ctx, db, "SELECT COUNT(*) FROM audit_log WHERE action = 'pii.search'")[0][0]  # noqa: E731
    before = audits()
    digits = "139" + tail
    got = ids(disp, digits)
    check("search: by the caller's phone, any separators", got == (200, [tid]), got)
    check("search: by the caller's phone as typed", ids(disp, "139-%s-%s" % (tail[:4], tail[4:])) == (200, [tid]))
    check("search: a phone search is audited", audits() == before + 2, (before, audits()))
    row = gw.sql(ctx, db, "SELECT detail FROM audit_log WHERE action = 'pii.search' ORDER BY id DESC LIMIT 1")[0][0]
    check("search: the audit entry does not repeat the full number", digits not in row and tail[-4:] in row, row)
    st, body = ids(auditor, digits)
    check("search: a role that may not see contacts cannot search by phone", st == 403, (st, body))
    check("search: a phone nobody reported finds nothing", ids(disp, "13" + "%09d" % random.randrange(10 ** 9))[1] == [])
    check("search: free text keeps its digits", tid in ids(disp, desc.split(" ")[0])[1], ids(disp, desc.split(" ")[0]))
    check("search: #id out of range is a clear error", ids(disp, "#99999999999999999999")[0] == 400)

    # A unit handler may read contacts of its own unit's cases only; a phone search must not reveal that a
    # number reported a case its unit is merely copied on (0101 reports CC 城管).
    admin = ctx["admin"]
    cg = unit_by_code(admin, "chengguan")
    pw = "cg-search-%d" % random.randrange(10 ** 6)
    name, r = new_user(admin, "cgq", "unit_handler", pw, unit_id=cg["id"])
    cgc = ctx["server"].login(name, pw)
    t = cgc.get("/api/v1/tickets/%d" % tid)
    check("search: the CC'd handler sees the case", t.status == 200 and any(u["id"] == cg["id"] for u in t.json()["cc_units"]), t)
    got = ids(cgc, digits)
    check("search: a CC'd unit's phone search does not find the case", got == (200, []), got)
    sz = unit_by_code(admin, "shizheng")
    t = disp.get("/api/v1/tickets/%d" % tid).json()
    if t["state"] == "reported":
        act(disp, tid, "accept")
    if t["state"] in ("reported", "accepted"):
        act(disp, tid, "dispatch", unit_id=sz["id"])
    t = disp.get("/api/v1/tickets/%d" % tid).json()
    check("search: the case is with 市政", t["unit"] and t["unit"]["id"] == sz["id"], t["state"])
    got = ids(ctx["shizheng"], digits)
    check("search: the primary unit's handler finds its caller by phone", got == (200, [tid]), got)
    got = ids(cgc, digits)
    check("search: the CC'd unit still does not, after dispatch", got == (200, []), got)
