#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang, ASan + UBSan) and
# runs each for SECONDS (default 60), as many at once as there are cores,
# each on its corpus under build/fuzz/corpus/<target>/ (kept between runs, so
# a later run goes on from where this one stopped) after seeds built from
# tests/data and a small generated data set. Fails when any target finds a
# crash, a sanitizer report, a leak, a timeout or an out-of-memory; the input
# is then under build/fuzz/artifacts/<target>/ (docs/fuzzing.md: what next).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# FUZZ_JOBS (default: the number of cores) sets how many targets run at once.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
all_targets=(csv_reader core_parsing dataset contracts rules_toml http_request multipart tzif xlsx)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
jobs=${FUZZ_JOBS:-$(nproc)}

build=build/fuzz
bin=$build/tests/fuzz
supeval=$build/programs/supeval/supeval
work=$build/fuzz-run
rm -rf "$work"
mkdir -p "$work/tmp"
# The targets' scratch folders go here, so that none outlives the run.
export TMPDIR=$PWD/$work/tmp
# A failure reads best with a symbolized stack; leaks are failures.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if ! command -v llvm-symbolizer >/dev/null && [ -x /usr/bin/llvm-symbolizer-14 ]; then
  export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
fi

echo "fuzz: building the 'fuzz' preset"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

