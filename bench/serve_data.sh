# shellcheck shell=bash disable=SC2154  # sourced: the caller sets supeval, work, suppliers, deliveries, password
# The database the serve benchmarks measure (sourced by serve_bench.sh and
# web_bench.sh, not run): `supeval generate --suppliers $suppliers
# --deliveries $deliveries --seed 1` with due dates 2025-07-01..2026-06-30,
# imported, 2025-H2 and 2026-H1 published (so the ranking shows the change
# against the previous period), and the quality user `bench` with $password.
# Needs $supeval, $work, $suppliers, $deliveries and $password set.

# Fills database $1 from the generated set once (the marker file $2 says it is done).
prepare() {
  local db=$1 marker=$2
  [ -f "$marker" ] && return
  if [ ! -f "$work/data/.params" ] || [ "$(cat "$work/data/.params")" != "$suppliers $deliveries" ]; then
    echo "serve_data: generating $suppliers suppliers, $deliveries deliveries" >&2
    "$supeval" generate --out "$work/data" --force --suppliers "$suppliers" --deliveries "$deliveries" --seed 1 \
      --from 2025-07-01 --to 2026-06-30 >&2
    echo "$suppliers $deliveries" >"$work/data/.params"
  fi
  echo "serve_data: importing into $db and publishing 2025-H2 and 2026-H1" >&2
  "$supeval" import --db "$db" --data "$work/data" >&2
  for period in 2025-H2 2026-H1; do
    "$supeval" evaluate --db "$db" --period "$period" --publish --format csv --output /dev/null >&2
  done
  echo "$password" | "$supeval" users add bench --role quality --password-stdin --db "$db" >&2
  touch "$marker"
}

# The machine, for the figures' header: CPU model, cores, vector units, time, load.
machine_line() {
  echo "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores," \
    "$(grep -o -w -E 'avx512f|avx2' /proc/cpuinfo | sort -u | tr '\n' ' ')$(date -u +%Y-%m-%dT%H:%MZ)," \
    "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
}
