#!/usr/bin/env bash
# SIP->RTMP gateway benchmark: concurrent audio calls from sipp (digest auth, G.711) transcoded to AAC and pushed
# to nginx-rtmp, all on this machine. Prints the gateway's CPU per call, whether every call kept real time, and
# the call-setup time (INVITE sent -> first AAC frame written to RTMP). See docs/BENCHMARKS.md.
#
#   bench/sip-gateway.sh                 100 calls, 30 s measured, 20 new calls per second
#   bench/sip-gateway.sh 150 60 25       calls, measured seconds, call rate
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. "$root/bin/lib/java.sh"
hibiki_find_java
for tool in sipp nginx ffprobe ffmpeg; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (bin/test installs it)" >&2; exit 2; }
done
mvn -B -q -o -Dstyle.color=never -pl hibiki-sip -am test-compile >&2
cp_file=$(mktemp)
mvn -B -q -o -Dstyle.color=never -pl hibiki-sip dependency:build-classpath -Dmdep.outputFile="$cp_file" \
    -Dmdep.includeScope=test >&2
cp="hibiki-sip/target/test-classes:hibiki-sip/target/classes:hibiki-rtp/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
ulimit -n 65536 2>/dev/null || true
MALLOC_ARENA_MAX=2 exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.hibiki.sip.bench.GatewayBench "$@"
