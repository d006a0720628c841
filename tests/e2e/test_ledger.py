"""The points bank (积分银行, issue 11 item 2) as a double-entry ledger: accounts per community with system
accounts, posted transfers and two-phase holds (post, void, expiry by the job), linked batches that
succeed or fail as one, idempotent client ids (a retry returns the original outcome, a failure stays a
failure, other fields are refused), correcting transfers; many concurrent clients transferring and
holding against the same accounts leave no negative partner balance, Σ balances = 0, and `gridwork ledger
verify` clean; a tampered balance makes it fail."""
import random
import subprocess
import threading
import time

import gw
from test_authz import is_error, items


def community(admin):
    divs = [d for d in items(admin, "/api/v1/divisions") if d["level"] == "community"]
    return divs[0], divs[1]


def open_account(c, div, kind, owner_id):
    r = c.post("/api/v1/ledger/accounts", {"division_id": div, "owner_kind": kind, "owner_id": owner_id})
    if r.status != 201:
        raise RuntimeError("open account: %r" % r)
    return r.json()


def account(c, aid):
    return c.get("/api/v1/ledger/accounts/%d" % aid).json()


def systems(c, div):
    return {a["system"]: a["id"] for a in items(c, "/api/v1/ledger/accounts?owner_kind=system&division_id=%d" % div)}


def verify(binary, db):
    return subprocess.run([binary, "ledger", "verify", "--db", db], capture_output=True, text=True, timeout=600)


def tx(c, cid, dr, cr, amount, **kw):
    body = {"client_id": cid, "debit_account_id": dr, "credit_account_id": cr, "amount": amount}
    body.update(kw)
    return c.post("/api/v1/ledger/transfers", body)


def outcome(r):
    """What a retry must reproduce: the status and the transfer ids, or the error."""
    if r.status == 201:
        return (201, tuple(t["id"] for t in r.json()["transfers"]))
    try:
        return (r.status, r.json()["error"]["code"], r.json()["error"]["message"])
    except ValueError:
        return (r.status, r.body)


