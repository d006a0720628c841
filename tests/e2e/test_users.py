"""Staff accounts through one service (core/user_svc.c): `gridwork user ...` and `gridwork apikey ...`
refuse what POST /api/v1/users refuses, with the same message, write nothing when they refuse, and
are audited like the API's writes."""
import json
import subprocess
import uuid

import gw


def cli(ctx, *args):
    srv = ctx["server"]
    return subprocess.run([ctx["binary"], *args[:1], *args[1:2], "--db", srv.db, *args[2:]],
                          capture_output=True, text=True, timeout=120)


def users_named(ctx, name):
    return gw.sql(ctx, ctx["server"].db, "SELECT id FROM users WHERE username = ?", (name,))


def audit_of(ctx, obj):
    return gw.sql(ctx, ctx["server"].db, "SELECT action, actor_user_id, detail FROM audit_log WHERE object = ? ORDER BY id",
                  (obj,))


def uname():
    return "u" + uuid.uuid4().hex[:10]


def api_body(name, cli_args):
    """The API request that says what these `user add` flags say."""
    flags = dict(zip(cli_args[::2], cli_args[1::2]))
    body = {"username": name, "display_name": flags.get("--name", name), "password": flags["--password"],
            "role": flags["--role"]}
    if "--phone" in flags:
        body["phone"] = flags["--phone"]
    for flag, key in (("--division-id", "division_id"), ("--unit-id", "unit_id")):
        if flag in flags:
            body[key] = int(flags[flag])
    return body


def refusals(ctx, check):
    admin = ctx["admin"]
    div = admin.get("/api/v1/divisions").json()["items"][0]["id"]
    unit = admin.get("/api/v1/units").json()["items"][0]["id"]
    cases = [
        ("unit_handler without a unit", ["--role", "unit_handler", "--password", "longenough1"], "unit_id"),
        ("dispatcher without a division", ["--role", "dispatcher", "--password", "longenough1"], "division_id"),
        ("unknown division", ["--role", "dispatcher", "--password", "longenough1", "--division-id", "987654"],
         "division 987654 does not exist"),
        ("unknown unit", ["--role", "unit_handler", "--password", "longenough1", "--unit-id", "987654"],
         "unit 987654 does not exist"),
        ("a unit for a dispatcher", ["--role", "dispatcher", "--password", "longenough1", "--division-id", str(div),
                                     "--unit-id", str(unit)], "only for a unit_handler"),
        ("bad phone", ["--role", "dispatcher", "--password", "longenough1", "--division-id", str(div),
                       "--phone", "call me"], "phone"),
        ("password of 4 characters in 12 bytes", ["--role", "dispatcher", "--password", "密码密码",
                                                  "--division-id", str(div)], "at least 8 characters"),
        ("display name over 20 characters", ["--role", "dispatcher", "--password", "longenough1",
                                             "--division-id", str(div), "--name", "名" * 21], "display_name"),
        ("resident is not a staff role", ["--role", "resident", "--password", "longenough1", "--division-id", str(div)],
         "role"),
    ]
    for what, args, needle in cases:
        name = uname()
        api = admin.post("/api/v1/users", api_body(name, args))
        msg = api.json().get("error", {}).get("message", "") if api.status == 400 else ""
        check("users: API refuses %s" % what, api.status == 400 and needle in msg, api)
        r = cli(ctx, "user", "add", "--username", name, *args)
        check("users: CLI refuses %s like the API (%r)" % (what, msg),
              r.returncode != 0 and msg and msg in r.stderr, (r.returncode, r.stderr[-300:]))
        check("users: nothing written for %s" % what, not users_named(ctx, name))
    name = "Bad User"
    r = cli(ctx, "user", "add", "--username", name, "--role", "dispatcher", "--password", "longenough1",
            "--division-id", str(div))
    check("users: CLI refuses a username the API refuses", r.returncode != 0 and "username" in r.stderr
          and not users_named(ctx, name), (r.returncode, r.stderr[-300:]))


