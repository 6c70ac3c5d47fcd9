package dev.hibiki.hls.rtp;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Depacketized output, written as raw Annex B / IVF / OBU files, is read by ffprobe as the stream it was made
 * from (12 frames of 320x240) after loss-free but reordered transport. Skipped when ffprobe is not installed.
 */
class FfprobeRoundTripTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsFfprobe() {
        boolean present;
        try {
            Process p = new ProcessBuilder("ffprobe", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "ffprobe not installed");
    }

    private static String probe(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static List<byte[]> depacketize(EncodedFrame.Codec codec, List<byte[]> packets) {
        Pipeline pipeline = new Pipeline(codec).feed(Pipeline.reorderAndDuplicate(packets, 12));
        assertThat(pipeline.frames).hasSize(12);
        return pipeline.data();
    }

    @Test
    void h264AnnexB() throws Exception {
        List<byte[]> packets = TestPacketizers.h264(Samples.accessUnits(Samples.resource("testsrc-320x240.h264")),
                40_000, 1, 700);
        Path file = dir.resolve("out.h264");
        Files.write(file, Samples.concat(depacketize(EncodedFrame.Codec.H264, packets)));
        assertThat(probe(file)).isEqualTo("h264,320,240,12");
    }

    @Test
    void vp8Ivf() throws Exception {
        List<byte[]> packets = TestPacketizers.vp8(Samples.ivfFrames(Samples.resource("testsrc-320x240.vp8.ivf")),
                1, 1, 700, true);
        Path file = dir.resolve("out.ivf");
        Files.write(file, Samples.ivf("VP80", 320, 240, depacketize(EncodedFrame.Codec.VP8, packets)));
        assertThat(probe(file)).isEqualTo("vp8,320,240,12");
    }

    @Test
    void vp9Ivf() throws Exception {
        List<byte[]> packets = TestPacketizers.vp9(Samples.ivfFrames(Samples.resource("testsrc-320x240.vp9.ivf")),
                1, 1, 700);
        Path file = dir.resolve("out.ivf");
        Files.write(file, Samples.ivf("VP90", 320, 240, depacketize(EncodedFrame.Codec.VP9, packets)));
        assertThat(probe(file)).isEqualTo("vp9,320,240,12");
    }

    @Test
    void av1LowOverheadObuStream() throws Exception {
        List<byte[]> packets = TestPacketizers.av1(Samples.temporalUnits(Samples.resource("testsrc-320x240.obu")),
                1, 1, 700, true);
        Path file = dir.resolve("out.obu");
        Files.write(file, Samples.concat(depacketize(EncodedFrame.Codec.AV1, packets)));
        assertThat(probe(file)).isEqualTo("av1,320,240,12");
    }
}
