#!/usr/bin/env bash
# gridwork on PostgreSQL beside gridwork on SQLite and beside pgbench, in the same run (see
# docs/benchmarks.md, section PostgreSQL). Runs alternate; medians and ratios are printed.
#  1. GET /api/v1/tickets/1 (bearer auth, scope check, JSON render): server on PostgreSQL vs server
#     on SQLite, both with the demo city (400 tickets).
#  2. Durable ticket creation, POST /api/v1/tickets (the body of bench/run.sh): the same two servers,
#     and pgbench running bench/pgbench_insert.sql (the ticket row, three timeline rows and the CC
#     row of one report, plain INSERTs in one transaction) on a separate database of the same cluster.
# PostgreSQL is a throwaway cluster from scripts/pg.sh (fsync and synchronous_commit on).
# Usage: bench/pg.sh build/gridwork [runs] [seconds]
# Environment: CONC (64) and THREADS (2) for wrk and pgbench -c/-j, GW_THREADS (16) and
# GW_DB_READERS (8) for both servers.
set -euo pipefail
BIN=$(readlink -f "${1:-build/gridwork}")
RUNS=${2:-3}
SECS=${3:-8}
CONC=${CONC:-64}
THREADS=${THREADS:-2}
GW_THREADS=${GW_THREADS:-16}
GW_DB_READERS=${GW_DB_READERS:-8}
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGBENCH=$(command -v pgbench || echo "$PGBIN/pgbench")
PSQL=$(command -v psql || echo "$PGBIN/psql")
[ -x "$BIN" ] || { echo "pg.sh: no gridwork binary at $BIN" >&2; exit 2; }
command -v wrk >/dev/null || { echo "pg.sh: wrk not installed (scripts/deps.sh --bench)" >&2; exit 2; }
[ -x "$PGBENCH" ] || { echo "pg.sh: pgbench not found (postgresql-client)" >&2; exit 2; }

tmp=$(mktemp -d /tmp/gw-bench-pg-XXXXXX)
pgdir=$(mktemp -d /tmp/gw-bench-cluster-XXXXXX) # its own directory: scripts/pg.sh hands it to user postgres
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
json() { python3 -c 'import json,sys; v=json.load(sys.stdin)
for k in sys.argv[1].split("."): v=v[int(k)] if k.isdigit() else v[k]
print(v)' "$1"; }

PG_URL=$("$root/scripts/pg.sh" start "$pgdir" 2>"$tmp/pg-start.log")
ANCHOR_URL=$("$root/scripts/pg.sh" createdb "$pgdir" anchor 2>>"$tmp/pg-start.log")
SQ_DB="$tmp/gw.db"
for db in "$PG_URL" "$SQ_DB" "$ANCHOR_URL"; do
  "$BIN" init --db "$db" >/dev/null 2>&1
  "$BIN" demo --db "$db" --tickets 400 >/dev/null 2>&1
done

serve() { # DB PORT LOG
  "$BIN" serve --db "$1" --listen "127.0.0.1:$2" --access-log 0 --threads "$GW_THREADS" \
    --db-readers "$GW_DB_READERS" 2>"$3" &
  pids+=($!)
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "pg.sh: server on $1 did not come up: $(tail -5 "$3")" >&2
  exit 1
}
login() { # PORT
  curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"demo"}' \
    "http://127.0.0.1:$1/api/v1/auth/login" | json token
}
BODY='{"category_code":"0101","description":"压测：中山路井盖破损，需要尽快处理","location":{"lon":120.155,"lat":30.255},"address":"中山路1号"}'
post_lua() { # TOKEN FILE
  cat >"$2" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $1"
wrk.body = '$BODY'
LUA
}

PP=$(port); serve "$PG_URL" "$PP" "$tmp/gw-pg.log"
SP=$(port); serve "$SQ_DB" "$SP" "$tmp/gw-sqlite.log"
PT=$(login "$PP"); ST=$(login "$SP")
post_lua "$PT" "$tmp/post-pg.lua"
post_lua "$ST" "$tmp/post-sqlite.lua"

# One report through the PostgreSQL server: its routing gives the ids the pgbench script writes
# (both databases hold the same demo city, so the ids are the same in the anchor database).
curl -sf -H "Authorization: Bearer $PT" -H 'Content-Type: application/json' -d "$BODY" \
  "http://127.0.0.1:$PP/api/v1/tickets" >"$tmp/report.json"