def writes_audited(ctx, check):
    admin = ctx["admin"]
    div = admin.get("/api/v1/divisions").json()["items"][0]
    name = uname()
    r = cli(ctx, "user", "add", "--username", name, "--role", "dispatcher", "--password", "longenough1",
            "--division-id", str(div["id"]), "--phone", "13812345678", "--name", "测试调度")
    check("users: CLI add", r.returncode == 0, (r.returncode, r.stderr[-300:]))
    ids = users_named(ctx, name)
    uid = ids[0][0] if ids else 0
    rows = audit_of(ctx, "user:%d" % uid)
    det = json.loads(rows[0][2]) if rows and rows[0][2].startswith("{") else {}
    check("users: CLI add audited as the API's user.create, marked as the command line",
          len(rows) == 1 and rows[0][0] == "user.create" and rows[0][1] is None and det.get("username") == name
          and det.get("via") == "cli" and det.get("division_id") == div["id"], rows)
    listed = [u for u in admin.get("/api/v1/users").json()["items"] if u["username"] == name]
    check("users: the list shows the CLI's user with its scope and phone",
          len(listed) == 1 and listed[0]["division_name"] == div["name"] and listed[0]["phone"] == "13812345678"
          and listed[0]["role"] == "dispatcher" and listed[0]["unit_id"] is None and listed[0]["created_at"], listed)
    r = cli(ctx, "user", "passwd", "--username", name, "--password", "密码密码")
    check("users: CLI passwd refuses a password the API refuses", r.returncode != 0 and "at least 8 characters" in r.stderr,
          (r.returncode, r.stderr[-300:]))
    r = cli(ctx, "user", "passwd", "--username", name, "--password", "anotherlong2")
    check("users: CLI passwd", r.returncode == 0, (r.returncode, r.stderr[-300:]))
    r = cli(ctx, "user", "disable", "--username", name)
    check("users: CLI disable", r.returncode == 0, (r.returncode, r.stderr[-300:]))
    rows = audit_of(ctx, "user:%d" % uid)
    check("users: passwd and disable audited as user.update (never the secret)",
          [x[0] for x in rows] == ["user.create", "user.update", "user.update"]
          and "anotherlong2" not in json.dumps(rows, ensure_ascii=False), rows)
    got = gw.sql(ctx, ctx["server"].db, "SELECT disabled FROM users WHERE id = ?", (uid,))
    check("users: disabled", got and got[0][0] == 1, got)
    r = cli(ctx, "user", "passwd", "--username", "nosuchuser" + uuid.uuid4().hex[:6], "--password", "longenough1")
    check("users: CLI passwd of an unknown user fails", r.returncode != 0 and "no user" in r.stderr, r.stderr[-300:])


def apikeys(ctx, check):
    r = cli(ctx, "apikey", "add", "--name", "e2e-users")
    key = r.stdout.strip()
    check("apikey: add prints the key once", r.returncode == 0 and len(key) == 64, (r.returncode, r.stderr[-300:]))
    r = cli(ctx, "apikey", "list")
    keys = json.loads(r.stdout) if r.returncode == 0 else []
    mine = [k for k in keys if k["name"] == "e2e-users"]
    check("apikey: list shows it (no secret)", len(mine) == 1 and sorted(mine[0]) == ["created_at", "id", "name", "prefix", "revoked_at"]
          and mine[0]["prefix"] == key[:8] and key not in r.stdout and mine[0]["revoked_at"] is None, r.stdout[-500:])
    kid = mine[0]["id"] if mine else 0
    r = cli(ctx, "apikey", "revoke", "--id", str(kid))
    check("apikey: revoke", r.returncode == 0, (r.returncode, r.stderr[-300:]))
    r = cli(ctx, "apikey", "revoke", "--id", str(kid))
    check("apikey: revoke twice fails", r.returncode != 0, (r.returncode, r.stderr[-300:]))
    rows = audit_of(ctx, "api_key:%d" % kid)
    check("apikey: add and revoke audited", [x[0] for x in rows] == ["apikey.create", "apikey.revoke"]
          and all(x[1] is None for x in rows) and key not in json.dumps(rows), rows)
    r = cli(ctx, "apikey", "add", "--name", "x" * 101)
    check("apikey: a name over 100 characters refused", r.returncode != 0, (r.returncode, r.stderr[-300:]))
    r = cli(ctx, "apikey", "list")
    keys = json.loads(r.stdout) if r.returncode == 0 else []
    check("apikey: revoked shows when", any(k["id"] == kid and k["revoked_at"] for k in keys), r.stdout[-300:])


def first_admin(ctx, check):
    """A fresh database has no division yet: its first account is an admin over the whole tree."""
    db = ctx["backend"].new_db()
    r = subprocess.run([ctx["binary"], "init", "--db", db], capture_output=True, text=True, timeout=120)
    check("users: init a fresh database", r.returncode == 0, r.stderr[-300:])
    run = lambda *a: subprocess.run([ctx["binary"], "user", "add", "--db", db, *a], capture_output=True,  # noqa: E731
                                    text=True, timeout=120)
    r = run("--username", "dispatch1", "--role", "dispatcher", "--password", "longenough1")
    check("users: a fresh database refuses a dispatcher without a division", r.returncode != 0
          and "division_id" in r.stderr, (r.returncode, r.stderr[-300:]))
    r = run("--username", "chen", "--role", "admin", "--password", "longenough1")
    check("users: the first admin needs no division", r.returncode == 0, (r.returncode, r.stderr[-300:]))
    rows = gw.sql(ctx, db, "SELECT role, division_id FROM users")
    check("users: one admin over the whole tree", rows == [("admin", None)], rows)


def run(base, ctx):
    check = ctx["check"]
    for part in (refusals, writes_audited, apikeys, first_admin):
        try:
            part(ctx, check)
        except Exception:  # one broken part must not hide the others' results
            import traceback
            check("%s (crashed)" % part.__name__, False, traceback.format_exc())
