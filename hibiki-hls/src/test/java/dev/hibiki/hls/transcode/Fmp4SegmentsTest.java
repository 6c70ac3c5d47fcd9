package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;
import dev.hibiki.hls.playlist.SegmentFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Fragmented-MP4 segments: init.mp4 plus any one media segment is a playable H.264 + AAC file (checked by ffprobe). */
class Fmp4SegmentsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void ffprobePresent() {
        assumeTrue(Ffprobe.available(), "ffprobe (Debian package ffmpeg) is needed to check the output");
    }

    @Test
    void initPlusEachSegmentProbesAsH264AndAac() throws IOException {
        RenditionSpec spec = new RenditionSpec(320, 180, 30, 300_000, H264Profile.HIGH, 64_000, 1);
        List<EncodedFrame> video = SyntheticMedia.video(EncodedFrame.Codec.VP8, 320, 180, 30, 90);
        LadderTranscoderTest.Run run = LadderTranscoderTest.transcode(List.of(spec),
                SyntheticMedia.interleave(video, SyntheticMedia.opus(150)),
                TranscodeOptions.defaults().withPreset("ultrafast").withSegmentFormat(SegmentFormat.FMP4),
                SyntheticMedia.clock(), dir.resolve("out"));

        List<Segment> segments = run.segments().stream().sorted(Comparator.comparingLong(Segment::sequence)).toList();
        assertThat(segments).hasSize(3);
        Path init = dir.resolve("out").resolve("0").resolve("init.mp4");
        byte[] initBytes = Files.readAllBytes(init);
        assertThat(boxTypes(initBytes)).containsExactly("ftyp", "moov");
        int videoFrames = 0;
        for (Segment s : segments) {
            assertThat(s.path().getFileName().toString()).isEqualTo(String.format("segment-%08d.m4s", s.sequence()));
            byte[] media = Files.readAllBytes(s.path());
            assertThat(media.length).isEqualTo(s.byteSize());
            assertThat(boxTypes(media)).as("one fragment per segment").containsExactly("moof", "mdat");

            Path joined = dir.resolve("joined-" + s.sequence() + ".mp4");
            Files.write(joined, initBytes);
            Files.write(joined, media, java.nio.file.StandardOpenOption.APPEND);
            List<Map<String, String>> streams = Ffprobe.streams(joined);
            Map<String, String> v = streams.stream().filter(m -> "video".equals(m.get("codec_type"))).findFirst()
                    .orElseThrow();
            Map<String, String> a = streams.stream().filter(m -> "audio".equals(m.get("codec_type"))).findFirst()
                    .orElseThrow();
            assertThat(v.get("codec_name")).isEqualTo("h264");
            assertThat(v.get("width")).isEqualTo("320");
            assertThat(v.get("height")).isEqualTo("180");
            assertThat(a.get("codec_name")).isEqualTo("aac");
            assertThat(a.get("sample_rate")).isEqualTo("48000");

            List<String[]> videoPackets = packets(joined, "v");
            assertThat(videoPackets.getFirst()[1]).as("segment %d starts with a keyframe", s.sequence()).startsWith("K");
            double first = Double.parseDouble(videoPackets.getFirst()[0]);
            double last = Double.parseDouble(videoPackets.getLast()[0]);
            assertThat(last - first + 1 / 30.0).as("video span of segment %d", s.sequence())
                    .isCloseTo(s.durationSeconds(), within(0.001));
            assertThat(s.durationSeconds()).isCloseTo(1.0, within(0.1));
            List<String[]> audioPackets = packets(joined, "a");
            assertThat(audioPackets).as("segment %d has audio", s.sequence()).isNotEmpty();
            videoFrames += videoPackets.size();
        }
        assertThat(videoFrames).isEqualTo(90);
    }

    @Test
    void encryptionIsRefusedForFmp4() {
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        assertThatThrownBy(() -> TranscodeOptions.defaults().withSegmentFormat(SegmentFormat.FMP4).withAesKey(key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MPEG-TS");
    }

    private static List<String> boxTypes(byte[] data) {
        List<String> types = new ArrayList<>();
        int at = 0;
        while (at + 8 <= data.length) {
            int size = ((data[at] & 0xFF) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8)
                    | (data[at + 3] & 0xFF);
            types.add(new String(data, at + 4, 4, StandardCharsets.US_ASCII));
            assertThat(size).as("box size").isGreaterThanOrEqualTo(8);
            at += size;
        }
        assertThat(at).as("boxes fill the file").isEqualTo(data.length);
        return types;
    }

    /** pts_time and flags of one stream's packets. */
    private static List<String[]> packets(Path file, String stream) throws IOException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", stream, "-show_entries",
                "packet=pts_time,flags", "-of", "csv=p=0", file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).as("ffprobe on " + file).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) rows.add(line.trim().split(","));
        }
        return rows;
    }
}