[ "$(json state <"$tmp/report.json")" = dispatched ] || { echo "pg.sh: the sample report was not auto-dispatched" >&2; exit 1; }
pgvars=(-D "cat=$(json category.id <"$tmp/report.json")" -D "div=$(json division_id <"$tmp/report.json")"
        -D "path=$(json division_path <"$tmp/report.json")" -D "unit=$(json unit.id <"$tmp/report.json")"
        -D "cc=$(json cc_units.0.id <"$tmp/report.json")" -D "rule=$(json rule_id <"$tmp/report.json")"
        -D "user=$(curl -sf -H "Authorization: Bearer $PT" "http://127.0.0.1:$PP/api/v1/me" | json id)")
anchor_before=$("$PSQL" -X -At -d "$ANCHOR_URL" -c "SELECT COUNT(*) FROM tickets")

pgbench_tps() { # -> transactions per second, or exit on a failed run
  local out
  out=$("$PGBENCH" -n -f "$here/pgbench_insert.sql" -c "$CONC" -j "$THREADS" -T "$SECS" "${pgvars[@]}" "$ANCHOR_URL" 2>&1) || {
    echo "pg.sh: pgbench failed: $out" >&2
    exit 1
  }
  awk '/^tps = / {print $3; exit}' <<<"$out"
}

echo "# $(date -u +%FT%TZ) $(nproc) cores; wrk -t$THREADS -c$CONC -d${SECS}s; pgbench -c$CONC -j$THREADS -T$SECS;" \
     "servers --threads $GW_THREADS --db-readers $GW_DB_READERS; $RUNS runs, medians"
echo "# $("$PSQL" -X -At -d "$PG_URL" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')")"
pg_get=(); sq_get=()
for i in $(seq "$RUNS"); do
  pg_get+=("$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -H "Authorization: Bearer $PT" "http://127.0.0.1:$PP/api/v1/tickets/1" | rps)")
  sq_get+=("$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -H "Authorization: Bearer $ST" "http://127.0.0.1:$SP/api/v1/tickets/1" | rps)")
done
G=$(printf '%s\n' "${pg_get[@]}" | median); H=$(printf '%s\n' "${sq_get[@]}" | median)
echo "GET ticket    postgres ${pg_get[*]} -> median $G req/s"
echo "GET ticket    sqlite   ${sq_get[*]} -> median $H req/s"
echo "GET ratio postgres/sqlite: $(ratio "$G" "$H")"

pg_post=(); sq_post=(); bench=()
for i in $(seq "$RUNS"); do
  pg_post+=("$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -s "$tmp/post-pg.lua" "http://127.0.0.1:$PP/api/v1/tickets" | rps)")
  sq_post+=("$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -s "$tmp/post-sqlite.lua" "http://127.0.0.1:$SP/api/v1/tickets" | rps)")
  bench+=("$(pgbench_tps)")
done
P=$(printf '%s\n' "${pg_post[@]}" | median); S=$(printf '%s\n' "${sq_post[@]}" | median)
B=$(printf '%s\n' "${bench[@]}" | median)
echo "POST ticket   postgres ${pg_post[*]} -> median $P tickets/s (each report one transaction)"
echo "POST ticket   sqlite   ${sq_post[*]} -> median $S tickets/s (group commit)"
echo "anchor        pgbench  ${bench[*]} -> median $B tx/s (ticket + 3 timeline + CC rows per transaction)"
echo "POST ratio postgres/sqlite: $(ratio "$P" "$S"); postgres/pgbench: $(ratio "$P" "$B")"

created() { curl -sf "http://127.0.0.1:$1/metrics" | awk '/gridwork_http_requests_total\{route="tickets_create",status="201"\}/ {print $2}'; }
errors() { curl -sf "http://127.0.0.1:$1/metrics" | awk '/gridwork_http_requests_total\{.*status="5[0-9][0-9]"\}/ {n += $2} END {print n + 0}'; }
anchor_after=$("$PSQL" -X -At -d "$ANCHOR_URL" -c "SELECT COUNT(*) FROM tickets")
echo "tickets created over HTTP: postgres $(created "$PP"), sqlite $(created "$SP");" \
     "by pgbench: $((anchor_after - anchor_before)); 5xx answers: postgres $(errors "$PP"), sqlite $(errors "$SP")"
