"""The built web console is served by gridwork itself: types, caching, SPA fallback, no traversal."""
import os
import tempfile

import gw


def run(base, ctx):
    check = ctx["check"]
    d = tempfile.mkdtemp(prefix="gw-static-")
    os.makedirs(os.path.join(d, "assets"))
    with open(os.path.join(d, "index.html"), "w") as f:
        f.write("<!doctype html><title>控制台</title><div id=app></div>")
    with open(os.path.join(d, "assets", "app-1a2b3c.js"), "w") as f:
        f.write("console.log('hi')")
    with open(os.path.join(d, "secret.txt"), "w") as f:
        f.write("x")
    srv = gw.Server(ctx["binary"], db=ctx["server"].db, extra=["--static-dir", d])
    srv.start()
    try:
        c = gw.Client(srv.port)
        r = c.get("/")
        check("static: / is index.html", r.status == 200 and b"id=app" in r.body
              and r.headers["content-type"].startswith("text/html"), r)
        check("static: index.html not cached", r.headers.get("cache-control") == "no-cache", r.headers)
        r = c.get("/assets/app-1a2b3c.js")
        check("static: js type", r.headers.get("content-type", "").startswith("text/javascript"), r.headers)
        check("static: hashed assets immutable", "immutable" in r.headers.get("cache-control", ""), r.headers)
        r = c.get("/tickets/42")
        check("static: SPA route falls back to index.html", r.status == 200 and b"id=app" in r.body, r)
        check("static: missing asset 404", c.get("/assets/nope.js").status == 404)
        check("static: traversal refused", c.get("/../etc/passwd").status in (400, 404))
        check("static: dot segment refused", c.get("/assets/../secret.txt").status in (400, 404))
        check("static: api paths are not files", c.get("/api/v1/nothing").status == 404
              and c.get("/api/v1/nothing").json()["error"]["code"] == "not_found")
    finally:
        rc, log = srv.stop()
        check("static: server stops cleanly", rc == 0, log[-500:])
