#!/usr/bin/env bash
# Benchmarks the API on PostgreSQL + Redis (started privately, as for the tests) against the
# raw-Npgsql baseline, or against an earlier build of itself. Results go to stdout; copy them,
# with the machine, into bench/README.md. Scenarios (BENCH_SCENARIOS, comma-separated):
#   list     contacts list and search against the baseline, and the LinkedIn import (the default)
#   network  intro paths on a 1,000-contact graph of average degree 20 and on a 32-plug clique
#   contact  GET /contacts/{id} (with its interactions and relationships) against the baseline
#   bench/run.sh                      # seed (once per fresh database), then measure
#   BENCH_ROUNDS=10 BENCH_SECONDS=5 BENCH_CONCURRENCY=4 BENCH_WARMUP=60 bench/run.sh
#   BENCH_REUSE=1 bench/run.sh        # keep an already seeded plugs_bench (migrate only), skip the import
#   BENCH_DATABASE=plugs_bench_2 BENCH_PORT=5190 bench/run.sh   # beside another run on this machine
#   BENCH_SCENARIOS=network,contact BENCH_BEFORE=e12d881 bench/run.sh
#                                     # also build that commit's API and measure it side by side
#                                     # (alternating rounds) with this one on the same database
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${BENCH_ROUNDS:-10}
ROUND_SECONDS=${BENCH_SECONDS:-5}
CONCURRENCY=${BENCH_CONCURRENCY:-4}
eval "$(scripts/dev-services.sh)"
PG_PORT=$(sed -E 's/.*Port=([0-9]+).*/\1/' <<<"$PLUGS_TEST_POSTGRES")
PSQL=(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q -X)
DB=${BENCH_DATABASE:-plugs_bench}
PORT=${BENCH_PORT:-5090}
API_URL=http://127.0.0.1:$PORT
BASE_URL=http://127.0.0.1:$((PORT + 1))
BEFORE_URL=http://127.0.0.1:$((PORT + 2))
LOGS=/tmp/$DB
SCENARIOS=",${BENCH_SCENARIOS:-list},"
BEFORE=${BENCH_BEFORE:-}

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
if [[ -n $BEFORE ]]; then
  # The earlier build, from a worktree of its own (runs on the database this build migrates).
  BEFORE_DIR=$(mktemp -d /tmp/plugs-bench-before.XXXXXX)
  git worktree add -q --detach "$BEFORE_DIR" "$BEFORE"
  dotnet build -c Release -v q -clp:ErrorsOnly "$BEFORE_DIR/src/Plugs.Api/Plugs.Api.csproj"
  BEFORE_DLL=$BEFORE_DIR/src/Plugs.Api/bin/Release/net10.0/Plugs.Api.dll
fi

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
cleanup() {
  kill "${pids[@]}" 2>/dev/null || true
  if [[ -n $BEFORE ]]; then git worktree remove --force "$BEFORE_DIR" || true; fi
}
trap cleanup EXIT
ASPNETCORE_URLS=$API_URL dotnet "$API_DLL" "${QUIET[@]}" >$LOGS-api.log 2>&1 & pids+=($!)
dotnet "$BENCH_DLL" baseline --port $((PORT + 1)) --connection "$ConnectionStrings__Postgres" >$LOGS-baseline.log 2>&1 & pids+=($!)
if [[ -n $BEFORE ]]; then
  ASPNETCORE_URLS=$BEFORE_URL dotnet "$BEFORE_DLL" "${QUIET[@]}" >$LOGS-before.log 2>&1 & pids+=($!)
fi
for _ in $(seq 1 60); do
  curl -sf $API_URL/health/live >/dev/null && curl -sf $BASE_URL/health >/dev/null \
    && { [[ -z $BEFORE ]] || curl -sf $BEFORE_URL/health/live >/dev/null; } && break
  sleep 1
