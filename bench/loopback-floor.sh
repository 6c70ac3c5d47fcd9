#!/usr/bin/env bash
# The machine's floor for fan-out on loopback: the CPU the kernel alone needs to carry R datagrams/s from one UDP
# socket to N sockets and read them back (C, no SRTP, no JVM; bench/loopback-floor/floor.c). Compare with the
# server's + load client's CPU in bench/fanout.sh at the same packet rate.
#
#   bench/loopback-floor.sh                      # N = 1500, 72k/144k/216k pkt/s, 780-byte datagrams, 10 s each
#   FLOOR_SOCKETS=1000 FLOOR_RATES="144000" FLOOR_SECONDS=5 bench/loopback-floor.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
sockets=${FLOOR_SOCKETS:-1500}
rates=${FLOOR_RATES:-72000 144000 216000}
size=${FLOOR_SIZE:-780}
seconds=${FLOOR_SECONDS:-10}
command -v gcc >/dev/null 2>&1 || { echo "loopback-floor.sh: gcc is needed" >&2; exit 2; }
bin=$(mktemp -d)/floor
trap 'rm -rf "$(dirname "$bin")"' EXIT
gcc -O2 -Wall -Wextra -pthread -o "$bin" "$root/bench/loopback-floor/floor.c"
for mode in mmsg sendto; do
  for rate in $rates; do "$bin" "$sockets" "$rate" "$size" "$seconds" "$mode"; done
done
