#!/usr/bin/env bash
# Load test of the channel API: CreateChannel + DeleteChannel against a fresh Hibiki on the embedded H2 database.
#
#   bench/channel-api.sh                                  # 30 s warm-up, then wrk -t1 -c16 -d30s --latency
#   BENCH_CONNECTIONS=32 BENCH_THREADS=2 bench/channel-api.sh
#
# Settings (environment):
#   BENCH_DURATION      measured seconds (default 30)
#   BENCH_WARMUP        warm-up seconds, same load, not reported (default 30: C2 is still compiling after 10 s
#                       on 2 cores and its CPU use shows up as queueing in p99; 0 skips it)
#   BENCH_CONNECTIONS   wrk connections (default 16)
#   BENCH_THREADS       wrk threads (default 1)
#   BENCH_RATE          pace the measured run to this many requests/s in all (default: unpaced, closed loop;
#                       see bench/channel-api.lua). The warm-up is never paced.
#   BENCH_TIMEOUT       wrk per-request timeout in seconds; slower requests count as failures (default 2)
#   BENCH_WARMUP_TIMEOUT  the same for the warm-up, where the JIT compilers still compete for the cores (default 10)
#   BENCH_WAIT_QUIET    wait up to this many seconds for the machine to be < 10% busy before starting (default 0)
#   BENCH_KEEP_LOG      a file to copy the server's log (access log included) to before cleaning up
#   BENCH_REQUIRE_GOAL  1: also fail when the goal (>= 3000 req/s and p99 < 20 ms) is missed (default 0)
#   HIBIKI_JAVA_OPTS    JVM flags for the server, passed through by bin/hibiki
#
# Starts the server in a temporary data directory on a port the kernel picks (--http-port 0), waits for
# GET /health = 200, reads the initial access token from its standard output, warms up, measures, stops the
# server with SIGTERM and removes the temporary directory, also on Ctrl-C or an error. Only 127.0.0.1 is
# targeted. Exits 1 when any request failed (non-200, socket error or timeout), 2 on a setup problem.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
script="$root/bench/channel-api.lua"

duration=${BENCH_DURATION:-30}
warmup=${BENCH_WARMUP:-30}
connections=${BENCH_CONNECTIONS:-16}
threads=${BENCH_THREADS:-1}
req_timeout=${BENCH_TIMEOUT:-2}
warmup_timeout=${BENCH_WARMUP_TIMEOUT:-10}
rate=${BENCH_RATE:-0}
wait_quiet=${BENCH_WAIT_QUIET:-0}
goal_rps=3000
goal_p99_ms=20

die() { echo "channel-api.sh: $*" >&2; exit 2; }
for v in duration warmup connections threads req_timeout warmup_timeout rate wait_quiet; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done
[ "$duration" -ge 1 ] || die "BENCH_DURATION must be at least 1"
[ "$threads" -ge 1 ] && [ "$connections" -ge "$threads" ] || die "need 1 <= BENCH_THREADS <= BENCH_CONNECTIONS"

if ! command -v wrk >/dev/null 2>&1; then
  echo "channel-api.sh: installing wrk (Debian package)..." >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update >/dev/null && apt-get install -y wrk >/dev/null
  else
    sudo apt-get update >/dev/null && sudo apt-get install -y wrk >/dev/null
  fi
  command -v wrk >/dev/null 2>&1 || die "wrk is missing and could not be installed"
fi
command -v curl >/dev/null 2>&1 || die "curl is needed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hibiki-bench.XXXXXX")
server_pid=""
wrk_pid=""

stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    # Graceful stop takes about a second; give it 30 s, then force it.
    for _ in $(seq 1 300); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "channel-api.sh: server did not stop within 30 s of SIGTERM; killing it" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$wrk_pid" ]; then kill -TERM "$wrk_pid" 2>/dev/null || true; wait "$wrk_pid" 2>/dev/null || true; fi
  stop_server
  if [ -n "${BENCH_KEEP_LOG:-}" ] && [ -f "$tmp/server.log" ]; then
    cp "$tmp/server.log" "$BENCH_KEEP_LOG" || true
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "channel-api.sh: interrupted" >&2; exit 130' INT TERM

# Build first (bin/hibiki builds when the jar is missing or stale), so that the wait below is for start-up only.
env -u HIBIKI_JAVA_OPTS "$root/bin/hibiki" --version >/dev/null || die "building or running bin/hibiki failed"

# CPU time, from /proc: of the server process (utime + stime), of this script's finished children (cutime +
# cstime: wrk, once it has been waited for) and of the whole machine (busy and total ticks).
hz=$(getconf CLK_TCK)
server_cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
children_cpu_ticks() { awk '{print $16 + $17}' "/proc/$$/stat"; }
machine_ticks() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6}' /proc/stat; }

