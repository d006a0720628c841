"""Crash safety (issue 13): clients create tickets, move them through their states and make ledger
transfers, concurrently, while the server is SIGKILLed and restarted — GW_CRASH_CYCLES times (3 in
`make test`, 20 in `make stress`). Every write the server acknowledged (a 2xx) is logged by the client;
afterwards every acknowledged write is in the database (a ticket with its acknowledged steps on its
timeline, a transfer under its client id), a write that was in flight at the kill is there at most once
and whole, `PRAGMA integrity_check` is ok (SQLite), and `gridwork audit verify` and `gridwork ledger
verify` pass. Both backends; docs/reliability.md gives the commands and the figures."""
import http.client
import json
import os
import random
import subprocess
import threading
import time

import gw
from test_loop import unit_by_code

WORKERS = 4
STEPS = [("sign", "shizheng", "signed"), ("feedback", "shizheng", "handled"), ("approve", "supervisor", "closed")]
BODY = {"sign": {}, "feedback": {"note": "已处置", "public_reply": "已处置完毕"}, "approve": {"public_reply": "已办结"}}


class Down(Exception):
    """No answer, or no 2xx: the write is not acknowledged."""


class Worker:
    def __init__(self, k, srv, up, stop, accounts):
        self.k, self.srv, self.up, self.stop, self.accounts = k, srv, up, stop, accounts
        self.tokens = {}
        self.tickets = {}   # id -> {"marker", "acked": [actions], "pending": action or None}
        self.maybe = []     # markers of creations in flight at a kill
        self.transfers = []  # acknowledged client ids
        self.pending_transfers = []
        self.n = 0
        self.unexpected = []

    def call(self, user, method, path, body=None):
        self.up.wait(60)
        for _ in range(2):
            if user not in self.tokens:
                self.tokens[user] = self._login(user)
            c = gw.Client(self.srv.port, self.tokens[user])
            try:
                r = c.request(method, path, body=body)
            except (OSError, http.client.HTTPException) as e:
                raise Down(str(e))
            if r.status == 401:  # a session the killed server had not yet written: log in again
                del self.tokens[user]
                continue
            if r.status >= 300:
                if r.status < 500:
                    self.unexpected.append((path, r.status, r.body[:200]))
                raise Down(r.status)
            return r.json()
        raise Down("401")

    def _login(self, user):
        try:
            r = gw.Client(self.srv.port).post("/api/v1/auth/login", {"username": user, "password": "demo"})
        except (OSError, http.client.HTTPException) as e:
            raise Down(str(e))
        if r.status != 200:
            raise Down(r.status)
        return r.json()["token"]

    def one_ticket(self):
        self.n += 1
        marker = "crash-%d-%d-%d" % (os.getpid(), self.k, self.n)
        try:
            t = self.call("hotline", "POST", "/api/v1/tickets", {
                "category_code": "0101", "description": "崩溃测试：中山路井盖松动 " + marker,
                "location": {"lon": 120.155, "lat": 30.255}, "address": "中山路100号"})
        except Down:
            self.maybe.append(marker)
            return
        rec = self.tickets[t["id"]] = {"marker": marker, "acked": [], "pending": None}
        if t["state"] != "dispatched":
            self.unexpected.append(("not dispatched", t["id"], t["state"]))
            return
        for action, user, _ in STEPS:
            rec["pending"] = action
            try:
                self.call(user, "POST", "/api/v1/tickets/%d/actions" % t["id"], dict(BODY[action], action=action))
            except Down:
                return
            rec["acked"].append(action)
            rec["pending"] = None

    def one_transfer(self):
        self.n += 1
        cid = "crash-%d-%d-%d" % (os.getpid(), self.k, self.n)
        a, b = random.sample(self.accounts, 2)
        try:
            self.call("admin", "POST", "/api/v1/ledger/transfers",
                      {"client_id": cid, "debit_account_id": a, "credit_account_id": b, "amount": 1})
        except Down:
            self.pending_transfers.append(cid)
            return
        self.transfers.append(cid)

    def run(self):
        while not self.stop.is_set():
            try:
                self.one_transfer() if random.random() < 0.3 else self.one_ticket()
            except Down:
                pass


def setup_ledger(admin):
    div = [d for d in admin.get("/api/v1/divisions").json()["items"] if d["level"] == "community"][0]["id"]
    ids = [admin.post("/api/v1/ledger/accounts", {"division_id": div, "owner_kind": "partner",
                                                  "owner_id": 9000 + k}).json()["id"] for k in range(6)]
    iss = [a for a in admin.get("/api/v1/ledger/accounts?owner_kind=system&division_id=%d" % div).json()["items"]
           if a["system"] == "issuance"][0]["id"]
    r = admin.post("/api/v1/ledger/transfers", {"transfers": [
        {"client_id": "crash-seed-%d-%d" % (os.getpid(), a), "debit_account_id": iss, "credit_account_id": a,
         "amount": 10 ** 9} for a in ids]})
    return ids, r.status


def kill(srv, logs):
    srv.proc.kill()
    srv.proc.wait()
    srv.log.close()
    srv.proc = None
    logs.append(open(srv.log_path).read())


