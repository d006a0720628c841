#!/usr/bin/env bash
# gridwork benchmarks, each beside its anchor in the same run (see docs/benchmarks.md).
#  1. GET /api/v1/tickets/{id} (bearer auth, scope check, JSON render) vs nginx serving the
#     same JSON bytes as a static file.
#  2. Durable ticket creation (POST /api/v1/tickets, committed with synchronous=FULL before
#     the 201) vs the same machine's rate of single-row durable SQLite commits (python sqlite3,
#     WAL + synchronous=FULL, one INSERT per COMMIT).
# Usage: bench/run.sh build/gridwork [runs] [seconds]
set -euo pipefail
BIN=$(readlink -f "${1:-build/gridwork}")
RUNS=${2:-3}
SECS=${3:-8}
CONC=${CONC:-64}
THREADS=${THREADS:-2}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/gw-bench-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null; rm -rf "$tmp"' EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
rps() { awk '/Requests\/sec/ {print $2}'; }

"$BIN" init --db "$tmp/gw.db" >/dev/null
"$BIN" demo --db "$tmp/gw.db" --tickets 400 >/dev/null
GP=$(port)
"$BIN" serve --db "$tmp/gw.db" --listen 127.0.0.1:$GP --access-log 0 2>"$tmp/gw.log" &
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$GP/healthz" >/dev/null && break; sleep 0.1; done
TOKEN=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"admin","password":"demo"}' \
        "http://127.0.0.1:$GP/api/v1/auth/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
curl -sf -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$GP/api/v1/tickets/1" > "$tmp/ticket.json"

NP=$(port)
mkdir -p "$tmp/www/api/v1/tickets"
cp "$tmp/ticket.json" "$tmp/www/api/v1/tickets/1"
cat > "$tmp/nginx.conf" <<NGX
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$NP;
    root $tmp/www;
    default_type application/json;
  }
}
NGX
nginx -c "$tmp/nginx.conf" -p "$tmp"
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$NP/api/v1/tickets/1" >/dev/null && break; sleep 0.1; done

echo "# $(date -u +%FT%TZ) $(nproc) cores; wrk -t$THREADS -c$CONC -d${SECS}s; $RUNS runs, medians"
gw_get=(); ng_get=()
for i in $(seq "$RUNS"); do
  ng_get+=("$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" "http://127.0.0.1:$NP/api/v1/tickets/1" | rps)")
  gw_get+=("$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$GP/api/v1/tickets/1" | rps)")
done
G=$(printf '%s\n' "${gw_get[@]}" | median); N=$(printf '%s\n' "${ng_get[@]}" | median)
echo "GET ticket    gridwork ${gw_get[*]} -> median $G req/s"
echo "GET ticket    nginx    ${ng_get[*]} -> median $N req/s"
echo "GET ratio gridwork/nginx: $(awk -v a="$G" -v b="$N" 'BEGIN {printf "%.2f", a/b}')"

cat > "$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.body = '{"category_code":"0101","description":"压测：中山路井盖破损，需要尽快处理","location":{"lon":120.155,"lat":30.255},"address":"中山路1号"}'
LUA
gw_post=(); sq_commit=()
for i in $(seq "$RUNS"); do
  gw_post+=("$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -s "$tmp/post.lua" "http://127.0.0.1:$GP/api/v1/tickets" | rps)")
  sq_commit+=("$(python3 "$here/sqlite_commits.py" "$tmp/anchor-$i.db" "$SECS")")
done
P=$(printf '%s\n' "${gw_post[@]}" | median); S=$(printf '%s\n' "${sq_commit[@]}" | median)
echo "POST ticket   gridwork ${gw_post[*]} -> median $P tickets/s (durable, group commit)"
echo "anchor        sqlite3  ${sq_commit[*]} -> median $S commits/s (one row per durable commit)"
echo "POST ratio gridwork/single-commit: $(awk -v a="$P" -v b="$S" 'BEGIN {printf "%.2f", a/b}')"
created=$(curl -sf "http://127.0.0.1:$GP/metrics" | awk '/gridwork_http_requests_total\{route="tickets_create",status="201"\}/ {print $2}')
echo "tickets created over HTTP: ${created:-0}; server errors: $(grep -c 'status="500"' <(curl -sf "http://127.0.0.1:$GP/metrics") || true)"