done
# Signs in (registering on first use) and prints the access token and the organization id.
account() {
  local body
  if body=$(curl -sf -X POST $API_URL/api/v1/auth/login -H 'content-type: application/json' -d "{$1}"); then :; else
    body=$(curl -sf -X POST $API_URL/api/v1/auth/register -H 'content-type: application/json' \
      -d "{\"organization_name\":\"$2\",$1,\"first_name\":\"Ben\",\"last_name\":\"Ch\"}")
  fi
  echo "$(sed -E 's/.*"access_token":"([^"]+)".*/\1/' <<<"$body") $(sed -E 's/.*"organization":\{"id":"([^"]+)".*/\1/' <<<"$body")"
}

SUPER="Host=127.0.0.1;Port=$PG_PORT;Database=$DB;Username=postgres;Command Timeout=600"
WARM=${BENCH_WARMUP:-60}
# Both servers start cold: run each through its requests first (not measured) so tiered JIT has
# settled before the measured runs, as it has in a server that has been up for a while. After 30 s
# the API's tiering thread still took a fifth of its CPU (it has far more code than the baseline
# to promote); after 60 s it is done.
warm() {
  local name=$1; shift
  dotnet "$BENCH_DLL" load --concurrency "$CONCURRENCY" --seconds "$WARM" --warmup 0 --name "warm-up $name" "$@" >/dev/null
}
# Two targets in alternating rounds (this VM's speed drifts by ±20 % over minutes; one long run
# each would measure the drift as much as the servers), totals over all rounds per side.
#   compare_urls NAME_A NAME_B "A header" "B header" A_URL... -- B_URL...
compare_urls() {
  local a_name=$1 b_name=$2 a_header=$3 b_header=$4; shift 4
  local args=() side=a
  for url in "$@"; do
    if [[ $url == -- ]]; then side=b; continue; fi
    args+=(--$side-url "$url")
  done
  dotnet "$BENCH_DLL" compare --concurrency "$CONCURRENCY" --rounds "$ROUNDS" --seconds "$ROUND_SECONDS" \
    --a-name "$a_name" --a-header "$a_header" --b-name "$b_name" --b-header "$b_header" "${args[@]}"
}
# Every element of an array with a prefix and a suffix.
wrap() { local prefix=$1 suffix=$2; shift 2; for x in "$@"; do echo "$prefix$x$suffix"; done; }

if [[ $SCENARIOS == *,list,* ]]; then
  read -r TOKEN ORG < <(account '"email":"bench@bench.example","password":"bench password 1"' "Bench Org")
  if [[ $REUSE == 0 ]]; then
    dotnet "$BENCH_DLL" seed --connection "$SUPER" --organization "$ORG" --contacts 100000 --filler-organizations 9 --filler-contacts 100000
    # As docs/operations.md advises after a bulk load: rebuild the search index (grown row by row
    # by COPY it is ~30 % bigger and twice as slow to scan) and refresh the statistics.
    "${PSQL[@]}" -d $DB -c "REINDEX INDEX idx_contacts_org_search_trgm" -c "VACUUM ANALYZE contacts"
  fi
  LIST='contact_type=plug&status=hot_lead&limit=50'
  SEARCH='q=conference%2042&limit=50'
  warm api --header "Authorization: Bearer $TOKEN" --url "$API_URL/api/v1/contacts/?$LIST" --url "$API_URL/api/v1/contacts/?$SEARCH"
  warm baseline --header "X-Organization: $ORG" --url "$BASE_URL/contacts?$LIST" --url "$BASE_URL/contacts?$SEARCH"
  for q in "list  |$LIST" "search|$SEARCH"; do
    compare_urls "api ${q%%|*}" "baseline ${q%%|*}" "Authorization: Bearer $TOKEN" "X-Organization: $ORG" \
      "$API_URL/api/v1/contacts/?${q#*|}" -- "$BASE_URL/contacts?${q#*|}"
  done

  # Import: a 100,000-row LinkedIn Connections.csv into a fresh organization.
  if [[ $REUSE == 0 ]]; then
    import_csv=$(mktemp --suffix=.csv)
    {
      printf 'Notes:\n"LinkedIn notes line"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n'
      awk 'BEGIN { for (i = 0; i < 100000; i++) printf "First%d,Last%d,https://www.linkedin.com/in/p%d,p%d@import.example,Company %d,Engineer,01 Jan 2024\n", i, i, i, i, i % 500 }'
    } >"$import_csv"
    read -r ITOKEN _ < <(account '"email":"import@bench.example","password":"bench password 1"' "Import Org")
    start=$(date +%s.%N)
    curl -sf -o /tmp/plugs-bench-import.json -H "Authorization: Bearer $ITOKEN" -F "file=@$import_csv" -F format=linkedin $API_URL/api/v1/contacts/import
    end=$(date +%s.%N)
    created=$(grep -o '"created":[0-9]*' /tmp/plugs-bench-import.json)
    echo "import 100000-row LinkedIn CSV: $(echo "$end - $start" | bc) s ($created)"
    rm -f "$import_csv"
  fi
fi

if [[ $SCENARIOS == *,network,* || $SCENARIOS == *,contact,* ]]; then
  read -r NTOKEN NORG < <(account '"email":"network@bench.example","password":"bench password 1"' "Network Org")
  if [[ $("${PSQL[@]}" -d $DB -tAc "SELECT count(*) FROM contact_relationships WHERE organization_id = '$NORG'") == 0 ]]; then
    dotnet "$BENCH_DLL" seed-network --connection "$SUPER" --organization "$NORG" --contacts 1000 --degree 20 --clique 32 --interactions 10
  fi
  # 50 contacts of the big graph and 8 of the clique, the same ones every run.
  mapfile -t GRAPH < <("${PSQL[@]}" -d $DB -tAc "SELECT id FROM contacts WHERE organization_id = '$NORG' AND first_name = 'Graph' ORDER BY md5(id::text) LIMIT 50")
  mapfile -t CLIQUE < <("${PSQL[@]}" -d $DB -tAc "SELECT id FROM contacts WHERE organization_id = '$NORG' AND first_name = 'Clique' ORDER BY md5(id::text) LIMIT 8")
  AUTH="Authorization: Bearer $NTOKEN"
fi

if [[ $SCENARIOS == *,network,* ]]; then
  # GET /contacts/{id}/intro-paths with the defaults (max_hops=3, limit=5).
  mapfile -t PATHS < <(wrap "$API_URL/api/v1/contacts/" /intro-paths "${GRAPH[@]}")
  mapfile -t CLIQUE_PATHS < <(wrap "$API_URL/api/v1/contacts/" /intro-paths "${CLIQUE[@]}")
  warm "intro paths" --header "$AUTH" $(printf -- '--url %s ' "${PATHS[@]}" "${CLIQUE_PATHS[@]}")
  if [[ -n $BEFORE ]]; then
    warm "intro paths before" --header "$AUTH" $(printf -- '--url %s ' "${PATHS[@]//$API_URL/$BEFORE_URL}")
    compare_urls "intro paths, graph" "intro paths, graph, $BEFORE" "$AUTH" "$AUTH" "${PATHS[@]}" -- "${PATHS[@]//$API_URL/$BEFORE_URL}"
    compare_urls "intro paths, clique" "intro paths, clique, $BEFORE" "$AUTH" "$AUTH" "${CLIQUE_PATHS[@]}" -- "${CLIQUE_PATHS[@]//$API_URL/$BEFORE_URL}"
  else
    dotnet "$BENCH_DLL" load --concurrency "$CONCURRENCY" --seconds $((ROUNDS * ROUND_SECONDS)) --name "intro paths, graph" --header "$AUTH" $(printf -- '--url %s ' "${PATHS[@]}")
    dotnet "$BENCH_DLL" load --concurrency "$CONCURRENCY" --seconds $((ROUNDS * ROUND_SECONDS)) --name "intro paths, clique" --header "$AUTH" $(printf -- '--url %s ' "${CLIQUE_PATHS[@]}")
  fi
fi

if [[ $SCENARIOS == *,contact,* ]]; then
  # GET /contacts/{id}: the contact, its 10 interactions and its ~20 relationships.
  mapfile -t DETAIL < <(wrap "$API_URL/api/v1/contacts/" "" "${GRAPH[@]}")
  mapfile -t BASE_DETAIL < <(wrap "$BASE_URL/contacts/" "" "${GRAPH[@]}")
  warm "contact" --header "$AUTH" $(printf -- '--url %s ' "${DETAIL[@]}")
  warm "contact baseline" --header "X-Organization: $NORG" $(printf -- '--url %s ' "${BASE_DETAIL[@]}")
  compare_urls "api contact" "baseline contact" "$AUTH" "X-Organization: $NORG" "${DETAIL[@]}" -- "${BASE_DETAIL[@]}"
  if [[ -n $BEFORE ]]; then
    warm "contact before" --header "$AUTH" $(printf -- '--url %s ' "${DETAIL[@]//$API_URL/$BEFORE_URL}")
    compare_urls "api contact" "api contact, $BEFORE" "$AUTH" "$AUTH" "${DETAIL[@]}" -- "${DETAIL[@]//$API_URL/$BEFORE_URL}"
  fi
fi
