package dev.hibiki.hls.transcode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * What ffprobe says about one rendition's segments, and the checks every ladder test makes on it: H.264 of the
 * asked size and profile at a constant frame rate, AAC-LC stereo 48 kHz, every segment a standalone TS starting
 * with PAT and an IDR frame at the reported pts, segment durations within 10 % of the asked one, bitrate over the
 * run within 110 % of the asked one.
 */
final class RenditionReport {
    final List<Segment> segments;
    final List<Long> startPts = new ArrayList<>();
    final List<Double> durations = new ArrayList<>();
    final Map<String, String> video;
    final Map<String, String> audio;
    final double videoBps;
    final double totalBps;
    final long videoPackets;
    /** Per segment: the lowest and highest audio pts in it (90 kHz), or null when it has no audio. */
    final List<long[]> audioSpans = new ArrayList<>();

    private RenditionReport(List<Segment> segments, List<Map<String, String>> streams,
                            List<Map<String, String>> packets, long[] offsets, RenditionSpec spec) {
        this.segments = segments;
        this.video = streams.stream().filter(s -> "video".equals(s.get("codec_type"))).findFirst().orElseThrow();
        this.audio = streams.stream().filter(s -> "audio".equals(s.get("codec_type"))).findFirst().orElse(null);
        long frameTicks = 90_000L / spec.fps();
        long videoBytes = 0;
        long count = 0;
        long firstPts = Long.MIN_VALUE;
        long lastPts = Long.MIN_VALUE;
        int seg = -1;
        for (Map<String, String> p : packets) {
            if (!"video".equals(p.get("codec_type"))) continue;
            long pts = Long.parseLong(p.get("pts"));
            long pos = Long.parseLong(p.get("pos"));
            int s = segmentAt(offsets, pos);
            if (s != seg) {
                assertThat(s).as("segments in order").isEqualTo(seg + 1);
                assertThat(p.get("flags")).as("segment %d starts with a keyframe", s).startsWith("K");
                startPts.add(pts);
                seg = s;
            }
            if (lastPts != Long.MIN_VALUE) {
                assertThat(pts - lastPts).as("constant frame rate at pts %d", pts).isEqualTo(frameTicks);
            } else {
                firstPts = pts;
            }
            lastPts = pts;
            videoBytes += Long.parseLong(p.get("size"));
            count++;
        }
        this.videoPackets = count;
        for (int i = 0; i + 1 < offsets.length; i++) audioSpans.add(null);
        for (Map<String, String> p : packets) {
            if (!"audio".equals(p.get("codec_type"))) continue;
            long pts = Long.parseLong(p.get("pts"));
            int s = segmentAt(offsets, Long.parseLong(p.get("pos")));
            long[] span = audioSpans.get(s);
            if (span == null) audioSpans.set(s, new long[]{pts, pts});
            else span[1] = Math.max(span[1], pts);
        }
        double seconds = (lastPts - firstPts + frameTicks) / 90_000.0;
        this.videoBps = videoBytes * 8 / seconds;
        this.totalBps = offsets[offsets.length - 1] * 8 / seconds;
        for (int i = 0; i < startPts.size(); i++) {
            long end = i + 1 < startPts.size() ? startPts.get(i + 1) : lastPts + frameTicks;
            durations.add((end - startPts.get(i)) / 90_000.0);
        }
    }

    private static int segmentAt(long[] offsets, long pos) {
        for (int i = 0; i + 1 < offsets.length; i++) {
            if (pos >= offsets[i] && pos < offsets[i + 1]) return i;
        }
        throw new AssertionError("packet at " + pos + " outside all segments");
    }

