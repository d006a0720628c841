"""Fill a gridwork SQLite database with N posted points transfers between 50 partner accounts of one
community (and their issuance), balances consistent, for timing `gridwork ledger verify` (bench/ledger.sh).
Usage: python3 bench/ledger_fill.py DB N"""
import random
import sqlite3
import sys

db, n = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db)
div = c.execute("SELECT id FROM divisions WHERE level = 'community' ORDER BY id LIMIT 1").fetchone()[0]
c.execute("INSERT INTO ledger_accounts(division_id, owner_kind, owner_id, created_ms) VALUES (?, 'system', 1, 0)", (div,))
iss = c.execute("SELECT last_insert_rowid()").fetchone()[0]
ids = []
for k in range(50):
    c.execute("INSERT INTO ledger_accounts(division_id, owner_kind, owner_id, created_ms) VALUES (?, 'partner', ?, 0)",
              (div, 900000 + k))
    ids.append(c.execute("SELECT last_insert_rowid()").fetchone()[0])
dp = {a: 0 for a in ids + [iss]}
cp = dict(dp)
rnd = random.Random(1)
rows = []
for a in ids:  # issue 10^9 to each partner first
    rows.append((iss, a, 10 ** 9))
for _ in range(n - len(ids)):
    d = rnd.choice(ids)
    cr = rnd.choice(ids)
    while cr == d:
        cr = rnd.choice(ids)
    rows.append((d, cr, rnd.randint(1, 50)))
for d, cr, amt in rows:
    dp[d] += amt
    cp[cr] += amt
c.executemany("INSERT INTO ledger_transfers(kind, debit_account_id, credit_account_id, amount, memo, created_ms)"
              " VALUES ('posted', ?, ?, ?, '', 0)", rows)
for a in dp:
    c.execute("UPDATE ledger_accounts SET debits_posted = ?, credits_posted = ? WHERE id = ?", (dp[a], cp[a], a))
c.commit()
print(len(rows))
