#!/usr/bin/env bash
# The demo: builds supeval, generates a synthetic half-year (suppliers,
# deliveries, complaints, certificates, holds), imports it into the embedded
# SQLite database, evaluates it from there (publishing the result as a run),
# shows the ranking and explains one supplier's figures, checks and settles
# the generated contracts (publishing both quarters), builds the web front
# end (web/, into web/dist), then creates demo accounts and serves the web
# application and the JSON API (API.md) until Ctrl-C, printing the address
# and the accounts.
#
#   scripts/demo.sh [--no-serve]     --no-serve: stop before serving (scripts)
#   SUPEVAL_DEMO_LISTEN=HOST:PORT    where to serve (default 127.0.0.1:8080)
set -euo pipefail
cd "$(dirname "$0")/.."

serve=yes
for argument in "$@"; do
  case "$argument" in
    --no-serve) serve=no ;;
    *) echo "demo: unknown option '$argument' (known: --no-serve)" >&2; exit 2 ;;
  esac
done
listen=${SUPEVAL_DEMO_LISTEN:-127.0.0.1:8080}

./scripts/setup.sh

echo "demo: building (release)"
cmake --preset release >/dev/null
cmake --build --preset release --target supeval -j "$(nproc)"
supeval=build/release/programs/supeval/supeval

echo "demo: building the web front end (web/dist)"
./scripts/web.sh build

echo "demo: generating a data set in demo-data/"
"$supeval" generate --out demo-data --force --suppliers 300 --deliveries 200000 --seed 2026

# Goods that came back lately, so that the supplier demo account can try the
# agreement's ppm adjustment: three complaints on S00001's first series
# deliveries of 2026-H1 (counted at their rejected quantity), returned 10, 56
# and 100 days ago — one open, one whose deadline is within the 7 days of
# serve's warning, one past its deadline.
echo "demo: adding three returned complaints of S00001 (the ppm adjustment to try)"
awk -F, -v OFS=, \
    -v r1="$(date -u -d '-10 days' +%F)" -v r2="$(date -u -d '-56 days' +%F)" -v r3="$(date -u -d '-100 days' +%F)" '
  NR == 1 { for (i = 1; i <= NF; i++) column[$i] = i; next }
  $column["supplier_id"] == "S00001" && $column["type"] == "series" && $column["receipt_date"] >= "2026-01-01" && n < 3 {
    returned[1] = r1; returned[2] = r2; returned[3] = r3
    n++
    print "K900000" n, "S00001", $column["plant_id"], $column["receipt_date"], "complaint", "yes", "closed",
          $column["delivery_id"], $column["material_id"], "", int($column["received_qty"] / 20) + 1, "", returned[n], "", ""
  }' demo-data/deliveries.csv >> demo-data/complaints.csv

# The embedded database: a fresh SQLite file beside the data for each demo.
db=sqlite:demo-data/supeval.db
rm -f demo-data/supeval.db demo-data/supeval.db-wal demo-data/supeval.db-shm

echo "demo: importing demo-data/ into the embedded database ($db)"
"$supeval" import --db "$db" --data demo-data

echo
echo "demo: evaluating 2026-H1 from the database and publishing the result as run 1"
"$supeval" evaluate --db "$db" --period 2026-H1 --publish --format csv --output demo-data/result-2026-H1.csv
echo "demo: full result written to demo-data/result-2026-H1.csv; run 1 as recorded (top of the ranking):"
"$supeval" runs show 1 --db "$db" | sed -n 1,36p

echo
echo "demo: how supplier S00001's figures came about"
"$supeval" explain --db "$db" --period 2026-H1 --supplier S00001

echo
echo "demo: the contract register's health check (contracts check), first findings"
"$supeval" contracts check --data demo-data --output demo-data/contract-findings.txt
head -n 12 demo-data/contract-findings.txt
echo "demo: settling 2026-H1 under the generated contracts: demo-data/settlement-2026-H1.csv; contract CT0002 explained:"
"$supeval" contracts settle --data demo-data --period 2026-H1 --format csv --output demo-data/settlement-2026-H1.csv
"$supeval" contracts settle --data demo-data --period 2026-H1 --explain CT0002 --output demo-data/settlement-CT0002.txt
head -n 40 demo-data/settlement-CT0002.txt
# Published settlements of both quarters, so that the contract pages show
# KPI actual against target over two periods (settling 2026-H1 as well
# would pay the quarters twice: settlements count only their own dates).
echo "demo: publishing the settlements of 2026-Q1 and 2026-Q2 from the database"
for quarter in 2026-Q1 2026-Q2; do
  "$supeval" contracts settle --db "$db" --period "$quarter" --publish --user purchasing --format csv \
    --output "demo-data/settlement-$quarter.csv"
done

# The escalation ladder up to today: the generated events, milestones and
# the published run open cases on several levels; the holds they reach are
# recorded in the database (each a batch of its own), so the cases board,
# the holds page and the next evaluation's QZ3 show them.
echo "demo: replaying the escalation ladder and recording its holds: demo-data/escalations.csv"
"$supeval" escalations --db "$db" --as-of "$(date -u +%F)" --user quality --format csv \
  --output demo-data/escalations.csv
"$supeval" sourcing --db "$db" --period 2026-H1 --risks --format csv --output demo-data/sourcing-risks-2026-H1.csv

# Demo accounts, one per role; their passwords are final (set with
# --password-stdin), so no password change is asked at the first login.
accounts=(
  "admin admin demo-admin-passphrase"
  "quality quality demo-quality-passphrase"
  "purchasing purchasing demo-purchasing-passphrase"
  "supplier supplier demo-supplier-passphrase S00001"
)
echo
echo "demo: creating the demo accounts"
for account in "${accounts[@]}"; do
  read -r name role password supplier <<<"$account"
  echo "$password" | "$supeval" users add "$name" --role "$role" ${supplier:+--supplier "$supplier"} \
    --display-name "Demo $role" --password-stdin --db "$db"
done

if [ "$serve" = no ]; then
  echo "demo: done (--no-serve); serve it with: $supeval serve --db $db --web web/dist"
  exit 0
fi

echo
echo "demo: serving the web application and the JSON API until Ctrl-C."
echo "Open http://$listen/ in a browser and log in with a demo account (name / password):"
for account in "${accounts[@]}"; do
  read -r name role password supplier <<<"$account"
  echo "  $name / $password${supplier:+  (sees supplier $supplier only)}"
done
echo "Try it:"
echo "  curl -s -c jar -H 'Content-Type: application/json' \\"
echo "       -d '{\"username\":\"quality\",\"password\":\"demo-quality-passphrase\"}' http://$listen/api/v1/session"
echo "  curl -s -b jar 'http://$listen/api/v1/ranking?limit=5'"
echo "  curl -s http://$listen/api/v1/openapi.json"
exec "$supeval" serve --db "$db" --listen "$listen" --web web/dist
