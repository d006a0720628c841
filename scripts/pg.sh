#!/usr/bin/env bash
# Throwaway PostgreSQL 15 clusters for tests and benchmarks.
#
#   scripts/pg.sh start DIR          create (or restart) a cluster in DIR on a free 127.0.0.1 port,
#                                    wait until it accepts connections, create database gridwork
#                                    and print its URL: postgres://gridwork@127.0.0.1:PORT/gridwork
#   scripts/pg.sh createdb DIR NAME  create database NAME on that cluster and print its URL
#   scripts/pg.sh url DIR [NAME]     print the URL of database NAME (default gridwork)
#   scripts/pg.sh stop DIR           stop the cluster (fast shutdown); nothing to do is not an error
#
# Only URLs go to stdout; everything else goes to stderr or DIR/postgres.log. Trust authentication
# on 127.0.0.1 (and the Unix socket in DIR) only: never point this at a shared machine's network.
# fsync stays on. Uses Debian's binaries (package postgresql-15, override with PGBIN). As root the
# server runs as the `postgres` system user (initdb and postgres refuse root), so DIR is chowned to it.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SUPERUSER=gridwork

die() { echo "pg.sh: $*" >&2; exit 1; }
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[ $# -ge 2 ] || usage
cmd=$1
DIR=$2
case "$DIR" in /*) ;; *) DIR="$PWD/$DIR" ;; esac
DATA="$DIR/data"
LOG="$DIR/postgres.log"

# Run a PostgreSQL program as the cluster's owner.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_of() { [ -f "$DIR/port" ] || die "no cluster in $DIR (run: scripts/pg.sh start $DIR)"; cat "$DIR/port"; }
url_of() { echo "postgres://$SUPERUSER@127.0.0.1:$(port_of)/$1"; }
running() { [ -f "$DATA/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

valid_name() { [[ "$1" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "bad database name '$1' (use [a-z0-9_], starting with a letter or _)"; }

wait_ready() {
    local port=$1
    for _ in $(seq 1 300); do
        as_pg "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$SUPERUSER" -d postgres && return 0
        sleep 0.1
    done
    return 1
}

create_db() { # NAME
    local port
    port=$(port_of)
    if as_pg "$PGBIN/psql" -X -q -A -t -h 127.0.0.1 -p "$port" -U "$SUPERUSER" -d postgres \
            -c "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; then
        die "database $1 already exists"
    fi
    as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U "$SUPERUSER" "$1" >&2
}

start() {
    [ -x "$PGBIN/initdb" ] || die "$PGBIN/initdb not found: apt-get install postgresql-15"
    mkdir -p "$DIR"
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' user (it comes with the postgresql-15 package)"
        chown postgres: "$DIR"
        chmod 700 "$DIR"
        runuser -u postgres -- test -w "$DIR" || die "user postgres cannot write $DIR (a parent directory is not searchable)"
    fi
    if running; then
        url_of gridwork
        return 0
    fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
        rm -rf "$DATA"
        # UTF-8 with byte-order (C) collation like SQLite's BINARY, and a UTF-8 ctype so pg_trgm
        # sees CJK characters as word characters (with ctype C they yield no trigrams).
        local ctype=C.UTF-8
        locale -a 2>/dev/null | grep -qix 'c\.utf-\{0,1\}8' || ctype=C
        as_pg "$PGBIN/initdb" -D "$DATA" -U "$SUPERUSER" --auth=trust --encoding=UTF8 \
            --lc-collate=C --lc-ctype="$ctype" --lc-messages=C --lc-monetary=C --lc-numeric=C --lc-time=C \
            >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
        # Trust on the loopback address and the private socket only; nothing else may connect.
        cat >"$DATA/pg_hba.conf" <<EOF
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF
        echo "include_if_exists = 'gridwork.conf'" >>"$DATA/postgresql.conf"
    fi
    local port="" attempt
    for attempt in 1 2 3 4 5; do
        # Restarting keeps the previous port when it is still free, so earlier URLs stay valid.
        if [ "$attempt" -eq 1 ] && [ -f "$DIR/port" ] && python3 -c 'import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1])))' "$(cat "$DIR/port")" 2>/dev/null; then
            port=$(cat "$DIR/port")
        else
            port=$(free_port)
        fi
        cat >"$DATA/gridwork.conf" <<EOF
# written by scripts/pg.sh start
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$DIR'
max_connections = 200
shared_buffers = 32MB
fsync = on
synchronous_commit = on
full_page_writes = on
dynamic_shared_memory_type = posix
jit = off
log_min_messages = warning
log_line_prefix = '%m [%p] %d '
EOF
        [ "$(id -u)" -eq 0 ] && chown postgres: "$DATA/gridwork.conf"
        echo "$port" >"$DIR/port"
        if as_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >&2; then
            break
        fi
        port=""
        grep -q "could not bind\|Address already in use" "$LOG" || { tail -20 "$LOG" >&2; die "postgres did not start"; }
        echo "pg.sh: port taken, retrying" >&2
    done
    [ -n "$port" ] || { tail -20 "$LOG" >&2; die "postgres did not start (no free port)"; }
    wait_ready "$port" || { tail -20 "$LOG" >&2; die "postgres not accepting connections on $port"; }
    if ! as_pg "$PGBIN/psql" -X -q -A -t -h 127.0.0.1 -p "$port" -U "$SUPERUSER" -d postgres \
            -c "SELECT 1 FROM pg_database WHERE datname = 'gridwork'" | grep -q 1; then
        create_db gridwork
    fi
    url_of gridwork
}

stop() {
    if [ -f "$DATA/postmaster.pid" ]; then
        if ! as_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >&2; then
            running && die "could not stop the cluster in $DIR"
        fi
    fi
    return 0
}

case "$cmd" in
    start) [ $# -eq 2 ] || usage; start ;;
    stop) [ $# -eq 2 ] || usage; stop ;;
    createdb) [ $# -eq 3 ] || usage; valid_name "$3"; create_db "$3"; url_of "$3" ;;
    url) [ $# -le 3 ] || usage; name=${3:-gridwork}; valid_name "$name"; url_of "$name" ;;
    *) usage ;;
esac
