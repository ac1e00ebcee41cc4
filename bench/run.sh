#!/usr/bin/env bash
# The end-to-end benchmark of issue 3 ("Performance"). See bench/README.md.
#
#   bench/run.sh                              # 1M, 3M, 10M, 30M; 3 runs each; micro-benchmarks
#   bench/run.sh --sizes 1M,3M --runs 3       # a quick look
#   bench/run.sh --at-commit                  # measure HEAD exactly, whatever the work tree holds
#   bench/run.sh --no-pgo                     # only the plain release build
#
# It installs what it lacks (build packages, libbenchmark-dev, nodejs/npm, time,
# @duckdb/node-api), builds the release and bench presets and the release
# optimised with a training run's profile (scripts/build-pgo.sh), generates the data
# sets (20 000 suppliers, half a year of due dates) into $BENCH_DATA (default
# /tmp/supeval-bench; reused when present with the same parameters), drops each
# set from the page cache and reads it back before each run, times `wc -l`,
# `supeval evaluate --format csv --output` (the PGO build, and the plain release
# build beside it) and the DuckDB script over
# several runs with /usr/bin/time -v (interleaved across steps and sizes), times
# `supeval generate` of 10M deliveries, runs the micro-benchmarks and writes the
# medians and ratios into bench/RESULTS.md (between its run.sh markers only).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
. "$here/page_cache.sh"

sizes="1M,3M,10M,30M"
runs=3
data_dir="${BENCH_DATA:-/tmp/supeval-bench}"
suppliers=20000
seed=1
from=2026-01-01
to=2026-06-30
period=2026-H1
generate_deliveries=10000000
micro_repetitions=3
quiet_wait=120
with_duckdb=1
with_micro=1
with_generate=1
with_pgo=1
at_commit=""
supeval_override="${SUPEVAL:-}"
results="$here/RESULTS.md"

