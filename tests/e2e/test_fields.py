"""GET /api/v1/meta/limits serves the limits the decoders enforce (core/fields.h): for each field a
value at the served limit is accepted and one past it is refused with 400."""
import random
import urllib.parse

import gw
from test_authz import is_error, report_manhole, root_division, tiny_png

EXPECTED = {"description", "address", "reporter_name", "phone", "photos", "note", "public_reply", "comment", "q",
            "extend_days", "name", "code", "username", "display_name", "password_min", "password_max", "hours", "cc", "export_ids", "dict_label", "dict_label_en", "iot_code", "iot_statuses", "iot_batch", "iot_offline_min_s",
            "ledger_client_id", "ledger_memo", "ledger_batch",
            "id_number", "reason",
            "cert_content", "cert_place", "cert_org", "dup_radius_min", "dup_radius_max", "dup_window_days",
            "catalogue_name", "catalogue_description", "catalogue_price", "catalogue_stock", "coupon_limit",
            "slot_capacity", "order_key"}


def run(base, ctx):
    check, admin, hotline = ctx["check"], ctx["admin"], ctx["hotline"]
    anon = gw.Client(ctx["port"])
    r = anon.get("/api/v1/meta/limits")
    check("fields: limits answer without a login", r.status == 200, r)
    lim = r.json()["limits"]
    check("fields: every limit is served", set(lim) == EXPECTED and all(isinstance(v, int) and v > 0
                                                                          for v in lim.values()), lim)
    check("fields: unknown query refused", is_error(anon.get("/api/v1/meta/limits?x=1"), 400))

    def pair(name, make, at_ok):
        """make(n) -> Response; at the limit at_ok(response), past it 400."""
        n = lim[name]
        r = make(n)
        check("fields: %s at the limit (%d) accepted" % (name, n), at_ok(r), r)
        r = make(n + 1)
        check("fields: %s past the limit (%d) refused" % (name, n + 1), is_error(r, 400), r)

    created = lambda r: r.status == 201  # noqa: E731
    # Ticket fields, counted in characters (Chinese text is 3 bytes a character).
    pair("description", lambda n: report_manhole(hotline, "井" * n), created)
    pair("address", lambda n: report_manhole(hotline, "限长测试：地址", address="路" * n), created)
    pair("reporter_name", lambda n: report_manhole(hotline, "限长测试：姓名", reporter_name="欧" * n), created)

    def phone(n):  # bytes: '+', 20 digits (the most a number has) and '-' separators
        s = "+138" + "".join(random.choice("0123456789") for _ in range(17))
        return report_manhole(hotline, "限长测试：电话", reporter_phone=s + "-" * (n - len(s)))
    pair("phone", phone, created)

    shas = []
    for i in range(lim["photos"] + 1):
        up = hotline.post("/api/v1/files", raw=tiny_png(random.randrange(1 << 30) + i), ctype="image/png")
        shas.append(up.json()["sha256"] if up.status == 201 else "0" * 64)
    pair("photos", lambda n: report_manhole(hotline, "限长测试：照片", photos=shas[:n]), created)

    tid = report_manhole(hotline, "限长测试：动作").json()["id"]
    not_400 = lambda r: r.status != 400  # noqa: E731  (the action itself may be 403/409: the text passed)
    act = lambda body: admin.post("/api/v1/tickets/%d/actions" % tid, body)  # noqa: E731
    pair("note", lambda n: act({"action": "rework", "note": "注" * n}), not_400)
    pair("public_reply", lambda n: act({"action": "rework", "note": "x", "public_reply": "答" * n}), not_400)
    pair("extend_days", lambda n: act({"action": "extend", "note": "x", "days": n}), not_400)
    pair("q", lambda n: admin.get("/api/v1/tickets?limit=1&q=" + urllib.parse.quote("查" * n)),
         lambda r: r.status == 200)

    # Configuration fields.
    tag = "%06d" % random.randrange(10 ** 6)
    seq = iter(range(10 ** 6))
    unit = lambda **kw: admin.post("/api/v1/units", dict({"code": "f%s%d" % (tag, next(seq)), "name": "限长单位" + tag + str(next(seq)), "level": "district"}, **kw))  # noqa: E731,E501
    pair("name", lambda n: unit(name=("单" * n)[: n - 8] + tag + "%02d" % next(seq) if n >= 8 else "单" * n), created)
    pair("code", lambda n: unit(code=("c" + tag + "x" * n)[:n]), created)
    root = root_division(admin)["id"]
    user = lambda **kw: admin.post("/api/v1/users", dict({"username": "f%s%d" % (tag, next(seq)), "display_name": "限长", "password": "fieldpass1", "role": "auditor", "division_id": root}, **kw))  # noqa: E731,E501
    pair("username", lambda n: user(username=("u" + tag + "%03d" % next(seq) + "x" * n)[:n]), created)
    pair("display_name", lambda n: user(display_name="显" * n), created)
    # names are counted in characters: CJK (3 bytes) and 4-byte characters fit at the limit too
    pair("display_name", lambda n: user(display_name="\U00020000" * n), created)
    big = lambda **kw: admin.post("/api/v1/categories", dict({"code": "%02d" % (60 + next(seq) % 39), "kind": "event"}, **kw))  # noqa: E731,E501
    pair("name", lambda n: big(name=("类" * n)[: n - 8] + tag + "%02d" % next(seq)), created)
    pair("password_max", lambda n: user(password="p" * n), created)
    r = user(password="p" * (lim["password_min"] - 1))
    check("fields: password below password_min refused", is_error(r, 400), r)
    r = user(password="p" * lim["password_min"])
    check("fields: password at password_min accepted", r.status == 201, r)

    # 积分银行 transfers: the client id (bytes), the memo (characters), the linked batch (transfers).
    div = [d for d in admin.get("/api/v1/divisions").json()["items"] if d["level"] == "community"][0]["id"]
    acc = admin.post("/api/v1/ledger/accounts", {"division_id": div, "owner_kind": "resident", "owner_id": 616161}).json()
    iss = [a for a in admin.get("/api/v1/ledger/accounts?owner_kind=system&division_id=%d" % div).json()["items"]
           if a["system"] == "issuance"][0]["id"]

    def tr(n_id=None, memo="", cid=None):
        cid = cid or ("f" + tag + "%05d" % next(seq) + "x" * 80)[:n_id or 20]
        return {"client_id": cid, "debit_account_id": iss, "credit_account_id": acc["id"], "amount": 1, "memo": memo}
    pair("ledger_client_id", lambda n: admin.post("/api/v1/ledger/transfers", tr(n_id=n)), created)
    pair("ledger_memo", lambda n: admin.post("/api/v1/ledger/transfers", tr(memo="积" * n)), created)
    pair("ledger_batch", lambda n: admin.post("/api/v1/ledger/transfers", {"transfers": [tr() for _ in range(n)]}),
         created)
    # Resident accounts: the 身份证号 (18 characters with its check digit) and a disable's reason.
    ph = "135%08d" % random.randrange(10 ** 8)
    r = anon.post("/api/v1/resident/register", {"phone": ph, "password": "fieldpass1"})
    rid = r.json()["account"]["id"] if r.status == 201 else 0
    comm = next(d["id"] for d in admin.get("/api/v1/divisions").json()["items"] if d["level"] == "community")
    verify = lambda n: admin.post("/api/v1/residents/%d/verify" % rid, {  # noqa: E731
        "person_name": "限长", "address": "限长路1号", "method": "in_person", "community_id": comm,
        "id_number": ("11010519491231002X" + "1" * n)[:n] if n > 18 else "11010519491231002X"})
    pair("id_number", verify, lambda r: r.status == 200)
    pair("reason", lambda n: admin.post("/api/v1/residents/%d/disable" % rid, {"reason": "因" * n}),
         lambda r: r.status == 200)
