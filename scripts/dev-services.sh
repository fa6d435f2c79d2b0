#!/usr/bin/env bash
# Developer helper: start the same private PostgreSQL + Redis that
# scripts/test.sh uses, in the background, so tests or benchmarks can be run
# by hand.
#
#   eval "$(scripts/dev-services.sh)"      # start (or reuse) and export vars
#   dotnet test ThePlugs.slnx
#   scripts/dev-services.sh stop           # stop both and delete the state
#
# Commands: start (default; prints the export lines on stdout), env (print
# the export lines of the running services), status, stop.
# State lives in /tmp/plugs-dev-services (override: PLUGS_DEV_SERVICES_DIR).
# Ports: first free from 55432 / 56379, or PLUGS_TEST_PG_PORT / PLUGS_TEST_REDIS_PORT.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/services.sh
source "$SCRIPT_DIR/lib/services.sh"
export DEBIAN_FRONTEND=noninteractive

STATE=${PLUGS_DEV_SERVICES_DIR:-/tmp/plugs-dev-services}
# Never leave a temporary /usr/sbin/policy-rc.d behind (see plugs_apt_install).
trap 'plugs_restore_policy_rc || true' EXIT

print_env() {
    PLUGS_PG_PORT=$(cat "$STATE/pg.port")
    PLUGS_REDIS_PORT=$(cat "$STATE/redis.port")
    plugs_export_env
    printf 'export PLUGS_TEST_POSTGRES="%s"\n' "$PLUGS_TEST_POSTGRES"
    printf 'export PLUGS_TEST_REDIS="%s"\n' "$PLUGS_TEST_REDIS"
}

# True when both servers recorded in $STATE answer.
running() {
    [[ -f $STATE/pg.port && -f $STATE/redis.port && -f $STATE/pg.bindir ]] || return 1
    local bin pg_port redis_port pid
    bin=$(cat "$STATE/pg.bindir")
    pg_port=$(cat "$STATE/pg.port")
    redis_port=$(cat "$STATE/redis.port")
    pid=$(cat "$STATE/redis/redis.pid" 2>/dev/null || true)
    [[ -f $STATE/pgdata/postmaster.pid ]] &&
        "$bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" -t 2 &&
        [[ -n $pid ]] && _plugs_redis_is "$redis_port" "$pid"
}

stop() {
    if [[ -d $STATE ]]; then
        plugs_stop_services "$STATE"
        rm -rf "$STATE"
        plugs_log "stopped; removed $STATE"
    else
        plugs_log "not running"
    fi
}

start() {
    if running; then
        plugs_log "already running ($STATE)"
        print_env
        return 0
    fi
    if [[ -d $STATE ]]; then
        plugs_log "removing stale $STATE"
        stop
    fi
    mkdir -p "$STATE"
    if ! plugs_start_services "$STATE"; then
        plugs_restore_policy_rc || true
        plugs_stop_services "$STATE"
        rm -rf "$STATE"
        plugs_die "could not start services"
        return 1
    fi
    plugs_log "running in background; stop with: $0 stop"
    print_env
}

case ${1:-start} in
    start) start ;;
    stop) stop ;;
    env)
        running || plugs_die "not running; start with: $0"
        print_env
        ;;
    status)
        if running; then
            plugs_log "running ($STATE)"
            print_env
        else
            plugs_log "not running"
            exit 1
        fi
        ;;
    *)
        echo "usage: $0 [start|stop|env|status]" >&2
        exit 2
        ;;
esac
