#!/usr/bin/env bash
# Fan-out benchmark of the SFU: 1 synthetic publisher (VP8 ~1.5 Mbit/s at 30 fps + Opus 20 ms) to N light
# subscribers, all on loopback, for each N in a list. Reports server CPU per forwarded packet, loss and the added
# forwarding latency (publisher send -> subscriber receive).
#
#   bench/fanout.sh                                   # N = 50 200 500 1000, 20 s measured per level
#   BENCH_SUBSCRIBERS="1 50" BENCH_DURATION=10 bench/fanout.sh
#
# Settings (environment):
#   BENCH_SUBSCRIBERS    the subscriber counts to run, in order (default "50 200 500 1000")
#   BENCH_DURATION       measured seconds per level (default 20)
#   BENCH_WARMUP         seconds between "every subscriber receives video" and the measured window (default 5)
#   BENCH_WINDOWS        measure up to this many windows per level, stopping at the first one in which other
#                        processes on the machine used < 0.1 core; the last one measured is reported (default 3)
#   BENCH_VIDEO_KBPS     publisher video bit rate (default 1500); BENCH_FPS (default 30)
#   BENCH_PACING         publisher pacing factor, x the video bit rate as libwebrtc's pacer (default 2.5; 0 = bursts)
#   BENCH_THREADS        receive threads of the load client (default 2)
#   BENCH_DECRYPT_EVERY  subscribers SRTP-decrypt every k-th packet, timing the rest by sequence mapping (default 1)
#   BENCH_NOTIFY         0: the channel's auth webhook (run by the load client) answers signaling_notify: false,
#                        so no connection.* notifies reach the members, as a large-audience deployment would set
#                        it (default 1: every member gets every notify, N² a minute). The server is then started
#                        with --webhook-allow-private-networks true, since that webhook listens on loopback
#   BENCH_JOIN_PARALLEL  subscribers joining at once (default 16)
#   BENCH_RELAY          1: every subscriber reaches the server through its embedded TURN server, as a browser with
#                        iceTransportPolicy "relay" does (an allocation over UDP with the offer's credentials, a
#                        channel to the media port, ChannelData both ways; the server runs with
#                        --media-ice-transport-policy relay); the publisher stays direct (default 0: all direct)
#   BENCH_INSTALL        0: build the load client against the protocol modules already in ~/.m2 instead of
#                        installing them first (default 1)
#   BENCH_PUBLISHER_LAST 1: subscribers join the empty channel first and get the publisher's streams by re-offer
#                        (exercises re-offer/re-answer; default 0: the publisher connects first)
#   BENCH_STOP_LOSS_PCT  stop after a level whose loss reaches this percentage (default 2)
#   BENCH_STOP_P99_MS    stop after a level whose p99 added latency reaches this (default 200)
#   BENCH_WAIT_QUIET     wait up to this many seconds for the machine to be < 10% busy before each level (default 0)
#   BENCH_PIN            1: pin the server to CPU 0 and the load client to CPU 1 (taskset), so that the server's
#                        figures are those of one dedicated core (default 0: the scheduler places both)
#   BENCH_ARRIVAL_STAMPS 1 (default): time each packet to its arrival at the subscriber's socket (kernel stamps), so
#                        that the latency is the SFU's; 0: to when the load client reads it (adds the client's own
#                        scheduling). Both are printed when 1.
#   BENCH_CLIENT_RX_NICE run the load client's receive threads (not its publisher) at this nice value, e.g. 19, so
#                        that they take the CPU the server leaves (default 0)
#   BENCH_CLIENT_RCVBUF  SO_RCVBUF of each subscriber socket in bytes (default 0: the system's default, 208 KiB on
#                        Debian). Receive threads at a low priority read late; a bigger buffer keeps the backlog so
#                        that the client's own socket drops do not count as the server's loss (the kernel caps it at
#                        net.core.rmem_max)
#   BENCH_CLIENT_NICE    run the load client at this nice value (default 0; e.g. -5 so that, on a shared machine,
#                        its receive threads read each packet when it arrives instead of waiting behind the server's
#                        send workers for a CPU: the measured latency is then less the client's own scheduling delay)
#   BENCH_PROFILE        1: record a JFR CPU profile of the server during each measured window and print its hot
#                        methods (default 0; JFR itself costs a little CPU)
#   BENCH_KEEP_DIR       a directory to copy the server logs, client outputs and profiles to
#   HIBIKI_JAVA_OPTS     JVM flags for the server (bin/hibiki); BENCH_CLIENT_JAVA_OPTS for the load client (ZGC
#                        unless these pick a collector: G1's pauses make the publisher send frames up to 70-99 ms late)
#
# Each level starts a fresh server (`bin/hibiki serve`, temporary data directory, HTTP and UDP ports picked by the
# kernel, a free TURN port, media announced on 127.0.0.1 only), creates a channel through the ImageFlux API, runs the load client
# (bench/fanout, a Java program on Hibiki's own ICE/DTLS/SRTP modules, see bench/fanout/README.md), stops the server
# and removes its directory, also on Ctrl-C or an error. Every client run is bounded by `timeout`. Exits 0 when
# every level ran (a saturated level is a result, not a failure), 1 when a level failed, 2 on a setup problem.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
levels=${BENCH_SUBSCRIBERS:-50 200 500 1000}
duration=${BENCH_DURATION:-20}
warmup=${BENCH_WARMUP:-5}
windows=${BENCH_WINDOWS:-3}
video_kbps=${BENCH_VIDEO_KBPS:-1500}
fps=${BENCH_FPS:-30}
pacing=${BENCH_PACING:-2.5}
threads=${BENCH_THREADS:-2}
decrypt_every=${BENCH_DECRYPT_EVERY:-1}
notify=${BENCH_NOTIFY:-1}
join_parallel=${BENCH_JOIN_PARALLEL:-16}
stop_loss=${BENCH_STOP_LOSS_PCT:-2}
stop_p99=${BENCH_STOP_P99_MS:-200}
wait_quiet=${BENCH_WAIT_QUIET:-0}
profile=${BENCH_PROFILE:-0}
pin=${BENCH_PIN:-0}
client_nice=${BENCH_CLIENT_NICE:-0}
client_rx_nice=${BENCH_CLIENT_RX_NICE:-0}
client_rcvbuf=${BENCH_CLIENT_RCVBUF:-0}
arrival_stamps=${BENCH_ARRIVAL_STAMPS:-1}
publisher_last=${BENCH_PUBLISHER_LAST:-0}
relay=${BENCH_RELAY:-0}
install=${BENCH_INSTALL:-1}