def run(base, ctx):
    check, admin, disp, binary, srv = ctx["check"], ctx["admin"], ctx["dispatcher"], ctx["binary"], ctx["server"]
    tag = "%06d" % random.randrange(10 ** 6)
    c1, c2 = community(admin)
    owner = random.randrange(10 ** 6, 10 ** 9)
    pa = open_account(disp, c1["id"], "partner", owner)
    pb = open_account(disp, c1["id"], "partner", owner + 1)
    res = open_account(disp, c1["id"], "resident", owner + 2)
    check("ledger: a new account is empty", pa["balance"] == 0 and pa["available"] == 0 and pa["owner_kind"] == "partner", pa)
    check("ledger: opening again finds the same account",
          open_account(disp, c1["id"], "partner", owner)["id"] == pa["id"])
    sys1 = systems(disp, c1["id"])
    check("ledger: the community has its five system accounts",
          set(sys1) == {"issuance", "redemption", "expiry", "correction", "exchange"}, sys1)
    A, B, R, ISS, RED = pa["id"], pb["id"], res["id"], sys1["issuance"], sys1["redemption"]

    # Issue, idempotent retry, same id with other fields.
    r = tx(disp, "iss-" + tag, ISS, A, 100, memo="法律咨询 10 次")
    check("ledger: issue 100 to a partner", r.status == 201 and r.json()["transfers"][0]["amount"] == 100, r)
    first = outcome(r)
    r2 = tx(disp, "iss-" + tag, ISS, A, 100, memo="法律咨询 10 次")
    check("ledger: a retry returns the original transfer", outcome(r2) == first and r2.json()["replayed"], r2)
    check("ledger: ...and moves nothing twice", account(disp, A)["balance"] == 100)
    check("ledger: the same id with another amount is refused",
          is_error(tx(disp, "iss-" + tag, ISS, A, 101, memo="法律咨询 10 次"), 409, "conflict"))
    check("ledger: the issuance account goes negative", account(disp, ISS)["balance"] <= -100)

    # A failure stays a failure: an overdraft, retried after the account has enough, still fails.
    r = tx(disp, "over-" + tag, A, RED, 150)
    check("ledger: an overdraft is refused", is_error(r, 409, "conflict") and "fewer than 150" in r.json()["error"]["message"], r)
    tx(disp, "more-" + tag, ISS, A, 100)
    r2 = tx(disp, "over-" + tag, A, RED, 150)
    check("ledger: its retry fails the same way though the points are there now", outcome(r2) == outcome(r), (r, r2))
    check("ledger: balance 200", account(disp, A)["balance"] == 200)

    # Two-phase: hold, post; hold, void; a voided hold cannot be posted.
    r = tx(disp, "hold1-" + tag, A, RED, 30, kind="pending", timeout_ms=600000)
    h1 = r.json()["transfers"][0] if r.status == 201 else {}
    a = account(disp, A)
    check("ledger: a hold reserves points", r.status == 201 and h1["state"] == "pending" and a["balance"] == 200
          and a["available"] == 170 and a["debits_pending"] == 30, (r, a))
    r = disp.post("/api/v1/ledger/transfers/%d/post" % h1.get("id", 0), {"client_id": "post1-" + tag})
    a = account(disp, A)
    check("ledger: posting the hold spends them", r.status == 201 and a["balance"] == 170 and a["available"] == 170, (r, a))
    check("ledger: the hold reads posted", any(t["id"] == h1.get("id") and t["state"] == "posted"
                                               for t in account(disp, A)["history"]["items"]))
    r = tx(disp, "hold2-" + tag, A, RED, 50, kind="pending", timeout_ms=600000)
    h2 = r.json()["transfers"][0]["id"]
    r = disp.post("/api/v1/ledger/transfers/%d/void" % h2, {"client_id": "void2-" + tag})
    check("ledger: a void gives the hold back", r.status == 201 and account(disp, A)["available"] == 170, r)
    r = disp.post("/api/v1/ledger/transfers/%d/post" % h2, {"client_id": "post2-" + tag})
    check("ledger: a voided hold cannot be posted", is_error(r, 409, "conflict") and "voided" in r.json()["error"]["message"], r)

    # Expiry by the job (every second in the e2e server): dated at the hold's expiry time.
    r = tx(disp, "hold3-" + tag, A, RED, 20, kind="pending", timeout_ms=1000)
    h3 = r.json()["transfers"][0]
    check("ledger: a short hold", account(disp, A)["available"] == 150)
    deadline = time.time() + 10
    while time.time() < deadline and account(disp, A)["available"] != 170:
        time.sleep(0.3)
    hist = account(disp, A)["history"]["items"]
    exp = [t for t in hist if t["kind"] == "expire" and t["pending_id"] == h3["id"]]
    check("ledger: the job expires it and the points come back", account(disp, A)["available"] == 170 and len(exp) == 1
          and exp[0]["created_at"] == h3["expires_at"] and exp[0]["client_id"] is None, (hist[:3], h3))
    r = disp.post("/api/v1/ledger/transfers/%d/post" % h3["id"], {"client_id": "post3-" + tag})
    check("ledger: an expired hold cannot be posted", is_error(r, 409, "conflict") and "expired" in r.json()["error"]["message"], r)

    # Linked batch: one bad member, nothing written; then a good one, all written.
    before = account(disp, A)
    n_before = len(items(disp, "/api/v1/ledger/transfers?account_id=%d&limit=200" % A))
    batch = {"transfers": [{"client_id": "l1-" + tag, "debit_account_id": A, "credit_account_id": R, "amount": 10},
                           {"client_id": "l2-" + tag, "debit_account_id": B, "credit_account_id": R, "amount": 10},
                           {"client_id": "l3-" + tag, "debit_account_id": A, "credit_account_id": B, "amount": 5}]}
    r = disp.post("/api/v1/ledger/transfers", batch)
    check("ledger: a batch with one bad member fails, naming it", is_error(r, 409, "conflict")
          and r.json()["error"]["message"].startswith("transfer 2 (client_id l2-"), r)
    after = account(disp, A)
    zh = gw.Client(ctx["port"], disp.token, lang="zh-CN").post("/api/v1/ledger/transfers", batch)
    check("ledger: the member's reason in Chinese too", is_error(zh, 409)
          and zh.json()["error"]["message"].startswith("第 2 笔流水（client_id l2-") and "可用积分" in zh.json()["error"]["message"], zh)
    check("ledger: ...and writes nothing", after["balance"] == before["balance"] and account(disp, R)["balance"] == 0
          and len(items(disp, "/api/v1/ledger/transfers?account_id=%d&limit=200" % A)) == n_before, after)
    r2 = disp.post("/api/v1/ledger/transfers", batch)
    check("ledger: the batch's retry fails the same way", outcome(r2) == outcome(r), r2)
    bad = {"transfers": [{"client_id": "s1-" + tag, "debit_account_id": A, "credit_account_id": R, "amount": 10},
                         {"client_id": "s2-" + tag, "debit_account_id": A, "credit_account_id": R, "amount": 0}]}
    check("ledger: a malformed member is bad input", is_error(disp.post("/api/v1/ledger/transfers", bad), 400))
    bad["transfers"][1]["amount"] = 7
    r = disp.post("/api/v1/ledger/transfers", bad)
    check("ledger: bad input stored nothing: the same ids work once corrected", r.status == 201
          and len(r.json()["transfers"]) == 2 and account(disp, R)["balance"] == 17, r)

    # 冲正: a correcting transfer references the one it fixes.
    wrong = tx(disp, "wrong-" + tag, ISS, B, 40).json()["transfers"][0]["id"]
    r = tx(disp, "fix-" + tag, B, sys1["correction"], 40, corrects_id=wrong, memo="重复记分冲正")
    check("ledger: a correcting transfer", r.status == 201 and r.json()["transfers"][0]["corrects_id"] == wrong, r)
    check("ledger: correcting a missing transfer is refused", is_error(tx(disp, "fix2-" + tag, B, ISS, 1, corrects_id=999999999), 400))
    # across communities only between exchange accounts
    sys2 = systems(disp, c2["id"]) or {}
    if not sys2:
        open_account(disp, c2["id"], "resident", owner)
        sys2 = systems(disp, c2["id"])
    check("ledger: a partner cannot pay another community's account",
          is_error(tx(disp, "x1-" + tag, A, sys2["issuance"], 1), 400))
    r = tx(disp, "x2-" + tag, sys1["exchange"], sys2["exchange"], 3)
    check("ledger: exchange accounts settle between communities", r.status == 201, r)

    # History: newest first, with the balance after each transfer.
    h = account(disp, A)["history"]["items"]
    bal = account(disp, A)["balance"]
    check("ledger: history carries the balance after each transfer", h and h[0]["balance_after"] == bal, h[:2])
    p1 = disp.get("/api/v1/ledger/accounts/%d?limit=2" % A).json()["history"]
    p2 = disp.get("/api/v1/ledger/accounts/%d?limit=2&offset=2" % A).json()["history"]
    check("ledger: history pages", len(p1["items"]) == 2 and p1["next_offset"] == 2
          and not {t["id"] for t in p1["items"]} & {t["id"] for t in p2["items"]}, (p1, p2))

    concurrency(ctx, tag, A, B, R, ISS, RED)
    allacc = items(admin, "/api/v1/ledger/accounts?limit=200")
    check("ledger: no partner or resident account is negative",
          all(a["available"] >= 0 for a in allacc if a["owner_kind"] != "system"), allacc)
    check("ledger: the balances sum to zero", sum(a["balance"] for a in allacc) == 0
          and sum(a["credits_pending"] - a["debits_pending"] for a in allacc) == 0)
    v = verify(binary, srv.db)
    check("ledger: verify is clean", v.returncode == 0 and "ledger balanced" in v.stdout, v.stdout + v.stderr)

    # Tamper with a stored balance: verify names it and exits non-zero; restored, clean again.
    gw.sql(ctx, srv.db, "UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = ?", (A,))
    v = verify(binary, srv.db)
    check("ledger: a tampered balance fails verify", v.returncode == 1 and "account %d" % A in v.stdout, v.stdout + v.stderr)
    gw.sql(ctx, srv.db, "UPDATE ledger_accounts SET credits_posted = credits_posted - 1 WHERE id = ?", (A,))
    t = items(disp, "/api/v1/ledger/transfers?account_id=%d&kind=posted&limit=1" % A)[0]["id"]
    gw.sql(ctx, srv.db, "UPDATE ledger_transfers SET amount = amount + 1 WHERE id = ?", (t,))
    v = verify(binary, srv.db)
    check("ledger: a tampered transfer fails verify", v.returncode == 1, v.stdout)
    gw.sql(ctx, srv.db, "UPDATE ledger_transfers SET amount = amount - 1 WHERE id = ?", (t,))
    check("ledger: restored, verify is clean again", verify(binary, srv.db).returncode == 0)

    # Scope and roles: the auditor reads, may not transfer; the hotline sees nothing of it.
    check("ledger: the auditor reads accounts", ctx["auditor"].get("/api/v1/ledger/accounts/%d" % A).status == 200)
    check("ledger: the auditor may not transfer", is_error(tx(ctx["auditor"], "au-" + tag, ISS, A, 1), 403))
    check("ledger: the hotline may not read", is_error(ctx["hotline"].get("/api/v1/ledger/accounts"), 403))
    if ctx["backend"].postgres:
        two_servers(ctx, tag)


