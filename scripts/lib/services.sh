# shellcheck shell=bash
# Shared helpers for scripts/test.sh and scripts/dev-services.sh:
# install (if missing), start and stop a private, throw-away PostgreSQL cluster
# and Redis server, both listening on 127.0.0.1 only.
#
# Everything lives in one "base dir" chosen by the caller:
#   <base>/pg.bindir      PostgreSQL bin dir used to create the cluster
#   <base>/pgdata/        cluster data dir            (owned by postgres)
#   <base>/pgrun/         unix socket dir + server log (owned by postgres)
#   <base>/pg.port        port PostgreSQL listens on
#   <base>/redis/         redis working dir, pidfile, log
#   <base>/redis.port     port Redis listens on
#
# Environment overrides:
#   PLUGS_TEST_PG_PORT     use exactly this PostgreSQL port (no probing)
#   PLUGS_TEST_REDIS_PORT  use exactly this Redis port (no probing)
#   PLUGS_PG_BINDIR        use this PostgreSQL bin dir instead of searching
#
# Callers are expected to run with `set -euo pipefail`.

PLUGS_PG_FIRST_PORT=55432
PLUGS_REDIS_FIRST_PORT=56379
PLUGS_PORT_TRIES=50

PLUGS_PG_BIN=""
PLUGS_PG_PORT=""
PLUGS_REDIS_PORT=""
_PLUGS_APT_UPDATED=0
_PLUGS_POLICY_RC_CREATED=0

plugs_log() { printf '[plugs] %s\n' "$*" >&2; }
plugs_die() { printf '[plugs] ERROR: %s\n' "$*" >&2; return 1; }

# Run a command as root (directly, or through sudo when not root).
_plugs_as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n "$@"
    else
        plugs_die "need root (or sudo) to run: $*"
    fi
}

# Run a command as the postgres OS user when we are root (PostgreSQL refuses
# to run as root); as the current user otherwise.
_plugs_as_pg() {
    if [[ $EUID -eq 0 ]]; then
        # cd / so postgres does not complain about an unreadable cwd (/root).
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# Remove a policy-rc.d we created to keep apt from starting services.
plugs_restore_policy_rc() {
    if [[ $_PLUGS_POLICY_RC_CREATED -eq 1 ]]; then
        _plugs_as_root rm -f /usr/sbin/policy-rc.d || true
        _PLUGS_POLICY_RC_CREATED=0
    fi
}

# apt-get install the given packages non-interactively, without letting the
# packages' maintainer scripts start system services (policy-rc.d -> 101).
plugs_apt_install() {
    command -v apt-get >/dev/null 2>&1 || plugs_die "apt-get not found; install manually: $*" || return 1
    local log
    log=$(mktemp /tmp/plugs-apt.XXXXXX.log)
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' | _plugs_as_root tee /usr/sbin/policy-rc.d >/dev/null
        _plugs_as_root chmod 755 /usr/sbin/policy-rc.d
        _PLUGS_POLICY_RC_CREATED=1
    fi
    local rc=0 apt_opts=(-q -o DPkg::Lock::Timeout=300)
    if [[ $_PLUGS_APT_UPDATED -eq 0 ]]; then
        plugs_log "apt-get update"
        # A failing third-party source makes update fail; try the install anyway.
        if ! _plugs_as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update >"$log" 2>&1; then
            plugs_log "warning: apt-get update failed; trying the install anyway"
            grep -E '^(E|W):' "$log" | tail -n 5 >&2 || true
        fi
        _PLUGS_APT_UPDATED=1
    fi
    plugs_log "apt-get install $*"
    _plugs_as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y \
        --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "$@" >>"$log" 2>&1 || rc=$?
    plugs_restore_policy_rc
    if [[ $rc -ne 0 ]]; then
        tail -n 30 "$log" >&2 || true
        rm -f "$log"
        plugs_die "apt-get failed (exit $rc) installing: $*"
        return 1
    fi
    rm -f "$log"
}

# Print the PostgreSQL bin dir (highest version under /usr/lib/postgresql,
# else pg_config --bindir, else PATH); empty if none has initdb+pg_ctl.
_plugs_find_pg_bindir() {
    local d
    if [[ -n ${PLUGS_PG_BINDIR:-} ]]; then
        printf '%s\n' "$PLUGS_PG_BINDIR"
        return 0
    fi
    # Highest version first (version sort on the directory names).
    local dirs=()
    if compgen -G '/usr/lib/postgresql/*/bin' >/dev/null; then
        mapfile -t dirs < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5Vr)
    fi
    for d in "${dirs[@]}"; do
        if [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then
            printf '%s\n' "$d"
            return 0
        fi
    done
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n $d && -x $d/initdb && -x $d/pg_ctl ]]; then
            printf '%s\n' "$d"
            return 0
        fi
    fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        d=$(dirname "$(readlink -f "$(command -v pg_ctl)")")
        if [[ -x $d/initdb && -x $d/postgres ]]; then
            printf '%s\n' "$d"
            return 0
        fi
    fi
    return 0
}

