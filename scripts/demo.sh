#!/usr/bin/env bash
# The demo: builds supeval, generates a synthetic half-year (suppliers,
# deliveries, complaints, certificates, holds), imports it into the embedded
# SQLite database, evaluates it from there (publishing the result as a run),
# shows the ranking and then explains one supplier's figures.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh

echo "demo: building (release)"
cmake --preset release >/dev/null
cmake --build --preset release --target supeval -j "$(nproc)"
supeval=build/release/programs/supeval/supeval

echo "demo: generating a data set in demo-data/"
"$supeval" generate --out demo-data --force --suppliers 300 --deliveries 200000 --seed 2026

# The embedded database: a fresh SQLite file beside the data for each demo.
db=sqlite:demo-data/supeval.db
rm -f demo-data/supeval.db demo-data/supeval.db-wal demo-data/supeval.db-shm

echo "demo: importing demo-data/ into the embedded database ($db)"
"$supeval" import --db "$db" --data demo-data

echo
echo "demo: evaluating 2026-H1 from the database and publishing the result as run 1"
"$supeval" evaluate --db "$db" --period 2026-H1 --publish --format csv --output demo-data/result-2026-H1.csv
echo "demo: full result written to demo-data/result-2026-H1.csv; run 1 as recorded (top of the ranking):"
"$supeval" runs show 1 --db "$db" | head -n 36

echo
echo "demo: how supplier S00001's figures came about"
"$supeval" explain --db "$db" --period 2026-H1 --supplier S00001
