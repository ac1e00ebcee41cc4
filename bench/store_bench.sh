#!/usr/bin/env bash
# Store benchmarks (issue 4): import of generated deliveries into SQLite and
# PostgreSQL (rows/s, peak memory), re-import of the same files, and
# evaluating a half-year from each database compared with evaluating the same
# CSV folder. Prints a Markdown report; bench/RESULTS.md's "Store" section is
# a copy of one such report. Not a test: nothing here asserts a time.
#
#   bench/store_bench.sh                      # 1M and 10M deliveries, 3 runs of each evaluation
#   bench/store_bench.sh --sizes 1M --runs 5
#   bench/store_bench.sh --supeval build/store-rel/programs/supeval/supeval
#
# Builds a Release binary in build/store-bench unless --supeval is given.
# PostgreSQL is a throw-away cluster (scripts/pg_cluster.sh) with durable
# settings (fsync on, like SQLite's synchronous=FULL) on a loopback port.
# Data sets: `supeval generate --suppliers 20000 --seed 1`, due dates in
# 2026-H1, under $BENCH_DATA (default /tmp/supeval-bench)/store.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/page_cache.sh

sizes="1M,10M"
runs=3
supeval=""
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --supeval) supeval=$2; shift 2 ;;
    *) echo "usage: $0 [--sizes 1M,10M] [--runs N] [--supeval PATH]" >&2; exit 2 ;;
  esac
done

./scripts/setup.sh >&2
if ! command -v /usr/bin/time >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time >&2
fi
if [ -z "$supeval" ]; then
  echo "store_bench: building Release in build/store-bench" >&2
  cmake -S . -B build/store-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -g -DNDEBUG" \
    -DSUPEVAL_WERROR=ON -DSUPEVAL_BUILD_TESTS=OFF >/dev/null
  cmake --build build/store-bench -j "$(nproc)" >&2
  supeval=build/store-bench/programs/supeval/supeval
fi
supeval=$(realpath "$supeval")

data_root=${BENCH_DATA:-/tmp/supeval-bench}/store
mkdir -p "$data_root"
scratch=$(mktemp -d "$data_root/run.XXXXXX")
SUPEVAL_PG_CLUSTER_DIR=""
cleanup() {
  if [ -n "$SUPEVAL_PG_CLUSTER_DIR" ]; then ./scripts/pg_cluster.sh stop "$SUPEVAL_PG_CLUSTER_DIR"; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
cluster_env=$(PG_CLUSTER_DURABLE=1 ./scripts/pg_cluster.sh start)
eval "$cluster_env"
pg_base=$SUPEVAL_TEST_POSTGRES_URL

count() {  # 1M -> 1000000
  local n=${1%[MmKk]}
  case "$1" in
    *[Mm]) echo $((n * 1000000)) ;;
    *[Kk]) echo $((n * 1000)) ;;
    *) echo "$1" ;;
  esac
}

# CPU seconds the whole machine has been busy, from /proc/stat.
machine_busy() {
  local cpu user nice system idle iowait irq softirq steal rest
  read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
  awk -v j="$((user + nice + system + irq + softirq + steal))" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", j / hz }'
}

# The machine is shared: wait (up to 120 s) until other work leaves the cores
# nearly idle, so that the figures are comparable.
wait_for_quiet() {
  local waited=0 before after
  while [ "$waited" -lt 120 ]; do
    before=$(machine_busy)
    sleep 3
    after=$(machine_busy)
    awk -v a="$before" -v b="$after" 'BEGIN { exit !((b - a) / 3 <= 0.3) }' && return 0
    waited=$((waited + 3))
  done
  echo "store_bench: other work keeps the machine busy: measuring anyway" >&2
}

