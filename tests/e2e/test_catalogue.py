"""The redemption catalogue (兑换目录, issue 11 item 4): staff list goods with stock, a merchant's coupon batch
and the activity room's slots; a signed-in resident redeems — one transaction holds the points (a pending
ledger transfer "ord-<id>") and takes the stock; hand-over posts the hold, cancel voids it and returns the
stock, an uncollected order expires with the job and its stock and points come back exactly once; the last
unit raced by many clients goes to exactly one (never negative stock); a coupon's code is verified once by
its own merchant, a second verification and a race of two give one success (on PostgreSQL across two
servers on one database); booking priority by points; a no-show; bad input writes nothing; `gridwork
ledger verify` is clean afterwards."""
import random
import subprocess
import threading
import time

import gw
from test_authz import is_error, items

DAY = 24 * 3600 * 1000


def now_ms():
    return int(time.time() * 1000)


def community(admin):
    return [d for d in items(admin, "/api/v1/divisions") if d["level"] == "community"][0]


def systems(c, div):
    return {a["system"]: a["id"] for a in items(c, "/api/v1/ledger/accounts?owner_kind=system&division_id=%d" % div)}


def resident(port, comm, disp=None, points=0, tag=""):
    """A resident account in comm; with disp, a points account holding `points`. (client, id, account id)"""
    phone = "135%08d" % random.randrange(10 ** 8)
    r = gw.Client(port).post("/api/v1/resident/register", {"phone": phone, "password": "resident-pass",
                                                           "display_name": "居民" + tag, "community_id": comm})
    if r.status != 201:
        raise RuntimeError("register: %r" % r)
    c, rid = gw.Client(port, r.json()["token"]), r.json()["account"]["id"]
    acct = 0
    if disp:
        acct = disp.post("/api/v1/ledger/accounts", {"division_id": comm, "owner_kind": "resident",
                                                     "owner_id": rid}).json()["id"]
        if points:
            iss = systems(disp, comm)["issuance"]
            r = disp.post("/api/v1/ledger/transfers", {"client_id": "cat-iss-%d-%d" % (rid, random.randrange(10 ** 9)),
                                                       "debit_account_id": iss, "credit_account_id": acct,
                                                       "amount": points})
            if r.status != 201:
                raise RuntimeError("issue: %r" % r)
    return c, rid, acct


def merchant(port, admin, comm, name):
    """A shop: a resident account whose resource-partner application staff approved. (client, partner id)"""
    c, _, _ = resident(port, comm, tag=name)
    r = c.post("/api/v1/resident/partner", {"type": "resource", "kind": "organisation", "name": name,
                                            "community_id": comm})
    pid = r.json()["id"]
    r = admin.post("/api/v1/partners/%d/actions" % pid, {"action": "approve", "reason": "营业执照已核验",
                                                        "method": "licence"})
    if r.status != 200:
        raise RuntimeError("approve: %r" % r)
    return c, pid


def account(c, aid):
    return c.get("/api/v1/ledger/accounts/%d" % aid).json()


def item(c, iid):
    return c.get("/api/v1/catalogue/%d" % iid).json()


def n_orders(admin):
    return admin.get("/api/v1/orders?limit=1").json()["total"]


def verify_ledger(ctx):
    r = subprocess.run([ctx["binary"], "ledger", "verify", "--db", ctx["server"].db], capture_output=True, text=True,
                       timeout=600)
    return r.returncode == 0, r.stdout + r.stderr