die() { echo "fanout.sh: $*" >&2; exit 2; }
for v in duration warmup windows video_kbps fps threads decrypt_every notify join_parallel wait_quiet profile pin publisher_last client_rcvbuf relay install; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number (got '${!v}')"
done
for n in $levels; do [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] || die "BENCH_SUBSCRIBERS must list whole numbers >= 1"; done
[[ $client_nice =~ ^-?[0-9]+$ ]] || die "BENCH_CLIENT_NICE must be a whole number"
[[ $client_rx_nice =~ ^[0-9]+$ ]] || die "BENCH_CLIENT_RX_NICE must be a whole number from 0 to 19"
[[ $pacing =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "BENCH_PACING must be a number"
command -v curl >/dev/null 2>&1 || die "curl is needed"
server_cpu=() client_cpu=()
if [ "$pin" != 0 ]; then
  command -v taskset >/dev/null 2>&1 || die "BENCH_PIN needs taskset (util-linux)"
  [ "$(nproc)" -ge 2 ] || die "BENCH_PIN needs two CPUs"
  server_cpu=(taskset -c 0) client_cpu=(taskset -c 1)
fi
[ "$client_nice" = 0 ] || client_cpu=(nice -n "$client_nice" "${client_cpu[@]}")

# shellcheck source=../bin/lib/java.sh
. "$root/bin/lib/java.sh"
hibiki_find_java || exit 2
[ "$(hibiki_java_version "$JAVA_HOME")" -ge 22 ] || die "the load client needs JDK 22 or newer (JAVA_HOME=$JAVA_HOME)"

# ---- build: the server (bin/hibiki builds when stale), the protocol modules into ~/.m2, then the load client.
echo "== building" >&2
"$root/bin/hibiki" --version >/dev/null || die "building or running bin/hibiki failed"
mvn_quiet() { # offline first (everything is usually in ~/.m2 already), then online
  (cd "$root" && mvn -B -o -q -Dstyle.color=never "$@") >/dev/null 2>&1 \
    || (cd "$root" && mvn -B -q -Dstyle.color=never "$@") >&2
}
if [ "$install" != 0 ]; then
  mvn_quiet install -DskipTests -Dexec.skip=true -pl hibiki-sfu -am || die "installing the protocol modules failed"
fi
mvn_quiet -f bench/fanout/pom.xml package || die "building bench/fanout failed"
client_jar="$root/bench/fanout/target/hibiki-bench-fanout.jar"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hibiki-fanout.XXXXXX")
server_pid=""
results="$tmp/results.txt"
: >"$results"

stop_server() {
  [ -n "$server_pid" ] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 300); do # 30 s, then force it
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "fanout.sh: server did not stop within 30 s of SIGTERM; killing it" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_server
  if [ -n "${BENCH_KEEP_DIR:-}" ]; then
    mkdir -p "$BENCH_KEEP_DIR" && cp -r "$tmp"/. "$BENCH_KEEP_DIR"/ 2>/dev/null || true
    rm -rf "$BENCH_KEEP_DIR"/level-*/data
  fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'echo "fanout.sh: interrupted" >&2; exit 130' INT TERM

machine_ticks() { awk '/^cpu / {busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6}' /proc/stat; }
busy_percent() { # over the next second
  local b0 a0 b1 a1
  read -r b0 a0 < <(machine_ticks); sleep 1; read -r b1 a1 < <(machine_ticks)
  awk -v b=$((b1 - b0)) -v a=$((a1 - a0)) 'BEGIN { printf "%.0f", (a > 0 ? 100 * b / a : 0) }'
}

free_port() { # a port number free on both UDP and TCP of 127.0.0.1 (TURN listens on both)
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 30000))
    [ -z "$(ss -Hlntu "sport = :$port" 2>/dev/null)" ] && { echo "$port"; return 0; }
  done
  die "no free port for TURN"
}

