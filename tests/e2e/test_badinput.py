"""Hostile and malformed input: every bad request gets a JSON error with the right status, writes
nothing (ticket total, newest id, the target ticket's version/state/timeline unchanged) and leaves
the server serving."""
import hashlib
import base64
import json
import time
import random
import socket

import gw
from test_authz import act, is_error, report_manhole, ticket_state, ticket_total, tiny_png, unit_by_code

VALID_PLACE = {"kind": "poi", "name": "@@S@@", "lon": 120.15, "lat": 30.25}
VALID_CREATE = {"category_code": "0101", "description": "@@S@@", "location": {"lon": 120.155, "lat": 30.255}}
VALID_LOGIN = {"username": "hotline", "password": "@@S@@"}
VALID_KB = {"title": "@@S@@", "body": "知识库正文"}
VALID_DTYPE = {"code": "bad-type", "name": "@@S@@", "statuses": [{"status": "normal"}]}
VALID_DEVICE = {"device_id": "BAD-0001", "type": "@@S@@", "name": "坏输入设备"}
VALID_EVENT = {"status": "@@S@@", "values": {"a": 1}}


def raw_http(port, head, body=b"", send_body=True, timeout=5):
    """Send a hand-written request; return (status, headers, body, closed, bytes after the body).
    With send_body False only the head goes out, so a server answering early (413 on
    Content-Length) is read without racing a connection reset."""
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    out, closed = b"", False
    try:
        s.sendall(head + (body if send_body else b""))
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                break
            except ConnectionResetError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            out += chunk
    finally:
        s.close()
    hd, _, rest = out.partition(b"\r\n\r\n")
    lines = hd.split(b"\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return 0, {}, out, closed, b""
    headers = {}
    for ln in lines[1:]:
        k, _, v = ln.decode("latin-1").partition(":")
        headers[k.strip().lower()] = v.strip()
    n = int(headers.get("content-length", len(rest)))
    return status, headers, rest[:n], closed, rest[n:]


class DeviceClient(gw.Client):
    """A device: HTTP Basic device_id:secret on every request."""

    def __init__(self, port, did, secret):
        super().__init__(port)
        self.basic = "Basic " + base64.b64encode(("%s:%s" % (did, secret)).encode()).decode()

    def request(self, method, path, body=None, headers=None, **kw):
        h = dict(headers or {})
        h["Authorization"] = self.basic
        return super().request(method, path, body=body, headers=h, **kw)


def head_for(method, path, ctype="application/json", token=None, extra=""):
    h = "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n" % (method, path)
    if ctype:
        h += "Content-Type: %s\r\n" % ctype
    if token:
        h += "Authorization: Bearer %s\r\n" % token
    return (h + extra + "\r\n").encode()


def body_variants(valid, wrong_types, big_field):
    """(label, raw bytes, expected status) common to every JSON endpoint. `valid` holds "@@S@@"
    where a string may be replaced."""
    text = json.dumps(valid, ensure_ascii=False)
    ok = text.replace("@@S@@", "正常内容 ok").encode()
    first_key = next(iter(valid))
    dup = ("{" + json.dumps(first_key) + ":" + json.dumps(valid[first_key], ensure_ascii=False) + "," + text[1:])
    dup = dup.replace("@@S@@", "x").encode()
    deep = ok[:-1] + b',"x":' + b"[" * 39 + b"]" * 39 + b"}"
    big = dict(valid)
    big[big_field] = "a" * 9000
    bigkey = ok[:-1] + b',"' + b"k" * 9000 + b'":1}'
    out = [("truncated JSON", ok[:-5], 400), ("single quotes", b"{'a': 1}", 400), ("empty body", b"", 400),
           ("trailing garbage", ok + b"xyz", 400), ("NaN literal", ok[:-1] + b',"n":NaN}', 400),
           ("invalid UTF-8 bytes", text.replace("@@S@@", "\udcff\udcfe").encode("utf-8", "surrogateescape"), 400),
           ("overlong UTF-8", text.encode().replace(b"@@S@@", b"\xc0\xaf"), 400),
           ("UTF-8 surrogate", text.encode().replace(b"@@S@@", b"\xed\xa0\x80"), 400),
           ("escaped lone surrogate", text.replace("@@S@@", "\\ud800").encode(), 400),
           ("top-level array", b"[" + ok + b"]", 400), ("top-level string", b'"hello"', 400),
           ("top-level null", b"null", 400), ("duplicate keys", dup, 400),
           ("unknown field", ok[:-1] + b',"is_admin":true}', 400), ("nesting depth 40", deep, 400),
           ("9000-byte string", json.dumps(big).replace("@@S@@", "x").encode(), 413),
           ("9000-byte key", bigkey, 413)]
    for label, body in wrong_types:
        out.append(("wrong type: " + label, json.dumps(body, ensure_ascii=False).replace("@@S@@", "x").encode(), 400))
    return out


def run(base, ctx):
    check, port, srv = ctx["check"], ctx["port"], ctx["server"]
    admin, hotline, shizheng = ctx["admin"], ctx["hotline"], ctx["shizheng"]
    anon = gw.Client(port)
    t_start = int(time.time() * 1000)

    # A 市政 ticket signed by 市政: the target of the action cases (extend/feedback are legal here).
    r = report_manhole(hotline, "坏输入测试：井盖缺角")
    check("badinput: setup ticket", r.status == 201, r)
    tid = r.json()["id"]
    check("badinput: setup sign", act(shizheng, tid, "sign").status == 200)
    pid = report_manhole(hotline, "坏输入测试：合并的父件").json()["id"]  # a parent for the merge cases

    # a device to send malformed messages as (HTTP Basic), and its type
    tr = admin.post("/api/v1/device-types", {"code": "badinput-type", "name": "坏输入类型", "statuses": [
        {"status": "normal"}, {"status": "tilted", "alarm": "cover", "severity": "major"}]})
    dr = admin.post("/api/v1/devices", {"device_id": "BADIN-0001", "type": "badinput-type", "name": "坏输入设备"})
    check("badinput: setup device", tr.status == 201 and dr.status == 201, (tr, dr))
    devc = DeviceClient(port, "BADIN-0001", dr.json()["secret"])

    def snapshot(with_ticket):
        return (ticket_total(admin), ticket_state(admin, tid) if with_ticket else None)

    def expect(name, r, status, before, with_ticket, code=None):
        after = snapshot(with_ticket)
        alive = anon.get("/healthz").status == 200
        check("badinput: %s -> %d" % (name, status), is_error(r, status, code) and after == before and alive,
              "%r changed=%s healthz=%s" % (r, after != before, alive))

    # Resident accounts: one to verify and to sign in as; nothing below may create another.
    rphone = "133%08d" % random.randrange(10 ** 8)
    r = anon.post("/api/v1/resident/register", {"phone": rphone, "password": "resident-pass"})
    check("badinput: setup resident account", r.status == 201, r)
    rid, rclient = r.json()["account"]["id"], gw.Client(port, r.json()["token"])
    comm = next(d["id"] for d in admin.get("/api/v1/divisions").json()["items"] if d["level"] == "community")
    n_residents = admin.get("/api/v1/residents?limit=1").json()["total"]
    n_partners = admin.get("/api/v1/partners?limit=1").json()["total"]
    n_needs = (len(admin.get("/api/v1/surveys").json()["items"]), admin.get("/api/v1/visits?limit=1").json()["total"],
               admin.get("/api/v1/projects?limit=1").json()["total"])
    n_records = admin.get("/api/v1/service-records?limit=1").json()["total"]
    n_activities = len(admin.get("/api/v1/activities").json()["items"])
    verify = {"person_name": "@@S@@", "address": "幸福路1号", "method": "in_person", "community_id": comm}

    targets = [
        ("resident register", anon, "/api/v1/resident/register", False,
         {"phone": "1" + rphone[1:][::-1], "password": "resident-pass", "display_name": "@@S@@"}, "display_name",
         [("phone number", {"phone": 13300000000, "password": "resident-pass"}),
          ("password null", {"phone": rphone, "password": None}),
          ("community_id string", {"phone": "13912340000", "password": "resident-pass", "community_id": "1"}),
          ("community_id float", {"phone": "13912340000", "password": "resident-pass", "community_id": 1.5}),
          ("missing password", {"phone": "13912340000"})]),
        ("resident login", anon, "/api/v1/resident/login", False, {"phone": rphone, "password": "@@S@@"}, "password",
         [("phone number", {"phone": 1, "password": "x"}), ("password bool", {"phone": rphone, "password": True}),
          ("missing password", {"phone": rphone})]),
        ("resident code login", anon, "/api/v1/resident/code-login", False, {"phone": rphone, "code": "@@S@@"}, "code",
         [("code number", {"phone": rphone, "code": 1234567890}), ("missing code", {"phone": rphone}),
          ("new_password number", {"phone": rphone, "code": "ABCDEFGHJK", "new_password": 5})]),
        ("resident password", rclient, "/api/v1/resident/password", False,
         {"current_password": "@@S@@", "new_password": "another-pass"}, "current_password",
         [("new null", {"current_password": "resident-pass", "new_password": None}),
          ("missing new", {"current_password": "resident-pass"})]),
        ("resident verify", admin, "/api/v1/residents/%d/verify" % rid, False, verify, "person_name",
         [("community_id string", dict(verify, community_id=str(comm))), ("method number", dict(verify, method=1)),
          ("id_number number", dict(verify, id_number=110105194912310021)), ("missing address",
                                                                            {k: v for k, v in verify.items()
                                                                             if k != "address"})]),
        ("resident create", admin, "/api/v1/residents", False,
         {"phone": "13712345678", "display_name": "@@S@@", "community_id": comm}, "display_name",
         [("phone number", {"phone": 13712345678, "community_id": comm}),
          ("community_id string", {"phone": "13712345678", "community_id": str(comm)}),
          ("missing community", {"phone": "13712345678"})]),
        ("resident disable", admin, "/api/v1/residents/%d/disable" % rid, False, {"reason": "@@S@@"}, "reason",
         [("reason number", {"reason": 1}), ("reason null", {"reason": None}), ("missing reason", {})]),
        ("partner create", admin, "/api/v1/partners", False,
         {"type": "volunteer", "kind": "person", "name": "@@S@@", "community_id": comm}, "name",
         [("type number", {"type": 1, "kind": "person", "name": "x", "community_id": comm}),
          ("community_id string", {"type": "volunteer", "kind": "person", "name": "x", "community_id": str(comm)}),
          ("community_id negative", {"type": "volunteer", "kind": "person", "name": "x", "community_id": -1}),
          ("tags object", {"type": "volunteer", "kind": "person", "name": "x", "community_id": comm, "tags": {}}),
          ("tags nested", {"type": "volunteer", "kind": "person", "name": "x", "community_id": comm, "tags": [["a"]]}),
          ("missing name", {"type": "volunteer", "kind": "person", "community_id": comm})]),
        ("partner action", admin, "/api/v1/partners/1/actions", False, {"action": "approve", "reason": "@@S@@"},
         "reason",
         [("action number", {"action": 1, "reason": "x"}), ("missing reason", {"action": "retire"}),
          ("method number", {"action": "approve", "reason": "x", "method": 1})]),
        ("certificate issue", admin, "/api/v1/partners/1/certificates", False,
         {"content": "@@S@@", "from": 1700000000000, "to": 1700000001000}, "content",
         [("content number", {"content": 5, "from": 1700000000000, "to": 1700000001000}),
          ("from not a time", {"content": "x", "from": "last week", "to": 1700000001000}),
          ("to array", {"content": "x", "from": 1700000000000, "to": [1]}),
          ("replaces_id string", {"content": "x", "from": 1700000000000, "to": 1700000001000, "replaces_id": "1"}),
          ("missing from", {"content": "x", "to": 1700000001000})]),
        ("certificate revoke", admin, "/api/v1/certificates/1/revoke", False, {"reason": "@@S@@"}, "reason",
         [("reason number", {"reason": 1}), ("reason null", {"reason": None}), ("missing reason", {})]),
        ("survey create", admin, "/api/v1/surveys", False,
         {"community_id": comm, "title": "@@S@@", "opens_at": "2020-01-01T00:00:00Z", "closes_at": "2099-01-01T00:00:00Z",
          "questions": [{"type": "text", "prompt": "x"}]}, "title",
         [("questions object", {"community_id": comm, "title": "x", "opens_at": "2020-01-01T00:00:00Z",
                                "closes_at": "2099-01-01T00:00:00Z", "questions": {}}),
          ("community_id string", {"community_id": str(comm), "title": "x", "opens_at": "2020-01-01T00:00:00Z",
                                   "closes_at": "2099-01-01T00:00:00Z", "questions": [{"type": "text", "prompt": "x"}]}),
          ("prompt number", {"community_id": comm, "title": "x", "opens_at": "2020-01-01T00:00:00Z",
                             "closes_at": "2099-01-01T00:00:00Z", "questions": [{"type": "text", "prompt": 1}]})]),
        ("visit create", admin, "/api/v1/visits", False, {"community_id": comm, "household": "@@S@@"}, "household",
         [("household number", {"community_id": comm, "household": 1}),
          ("categories string", {"community_id": comm, "household": "x", "categories": "a"}),
          ("categories numbers", {"community_id": comm, "household": "x", "categories": [1]})]),
        ("project create", admin, "/api/v1/projects", False,
         {"community_id": comm, "title": "@@S@@", "budget": 10, "starts_at": "2026-01-01T00:00:00Z",
          "ends_at": "2026-02-01T00:00:00Z"}, "title",
         [("budget string", {"community_id": comm, "title": "x", "budget": "10", "starts_at": "2026-01-01T00:00:00Z",
                             "ends_at": "2026-02-01T00:00:00Z"}),
          ("rubric object", {"community_id": comm, "title": "x", "budget": 10, "starts_at": "2026-01-01T00:00:00Z",
                             "ends_at": "2026-02-01T00:00:00Z", "rubric": {}}),
          ("visit_ids strings", {"community_id": comm, "title": "x", "budget": 10, "starts_at": "2026-01-01T00:00:00Z",
                                 "ends_at": "2026-02-01T00:00:00Z", "visit_ids": ["1"]})]),
        ("project action", admin, "/api/v1/projects/999999999/actions", False, {"action": "cancel", "reason": "@@S@@"},
         "reason", [("action number", {"action": 1}), ("awards object", {"action": "close", "awards": {}})]),
        ("survey answer", rclient, "/api/v1/resident/surveys/999999999/answers", False, {"answers": ["@@S@@"]},
         "answers", [("answers object", {"answers": {}}), ("missing answers", {})]),
        ("project claim", rclient, "/api/v1/resident/projects/999999999/claims", False, {"plan": "@@S@@"}, "plan",
         [("plan number", {"plan": 1}), ("missing plan", {})]),
        ("partner apply", rclient, "/api/v1/resident/partner", False,
         {"type": "volunteer", "kind": "person", "name": "@@S@@", "community_id": comm}, "name",
         [("type null", {"type": None, "kind": "person", "name": "x", "community_id": comm}),
          ("tags string", {"type": "volunteer", "kind": "person", "name": "x", "community_id": comm, "tags": "a"})]),
        ("catalogue create", admin, "/api/v1/catalogue", False,
         {"kind": "goods", "name": "@@S@@", "community_id": comm, "price": 10, "stock": 1}, "name",
         [("price string", {"kind": "goods", "name": "x", "community_id": comm, "price": "10"}),
          ("stock float", {"kind": "goods", "name": "x", "community_id": comm, "price": 10, "stock": 1.5}),
          ("active string", {"kind": "goods", "name": "x", "community_id": comm, "price": 10, "active": "yes"}),
          ("kind number", {"kind": 1, "name": "x", "community_id": comm, "price": 10})]),
        ("catalogue stock", admin, "/api/v1/catalogue/1/stock", False, {"delta": 1, "reason": "@@S@@"}, "reason",
         [("delta string", {"delta": "1", "reason": "x"}), ("missing reason", {"delta": 1}),
          ("delta float", {"delta": 1.5, "reason": "x"})]),
        ("catalogue slot", admin, "/api/v1/catalogue/1/slots", False,
         {"start_ms": 1, "end_ms": 2, "capacity": 1, "note": "@@S@@"}, "note",
         [("start string", {"start_ms": "1", "end_ms": 2, "capacity": 1}), ("missing capacity", {"start_ms": 1, "end_ms": 2})]),
        ("order action", admin, "/api/v1/orders/1/actions", False, {"action": "cancel", "reason": "@@S@@"}, "reason",
         [("action number", {"action": 1}), ("reason number", {"action": "cancel", "reason": 1}), ("missing action", {})]),
        ("redeem", rclient, "/api/v1/resident/orders", False, {"item_id": 1, "key": "@@S@@"}, "key",
         [("item_id string", {"item_id": "1"}), ("slot_id float", {"item_id": 1, "slot_id": 1.5}),
          ("key number", {"item_id": 1, "key": 5}), ("missing item_id", {})]),
        ("merchant verify", rclient, "/api/v1/resident/merchant/verify", False, {"code": "@@S@@"}, "code",
         [("code number", {"code": 123456789012}), ("code null", {"code": None}), ("missing code", {})]),
        ("earn rule", admin, "/api/v1/earn-rules", False,
         {"community_id": comm, "code": "bad_rule", "name": "@@S@@", "unit": "service", "points": 10}, "name",
         [("points string", {"community_id": comm, "code": "b", "name": "x", "unit": "service", "points": "10"}),
          ("active string", {"community_id": comm, "code": "b", "name": "x", "unit": "service", "points": 1, "active": "1"}),
          ("cap float", {"community_id": comm, "code": "b", "name": "x", "unit": "hour", "points": 1, "daily_cap": 1.5}),
          ("missing unit", {"community_id": comm, "code": "b", "name": "x", "points": 1})]),
        ("service record", admin, "/api/v1/service-records", False,
         {"source": "service", "rule_id": 1, "partner_id": 1, "started_ms": 1, "note": "@@S@@"}, "note",
         [("rule string", {"source": "service", "rule_id": "1", "partner_id": 1, "started_ms": 1}),
          ("source number", {"source": 1, "rule_id": 1, "partner_id": 1, "started_ms": 1}),
          ("missing start", {"source": "service", "rule_id": 1, "partner_id": 1})]),
        ("service record action", admin, "/api/v1/service-records/1/actions", False,
         {"action": "reject", "reason": "@@S@@"}, "reason",
         [("action number", {"action": 1}), ("reason array", {"action": "reject", "reason": ["x"]})]),
        ("resident record confirm", rclient, "/api/v1/resident/service-records/1/confirm", False, {"reason": "@@S@@"},
         "reason", [("reason number", {"reason": 1})]),
        ("activity", admin, "/api/v1/activities", False,
         {"rule_id": 1, "title": "@@S@@", "lon": 120.1, "lat": 30.2, "radius_m": 100, "starts_ms": 1, "ends_ms": 2},
         "title",
         [("lon string", {"rule_id": 1, "title": "x", "lon": "120", "lat": 30.2, "radius_m": 100, "starts_ms": 1,
                          "ends_ms": 2}),
          ("missing ends", {"rule_id": 1, "title": "x", "lon": 120.1, "lat": 30.2, "radius_m": 100, "starts_ms": 1})]),
        ("sign-in", rclient, "/api/v1/resident/activities/1/sign-in", False, {"code": "@@S@@", "lon": 120.1, "lat": 30.2},
         "code", [("code number", {"code": 123456, "lon": 120.1, "lat": 30.2}), ("missing lat", {"code": "1", "lon": 1.0})]),
        ("gift", rclient, "/api/v1/resident/gifts", False,
         {"client_id": "@@S@@", "phone": "13800000000", "from": "resident", "community_id": comm, "amount": 1}, "client_id",
         [("amount string", {"client_id": "a", "phone": "13800000000", "from": "resident", "community_id": comm,
                             "amount": "1"}),
          ("phone number", {"client_id": "a", "phone": 13800000000, "from": "resident", "community_id": comm, "amount": 1})]),
        ("exchange", admin, "/api/v1/ledger/exchanges", False,
         {"client_id": "@@S@@", "from_account_id": 1, "to_account_id": 2, "amount": 1}, "client_id",
         [("amount null", {"client_id": "a", "from_account_id": 1, "to_account_id": 2, "amount": None})]),
        ("create", hotline, "/api/v1/tickets", True, VALID_CREATE, "description",
         [("description number", dict(VALID_CREATE, description=123)),
          ("category_id string", dict(VALID_CREATE, category_id="5")),
          ("location string", dict(VALID_CREATE, location="120.1,30.2")),
          ("lon string", dict(VALID_CREATE, location={"lon": "120.1", "lat": 30.2})),
          ("urgency string", dict(VALID_CREATE, urgency="high")),
          ("photos object", dict(VALID_CREATE, photos={"a": 1})),
          ("description null", dict(VALID_CREATE, description=None)),
          ("request_type number", dict(VALID_CREATE, request_type=5)),
          ("request_type unknown", dict(VALID_CREATE, request_type="praise"))]),
        ("kb", admin, "/api/v1/kb", False, VALID_KB, "title",
         [("title number", dict(VALID_KB, title=5)), ("body missing", {"title": "x"}),
          ("title empty", dict(VALID_KB, title="")), ("title 101 chars", dict(VALID_KB, title="知" * 101)),
          ("body 2001 chars", dict(VALID_KB, body="知" * 2001)), ("status unknown", dict(VALID_KB, status="live")),
          ("tags array", dict(VALID_KB, tags=["a"])), ("category 41 chars", dict(VALID_KB, category="类" * 41))]),
        ("action", shizheng, "/api/v1/tickets/%d/actions" % tid, True,
         {"action": "extend", "note": "@@S@@", "days": 3}, "note",
         [("action number", {"action": 5}), ("days string", {"action": "extend", "note": "x", "days": "3"}),
          ("days float", {"action": "extend", "note": "x", "days": 2.5}),
          ("note array", {"action": "extend", "note": ["x"], "days": 3}),
          ("version string", {"action": "extend", "note": "x", "days": 3, "version": "1"}),
          ("kb_ids on extend", {"action": "extend", "note": "x", "days": 3, "kb_ids": [1]}),
          ("kb_ids string", {"action": "answer", "public_reply": "x", "kb_ids": "1"}),
          ("kb_ids negative", {"action": "answer", "public_reply": "x", "kb_ids": [-1]}),
          ("kb_ids too many", {"action": "answer", "public_reply": "x", "kb_ids": [1, 2, 3, 4, 5, 6]}),
          ("public_reply number", {"action": "answer", "public_reply": 5})]),
        ("assists", ctx["dispatcher"], "/api/v1/tickets/%d/assists" % tid, True,
         {"unit_ids": [unit_by_code(admin, "shuiwu")["id"]], "note": "@@S@@"}, "note",
         [("unit_ids number", {"unit_ids": 5}), ("unit_ids strings", {"unit_ids": ["5"]}),
          ("unit_ids empty", {"unit_ids": []}), ("unit_ids nested", {"unit_ids": [[5]]}),
          ("unit_ids negative", {"unit_ids": [-1]}), ("due_ms string", {"unit_ids": [5], "due_ms": "1"}),
          ("due_ms negative", {"unit_ids": [5], "due_ms": -5}), ("note number", {"unit_ids": [5], "note": 5}),
          ("version string", {"unit_ids": [5], "version": "1"})]),
        ("assist action", shizheng, "/api/v1/tickets/%d/assists/1/actions" % tid, True,
         {"action": "complete", "note": "@@S@@"}, "note",
         [("action number", {"action": 5}), ("action unknown", {"action": "finish"}), ("missing action", {"note": "x"}),
          ("note array", {"action": "return", "note": ["x"]}), ("unit_id string", {"action": "reassign", "unit_id": "3"}),
          ("unit_id negative", {"action": "reassign", "unit_id": -3}), ("due_ms float", {"action": "reassign",
                                                                                         "unit_id": 3, "due_ms": 1.5}),
          ("public_reply number", {"action": "complete", "note": "x", "public_reply": 5})]),
        ("urge", hotline, "/api/v1/tickets/%d/urge" % tid, True, {"note": "@@S@@", "version": 1}, "note",
         [("note number", {"note": 5}), ("note null", {"note": None}), ("missing note", {}),
          ("blank note", {"note": "   "}), ("version string", {"note": "x", "version": "1"}),
          ("version negative", {"note": "x", "version": -1})]),
        ("revisit", hotline, "/api/v1/tickets/%d/revisit" % tid, True, {"satisfaction": "satisfied", "note": "@@S@@"},
         "note",
         [("satisfaction unknown", {"satisfaction": "great"}), ("satisfaction number", {"satisfaction": 1}),
          ("missing satisfaction", {"note": "x"}), ("reopen string", {"satisfaction": "unsatisfied", "reopen": "yes",
                                                                      "reason": "x"}),
          ("reopen when satisfied", {"satisfaction": "satisfied", "reopen": True, "reason": "x"}),
          ("reopen without reason", {"satisfaction": "unsatisfied", "reopen": True}),
          ("reason without reopen", {"satisfaction": "unsatisfied", "reason": "x"}),
          ("reason number", {"satisfaction": "unsatisfied", "reopen": True, "reason": 3})]),
        ("ticket classify", ctx["dispatcher"], "/api/v1/tickets/%d/classify" % tid, True, {"category_code": "@@S@@"},
         "category_code",
         [("category_id string", {"category_id": "5"}), ("category_code number", {"category_code": 5}),
          ("expect_version string", {"category_code": "0106", "expect_version": "1"}),
          ("unknown field", {"category_code": "0106", "note": "x"})]),
        ("classify", hotline, "/api/v1/classify", False, {"text": "路灯不亮@@S@@"}, "text",
         [("text number", {"text": 5}), ("text null", {"text": None}), ("missing text", {}),
          ("text empty", {"text": ""}), ("text 2001 chars", {"text": "路" * 2001}), ("text array", {"text": ["x"]}),
          ("unknown field", {"text": "x", "top": 5})]),
        ("place", admin, "/api/v1/places", False, VALID_PLACE, "name",
         [("name number", dict(VALID_PLACE, name=5)), ("lon string", dict(VALID_PLACE, lon="120.15")),
          ("lat null", dict(VALID_PLACE, lat=None)), ("aliases string", dict(VALID_PLACE, aliases="别名")),
          ("kind missing", {"name": "x", "lon": 120.15, "lat": 30.25}), ("lon 200", dict(VALID_PLACE, lon=200)),
          ("lat -91", dict(VALID_PLACE, lat=-91)), ("lon true", dict(VALID_PLACE, lon=True))]),
        ("own password", ctx["auditor"], "/api/v1/me/password", False,
         {"current_password": "not-the-password-@@S@@", "new_password": "new-password-1"}, "current_password",
         [("current number", {"current_password": 1, "new_password": "new-password-1"}),
          ("new null", {"current_password": "demo", "new_password": None}),
          ("missing new", {"current_password": "demo"}),
          ("new array", {"current_password": "demo", "new_password": ["x"]})]),
        ("device type", admin, "/api/v1/device-types", False, VALID_DTYPE, "name",
         [("name number", dict(VALID_DTYPE, name=5)), ("statuses object", dict(VALID_DTYPE, statuses={})),
          ("statuses empty", dict(VALID_DTYPE, statuses=[])), ("no normal", dict(VALID_DTYPE, statuses=[{"status": "x"}])),
          ("alarm without severity", dict(VALID_DTYPE, statuses=[{"status": "normal"}, {"status": "x", "alarm": "a"}])),
          ("unknown category", dict(VALID_DTYPE, statuses=[{"status": "normal"}, {"status": "x", "alarm": "a",
                                                                                  "severity": "major", "category": "9999"}])),
          ("offline under heartbeat", dict(VALID_DTYPE, heartbeat_s=60, offline_s=30)),
          ("offline 5 s", dict(VALID_DTYPE, heartbeat_s=1, offline_s=5)), ("debounce 0", dict(VALID_DTYPE, debounce_n=0)),
          ("code with space", dict(VALID_DTYPE, code="a b")), ("heartbeat string", dict(VALID_DTYPE, heartbeat_s="60"))]),
        ("device", admin, "/api/v1/devices", False, VALID_DEVICE, "name",
         [("type unknown", dict(VALID_DEVICE, type="no-such-type")), ("device_id empty", dict(VALID_DEVICE, device_id="")),
          ("device_id slash", dict(VALID_DEVICE, device_id="a/b")), ("name number", dict(VALID_DEVICE, name=1)),
          ("location string", dict(VALID_DEVICE, location="120,30")),
          ("lon 200", dict(VALID_DEVICE, location={"lon": 200, "lat": 30})), ("coord unknown", dict(VALID_DEVICE, coord="bd09")),
          ("owner unit missing", dict(VALID_DEVICE, owner_unit_id=999999)), ("owner string", dict(VALID_DEVICE, owner_unit_id="1")),
          ("enabled string", dict(VALID_DEVICE, enabled="yes")), ("address 201 chars", dict(VALID_DEVICE, address="址" * 201))]),
        ("device event", devc, "/api/v1/iot/events", False, VALID_EVENT, "status",
         [("status number", {"status": 1}), ("status unknown to the type", {"status": "melted"}),
          ("ts string", {"ts": "now"}), ("ts negative", {"ts": -1}), ("timestamp garbage", {"timestamp": "yesterday"}),
          ("battery 101", {"battery": 101}), ("values nested", {"values": {"a": {"b": 1}}}),
          ("events empty", {"events": []}), ("events 101", {"events": [{}] * 101}),
          ("another device", {"device_id": "OTHER-1", "status": "normal"})]),
        ("merge", ctx["dispatcher"], "/api/v1/tickets/%d/merge" % tid, True, {"parent_id": pid, "note": "@@S@@"}, "note",
         [("parent_id string", {"parent_id": str(pid)}), ("parent_id float", {"parent_id": 1.5}),
          ("parent_id negative", {"parent_id": -1}), ("parent_id itself", {"parent_id": tid}),
          ("missing parent_id", {"note": "x"}), ("note number", {"parent_id": pid, "note": 5}),
          ("version string", {"parent_id": pid, "version": "1"}), ("version negative", {"parent_id": pid, "version": -1})]),
        ("unmerge", ctx["supervisor"], "/api/v1/tickets/%d/unmerge" % tid, True, {"note": "@@S@@"}, "note",
         [("note number", {"note": 5}), ("missing note", {}), ("blank note", {"note": " "}),
          ("version string", {"note": "x", "version": "1"})]),
        ("draft duplicates", hotline, "/api/v1/tickets/duplicates", False,
         {"category_code": "0101", "location": {"lon": 120.155, "lat": 30.255}, "description": "@@S@@"}, "description",
         [("location string", {"category_code": "0101", "location": "120,30"}), ("missing location", {"category_code": "0101"}),
          ("lat 95", {"category_code": "0101", "location": {"lon": 120, "lat": 95}}),
          ("category unknown", {"category_code": "9999", "location": {"lon": 120, "lat": 30}}),
          ("limit 21", {"category_code": "0101", "location": {"lon": 120, "lat": 30}, "limit": 21}),
          ("coord unknown", {"category_code": "0101", "location": {"lon": 120, "lat": 30}, "coord": "bd09"}),
          ("description 2001 chars", {"category_code": "0101", "location": {"lon": 120, "lat": 30}, "description": "井" * 2001})]),
        ("login", anon, "/api/v1/auth/login", False, VALID_LOGIN, "username",
         [("username number", {"username": 1, "password": "demo"}),
          ("password null", {"username": "hotline", "password": None}),
          ("password bool", {"username": "hotline", "password": True}),
          ("missing password", {"username": "hotline"})]),
    ]

    # The same malformed bodies against every JSON endpoint.
    for ep, client, path, tick, valid, big_field, wrong in targets:
        for label, raw, status in body_variants(valid, wrong, big_field):
            before = snapshot(tick)
            r = client.request("POST", path, raw=raw)
            expect("%s %s" % (ep, label), r, status, before, tick)
            if label == "nesting depth 40" and r.status == 400:
                check("badinput: %s depth error names nesting" % ep, "nest" in r.json()["error"]["message"], r)
        before = snapshot(tick)
        r = client.request("POST", path, raw=json.dumps(valid).encode(), ctype="text/plain")
        expect("%s text/plain" % ep, r, 415, before, tick, "unsupported_media_type")
        # 70000 bytes announced by Content-Length: refused from the head, connection closed.
        before = snapshot(tick)
        st, hd, body, closed, _ = raw_http(port, head_for("POST", path, token=client.token,
                                                           extra="Content-Length: 70000\r\n"),
                                           b"{" + b" " * 69998 + b"}", send_body=False)
        expect("%s 70000-byte body" % ep, gw.Response(st, hd, body), 413, before, tick, "too_large")
        check("badinput: %s 70000-byte body closes the connection" % ep, closed, (st, hd))
        # 70000 bytes chunked (no Content-Length): refused once the body passes the limit.
        chunk = b" " * 7000
        chunked = b"1\r\n{\r\n" + (b"%x\r\n" % len(chunk) + chunk + b"\r\n") * 10 + b"1\r\n}\r\n0\r\n\r\n"
        before = snapshot(tick)
        st, hd, body, closed, _ = raw_http(port, head_for("POST", path, token=client.token,
                                                           extra="Transfer-Encoding: chunked\r\n"), chunked)
        expect("%s 70000-byte chunked body" % ep, gw.Response(st, hd, body), 413, before, tick, "too_large")
        # Content-Length and Transfer-Encoding together: 400, and nothing after it is answered.
        good = json.dumps(valid).replace("@@S@@", "x").encode()
        smuggle = (head_for("POST", path, token=client.token,
                            extra="Content-Length: %d\r\nTransfer-Encoding: chunked\r\n" % len(good))
                   + b"%x\r\n" % len(good) + good + b"\r\n0\r\n\r\n"
                   + b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        before = snapshot(tick)
        st, hd, body, closed, rest = raw_http(port, smuggle)
        expect("%s CL+TE" % ep, gw.Response(st, hd, body), 400, before, tick)
        check("badinput: %s CL+TE closes the connection" % ep, closed and b"HTTP/1.1" not in rest
              and hd.get("connection", "").lower() == "close", (st, hd, rest[:200]))

    r = admin.get("/api/v1/places?q=%E6%AD%A3%E5%B8%B8%E5%86%85%E5%AE%B9ok&limit=50")  # 正常内容ok
    check("badinput: no malformed place body created a place", r.status == 200
          and not [p for p in r.json()["items"] if p["name"] in ("正常内容 ok", "x")], r)

    d = admin.get("/api/v1/devices/%d" % dr.json()["id"]).json()
    check("badinput: malformed device messages changed nothing", d["status"] == "normal" and d["open_alarms"] == 0
          and admin.get("/api/v1/alarms?device_id=BADIN-0001").json()["total"] == 0, d)
    for raw, q, status in [(b"", "", 400), (b"device_id,type\nX-1,badinput-type\n", "", 400),
                           (b"device_id,type,name,colour\nX-1,badinput-type,x,red\n", "", 400),
                           (b"device_id,type,name\n", "", 400), (b"device_id,type,name\nX-1,badinput-type,x\n", "?coord=bd09", 400),
                           (b"device_id,type,name\nX-1,badinput-type,x\n", "?x=1", 400),
                           (b"device_id,type,name,lon,lat\nX-1,badinput-type,x,200,30\n", "", 400),
                           (b"device_id,type,name\n\xff\xfe,badinput-type,x\n", "", 400)]:
        r = admin.request("POST", "/api/v1/devices/import" + q, raw=raw, ctype="text/csv")
        check("badinput: device import %r %s -> %d" % (raw[:30], q, status), is_error(r, status), r)
    check("badinput: no device imported", admin.get("/api/v1/devices?q=X-1").json()["total"] == 0)
    png = tiny_png(7)
    for q, raw, ctype, status in [("", png, "image/png", 400), ("?event=a%20b", png, "image/png", 400),
                                  ("?event=tilted&ts=x", png, "image/png", 400), ("?event=tilted&x=1", png, "image/png", 400),
                                  ("?event=tilted", b"", "image/png", 400), ("?event=tilted", b"GIF89a....", "image/gif", 415),
                                  ("?event=melted", png, "image/png", 400)]:
        r = devc.request("POST", "/api/v1/iot/video-events" + q, raw=raw, ctype=ctype)
        check("badinput: video event %s %s -> %d" % (q, ctype, status), is_error(r, status), r)
    check("badinput: a staff session is no camera", is_error(admin.request(
        "POST", "/api/v1/iot/video-events?event=tilted", raw=png, ctype="image/png"), 401))
    check("badinput: no malformed device body created a device",
          admin.get("/api/v1/devices?q=BAD-0001").json()["total"] == 0)
    for path in ["/api/v1/devices?online=2", "/api/v1/devices?limit=0", "/api/v1/devices?limit=501",
                 "/api/v1/devices?offset=-1", "/api/v1/devices?type=a%20b", "/api/v1/devices?division_id=x",
                 "/api/v1/devices?sort=1", "/api/v1/devices?q=" + "%E7%9F%A5" * 101, "/api/v1/alarms?state=open",
                 "/api/v1/alarms?acked=2", "/api/v1/alarms?severity=huge", "/api/v1/alarms?limit=0",
                 "/api/v1/alarms?device_id=a%2Fb", "/api/v1/alarms?x=1", "/api/v1/devices/1/readings?since_ms=x",
                 "/api/v1/device-types?x=1", "/api/v1/iot/summary?x=1", "/api/v1/warnings?kind=x",
                 "/api/v1/warnings?state=closed", "/api/v1/warnings?limit=101", "/api/v1/warnings?offset=-1",
                 "/api/v1/warnings?q=1"]:
        check("badinput: GET %s -> 400" % path[:60], is_error(admin.get(path), 400), path)
    for method, path, body in [("GET", "/api/v1/devices/x", None), ("GET", "/api/v1/devices/999999999", None),
                               ("PUT", "/api/v1/devices/999999999", {"name": "x"}), ("PUT", "/api/v1/devices/%d" % dr.json()["id"], {}),
                               ("PUT", "/api/v1/devices/%d" % dr.json()["id"], {"device_id": "NEW"}),
                               ("DELETE", "/api/v1/devices/999999999", None), ("POST", "/api/v1/devices/999999999/secret", None),
                               ("POST", "/api/v1/alarms/999999999/ack", None), ("POST", "/api/v1/alarms/x/ack", None),
                               ("GET", "/api/v1/warnings/x", None), ("POST", "/api/v1/warnings/999999999/ack", {}),
                               ("POST", "/api/v1/warnings/1/ack", {"note": ["x"]}), ("POST", "/api/v1/warnings/1/ack", []),
                               ("POST", "/api/v1/warnings/run", {"now": 1}),
                               ("GET", "/api/v1/device-types/no-such", None), ("GET", "/api/v1/device-types/a%20b", None),
                               ("PUT", "/api/v1/device-types/badinput-type", {"statuses": []}),
                               ("PUT", "/api/v1/device-types/badinput-type", {"offline_s": 1}),
                               ("PUT", "/api/v1/device-types/no-such", {"name": "x"}),
                               ("POST", "/api/v1/device-types", dict(VALID_DTYPE, code="badinput-type", name="x"))]:
        r = admin.request(method, path, body=body)
        check("badinput: %s %s %s -> 4xx" % (method, path, body), 400 <= r.status < 500 and "error" in r.json(), r)
    r = admin.get("/api/v1/residents/%d" % rid)
    check("badinput: no malformed body created, verified or disabled a resident account", r.status == 200
          and not r.json()["verified"] and r.json()["status"] == "active"
          and admin.get("/api/v1/residents?limit=1").json()["total"] == n_residents, r)
    check("badinput: the resident's password is unchanged", anon.post("/api/v1/resident/login", {
        "phone": rphone, "password": "resident-pass"}).status == 200)
    for q in ("q=" + "%E7%9F%A5" * 101, "limit=0", "limit=101", "offset=-1", "offset=x", "status=gone",
              "verified=yes", "sort=1"):
        r = admin.get("/api/v1/residents?" + q)
        check("badinput: residents list %s -> 400" % q[:20], is_error(r, 400), r)
    for method, path, client in [("GET", "/api/v1/residents/x", admin), ("GET", "/api/v1/residents/999999999", admin),
                                 ("GET", "/api/v1/residents/999999999/person", admin),
                                 ("POST", "/api/v1/residents/999999999/code", admin),
                                 ("GET", "/api/v1/resident/me?x=1", rclient)]:
        r = client.request(method, path)
        check("badinput: %s %s -> 4xx" % (method, path), 400 <= r.status < 500 and "error" in r.json(), r)
    r = admin.request("POST", "/api/v1/residents/%d/code" % rid, raw=b'{"x":1}')
    check("badinput: a code request with a body -> 400", is_error(r, 400), r)

    r = admin.get("/api/v1/partners?limit=1")
    check("badinput: no malformed body created a partner", r.status == 200 and r.json()["total"] == n_partners, r)
    check("badinput: no malformed application", rclient.get("/api/v1/resident/partner").json()["items"] == [])
    for method, path, body in [("PUT", "/api/v1/partners/999999999", {"offer": "x"}), ("GET", "/api/v1/partners/x", None),
                               ("PUT", "/api/v1/partners/1", {}), ("GET", "/api/v1/partners/999999999/contact", None),
                               ("POST", "/api/v1/partners/999999999/actions", {"action": "retire", "reason": "x"})]:
        r = admin.request(method, path, body=body)
        check("badinput: partners %s %s -> 4xx" % (method, path), 400 <= r.status < 500 and "error" in r.json(), r)

    for path in ["/api/v1/partners/x/credit", "/api/v1/partners/999999999/credit", "/api/v1/certificates/999999999",
                 "/api/v1/partners/1/credit?limit=0", "/api/v1/partners/1/credit?offset=-1",
                 "/api/v1/credit/ranking?community_id=x&period=year&at=2026",
                 "/api/v1/credit/ranking?community_id=1&period=year&at=26",
                 "/api/v1/credit/ranking.xlsx?community_id=1&period=quarter&at=2026-Q0"]:
        r = admin.get(path)
        check("badinput: credit GET %s -> 4xx" % path, 400 <= r.status < 500 and "error" in r.json(), r)
    check("badinput: no malformed body issued a certificate",
          gw.sql(ctx, srv.db, "SELECT COUNT(*) FROM partner_certificates WHERE issued_ms > ?", (t_start,))[0][0] == 0)
    check("badinput: no malformed body created a survey, visit or project",
          (len(admin.get("/api/v1/surveys").json()["items"]), admin.get("/api/v1/visits?limit=1").json()["total"],
           admin.get("/api/v1/projects?limit=1").json()["total"]) == n_needs)
    for method, path, client in [("GET", "/api/v1/projects/x", admin), ("GET", "/api/v1/projects/999999999", admin),
                                 ("GET", "/api/v1/surveys/999999999/results", admin),
                                 ("GET", "/api/v1/projects?status=x", admin), ("GET", "/api/v1/visits?limit=0", admin),
                                 ("GET", "/api/v1/resident/projects/999999999", rclient),
                                 ("GET", "/api/v1/resident/surveys/x", rclient)]:
        r = client.request(method, path)
        check("badinput: %s %s -> 4xx" % (method, path), 400 <= r.status < 500 and "error" in r.json(), r)
    check("badinput: no malformed body created an earning rule",
          not [x for x in admin.get("/api/v1/earn-rules").json()["items"] if x["code"] == "bad_rule"])
    check("badinput: no malformed body created a service record or activity",
          admin.get("/api/v1/service-records?limit=1").json()["total"] == n_records
          and len(admin.get("/api/v1/activities").json()["items"]) == n_activities)
    for method, path, body in [("PUT", "/api/v1/earn-rules/999999999", {"points": 1}), ("PUT", "/api/v1/earn-rules/1", {}),
                               ("GET", "/api/v1/service-records/x", None),
                               ("GET", "/api/v1/service-records?status=done", None),
                               ("GET", "/api/v1/service-records?partner_id=-1", None),
                               ("POST", "/api/v1/service-records/999999999/actions", {"action": "confirm"}),
                               ("POST", "/api/v1/service-records/1/actions", {"action": "approve"}),
                               ("GET", "/api/v1/activities/999999999/code", None),
                               ("GET", "/api/v1/earn-rules?community_id=x", None),
                               ("PUT", "/api/v1/earn-settings/999999999", {"expiry_months": 1}),
                               ("PUT", "/api/v1/earn-settings/1", {"expiry_months": 1.5})]:
        r = admin.request(method, path, body=body)
        check("badinput: earn %s %s -> 4xx" % (method, path), 400 <= r.status < 500 and "error" in r.json(), r)

    r = admin.get("/api/v1/kb?status=draft&limit=50")
    check("badinput: no malformed kb body created an article", r.status == 200
          and not [a for a in r.json()["items"] if a["title"] in ("正常内容 ok", "x", "")], r)
    for q in ("q=" + "%E7%9F%A5" * 65, "limit=0", "limit=51", "offset=-1", "offset=x", "status=live", "sort=1"):
        r = admin.get("/api/v1/kb?" + q)
        check("badinput: kb list %s -> 400" % q[:20], is_error(r, 400), r)
    for method, path, body in [("PATCH", "/api/v1/kb/1", {}), ("PATCH", "/api/v1/kb/1", {"status": "gone"}),
                               ("PATCH", "/api/v1/kb/1", {"title": ""}), ("GET", "/api/v1/kb/x", None),
                               ("PATCH", "/api/v1/kb/999999999", {"title": "x"})]:
        r = admin.request(method, path, body=body)
        check("badinput: kb %s %s %s -> 4xx" % (method, path, body), 400 <= r.status < 500 and "error" in r.json(), r)

    # The body limit is 65536 bytes exactly; a charset parameter is fine.
    login = json.dumps({"username": "hotline", "password": "demo"}).encode()
    r = anon.request("POST", "/api/v1/auth/login", raw=login[:-1] + b" " * (65536 - len(login)) + b"}")
    check("badinput: login body of exactly 65536 bytes accepted", r.status == 200, r)
    st, hd, body, closed, _ = raw_http(port, head_for("POST", "/api/v1/auth/login",
                                                      extra="Content-Length: 65537\r\n"), send_body=False)
    check("badinput: login body of 65537 bytes -> 413", is_error(gw.Response(st, hd, body), 413, "too_large"), st)
    r = anon.request("POST", "/api/v1/auth/login", raw=login, ctype="application/json; charset=utf-8")
    check("badinput: application/json; charset=utf-8 accepted", r.status == 200, r)

    # Ticket fields: length, location, category, photos, contact.
    desc = "井" * 2001
    cases = [("description 2001 chars", dict(VALID_CREATE, description=desc)),
             ("description empty", dict(VALID_CREATE, description="")),
             ("lon 200", dict(VALID_CREATE, location={"lon": 200, "lat": 30.2})),
             ("lat -91", dict(VALID_CREATE, location={"lon": 120.1, "lat": -91})),
             ("lat missing", dict(VALID_CREATE, location={"lon": 120.1})),
             ("location extra key", dict(VALID_CREATE, location={"lon": 120.1, "lat": 30.2, "alt": 5})),
             ("coord bd09", dict(VALID_CREATE, coord="bd09")),
             ("lon 1e999", None),
             ("category_id 999999", {"category_id": 999999, "description": "x", "address": "某路1号"}),
             ("category_code 9999", dict(VALID_CREATE, category_code="9999")),
             ("category_id 0", {"category_id": 0, "description": "x", "address": "某路1号"}),
             ("category_id -3", {"category_id": -3, "description": "x", "address": "某路1号"}),
             ("urgency 4", dict(VALID_CREATE, urgency=4)),
             ("division 999999", dict(VALID_CREATE, division_id=999999, location=None)),
             ("no place at all", {"category_code": "0101", "description": "x"}),
             ("reporter_phone letters", dict(VALID_CREATE, reporter_phone="call-me-maybe")),
             ("reporter_name 41 chars", dict(VALID_CREATE, reporter_name="张" * 41)),
             ("photos unknown sha", dict(VALID_CREATE, photos=[hashlib.sha256(b"never uploaded").hexdigest()])),
             ("photos bad sha", dict(VALID_CREATE, photos=["zz"])),
             ("photos 10 items", dict(VALID_CREATE, photos=["a" * 64] * 10))]
    for label, body in cases:
        before = snapshot(False)
        if body is None:
            raw = json.dumps(VALID_CREATE).replace("120.155", "1e999").replace("@@S@@", "x").encode()
            r = hotline.request("POST", "/api/v1/tickets", raw=raw)
        else:
            body = {k: v for k, v in body.items() if v is not None}
            r = hotline.post("/api/v1/tickets", {k: (v if v != "@@S@@" else "坏输入") for k, v in body.items()})
        expect("create " + label, r, 400, before, False, "invalid_request")

    # Actions: unknown, out-of-range days, long note, unknown photo (rolled back), rating by staff.
    for label, body, status in [("unknown action", {"action": "explode"}, 400),
                                ("extend days 0", {"action": "extend", "days": 0, "note": "等材料"}, 400),
                                ("extend days 91", {"action": "extend", "days": 91, "note": "等材料"}, 400),
                                ("extend days -1", {"action": "extend", "days": -1, "note": "等材料"}, 400),
                                ("extend without note", {"action": "extend", "days": 3}, 400),
                                ("note 1001 chars", {"action": "extend", "days": 3, "note": "字" * 1001}, 400),
                                ("feedback unknown photo", {"action": "feedback", "note": "已修复",
                                 "photos": [hashlib.sha256(b"nope").hexdigest()]}, 400),
                                ("rate by staff", {"action": "rate"}, 403),
                                ("verify_onsite by a handler", {"action": "verify_onsite", "result": "pass"}, 403),
                                ("recall by a handler", {"action": "recall", "note": "撤回"}, 403),
                                ("result on feedback", {"action": "feedback", "note": "已修复", "result": "pass"}, 400),
                                ("after_photos on feedback", {"action": "feedback", "note": "已修复",
                                 "after_photos": ["a" * 64]}, 400),
                                ("verify_onsite result 1", {"action": "verify_onsite", "result": 1}, 400),
                                ("verify_onsite after_photos 10", {"action": "verify_onsite", "result": "pass",
                                 "after_photos": ["a" * 64] * 10}, 400),
                                ("verify_onsite after_photos bad sha", {"action": "verify_onsite", "result": "pass",
                                 "after_photos": ["zz"]}, 400)]:
        before = snapshot(True)
        r = shizheng.post("/api/v1/tickets/%d/actions" % tid, body)
        expect("action " + label, r, status, before, True)
    check("badinput: ticket still signed", ticket_state(admin, tid)[1] == "signed")

    # Routing: unknown routes 404, wrong methods 405, non-numeric ids 404 — all JSON.
    # (/open311/ paths answer in the Open311 error list: test_http_hostile)
    for method, path in [("GET", "/api/v1/nope"), ("POST", "/api/v2/tickets"),
                         ("GET", "/api/v1/tickets/1/unknown"), ("GET", "/api/v1/tickets/"),
                         ("GET", "/api/v1//tickets")]:
        expect("%s %s" % (method, path), admin.request(method, path), 404, snapshot(False), False, "not_found")
    for method, path in [("DELETE", "/api/v1/tickets"), ("PUT", "/api/v1/tickets/%d" % tid),
                         ("GET", "/api/v1/auth/login"), ("DELETE", "/api/v1/tickets/%d/actions" % tid)]:
        r = admin.request(method, path)
        expect("%s %s" % (method, path), r, 405, snapshot(False), False, "method_not_allowed")
        check("badinput: 405 %s %s names the allowed methods (Allow header, RFC 9110)" % (method, path),
              "allow" in r.headers, r.headers)
    for path in ["abc", "0", "-1", "1.5", "99999999999", "1e3", "%d%%00" % tid, "0x10"]:
        r = admin.get("/api/v1/tickets/" + path)
        expect("GET ticket id %r" % path, r, 404, snapshot(False), False, "not_found")
    for path in ["/api/v1/tickets/abc/actions", "/api/v1/tickets/-5/actions"]:
        r = admin.post(path, {"action": "accept"})
        expect("POST " + path, r, 404, snapshot(False), False, "not_found")
    expect("GET timeline of abc", admin.get("/api/v1/tickets/abc/timeline"), 404, snapshot(False), False)

    # Photos: content decides — text 415, a real PNG 201 (content-addressed), 6 MiB 413.
    text = b"just some text, not an image\n"
    r = hotline.request("POST", "/api/v1/files", raw=text, ctype="image/png")
    expect("upload text file", r, 415, snapshot(False), False, "unsupported_media_type")
    r = admin.get("/api/v1/files/" + hashlib.sha256(text).hexdigest())
    check("badinput: rejected upload is not stored", is_error(r, 404, "not_found"), r)
    r = hotline.request("POST", "/api/v1/files", raw=b"", ctype="image/png")
    expect("upload empty", r, 400, snapshot(False), False)
    png = tiny_png(777)
    r = hotline.request("POST", "/api/v1/files", raw=png, ctype="application/octet-stream")
    sha = hashlib.sha256(png).hexdigest()
    check("badinput: PNG upload -> 201 with its sha256", r.status == 201 and r.json()["sha256"] == sha
          and r.json()["mime"] == "image/png" and r.json()["size"] == len(png), r)
    r = hotline.get("/api/v1/files/" + sha)
    check("badinput: uploaded PNG served back", r.status == 200 and r.body == png
          and r.headers.get("content-type") == "image/png", r)
    five = png + b"\0" * ((5 << 20) - len(png))
    r = hotline.request("POST", "/api/v1/files", raw=five, ctype="image/png")
    check("badinput: upload of exactly 5 MiB accepted", r.status == 201 and r.json()["size"] == 5 << 20, r)
    st, hd, body, closed, _ = raw_http(port, head_for("POST", "/api/v1/files", "image/png", hotline.token,
                                                      "Content-Length: %d\r\n" % ((5 << 20) + 1)), send_body=False)
    expect("upload 5 MiB + 1", gw.Response(st, hd, body), 413, snapshot(False), False, "too_large")
    st, hd, body, closed, _ = raw_http(port, head_for("POST", "/api/v1/files", "image/png", hotline.token,
                                                      "Content-Length: %d\r\n" % (6 << 20)), send_body=False)
    expect("upload 6 MiB", gw.Response(st, hd, body), 413, snapshot(False), False, "too_large")
    check("badinput: 6 MiB upload closes the connection", closed, (st, hd))

    # 二级派单's unit tree: PUT /units/{id}/parent refuses hostile bodies and writes nothing.
    units = {u["code"]: u["id"] for u in admin.get("/api/v1/units").json()["items"]}
    sz, sw = units["shizheng"], units["shuiwu"]

    def tree():
        return [[u["id"] for u in admin.get("/api/v1/units/%d/subunits" % x).json()["items"]] for x in (sz, sw)]

    for label, raw in [("empty object", b"{}"), ("string id", b'{"parent_unit_id":"1"}'),
                       ("negative", b'{"parent_unit_id":-1}'), ("zero", b'{"parent_unit_id":0}'),
                       ("float", b'{"parent_unit_id":1.5}'), ("bool", b'{"parent_unit_id":true}'),
                       ("extra key", b'{"parent_unit_id":null,"x":1}'), ("array", b"[1]"),
                       ("huge", b'{"parent_unit_id":99999999999999999999999}'), ("not json", b"{parent")]:
        before = tree()
        r = admin.request("PUT", "/api/v1/units/%d/parent" % sw, raw=raw)
        check("badinput: unit parent %s -> 400" % label, is_error(r, 400) and tree() == before, r)
    for path in ["abc", "0", "-1", "999999999"]:
        r = admin.put("/api/v1/units/%s/parent" % path, {"parent_unit_id": None})
        check("badinput: unit parent of %r -> 404" % path, is_error(r, 404, "not_found"), r)
        check("badinput: subunits of %r -> 404" % path, is_error(admin.get("/api/v1/units/%s/subunits" % path), 404))
    # 字典管理: PUT /dictionaries/{dict}/{code} refuses hostile bodies and writes nothing.
    def dict_labels():
        return admin.get("/api/v1/dictionaries").json()["items"]

    for label, raw, status in body_variants({"zh": "@@S@@", "en": "Hotline"},
                                            [("zh number", {"zh": 5, "en": "x"}), ("en null", {"zh": "x", "en": None}),
                                             ("zh 21 chars", {"zh": "热" * 21, "en": "x"}), ("zh blank", {"zh": " ", "en": "x"})],
                                            "zh"):
        before = dict_labels()
        r = admin.request("PUT", "/api/v1/dictionaries/source/hotline", raw=raw)
        check("badinput: dictionary label %s -> %d" % (label, status), is_error(r, status) and dict_labels() == before, r)
    for path in ["colour/red", "source/fax", "source/hotline/x", "source", "urgency/0"]:
        r = admin.put("/api/v1/dictionaries/" + path, {"zh": "x", "en": "x"})
        check("badinput: dictionary %r -> 404" % path, is_error(r, 404), r)
        check("badinput: reset dictionary %r -> 404" % path, is_error(admin.delete("/api/v1/dictionaries/" + path), 404))
    check("badinput: dictionaries take no query", is_error(admin.get("/api/v1/dictionaries?all=1"), 400))
    # The operations pages (test_opspages): list search and paging, the audit log and its verification.
    auditor = ctx["auditor"]
    audit_n = auditor.get("/api/v1/audit?limit=1").json()["total"]
    for label, path in [("units limit 0", "/api/v1/units?limit=0"), ("rules limit 501", "/api/v1/routing-rules?limit=501"),
                        ("users offset -1", "/api/v1/users?offset=-1"), ("categories q 65 bytes", "/api/v1/categories?q=" + "x" * 65),
                        ("divisions q control", "/api/v1/divisions?q=%07"), ("units offset huge", "/api/v1/units?offset=99999999"),
                        ("audit limit 101", "/api/v1/audit?limit=101"), ("audit actor -1", "/api/v1/audit?actor=-1"),
                        ("audit action 64 bytes", "/api/v1/audit?action=" + "a" * 64), ("audit from junk", "/api/v1/audit?from=junk"),
                        ("audit unknown key", "/api/v1/audit?user=1")]:
        r = (auditor if "audit" in path else admin).get(path)
        expect("list " + label, r, 400, snapshot(False), False, "invalid_request")
    for label, raw in [("array", b"[]"), ("field", b'{"chain":"audit_log"}'), ("junk", b"{x"), ("deep", b"[" * 40 + b"]" * 40)]:
        r = auditor.request("POST", "/api/v1/audit/verify", raw=raw)
        expect("audit verify " + label, r, 400, snapshot(False), False)
    check("badinput: refused audit requests wrote nothing", auditor.get("/api/v1/audit?limit=1").json()["total"] == audit_n)
    ledger_badinput(ctx)


def ledger_badinput(ctx):
    """积分银行: malformed accounts, transfers, batches, holds and list queries are 400 (404 for a path id)
    and move nothing, store no client id (the same ids work afterwards) and write no audit row."""
    check, admin = ctx["check"], ctx["admin"]
    div = [d for d in admin.get("/api/v1/divisions").json()["items"] if d["level"] == "community"][0]["id"]
    a = admin.post("/api/v1/ledger/accounts", {"division_id": div, "owner_kind": "partner", "owner_id": 515151}).json()["id"]
    sysacc = admin.get("/api/v1/ledger/accounts?owner_kind=system&division_id=%d" % div).json()["items"]
    iss = [x for x in sysacc if x["system"] == "issuance"][0]["id"]
    good = {"client_id": "bad-ok", "debit_account_id": iss, "credit_account_id": a, "amount": 5}

    def snap():
        return (admin.get("/api/v1/ledger/accounts/%d" % a).json()["balance"],
                len(admin.get("/api/v1/ledger/transfers?limit=200").json()["items"]),
                admin.get("/api/v1/audit?limit=1").json()["total"])

    before = snap()
    bodies = [("amount 0", dict(good, amount=0)), ("amount negative", dict(good, amount=-5)),
              ("amount string", dict(good, amount="5")), ("amount float", dict(good, amount=5.5)),
              ("amount over int64", dict(good, amount=2 ** 63)), ("same account", dict(good, credit_account_id=iss)),
              ("no client_id", {k: v for k, v in good.items() if k != "client_id"}),
              ("client_id spaces", dict(good, client_id="a b")), ("client_id 65", dict(good, client_id="x" * 65)),
              ("client_id number", dict(good, client_id=5)), ("unknown field", dict(good, colour="red")),
              ("kind unknown", dict(good, kind="gift")), ("kind post", dict(good, kind="post")),
              ("kind expire", dict(good, kind="expire")), ("timeout on posted", dict(good, timeout_ms=1000)),
              ("pending without timeout", dict(good, kind="pending")),
              ("timeout too long", dict(good, kind="pending", timeout_ms=31 * 86400000)),
              ("memo 201 chars", dict(good, memo="积" * 201)), ("memo number", dict(good, memo=3)),
              ("corrects_id string", dict(good, corrects_id="1")),
              ("batch empty", {"transfers": []}), ("batch not array", {"transfers": good}),
              ("batch with extra", {"transfers": [good], "memo": "x"}),
              ("batch 33", {"transfers": [dict(good, client_id="b%d" % i) for i in range(33)]}),
              ("batch duplicate ids", {"transfers": [good, dict(good)]}),
              ("batch bad member", {"transfers": [good, dict(good, client_id="bad-2", amount=0)]})]
    for label, body in bodies:
        r = admin.post("/api/v1/ledger/transfers", body)
        check("badinput: ledger transfer %s -> 400" % label, is_error(r, 400, "invalid_request"), r)
    for label, raw in [("array", b"[]"), ("junk", b"{x"), ("deep", b"[" * 40 + b"]" * 40)]:
        r = admin.request("POST", "/api/v1/ledger/transfers", raw=raw)
        check("badinput: ledger transfer body %s -> 400" % label, is_error(r, 400), r)
    for path, body in [("/api/v1/ledger/transfers/1/post", {}), ("/api/v1/ledger/transfers/1/post", {"client_id": ""}),
                       ("/api/v1/ledger/transfers/1/void", {"client_id": "v", "amount": 3}),
                       ("/api/v1/ledger/accounts", {"division_id": div, "owner_kind": "system", "owner_id": 1}),
                       ("/api/v1/ledger/accounts", {"division_id": div, "owner_kind": "partner", "owner_id": "1"}),
                       ("/api/v1/ledger/accounts", {"division_id": div, "owner_kind": "partner", "owner_id": 0}),
                       ("/api/v1/ledger/accounts", {"division_id": 999999999, "owner_kind": "partner", "owner_id": 1})]:
        r = admin.post(path, body)
        check("badinput: ledger %s %s -> 400" % (path, body), is_error(r, 400, "invalid_request"), r)
    for q in ("limit=0", "limit=201", "offset=-1", "offset=x", "kind=gift", "account_id=x", "account_id=0", "sort=1"):
        r = admin.get("/api/v1/ledger/transfers?" + q)
        check("badinput: ledger transfers %s -> 400" % q, is_error(r, 400, "invalid_request"), r)
    for q in ("owner_kind=bank", "division_id=x", "owner_id=-1", "limit=500", "q=x"):
        r = admin.get("/api/v1/ledger/accounts?" + q)
        check("badinput: ledger accounts %s -> 400" % q, is_error(r, 400, "invalid_request"), r)
    for path in ("/api/v1/ledger/accounts/x", "/api/v1/ledger/accounts/0", "/api/v1/ledger/accounts/999999999"):
        check("badinput: ledger %s -> 404" % path, is_error(admin.get(path), 404, "not_found"))
    check("badinput: refused ledger requests moved and audited nothing", snap() == before, (before, snap()))
    r = admin.post("/api/v1/ledger/transfers", good)
    check("badinput: ...and stored no client id (the id still works)", r.status == 201, r)
