#!/usr/bin/env bash
# Proves the DuckDB script is a fair comparison: it must compute what supeval
# computes. Runs evaluate.mjs and `supeval evaluate --format csv` on every valid
# golden data set (tests/data/*/expected.csv, period from the `period` file) and
# on generated sets, and compares the results with compare.mjs (status and
# class equal, every numeric column within 0.05). The golden sets are also
# compared with their expected.csv.
#
#   bench/duckdb/check.sh            # exit 0 when every comparison agrees
#
# SUPEVAL=path/to/supeval uses another binary (default: the release build,
# built when missing).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
supeval="${SUPEVAL:-$root/build/release/programs/supeval/supeval}"

if [ ! -x "$supeval" ]; then
  echo "check: building the release preset"
  (cd "$root" && cmake --preset release >/dev/null && cmake --build --preset release -j2 >/dev/null)
fi
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
  echo "check: installing @duckdb/node-api (npm ci)"
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

# compare NAME EXPECTED ACTUAL
compare() {
  if node "$here/compare.mjs" "$2" "$3" >/dev/null 2>"$work/compare.err"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $1"
    sed 's/^/  /' "$work/compare.err"
  fi
}

# check NAME DATA_DIR PERIOD [EXPECTED]
check() {
  local name="$1" data="$2" period="$3" expected="${4:-}" failed_before="$failed"
  "$supeval" evaluate --data "$data" --period "$period" --format csv --output "$work/$name.supeval.csv"
  node "$here/evaluate.mjs" --data "$data" --period "$period" --output "$work/$name.duckdb.csv"
  compare "$name: duckdb vs supeval" "$work/$name.supeval.csv" "$work/$name.duckdb.csv"
  if [ -n "$expected" ]; then compare "$name: duckdb vs expected.csv" "$expected" "$work/$name.duckdb.csv"; fi
  if [ "$failed" -eq "$failed_before" ]; then
    echo "ok   $name ($period, $(($(wc -l <"$work/$name.supeval.csv") - 1)) suppliers)"
  fi
}

for dir in "$root"/tests/data/*/; do
  [ -f "$dir/expected.csv" ] || continue
  name="$(basename "$dir")"
  check "$name" "$dir" "$(tr -d '[:space:]' <"$dir/period")" "$dir/expected.csv"
done

# Generated sets: every defect code, calendars, holds, exemptions at volume;
# a half-year, a quarter, a month and a year (deliveries outside the period,
# complaints naming deliveries of other periods).
"$supeval" generate --out "$work/gen-small" --suppliers 300 --deliveries 60000 --seed 7 >/dev/null
"$supeval" generate --out "$work/gen-large" --suppliers 20000 --deliveries 400000 --seed 11 \
  --from 2025-10-01 --to 2026-09-30 >/dev/null
check gen-small "$work/gen-small" 2026-H1
check gen-small-month "$work/gen-small" 2026-03
check gen-large-h1 "$work/gen-large" 2026-H1
check gen-large-q4 "$work/gen-large" 2025-Q4
check gen-large-year "$work/gen-large" 2026

echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
