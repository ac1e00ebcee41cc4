#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the store tests: `start` creates one in a
# fresh temporary directory, listening only on 127.0.0.1 at a free port, and
# prints shell assignments to eval:
#
#   eval "$(./scripts/pg_cluster.sh start)"   # sets SUPEVAL_TEST_POSTGRES_URL, SUPEVAL_PG_CLUSTER_DIR
#   ./scripts/pg_cluster.sh stop "$SUPEVAL_PG_CLUSTER_DIR"
#
# PostgreSQL refuses to run as root, so as root the server runs as the
# `postgres` system user that Debian's package creates. The cluster trusts
# local connections (it is reachable from this machine only and lives only as
# long as the test run) and trades durability for speed (fsync off): the tests
# kill clients, never the server. PG_CLUSTER_DURABLE=1 keeps PostgreSQL's
# durable defaults instead (for benchmarks).
set -euo pipefail

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] || [ ! -x "$dir/pg_ctl" ]; then
    echo "pg_cluster: PostgreSQL server binaries not found (install the 'postgresql' package)" >&2
    exit 1
  fi
  echo "$dir"
}

# Runs a command as the cluster's owner: `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_is_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bin dir port attempt speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [ "${PG_CLUSTER_DURABLE:-0}" = 1 ]; then speed=""; fi
  bin=$(pg_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/supeval-pg.XXXXXX")
  chmod 700 "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  as_owner "$bin/initdb" -D "$dir/data" -U supeval -A trust -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    exit 1
  }
  for attempt in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    port_is_free "$port" || continue
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 $speed" \
      >/dev/null 2>&1; then
      break
    fi
    if [ "$attempt" -eq 50 ]; then
      cat "$dir/server.log" >&2
      rm -rf "$dir"
      exit 1
    fi
  done
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U supeval supeval_test
  echo "export SUPEVAL_TEST_POSTGRES_URL='postgresql://supeval@127.0.0.1:$port/supeval_test?sslmode=disable&gssencmode=disable'"
  echo "export SUPEVAL_PG_CLUSTER_DIR='$dir'"
}

stop() {
  local bin dir=$1
  bin=$(pg_bin)
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
    echo "pg_cluster: no cluster at '$dir'" >&2
    exit 1
  fi
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
