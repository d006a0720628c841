"""Hostile HTTP framing and request targets against the front (src/http/server.c): every case gets
exactly one prompt 4xx/5xx with an error body (Open311 paths: the Open311 error list) and the
connection closed where the framing cannot be trusted; nothing is written; the server keeps
serving. Servers with special configuration (static_dir, trusted_proxies, a small public_rate)
are started here and stopped again."""
import json
import os
import tempfile
import xml.etree.ElementTree as ET

import gw
from test_authz import is_error, ticket_total
from test_badinput import head_for, raw_http

FAST = 3  # socket timeout: a hang shows as "no answer", not as a 30 s wait


def one_response(port, data, timeout=FAST):
    """Send raw bytes; (Response, closed, bytes after the first response)."""
    st, hd, body, closed, rest = raw_http(port, data, timeout=timeout)
    return gw.Response(st, hd, body), closed, rest


def o311_error(r, status, fmt="json"):
    """r is the Open311 error list with this status: [{"code":status,"description":...}] or XML."""
    if r.status != status:
        return False
    try:
        if fmt == "xml":
            root = ET.fromstring(r.body)
            errs = root.findall("error")
            return (root.tag == "errors" and r.headers.get("content-type", "").startswith("text/xml") and len(errs) == 1
                    and errs[0].findtext("code") == str(status) and bool(errs[0].findtext("description")))
        doc = r.json()
    except (ValueError, ET.ParseError):
        return False
    return (isinstance(doc, list) and len(doc) == 1 and doc[0].get("code") == status
            and isinstance(doc[0].get("description"), str) and doc[0]["description"] != ""
            and r.headers.get("content-type", "").startswith("application/json"))


def alive(port):
    return gw.Client(port).get("/healthz").status == 200


def check_targets(check, port):
    """1: a request target that is not origin-form is a 400 before routing (and no crash)."""
    for method, target in [("GET", "x"), ("GET", "index.html"), ("GET", "*"), ("GET", "?a=1"), ("HEAD", "a.b"),
                           ("GET", "http://127.0.0.1/healthz"), ("GET", "https://evil.example/api/v1/me"),
                           ("POST", "api/v1/auth/login"), ("OPTIONS", "x")]:
        r, closed, rest = one_response(port, head_for(method, target, ctype=None))
        ok = r.status == 400 and closed and b"HTTP/1." not in rest
        if method != "HEAD":
            ok = ok and is_error(r, 400, "invalid_request")
        check("hostile: %s %s -> 400, closed" % (method, target), ok and alive(port), (r, closed))


def check_static(check, binary, db):
    """2: no way out of static_dir: '..' (plain or encoded), encoded '/', symlinks."""
    top = tempfile.mkdtemp(prefix="gw-hostile-")
    dist = os.path.join(top, "dist")
    os.makedirs(os.path.join(dist, "assets"))
    secret = b"TOP-SECRET-above-static-dir"
    for name in ["secret.txt", "index.html"]:
        with open(os.path.join(top, name), "wb") as f:
            f.write(secret)
    index = b"<!doctype html><div id=app></div>"
    with open(os.path.join(dist, "index.html"), "wb") as f:
        f.write(index)
    with open(os.path.join(dist, "assets", "app.js"), "w") as f:
        f.write("console.log(1)")
    os.symlink(os.path.join(top, "secret.txt"), os.path.join(dist, "link.txt"))
    os.symlink(top, os.path.join(dist, "up"))
    os.symlink("../../secret.txt", os.path.join(dist, "assets", "rel.txt"))
    srv = gw.Server(binary, db=db, extra=["--static-dir", dist + "/"])  # trailing slash, as in the report
    srv.start()
    try:
        c = gw.Client(srv.port)
        r = c.get("/assets/app.js")
        check("hostile static: a real asset is served", r.status == 200 and r.body == b"console.log(1)", r)
        r = c.get("/")
        check("hostile static: / is index.html", r.status == 200 and b"id=app" in r.body, r)
        for target in ["../secret.txt", ".%2e/secret.txt", "%2e%2e/secret.txt", "..%2fsecret.txt",
                       "/../secret.txt", "/.%2e/secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                       "/..%2fsecret.txt", "/..%2Fsecret.txt", "/assets/..%2f..%2fsecret.txt",
                       "/assets/../../secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt",
                       "/link.txt", "/up/secret.txt", "/up/index.html", "/assets/rel.txt", "/up/",
                       "/assets%2f..%2f..%2fsecret.txt", "/assets/./../../secret.txt", "/..", "/../"]:
            for method in ["GET", "HEAD"]:
                st, hd, body, closed, _ = raw_http(srv.port, head_for(method, target, ctype=None), timeout=FAST)
                # refused, or a console route answered with the console's own index.html
                console = st == 200 and hd.get("content-length") == str(len(index)) and secret not in body
                check("hostile static: %s %s does not leak" % (method, target),
                      secret not in body and (st in (400, 404) or console) and srv.alive(), (st, body[:200]))
        check("hostile static: server still serving", alive(srv.port))
    finally:
        rc, log = srv.stop()
        check("hostile static: server stops cleanly", rc == 0 and "AddressSanitizer" not in log, log[-800:])