def run(base, ctx):
    check, port, admin, disp = ctx["check"], ctx["port"], ctx["admin"], ctx["dispatcher"]
    comm = community(admin)["id"]
    shop, shop_id = merchant(port, admin, comm, "好邻居超市%d" % random.randrange(10 ** 4))
    other, other_id = merchant(port, admin, comm, "惠民药房%d" % random.randrange(10 ** 4))
    res, rid, acct = resident(port, comm, disp, 200, "甲")
    items_before, orders_before = admin.get("/api/v1/catalogue?limit=1").json()["total"], n_orders(admin)

    # ---- staff: bad items are 400 (403 for a role without partner.manage) and write nothing ----
    rice = {"kind": "goods", "name": "东北大米 5kg", "community_id": comm, "price": 30, "stock": 1, "hold_ms": 600000}
    for label, body, status in [("no price", {k: v for k, v in rice.items() if k != "price"}, 400),
                                ("price 0", dict(rice, price=0), 400), ("price string", dict(rice, price="30"), 400),
                                ("negative stock", dict(rice, stock=-1), 400), ("unknown kind", dict(rice, kind="cash"), 400),
                                ("hold too short", dict(rice, hold_ms=10), 400),
                                ("window backwards", dict(rice, valid_from_ms=2000, valid_to_ms=1000), 400),
                                ("coupon without merchant", dict(rice, kind="coupon", valid_to_ms=now_ms() + DAY), 400),
                                ("coupon of a non-partner", dict(rice, kind="coupon", valid_to_ms=now_ms() + DAY,
                                                                 partner_id=999999999), 400),
                                ("room with stock", dict(rice, kind="room"), 400),
                                ("name 61 chars", dict(rice, name="米" * 61), 400),
                                ("unknown field", dict(rice, colour="red"), 400),
                                ("a grid as community", dict(rice, community_id=next(
                                    d["id"] for d in items(admin, "/api/v1/divisions") if d["level"] == "grid")), 400)]:
        r = admin.post("/api/v1/catalogue", body)
        check("catalogue: create %s -> %d" % (label, status), is_error(r, status), r)
    r = ctx["hotline"].post("/api/v1/catalogue", rice)
    check("catalogue: partner.view only may not create -> 403", is_error(r, 403, "forbidden"), r)
    check("catalogue: refused creates wrote nothing", admin.get("/api/v1/catalogue?limit=1").json()["total"] == items_before)

    r = admin.post("/api/v1/catalogue", rice)
    check("catalogue: goods created", r.status == 201 and r.json()["stock"] == 1 and r.json()["kind"] == "goods", r)
    rice_id = r.json()["id"]
    flour_id = admin.post("/api/v1/catalogue", dict(rice, name="面粉", price=10, stock=3, hold_ms=1500)).json()["id"]
    coupon = {"kind": "coupon", "name": "满50减10券", "community_id": comm, "price": 20, "stock": 10, "per_person": 2,
              "valid_to_ms": now_ms() + 30 * DAY, "partner_id": shop_id}
    r = admin.post("/api/v1/catalogue", coupon)
    check("catalogue: a coupon batch of the shop", r.status == 201 and r.json()["merchant"]["id"] == shop_id, r)
    coupon_id = r.json()["id"]
    other_coupon_id = admin.post("/api/v1/catalogue", dict(coupon, name="药房券", partner_id=other_id)).json()["id"]

    r = admin.put("/api/v1/catalogue/%d" % flour_id, {})
    check("catalogue: an empty update -> 400", is_error(r, 400), r)
    r = admin.put("/api/v1/catalogue/%d" % flour_id, {"stock": 9})
    check("catalogue: stock moves only by adjustments -> 400", is_error(r, 400) and item(admin, flour_id)["stock"] == 3, r)
    r = admin.put("/api/v1/catalogue/%d" % flour_id, {"description": "一楼服务台领取"})
    check("catalogue: an update", r.status == 200 and r.json()["description"] == "一楼服务台领取", r)

    # ---- stock adjustments: audited, never below zero ----
    r = admin.post("/api/v1/catalogue/%d/stock" % flour_id, {"delta": -4, "reason": "盘点"})
    check("catalogue: stock cannot go below zero -> 409", is_error(r, 409, "conflict") and item(admin, flour_id)["stock"] == 3, r)
    r = admin.post("/api/v1/catalogue/%d/stock" % flour_id, {"delta": 2, "reason": "到货"})
    r2 = admin.post("/api/v1/catalogue/%d/stock" % flour_id, {"delta": -2, "reason": "盘点更正"})
    check("catalogue: stock adjusted both ways", r.status == 200 and r.json()["stock"] == 5 and r2.json()["stock"] == 3, (r, r2))
    audit = admin.get("/api/v1/audit?action=catalogue.stock&limit=10").json()["items"]
    check("catalogue: adjustments are audited", sum(1 for a in audit if a["object"] == "catalogue_item:%d" % flour_id) == 2, audit)

    # ---- the resident's view and bad redemptions (nothing written) ----
    r = res.get("/api/v1/resident/catalogue")
    check("catalogue: the resident sees the offer and their points", r.status == 200 and r.json()["available"] == 200
          and {rice_id, flour_id, coupon_id} <= {i["id"] for i in r.json()["items"]}, r)
    for label, body, status in [("item_id string", {"item_id": str(rice_id)}, 400), ("no item_id", {}, 400),
                                ("unknown item", {"item_id": 999999999}, 404), ("slot on goods", {"item_id": rice_id, "slot_id": 1}, 400),
                                ("bad key", {"item_id": rice_id, "key": "含空格 key"}, 400)]:
        r = res.post("/api/v1/resident/orders", body)
        check("catalogue: redeem %s -> %d" % (label, status), is_error(r, status), r)
    poor, _, _ = resident(port, comm, disp, 5, "乙")
    r = poor.post("/api/v1/resident/orders", {"item_id": rice_id})
    check("catalogue: too few points -> 409", is_error(r, 409, "conflict") and "points" in r.json()["error"]["message"], r)
    nobody, _, _ = resident(port, comm, None, 0, "丙")
    r = nobody.post("/api/v1/resident/orders", {"item_id": rice_id})
    check("catalogue: no points account -> 409", is_error(r, 409, "conflict"), r)
    check("catalogue: refused redemptions wrote nothing", n_orders(admin) == orders_before and item(admin, rice_id)["stock"] == 1)

    # ---- redeem, retry, hand-over ----
    r = res.post("/api/v1/resident/orders", {"item_id": rice_id, "key": "page-1"})
    o = r.json() if r.status == 201 else {}
    check("catalogue: redeem -> 201 held", r.status == 201 and o["status"] == "held" and o["price"] == 30, r)
    a = account(disp, acct)
    check("catalogue: the points are held, the stock taken", a["available"] == 170 and a["balance"] == 200
          and item(admin, rice_id)["stock"] == 0, a)
    hold = disp.get("/api/v1/ledger/transfers?account_id=%d" % acct).json()["items"][0]
    check("catalogue: the hold is ord-<id>", hold["client_id"] == "ord-%d" % o.get("id", 0) and hold["kind"] == "pending", hold)
    r2 = res.post("/api/v1/resident/orders", {"item_id": rice_id, "key": "page-1"})
    check("catalogue: a retry with the same key returns the order", r2.status == 200 and r2.json()["id"] == o.get("id")
          and account(disp, acct)["available"] == 170, r2)
    r = res.post("/api/v1/resident/orders", {"item_id": flour_id, "key": "page-1"})
    check("catalogue: the same key for another item -> 409", is_error(r, 409, "conflict"), r)
    r = res.post("/api/v1/resident/orders", {"item_id": rice_id})
    check("catalogue: out of stock -> 409", is_error(r, 409, "conflict") and "stock" in r.json()["error"]["message"], r)
    r = ctx["hotline"].post("/api/v1/orders/%d/actions" % o["id"], {"action": "hand_over"})
    check("catalogue: partner.view only may not hand over -> 403", is_error(r, 403, "forbidden"), r)
    r = admin.post("/api/v1/orders/%d/actions" % o["id"], {"action": "hand_over"})
    a = account(disp, acct)
    check("catalogue: hand-over posts the hold", r.status == 200 and r.json()["status"] == "handed_over"
          and a["balance"] == 170 and a["available"] == 170, (r, a))
    r = admin.post("/api/v1/orders/%d/actions" % o["id"], {"action": "cancel", "reason": "搞错了"})
    check("catalogue: a handed-over order cannot be cancelled -> 409", is_error(r, 409, "conflict"), r)
    r = admin.post("/api/v1/orders/%d/actions" % o["id"], {"action": "no_show", "reason": "x"})
    check("catalogue: no_show is for rooms -> 400", is_error(r, 400), r)

    # ---- cancel by the resident: the points and the stock come back ----
    r = res.post("/api/v1/resident/orders", {"item_id": flour_id})
    fo = r.json()
    check("catalogue: flour held", r.status == 201 and item(admin, flour_id)["stock"] == 2, r)
    r = res.post("/api/v1/resident/orders/%d/cancel" % fo["id"])
    check("catalogue: the resident cancels", r.status == 200 and r.json()["status"] == "cancelled"
          and item(admin, flour_id)["stock"] == 3 and account(disp, acct)["available"] == 170, r)
    r = poor.post("/api/v1/resident/orders/%d/cancel" % fo["id"])
    check("catalogue: another's order is not found", is_error(r, 404), r)

    # ---- expiry: not collected within hold_ms (1.5 s) ----
    second = None  # PostgreSQL: a second server's jobs race the first's for the same expiry
    if ctx["backend"].postgres:
        second = gw.Server(ctx["binary"], db=ctx["server"].db, extra=["--ledger-seconds", "1"]).start()
    r = res.post("/api/v1/resident/orders", {"item_id": flour_id})
    eo = r.json()
    check("catalogue: a short hold", r.status == 201 and item(admin, flour_id)["stock"] == 2
          and account(disp, acct)["available"] == 160, r)
    deadline = time.time() + 15
    while time.time() < deadline and item(admin, flour_id)["stock"] != 3:
        time.sleep(0.3)
    time.sleep(2.5)  # more job runs (on both servers): nothing may come back twice
    if second:
        second.stop()
    mine = {x["id"]: x for x in res.get("/api/v1/resident/orders").json()["items"]}
    hist = disp.get("/api/v1/ledger/transfers?account_id=%d&limit=50" % acct).json()["items"]
    check("catalogue: the job expires it: stock and points back exactly once", item(admin, flour_id)["stock"] == 3
          and account(disp, acct)["available"] == 170 and mine[eo["id"]]["status"] == "expired"
          and sum(1 for t in hist if t["kind"] == "expire" and t["pending_id"] == eo["hold_id"]) == 1, (mine[eo["id"]], hist[:3]))
    r = admin.post("/api/v1/orders/%d/actions" % eo["id"], {"action": "hand_over"})
    check("catalogue: an expired order cannot be handed over -> 409", is_error(r, 409, "conflict"), r)

    partner_pays(ctx, comm, res, shop, shop_id, flour_id)
    coupons(ctx, comm, res, acct, shop, other, coupon_id, other_coupon_id)
    last_unit(ctx, comm, dict(rice, name="菜籽油 5L", price=10))
    rooms(ctx, comm, res, acct, shop, shop_id)
    lang_and_lists(ctx, res, rid)
    ok, out = verify_ledger(ctx)
    check("catalogue: ledger verify is clean", ok, out)


