"""Error messages follow the caller's language (issue 9 item 6): Chinese with no Accept-Language (the
product's default) and with zh-CN, English with en; the code never changes."""
import glob
import os
import random
import re

import gw


def run(base, ctx):
    check, port = ctx["check"], ctx["port"]
    admin_token = ctx["admin_token"]

    def fails(lang):
        """(status, code, message) of three failing requests in one language."""
        token = gw.Client(port, token=admin_token, lang=lang)
        anon = gw.Client(port, lang=lang)
        out = []
        r = token.get("/api/v1/tickets?bogus=1")
        out.append(r)
        name = "i18n%06d" % random.randrange(10 ** 6)
        r = token.post("/api/v1/users", {"username": name, "display_name": "长" * 300, "password": "long-enough-1",
                                         "role": "auditor"})
        out.append(r)
        r = anon.post("/api/v1/auth/login", {"username": "nobody%06d" % random.randrange(10 ** 6),
                                             "password": "wrong-password"})
        out.append(r)
        return [(x.status, (x.json().get("error") or {}).get("code"), (x.json().get("error") or {}).get("message"))
                for x in out]

    default, zh, en = fails(None), fails("zh-CN"), fails("en")
    check("i18n: the requests fail", [s for s, _, _ in en] == [400, 400, 401], en)
    check("i18n: the same status and code in every language",
          [(s, c) for s, c, _ in default] == [(s, c) for s, c, _ in zh] == [(s, c) for s, c, _ in en], (default, zh, en))
    check("i18n: English with Accept-Language: en",
          [m for _, _, m in en] == ["unknown query parameter 'bogus'", "display_name is longer than 20 characters",
                                    "wrong username or password"], en)
    want_zh = ["未知的查询参数「bogus」", "display_name 超过 20 个字符", "用户名或密码错误"]
    check("i18n: Chinese with Accept-Language: zh-CN", [m for _, _, m in zh] == want_zh, zh)
    check("i18n: Chinese with no Accept-Language", [m for _, _, m in default] == want_zh, default)
    r = gw.Client(port, lang="en-US,en;q=0.9").get("/api/v1/nowhere")
    check("i18n: en-US is English", r.status == 404 and r.json()["error"]["message"] == "no such endpoint", r)
    r = gw.Client(port, lang="zh-Hans-CN,zh;q=0.9,en;q=0.8").get("/api/v1/nowhere")
    check("i18n: zh-Hans is Chinese", r.json()["error"]["message"] == "接口不存在", r)
    r = gw.Client(port, lang=None).get("/open311/v2/requests/999999999.json")
    check("i18n: Open311 errors are translated too", r.status == 404 and "不存在" in r.body.decode(), r)
    zh_everywhere(ctx)
    every_message_has_a_template(check)


def _literals(text):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', text))


# Messages built from a format whose last %s adds a variant: each variant must be a template.
COMPOSED = {
    "%s must be an integer in %lld..%lld%s": ["%s must be an integer in %lld..%lld", "%s must be an integer in %lld..%lld or null"],
    "too many failed logins; try again in %lld minute%s or ask an administrator to unlock the account":
        ["too many failed logins; try again in %lld minute or ask an administrator to unlock the account",
         "too many failed logins; try again in %lld minutes or ask an administrator to unlock the account"],
    "%s must not contain control characters%s": ["%s must not contain control characters",
                                                 "%s must not contain control characters or '|'"],
    "no such unit": ["no such %s"],  # with the word 单位 for the nested capture
    "too many failed sign-ins; try again in %lld minute%s": ["too many failed sign-ins; try again in %lld minute",
                                                           "too many failed sign-ins; try again in %lld minutes"],
}


def every_message_has_a_template(check):
    """Every error message the server can send (the format of each gw_fail and of each message buffer
    filled with snprintf in src/) has a zh-CN template in a table json/i18n_*.c; the command line's own messages
    (main.c, config.c, db/copy.c, and the MQTT client's settings in iot/mqtt.c, read at start) are for the
    operator's terminal and stay English."""
    src = os.path.join(gw.ROOT, "src")
    tables = glob.glob(os.path.join(src, "json", "i18n_*.c"))
    i18n = "".join(open(t, encoding="utf-8").read() for t in tables)
    templates = {_literals(m) for m in re.findall(r'\{\s*((?:"(?:[^"\\]|\\.)*"\s*)+),\s*"', i18n)}
    missing = []
    for f in glob.glob(os.path.join(src, "**", "*.c"), recursive=True):
        if f in tables or os.path.basename(f) in ("main.c", "config.c", "copy.c", "mqtt.c"):
            continue
        text = open(f, encoding="utf-8").read()
        fmts = [_literals(m) for m in re.findall(r'gw_fail\(\s*[^,]+,\s*[^,]+,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', text)]
        fmts += [_literals(m) for m in re.findall(r'snprintf\(\s*[\w>.-]*(?:msg|err)\w*,\s*[^,]+,\s*((?:"(?:[^"\\]|\\.)*"\s*)+)', text)]
        for fmt in fmts:
            if fmt == "%s" or fmt in templates:
                continue
            if fmt in COMPOSED and all(v in templates for v in COMPOSED[fmt]):
                continue
            missing.append((os.path.relpath(f, gw.ROOT), fmt))
    check("i18n: every server error message has a zh-CN template", not missing, missing)


