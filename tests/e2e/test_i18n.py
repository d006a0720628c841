"""Error messages follow the caller's language (issue 9 item 6): Chinese with no Accept-Language (the
product's default) and with zh-CN, English with en; the code never changes."""
import random

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