def concurrency(ctx, tag, A, B, R, ISS, RED):
    """16 clients at once: issue, move between A and B, spend, hold and post or void, each request sent
    twice (the second at once, or later); every retry must return its request's first outcome."""
    check, port, token = ctx["check"], ctx["port"], ctx["dispatcher"].token
    outcomes, lock, errors = {}, threading.Lock(), []

    def send(c, cid, body, path="/api/v1/ledger/transfers"):
        r = c.post(path, body)
        if r.status >= 500:
            errors.append((cid, r))
        o = outcome(r)
        with lock:
            outcomes.setdefault(cid, []).append((path, body, o))
        return r

    def worker(w):
        c = gw.Client(port, token)
        rnd = random.Random(w)
        for i in range(25):
            cid = "cc-%s-%d-%d" % (tag, w, i)
            op = rnd.random()
            dr, cr = rnd.choice([(A, B), (B, A), (A, RED), (B, RED), (B, R)])
            if op < 0.15:
                body = {"client_id": cid, "debit_account_id": ISS, "credit_account_id": rnd.choice([A, B]),
                        "amount": rnd.randint(1, 30)}
            elif op < 0.7:
                body = {"client_id": cid, "debit_account_id": dr, "credit_account_id": cr, "amount": rnd.randint(1, 60)}
            else:
                body = {"client_id": cid, "debit_account_id": dr, "credit_account_id": cr, "amount": rnd.randint(1, 60),
                        "kind": "pending", "timeout_ms": 600000}
            r = send(c, cid, body)
            if rnd.random() < 0.5:
                send(c, cid, body)  # an immediate retry
            if body.get("kind") == "pending" and r.status == 201:
                hid = r.json()["transfers"][0]["id"]
                end = rnd.choice(["post", "void"])
                send(c, cid + "-e", {"client_id": cid + "-e"}, "/api/v1/ledger/transfers/%d/%s" % (hid, end))

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check("ledger concurrency: no server errors", not errors, errors[:3])
    # every request retried later gives its first outcome
    bad = []
    c = gw.Client(port, token)
    for cid, seen in outcomes.items():
        path, body, first = seen[0]
        again = outcome(c.post(path, body))
        if any(o != first for _, _, o in seen) or again != first:
            bad.append((cid, seen, again))
    check("ledger concurrency: every retry returns the original outcome", not bad, bad[:3])
    ok = sum(1 for s in outcomes.values() if s[0][2][0] == 201)
    refused = sum(1 for s in outcomes.values() if s[0][2][0] == 409)
    check("ledger concurrency: some succeeded and some were refused for want of points", ok > 50 and refused > 0,
          (ok, refused))


