#!/usr/bin/env bash
# CPU time per request of each process involved, around one load run: the API, the baseline,
# PostgreSQL's backends and Redis (from /proc/<pid>/stat, user+system). Use it on a running
# bench setup (bench/run.sh leaves nothing running; start the servers as it does).
#   bench/cpu-per-request.sh NAME URL [load options...]   e.g. --header "Authorization: Bearer …"
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1 url=$2; shift 2
BENCH_DLL=bench/Plugs.Bench/bin/Release/net10.0/Plugs.Bench.dll
ticks() {
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$total"
}
snapshot() {
  echo "api=$(ticks $(pgrep -f Plugs.Api.dll || true)) baseline=$(ticks $(pgrep -f 'Plugs.Bench.dll baseline' || true))" \
       "postgres=$(ticks $(pgrep -u postgres || true)) redis=$(ticks $(pgrep redis-server || true))"
}
before=$(snapshot)
# Every request the load sends counts, so no warm-up (warm the servers first).
result=$(dotnet "$BENCH_DLL" load --name "$name" --url "$url" "$@" --warmup 0)
after=$(snapshot)
echo "$result"
# The load's own --seconds (the first one given; the load generator's default is 20).
seconds=$(grep -oE -- '--seconds [0-9]+' <<<"$* --seconds 20" | head -1 | cut -d' ' -f2)
rate=$(sed -E 's/.*: ([0-9.]+) req\/s.*/\1/' <<<"$result")
hz=$(getconf CLK_TCK)
python3 - "$before" "$after" "$rate" "$seconds" "$hz" <<'PY'
import sys
before = dict(kv.split('=') for kv in sys.argv[1].split())
after = dict(kv.split('=') for kv in sys.argv[2].split())
requests = float(sys.argv[3]) * float(sys.argv[4])
hz = float(sys.argv[5])
print("CPU ms per request: " + ", ".join(
    f"{k} {(int(after[k]) - int(before[k])) * 1000 / hz / requests:.2f}" for k in after))
PY