    /** Concatenates the rendition's (clear) segment files in order and probes them. */
    static RenditionReport probe(List<Segment> all, int rendition, RenditionSpec spec, Path work) throws IOException {
        List<Segment> segments = all.stream().filter(s -> s.rendition() == rendition)
                .sorted(Comparator.comparingLong(Segment::sequence)).toList();
        assertThat(segments).as("segments of rendition %d", rendition).isNotEmpty();
        long[] offsets = new long[segments.size() + 1];
        Path joined = work.resolve("rendition-" + rendition + ".ts");
        try (OutputStream out = Files.newOutputStream(joined)) {
            for (int i = 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                assertThat(s.sequence()).isEqualTo(i);
                byte[] bytes = Files.readAllBytes(s.path());
                assertThat(bytes.length).isEqualTo(s.byteSize());
                assertThat(bytes.length % 188).as("whole TS packets").isZero();
                assertThat(bytes[0]).as("sync byte").isEqualTo((byte) 0x47);
                assertThat(firstPids(bytes, 3)).as("segment %d starts with SDT, PAT, PMT", i).containsExactly(0x11, 0, 0x1000);
                out.write(bytes);
                offsets[i + 1] = offsets[i] + bytes.length;
            }
        }
        return new RenditionReport(segments, Ffprobe.streams(joined), Ffprobe.packets(joined), offsets, spec);
    }

    private static List<Integer> firstPids(byte[] ts, int n) {
        List<Integer> pids = new ArrayList<>();
        for (int i = 0; i < n && (i + 1) * 188 <= ts.length; i++) {
            pids.add(((ts[i * 188 + 1] & 0x1F) << 8) | (ts[i * 188 + 2] & 0xFF));
        }
        return pids;
    }

    /** @param ultrafast x264 ultrafast: the stream's profile may be lower than the asked one */
    void assertMatches(RenditionSpec spec, boolean withAudio, boolean ultrafast) {
        assertThat(video.get("codec_name")).isEqualTo("h264");
        String profile = switch (spec.profile()) {
            case HIGH -> "High";
            case MAIN -> "Main";
            case BASELINE -> "Constrained Baseline";
        };
        if (ultrafast) assertThat(video.get("profile")).isIn(profile, "Constrained Baseline");
        else assertThat(video.get("profile")).isEqualTo(profile);
        assertThat(Integer.parseInt(video.get("width"))).isEqualTo(spec.encodedWidth());
        assertThat(Integer.parseInt(video.get("height"))).isEqualTo(spec.encodedHeight());
        assertThat(video.get("r_frame_rate")).isEqualTo(spec.fps() + "/1");
        if (withAudio) {
            assertThat(audio).as("audio stream").isNotNull();
            assertThat(audio.get("codec_name")).isEqualTo("aac");
            assertThat(audio.get("profile")).isEqualTo("LC");
            assertThat(audio.get("sample_rate")).isEqualTo("48000");
            assertThat(audio.get("channels")).isEqualTo("2");
        } else {
            assertThat(audio).isNull();
        }
        assertThat(startPts).hasSameSizeAs(segments);
        if (withAudio) {
            // audio and video of a segment cover the same span (give or take one 1024-sample AAC frame)
            for (int i = 0; i < segments.size(); i++) {
                long[] span = audioSpans.get(i);
                assertThat(span).as("audio in segment %d", i).isNotNull();
                assertThat(span[0]).as("first audio pts of segment %d", i).isGreaterThanOrEqualTo(startPts.get(i) - 1920);
                if (i + 1 < segments.size()) {
                    assertThat(span[1]).as("last audio pts of segment %d", i).isLessThan(startPts.get(i + 1));
                }
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            assertThat(s.startPts()).as("reported pts of segment %d", i).isEqualTo(startPts.get(i));
            assertThat(s.durationSeconds()).as("reported duration of segment %d", i).isCloseTo(durations.get(i), within(1e-6));
            if (i < segments.size() - 1) { // the last one ends wherever the input did
                assertThat(durations.get(i)).as("duration of segment %d", i)
                        .isCloseTo(spec.durationSeconds(), within(spec.durationSeconds() * 0.1));
            }
        }
        assertThat(videoBps).as("video bitrate over the run").isLessThanOrEqualTo(spec.videoBps() * 1.1);
    }

    @Override
    public String toString() {
        return String.format("%s %sx%s@%s: %d segments %s, video %.0f bps, total %.0f bps", video.get("profile"),
                video.get("width"), video.get("height"), video.get("r_frame_rate"), segments.size(), durations,
                videoBps, totalBps);
    }
}
