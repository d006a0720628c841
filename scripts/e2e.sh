#!/usr/bin/env bash
# The end-to-end suite on both backends at once: SQLite, and a throwaway PostgreSQL cluster started
# here (with the statement-cache unit test that needs a server). The two runs share nothing but the
# machine, so they run side by side; each one's output goes to a log that is printed when it ends.
#
#   scripts/e2e.sh BINARY [module ...]     (no modules: all of them)
set -uo pipefail
bin=${1:?usage: scripts/e2e.sh BINARY [module ...]}
shift
dir=$(dirname "$bin")
tmp=$(mktemp -d /tmp/gw-e2e-both-XXXXXX)
pg=$(mktemp -d /tmp/gw-pg-XXXXXX) # its own: the cluster's owner must be able to reach it
trap 'scripts/pg.sh stop "$pg" >/dev/null 2>&1; rm -rf "$tmp" "$pg"' EXIT

GW_BIN=$bin /usr/bin/python3 tests/e2e/run.py "$@" >"$tmp/sqlite.log" 2>&1 &
lite=$!

pg_rc=0
if scripts/pg.sh start "$pg" >/dev/null 2>"$tmp/pgstart.log"; then
    GW_TEST_PG_URL=$(scripts/pg.sh url "$pg") "$dir/test_db_stmt_cache" >"$tmp/postgres.log" 2>&1 || pg_rc=1
    GW_PG_DIR=$pg GW_BIN=$bin /usr/bin/python3 tests/e2e/run.py "$@" >>"$tmp/postgres.log" 2>&1 || pg_rc=1
else
    cat "$tmp/pgstart.log" >"$tmp/postgres.log"; pg_rc=1
fi
wait "$lite"; lite_rc=$?

for b in sqlite postgres; do
    rc=$lite_rc; [ $b = postgres ] && rc=$pg_rc
    if [ "$rc" -ne 0 ]; then echo "==== e2e $b: FAILED, full log:"; cat "$tmp/$b.log"
    else echo "==== e2e $b: passed"; grep -E '^[a-z_0-9]+ +[0-9]+ checks|^e2e-' "$tmp/$b.log"; fi
done
[ $lite_rc -eq 0 ] && [ $pg_rc -eq 0 ]