# Ensure PostgreSQL server binaries and the postgres OS user exist.
# Sets PLUGS_PG_BIN.
plugs_ensure_postgres() {
    PLUGS_PG_BIN=$(_plugs_find_pg_bindir)
    if [[ -z $PLUGS_PG_BIN ]]; then
        plugs_log "PostgreSQL server binaries not found; installing"
        if ! plugs_apt_install postgresql-15; then
            plugs_log "postgresql-15 failed; trying the distribution's 'postgresql'"
            plugs_apt_install postgresql || return 1
        fi
        PLUGS_PG_BIN=$(_plugs_find_pg_bindir)
        [[ -n $PLUGS_PG_BIN ]] || plugs_die "PostgreSQL installed but no bin dir with initdb/pg_ctl found" || return 1
    fi
    local tool
    for tool in initdb pg_ctl postgres pg_isready; do
        [[ -x $PLUGS_PG_BIN/$tool ]] || plugs_die "$PLUGS_PG_BIN/$tool missing" || return 1
    done
    if [[ $EUID -eq 0 ]] && ! id -u postgres >/dev/null 2>&1; then
        plugs_log "creating OS user postgres"
        useradd --system --user-group --home-dir /var/lib/postgresql \
            --no-create-home --shell /bin/bash postgres
    fi
}

# Ensure redis-server and redis-cli exist.
plugs_ensure_redis() {
    if ! command -v redis-server >/dev/null 2>&1; then
        plugs_log "redis-server not found; installing"
        plugs_apt_install redis-server || return 1
    fi
    if ! command -v redis-cli >/dev/null 2>&1; then
        plugs_apt_install redis-tools || return 1
    fi
    command -v redis-server >/dev/null 2>&1 || plugs_die "redis-server still not on PATH" || return 1
}

# True when something already listens on 127.0.0.1:$1 (or on any address
# with that port, according to ss).
_plugs_port_busy() {
    local port=$1
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        return 0
    fi
    if command -v ss >/dev/null 2>&1 && [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]; then
        return 0
    fi
    return 1
}

# True when process $1 is alive and its command line mentions $2.
_plugs_pid_is() {
    local pid=$1 word=$2 cmd
    kill -0 "$pid" 2>/dev/null || return 1
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)
    [[ $cmd == *"$word"* ]]
}

# Ports to try: the override alone, or the first free-looking ports from $1.
_plugs_candidate_ports() {
    local override=$1 first=$2 p n=0
    if [[ -n $override ]]; then
        printf '%s\n' "$override"
        return 0
    fi
    for ((p = first; p < first + 500 && n < PLUGS_PORT_TRIES; p++)); do
        if ! _plugs_port_busy "$p"; then
            printf '%s\n' "$p"
            n=$((n + 1))
        fi
    done
}

