#!/usr/bin/env bash
# Settling contracts against evaluating (issue 22, "Performance"): `supeval
# contracts settle` of 1,000 contracts over the 10M-delivery set must take at
# most 1.5× the time of `supeval evaluate` on the same folder (it evaluates
# every contract's slice and settles in the same pass over the deliveries).
# Median wall time of N interleaved runs each, files put into one state of
# the page cache before every run (bench/page_cache.sh).
#
#   bench/contracts_bench.sh [--deliveries N] [--contracts N] [--runs N] [--supeval PATH]
#
# Prints Markdown with the CPU; nothing is written to bench/RESULTS.md
# (copy the figures there by hand, with the date).
set -euo pipefail
cd "$(dirname "$0")/.."

deliveries=10000000
contracts=1000
runs=5
supeval=""
while [ $# -gt 0 ]; do
  case "$1" in
    --deliveries) deliveries=$2; shift 2 ;;
    --contracts) contracts=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --supeval) supeval=$2; shift 2 ;;
    *) echo "contracts_bench: unknown option '$1'" >&2; exit 2 ;;
  esac
done

if [ -z "$supeval" ]; then
  echo "contracts_bench: building the release preset (as the README's first command does)" >&2
  cmake --preset release >/dev/null
  cmake --build --preset release --target supeval -j "$(nproc)" >&2
  supeval=build/release/programs/supeval/supeval
fi
# shellcheck source=bench/page_cache.sh
source bench/page_cache.sh

data=${BENCH_DATA:-/tmp/supeval-bench}/contracts-$deliveries-$contracts
if [ ! -f "$data/contracts.csv" ]; then
  echo "contracts_bench: generating $deliveries deliveries, $contracts contracts in $data" >&2
  "$supeval" generate --out "$data" --force --suppliers 20000 --deliveries "$deliveries" --seed 1 \
    --contracts "$contracts" >&2
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Wall seconds of one run of "$@" (its output to a file), the files reloaded first.
timed() {
  reload_page_cache "$data"/*.csv
  local start end
  start=$EPOCHREALTIME
  "$@" >/dev/null
  end=$EPOCHREALTIME
  awk -v end="$end" -v start="$start" 'BEGIN { printf "%.3f\n", end - start }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

evaluate_times=()
settle_times=()
for _ in $(seq "$runs"); do
  evaluate_times+=("$(timed "$supeval" evaluate --data "$data" --period 2026-H1 --format csv --output "$out/e.csv")")
  settle_times+=("$(timed "$supeval" contracts settle --data "$data" --period 2026-H1 --format csv \
    --output "$out/s.csv")")
done
evaluate=$(printf '%s\n' "${evaluate_times[@]}" | median)
settle=$(printf '%s\n' "${settle_times[@]}" | median)
lines=$(($(wc -l <"$out/s.csv") - 1))

echo "### Contracts: settle against evaluate"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores; $(grep -o -m1 -w avx512f /proc/cpuinfo || echo 'no AVX-512')"
echo "- Data: $deliveries deliveries, 20,000 suppliers, $contracts contracts (\`supeval generate --seed 1 --contracts $contracts\`), period 2026-H1; $lines settlement lines"
echo "- Median of $runs interleaved runs, files reloaded into the page cache before each"
echo
echo "| step | wall (median) | runs |"
echo "|---|---|---|"
echo "| \`supeval evaluate --format csv --output\` | ${evaluate} s | ${evaluate_times[*]} |"
echo "| \`supeval contracts settle --format csv --output\` | ${settle} s | ${settle_times[*]} |"
echo
echo "settle / evaluate: $(awk -v s="$settle" -v e="$evaluate" 'BEGIN { printf "%.2f", s / e }')× (target ≤ 1.5×)"
