#!/usr/bin/env bash
# Benchmarks the contacts list/search against the raw-Npgsql baseline, and the LinkedIn import,
# on PostgreSQL + Redis (started privately, as for the tests). Results go to stdout; copy them,
# with the machine, into bench/README.md.
#   bench/run.sh                      # seed (once per fresh database), then measure
#   BENCH_ROUNDS=10 BENCH_SECONDS=5 BENCH_CONCURRENCY=4 BENCH_WARMUP=60 bench/run.sh
#   BENCH_REUSE=1 bench/run.sh        # keep an already seeded plugs_bench (migrate only), skip the import
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${BENCH_ROUNDS:-10}
ROUND_SECONDS=${BENCH_SECONDS:-5}
CONCURRENCY=${BENCH_CONCURRENCY:-4}
eval "$(scripts/dev-services.sh)"
PG_PORT=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$PLUGS_TEST_POSTGRES")
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -X)
DB=plugs_bench
API_URL=http://127.0.0.1:5090
BASE_URL=http://127.0.0.1:5091

"${PSQL[@]}" -d postgres -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plugs_bench_owner') THEN CREATE ROLE plugs_bench_owner LOGIN CREATEROLE PASSWORD 'bench'; END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plugs_bench_app') THEN CREATE ROLE plugs_bench_app LOGIN PASSWORD 'bench'; END IF;
END \$\$;"
REUSE=${BENCH_REUSE:-0}
if [[ $REUSE == 1 ]] && "${PSQL[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  echo "reusing the seeded database $DB"
else
  REUSE=0
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB OWNER plugs_bench_owner"
fi

dotnet build -c Release -v q -clp:ErrorsOnly src/Plugs.Api/Plugs.Api.csproj
dotnet build -c Release -v q -clp:ErrorsOnly bench/Plugs.Bench/Plugs.Bench.csproj
API_DLL=src/Plugs.Api/bin/Release/net10.0/Plugs.Api.dll
BENCH_DLL=bench/Plugs.Bench/bin/Release/net10.0/Plugs.Bench.dll

export Database__Provider=Postgres
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Database=$DB;Username=plugs_bench_app;Password=bench;Maximum Pool Size=50;Max Auto Prepare=200;Auto Prepare Min Usages=2;Options=-c plan_cache_mode=force_generic_plan"
export ConnectionStrings__PostgresMigrations="Host=127.0.0.1;Port=$PG_PORT;Database=$DB;Username=plugs_bench_owner;Password=bench"
export ConnectionStrings__Redis="$PLUGS_TEST_REDIS"
export Redis__KeyPrefix="bench:"
export Auth__SigningKey=$(head -c 48 /dev/urandom | base64 -w0)
export Logging__LogLevel__Default=Warning
QUIET=(--Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware=Warning)
export Storage__DataDirectory=$(mktemp -d)
dotnet "$API_DLL" migrate >/dev/null

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; }
trap cleanup EXIT
ASPNETCORE_URLS=$API_URL dotnet "$API_DLL" "${QUIET[@]}" >/tmp/plugs-bench-api.log 2>&1 & pids+=($!)
dotnet "$BENCH_DLL" baseline --port 5091 --connection "$ConnectionStrings__Postgres" >/tmp/plugs-bench-baseline.log 2>&1 & pids+=($!)
for _ in $(seq 1 60); do curl -sf $API_URL/health/live >/dev/null && curl -sf $BASE_URL/health >/dev/null && break; sleep 1; done

BENCH_ACCOUNT='"email":"bench@bench.example","password":"bench password 1"'
if [[ $REUSE == 1 ]]; then
  session=$(curl -sf -X POST $API_URL/api/v1/auth/login -H 'content-type: application/json' -d "{$BENCH_ACCOUNT}")
  TOKEN=$(sed -E 's/.*"access_token":"([^"]+)".*/\1/' <<<"$session")
  ORG=$("${PSQL[@]}" -d $DB -tAc "SELECT organization_id FROM users WHERE email = 'bench@bench.example'")