# Load generator and server share the cores: anything else running skews the figures, so wait a while for a
# quiet machine if asked to, and say so when it is not.
busy_percent() { # over the next second
  local b0 a0 b1 a1
  read -r b0 a0 < <(machine_ticks); sleep 1; read -r b1 a1 < <(machine_ticks)
  awk -v b=$((b1 - b0)) -v a=$((a1 - a0)) 'BEGIN { printf "%.0f", (a > 0 ? 100 * b / a : 0) }'
}
idle_busy=$(busy_percent)
waited=0
while [ "$idle_busy" -gt 10 ] && [ "$waited" -lt "$wait_quiet" ]; do
  idle_busy=$(busy_percent); waited=$((waited + 1))
done
idle_note="machine ${idle_busy}% busy just before the server started"
[ "$waited" = 0 ] || idle_note="$idle_note (waited ${waited}s for a quiet machine)"
if [ "$idle_busy" -gt 10 ]; then
  echo "channel-api.sh: WARNING: other processes are using the CPU; the figures below will be lower than this" \
    "machine can do. Busiest processes:" >&2
  ps -eo pid,pcpu,comm --sort=-pcpu | head -n 6 >&2
fi

# The embedded H2 database and the default settings, whatever HIBIKI_* the caller's environment holds
# (HIBIKI_DB_POOL_SIZE and HIBIKI_JAVA_OPTS are left alone on purpose: they are knobs worth trying).
env -u HIBIKI_CONFIG -u HIBIKI_DB_URL -u HIBIKI_DB_USER -u HIBIKI_DB_PASSWORD -u HIBIKI_PUBLIC_URL \
  -u HIBIKI_HTTP_HOST -u HIBIKI_HTTP_PORT -u HIBIKI_HTTP_CORS_ORIGINS -u HIBIKI_DATA_DIR \
  HIBIKI_SKIP_BUILD=1 HIBIKI_LOG_LEVEL="${HIBIKI_LOG_LEVEL:-INFO}" \
  "$root/bin/hibiki" serve --data-dir "$tmp/data" --http-host 127.0.0.1 --http-port 0 \
  >"$tmp/server.out" 2>"$tmp/server.log" </dev/null &
server_pid=$!

# The banner names the port the kernel chose: "  Health:   http://127.0.0.1:PORT/health".
base=""
for _ in $(seq 1 600); do   # 60 s
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "channel-api.sh: the server exited during start-up; its log:" >&2
    tail -n 30 "$tmp/server.log" >&2
    exit 2
  fi
  base=$(sed -n 's#^ *Health: *\(http://127\.0\.0\.1:[0-9]*\)/health$#\1#p' "$tmp/server.out" | head -n 1)
  if [ -n "$base" ] && grep -q '^ *ACCESS_TOKEN=' "$tmp/server.out" \
      && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/health" || true)" = 200 ]; then
    break
  fi
  base=""
  sleep 0.1
done
[ -n "$base" ] || { tail -n 30 "$tmp/server.log" >&2; die "the server did not become healthy within 60 s"; }
ACCESS_TOKEN=$(sed -n 's/^ *ACCESS_TOKEN=\(hbk_[A-Za-z0-9_-]*\)$/\1/p' "$tmp/server.out" | head -n 1)
[ -n "$ACCESS_TOKEN" ] || die "no ACCESS_TOKEN line in the server's output"
export ACCESS_TOKEN

java_bin=$(readlink -f "/proc/$server_pid/exe" 2>/dev/null || echo java)
java_version=$("$java_bin" -version 2>&1 | head -n 1 || echo unknown)
echo "== Hibiki channel API benchmark: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "   machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "   server:  $base (pid $server_pid), $java_version ($java_bin)"
echo "   HIBIKI_JAVA_OPTS=${HIBIKI_JAVA_OPTS:-}"
echo "   idle:    $idle_note"
pacing="unpaced (closed loop)"
[ "$rate" = 0 ] || pacing="paced to $rate req/s (BENCH_RATE)"
echo "   load:    wrk -t$threads -c$connections -d${duration}s --timeout ${req_timeout}s --latency, $pacing;" \
  "warm-up ${warmup}s unpaced"

export BENCH_THREADS=$threads # the Lua script shares BENCH_RATE among the threads
run_wrk() { # seconds, per-request timeout, rate (0: unpaced), output file
  local rate_env=(-u BENCH_RATE)
  [ "$3" = 0 ] || rate_env=(BENCH_RATE="$3")
  # timeout bounds wrk even if it hangs; it normally stops by itself after -d. It runs in the background so that
  # a signal to this script is handled at once (bash runs traps only between commands, but does interrupt wait).
  env "${rate_env[@]}" timeout --kill-after=5 $(($1 + 30)) \
    wrk -t"$threads" -c"$connections" -d"$1"s --timeout "$2"s --latency -s "$script" "$base/" >"$4" 2>&1 &
  wrk_pid=$!
  local rc=0
  wait "$wrk_pid" || rc=$?
  wrk_pid=""
  return "$rc"
}