def check_content_length(check, ctx):
    """3: two Content-Length headers that disagree, or a non-digit one: one 400, closed, nothing done."""
    port, hotline, admin = ctx["port"], ctx["hotline"], ctx["admin"]
    hidden = json.dumps({"category_code": "0101", "description": "smuggled ticket",
                         "location": {"lon": 120.155, "lat": 30.255}}).encode()
    inner = head_for("POST", "/api/v1/tickets", token=hotline.token,
                     extra="Content-Length: %d\r\n" % len(hidden)) + hidden
    outer_body = b"{}" + inner
    for label, cls in [("2 and 80", ["2", str(len(outer_body))]), ("80 and 2", [str(len(outer_body)), "2"]),
                       ("2 and 2,80", ["2", "2, %d" % len(outer_body)])]:
        before = ticket_total(admin)
        extra = "".join("Content-Length: %s\r\n" % v for v in cls)
        data = head_for("POST", "/api/v1/auth/login", extra=extra) + outer_body
        r, closed, rest = one_response(port, data)
        check("hostile: Content-Length %s -> one 400, closed" % label,
              is_error(r, 400) and closed and b"HTTP/1." not in rest, (r, closed, rest[:200]))
        check("hostile: Content-Length %s: the hidden request did nothing" % label, ticket_total(admin) == before)
    for value in ["+2", "2a", "0x2", "-1", "2 2", " ", "99999999999999999999999"]:
        data = head_for("POST", "/api/v1/auth/login", extra="Content-Length: %s\r\n" % value) + b"{}"
        r, closed, rest = one_response(port, data)
        check("hostile: Content-Length %r -> 400, closed" % value,
              r.status in (400, 413) and closed and b"HTTP/1." not in rest, (r, closed))
    # Equal duplicates are one length (RFC 9110 allows a recipient to take them as one).
    login = json.dumps({"username": "nobody-here", "password": "x"}).encode()
    extra = "Content-Length: %d\r\nContent-Length: %d\r\n" % (len(login), len(login))
    r, closed, _ = one_response(port, head_for("POST", "/api/v1/auth/login", extra=extra) + login)
    check("hostile: two equal Content-Length headers are one length", r.status == 401, r)


