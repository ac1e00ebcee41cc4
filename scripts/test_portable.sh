#!/usr/bin/env bash
# Runs the processor-specific code's tests as if on other processors, so that
# the tests pass on any x86-64 whatever this machine has (the machines change
# between sessions: one has AVX-512, the next only AVX2):
#   1. the dev build's tests again with SUPEVAL_SIMD=baseline, which keeps
#      every kernel on its portable path (libs/io/src/cpu_features.hpp);
#   2. the io tests (the component with processor-specific kernels) on an
#      emulated AMD EPYC without AVX-512 (qemu-x86_64 -cpu EPYC-Rome), where
#      an AVX-512 instruction run without asking is an illegal instruction;
#   3. supeval itself on that emulated processor, on a generated data set,
#      giving byte for byte the result of this machine's run.
# Expects the dev build (scripts/test.sh makes it) and qemu-user (setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

build=build/dev
models=(EPYC-Rome)
log() { echo "test-portable: $*"; }
# qemu warns of CPUID bits its emulator leaves out; they do not matter here.
emulate() {
  local model=$1
  shift
  qemu-x86_64 -cpu "$model" "$@" 2> >(grep -v "^qemu-x86_64: warning: TCG doesn't support" >&2)
}

log "the dev tests with SUPEVAL_SIMD=baseline (portable kernels only)"
# The web front end's tests (web_*) use no processor-specific kernel in the
# browser; test.sh has just run them with this build.
SUPEVAL_SIMD=baseline ctest --preset dev -j "$(nproc)" -E '^web_'

work="$(mktemp -d "${TMPDIR:-/tmp}/supeval-portable.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$build/programs/supeval/supeval" generate --out "$work/data" --suppliers 200 --deliveries 30000 --seed 19 >/dev/null
"$build/programs/supeval/supeval" evaluate --data "$work/data" --period 2026-H1 --format csv --output "$work/native.csv"

for model in "${models[@]}"; do
  log "the io tests on an emulated $model (no AVX-512)"
  # Emulation is slow: the tests in one shard per core.
  shards=$(nproc)
  pids=()
  for ((shard = 0; shard < shards; shard++)); do
    GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$shard \
      emulate "$model" "$build/libs/io/supeval_io_test" --gtest_brief=1 >"$work/io-$shard.log" 2>&1 &
    pids+=($!)
  done
  failed=0
  for ((shard = 0; shard < shards; shard++)); do
    if ! wait "${pids[$shard]}"; then
      cat "$work/io-$shard.log" >&2
      failed=1
    fi
  done
  [ "$failed" -eq 0 ] || { log "the io tests failed on $model"; exit 1; }
  grep -h -E "^\[  (PASSED|SKIPPED) +\] [0-9]+ tests?\.$" "$work"/io-*.log | sed "s/^/test-portable: $model: /"
  log "supeval evaluate on an emulated $model, compared with this machine's result"
  emulate "$model" "$build/programs/supeval/supeval" evaluate --data "$work/data" --period 2026-H1 --format csv \
    --output "$work/$model.csv"
  cmp "$work/native.csv" "$work/$model.csv"
done
log "passed"
