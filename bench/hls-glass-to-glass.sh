#!/usr/bin/env bash
# HLS glass-to-glass delay: headless Chromium publishes send.html?source=clock (its Date.now() drawn into every
# frame) into a single-stream channel with the ImageFlux quickstart ladder (1 s segments); a second Chromium plays
# the playlist_url with hls.html, which reads the clock back from the frames it shows. Both browsers and the server
# run here, so Date.now() is one clock.
#
#   bench/hls-glass-to-glass.sh                                   # the default variants, 30 s each
#   BENCH_VARIANTS='-2 {};-2 {"liveSyncDuration":2}' BENCH_SECONDS=60 bench/hls-glass-to-glass.sh
#
# Settings (environment):
#   BENCH_SECONDS    measured seconds per variant (default 30)
#   BENCH_WARMUP     seconds of playback before measuring (default 5)
#   BENCH_VARIANTS   variants separated by ';', each "EXT-X-START-offset hls.js-config-JSON" (the JSON goes to
#                    hls.html?config=, over the page's defaults); default: see HlsGlassToGlassBenchmark
#
# The benchmark (hibiki-server HlsGlassToGlassBenchmark, -Dhibiki.bench=true) starts its own server in a temporary
# directory like the browser tests. Per variant it prints (lines starting with BENCH): the load average, the time
# from opening the sender's page to the master playlist, to playback and to the first clock read; glass-to-glass
# percentiles and stalls; hls.js's latency to the live edge; and per rendition how long after the capture of a
# segment's last frame the segment was listed (the server's share). Needs chromium, chromedriver, Node.js/npm.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../bin/lib/java.sh
. "$root/bin/lib/java.sh"
hibiki_find_java
cd "$root"
args=(-Dhibiki.bench=true -Dhibiki.bench.seconds="${BENCH_SECONDS:-30}" -Dhibiki.bench.warmup="${BENCH_WARMUP:-5}")
[ -z "${BENCH_VARIANTS:-}" ] || args+=("-Dhibiki.bench.variants=$BENCH_VARIANTS")
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
log=$(mktemp /tmp/hibiki-g2g-bench.XXXXXX)
trap 'rm -f "$log"' EXIT
if ! mvn -B -q -o -Dstyle.color=never -pl hibiki-server -am test -Dtest=HlsGlassToGlassBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false "${args[@]}" >"$log" 2>&1; then
  grep '^BENCH' "$log" || true
  tail -50 "$log" >&2
  echo "hls-glass-to-glass.sh: the benchmark failed" >&2
  exit 1
fi
grep -E '^BENCH|master playlist .* ms after' "$log" | sed 's/^.*\(HLS output of connection\)/\1/'
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