# --- seeds ------------------------------------------------------------------
seeds=$work/seeds
generated=$work/generated
"$supeval" generate --out "$generated" --suppliers 6 --deliveries 120 >/dev/null
data_sets=(tests/data/*/ "$generated/")

# One data set folder as one input of the dataset target (dataset_input.hpp).
dataset_input() {
  local folder=$1 options=$2 file
  printf '%s' "$options"
  for file in "$folder"/*.csv "$folder"/rules.toml; do
    [ -f "$file" ] || continue
    case $(basename "$file") in expected.csv) continue ;; esac
    printf '@@ %s\n' "$(basename "$file")"
    cat "$file"
    [ -z "$(tail -c 1 "$file")" ] || echo
  done
}

# One data set folder as one input of the xlsx target (tests/fuzz/README.md):
# a workbook's parts as text, each CSV file a sheet of inline strings (its
# fields split at commas: quoting does not matter for a seed).
xlsx_input() {
  local folder=$1 file n=0 sheets='' relations=''
  for file in "$folder"/*.csv; do
    [ -f "$file" ] || continue
    case $(basename "$file") in expected.csv) continue ;; esac
    n=$((n + 1))
    sheets+="<sheet name=\"$(basename "$file" .csv)\" sheetId=\"$n\" r:id=\"rId$n\"/>"
    relations+="<Relationship Id=\"rId$n\" Target=\"worksheets/sheet$n.xml\"/>"
    printf '=== xl/worksheets/sheet%s.xml\n<worksheet><sheetData>' "$n"
    sed 's/&/\&amp;/g; s/</\&lt;/g; s/\r$//' "$file" | awk -F, '{
      printf "<row r=\"%d\">", NR
      for (i = 1; i <= NF; i++) if ($i != "") printf "<c t=\"inlineStr\"><is><t>%s</t></is></c>", $i
      printf "</row>"
    }'
    printf '</sheetData></worksheet>\n'
  done
  printf '=== xl/workbook.xml\n<workbook xmlns:r="r"><sheets>%s</sheets></workbook>\n' "$sheets"
  printf '=== xl/_rels/workbook.xml.rels\n<Relationships>%s</Relationships>\n' "$relations"
}

build_seeds() {
  local target folder name period count=0
  for target in "${all_targets[@]}"; do mkdir -p "$seeds/$target"; done
  for folder in "${data_sets[@]}"; do
    name=$(basename "$folder")
    period=2026-H1
    [ -f "$folder/period" ] && period=$(head -n 1 "$folder/period")
    for file in "$folder"/*.csv; do
      cp "$file" "$seeds/csv_reader/$name-$(basename "$file")" 2>/dev/null || true
    done
    printf '%s' "$period" >"$seeds/core_parsing/$name-period"
    dataset_input "$folder" "period=$period"$'\n' >"$seeds/dataset/$name" || true
    xlsx_input "$folder" >"$seeds/xlsx/$name"
    count=$((count + 1))
  done
  # The contract sets, settled for the period their `args` names first (or
  # 2026-H1), and the generated set with its contract register.
  for folder in tests/data/contracts/*/; do
    name=$(basename "$folder")
    period=$(sed -n 's/^settle \([^ ]*\).*/\1/p' "$folder/args" | sed -n 1p)
    dataset_input "$folder" "period=${period:-2026-H1}"$'\n' >"$seeds/contracts/$name" || true
  done
  dataset_input "$generated" $'period=2026-H1\n' >"$seeds/contracts/generated"
  # The generated set (numbered ids, the export's column order) read by its
  # shape: on one thread and two, explained, and spanning two blocks.
  local first
  first=$(sed -n '2s/,.*//p' "$generated/suppliers.csv")
  dataset_input "$generated" $'period=2026-H1\nthreads=1\n' >"$seeds/dataset/generated-1-thread"
  dataset_input "$generated" $'period=2026-Q2\nthreads=2\nexplain='"$first"$'\n' >"$seeds/dataset/generated-explained"
  dataset_input "$generated" $'period=2026-H1\nthreads=2\nblocks=2\n' >"$seeds/dataset/generated-two-blocks"
  # Master files past the CSV reader's first buffer: complaints read in
  # halves on two threads, suppliers refilled.
  dataset_input "$generated" $'period=2026-H1\nthreads=2\ngrow=complaints.csv\ngrow=suppliers.csv\n' \
    >"$seeds/dataset/generated-grown-master-files"
  # A quoted field in the last row: the optimistic read meets it and reads
  # the file again, cut at record ends.
  cp -r "$generated" "$work/quoted"
  sed -i '$ s/,\([a-z]*\)$/,"\1"/' "$work/quoted/deliveries.csv"
  dataset_input "$work/quoted" $'period=2026-H1\nthreads=2\nblocks=2\n' >"$seeds/dataset/generated-two-blocks-quoted"
  # Dates and quantities as the files write them, for the core parsers.
  grep -ohE '[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]+\.[0-9]+' tests/data/*/*.csv "$generated"/*.csv | sort -u | sed -n 1,200p |
    while read -r token; do printf '%s' "$token" >"$seeds/core_parsing/token-$token"; done
  # The default rule file whole, and each of its tables alone: a small file
  # that changes one part is what users write, and mutates faster.
  "$supeval" rules show >"$seeds/rules_toml/default.toml"
  awk -v out="$seeds/rules_toml/table-" '/^\[/ { n++ } n > 0 { print > (out n ".toml") }' "$seeds/rules_toml/default.toml"
  # Workbooks with what the golden sets' seeds lack: shared and rich-text
  # strings, styles with dates, the 1904 system, gaps, formulas.
  cp tests/fuzz/seeds/xlsx/* "$seeds/xlsx/"
  # Requests: the http_request target's regression inputs are its seeds.
  cp tests/fuzz/regressions/http_request/* "$seeds/http_request/"
  cp tests/fuzz/regressions/multipart/* "$seeds/multipart/"
  # Zone files of tzdata: DST both hemispheres, half hours, the date line,
  # negative rule times, no DST, UTC.
  for zone in Europe/Berlin Australia/Sydney America/St_Johns Pacific/Kiritimati America/Nuuk Asia/Tokyo Etc/UTC; do
    cp "/usr/share/zoneinfo/$zone" "$seeds/tzif/${zone//\//-}"
  done
  echo "fuzz: seeds from $count data sets"
}
build_seeds

# --- runs -------------------------------------------------------------------
# -timeout and -rss_limit_mb are generous: one input of the dataset target
# reads up to three copies of a 1 MiB deliveries.csv, and a slow or busy
# machine must not turn that into a failure.
run_target() {
  local target=$1 corpus=$build/corpus/$1 artifacts=$build/artifacts/$1/
  local dictionary=tests/fuzz/dictionaries/$1.dict
  local status=0
  mkdir -p "$corpus" "$artifacts"
  "$bin/${target}_fuzz" "$corpus" "$seeds/$target" \
    -max_total_time="$seconds" -timeout=120 -rss_limit_mb=4096 \
    -dict="$dictionary" -artifact_prefix="$artifacts" -print_final_stats=1 \
    >"$work/$target.log" 2>&1 || status=$?
  echo "$status" >"$work/$target.status"
}

failed=()
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
  echo "fuzz: running $target for ${seconds}s"
  run_target "$target" &
done
wait
for target in "${targets[@]}"; do
  if [ "$(cat "$work/$target.status" 2>/dev/null)" = 0 ]; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log" | tail -n 1)
    echo "fuzz: $target: ${runs:-?} executions, clean"
  else
    failed+=("$target")
    echo "fuzz: $target FAILED; its log ($work/$target.log) ends:" >&2
    tail -n 60 "$work/$target.log" >&2
    echo "fuzz: the input is under $build/artifacts/$target/ (docs/fuzzing.md)" >&2
  fi
done
rm -rf "$work/tmp"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets ran ${seconds}s clean"