# Runs a command under /usr/bin/time -v; prints "wall_seconds peak_rss_mb
# other_cores", the last being how many cores other work kept busy meanwhile
# (the machine's busy time less the command's own CPU time, over the wall).
# measure [--warm FILE...] -- COMMAND...: after the wait for an idle machine,
# drops the FILEs from the page cache and reads them back whole (the cache is
# to be warm, and always in the same state: see bench/page_cache.sh; a kernel
# may also page out files idle for a while, here DAMON reclaim after a
# minute), then times COMMAND.
measure() {
  local log=$scratch/time.log start end busy_start busy_end
  local warm=()
  if [ "$1" = --warm ]; then
    shift
    while [ "$1" != -- ]; do warm+=("$1"); shift; done
    shift
  fi
  wait_for_quiet
  [ ${#warm[@]} -eq 0 ] || reload_page_cache "${warm[@]}"
  busy_start=$(machine_busy)
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$scratch/stderr.log" || {
    cat "$scratch/stderr.log" >&2
    return 1
  }
  end=$(date +%s.%N)
  busy_end=$(machine_busy)
  local rss cpu
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  cpu=$(awk -F': ' '/User time|System time/ {sum += $2} END {print sum}' "$log")
  awk -v s="$start" -v e="$end" -v r="$rss" -v b0="$busy_start" -v b1="$busy_end" -v c="$cpu" \
    'BEGIN { o = (b1 - b0 - c) / (e - s); if (o < 0) o = 0; printf "%.3f %.0f %.2f\n", e - s, r / 1024, o }'
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

pg_url() {  # a fresh schema per data set
  psql "$pg_base" -q -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS $1 CASCADE; CREATE SCHEMA $1" >&2
  echo "$pg_base&options=-csearch_path%3D$1"
}

echo "## Store"
echo
echo "Measured with \`bench/store_bench.sh --sizes $sizes --runs $runs\` on $(date -u '+%Y-%m-%d %H:%M UTC'):"
echo "$(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM,"
echo "$(sqlite3 --version 2>/dev/null | cut -d' ' -f1 | sed 's/^/SQLite /'), $("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/postgres" --version) (throw-away cluster, default settings, fsync on)."
echo "Binary: Release (-O2), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- libs programs CMakeLists.txt || echo ' plus uncommitted edits')."
echo "Data: \`supeval generate --suppliers 20000 --seed 1\`, due dates 2026-01-01..2026-06-30; evaluated for 2026-H1 with \`--format csv --output\`."
echo "Wall clock and peak RSS from \`/usr/bin/time -v\`; each step waits (up to 120 s) for the shared machine to be idle, and \"other work\" is how many cores other processes kept busy during it (for PostgreSQL steps this includes the server's own processes). Before each evaluation from CSV or SQLite its files are dropped from the page cache (\`dd iflag=nocache\`) and read back whole (\`cat\`), so that the page cache is warm and in the same state for every run (\`bench/page_cache.sh\`)."
echo "Evaluations are the median of $runs runs; imports run once into an empty database (deliveries/s: deliveries over wall; all rows/s: every row of the batch, master data included)."
echo

for size in ${sizes//,/ }; do
  deliveries=$(count "$size")
  data=$data_root/gen-$size
  if [ ! -f "$data/.params" ] || [ "$(cat "$data/.params")" != "20000 $deliveries 1" ]; then
    echo "store_bench: generating $size deliveries in $data" >&2
    rm -rf "$data"
    "$supeval" generate --out "$data" --suppliers 20000 --deliveries "$deliveries" --seed 1 >&2
    echo "20000 $deliveries 1" >"$data/.params"
  fi
  cat "$data"/*.csv >/dev/null  # warm the page cache for the imports
  csv_mb=$(du -cm "$data"/*.csv | awk 'END {print $1}')
  sqlite_db=$scratch/store-$size.db
  pg=$(pg_url "bench_$(echo "$size" | tr 'A-Z' 'a-z')")

  echo "store_bench: $size: importing" >&2
  read -r sqlite_import sqlite_import_rss sqlite_import_other < <(measure "$supeval" import --db "sqlite:$sqlite_db" --data "$data" --progress none)
  read -r sqlite_reimport sqlite_reimport_rss sqlite_reimport_other < <(measure "$supeval" import --db "sqlite:$sqlite_db" --data "$data" --progress none)
  read -r pg_import pg_import_rss pg_import_other < <(measure "$supeval" import --db "$pg" --data "$data" --progress none)
  read -r pg_reimport pg_reimport_rss pg_reimport_other < <(measure "$supeval" import --db "$pg" --data "$data" --progress none)
  db_mb=$(du -cm "$sqlite_db"* | awk 'END {print $1}')
  # Every row of the batch (master data and complaints too), from the import's own summary.
  rows=$("$supeval" batches show 1 --db "sqlite:$sqlite_db" | awk '$1 == "total" {print $2 + $3 + $4}')

  echo "store_bench: $size: evaluating" >&2
  declare -A wall=() rss=() other=()
  for run in $(seq 1 "$runs"); do
    for source in csv sqlite postgres; do
      case $source in
        csv) from=(--data "$data"); warm=(--warm "$data"/*.csv --) ;;
        sqlite) from=(--db "sqlite:$sqlite_db"); warm=(--warm "$sqlite_db"* --) ;;
        postgres) from=(--db "$pg"); warm=() ;;  # the server keeps its own cache
      esac
      read -r w r o < <(measure "${warm[@]}" "$supeval" evaluate "${from[@]}" --period 2026-H1 --format csv --output "$scratch/out-$source.csv")
      wall[$source]+="$w "
      rss[$source]+="$r "
      other[$source]+="$o "
    done
  done
  cmp -s "$scratch/out-csv.csv" "$scratch/out-sqlite.csv" && same_sqlite=identical || same_sqlite=DIFFERENT
  cmp -s "$scratch/out-csv.csv" "$scratch/out-postgres.csv" && same_pg=identical || same_pg=DIFFERENT

  med() { echo "${wall[$1]}" | tr ' ' '\n' | grep . | median; }
  medrss() { echo "${rss[$1]}" | tr ' ' '\n' | grep . | median; }
  csv_s=$(med csv); sqlite_s=$(med sqlite); pg_s=$(med postgres)
  rate() { awk -v n="$deliveries" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
  rows_rate() { awk -v n="$rows" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
  ratio() { awk -v a="$1" -v b="$csv_s" 'BEGIN { printf "%.2f×", a / b }'; }

  echo "### $size deliveries ($csv_mb MB of CSV; SQLite file $db_mb MB)"
  echo
  echo "| step | wall | deliveries/s | all rows/s | peak RSS | other work (cores busy) |"
  echo "|---|---|---|---|---|---|"
  echo "| import into SQLite (empty database) | $sqlite_import s | $(rate "$sqlite_import") | $(rows_rate "$sqlite_import") | $sqlite_import_rss MB | $sqlite_import_other |"
  echo "| import into PostgreSQL (empty schema) | $pg_import s | $(rate "$pg_import") | $(rows_rate "$pg_import") | $pg_import_rss MB | $pg_import_other |"
  echo "| import the same files again, SQLite (all unchanged) | $sqlite_reimport s | $(rate "$sqlite_reimport") | $(rows_rate "$sqlite_reimport") | $sqlite_reimport_rss MB | $sqlite_reimport_other |"
  echo "| import the same files again, PostgreSQL (all unchanged) | $pg_reimport s | $(rate "$pg_reimport") | $(rows_rate "$pg_reimport") | $pg_reimport_rss MB | $pg_reimport_other |"
  echo
  echo "| evaluate 2026-H1 from | wall (median) | vs CSV | peak RSS (median) | runs | other work (cores busy) | result |"
  echo "|---|---|---|---|---|---|---|"
  echo "| the CSV folder | $csv_s s | 1× | $(medrss csv) MB | ${wall[csv]% } | ${other[csv]% } | |"
  echo "| SQLite | $sqlite_s s | $(ratio "$sqlite_s") | $(medrss sqlite) MB | ${wall[sqlite]% } | ${other[sqlite]% } | $same_sqlite to CSV |"
  echo "| PostgreSQL | $pg_s s | $(ratio "$pg_s") | $(medrss postgres) MB | ${wall[postgres]% } | ${other[postgres]% } | $same_pg to CSV |"
  echo
  rm -f "$sqlite_db"*
done
