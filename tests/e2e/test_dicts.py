"""字典管理 (issue 9 item 16, editable): the administrator edits the display labels (zh-CN and English) of the
fixed codes — sources, urgencies, states, actions, roles, category kinds, dispatch modes, division levels,
request types — stored in the database, audited, served by GET /api/v1/dictionaries, used by the xlsx
export, and reset to the default; bad input writes nothing."""
import json

from test_authz import is_error
from test_export import workbook

DICTS = {"source", "urgency", "state", "action", "role", "kind", "mode", "level", "request_type"}


def run(base, ctx):
    check, admin, disp = ctx["check"], ctx["admin"], ctx["dispatcher"]
    r = disp.get("/api/v1/dictionaries")
    check("dicts: staff read the dictionaries", r.status == 200, r)
    d = r.json()
    check("dicts: every dictionary with its codes", set(d.get("codes", {})) == DICTS
          and "hotline" in d["codes"]["source"] and d["codes"]["urgency"] == ["1", "2", "3"]
          and "consult" in d["codes"]["request_type"] and "grid" in d["codes"]["level"], d.get("codes"))
    admin.delete("/api/v1/dictionaries/source/hotline")  # a rerun starts from the default

    def labels():
        return {(x["dict"], x["code"]): x for x in disp.get("/api/v1/dictionaries").json()["items"]}

    def audit_last():
        items = admin.get("/api/v1/audit?action=dict.&limit=1").json().get("items") or [{}]
        return items[0]

    # Bad input: 4xx, nothing written.
    before, audit_before = labels(), audit_last()
    bad = [("zh missing", {"en": "Hotline"}), ("en missing", {"zh": "热线"}), ("zh number", {"zh": 5, "en": "x"}),
           ("zh empty", {"zh": "", "en": "x"}), ("en blank", {"zh": "热线", "en": "   "}),
           ("zh 21 chars", {"zh": "热" * 21, "en": "x"}), ("en 41 chars", {"zh": "热线", "en": "x" * 41}),
           ("zh control", {"zh": "热\u0001线", "en": "x"}), ("unknown field", {"zh": "热线", "en": "x", "code": "y"})]
    for label, body in bad:
        r = admin.put("/api/v1/dictionaries/source/hotline", body)
        check("dicts: %s -> 400" % label, is_error(r, 400, "invalid_request"), r)
    for path in ["/api/v1/dictionaries/colour/red", "/api/v1/dictionaries/source/fax", "/api/v1/dictionaries/source/"]:
        r = admin.put(path, {"zh": "热线", "en": "x"})
        check("dicts: PUT %s -> 404" % path, is_error(r, 404), r)
    check("dicts: DELETE unknown code -> 404", is_error(admin.delete("/api/v1/dictionaries/source/fax"), 404))
    r = disp.put("/api/v1/dictionaries/source/hotline", {"zh": "越权", "en": "x"})
    check("dicts: a dispatcher may not edit -> 403", is_error(r, 403, "forbidden"), r)
    check("dicts: a dispatcher may not reset -> 403", is_error(disp.delete("/api/v1/dictionaries/source/hotline"), 403))
    check("dicts: bad input wrote nothing", labels() == before and audit_last() == audit_before)

    # Edit: served, audited, used by the export.
    r = admin.put("/api/v1/dictionaries/source/hotline", {"zh": "热线来电", "en": "Hotline call"})
    check("dicts: admin edits a label", r.status == 200 and r.json()["zh"] == "热线来电" and r.json()["en"] == "Hotline call"
          and r.json()["dict"] == "source" and r.json()["code"] == "hotline", r)
    got = labels().get(("source", "hotline"), {})
    check("dicts: served to staff", got.get("zh") == "热线来电" and got.get("en") == "Hotline call"
          and got.get("updated_at"), got)
    a = audit_last()
    check("dicts: the edit is audited", a.get("action") == "dict.set" and "source/hotline" in a.get("object", "")
          and "热线来电" in json.dumps(a, ensure_ascii=False), a)
    r = admin.put("/api/v1/dictionaries/request_type/suggest", {"zh": "意见建议", "en": "Suggestion"})
    check("dicts: edit a request type", r.status == 200, r)
    _, rows = workbook(disp.get("/api/v1/tickets/export.xlsx?source=hotline").body)
    check("dicts: the export uses the edited label", rows and all(x.get("来源") == "热线来电" for x in rows),
          sorted({x.get("来源") for x in rows}))
    _, rows = workbook(disp.get("/api/v1/tickets/export.xlsx?request_type=suggest").body)
    check("dicts: the export's 诉求类型 too", all(x.get("诉求类型") == "意见建议" for x in rows), rows[:2])
    r = admin.put("/api/v1/dictionaries/source/hotline", {"zh": "热线电话", "en": "Hotline phone"})
    check("dicts: edit again", r.status == 200 and labels()[("source", "hotline")]["zh"] == "热线电话", r)

    # Reset: back to the default everywhere, audited; resetting a default label changes nothing.
    r = admin.delete("/api/v1/dictionaries/source/hotline")
    check("dicts: reset", r.status == 200 and r.json().get("reset") is True, r)
    check("dicts: reset is audited", audit_last().get("action") == "dict.reset")
    check("dicts: no longer served", ("source", "hotline") not in labels())
    _, rows = workbook(disp.get("/api/v1/tickets/export.xlsx?source=hotline").body)
    check("dicts: the export is back to the default", rows and all(x.get("来源") == "12345热线" for x in rows))
    n = audit_last()
    r = admin.delete("/api/v1/dictionaries/source/hotline")
    check("dicts: resetting a default label -> 200, nothing written", r.status == 200 and r.json().get("reset") is False
          and audit_last() == n, r)
    admin.delete("/api/v1/dictionaries/request_type/suggest")
