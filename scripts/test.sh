#!/usr/bin/env bash
# Checks the house style (scripts/lint.sh), builds supeval and runs every
# test: unit tests of each component, the golden data sets and the
# whole-program CLI tests — once in a debug build and once under
# AddressSanitizer + UndefinedBehaviorSanitizer — with a throw-away
# PostgreSQL server for the store tests; the processor-specific code's
# portable paths, also on an emulated processor without AVX-512
# (scripts/test_portable.sh); then each fuzz target for a short while
# (scripts/fuzz.sh, docs/fuzzing.md). The web front end's build, unit tests
# and browser tests (web/) are ctest tests of each preset, required here.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh

# The house style first: it takes seconds and names every file it rejects.
./scripts/lint.sh

# Every store test runs against SQLite and against a real PostgreSQL: a
# throw-away cluster on a free loopback port, stopped again however we exit.
# SUPEVAL_REQUIRE_POSTGRES makes a PostgreSQL test fail (not skip) if the
# server is somehow missing.
echo "test: starting a throw-away PostgreSQL cluster"
cluster_env=$(./scripts/pg_cluster.sh start)
eval "$cluster_env"
trap './scripts/pg_cluster.sh stop "$SUPEVAL_PG_CLUSTER_DIR"' EXIT
export SUPEVAL_TEST_POSTGRES_URL SUPEVAL_REQUIRE_POSTGRES=1
echo "test: PostgreSQL listening at ${SUPEVAL_TEST_POSTGRES_URL%%\?*}"

jobs=$(nproc)
export SUPEVAL_REQUIRE_WEB_TESTS=1
for preset in dev asan-ubsan; do
  echo "test: configuring and building the '$preset' preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "test: running the tests of the '$preset' preset"
  ctest --preset "$preset" -j "$jobs"
  if [ "$preset" = dev ]; then ./scripts/test_portable.sh; fi
done
# 30 s per target, two at a time: short enough for every CI run, long enough
# to catch what a change broke in the readers. Failures are findings, never
# chance: no input may take long (the timeout is minutes) or much memory.
fuzz_seconds=${SUPEVAL_FUZZ_SECONDS:-30}
echo "test: fuzzing each target for ${fuzz_seconds}s"
./scripts/fuzz.sh "$fuzz_seconds"
echo "test: all tests passed (debug and asan-ubsan) and the fuzz targets ran clean"