usage() {
  cat <<EOF
usage: bench/run.sh [options]
  --sizes LIST       data-set sizes, deliveries with suffix k/M (default $sizes)
  --runs N           timed runs per step, median reported (default $runs)
  --data DIR         where data sets live (default \$BENCH_DATA or /tmp/supeval-bench)
  --at-commit [REV]  build REV (default HEAD) from a clean export under DIR instead of
                     the work tree, so uncommitted edits of others do not count
  --supeval PATH     time this binary instead of building one (also \$SUPEVAL)
  --no-pgo           time only the plain release build, not the one optimised
                     with a training run's profile (scripts/build-pgo.sh)
  --no-duckdb        skip the DuckDB comparison
  --no-micro         skip the Google Benchmark micro-benchmarks
  --no-generate      skip timing \`supeval generate\` of 10M deliveries
  --quiet-wait S     before each run, wait up to S seconds for other work to leave
                     the cores idle (default $quiet_wait; 0: do not wait)
  --results FILE     where to write (default bench/RESULTS.md)
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --data) data_dir="$2"; shift 2 ;;
    --at-commit)
      if [ $# -gt 1 ] && [ "${2#--}" = "$2" ]; then at_commit="$2"; shift 2; else at_commit=HEAD; shift; fi ;;
    --supeval) supeval_override="$2"; shift 2 ;;
    --no-duckdb) with_duckdb=0; shift ;;
    --no-micro) with_micro=0; shift ;;
    --no-generate) with_generate=0; shift ;;
    --no-pgo) with_pgo=0; shift ;;
    --quiet-wait) quiet_wait="$2"; shift 2 ;;
    --results) results="$(realpath -m "$2")"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "run: --runs needs a positive number" >&2; exit 2; }

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# deliveries_of 3M → 3000000, 500k → 500000
deliveries_of() {
  case "$1" in
    *[mM]) echo $(( ${1%[mM]} * 1000000 )) ;;
    *[kK]) echo $(( ${1%[kK]} * 1000 )) ;;
    *[0-9]) echo "$1" ;;
    *) echo "run: bad size '$1' (expected e.g. 1M, 500k)" >&2; exit 2 ;;
  esac
}

# ---------------------------------------------------------------------------
# What the run needs, installed only when missing (Debian 12, root or sudo).

install_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "run: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  log "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

"$root/scripts/setup.sh"
extra=(time)
[ "$with_micro" = 1 ] && extra+=(libbenchmark-dev)
command -v node >/dev/null 2>&1 || extra+=(nodejs)
if [ "$with_duckdb" = 1 ] && ! command -v npm >/dev/null 2>&1; then extra+=(npm); fi
install_packages "${extra[@]}"

if [ "$with_duckdb" = 1 ] && [ ! -d "$here/duckdb/node_modules/@duckdb/node-api" ]; then
  log "installing @duckdb/node-api (npm ci in bench/duckdb)"
  (cd "$here/duckdb" && npm ci --no-audit --no-fund --silent)
fi

# ---------------------------------------------------------------------------
# Build: the work tree's presets, or a clean export of a commit.

mkdir -p "$data_dir"
data_dir="$(cd "$data_dir" && pwd)"
source_dir="$root"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
code_paths=(libs programs CMakeLists.txt CMakePresets.json cmake)
dirty=false
source_note="built from the work tree ($root)"
if [ -n "$at_commit" ]; then
  commit="$(git -C "$root" rev-parse --short "$at_commit")"
  source_dir="$data_dir/src-$commit"
  if [ ! -f "$source_dir/CMakeLists.txt" ]; then
    log "exporting $commit to $source_dir"
    mkdir -p "$source_dir"
    git -C "$root" archive "$commit" | tar -x -C "$source_dir"
  fi
  source_note="built from a clean export of commit $commit ($source_dir)"
elif [ -n "$(git -C "$root" status --porcelain -- "${code_paths[@]}" 2>/dev/null)" ]; then
  dirty=true
fi

code_commit="$(git -C "$root" log -1 --format='%h %s' "$commit" -- "${code_paths[@]}" 2>/dev/null | cut -c1-100)"

# `supeval` is the binary the targets are judged on; `plain` (when set) the
# release build without profile-guided optimisation, timed beside it.
plain=""
build_note="release preset (-O2)"
if [ -n "$supeval_override" ]; then
  supeval="$(realpath "$supeval_override")"
  source_note="binary given: $supeval"
  build_note="given"
else
  log "building the release preset ($source_dir)"
  (cd "$source_dir" && cmake --preset release >/dev/null && cmake --build --preset release -j2 >/dev/null)
  supeval="$source_dir/build/release/programs/supeval/supeval"
  if [ "$with_pgo" = 1 ]; then
    log "building the release optimised with a training run's profile (scripts/build-pgo.sh)"
    (cd "$source_dir" && ./scripts/build-pgo.sh >/dev/null)
    plain="$supeval"
    supeval="$source_dir/build/release-pgo/programs/supeval/supeval"
    build_note="release-pgo preset (-O2 and GCC profile-guided optimisation, scripts/build-pgo.sh); the plain release preset timed beside it"
  fi
fi
micro_bin="$source_dir/build/bench/bench/supeval_micro_bench"
if [ "$with_micro" = 1 ]; then
  log "building the bench preset (micro-benchmarks)"
  (cd "$source_dir" && cmake --preset bench >/dev/null && cmake --build --preset bench -j2 >/dev/null)
fi

# ---------------------------------------------------------------------------
# Measurements

work="$(mktemp -d "${TMPDIR:-/tmp}/supeval-run.XXXXXX")"
trap 'rm -rf "$work"' EXIT
: >"$work/timings.tsv"
: >"$work/agree.tsv"
: >"$work/data.tsv"
# Cores kept busy by other work during a 3-second look (from /proc/stat).
busy_cores() {
  local a b
  a=($(head -1 /proc/stat))
  sleep 3
  b=($(head -1 /proc/stat))
  awk -v n="$(nproc)" -v u="$(( (b[1] + b[2] + b[3] + b[6] + b[7] + b[8]) - (a[1] + a[2] + a[3] + a[6] + a[7] + a[8]) ))" \
      -v i="$(( (b[4] + b[5]) - (a[4] + a[5]) ))" 'BEGIN { printf "%.2f", (u + i > 0 ? n * u / (u + i) : 0) }'
}
# Waits (up to --quiet-wait seconds) until other work leaves the cores idle,
# so that shared machines give comparable figures.
wait_for_quiet() {
  local waited=0 busy
  while :; do
    busy="$(busy_cores)"
    awk -v b="$busy" 'BEGIN { exit !(b <= 0.3) }' && return 0
    if [ "$waited" -ge "$quiet_wait" ]; then
      log "other work still keeps $busy cores busy after ${waited} s: measuring anyway"
      return 0
    fi
    log "other work keeps $busy cores busy: waiting"
    waited=$((waited + 3))
  done
}
wait_for_quiet
busy_before="$(busy_cores)"
log "other work keeps $busy_before of $(nproc) cores busy"

# CPU time (seconds) the whole machine has spent busy so far, from /proc/stat.
machine_busy() {
  local cpu user nice system idle iowait irq softirq steal rest
  read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
  awk -v j="$((user + nice + system + irq + softirq + steal))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", j / hz }'
}

# timed SIZE DELIVERIES STEP RUN COMMAND... — one run under /usr/bin/time -v,
# its wall clock, peak RSS and CPU time appended to timings.tsv. A run of more
# than 0.05 s during which other work kept more than half a core busy
# (the machine's busy time less our own CPU time) is done again, up to twice;
# the cores of other work are recorded with the run.
timed() {
  local size="$1" deliveries="$2" step="$3" run="$4"
  shift 4
  local attempt wall rss cpu other
  for attempt in 1 2 3; do
    # Wall clock from bash's microsecond clock: /usr/bin/time prints it to 10 ms
    # only, too coarse for `wc -l`. Peak RSS and CPU time from /usr/bin/time -v.
    local busy_start start end busy_end
    busy_start="$(machine_busy)"
    start="$EPOCHREALTIME"
    if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/stdout.txt" 2>"$work/stderr.txt"; then
      echo "run: $step failed ($*):" >&2
      tail -20 "$work/stderr.txt" >&2
      exit 1
    fi
    end="$EPOCHREALTIME"
    busy_end="$(machine_busy)"
    wall="$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')"
    rss="$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")"
    cpu="$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$work/time.txt")"
    other="$(awk -v a="$busy_start" -v b="$busy_end" -v c="$cpu" -v w="$wall" \
               'BEGIN { o = (b - a - c) / w; printf "%.2f", (o < 0 ? 0 : o) }')"
    if awk -v w="$wall" -v o="$other" 'BEGIN { exit !(w > 0.05 && o > 0.5) }' && [ "$attempt" -lt 3 ]; then
      log "  $size $step run $run: ${wall} s wall while other work kept $other cores busy: again"
      wait_for_quiet
      continue
    fi
    break
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$size" "$deliveries" "$step" "$run" "$wall" "$rss" "$cpu" "$other" \
    >>"$work/timings.tsv"
  log "  $size $step run $run: ${wall} s wall, ${cpu} s CPU, $((rss / 1024)) MB (other work: $other cores)"
}

# A data set of SIZE, generated unless present with the same parameters.
prepare() {
  local size="$1" deliveries dir params
  deliveries="$(deliveries_of "$size")"
  dir="$data_dir/$size"
  params="suppliers=$suppliers deliveries=$deliveries seed=$seed from=$from to=$to"
  if [ -f "$dir/.params" ] && [ "$(cat "$dir/.params")" = "$params" ]; then
    log "$size: reusing $dir"
    return 0
  fi
  # About 70 bytes a delivery; keep 1 GiB spare.
  local need_kb=$(( deliveries * 70 / 1024 + 1048576 )) free_kb
  free_kb="$(df -Pk "$data_dir" | awk 'NR == 2 { print $4 }')"
  if [ "$free_kb" -lt "$need_kb" ]; then
    echo "run: $size needs about $((need_kb / 1024)) MB in $data_dir, $((free_kb / 1024)) MB free: skipped" >&2
    return 1
  fi
  log "$size: generating $deliveries deliveries into $dir"
  rm -rf "$dir"
  "$supeval" generate --out "$dir" --suppliers "$suppliers" --deliveries "$deliveries" --seed "$seed" \
    --from "$from" --to "$to" >/dev/null
  echo "$params" >"$dir/.params"
}

IFS=',' read -r -a size_list <<<"$sizes"
measured_sizes=()
for size in "${size_list[@]}"; do
  prepare "$size" || continue
  measured_sizes+=("$size")
  files=("$data_dir/$size"/*.csv)
  printf '%s\t%s\t%s\n' "$size" "$(cat "${files[@]}" | wc -c)" "$(cat "${files[@]}" | wc -l)" >>"$work/data.tsv"
done

# One run of every step at SIZE.
measure_size() {
  local size="$1" run="$2" deliveries dir files builds build binary
  deliveries="$(deliveries_of "$size")"
  dir="$data_dir/$size"
  files=("$dir"/*.csv)
  wait_for_quiet
  # Every run starts from the same page cache: the set is dropped from it
  # and read back whole. Before every run, not once: a kernel may page out
  # file pages left unread for a while (here DAMON reclaim takes those idle
  # for a minute), and a run that reads them from disk times the disk. Read
  # back whole, not only warmed: what the cache holds of a file otherwise
  # depends on its history (the pieces its writer left; the pages reclaim
  # took and a warming `cat` read back one by one), and the smaller the
  # pieces, the slower a read: `wc -l` most, supeval's mapping of
  # deliveries.csv less (bench/README.md).
  log "$size: run $run: dropping the set from the page cache and reading it back"
  reload_page_cache "${files[@]}"
  timed "$size" "$deliveries" wc "$run" wc -l "${files[@]}"
  # The two builds take turns going first, so that neither always runs
  # straight after `wc -l`.
  builds=(supeval)
  if [ -n "$plain" ]; then
    if [ $((run % 2)) -eq 1 ]; then builds=(supeval supeval-plain); else builds=(supeval-plain supeval); fi
  fi
  for build in "${builds[@]}"; do
    binary="$supeval"
    [ "$build" = supeval-plain ] && binary="$plain"
    timed "$size" "$deliveries" "$build" "$run" \
      "$binary" evaluate --data "$dir" --period "$period" --format csv --output "$work/$size-$build.csv"
  done
  if [ -n "$plain" ] && ! cmp -s "$work/$size-supeval.csv" "$work/$size-supeval-plain.csv"; then
    echo "run: the PGO build and the plain build give different results at $size" >&2
    exit 1
  fi
  if [ "$with_duckdb" = 1 ]; then
    timed "$size" "$deliveries" duckdb "$run" \
      node "$here/duckdb/evaluate.mjs" --data "$dir" --period "$period" --output "$work/$size-duckdb.csv"
  fi
}

# Runs are interleaved across the sizes too (run 1 of each size, then run 2,
# ...): the machine's speed drifts by a third within minutes, and sizes
# measured one after the other in different spells made time look
# non-linear in deliveries when it was not (RESULTS.md, Method).
for run in $(seq 1 "$runs"); do
  for size in "${measured_sizes[@]}"; do measure_size "$size" "$run"; done
done

if [ "$with_duckdb" = 1 ]; then
  for size in "${measured_sizes[@]}"; do
    if node "$here/duckdb/compare.mjs" "$work/$size-supeval.csv" "$work/$size-duckdb.csv" >"$work/agree.txt" 2>&1; then
      printf '%s\t%s\n' "$size" "$(head -1 "$work/agree.txt") (status and class equal, numbers within 0.05)" >>"$work/agree.tsv"
    else
      printf '%s\t%s\n' "$size" "**they differ**: $(sed -n 2p "$work/agree.txt")" >>"$work/agree.tsv"
      log "$size: supeval and DuckDB results differ:"
      cat "$work/agree.txt"
    fi
  done
fi

if [ "$with_generate" = 1 ]; then
  for run in $(seq 1 "$runs"); do
    rm -rf "$data_dir/generate-timing"
    timed generate "$generate_deliveries" generate "$run" \
      "$supeval" generate --out "$data_dir/generate-timing" --suppliers "$suppliers" \
      --deliveries "$generate_deliveries" --seed "$seed" --from "$from" --to "$to"
  done
  rm -rf "$data_dir/generate-timing"
fi

if [ "$with_micro" = 1 ]; then
  log "micro-benchmarks ($micro_repetitions repetitions)"
  wait_for_quiet
  "$micro_bin" --benchmark_repetitions="$micro_repetitions" --benchmark_report_aggregates_only=true \
    --benchmark_out="$work/micro.json" --benchmark_out_format=json >"$work/micro.txt" 2>&1 ||
    { cat "$work/micro.txt" >&2; exit 1; }
  grep '_median' "$work/micro.txt" || true
fi

# ---------------------------------------------------------------------------
# Report

busy_after="$(busy_cores)"
load_note=""
if awk -v a="$busy_before" -v b="$busy_after" 'BEGIN { exit !(a > 0.3 || b > 0.3) }'; then
  load_note="other work was running on the machine: figures may be pessimistic"
fi
json_string() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
duckdb_version="$(node -e "console.log(require('$here/duckdb/node_modules/@duckdb/node-api/package.json').version)" 2>/dev/null || echo none)"
cat >"$work/meta.json" <<EOF
{
  "date": $(json_string "$(date -u '+%Y-%m-%d %H:%M UTC')"),
  "commit": $(json_string "$commit"),
  "dirty": $dirty,
  "code_commit": $(json_string "$code_commit"),
  "source": $(json_string "$source_note"),
  "build": $(json_string "$build_note"),
  "nproc": $(nproc),
  "cpu": $(json_string "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"),
  "memory": $(json_string "$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"),
  "kernel": $(json_string "Linux $(uname -r)"),
  "compiler": $(json_string "$(c++ --version | head -1)"),
  "node": $(json_string "$(node --version)"),
  "duckdb": $(json_string "$duckdb_version"),
  "busy_before": $(json_string "$busy_before"),
  "busy_after": $(json_string "$busy_after"),
  "load_note": $(json_string "$load_note"),
  "suppliers": $suppliers,
  "seed": $seed,
  "from": "$from",
  "to": "$to",
  "period": "$period",
  "data_dir": $(json_string "$data_dir"),
  "runs": $runs,
  "micro_repetitions": $micro_repetitions
}
EOF
node "$here/report.mjs" --work "$work" --results "$results"
# The raw measurements stay for a second look: node bench/report.mjs --work DIR --results FILE
rm -rf "$data_dir/last-run" && mkdir -p "$data_dir/last-run" && cp "$work"/*.tsv "$work"/*.json "$data_dir/last-run/" 2>/dev/null || true
log "done: $results (raw measurements in $data_dir/last-run)"