start_server() { # $1: level directory
  local dir=$1 base turn_port relay_args=()
  turn_port=$(free_port)
  [ "$relay" = 0 ] || relay_args=(--media-ice-transport-policy relay)
  env -u HIBIKI_CONFIG -u HIBIKI_DB_URL -u HIBIKI_DB_USER -u HIBIKI_DB_PASSWORD -u HIBIKI_PUBLIC_URL \
    -u HIBIKI_HTTP_HOST -u HIBIKI_HTTP_PORT -u HIBIKI_HTTP_CORS_ORIGINS -u HIBIKI_DATA_DIR \
    -u HIBIKI_MEDIA_PORT -u HIBIKI_MEDIA_ADDRESSES \
    HIBIKI_SKIP_BUILD=1 HIBIKI_LOG_LEVEL="${HIBIKI_LOG_LEVEL:-WARN}" \
    "${server_cpu[@]}" "$root/bin/hibiki" serve --data-dir "$dir/data" --http-host 127.0.0.1 --http-port 0 \
    --media-port 0 --media-addresses 127.0.0.1 --turn-port "$turn_port" "${relay_args[@]}" \
    --webhook-allow-private-networks "$([ "$notify" = 0 ] && echo true || echo false)" >"$dir/server.out" 2>"$dir/server.log" </dev/null &
  server_pid=$!
  for _ in $(seq 1 600); do # 60 s
    if ! kill -0 "$server_pid" 2>/dev/null; then
      tail -n 30 "$dir/server.log" >&2
      die "the server exited during start-up"
    fi
    base=$(sed -n 's#^ *Health: *\(http://127\.0\.0\.1:[0-9]*\)/health$#\1#p' "$dir/server.out" | head -n 1)
    if [ -n "$base" ] && grep -q '^ *ACCESS_TOKEN=' "$dir/server.out" \
        && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/health" || true)" = 200 ]; then
      server_base=$base
      server_token=$(sed -n 's/^ *ACCESS_TOKEN=\(hbk_[A-Za-z0-9_-]*\)$/\1/p' "$dir/server.out" | head -n 1)
      [ -n "$server_token" ] || die "no ACCESS_TOKEN line in the server's output"
      return 0
    fi
    sleep 0.1
  done
  tail -n 30 "$dir/server.log" >&2
  die "the server did not become healthy within 60 s"
}

