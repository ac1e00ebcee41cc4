#!/usr/bin/env bash
# The API under load (issue 20, "Performance"): requests/s and p50/p99 of
# /healthz, the ranking page (50 rows, sorted; and filtered) and a scorecard,
# measured with wrk on loopback against a real `supeval serve`, and the
# server's peak RSS. /healthz is the server's floor, measured in the same run,
# so that the ranking's ratio to it holds whatever else the machine does.
#
#   bench/serve_bench.sh [--suppliers N] [--deliveries N] [--postgres URL]
#                        [--supeval PATH] [--duration S] [--connections C]
#
# Data: bench/serve_data.sh (N suppliers and M deliveries generated,
# imported, 2025-H2 and 2026-H1 published). SQLite always; PostgreSQL too
# with --postgres (a database the script may fill: it makes its own schema
# there). Prints a Markdown table with the CPU; nothing is
# written to bench/RESULTS.md (copy the table there by hand, with the date).
set -euo pipefail
cd "$(dirname "$0")/.."

suppliers=10000
deliveries=500000
postgres=""
supeval=""
duration=10
connections=32
while [ $# -gt 0 ]; do
  case "$1" in
    --suppliers) suppliers=$2; shift 2 ;;
    --deliveries) deliveries=$2; shift 2 ;;
    --postgres) postgres=$2; shift 2 ;;
    --supeval) supeval=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    *) echo "serve_bench: unknown option '$1'" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "serve_bench: installing wrk" >&2; apt-get install -y -qq wrk >/dev/null; }
if [ -z "$supeval" ]; then
  echo "serve_bench: building the release preset (as the README's first command does)" >&2
  cmake --preset release >/dev/null
  cmake --build --preset release --target supeval -j "$(nproc)" >&2
  supeval=build/release/programs/supeval/supeval
fi

work=${BENCH_DATA:-/tmp/supeval-bench}/serve-$suppliers-$deliveries
mkdir -p "$work"
password="bench passphrase for serve"
port=18090
# shellcheck source=bench/serve_data.sh
source bench/serve_data.sh

# One wrk run: prints "| route | req/s | p50 | p99 |".
measure() {
  local label=$1 path=$2 cookie=$3 out
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Cookie: supeval=$cookie" "http://127.0.0.1:$port$path")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  if grep -q "Non-2xx" <<<"$out"; then label="$label (**errors**: $(grep Non-2xx <<<"$out" | tr -s ' '))"; fi
  echo "| $label | $rps | $p50 | $p99 |"
}

# Serves database $1, measures every route, prints the table.
bench_database() {
  local db=$1 name=$2
  "$supeval" serve --db "$db" --listen "127.0.0.1:$port" --threads 2 2>"$work/serve-$name.log" &
  local pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  local cookie
  cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"bench\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/v1/session" |
    sed -n 's/^[Ss]et-[Cc]ookie: supeval=\([^;]*\);.*/\1/p')
  [ -n "$cookie" ] || { echo "serve_bench: could not log in" >&2; exit 1; }
  local ranking="/api/v1/ranking?limit=50&sort=-total"
  local filtered="/api/v1/ranking?limit=50&sort=-change,name&class=A,B&q=S0"
  local scorecard="/api/v1/suppliers/S00001/scorecard"
  for path in "$ranking" "$filtered" "$scorecard"; do  # the first answers fill the caches
    curl -sf -o /dev/null -H "Cookie: supeval=$cookie" "http://127.0.0.1:$port$path"
  done
  echo
  echo "**$name** ($db; $suppliers suppliers, $deliveries deliveries), wrk -t2 -c$connections -d${duration}s:"
  echo
  echo "| route | req/s | p50 | p99 |"
  echo "|---|---|---|---|"
  measure '`/healthz`' /healthz "$cookie"
  measure "\`${ranking#/api/v1}\`" "$ranking" "$cookie"
  measure "\`${filtered#/api/v1}\`" "$filtered" "$cookie"
  measure '`/healthz` (again)' /healthz "$cookie"
  measure "\`${scorecard#/api/v1}\`" "$scorecard" "$cookie"
  echo
  echo "Peak RSS of serve: $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")"
  kill "$pid"
  wait "$pid" || true
  trap - EXIT
}

machine_line
prepare "sqlite:$work/supeval.db" "$work/sqlite.done"
bench_database "sqlite:$work/supeval.db" SQLite
if [ -n "$postgres" ]; then
  prepare "$postgres" "$work/postgres.done"
  bench_database "$postgres" PostgreSQL
fi
