#!/usr/bin/env bash
# Builds supeval and runs every test: unit tests of each component, the golden
# data sets and the whole-program CLI tests — once in a debug build and once
# under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh

jobs=$(nproc)
for preset in dev asan-ubsan; do
  echo "test: configuring and building the '$preset' preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  echo "test: running the tests of the '$preset' preset"
  ctest --preset "$preset" -j "$jobs"
done
echo "test: all tests passed (debug and asan-ubsan)"
