#!/usr/bin/env bash
# The points bank (积分银行) benchmarks, each beside its anchor in the same run (docs/benchmarks.md,
# section "Points bank"). Runs alternate; medians and ratios are printed.
#  1. Transfers per second through POST /api/v1/ledger/transfers (1 point between two of 50 partner
#     accounts picked at random, each request with a new client id; balance checked in the UPDATE,
#     audited, committed before the 201): gridwork on SQLite and on PostgreSQL, one transfer a request
#     and linked batches of 10 — beside pgbench running bench/pgbench_ledger.sql (the same double-entry
#     writes as plain SQL, one transfer a transaction) on a database of the same cluster.
#  2. `gridwork ledger verify` over N transfers (bench/ledger_fill.py), timed by farm-bench.
# Usage: bench/ledger.sh build/gridwork [runs] [seconds] [verify_transfers]
# Environment: CONC (64) and THREADS (2) for wrk and pgbench -c/-j; GW_THREADS (16) for the servers.
set -euo pipefail
BIN=$(readlink -f "${1:-build/gridwork}")
RUNS=${2:-3}
SECS=${3:-8}
NVERIFY=${4:-1000000}
CONC=${CONC:-64}
THREADS=${THREADS:-2}
GW_THREADS=${GW_THREADS:-16}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGBENCH=$(command -v pgbench || echo "$PGBIN/pgbench")
PSQL=$(command -v psql || echo "$PGBIN/psql")
command -v wrk >/dev/null || { echo "ledger.sh: wrk not installed (scripts/deps.sh --bench)" >&2; exit 2; }

tmp=$(mktemp -d /tmp/gw-bench-ledger-XXXXXX)
pgdir=$(mktemp -d /tmp/gw-bench-cluster-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  "$root/scripts/pg.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$tmp" "$pgdir"
}
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
rps() { awk '/Requests\/sec/ {print $2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a/b}'; }
times() { awk -v a="$1" -v k="$2" 'BEGIN {printf "%.0f", a*k}'; }

PG_URL=$("$root/scripts/pg.sh" start "$pgdir" 2>"$tmp/pg-start.log")
ANCHOR_URL=$("$root/scripts/pg.sh" createdb "$pgdir" anchor 2>>"$tmp/pg-start.log")
SQ_DB="$tmp/gw.db"
for db in "$PG_URL" "$SQ_DB" "$ANCHOR_URL"; do
  "$BIN" init --db "$db" >/dev/null 2>&1
  "$BIN" demo --db "$db" --tickets 0 >/dev/null 2>&1
done

