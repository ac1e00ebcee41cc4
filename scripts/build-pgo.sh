#!/usr/bin/env bash
# Builds supeval optimised with a profile of its own work (GCC's profile-guided
# optimisation), the way a packager would build it for production, into
# build/release-pgo/programs/supeval/supeval:
#   1. an instrumented build (preset pgo-train),
#   2. a training run on generated data: generate, evaluate from the CSV files
#      (all threads and one), every output format, explain, import into SQLite
#      and evaluate from there,
#   3. the optimised build (preset release-pgo), from scratch, with that profile,
#   4. a check that the optimised binary gives byte for byte what the plain
#      code gave in the training run.
# The plain release build (scripts/demo.sh) is the same code without step 2's
# knowledge; bench/RESULTS.md measures both.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh

log() { echo "build-pgo: $*"; }
profile=build/pgo-profile

log "building the instrumented binary (preset pgo-train)"
cmake --preset pgo-train >/dev/null
cmake --build --preset pgo-train --target supeval -j "$(nproc)" >/dev/null
trainer=build/pgo-train/programs/supeval/supeval

work="$(mktemp -d "${TMPDIR:-/tmp}/supeval-pgo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
rm -rf "$profile"

log "training run in $work"
train() { "$trainer" "$@" >/dev/null; }
train generate --out "$work/data" --suppliers 2000 --deliveries 300000 --seed 11
train evaluate --data "$work/data" --period 2026-H1 --format csv --output "$work/expected.csv"
train evaluate --data "$work/data" --period 2026-H1 --format csv --output "$work/one-thread.csv" --threads 1
train evaluate --data "$work/data" --period 2026-Q2 --format json --output "$work/expected.json"
train evaluate --data "$work/data" --period 2026-H1 --format table --output "$work/expected.txt"
train explain --data "$work/data" --period 2026-H1 --supplier S00001 --format json
train import --db "sqlite:$work/train.db" --data "$work/data"
train evaluate --db "sqlite:$work/train.db" --period 2026-H1 --format csv --output "$work/from-db.csv"

log "building the optimised binary (preset release-pgo, from scratch: the profile is new)"
cmake --preset release-pgo >/dev/null
cmake --build --preset release-pgo --target supeval --clean-first -j "$(nproc)" >/dev/null
optimised=build/release-pgo/programs/supeval/supeval

log "checking that the optimised binary gives the same results"
"$optimised" evaluate --data "$work/data" --period 2026-H1 --format csv --output "$work/optimised.csv" >/dev/null
"$optimised" evaluate --data "$work/data" --period 2026-Q2 --format json --output "$work/optimised.json" >/dev/null
cmp "$work/expected.csv" "$work/optimised.csv"
cmp "$work/expected.json" "$work/optimised.json"
log "done: $optimised"
