#!/usr/bin/env bash
# 物联感知 (issue 10, P3 of issue 13): figures beside their anchors, in the same run, alternating, medians.
#  1. Status changes over MQTT -> alarms/tickets per second: N QoS 1 messages, each flipping one of D
#     manhole covers between tilted (an alarm raised and a ticket opened, committed before the PUBACK)
#     and normal (the alarm cleared), through mosquitto into gridwork — beside mosquitto's own pub->sub
#     rate of the same messages (mosquitto_sub, QoS 1) on the same broker (bench/iot_mqtt.py). Three
#     subscribers under test: a server on SQLite, a server on PostgreSQL, and two servers on one
#     PostgreSQL database in a $share group (each its own topic prefix, so none sees another's stream).
#  2. Heartbeats per second absorbed: QoS 0 telemetry over MQTT, one heartbeat a message and 100 a message
#     (a gateway's batch), each beside mosquitto_sub taking the same stream; and over HTTP:
#     POST /api/v1/iot/events with batches of 100 events (and single events), device Basic auth, wrk.
#  3. The server's peak RSS (VmHWM) at the end.
# Usage: bench/iot.sh build/gridwork [runs] [status_messages] [heartbeat_messages] [seconds]
# (heartbeats: the SQLite server only; the PostgreSQL ones take them the same way, in memory)
# Environment: DEVICES (200), CONC (64) and THREADS (2) for wrk, GW_THREADS (16), GW_ARGS (more serve flags).
set -euo pipefail
BIN=$(readlink -f "${1:-build/gridwork}")
RUNS=${2:-3}
NSTATUS=${3:-4000}
NBEAT=${4:-400000}
SECS=${5:-8}
DEVICES=${DEVICES:-200}
CONC=${CONC:-64}
THREADS=${THREADS:-2}
GW_THREADS=${GW_THREADS:-16}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "iot.sh: wrk not installed (scripts/deps.sh --bench)" >&2; exit 2; }
[ $((NSTATUS % (2 * DEVICES))) -eq 0 ] || { echo "iot.sh: status_messages must be a multiple of 2*DEVICES" >&2; exit 2; }