serve() { # DB PORT LOG
  "$BIN" serve --db "$1" --listen "127.0.0.1:$2" --access-log 0 --threads "$GW_THREADS" 2>"$3" &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "ledger.sh: server on $1 did not come up: $(tail -5 "$3")" >&2
  exit 1
}
# Log in, open 50 partner accounts in the first community and issue 10^12 points to each; print
# "TOKEN ID,ID,...".
prepare() { # PORT
  python3 - "$1" <<'PY'
import json, sys, urllib.request
port = sys.argv[1]
def call(method, path, body=None, token=None):
    req = urllib.request.Request("http://127.0.0.1:%s%s" % (port, path), method=method,
                                 data=json.dumps(body).encode() if body is not None else None,
                                 headers=dict({"Content-Type": "application/json"},
                                              **({"Authorization": "Bearer " + token} if token else {})))
    return json.load(urllib.request.urlopen(req))
tok = call("POST", "/api/v1/auth/login", {"username": "admin", "password": "demo"})["token"]
div = [d for d in call("GET", "/api/v1/divisions", token=tok)["items"] if d["level"] == "community"][0]["id"]
ids = [call("POST", "/api/v1/ledger/accounts", {"division_id": div, "owner_kind": "partner", "owner_id": 1000 + k},
            token=tok)["id"] for k in range(50)]
iss = [a for a in call("GET", "/api/v1/ledger/accounts?owner_kind=system&division_id=%d" % div, token=tok)["items"]
       if a["system"] == "issuance"][0]["id"]
for k in (0, 25):
    call("POST", "/api/v1/ledger/transfers", {"transfers": [
        {"client_id": "seed-%d" % a, "debit_account_id": iss, "credit_account_id": a, "amount": 10 ** 12}
        for a in ids[k:k + 25]]}, token=tok)
print(tok, ",".join(map(str, ids)))
PY
}
lua() { # TOKEN IDS BATCH RUN FILE
  cat >"$5" <<LUA
local ids = {$2}
local n = 0
local t = 0
function setup(thread) t = t + 1; thread:set("tid", t) end
function init(args) math.randomseed(tid * 7919 + os.time()) end
local function one(i)
  local d = math.random(1, #ids)
  local c = (d + math.random(0, #ids - 2)) % #ids + 1
  local dr, cr = ids[d], ids[c]
  return string.format('{"client_id":"$4-%d-%d-%d","debit_account_id":%d,"credit_account_id":%d,"amount":1}', tid, n, i, dr, cr)
end
function request()
  n = n + 1
  local body
  if $3 == 1 then body = one(0) else
    local parts = {}
    for i = 1, $3 do parts[i] = one(i) end
    body = '{"transfers":[' .. table.concat(parts, ",") .. ']}'
  end
  return wrk.format("POST", "/api/v1/ledger/transfers", {["Content-Type"] = "application/json",
                    ["Authorization"] = "Bearer $1"}, body)
end
LUA
}

PP=$(port); serve "$PG_URL" "$PP" "$tmp/gw-pg.log"
SP=$(port); serve "$SQ_DB" "$SP" "$tmp/gw-sqlite.log"
read -r PT PIDS <<<"$(prepare "$PP")"
read -r ST SIDS <<<"$(prepare "$SP")"
ALO=$("$PSQL" -X -At -d "$ANCHOR_URL" -c "
  INSERT INTO ledger_accounts(division_id, owner_kind, owner_id, created_ms)
    SELECT id, 'system', 1, 0 FROM divisions WHERE level = 'community' ORDER BY id LIMIT 1;
  INSERT INTO ledger_accounts(division_id, owner_kind, owner_id, credits_posted, created_ms)
    SELECT d.id, 'partner', 1000 + g, 1000000000000, 0 FROM generate_series(0, 49) g,
      (SELECT id FROM divisions WHERE level = 'community' ORDER BY id LIMIT 1) d;
  UPDATE ledger_accounts SET debits_posted = 50000000000000 WHERE owner_kind = 'system';
  SELECT MIN(id) FROM ledger_accounts WHERE owner_kind = 'partner';" | tail -1)

pgbench_tps() {
  local out
  out=$("$PGBENCH" -n -f "$here/pgbench_ledger.sql" -c "$CONC" -j "$THREADS" -T "$SECS" -D "lo=$ALO" "$ANCHOR_URL" 2>&1) || {
    echo "ledger.sh: pgbench failed: $out" >&2; exit 1; }
  awk '/^tps = / {print $3; exit}' <<<"$out"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores; wrk -t$THREADS -c$CONC -d${SECS}s; pgbench -c$CONC -j$THREADS -T$SECS;" \
     "servers --threads $GW_THREADS; $RUNS runs, medians; transfers/s"
echo "# $("$PSQL" -X -At -d "$PG_URL" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')")"
sq1=(); sq10=(); pg1=(); pg10=(); bench=()
for i in $(seq "$RUNS"); do
  lua "$ST" "$SIDS" 1 "s1r$i" "$tmp/s1.lua"; lua "$ST" "$SIDS" 10 "s10r$i" "$tmp/s10.lua"
  lua "$PT" "$PIDS" 1 "p1r$i" "$tmp/p1.lua"; lua "$PT" "$PIDS" 10 "p10r$i" "$tmp/p10.lua"
  sq1+=("$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -s "$tmp/s1.lua" "http://127.0.0.1:$SP/" | rps)")
  bench+=("$(pgbench_tps)")
  pg1+=("$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -s "$tmp/p1.lua" "http://127.0.0.1:$PP/" | rps)")
  sq10+=("$(times "$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -s "$tmp/s10.lua" "http://127.0.0.1:$SP/" | rps)" 10)")
  pg10+=("$(times "$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -s "$tmp/p10.lua" "http://127.0.0.1:$PP/" | rps)" 10)")
done
S1=$(printf '%s\n' "${sq1[@]}" | median); S10=$(printf '%s\n' "${sq10[@]}" | median)
P1=$(printf '%s\n' "${pg1[@]}" | median); P10=$(printf '%s\n' "${pg10[@]}" | median)
B=$(printf '%s\n' "${bench[@]}" | median)
echo "ledger sqlite   single    ${sq1[*]} -> median $S1"
echo "ledger sqlite   batch 10  ${sq10[*]} -> median $S10"
echo "ledger postgres single    ${pg1[*]} -> median $P1"
echo "ledger postgres batch 10  ${pg10[*]} -> median $P10"
echo "anchor pgbench  single    ${bench[*]} -> median $B"
echo "ratios to pgbench: sqlite single $(ratio "$S1" "$B"), sqlite batch $(ratio "$S10" "$B"), postgres single $(ratio "$P1" "$B"), postgres batch $(ratio "$P10" "$B")"
errors() { curl -sf "http://127.0.0.1:$1/metrics" | awk '/gridwork_http_requests_total\{.*status="[45][0-9][0-9]"\}/ {n += $2} END {print n + 0}'; }
echo "4xx/5xx answers: sqlite $(errors "$SP"), postgres $(errors "$PP")"
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
pids=()
for db in "$SQ_DB" "$PG_URL"; do
  "$BIN" ledger verify --db "$db" || { echo "ledger.sh: verify failed after the load on $db" >&2; exit 1; }
done

VDB="$tmp/verify.db"
"$BIN" init --db "$VDB" >/dev/null 2>&1
"$BIN" demo --db "$VDB" --tickets 0 >/dev/null 2>&1
echo "verify: $(python3 "$here/ledger_fill.py" "$VDB" "$NVERIFY") transfers in $VDB"
"$BIN" ledger verify --db "$VDB"
farm-bench -n "$RUNS" --timeout 900 -- "$BIN" ledger verify --db "$VDB"
