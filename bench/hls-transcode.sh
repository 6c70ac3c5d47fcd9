#!/usr/bin/env bash
# HLS transcoding benchmark: Hibiki's LadderTranscoder against the ffmpeg CLI on the same input, and how many live
# senders run in real time on this machine.
#
#   bench/hls-transcode.sh                             # 30 s input, presets superfast, senders "3 4 5"
#   BENCH_PRESET=ultrafast BENCH_SENDERS="4 6 8" bench/hls-transcode.sh
#
# The input is made here with the ffmpeg CLI: 1280x720 30 fps testsrc2 + a sine tone, VP8 (libvpx realtime, one
# keyframe at the start as a WebRTC sender does, ~1.5 Mbit/s) + Opus 48 kHz in WebM. Both sides then produce the
# ImageFlux quickstart ladder (1280x720@30 2 Mbit/s and 640x360@30 500 kbit/s, H.264 high, AAC 96 kbit/s, 1 s
# segments, keyframes at every segment start, one thread per encoder and for the decoder):
#   - Hibiki: hibiki-hls HlsTranscodeBenchmark demuxes the file into the frames a WebRTC sender delivers and runs
#     LadderTranscoder as fast as it can; the figure is the JVM's process CPU time for that pass (after a warm-up).
#   - ffmpeg: the same ladder with -filter_complex split/scale/fps, libx264 with the same rate control
#     (bitrate 90 % of maxrate, bufsize = 1 s of maxrate), keyframes forced every second, two HLS outputs; the
#     figure is the child's user+system CPU time. (ffmpeg encodes AAC once per output, Hibiki once per bitrate.)
#   - Real time: N senders fed at the input's own pace; a sender keeps up when its transcoder dropped no video and
#     finished its queue within 2 s of the last frame.
#
# Settings (environment): BENCH_SECONDS (input length, default 30), BENCH_PRESET (x264 preset, default superfast),
# BENCH_SENDERS (space-separated sender counts for the real-time runs, default "3 4 5"), BENCH_DIR (work
# directory, default a temporary one, removed afterwards).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${BENCH_SECONDS:-30}
preset=${BENCH_PRESET:-superfast}
senders=${BENCH_SENDERS:-3 4 5}
work=${BENCH_DIR:-$(mktemp -d /tmp/hibiki-hls-bench.XXXXXX)}
[ -n "${BENCH_DIR:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"
command -v ffmpeg >/dev/null || { echo "hls-transcode.sh: needs ffmpeg (Debian package ffmpeg)" >&2; exit 2; }
# shellcheck source=../bin/lib/java.sh
. "$root/bin/lib/java.sh"
hibiki_find_java

input="$work/input.webm"
ffmpeg -nostdin -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=48000" -t "$seconds" \
  -c:v libvpx -deadline realtime -cpu-used 8 -lag-in-frames 0 -auto-alt-ref 0 -g 100000 -b:v 1500k \
  -c:a libopus -b:a 64k -ac 2 "$input"
echo "input: $(ffprobe -v error -show_entries format=duration,bit_rate -of csv=p=0 "$input") (duration s, bit/s)"

cpu_of() { # runs a command, prints the CPU seconds (user + system) it and its children used
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.2f}")' "$@"
}

mkdir -p "$work/ff0" "$work/ff1"
ff_cpu=$(cpu_of ffmpeg -nostdin -hide_banner -loglevel error -y -threads 1 -i "$input" -filter_threads 1 \
  -filter_complex "[0:v]split=2[a][b];[a]scale=1280:720,fps=30[v0];[b]scale=640:360,fps=30[v1];[0:a]asplit=2[a0][a1]" \
  -map "[v0]" -map "[a0]" -c:v libx264 -preset "$preset" -tune zerolatency -profile:v high -threads 1 \
    -b:v 1800k -maxrate 2000k -bufsize 2000k -g 30 -sc_threshold 0 -force_key_frames "expr:gte(t,n_forced*1)" \
    -c:a aac -b:a 96k -f hls -hls_time 1 -hls_list_size 6 -hls_flags delete_segments "$work/ff0/playlist.m3u8" \
  -map "[v1]" -map "[a1]" -c:v libx264 -preset "$preset" -tune zerolatency -profile:v high -threads 1 \
    -b:v 450k -maxrate 500k -bufsize 500k -g 30 -sc_threshold 0 -force_key_frames "expr:gte(t,n_forced*1)" \
    -c:a aac -b:a 96k -f hls -hls_time 1 -hls_list_size 6 -hls_flags delete_segments "$work/ff1/playlist.m3u8")
echo "ffmpeg CLI: ${ff_cpu} s CPU for ${seconds} s of media"

cd "$root"
out=$(mvn -B -q -o -Dstyle.color=never -pl hibiki-hls -am test -Dexec.skip=true -Dtest=HlsTranscodeBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dhibiki.bench=true -Dhibiki.bench.input="$input" \
  -Dhibiki.bench.preset="$preset" -Dhibiki.bench.senders="${senders// /,}" 2>&1 | grep '^BENCH' || true)
[ -n "$out" ] || { echo "hls-transcode.sh: the Java benchmark printed nothing (build or test failure?)" >&2; exit 1; }
echo "$out"
hibiki_cpu=$(echo "$out" | sed -n 's/^BENCH cpu .* cpu=\([0-9.]*\)s.*/\1/p')
python3 -c "import sys; h, f = float(sys.argv[1]), float(sys.argv[2]); print(f'Hibiki / ffmpeg CPU: {h:.2f} / {f:.2f} = {h / f:.2f}x')" \
  "$hibiki_cpu" "$ff_cpu"