def partner_pays(ctx, comm, res, shop, shop_id, flour_id):
    """A resident who is an approved partner pays from the partner's account when asked to."""
    check, admin, disp = ctx["check"], ctx["admin"], ctx["dispatcher"]
    pacct = items(disp, "/api/v1/ledger/accounts?owner_kind=partner&owner_id=%d" % shop_id)[0]["id"]
    iss = systems(disp, comm)["issuance"]
    disp.post("/api/v1/ledger/transfers", {"client_id": "cat-p-%d-%d" % (shop_id, random.randrange(10 ** 9)),
                                           "debit_account_id": iss, "credit_account_id": pacct, "amount": 60})
    r = shop.post("/api/v1/resident/orders", {"item_id": flour_id, "from": "partner"})
    check("catalogue: a partner pays from the partner account", r.status == 201
          and account(disp, pacct)["available"] == 50, (r, account(disp, pacct)))
    if r.status == 201:
        admin.post("/api/v1/orders/%d/actions" % r.json()["id"], {"action": "cancel", "reason": "测试"})
    check("catalogue: ...and a cancel gives it back", account(disp, pacct)["available"] == 60)
    r = res.post("/api/v1/resident/orders", {"item_id": flour_id, "from": "partner"})
    check("catalogue: no partner record -> 409", is_error(r, 409, "conflict"), r)
    r = res.post("/api/v1/resident/orders", {"item_id": flour_id, "from": "bank"})
    check("catalogue: from must be resident or partner -> 400", is_error(r, 400), r)