def verify(ctx, db, workers):
    """Returns the list of problems found in the database against what the clients were told (a few
    whole-table reads: one statement a write would take minutes through psql)."""
    bad = []
    tag = "crash-%d-" % os.getpid()
    rows = gw.sql(ctx, db, "SELECT id, state, description FROM tickets WHERE description LIKE ?", ("%" + tag + "%",))
    stored = {r[0]: (r[1], r[2]) for r in rows}
    by_marker = {}
    for tid, (_, desc) in stored.items():
        m = desc[desc.index(tag):]
        by_marker[m] = by_marker.get(m, 0) + 1
    acts = {}
    for tid, action in gw.sql(ctx, db, "SELECT t.ticket_id, t.action FROM ticket_timeline t JOIN tickets k "
                              "ON k.id = t.ticket_id WHERE k.description LIKE ? ORDER BY t.id", ("%" + tag + "%",)):
        acts.setdefault(tid, []).append(action)
    transfers = {r[0] for r in gw.sql(ctx, db, "SELECT client_id FROM ledger_transfers WHERE client_id LIKE ?",
                                      (tag + "%",))}
    order = [s[0] for s in STEPS]
    states = ["dispatched"] + [s[2] for s in STEPS]
    for w in workers:
        for tid, rec in w.tickets.items():
            if tid not in stored or not stored[tid][1].endswith(rec["marker"]):
                bad.append(("acknowledged ticket missing", tid, rec))
                continue
            done = [a for a in acts.get(tid, []) if a in order]
            n = len(rec["acked"])
            ok_states = {states[n]} | ({states[n + 1]} if rec["pending"] else set())
            if done[:n] != rec["acked"] or len(done) > n + (1 if rec["pending"] else 0) or stored[tid][0] not in ok_states:
                bad.append(("ticket's steps", tid, rec, acts.get(tid), stored[tid][0]))
        for m in w.maybe:
            if by_marker.get(m, 0) > 1:
                bad.append(("a creation in flight stored twice", m))
        bad += [("acknowledged transfer missing", cid) for cid in w.transfers if cid not in transfers]
    known = {r["marker"] for w in workers for r in w.tickets.values()} | {m for w in workers for m in w.maybe}
    bad += [("a ticket nobody sent", m) for m in by_marker if m not in known]
    bad += [("a transfer nobody sent", c) for c in transfers
            if c not in {x for w in workers for x in w.transfers + w.pending_transfers}]
    return bad


def cli(ctx, *args):
    return subprocess.run([ctx["binary"], *args], capture_output=True, text=True, timeout=300)


def run(base, ctx):
    check = ctx["check"]
    cycles = int(os.environ.get("GW_CRASH_CYCLES", "3"))
    db = gw.fresh_db(ctx, 0)
    srv = gw.Server(ctx["binary"], db=db, extra=["--public-rate", "100000"]).start()
    logs = []
    admin = srv.login("admin")
    accounts, st = setup_ledger(admin)
    check("crash: ledger accounts funded", st == 201 and len(accounts) == 6, st)
    check("crash: 0101 routes to 市政", unit_by_code(admin, "shizheng") is not None)
    up, stop = threading.Event(), threading.Event()
    up.set()
    workers = [Worker(k, srv, up, stop, accounts) for k in range(WORKERS)]
    threads = [threading.Thread(target=w.run) for w in workers]
    [t.start() for t in threads]
    t0 = time.time()
    try:
        for _ in range(cycles):
            time.sleep(random.uniform(1.0, 2.5))
            up.clear()
            kill(srv, logs)
            time.sleep(0.2)
            srv.start()
            up.set()
        time.sleep(1.0)
    finally:
        stop.set()
        up.set()
        [t.join(60) for t in threads]
    rc, log = srv.stop()
    logs.append(log)
    elapsed = time.time() - t0
    tickets = sum(len(w.tickets) for w in workers)
    steps = sum(len(r["acked"]) for w in workers for r in w.tickets.values())
    transfers = sum(len(w.transfers) for w in workers)
    in_flight = sum(len(w.maybe) + len(w.pending_transfers) + sum(1 for r in w.tickets.values() if r["pending"])
                    for w in workers)
    print("crash: %d cycles in %.1f s: %d tickets, %d steps, %d transfers acknowledged; %d writes in flight at a kill"
          % (cycles, elapsed, tickets, steps, transfers, in_flight), flush=True)
    check("crash: the clients got answers between the kills", tickets >= cycles and transfers >= 1,
          (tickets, transfers))
    check("crash: no unexpected refusals", not any(w.unexpected for w in workers), [w.unexpected[:3] for w in workers])
    bad = verify(ctx, db, workers)
    check("crash: every acknowledged write is in the database, none twice", not bad, bad[:5])
    if not ctx["backend"].postgres:
        ic = gw.sql(ctx, db, "PRAGMA integrity_check")
        check("crash: PRAGMA integrity_check", ic == [("ok",)], ic)
    r = cli(ctx, "audit", "verify", "--db", db)
    check("crash: gridwork audit verify", r.returncode == 0, (r.stdout[-500:], r.stderr[-500:]))
    r = cli(ctx, "ledger", "verify", "--db", db)
    check("crash: gridwork ledger verify", r.returncode == 0, (r.stdout[-500:], r.stderr[-500:]))
    text = "\n".join(logs)
    check("crash: clean final shutdown, no sanitizer reports", rc == 0 and "Sanitizer" not in text
          and "runtime error:" not in text, text[-2000:])
