#!/usr/bin/env bash
# Runs the whole test suite (dotnet test ThePlugs.slnx) against a private,
# throw-away PostgreSQL cluster and Redis server on 127.0.0.1, then prints
#   Tests: N passed, N failed[, N skipped]
# as the last line. Exit status is non-zero when the build or any test failed,
# or when no test ran at all.
#
# Usage: scripts/test.sh [extra dotnet test args, e.g. --filter FullyQualifiedName~Foo]
#
# Exported to the tests:
#   PLUGS_TEST_POSTGRES="Host=127.0.0.1;Port=<port>;Username=postgres;Database=postgres"
#   PLUGS_TEST_REDIS="127.0.0.1:<port>"
#
# Optional environment:
#   PLUGS_REPO_ROOT         repo root to test (default: this script's parent dir)
#   PLUGS_TEST_PG_PORT      fixed PostgreSQL port (default: first free from 55432)
#   PLUGS_TEST_REDIS_PORT   fixed Redis port (default: first free from 56379)
#   PLUGS_TEST_RESULTS_DIR  copy the .trx files there before the temp dir is removed
#   PLUGS_KEEP_TMP=1        keep the temp dir (logs, trx) instead of deleting it
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=${PLUGS_REPO_ROOT:-$(cd "$SCRIPT_DIR/.." && pwd)}
SOLUTION=ThePlugs.slnx

# shellcheck source=lib/services.sh
source "$SCRIPT_DIR/lib/services.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_GENERATE_ASPNET_CERTIFICATE=false
# One-shot build: no MSBuild worker nodes left running afterwards.
export MSBUILDDISABLENODEREUSE=${MSBUILDDISABLENODEREUSE:-1}
export DEBIAN_FRONTEND=noninteractive

WORK=""
DOTNET_PID=""

# Stop whatever dotnet test left behind (testhost, compiler server started by
# this run): it runs in its own process group, see below.
stop_dotnet_group() {
    [[ -n $DOTNET_PID ]] || return 0
    local i
    kill -TERM -- "-$DOTNET_PID" 2>/dev/null || { DOTNET_PID=""; return 0; }
    for ((i = 0; i < 50; i++)); do
        kill -0 -- "-$DOTNET_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL -- "-$DOTNET_PID" 2>/dev/null || true
    DOTNET_PID=""
}

stop_services() {
    [[ -n $WORK ]] || return 0
    plugs_stop_services "$WORK"
}

remove_work() {
    [[ -n $WORK && -d $WORK ]] || return 0
    if [[ ${PLUGS_KEEP_TMP:-0} == 1 ]]; then
        plugs_log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
    WORK=""
}

cleanup() {
    stop_dotnet_group || true
    stop_services || true
    plugs_restore_policy_rc || true
    remove_work || true
}

on_signal() {
    trap - INT TERM HUP
    plugs_log "interrupted; cleaning up"
    exit "$1" # the EXIT trap does the cleanup
}

trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

# Sum the <Counters .../> of every .trx file under $1 into TRX_* variables.
TRX_FILES=0 TRX_TOTAL=0 TRX_EXECUTED=0 TRX_PASSED=0 TRX_FAILED=0 TRX_SKIPPED=0
sum_trx() {
    local dir=$1 f counters
    trx_attr() { # $1 = attribute name; prints its number or 0
        local v
        v=$(sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p" <<<"$counters")
        printf '%s' "${v:-0}"
    }
    while IFS= read -r -d '' f; do
        counters=$(tr '\r\n\t' '   ' <"$f" | grep -o '<Counters[[:space:]][^>]*>' | head -n 1 || true)
        [[ -n $counters ]] || continue
        local total executed passed failed
        total=$(trx_attr total)
        executed=$(trx_attr executed)
        passed=$(trx_attr passed)
        failed=$(( $(trx_attr failed) + $(trx_attr error) + $(trx_attr timeout) + $(trx_attr aborted) ))
        TRX_FILES=$((TRX_FILES + 1))
        TRX_TOTAL=$((TRX_TOTAL + total))
        TRX_EXECUTED=$((TRX_EXECUTED + executed))
        TRX_PASSED=$((TRX_PASSED + passed))
        TRX_FAILED=$((TRX_FAILED + failed))
        # Skipped tests ([Fact(Skip=...)]) are in total but not executed.
        if ((total > executed)); then
            TRX_SKIPPED=$((TRX_SKIPPED + total - executed))
        fi
    done < <(find "$dir" -type f -name '*.trx' -print0 2>/dev/null)
}

summary_line() {
    local line="Tests: $TRX_PASSED passed, $TRX_FAILED failed"
    ((TRX_SKIPPED > 0)) && line+=", $TRX_SKIPPED skipped"
    printf '%s\n' "$line"
}

# --- preconditions -----------------------------------------------------------
if [[ ! -f $REPO_ROOT/$SOLUTION ]]; then
    plugs_log "ERROR: $REPO_ROOT/$SOLUTION not found"
    summary_line
    exit 1
fi
if ! command -v dotnet >/dev/null 2>&1; then
    plugs_log "ERROR: dotnet not found on PATH"
    summary_line
    exit 1
fi

# --- services ----------------------------------------------------------------
WORK=$(mktemp -d "${PLUGS_TMP_PARENT:-/tmp}/plugs-test.XXXXXX")
if ! plugs_start_services "$WORK"; then
    plugs_log "ERROR: could not start PostgreSQL/Redis"
    cleanup
    summary_line
    exit 1
fi
plugs_log "PLUGS_TEST_POSTGRES=$PLUGS_TEST_POSTGRES"
plugs_log "PLUGS_TEST_REDIS=$PLUGS_TEST_REDIS"

# --- tests -------------------------------------------------------------------
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
plugs_log "dotnet test $SOLUTION -c Release $*"
# setsid: dotnet and everything it spawns get their own process group, so an
# interrupt or the end of the run can stop all of it (and nothing else).
# Run in the background + wait so INT/TERM traps fire immediately.
cd "$REPO_ROOT"
setsid dotnet test "$SOLUTION" -c Release --logger "trx" --results-directory "$RESULTS" "$@" &
DOTNET_PID=$!
DOTNET_RC=0
wait "$DOTNET_PID" || DOTNET_RC=$?
stop_dotnet_group

stop_services
plugs_log "stopped PostgreSQL and Redis"

# --- summary -----------------------------------------------------------------
sum_trx "$RESULTS"
if [[ -n ${PLUGS_TEST_RESULTS_DIR:-} && $TRX_FILES -gt 0 ]]; then
    mkdir -p "$PLUGS_TEST_RESULTS_DIR"
    find "$RESULTS" -type f -name '*.trx' -exec cp {} "$PLUGS_TEST_RESULTS_DIR"/ \;
    plugs_log "trx files copied to $PLUGS_TEST_RESULTS_DIR"
fi
remove_work

EXIT=0
if ((DOTNET_RC != 0)); then
    plugs_log "FAILED: dotnet test exited with $DOTNET_RC"
    EXIT=$DOTNET_RC
fi
if ((TRX_FAILED > 0)); then
    plugs_log "FAILED: $TRX_FAILED test(s) failed"
    EXIT=1
fi
if ((TRX_FILES == 0)); then
    plugs_log "FAILED: no .trx results (build failure?)"
    EXIT=1
elif ((TRX_EXECUTED == 0)); then
    plugs_log "FAILED: no test was executed"
    EXIT=1
fi
summary_line
exit "$EXIT"
