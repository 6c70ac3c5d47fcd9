package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: measures how fast the quickstart ladder runs here. {@code -Dhibiki.bench=true}. Prints wall-clock
 * frames/s and frames per CPU-second of the whole process (which is what a busy machine cannot disturb).
 */
@EnabledIfSystemProperty(named = "hibiki.bench", matches = "true")
class LadderThroughputBenchmark {
    @TempDir
    Path dir;

    @Test
    void quickstartLadder() {
        List<EncodedFrame> video = SyntheticMedia.video(EncodedFrame.Codec.VP8, 1280, 720, 30, 300);
        List<EncodedFrame> frames = SyntheticMedia.interleave(video, SyntheticMedia.opus(500));
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String[][] configs = {
                {"libx264", "veryfast", "1"}, {"libx264", "veryfast", "2"}, {"libx264", "superfast", "1"},
                {"libx264", "ultrafast", "1"}, {"libopenh264", "-", "1"}, {"libx264", "veryfast", "1"}};
        int run = 0;
        for (String[] c : configs) {
            TranscodeOptions options = TranscodeOptions.defaults().withEncoder(c[0]).withPreset(c[1])
                    .withEncoderThreads(Integer.parseInt(c[2]));
            long cpu0 = os.getProcessCpuTime();
            LadderTranscoderTest.Run r = LadderTranscoderTest.transcode(LadderTranscoderTest.QUICKSTART, frames,
                    options, SyntheticMedia.clock(), dir.resolve("run" + run++));
            double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
            System.out.printf("%-12s %-9s threads %s: %5.1f frames/s wall, %5.1f frames per CPU-second "
                            + "(%d frames, %.2f s wall, %.2f s CPU, %d segments)%n", c[0], c[1], c[2],
                    video.size() / r.seconds(), video.size() / cpu, video.size(), r.seconds(), cpu, r.segments().size());
        }
    }
}