def check_transfer_encoding(check, port):
    """4: a transfer coding other than a lone chunked is refused at once, connection closed."""
    body = b"2\r\n{}\r\n0\r\n\r\n"
    for te, status in [("gzip, chunked", 501), ("identity", 400), ("chunked, gzip", 400), ("gzip", 400),
                       ("deflate,chunked", 501), ("chunked, chunked", 400), ("chunked;x=1", 400), ("", 400)]:
        data = head_for("POST", "/api/v1/auth/login", extra="Transfer-Encoding: %s\r\n" % te) + body
        r, closed, rest = one_response(port, data)
        check("hostile: Transfer-Encoding %r -> %d at once, closed" % (te, status),
              is_error(r, status) and closed and b"HTTP/1." not in rest, (r, closed))
    data = head_for("POST", "/api/v1/auth/login", extra="Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n")
    r, closed, _ = one_response(port, data + body)
    check("hostile: two Transfer-Encoding headers -> 400, closed", is_error(r, 400) and closed, (r, closed))
    data = b"POST /api/v1/auth/login HTTP/1.0\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    r, closed, _ = one_response(port, data + body)
    check("hostile: Transfer-Encoding in HTTP/1.0 -> 400, closed", is_error(r, 400) and closed, (r, closed))
    # plain chunked still works (a wrong login: 401, not a framing error)
    login = json.dumps({"username": "nobody-here", "password": "x"}).encode()
    data = (head_for("POST", "/api/v1/auth/login", extra="Transfer-Encoding: Chunked\r\n")
            + b"%x\r\n" % len(login) + login + b"\r\n0\r\n\r\n")
    r, _, _ = one_response(port, data)
    check("hostile: plain chunked body still accepted", r.status == 401, r)


def check_query_bounds(check, port):
    """5: many query parameters or a very long target: a prompt 4xx with a JSON body."""
    for label, query in [("500 parameters", "&".join(["x=1"] * 500)), ("2000 parameters", "&".join(["x=1"] * 2000)),
                         ("4000 parameters", "&".join(["x=1"] * 4000)), ("one 10000-byte parameter", "x=" + "a" * 10000),
                         ("65 parameters", "&".join("k%d=1" % i for i in range(65)))]:
        for path in ["/healthz", "/api/v1/public/categories"]:
            r, closed, _ = one_response(port, head_for("GET", path + "?" + query, ctype=None))
            check("hostile: %s on %s -> prompt 414 with JSON" % (label, path),
                  is_error(r, 414, "uri_too_long") and closed, (r, closed))
    r, closed, _ = one_response(port, head_for("GET", "/" + "a" * 9000, ctype=None))
    check("hostile: 9000-byte path -> 414 with JSON", is_error(r, 414, "uri_too_long"), r)
    q = "&".join("p%d=%d" % (i, i) for i in range(20))
    r = gw.Client(port).get("/api/v1/public/categories?" + q)
    check("hostile: 20 parameters still work", r.status == 200 and isinstance(r.json().get("items"), list), r)
    r = gw.Client(port).get("/api/v1/public/categories?" + "&".join("k%d=1" % i for i in range(64)))
    check("hostile: 64 parameters still work", r.status == 200, r)
    check("hostile: serving after the query bounds", alive(port))


