#!/usr/bin/env bash
# Run every libFuzzer target in fuzz/ for SECONDS each (default $FUZZ_SECONDS or 300), JOBS at a time
# (default 2), from its committed seed corpus (fuzz/corpus/<target>, never written to: new finds go to
# build-fuzz/corpus/<target>). Builds build-fuzz (clang, -Dfuzz=true) when needed and the demo city the
# API targets copy. Prints one line per target (executions, seconds, result); a crash, leak, timeout or
# oracle failure leaves its input in build-fuzz/crash/ and fails the run. `make fuzz`; short in `make test`.
#   scripts/fuzz.sh [SECONDS] [TARGET ...]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-${FUZZ_SECONDS:-300}}
[ $# -gt 0 ] && shift
jobs=${FUZZ_JOBS:-2}
B=${FUZZ_BUILD:-build-fuzz}
command -v clang >/dev/null || { echo "fuzz: clang is missing (scripts/deps.sh installs it)" >&2; exit 1; }
[ -f "$B/build.ninja" ] ||
  CC=clang meson setup "$B" --buildtype=debugoptimized -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
ninja -C "$B" fuzz gridwork >/dev/null
if [ ! -f "$B/fuzz-city.db" ] || [ "$B/gridwork" -nt "$B/fuzz-city.db" ]; then
  rm -f "$B/fuzz-city.db" "$B/fuzz-city.db-wal" "$B/fuzz-city.db-shm"
  mkdir -p "$B/fuzz-logs"
  ASAN_OPTIONS=detect_leaks=0 "$B/gridwork" demo --db "$B/fuzz-city.db" --tickets 20 >"$B/fuzz-logs/demo.log" 2>&1 ||
    { cat "$B/fuzz-logs/demo.log" >&2; exit 1; }
fi
export GW_FUZZ_CITY="$PWD/$B/fuzz-city.db"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=($(cd fuzz/corpus && ls))
mkdir -p "$B/crash" "$B/fuzz-logs"

run_one() { # target seconds build
  local t=$1 s=$2 b=$3 dict=()
  mkdir -p "$b/corpus/$t"
  case $t in api_*|iot_ingest|mqtt|geojson|query) dict=(-dict=fuzz/json.dict) ;; esac
  local log="$b/fuzz-logs/$t.log" rc=0
  "$b/fuzz_$t" -max_total_time="$s" -print_final_stats=1 -timeout=25 -rss_limit_mb=3072 "${dict[@]}" \
    -artifact_prefix="$b/crash/$t-" "$b/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  local runs; runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  local cov; cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  if [ $rc -eq 0 ]; then printf '%-18s %12s runs %5ss  %-10s ok\n' "$t" "${runs:-?}" "$s" "$cov"
  else printf '%-18s %12s runs %5ss  %-10s FAILED (exit %d): %s\n' "$t" "${runs:-?}" "$s" "$cov" $rc "$log"; return 1; fi
}
export -f run_one
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {} '"$secs"' '"$B"