_plugs_initdb() {
    local base=$1 locale_opts=(--no-locale)
    if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
        locale_opts=(--locale=C.UTF-8)
    fi
    mkdir -p "$base/pgdata" "$base/pgrun"
    chmod 700 "$base/pgdata" "$base/pgrun"
    if [[ $EUID -eq 0 ]]; then
        chown postgres:postgres "$base/pgdata" "$base/pgrun"
    fi
    if ! _plugs_as_pg "$PLUGS_PG_BIN/initdb" -D "$base/pgdata" -U postgres -A trust \
        --encoding=UTF8 "${locale_opts[@]}" >"$base/initdb.log" 2>&1; then
        tail -n 20 "$base/initdb.log" >&2 || true
        plugs_die "initdb failed"
        return 1
    fi
    # Settings for a disposable, fast test server. The port is passed on the
    # pg_ctl command line so a retry on another port needs no edit here.
    cat >>"$base/pgdata/postgresql.conf" <<EOF

# --- The Plugs: private throw-away test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$base/pgrun'
max_connections = 300
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_wal_size = 2GB
checkpoint_timeout = 30min
jit = off
timezone = 'UTC'
log_timezone = 'UTC'
lc_messages = 'C'
logging_collector = off
EOF
}

# Start PostgreSQL in $1 (a fresh base dir). Sets PLUGS_PG_PORT.
plugs_start_postgres() {
    local base=$1 port log="$base/pgrun/postgres.log"
    printf '%s\n' "$PLUGS_PG_BIN" >"$base/pg.bindir"
    _plugs_initdb "$base" || return 1
    local ports
    ports=$(_plugs_candidate_ports "${PLUGS_TEST_PG_PORT:-}" "$PLUGS_PG_FIRST_PORT")
    [[ -n $ports ]] || plugs_die "no free port for PostgreSQL" || return 1
    for port in $ports; do
        if _plugs_as_pg "$PLUGS_PG_BIN/pg_ctl" -D "$base/pgdata" -l "$log" -w -t 60 \
            -o "-p $port" start >/dev/null 2>&1; then
            local i
            for ((i = 0; i < 120; i++)); do
                if "$PLUGS_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 2; then
                    PLUGS_PG_PORT=$port
                    printf '%s\n' "$port" >"$base/pg.port"
                    return 0
                fi
                sleep 0.5
            done
            plugs_log "PostgreSQL started on port $port but never became ready"
            plugs_stop_postgres "$base"
        fi
        plugs_log "PostgreSQL could not start on port $port"
        tail -n 5 "$log" >&2 2>/dev/null || true
    done
    plugs_die "PostgreSQL failed to start (server log lines above)"
}

# Stop PostgreSQL of base dir $1 (no-op when not running).
plugs_stop_postgres() {
    local base=$1 bin pid
    [[ -f $base/pgdata/postmaster.pid ]] || return 0
    bin=$(cat "$base/pg.bindir" 2>/dev/null || printf '%s' "$PLUGS_PG_BIN")
    pid=$(head -n 1 "$base/pgdata/postmaster.pid" 2>/dev/null || true)
    if [[ -n $bin && -x $bin/pg_ctl ]]; then
        _plugs_as_pg "$bin/pg_ctl" -D "$base/pgdata" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    if [[ $pid =~ ^[0-9]+$ ]] && _plugs_pid_is "$pid" postgres; then
        kill -QUIT "$pid" 2>/dev/null || true
        local i
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$base/pgdata/postmaster.pid"
}