failed=0
if [ "$warmup" -gt 0 ]; then
  echo "== warm-up: ${warmup}s, unpaced, --timeout ${warmup_timeout}s"
  if ! run_wrk "$warmup" "$warmup_timeout" 0 "$tmp/warmup.txt"; then
    cat "$tmp/warmup.txt"; die "wrk failed during the warm-up"
  fi
  warm=$(grep '^RESULT ' "$tmp/warmup.txt" || true)
  echo "   ${warm:-no RESULT line}"
  if [[ $warm =~ failures=([0-9]+) ]] && [ "${BASH_REMATCH[1]}" -gt 0 ]; then
    echo "channel-api.sh: requests failed during the warm-up:" >&2
    sed -n '/^---- channel-api.lua/,$p' "$tmp/warmup.txt" >&2
    failed=1
  fi
fi

echo "== measured run: ${duration}s"
s0=$(server_cpu_ticks); c0=$(children_cpu_ticks); read -r b0 a0 < <(machine_ticks)
wrk_rc=0
run_wrk "$duration" "$req_timeout" "$rate" "$tmp/wrk.txt" || wrk_rc=$?
s1=$(server_cpu_ticks); c1=$(children_cpu_ticks); read -r b1 a1 < <(machine_ticks)
cat "$tmp/wrk.txt"
[ "$wrk_rc" = 0 ] || { echo "channel-api.sh: wrk exited with status $wrk_rc" >&2; failed=1; }

result=$(grep '^RESULT ' "$tmp/wrk.txt" || true)
[ -n "$result" ] || { echo "channel-api.sh: wrk printed no RESULT line" >&2; failed=1; }
field() { [[ $result =~ (^| )$1=([0-9.]+) ]] && echo "${BASH_REMATCH[2]}" || echo ""; }
rps=$(field rps); p99=$(field p99_ms); failures=$(field failures)

# Cores used during the measured run: machine-wide, by the server, by wrk, and by anything else.
awk -v s=$((s1 - s0)) -v w=$((c1 - c0)) -v b=$((b1 - b0)) -v a=$((a1 - a0)) -v hz="$hz" -v d="$duration" \
  -v n="$(nproc)" 'BEGIN {
  printf "== CPU during the measured run: machine %.0f%% busy of %d cores; server %.2f cores, wrk %.2f, other %.2f\n",
    (a > 0 ? 100 * b / a : 0), n, s / hz / d, w / hz / d, (b - s - w) / hz / d }'

other=$(awk -v s=$((s1 - s0)) -v w=$((c1 - c0)) -v b=$((b1 - b0)) -v hz="$hz" -v d="$duration" \
  'BEGIN { printf "%.0f", 100 * (b - s - w) / hz / d }')
if [ "$other" -gt 10 ]; then
  echo "channel-api.sh: WARNING: processes other than the server and wrk used $other% of a core during the" \
    "measured run; the figures are skewed by them." >&2
fi

if grep -q ' ERROR ' "$tmp/server.log"; then
  echo "channel-api.sh: the server logged errors:" >&2
  grep -m 5 -A 3 ' ERROR ' "$tmp/server.log" >&2
fi

if [ -n "$failures" ] && [ "$failures" -gt 0 ]; then
  echo "channel-api.sh: $failures request(s) failed (see non-200 / socket lines above)" >&2
  failed=1
fi

if [ -n "$rps" ] && [ -n "$p99" ]; then
  # A paced run counts as carrying the rate it asked for when it achieved 99% of it (wrk's clock includes the
  # ramp-up of the first connections).
  offered=""
  [ "$rate" = 0 ] || offered=", offered $rate req/s"
  if awk -v r="$rps" -v q="$rate" -v p="$p99" -v gr="$goal_rps" -v gp="$goal_p99_ms" \
      'BEGIN { exit !((r >= gr || (q >= gr && r >= 0.99 * q)) && p < gp) }'; then
    echo "== goal (>= $goal_rps req/s, p99 < $goal_p99_ms ms): MET ($rps req/s$offered, p99 $p99 ms)"
  else
    echo "== goal (>= $goal_rps req/s, p99 < $goal_p99_ms ms): MISSED ($rps req/s$offered, p99 $p99 ms)"
    if [ "${BENCH_REQUIRE_GOAL:-0}" = 1 ]; then failed=1; fi
  fi
fi

stop_server
exit "$failed"
