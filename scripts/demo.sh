#!/usr/bin/env bash
# The demo: builds supeval, generates a synthetic half-year (suppliers,
# deliveries, complaints, certificates, holds), evaluates it, shows the
# ranking and then explains one supplier's figures.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh

echo "demo: building (release)"
cmake --preset release >/dev/null
cmake --build --preset release -j "$(nproc)"
supeval=build/release/programs/supeval/supeval

echo "demo: generating a data set in demo-data/"
"$supeval" generate --out demo-data --suppliers 300 --deliveries 200000 --seed 2026

echo "demo: evaluating 2026-H1 (top of the ranking)"
"$supeval" evaluate --data demo-data --period 2026-H1 | head -n 30
"$supeval" evaluate --data demo-data --period 2026-H1 --format csv --output demo-data/result-2026-H1.csv
echo "demo: full result written to demo-data/result-2026-H1.csv"

echo
echo "demo: how supplier S00001's figures came about"
"$supeval" explain --data demo-data --period 2026-H1 --supplier S00001