def coupons(ctx, comm, res, acct, shop, other, coupon_id, other_coupon_id):
    check, admin, disp = ctx["check"], ctx["admin"], ctx["dispatcher"]
    r = res.post("/api/v1/resident/orders", {"item_id": coupon_id})
    co = r.json()
    check("catalogue: a coupon shows its code to the resident", r.status == 201 and len(co["code"] or "") == 12
          and co["merchant"]["name"], r)
    staff_view = admin.get("/api/v1/orders/%d" % co["id"]).json()
    check("catalogue: staff see the code masked and the resident masked", staff_view["code"] == co["code"][:4] + "*" * 8
          and staff_view["resident"]["phone"] != co["resident"]["phone"], staff_view)
    r = other.post("/api/v1/resident/merchant/verify", {"code": co["code"]})
    check("catalogue: another merchant cannot verify the code -> 404", is_error(r, 404), r)
    r = res.post("/api/v1/resident/merchant/verify", {"code": co["code"]})
    check("catalogue: a non-merchant cannot verify -> 404", is_error(r, 404), r)
    r = shop.post("/api/v1/resident/merchant/verify", {"code": "bad"})
    check("catalogue: a malformed code -> 400", is_error(r, 400), r)
    before = account(disp, acct)
    typed = co["code"][:4] + "-" + co["code"][4:8].lower() + " " + co["code"][8:]
    r = shop.post("/api/v1/resident/merchant/verify", {"code": typed})
    after = account(disp, acct)
    check("catalogue: the merchant verifies once: used, the hold posted", r.status == 200 and r.json()["status"] == "used"
          and after["balance"] == before["balance"] - 20 and after["available"] == before["available"], (r, after))
    r = shop.post("/api/v1/resident/merchant/verify", {"code": co["code"]})
    check("catalogue: a second verification -> 409 already used", is_error(r, 409, "conflict")
          and "already used" in r.json()["error"]["message"], r)
    zh = gw.Client(ctx["port"], shop.token, lang="zh-CN").post("/api/v1/resident/merchant/verify", {"code": co["code"]})
    check("catalogue: ...and in Chinese", is_error(zh, 409) and "已" in zh.json()["error"]["message"], zh)

    # two verifications race (two servers on one database on PostgreSQL)
    r = res.post("/api/v1/resident/orders", {"item_id": coupon_id})
    code = r.json()["code"]
    r = res.post("/api/v1/resident/orders", {"item_id": coupon_id})
    check("catalogue: the per-person limit (2 held or used) -> 409", is_error(r, 409, "conflict"), r)
    second = None
    clients = [shop, shop]
    if ctx["backend"].postgres:
        second = gw.Server(ctx["binary"], db=ctx["server"].db, extra=["--public-rate", "100000"]).start()
        clients = [shop, gw.Client(second.port, shop.token)]
    try:
        results = [None, None]
        gate = threading.Barrier(2)

        def verify(i):
            gate.wait()
            results[i] = clients[i].post("/api/v1/resident/merchant/verify", {"code": code})

        threads = [threading.Thread(target=verify, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(x.status for x in results)
        check("catalogue: a race of two verifications gives one success%s" % (" (two servers)" if second else ""),
              statuses == [200, 409], results)
    finally:
        if second:
            second.stop()
    del other_coupon_id


def last_unit(ctx, comm, oil):
    """16 residents with points race for the last unit: one order, stock 0, the others 409 and unharmed."""
    check, admin, disp, port = ctx["check"], ctx["admin"], ctx["dispatcher"], ctx["port"]
    oid = admin.post("/api/v1/catalogue", dict(oil, stock=1)).json()["id"]
    people = [resident(port, comm, disp, 50, "竞%d" % i) for i in range(16)]
    second = None
    if ctx["backend"].postgres:
        second = gw.Server(ctx["binary"], db=ctx["server"].db, extra=["--public-rate", "100000"]).start()
    try:
        results = [None] * len(people)
        gate = threading.Barrier(len(people))

        def redeem(i):
            c = people[i][0]
            if second and i % 2:
                c = gw.Client(second.port, c.token)
            gate.wait()
            results[i] = c.post("/api/v1/resident/orders", {"item_id": oid})

        threads = [threading.Thread(target=redeem, args=(i,)) for i in range(len(people))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        if second:
            second.stop()
    won = [r for r in results if r.status == 201]
    check("catalogue: the last unit raced by 16 goes to exactly one", len(won) == 1
          and all(is_error(r, 409, "conflict") for r in results if r.status != 201), [r.status for r in results])
    check("catalogue: the stock is 0, never negative", item(admin, oid)["stock"] == 0)
    held = [account(disp, p[2])["available"] for p in people]
    check("catalogue: only the winner's points are held", sorted(held) == [40] + [50] * 15, held)


def rooms(ctx, comm, res, acct, shop, shop_id):
    """Booking priority: a slot opens 3/5/7 days ahead for < 100 / 100..499 / >= 500 points."""
    check, admin, disp, port = ctx["check"], ctx["admin"], ctx["dispatcher"], ctx["port"]
    r = admin.post("/api/v1/catalogue", {"kind": "room", "name": "活动室", "community_id": comm, "price": 5})
    room = r.json()["id"]
    t0 = now_ms()
    near = admin.post("/api/v1/catalogue/%d/slots" % room, {"start_ms": t0 + 4 * DAY, "end_ms": t0 + 4 * DAY + 7200000,
                                                           "capacity": 1}).json()
    far = admin.post("/api/v1/catalogue/%d/slots" % room, {"start_ms": t0 + 6 * DAY, "end_ms": t0 + 6 * DAY + 7200000,
                                                          "capacity": 5}).json()
    r = admin.post("/api/v1/catalogue/%d/slots" % room, {"start_ms": t0, "end_ms": t0 - 1, "capacity": 1})
    check("catalogue: a backwards slot -> 400", is_error(r, 400), r)
    few, _, _ = resident(port, comm, disp, 50, "少")
    rich, _, rich_acct = resident(port, comm, disp, 600, "多")
    cat = few.get("/api/v1/resident/catalogue").json()
    slot_view = [s for i in cat["items"] if i["id"] == room for s in i["slots"]]
    check("catalogue: the resident sees when each slot opens to them", cat["booking_level"] == 0
          and slot_view and slot_view[0]["opens_ms"] == near["start_ms"] - 3 * DAY, cat)
    r = few.post("/api/v1/resident/orders", {"item_id": room, "slot_id": near["id"]})
    check("catalogue: 50 points: a slot 4 days ahead is not open yet -> 409", is_error(r, 409, "conflict"), r)
    r = res.post("/api/v1/resident/orders", {"item_id": room, "slot_id": near["id"]})
    check("catalogue: 100+ points: it opens 5 days ahead", r.status == 201, r)
    booking = r.json()
    r = res.post("/api/v1/resident/orders", {"item_id": room, "slot_id": far["id"]})
    check("catalogue: ...but not a slot 6 days ahead -> 409", is_error(r, 409, "conflict"), r)
    r = rich.post("/api/v1/resident/orders", {"item_id": room, "slot_id": near["id"]})
    check("catalogue: a full slot -> 409", is_error(r, 409, "conflict") and "full" in r.json()["error"]["message"], r)
    r = rich.post("/api/v1/resident/orders", {"item_id": room, "slot_id": far["id"]})
    check("catalogue: 500+ points open it 7 days ahead", r.status == 201, r)
    r = admin.post("/api/v1/orders/%d/actions" % booking["id"], {"action": "no_show"})
    check("catalogue: a no-show needs a reason -> 400", is_error(r, 400), r)
    before = account(disp, acct)["balance"]
    r = admin.post("/api/v1/orders/%d/actions" % booking["id"], {"action": "no_show", "reason": "未到场"})
    check("catalogue: no-show posts the booking's points", r.status == 200 and r.json()["status"] == "no_show"
          and account(disp, acct)["balance"] == before - 5, r)
    slots = item(admin, room)["slots"]
    check("catalogue: the slot's place stays taken", [s["free"] for s in slots] == [0, 4], slots)
    # a partner's no-show counts against their credit file
    soon = admin.post("/api/v1/catalogue/%d/slots" % room, {"start_ms": t0 + 2 * DAY, "end_ms": t0 + 2 * DAY + 3600000,
                                                           "capacity": 2}).json()
    r = shop.post("/api/v1/resident/orders", {"item_id": room, "slot_id": soon["id"], "from": "partner"})
    check("catalogue: a partner books a slot", r.status == 201, r)
    if r.status == 201:
        oid = r.json()["id"]
        r = admin.post("/api/v1/orders/%d/actions" % oid, {"action": "no_show", "reason": "未到场"})
        ev = gw.sql(ctx, ctx["server"].db, "SELECT partner_id, kind FROM partner_credit_events WHERE ref_kind = 'order'"
                    " AND ref_id = ?", (oid,))
        check("catalogue: a partner's no-show adds a no_show credit event", r.status == 200
              and ev == [(shop_id, "no_show")], (r, ev))
    del rich_acct


def lang_and_lists(ctx, res, rid):
    check, admin = ctx["check"], ctx["admin"]
    mine = res.get("/api/v1/resident/orders").json()
    check("catalogue: the resident's history is their own", mine["total"] >= 5
          and all(o["resident"]["id"] == rid for o in mine["items"]), mine)
    r = admin.get("/api/v1/orders?status=used")
    check("catalogue: staff filter orders by status", r.status == 200 and r.json()["items"]
          and all(o["status"] == "used" for o in r.json()["items"]), r)
    for q in ("status=lost", "item_id=x", "limit=0", "colour=red"):
        r = admin.get("/api/v1/orders?" + q)
        check("catalogue: orders ?%s -> 400" % q, is_error(r, 400), r)
    r = ctx["auditor"].get("/api/v1/orders")
    check("catalogue: a role without partner.view -> 403", is_error(r, 403, "forbidden"), r)