root=$(dirname "$here")
tmp=$(mktemp -d /tmp/gw-bench-iot-XXXXXX)
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
metric() { curl -sf "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1 == n {print $2}'; }

# the broker: loopback, no persistence, no queue limit (the server may fall behind the publisher)
BP=$(port)
cat >"$tmp/mosquitto.conf" <<CONF
listener $BP 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 0
log_dest file $tmp/mosquitto.log
CONF
[ "$(id -u)" = 0 ] && echo "user root" >>"$tmp/mosquitto.conf"
mosquitto -c "$tmp/mosquitto.conf" &
pids+=($!)
BROKER_PID=$!

serve() { # DB PREFIX CLIENT_ID [SHARE_GROUP] -> prints the port
  local p; p=$(port)
  "$BIN" serve --db "$1" --listen "127.0.0.1:$p" --access-log 0 --threads "$GW_THREADS" --public-rate 1000000 \
    --mqtt-url "mqtt://127.0.0.1:$BP" --mqtt-prefix "$2" --mqtt-client-id "$3" ${4:+--mqtt-share-group "$4"} \
    ${GW_ARGS:-} >"$tmp/gw-$3.log" 2>&1 &
  echo "$p $!"
}
up() { # PORT
  for _ in $(seq 200); do [ "$(metric "$1" gridwork_mqtt_up)" = 1 ] && return 0; sleep 0.1; done
  echo "iot.sh: a server did not subscribe: $(tail -5 "$tmp"/gw-*.log)" >&2; exit 1
}
DB="$tmp/gw.db"
PG_URL=$("$root/scripts/pg.sh" start "$pgdir" 2>"$tmp/pg-start.log")
PG2_URL=$("$root/scripts/pg.sh" createdb "$pgdir" pair 2>>"$tmp/pg-start.log")
for db in "$DB" "$PG_URL" "$PG2_URL"; do
  "$BIN" init --db "$db" >/dev/null 2>&1
  "$BIN" demo --db "$db" --tickets 0 >/dev/null 2>&1
done
read -r GP GW_PID <<<"$(serve "$DB" gwsqlite/v1 "bench-sqlite-$$")"; pids+=("$GW_PID")
read -r PP PG_PID <<<"$(serve "$PG_URL" gwpg/v1 "bench-pg-$$")"; pids+=("$PG_PID")
read -r AP A_PID <<<"$(serve "$PG2_URL" gwpair/v1 "bench-pair-a-$$" bench)"; pids+=("$A_PID")
read -r ZP Z_PID <<<"$(serve "$PG2_URL" gwpair/v1 "bench-pair-b-$$" bench)"; pids+=("$Z_PID")
for p in "$GP" "$PP" "$AP" "$ZP"; do up "$p"; done

# D manhole covers BENCH-00000.. at 中山路 (0101: 市政 with CC 城管), secret bench-device-secret
devices() { # PORT
python3 - "$1" "$DEVICES" <<'PY'
import json, sys, urllib.request
port, n = sys.argv[1], int(sys.argv[2])
def call(method, path, body, token=None, ctype="application/json"):
    req = urllib.request.Request("http://127.0.0.1:%s%s" % (port, path), method=method, data=body,
                                 headers=dict({"Content-Type": ctype}, **({"Authorization": "Bearer " + token} if token else {})))
    return json.load(urllib.request.urlopen(req))
tok = call("POST", "/api/v1/auth/login", json.dumps({"username": "admin", "password": "demo"}).encode())["token"]
for k in range(0, n, 500):
    sheet = "device_id,type,name,lon,lat,address,secret\n" + "".join(
        "BENCH-%05d,manhole,压测井盖%d,120.155,30.255,中山路100号,bench-device-secret\n" % (i, i) for i in range(k, min(n, k + 500)))
    call("POST", "/api/v1/devices/import", sheet.encode(), tok, "text/csv")
PY
}
devices "$GP"; devices "$PP"; devices "$AP"

HDRS=$(python3 -c 'import base64, sys
print(",".join("\"Basic %s\"" % base64.b64encode(b"BENCH-%05d:bench-device-secret" % i).decode() for i in range(int(sys.argv[1]))))' "$DEVICES")
wrk_lua() { # EVENTS FILE: each request a batch of EVENTS heartbeats of one of the devices, in turn
  cat >"$2" <<LUA
local hdrs = {$HDRS}
local ev = '{"status":"normal","values":{"t":21.5,"battery":87}}'
local body
if $1 == 1 then body = ev else
  local parts = {}
  for i = 1, $1 do parts[i] = ev end
  body = '{"events":[' .. table.concat(parts, ",") .. ']}'
end
local n = 0
function request()
  n = n + 1
  return wrk.format("POST", "/api/v1/iot/events", {["Content-Type"] = "application/json",
                    ["Authorization"] = hdrs[n % #hdrs + 1]}, body)
end
LUA
}
wrk_lua 100 "$tmp/batch.lua"
wrk_lua 1 "$tmp/single.lua"

echo "# $(date -u +%FT%TZ) $(nproc) cores; mosquitto $(mosquitto -h 2>/dev/null | awk 'NR==1 {print $3}'); $DEVICES devices;" \
     "$RUNS runs, medians; status $NSTATUS msgs a run, heartbeats $NBEAT msgs a run; wrk -t$THREADS -c$CONC -d${SECS}s;" \
     "server --threads $GW_THREADS ${GW_ARGS:-}"
st() { python3 "$here/iot_mqtt.py" "$@" | awk '{print $1}'; }
gs=(); ps=(); ws=(); as=(); gb=(); ab=(); gm=(); am=(); hb=(); h1=()
for i in $(seq "$RUNS"); do
  as+=("$(st status anchor/v1 "$BP" "$NSTATUS" "$DEVICES" anchor)")
  gs+=("$(st status gwsqlite/v1 "$BP" "$NSTATUS" "$DEVICES" gridwork "$GP")")
  ps+=("$(st status gwpg/v1 "$BP" "$NSTATUS" "$DEVICES" gridwork "$PP")")
  ws+=("$(st status gwpair/v1 "$BP" "$NSTATUS" "$DEVICES" gridwork "$AP,$ZP")")
  ab+=("$(st telemetry anchor/v1 "$BP" "$NBEAT" "$DEVICES" anchor)")
  gb+=("$(st telemetry gwsqlite/v1 "$BP" "$NBEAT" "$DEVICES" gridwork "$GP")")
  am+=("$(st batch anchor/v1 "$BP" "$NBEAT" "$DEVICES" anchor)")
  gm+=("$(st batch gwsqlite/v1 "$BP" "$NBEAT" "$DEVICES" gridwork "$GP")")
  hb+=("$(times "$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -s "$tmp/batch.lua" "http://127.0.0.1:$GP/" | rps)" 100)")
  h1+=("$(wrk -t"$THREADS" -c"$CONC" -d"${SECS}s" -s "$tmp/single.lua" "http://127.0.0.1:$GP/" | rps)")
done
GS=$(printf '%s\n' "${gs[@]}" | median); AS=$(printf '%s\n' "${as[@]}" | median)
PS=$(printf '%s\n' "${ps[@]}" | median); WS=$(printf '%s\n' "${ws[@]}" | median)
GB=$(printf '%s\n' "${gb[@]}" | median); AB=$(printf '%s\n' "${ab[@]}" | median)
GM=$(printf '%s\n' "${gm[@]}" | median); AM=$(printf '%s\n' "${am[@]}" | median)
HB=$(printf '%s\n' "${hb[@]}" | median); H1=$(printf '%s\n' "${h1[@]}" | median)
echo "status changes  anchor            ${as[*]} -> median $AS msgs/s (mosquitto_sub, QoS 1)"
echo "status changes  gridwork sqlite   ${gs[*]} -> median $GS msgs/s (each an alarm raised with its ticket, or cleared, committed before the PUBACK); ratio $(ratio "$GS" "$AS")"
echo "status changes  gridwork postgres ${ps[*]} -> median $PS msgs/s; ratio $(ratio "$PS" "$AS")"
echo "status changes  2 servers \$share  ${ws[*]} -> median $WS msgs/s (postgres); ratio $(ratio "$WS" "$AS")"
echo "heartbeats mqtt anchor            ${ab[*]} -> median $AB msgs/s (mosquitto_sub, QoS 0 published)"
echo "heartbeats mqtt gridwork sqlite   ${gb[*]} -> median $GB heartbeats/s; ratio $(ratio "$GB" "$AB")"
echo "heartbeats mqtt batch 100 anchor  ${am[*]} -> median $AM heartbeats/s (mosquitto_sub, 100 a message)"
echo "heartbeats mqtt batch 100 gridwork ${gm[*]} -> median $GM heartbeats/s; ratio $(ratio "$GM" "$AM")"
echo "heartbeats http batch 100         ${hb[*]} -> median $HB heartbeats/s"
echo "heartbeats http single            ${h1[*]} -> median $H1 heartbeats/s"
alarms=$(metric "$GP" 'gridwork_iot_alarm_events_total{event="raised"}')
echo "sqlite server: alarms raised ${alarms:-0}, tickets $(sqlite3 "$DB" "SELECT COUNT(*) FROM tickets WHERE source = 'iot'" 2>/dev/null || echo '?');" \
     "mqtt dropped: $(curl -sf "http://127.0.0.1:$GP/metrics" | awk '/^gridwork_mqtt_dropped_total/ {n += $2} END {print n + 0}');" \
     "http 4xx/5xx: $(curl -sf "http://127.0.0.1:$GP/metrics" | awk '/gridwork_http_requests_total\{.*status="[45][0-9][0-9]"\}/ {n += $2} END {print n + 0}')"
hwm() { awk '/VmHWM/ {print $2, $3}' "/proc/$1/status"; }
echo "peak RSS (VmHWM): sqlite server $(hwm "$GW_PID"), postgres server $(hwm "$PG_PID"), pair $(hwm "$A_PID") + $(hwm "$Z_PID"), broker $(hwm "$BROKER_PID")"