# Lowers the priority of the load client's receive threads (named fanout-io-K) once they exist; $1 is the PID of the
# `timeout` that runs the client JVM.
renice_receive_threads() {
  local launcher=$1 jvm="" t done=0
  for _ in $(seq 1 300); do # 30 s
    kill -0 "$launcher" 2>/dev/null || return 0
    [ -n "$jvm" ] || jvm=$(pgrep -P "$launcher" | head -n 1)
    if [ -n "$jvm" ]; then
      done=0
      for t in /proc/"$jvm"/task/*; do
        if grep -q '^fanout-io-' "$t/comm" 2>/dev/null; then
          renice -n "$client_rx_nice" -p "${t##*/}" >/dev/null 2>&1 && done=$((done + 1))
        fi
      done
      [ "$done" -ge "$threads" ] && return 0
    fi
    sleep 0.1
  done
  echo "fanout.sh: could not renice the load client's receive threads" >&2
}

java_version=$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)
echo "== Hibiki fan-out benchmark: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "   machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "   JDK:     $java_version ($JAVA_HOME)"
echo "   load:    VP8 ${video_kbps} kbit/s @ ${fps} fps + Opus, pacing ${pacing}x; ${duration} s measured after ${warmup} s warm-up" \
  "(up to $windows windows);" \
  "client: ${threads} receive threads, decrypt every ${decrypt_every}, notify ${notify}" \
  "$([ "$relay" = 0 ] && echo "; subscribers direct" || echo "; subscribers relayed through the embedded TURN server (UDP)")"
echo "   HIBIKI_JAVA_OPTS=${HIBIKI_JAVA_OPTS:-}  BENCH_CLIENT_JAVA_OPTS=${BENCH_CLIENT_JAVA_OPTS:-}$([ "$pin" = 0 ] || echo "  (server pinned to CPU 0, client to CPU 1)")$([ "$client_rx_nice" = 0 ] || echo "  (client receive threads at nice $client_rx_nice)")$([ "$client_rcvbuf" = 0 ] || echo "  (client SO_RCVBUF $client_rcvbuf)")"