else
  register=$(curl -sf -X POST $API_URL/api/v1/auth/register -H 'content-type: application/json' \
    -d "{\"organization_name\":\"Bench Org\",$BENCH_ACCOUNT,\"first_name\":\"Ben\",\"last_name\":\"Ch\"}")
  TOKEN=$(sed -E 's/.*"access_token":"([^"]+)".*/\1/' <<<"$register")
  ORG=$(sed -E 's/.*"organization":\{"id":"([^"]+)".*/\1/' <<<"$register")
  dotnet "$BENCH_DLL" seed --connection "Host=127.0.0.1;Port=$PG_PORT;Database=$DB;Username=postgres;Command Timeout=600" \
    --organization "$ORG" --contacts 100000 --filler-organizations 9 --filler-contacts 100000
  # As docs/operations.md advises after a bulk load: rebuild the search index (grown row by row
  # by COPY it is ~30 % bigger and twice as slow to scan) and refresh the statistics.
  "${PSQL[@]}" -d $DB -c "REINDEX INDEX idx_contacts_org_search_trgm" -c "VACUUM ANALYZE contacts"
fi

LIST='contact_type=plug&status=hot_lead&limit=50'
SEARCH='q=conference%2042&limit=50'
# Both servers start cold: run each through both requests first (not measured) so tiered JIT has
# settled before the measured runs, as it has in a server that has been up for a while. After 30 s
# the API's tiering thread still took a fifth of its CPU (it has far more code than the baseline
# to promote); after 60 s it is done.
WARM=${BENCH_WARMUP:-60}
dotnet "$BENCH_DLL" load --concurrency "$CONCURRENCY" --seconds "$WARM" --warmup 0 --name "warm-up api" \
  --header "Authorization: Bearer $TOKEN" --url "$API_URL/api/v1/contacts/?$LIST" --url "$API_URL/api/v1/contacts/?$SEARCH" >/dev/null
dotnet "$BENCH_DLL" load --concurrency "$CONCURRENCY" --seconds "$WARM" --warmup 0 --name "warm-up baseline" \
  --header "X-Organization: $ORG" --url "$BASE_URL/contacts?$LIST" --url "$BASE_URL/contacts?$SEARCH" >/dev/null
# API and baseline in alternating rounds (this VM's speed drifts by ±20 % over minutes; one long
# run each would measure the drift as much as the servers), totals over all rounds per side.
compare() {
  dotnet "$BENCH_DLL" compare --concurrency "$CONCURRENCY" --rounds "$ROUNDS" --seconds "$ROUND_SECONDS" \
    --a-name "api $1" --a-header "Authorization: Bearer $TOKEN" --a-url "$API_URL/api/v1/contacts/?$2" \
    --b-name "baseline $1" --b-header "X-Organization: $ORG" --b-url "$BASE_URL/contacts?$2"
}
compare "list  " "$LIST"
compare "search" "$SEARCH"

# Import: a 100,000-row LinkedIn Connections.csv into a fresh organization.
[[ $REUSE == 1 ]] && exit 0
import_csv=$(mktemp --suffix=.csv)
{
  printf 'Notes:\n"LinkedIn notes line"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n'
  awk 'BEGIN { for (i = 0; i < 100000; i++) printf "First%d,Last%d,https://www.linkedin.com/in/p%d,p%d@import.example,Company %d,Engineer,01 Jan 2024\n", i, i, i, i, i % 500 }'
} >"$import_csv"
register=$(curl -sf -X POST $API_URL/api/v1/auth/register -H 'content-type: application/json' \
  -d '{"organization_name":"Import Org","email":"import@bench.example","password":"bench password 1","first_name":"Im","last_name":"Port"}')
TOKEN=$(sed -E 's/.*"access_token":"([^"]+)".*/\1/' <<<"$register")
start=$(date +%s.%N)
curl -sf -o /tmp/plugs-bench-import.json -H "Authorization: Bearer $TOKEN" -F "file=@$import_csv" -F format=linkedin $API_URL/api/v1/contacts/import
end=$(date +%s.%N)
created=$(grep -o '"created":[0-9]*' /tmp/plugs-bench-import.json)
echo "import 100000-row LinkedIn CSV: $(echo "$end - $start" | bc) s ($created)"
rm -f "$import_csv"