def check_host(check, port):
    """6: HTTP/1.1 needs exactly one Host; HTTP/1.0 may omit it."""
    r, closed, _ = one_response(port, b"GET /healthz HTTP/1.1\r\n\r\n")
    check("hostile: HTTP/1.1 without Host -> 400", is_error(r, 400, "invalid_request") and closed, (r, closed))
    r, closed, _ = one_response(port, b"GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
    check("hostile: two Host headers -> 400", is_error(r, 400, "invalid_request") and closed, (r, closed))
    r, closed, _ = one_response(port, b"GET /healthz HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n")
    check("hostile: two equal Host headers -> 400", is_error(r, 400) and closed, (r, closed))
    r, _, _ = one_response(port, b"GET /healthz HTTP/1.0\r\n\r\n")
    check("hostile: HTTP/1.0 without Host -> 200", r.status == 200 and r.json() == {"status": "ok"}, r)


def check_line_framing(check, port):
    """Lone CR, bare LF, obs-fold, control bytes in header values."""
    r, closed, rest = one_response(port, b"GET /healthz HTTP/1.1\r\nHost: a\rX-A: b\r\n\r\n")
    check("hostile: lone CR inside a header line -> 400, closed",
          is_error(r, 400) and closed and b"HTTP/1." not in rest, (r, closed))
    r, closed, rest = one_response(port, b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\x01c\r\n\r\n")
    check("hostile: control byte in a header value -> 400", is_error(r, 400) and closed, (r, closed))
    r, closed, rest = one_response(port, b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\x7fc\r\n\r\n")
    check("hostile: DEL in a header value -> 400", is_error(r, 400) and closed, (r, closed))
    # Bare LF line ends (RFC 9112 2.2 lets a recipient accept them): one request, one answer.
    r, _, rest = one_response(port, b"GET /healthz HTTP/1.1\nHost: a\n\n")
    check("hostile: bare LF request -> one 200", r.status == 200 and b"HTTP/1." not in rest, (r, rest[:100]))
    # obs-fold: microhttpd joins the continuation into the previous value; one answer, still serving.
    r, _, rest = one_response(port, b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n")
    check("hostile: obs-fold -> exactly one answer", r.status in (200, 400) and b"HTTP/1." not in rest, (r, rest))
    # A request smuggled after a bare-LF-terminated head is a second request on the connection,
    # answered as such, never folded into the first.
    r, _, rest = one_response(port, b"GET /healthz HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"
                                    b"GET x HTTP/1.1\r\nHost: a\r\n\r\n")
    check("hostile: pipelined bad second request gets its own 400", r.status == 200 and b" 400 " in rest, rest[:200])
    check("hostile: serving after the framing cases", alive(port))


def check_proxies(check, ctx, db):
    """7: X-Forwarded-For / X-Real-IP count only from a trusted proxy (rate limit per client)."""
    binary = ctx["binary"]
    path = "/api/v1/public/categories"
    trusted = gw.Server(binary, db=db, extra=["--public-rate", "3", "--trusted-proxies", "10.9.9.9, 127.0.0.0/8,::1"])
    trusted.start()
    try:
        c = gw.Client(trusted.port)
        gw.avoid_window_end(60, 15)
        a = [c.get(path, headers={"X-Forwarded-For": "203.0.113.7"}).status for _ in range(4)]
        check("hostile proxy: one forwarded client is limited (3 then 429)", a == [200, 200, 200, 429], a)
        b = c.get(path, headers={"X-Forwarded-For": "198.51.100.20"}).status
        check("hostile proxy: another forwarded client has its own bucket", b == 200, b)
        # nginx's $proxy_add_x_forwarded_for: "what the client sent, the address nginx saw"
        d = [c.get(path, headers={"X-Forwarded-For": "9.9.9.%d, 198.51.100.21" % i}).status for i in range(4)]
        check("hostile proxy: the right-most untrusted address counts, not the forged left part",
              d == [200, 200, 200, 429], d)
        e = [c.get(path, headers={"X-Forwarded-For": "198.51.100.22, 10.9.9.9"}).status for _ in range(4)]
        check("hostile proxy: trusted hops are skipped from the right", e == [200, 200, 200, 429], e)
        many = []
        for i in range(4):  # the hops our proxies add are the last headers, however many come first
            forged = "".join("X-Forwarded-For: 9.8.%d.%d\r\n" % (i, k) for k in range(10))
            many.append(raw_http(trusted.port, head_for("GET", path, None, extra=forged +
                                                        "X-Forwarded-For: 198.51.100.25\r\n"), timeout=FAST)[0])
        check("hostile proxy: many X-Forwarded-For headers: the last ones count", many == [200, 200, 200, 429], many)
        f = [c.get(path, headers={"X-Real-IP": "198.51.100.23"}).status for _ in range(4)]
        check("hostile proxy: X-Real-IP from a trusted proxy", f == [200, 200, 200, 429], f)
        g = c.get(path, headers={"X-Real-IP": "198.51.100.24"}).status
        check("hostile proxy: another X-Real-IP has its own bucket", g == 200, g)
        # 8: the 429 on an Open311 path is the Open311 error list (JSON or XML by the extension).
        for _ in range(3):
            c.get("/open311/v2/services.json", headers={"X-Forwarded-For": "198.51.100.30"})
        r = c.get("/open311/v2/services.json", headers={"X-Forwarded-For": "198.51.100.30"})
        check("hostile o311: 429 as the Open311 error list", o311_error(r, 429), r)
        r = c.get("/open311/v2/services.xml", headers={"X-Forwarded-For": "198.51.100.30"})
        check("hostile o311: 429 on .xml as <errors>", o311_error(r, 429, "xml"), r)
    finally:
        rc, log = trusted.stop()
        check("hostile proxy: trusted server stops cleanly", rc == 0 and "AddressSanitizer" not in log, log[-800:])
    plain = gw.Server(binary, db=db, extra=["--public-rate", "3"])
    plain.start()
    try:
        c = gw.Client(plain.port)
        gw.avoid_window_end(60, 15)
        s = [c.get(path, headers={"X-Forwarded-For": "203.0.113.%d" % i, "X-Real-IP": "203.0.114.%d" % i}).status
             for i in range(4)]
        check("hostile proxy: untrusted peer cannot escape the limit with forged headers", s == [200, 200, 200, 429], s)
    finally:
        rc, log = plain.stop()
        check("hostile proxy: plain server stops cleanly", rc == 0 and "AddressSanitizer" not in log, log[-800:])


def check_open311_errors(check, ctx):
    """8: errors the front produces on /open311/... use the Open311 error list."""
    port, admin = ctx["port"], ctx["admin"]
    r = gw.Client(port).get("/open311/v2/nope.json")
    check("hostile o311: unknown endpoint 404 as Open311", o311_error(r, 404), r)
    r = gw.Client(port).get("/open311/v2/nope.xml")
    check("hostile o311: unknown .xml endpoint 404 as <errors>", o311_error(r, 404, "xml"), r)
    r = gw.Client(port).request("DELETE", "/open311/v2/services.json")
    check("hostile o311: 405 as Open311 with Allow", o311_error(r, 405) and "GET" in r.headers.get("allow", ""), r)
    before = ticket_total(admin)
    r, closed, _ = one_response(port, head_for("POST", "/open311/v2/requests.json", "application/x-www-form-urlencoded",
                                               extra="Content-Length: 70000\r\n"))
    check("hostile o311: 413 as Open311, closed", o311_error(r, 413) and closed, (r, closed))
    chunk = b"a=" + b"b" * 7000
    body = (b"%x\r\n" % len(chunk) + chunk + b"\r\n") * 10 + b"0\r\n\r\n"
    r, _, _ = one_response(port, head_for("POST", "/open311/v2/requests.xml", "application/x-www-form-urlencoded",
                                          extra="Transfer-Encoding: chunked\r\n") + body)
    check("hostile o311: chunked 413 on .xml as <errors>", o311_error(r, 413, "xml"), r)
    r, closed, _ = one_response(port, head_for("POST", "/open311/v2/requests.json", "application/x-www-form-urlencoded",
                                               extra="Content-Length: 3\r\nTransfer-Encoding: chunked\r\n")
                                + b"3\r\na=b\r\n0\r\n\r\n")
    check("hostile o311: CL+TE 400 as Open311", o311_error(r, 400) and closed, (r, closed))
    r, closed, _ = one_response(port, head_for("POST", "/open311/v2/requests.json", "application/x-www-form-urlencoded",
                                               extra="Transfer-Encoding: gzip, chunked\r\n") + b"0\r\n\r\n")
    check("hostile o311: 501 as Open311", o311_error(r, 501) and closed, (r, closed))
    r, closed, _ = one_response(port, head_for("GET", "/open311/v2/requests.json?" + "&".join(["x=1"] * 2000), None))
    check("hostile o311: 414 as Open311", o311_error(r, 414) and closed, (r, closed))
    r, closed, _ = one_response(port, head_for("GET", "/open311/v2/requests.xml?" + "&".join(["x=1"] * 500), None))
    check("hostile o311: 414 on .xml as <errors>", o311_error(r, 414, "xml"), r)
    r, closed, _ = one_response(port, b"GET /open311/v2/services.json HTTP/1.1\r\n\r\n")
    check("hostile o311: missing Host 400 as Open311", o311_error(r, 400) and closed, (r, closed))
    r, closed, _ = one_response(port, head_for("GET", "/open311/v2/services.json", None,
                                               extra="Content-Length: 1\r\nContent-Length: 2\r\n"))
    check("hostile o311: conflicting Content-Length 400 as Open311", o311_error(r, 400) and closed, (r, closed))
    check("hostile o311: nothing written", ticket_total(admin) == before)
    r = gw.Client(port).get("/api/v1/nope")
    check("hostile: /api paths keep the JSON error", is_error(r, 404, "not_found"), r)


def check_fuzz_finds(check, ctx):
    """9: what fuzz/ found (docs/reliability.md): a multipart part without a name crashed the server
    (microhttpd hands the form iterator a NULL key); an import whose unknown column name is cut inside
    a UTF-8 character by the message's bound answered 500 instead of 400."""
    port, admin = ctx["port"], ctx["admin"]
    before = ticket_total(admin)
    for label, part in [("no Content-Disposition", b"Content-Type: text/plain\r\n\r\n0101\r\n"),
                        ("no name", b"Content-Disposition: form-data; filename=\"a.jpg\"\r\n\r\nxx\r\n")]:
        body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"service_code\"\r\n\r\n0101\r\n--XyZ\r\n" + part
                + b"--XyZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nx\r\n--XyZ--\r\n")
        r, _, _ = one_response(port, head_for("POST", "/open311/v2/requests.json", "multipart/form-data; boundary=XyZ",
                                              extra="Content-Length: %d\r\n" % len(body)) + body)
        check("hostile o311: multipart part with %s -> a 4xx Open311 error, server alive" % label,
              400 <= r.status < 500 and o311_error(r, r.status) and alive(port), r)
    check("hostile o311: nameless parts wrote nothing", ticket_total(admin) == before)
    head = "device_id,type,name,lon,lata" + "x" * 35 + "设备编号"  # the 40-byte bound falls inside 设
    r = admin.request("POST", "/api/v1/devices/import", raw=(head + "\nFZ-9,manhole,井盖,120.1,30.2\n").encode(),
                      ctype="text/csv")
    check("hostile: import with a cut UTF-8 column name -> 400 with a JSON error", is_error(r, 400, "invalid_request"), r)
    for fmt in ("json", "xml"):  # the 404 echoed the bytes of the path, not UTF-8: 500 before
        r = gw.Client(port).get("/open311/v2/services/01%FF%FE." + fmt)
        check("hostile o311: service %%FF.%s -> 404 as Open311" % fmt, o311_error(r, 404, fmt), r)


def run(base, ctx):
    check, port = ctx["check"], ctx["port"]
    check_targets(check, port)
    check_content_length(check, ctx)
    check_transfer_encoding(check, port)
    check_query_bounds(check, port)
    check_host(check, port)
    check_line_framing(check, port)
    check_open311_errors(check, ctx)
    check_fuzz_finds(check, ctx)
    db = gw.fresh_db(ctx, tickets=5)  # own rate counters (shared in the database on PostgreSQL)
    check_static(check, ctx["binary"], db)
    check_proxies(check, ctx, db)
    check("hostile: main server still serving", alive(port))