failed=0
stopped_at=""
for n in $levels; do
  dir="$tmp/level-$n"
  mkdir -p "$dir"
  idle=$(busy_percent); waited=0
  while [ "$idle" -gt 10 ] && [ "$waited" -lt "$wait_quiet" ]; do idle=$(busy_percent); waited=$((waited + 1)); done
  echo
  echo "== N=$n (machine ${idle}% busy before the server started$([ "$waited" = 0 ] || echo ", after waiting ${waited} s"))"
  start_server "$dir"
  jfr_args=()
  [ "$profile" = 0 ] || jfr_args=(--jfr "$dir/server.jfr")
  # Joins took 0.02-0.09 s per subscriber in this benchmark's runs on 2 cores, and far longer on a saturated machine
  # (the "joined" columns of docs/benchmarks-history.md); allow 0.4 s per subscriber, plus the measured phases.
  join_budget=$((60 + n * 2 / 5))
  budget=$((join_budget + 60 + 30 + warmup + windows * (duration + 20) + 60))
  rc=0
  client_gc=(-XX:+UseZGC)
  [[ " ${BENCH_CLIENT_JAVA_OPTS:-} " != *" -XX:+Use"*"GC "* ]] || client_gc=()
  # shellcheck disable=SC2086 # BENCH_CLIENT_JAVA_OPTS holds several JVM flags on purpose
  timeout --kill-after=10 "$budget" "${client_cpu[@]}" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED -Djava.util.logging.config.file=/dev/null "${client_gc[@]}" \
    ${BENCH_CLIENT_JAVA_OPTS:-} -jar "$client_jar" \
    --url "$server_base" --token "$server_token" --server-pid "$server_pid" --subscribers "$n" \
    --duration "$duration" --warmup "$warmup" --threads "$threads" --video-kbps "$video_kbps" --fps "$fps" \
    --pacing-factor "$pacing" --decrypt-every "$decrypt_every" --notify "$notify" --join-parallel "$join_parallel" --windows "$windows" \
    --publisher-last "$publisher_last" --relay "$relay" --arrival-stamps "$arrival_stamps" --client-rcvbuf "$client_rcvbuf" \
    --join-timeout "$join_budget" "${jfr_args[@]}" >"$dir/client.out" 2>"$dir/client.err" &
  client_launcher=$!
  [ "$client_rx_nice" = 0 ] || renice_receive_threads "$client_launcher" &
  wait "$client_launcher" || rc=$?
  sed -e '/^RESULT /d' "$dir/client.out"
  if [ "$profile" != 0 ] && [ -f "$dir/server.jfr" ]; then
    # CPU-time samples (JDK 25+, system calls included) when the recording has them, else execution samples.
    view=hot-methods
    "$JAVA_HOME/bin/jfr" summary "$dir/server.jfr" 2>/dev/null | grep -q 'jdk.CPUTimeSample  *[1-9]' && view=cpu-time-hot-methods
    echo "   server hot methods (JFR $view, measured window):"
    "$JAVA_HOME/bin/jfr" view --width 160 "$view" "$dir/server.jfr" 2>/dev/null | sed -n '4,18p' | sed 's/^/     /' || true
  fi
  if grep -q ' ERROR ' "$dir/server.log"; then
    echo "fanout.sh: the server logged errors:" >&2
    grep -m 5 -A 3 ' ERROR ' "$dir/server.log" >&2
  fi
  stop_server
  rm -rf "$dir/data"
  result=$(grep '^RESULT ' "$dir/client.out" | tail -n 1 || true) # the last window measured
  if [ "$rc" != 0 ] || [ -z "$result" ]; then
    echo "fanout.sh: the load client failed at N=$n (exit $rc); its stderr:" >&2
    tail -n 20 "$dir/client.err" >&2
    failed=1
    break
  fi
  echo "$result" >>"$results"
  field() { [[ $result =~ (^| )$1=([^ ]+) ]] && echo "${BASH_REMATCH[2]}" || echo ""; }
  if awk -v l="$(field loss_pct)" -v p="$(field p99_ms)" -v c="$(field connected)" -v n="$n" \
      -v sl="$stop_loss" -v sp="$stop_p99" 'BEGIN { exit !(l >= sl || p >= sp || c < n) }'; then
    stopped_at=$n
    break
  fi
done

echo
echo "== summary (us/pkt = server CPU time / packets the subscribers received during the window; loss and latency"
echo "   are over the packets the publisher sent during the window; latency is publisher send -> arrival at the"
echo "   subscriber's socket (kernel stamp) unless BENCH_ARRIVAL_STAMPS=0; p99_read = publisher send -> read by the load"
echo "   client; srv_p99 = the server's own forwarding delay, an upper bucket bound from /metrics)"
printf '%6s %6s %7s %13s %8s %8s %9s %8s %8s %7s %8s %8s %8s %9s %8s %9s  %s\n' \
  N conn join_s "server_cores" sys client other "fwd_pkt/s" "us/pkt" "loss_%" "p50_ms" "p99_ms" "p99.9" "max_ms" \
  "srv_p99" "p99_read" "busiest server thread (cores)"
while read -r line; do
  f() { [[ $line =~ (^| )$1=([^ ]+) ]] && echo "${BASH_REMATCH[2]}" || echo "?"; }
  printf '%6s %6s %7s %13s %8s %8s %9s %8s %8s %7s %8s %8s %8s %9s %8s %9s  %s\n' \
    "$(f n)" "$(f connected)" "$(f join_s)" "$(f server_cores)" "$(f server_sys_cores)" "$(f client_cores)" \
    "$(f other_cores)" "$(f pkt_per_s)" "$(f us_per_pkt)" "$(f loss_pct)" "$(f p50_ms)" "$(f p99_ms)" \
    "$(f p999_ms)" "$(f max_ms)" "$(f srv_p99_ms)" "$(f p99_read_ms)" "$(f top_thread)"
done <"$results"
if [ -n "$stopped_at" ]; then
  echo "== stopped after N=$stopped_at: loss >= ${stop_loss}% or p99 >= ${stop_p99} ms or not every subscriber" \
    "connected, i.e. this machine is saturated at that level; larger N were not run"
fi
exit "$failed"