# Start Redis in $1. Sets PLUGS_REDIS_PORT.
plugs_start_redis() {
    local base=$1 dir="$base/redis" port
    mkdir -p "$dir"
    chmod 700 "$dir"
    local ports
    ports=$(_plugs_candidate_ports "${PLUGS_TEST_REDIS_PORT:-}" "$PLUGS_REDIS_FIRST_PORT")
    [[ -n $ports ]] || plugs_die "no free port for Redis" || return 1
    for port in $ports; do
        rm -f "$dir/redis.pid"
        # --save '' must stay one (empty) argument: it turns RDB snapshots off.
        # Redis writes its pidfile only after binding the port, so no pidfile
        # means it could not bind (port taken since the probe): try the next.
        if redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes \
            --save '' --appendonly no --daemonize yes \
            --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/redis.log" \
            >/dev/null 2>&1; then
            local i pid=""
            for ((i = 0; i < 150; i++)); do
                pid=$(cat "$dir/redis.pid" 2>/dev/null || true)
                if [[ -n $pid ]] && _plugs_redis_is "$port" "$pid"; then
                    PLUGS_REDIS_PORT=$port
                    printf '%s\n' "$port" >"$base/redis.port"
                    return 0
                fi
                if [[ -z $pid ]] && ((i >= 50)); then
                    break
                fi
                sleep 0.1
            done
            _plugs_kill_redis_pid "$dir"
        fi
        plugs_log "Redis could not start on port $port"
        tail -n 3 "$dir/redis.log" >&2 2>/dev/null || true
    done
    plugs_die "Redis failed to start (server log lines above)"
}

# True when the Redis answering on 127.0.0.1:$1 is process $2 (ours).
_plugs_redis_is() {
    local port=$1 pid=$2 info
    info=$(redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null | tr -d '\r') || return 1
    grep -qx "process_id:$pid" <<<"$info"
}

# Kill the Redis whose pid is in $1/redis.pid, if any; wait until it is gone.
_plugs_kill_redis_pid() {
    local dir=$1 pid="" i
    [[ -f $dir/redis.pid ]] && pid=$(cat "$dir/redis.pid" 2>/dev/null || true)
    # Only a live redis process (a stale pidfile's pid may have been reused).
    if [[ $pid =~ ^[0-9]+$ ]] && _plugs_pid_is "$pid" redis; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/redis.pid"
}

# Stop Redis of base dir $1 (no-op when not running): SHUTDOWN NOSAVE if the
# server on the recorded port is ours, then make sure the pid is gone.
plugs_stop_redis() {
    local base=$1 dir="$1/redis" port="" pid="" i
    [[ -f $base/redis.port ]] && port=$(cat "$base/redis.port" 2>/dev/null || true)
    [[ -f $dir/redis.pid ]] && pid=$(cat "$dir/redis.pid" 2>/dev/null || true)
    if [[ -n $port && $pid =~ ^[0-9]+$ ]] && _plugs_redis_is "$port" "$pid"; then
        redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
        for ((i = 0; i < 30; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
    fi
    _plugs_kill_redis_pid "$dir"
    rm -f "$base/redis.port"
}

# Install what is missing, then start both servers in base dir $1 and export
# PLUGS_TEST_POSTGRES / PLUGS_TEST_REDIS.
plugs_start_services() {
    local base=$1
    plugs_ensure_postgres || return 1
    plugs_ensure_redis || return 1
    # postgres must be able to traverse the base dir.
    chmod 755 "$base"
    plugs_log "PostgreSQL bin: $PLUGS_PG_BIN ($("$PLUGS_PG_BIN/postgres" --version | awk '{print $3}'))"
    plugs_start_postgres "$base" || return 1
    plugs_log "PostgreSQL ready on 127.0.0.1:$PLUGS_PG_PORT (superuser postgres, trust auth)"
    plugs_start_redis "$base" || return 1
    plugs_log "Redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') ready on 127.0.0.1:$PLUGS_REDIS_PORT"
    plugs_export_env
}

plugs_export_env() {
    export PLUGS_TEST_POSTGRES="Host=127.0.0.1;Port=${PLUGS_PG_PORT};Username=postgres;Database=postgres"
    export PLUGS_TEST_REDIS="127.0.0.1:${PLUGS_REDIS_PORT}"
}

# Stop both servers of base dir $1. Never fails.
plugs_stop_services() {
    local base=$1
    [[ -n $base && -d $base ]] || return 0
    plugs_stop_redis "$base" || true
    plugs_stop_postgres "$base" || true
}
