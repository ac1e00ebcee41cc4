#!/usr/bin/env bash
# The web application in headless Chromium (issue 21, "Performance"): the
# time from navigation to the ranking shown and to a scorecard shown (median
# of 10 cold runs each, logged in) and the first page's JavaScript (gzip), on
# the database of bench/serve_data.sh (10,000 suppliers by default), served
# by a real `supeval serve --web` of a fresh build of web/.
#
#   bench/web_bench.sh [--suppliers N] [--deliveries N] [--supeval PATH]
#                      [--runs N] [--scorecard-ready 'CSS,CSS']
#
# Needs the npm packages of web/ (scripts/web.sh install) and Debian's
# chromium. Prints Markdown with the CPU; nothing is written to
# bench/RESULTS.md (copy the figures there by hand, with the date).
set -euo pipefail
cd "$(dirname "$0")/.."

suppliers=10000
deliveries=500000
supeval=""
runs=10
scorecard_ready=""
while [ $# -gt 0 ]; do
  case "$1" in
    --suppliers) suppliers=$2; shift 2 ;;
    --deliveries) deliveries=$2; shift 2 ;;
    --supeval) supeval=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --scorecard-ready) scorecard_ready=$2; shift 2 ;;
    *) echo "web_bench: unknown option '$1'" >&2; exit 2 ;;
  esac
done

if [ -z "$supeval" ]; then
  echo "web_bench: building the release preset (as the README's first command does)" >&2
  cmake --preset release >/dev/null
  cmake --build --preset release --target supeval -j "$(nproc)" >&2
  supeval=build/release/programs/supeval/supeval
fi
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM:-}" ] || { echo "web_bench: no chromium (apt-get install chromium)" >&2; exit 2; }
scripts/web.sh install >&2

work=${BENCH_DATA:-/tmp/supeval-bench}/serve-$suppliers-$deliveries
mkdir -p "$work"
password="bench passphrase for serve"
port=18091
# shellcheck source=bench/serve_data.sh
source bench/serve_data.sh

dist=$(mktemp -d)
trap 'rm -rf "$dist"' EXIT
scripts/web.sh build "$dist" >&2

prepare "sqlite:$work/supeval.db" "$work/sqlite.done"
"$supeval" serve --db "sqlite:$work/supeval.db" --listen "127.0.0.1:$port" --threads 2 --web "$dist" \
  >/dev/null 2>"$work/serve-web.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$dist"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done

echo
machine_line
echo
echo "**SQLite** ($suppliers suppliers, $deliveries deliveries; \`$supeval\`), headless Chromium, $runs cold runs each:"
echo
args=(--base "http://127.0.0.1:$port" --password "$password" --runs "$runs")
[ -n "$scorecard_ready" ] && args+=(--scorecard-ready "$scorecard_ready")
node bench/web_bench.mjs "${args[@]}"