def two_servers(ctx, tag):
    """PostgreSQL: two servers on one database. 20 clients, half on each, try to spend 10 points each
    from a partner holding 100 (and retry through the other server): exactly 10 succeed, the balance ends
    at 0, every retry answers as the first attempt; holds made on both servers expire once each."""
    check, binary = ctx["check"], ctx["binary"]
    db = gw.fresh_db(ctx, 0)
    extra = ["--ledger-seconds", "1", "--public-rate", "100000"]
    a, b = gw.Server(binary, db=db, extra=extra).start(), gw.Server(binary, db=db, extra=extra).start()
    try:
        ca, cb = a.login("dispatcher"), b.login("dispatcher")
        div = community(ca)[0]["id"]
        p = open_account(ca, div, "partner", 1)["id"]
        sysa = systems(cb, div)
        red = sysa["redemption"]
        check("ledger 2 servers: issue 100", tx(ca, "two-iss-" + tag, sysa["issuance"], p, 100).status == 201)
        results = [None] * 20
        go = threading.Barrier(20)

        def spend(i):
            c = gw.Client((a if i % 2 else b).port, (ca if i % 2 else cb).token)
            other = gw.Client((b if i % 2 else a).port, (cb if i % 2 else ca).token)
            go.wait()
            first = outcome(tx(c, "two-%s-%d" % (tag, i), p, red, 10))
            again = outcome(tx(other, "two-%s-%d" % (tag, i), p, red, 10))
            results[i] = (first, again)
        threads = [threading.Thread(target=spend, args=(i,)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        ok = sum(1 for f, _ in results if f[0] == 201)
        check("ledger 2 servers: exactly the points there were are spent", ok == 10
              and all(f[0] in (201, 409) for f, _ in results), results)
        check("ledger 2 servers: every retry on the other server answers as the first", all(f == g for f, g in results),
              results)
        acc = account(ca, p)
        check("ledger 2 servers: the balance ends at 0, never below", acc["balance"] == 0 and acc["available"] == 0, acc)
        holds = [tx(c, "two-h-%s-%d" % (tag, i), sysa["issuance"], p, 1, kind="pending", timeout_ms=500)
                 for i, c in enumerate([ca, cb, ca, cb])]
        check("ledger 2 servers: holds on both", all(h.status == 201 for h in holds), holds)
        deadline = time.time() + 15
        while time.time() < deadline and account(ca, sysa["issuance"])["debits_pending"]:
            time.sleep(0.3)
        exp = items(ca, "/api/v1/ledger/transfers?kind=expire&limit=50")
        ids = sorted(t["pending_id"] for t in exp)
        check("ledger 2 servers: each hold expires once", ids == sorted(h.json()["transfers"][0]["id"] for h in holds), exp)
    finally:
        ra, la = a.stop()
        rb, lb = b.stop()
    check("ledger 2 servers: clean shutdowns", ra == 0 and rb == 0 and "Sanitizer" not in la + lb, (la + lb)[-2000:])
    v = verify(binary, db)
    check("ledger 2 servers: verify is clean", v.returncode == 0, v.stdout + v.stderr)