CJK = re.compile(r"[\u4e00-\u9fff]")


def english_in(msg):
    """No Chinese at all, or English prose left inside (two English words in a row: jansson's "unexpected
    token near", "Expected string, got integer")."""
    return not CJK.search(msg) or re.search(r"[A-Za-z]{2,},? [A-Za-z]{2,}", msg)


def zh_everywhere(ctx):
    """Every kind of bad request answered under Accept-Language: zh-CN carries Chinese in its message:
    jansson's own parse and unpack texts (malformed JSON, wrong types, missing and unknown fields) and the
    messages that embed another message (location: ..., JSON 格式错误：...)."""
    from test_badinput import VALID_CREATE, VALID_KB, VALID_LOGIN, VALID_PLACE, body_variants
    from test_authz import report_manhole
    check, port = ctx["check"], ctx["port"]
    zh = lambda c: gw.Client(port, token=c.token, lang="zh-CN")  # noqa: E731
    admin, hotline, shizheng = zh(ctx["admin"]), zh(ctx["hotline"]), zh(ctx["shizheng"])
    anon = gw.Client(port, lang="zh-CN")
    tid = report_manhole(ctx["hotline"], "中文错误信息测试").json()["id"]
    bodies = [
        ("create", hotline, "/api/v1/tickets", VALID_CREATE, "description",
         [("description number", dict(VALID_CREATE, description=123)),
          ("location string", dict(VALID_CREATE, location="120.1,30.2")),
          ("lon string", dict(VALID_CREATE, location={"lon": "120.1", "lat": 30.2})),
          ("location extra key", dict(VALID_CREATE, location={"lon": 120.1, "lat": 30.2, "z": 1})),
          ("location without lat", dict(VALID_CREATE, location={"lon": 120.1})),
          ("photos object", dict(VALID_CREATE, photos={"a": 1})),
          ("description null", dict(VALID_CREATE, description=None)),
          ("request_type number", dict(VALID_CREATE, request_type=5)),
          ("missing description", {"category_code": "0101", "location": {"lon": 120.155, "lat": 30.255}})]),
        ("kb", admin, "/api/v1/kb", VALID_KB, "title", [("title number", dict(VALID_KB, title=5)),
                                                        ("body missing", {"title": "x"})]),
        ("action", shizheng, "/api/v1/tickets/%d/actions" % tid, {"action": "extend", "note": "@@S@@", "days": 3},
         "note", [("action number", {"action": 5}), ("days float", {"action": "extend", "note": "x", "days": 2.5}),
                  ("note array", {"action": "extend", "note": ["x"], "days": 3})]),
        ("place", admin, "/api/v1/places", VALID_PLACE, "name", [("lat null", dict(VALID_PLACE, lat=None)),
                                                                 ("lon true", dict(VALID_PLACE, lon=True))]),
        ("login", anon, "/api/v1/auth/login", VALID_LOGIN, "username",
         [("username number", {"username": 1, "password": "demo"}), ("missing password", {"username": "hotline"})]),
    ]
    english = []
    for ep, client, path, valid, big, wrong in bodies:
        for label, raw, _ in body_variants(valid, wrong, big):
            r = client.request("POST", path, raw=raw)
            msg = (r.json().get("error") or {}).get("message", "") if r.status >= 400 else "(status %d)" % r.status
            if english_in(msg):
                english.append(("%s %s" % (ep, label), msg))
    for path in ["/api/v1/tickets?status=bogus", "/api/v1/tickets?limit=0", "/api/v1/tickets?from=x",
                 "/api/v1/tickets?request_type=x", "/api/v1/tickets/export.xlsx?bogus=1",
                 "/api/v1/stats/summary?days=900", "/api/v1/nowhere", "/api/v1/tickets/999999999",
                 "/api/v1/kb/999999999", "/api/v1/places/999999999"]:
        r = admin.get(path)
        msg = (r.json().get("error") or {}).get("message", "")
        if english_in(msg):
            english.append((path, msg))
    for path, body in [("/api/v1/units/999999999", {"name": "x"}), ("/api/v1/categories/999999999", {"name": "x"}),
                       ("/api/v1/units/999999999/parent", {"parent_unit_id": None}),
                       ("/api/v1/units", {"name": 5}), ("/api/v1/users", {"username": "x"})]:
        r = admin.request("PUT" if "999" in path else "POST", path, body=body)
        msg = (r.json().get("error") or {}).get("message", "") if r.status >= 400 else "(status %d)" % r.status
        if english_in(msg) or re.search(r"[a-z]{3,} ?(不存在|无效)", msg):
            english.append((path, msg))
    check("i18n: every bad request's message is Chinese under zh-CN", not english, english)
    r = hotline.request("POST", "/api/v1/tickets", raw=b'{"description": }')
    check("i18n: jansson's parse error is translated, position kept",
          r.status == 400 and r.json()["error"]["message"].startswith("JSON 格式错误（第 1 行第 17 列）"), r)
