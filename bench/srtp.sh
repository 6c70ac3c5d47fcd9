#!/usr/bin/env bash
# CPU per protected RTP packet: Hibiki's outgoing SRTP (RtpSealer on the JDK's AES) against jitsi-srtp, for M
# connections used round robin as a send worker uses its subscribers (bench/srtp/SrtpProtectCost.java).
#
#   bench/srtp.sh                                   # AEAD_AES_128_GCM and AES128_CM_HMAC_SHA1_80, M = 1 and 1000
#   SRTP_PROFILES=AEAD_AES_128_GCM SRTP_CONNECTIONS=1500 bench/srtp.sh
#
# Exits 0 when every run finished, 2 on a setup problem. Run it on a quiet machine; figures in docs/BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
profiles=${SRTP_PROFILES:-AEAD_AES_128_GCM AES128_CM_HMAC_SHA1_80}
connections=${SRTP_CONNECTIONS:-1 1000}
# shellcheck source=../bin/lib/java.sh
. "$root/bin/lib/java.sh"
hibiki_find_java || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/hibiki-srtp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
build() { (cd "$root" && mvn -B -q -Dstyle.color=never "$@") >/dev/null 2>&1; }
build -o -pl hibiki-srtp -am install -DskipTests -Dexec.skip=true || build -pl hibiki-srtp -am install -DskipTests -Dexec.skip=true \
  || { echo "srtp.sh: building hibiki-srtp failed" >&2; exit 2; }
build -o -pl hibiki-srtp dependency:build-classpath -Dmdep.outputFile="$tmp/cp.txt" \
  || { echo "srtp.sh: resolving the classpath failed" >&2; exit 2; }
cp="$root/hibiki-srtp/target/classes:$(cat "$tmp/cp.txt")"
"$JAVA_HOME/bin/javac" -d "$tmp" -cp "$cp" "$root/bench/srtp/SrtpProtectCost.java"
for p in $profiles; do
  for m in $connections; do
    "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.util.logging.config.file=/dev/null \
      -cp "$tmp:$cp" SrtpProtectCost "$p" "$m"
  done
done
