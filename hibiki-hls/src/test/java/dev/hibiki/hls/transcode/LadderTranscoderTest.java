package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LadderTranscoderTest {
    /** The quickstart's ladder. */
    static final List<RenditionSpec> QUICKSTART = List.of(
            new RenditionSpec(1280, 720, 30, 2_000_000, H264Profile.HIGH, 96_000, 1),
            new RenditionSpec(640, 360, 30, 500_000, H264Profile.HIGH, 96_000, 1));

    /** x264 ultrafast uses no CABAC and no 8x8 transform, so its streams are Constrained Baseline whatever the limit. */
    static final boolean FAST = true;

    @TempDir
    Path dir;

    @BeforeAll
    static void ffprobePresent() {
        assumeTrue(Ffprobe.available(), "ffprobe (Debian package ffmpeg) is needed to check the output");
    }

    record Run(List<Segment> segments, LadderTranscoder.Stats stats, double seconds) {
    }

    static Run transcode(List<RenditionSpec> ladder, List<EncodedFrame> frames, TranscodeOptions options,
                         MediaClock clock, Path out) {
        List<Segment> segments = new CopyOnWriteArrayList<>();
        LadderTranscoder transcoder = new LadderTranscoder(clock, options.withQueueCapacity(4096), () -> { });
        transcoder.start(ladder, out, segments::add);
        long t0 = System.nanoTime();
        boolean anyAudio = ladder.stream().anyMatch(r -> r.audioBps() > 0);
        for (EncodedFrame f : frames) {
            boolean audio = f.codec() == EncodedFrame.Codec.OPUS;
            assertThat(transcoder.offer(f)).as("accepted").isEqualTo(!audio || anyAudio);
        }
        transcoder.stop();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(List.copyOf(segments), transcoder.stats(), seconds);
    }

    @Test
    void vp8SenderBecomesTheQuickstartLadder() throws IOException {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long g0 = System.nanoTime();
        long c0 = os.getProcessCpuTime();
        List<EncodedFrame> video = SyntheticMedia.video(EncodedFrame.Codec.VP8, 1280, 720, 30, 180);
        long c1 = os.getProcessCpuTime();
        List<EncodedFrame> audio = SyntheticMedia.opus(300);
        System.out.printf("source generated in %.2f s (video %.2f s CPU, audio %.2f s CPU)%n", (System.nanoTime() - g0) / 1e9,
                (c1 - c0) / 1e9, (os.getProcessCpuTime() - c1) / 1e9);
        Run run = transcode(QUICKSTART, SyntheticMedia.interleave(video, audio), TranscodeOptions.defaults(),
                SyntheticMedia.clock(), dir.resolve("out"));
        System.out.printf("quickstart ladder, x264 veryfast: %d source frames in %.2f s = %.0f frames/s%n",
                video.size(), run.seconds, video.size() / run.seconds);

        assertThat(run.stats.decodedPictures()).isEqualTo(180);
        assertThat(run.stats.droppedVideo()).isZero();
        RenditionReport high = RenditionReport.probe(run.segments, 0, QUICKSTART.get(0), dir);
        RenditionReport low = RenditionReport.probe(run.segments, 1, QUICKSTART.get(1), dir);
        System.out.println(high);
        System.out.println(low);
        high.assertMatches(QUICKSTART.get(0), true, false);
        low.assertMatches(QUICKSTART.get(1), true, false);
        assertThat(high.segments).hasSize(6);
        assertThat(high.videoPackets).isEqualTo(180);
        assertThat(high.startPts).as("boundaries align across renditions").isEqualTo(low.startPts);
        for (Segment s : high.segments) {
            assertThat(s.programDateTime())
                    .isEqualTo(Instant.ofEpochSecond(0, SyntheticMedia.T0_MICROS * 1000 + s.sequence() * 1_000_000_000L));
            assertThat(s.path()).isEqualTo(dir.resolve("out").resolve("0").resolve(
                    String.format("segment-%08d.ts", s.sequence())));
        }
    }

    @Test
    void vp9SenderIntoTwoFrameRates() throws IOException {
        List<RenditionSpec> ladder = List.of(
                new RenditionSpec(640, 360, 30, 800_000, H264Profile.MAIN, 64_000, 1),
                new RenditionSpec(320, 180, 15, 200_000, H264Profile.BASELINE, 32_000, 1));
        List<EncodedFrame> video = SyntheticMedia.video(EncodedFrame.Codec.VP9, 640, 360, 30, 90);
        Run run = transcode(ladder, SyntheticMedia.interleave(video, SyntheticMedia.opus(150)),
                TranscodeOptions.defaults().withPreset("ultrafast"), SyntheticMedia.clock(), dir.resolve("out"));
        RenditionReport a = RenditionReport.probe(run.segments, 0, ladder.get(0), dir);
        RenditionReport b = RenditionReport.probe(run.segments, 1, ladder.get(1), dir);
        System.out.println(a);
        System.out.println(b);
        a.assertMatches(ladder.get(0), true, FAST);
        b.assertMatches(ladder.get(1), true, FAST);
        assertThat(b.videoPackets).isEqualTo(45);
        assertThat(a.startPts).isEqualTo(b.startPts);
    }

    @Test
    void h264SenderIntoHalfSecondSegmentsAndAnotherAspectRatio() throws IOException {
        List<RenditionSpec> ladder = List.of(
                new RenditionSpec(640, 360, 30, 800_000, H264Profile.HIGH, 96_000, 0.5),
                new RenditionSpec(320, 240, 20, 300_000, H264Profile.HIGH, 96_000, 0.5));
        List<EncodedFrame> video = SyntheticMedia.video(EncodedFrame.Codec.H264, 640, 360, 30, 90);
        Run run = transcode(ladder, SyntheticMedia.interleave(video, SyntheticMedia.opus(150)),
                TranscodeOptions.defaults().withPreset("ultrafast"), SyntheticMedia.clock(), dir.resolve("out"));
        RenditionReport a = RenditionReport.probe(run.segments, 0, ladder.get(0), dir);
        RenditionReport b = RenditionReport.probe(run.segments, 1, ladder.get(1), dir);
        System.out.println(a);
        System.out.println(b);
        a.assertMatches(ladder.get(0), true, FAST);
        b.assertMatches(ladder.get(1), true, FAST);
        assertThat(a.segments).hasSize(6);
        assertThat(a.startPts).isEqualTo(b.startPts);
    }

    @Test
    void openH264AndVideoOnlyRenditions() throws IOException {
        List<RenditionSpec> ladder = List.of(new RenditionSpec(320, 180, 30, 300_000, H264Profile.BASELINE, 0, 1));
        List<EncodedFrame> video = SyntheticMedia.video(EncodedFrame.Codec.VP8, 320, 180, 30, 60);
        Run run = transcode(ladder, SyntheticMedia.interleave(video, SyntheticMedia.opus(100)),
                TranscodeOptions.defaults().withEncoder("libopenh264"), SyntheticMedia.clock(), dir.resolve("out"));
        RenditionReport r = RenditionReport.probe(run.segments, 0, ladder.get(0), dir);
        System.out.println(r);
        r.assertMatches(ladder.get(0), false, false);
        assertThat(r.segments).hasSize(2);
    }

    @Test
    void encryptedSegmentsDecryptWithOpenssl() throws Exception {
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
        List<RenditionSpec> ladder = List.of(new RenditionSpec(320, 180, 30, 300_000, H264Profile.HIGH, 64_000, 1));
        List<EncodedFrame> video = SyntheticMedia.video(EncodedFrame.Codec.VP8, 320, 180, 30, 60);
        Run run = transcode(ladder, SyntheticMedia.interleave(video, SyntheticMedia.opus(100)),
                TranscodeOptions.defaults().withPreset("ultrafast").withAesKey(key), SyntheticMedia.clock(),
                dir.resolve("enc"));
        assertThat(run.segments).hasSize(2).allMatch(Segment::encrypted);
        List<Segment> clear = new CopyOnWriteArrayList<>();
        for (Segment s : run.segments) {
            assertThat(s.byteSize() % 16).isZero();
            Path plain = dir.resolve("plain-" + s.sequence() + ".ts");
            // an independent implementation: openssl, IV = the media sequence number, 128-bit big-endian
            Process p = new ProcessBuilder("openssl", "enc", "-d", "-aes-128-cbc", "-K", HexFormat.of().formatHex(key),
                    "-iv", HexFormat.of().formatHex(Segmenter.sequenceIv(s.sequence())), "-in", s.path().toString(),
                    "-out", plain.toString()).inheritIO().start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
            clear.add(new Segment(s.rendition(), s.sequence(), plain, s.durationSeconds(), Files.size(plain),
                    s.programDateTime(), s.startPts(), false));
        }
        RenditionReport r = RenditionReport.probe(clear, 0, ladder.get(0), dir);
        r.assertMatches(ladder.get(0), true, FAST);
    }

    @Test
    void overflowDropsVideoUntilAKeyframeAndAsksForOne() throws Exception {
        List<EncodedFrame> video = SyntheticMedia.video(EncodedFrame.Codec.VP8, 320, 180, 30, 120, 30);
        List<EncodedFrame> frames = SyntheticMedia.interleave(video, SyntheticMedia.opus(200));
        CountDownLatch release = new CountDownLatch(1);
        SenderReportClock inner = SyntheticMedia.clock();
        MediaClock stalling = (frame, arrival) -> { // the worker hangs on its first frame: it falls behind
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.captureMicros(frame, arrival);
        };
        AtomicInteger keyframeRequests = new AtomicInteger();
        List<Segment> segments = new CopyOnWriteArrayList<>();
        List<RenditionSpec> ladder = List.of(new RenditionSpec(320, 180, 30, 300_000, H264Profile.HIGH, 64_000, 1));
        LadderTranscoder transcoder = new LadderTranscoder(stalling,
                TranscodeOptions.defaults().withPreset("ultrafast").withQueueCapacity(40), keyframeRequests::incrementAndGet);
        transcoder.start(ladder, dir.resolve("out"), segments::add);
        int refused = 0;
        int half = frames.size() / 2;
        for (EncodedFrame f : frames.subList(0, half)) {
            if (!transcoder.offer(f)) refused++;
        }
        LadderTranscoder.Stats stalled = transcoder.stats();
        release.countDown();
        for (EncodedFrame f : frames.subList(half, frames.size())) { // now at about the pace of a live sender
            transcoder.offer(f);
            Thread.sleep(5);
        }
        transcoder.stop();
        LadderTranscoder.Stats stats = transcoder.stats();

        assertThat(keyframeRequests.get()).isGreaterThanOrEqualTo(1);
        assertThat(stalled.droppedVideo()).isGreaterThan(0);
        assertThat(refused).isGreaterThan(0);
        // what was kept starts at a keyframe: the decoder never saw a broken reference chain
        assertThat(stats.decodedPictures()).isGreaterThan(0);
        assertThat(transcoder.offer(frames.get(0))).as("offer after stop").isFalse();
        RenditionReport r = RenditionReport.probe(segments, 0, ladder.get(0), dir);
        System.out.println("overflow: " + stats + " -> " + r);
        r.assertMatches(ladder.get(0), true, FAST);
    }

    /**
     * A WebRTC sender's first RTCP sender report comes after its first frames (up to a second later): those frames,
     * the opening keyframe among them, wait for it instead of being dropped, so no keyframe has to be asked again.
     */
    @Test
    void framesBeforeTheFirstSenderReportAreKeptUntilItArrives() throws Exception {
        List<EncodedFrame> frames = SyntheticMedia.interleave(SyntheticMedia.video(EncodedFrame.Codec.VP8, 320, 180, 30, 90),
                SyntheticMedia.opus(150));
        List<RenditionSpec> ladder = List.of(new RenditionSpec(320, 180, 30, 300_000, H264Profile.HIGH, 64_000, 1));
        SenderReportClock clock = new SenderReportClock();
        AtomicInteger keyframeRequests = new AtomicInteger();
        List<Segment> segments = new CopyOnWriteArrayList<>();
        LadderTranscoder t = new LadderTranscoder(clock,
                TranscodeOptions.defaults().withPreset("ultrafast").withQueueCapacity(4096),
                keyframeRequests::incrementAndGet);
        t.start(ladder, dir.resolve("out"), segments::add);
        int half = frames.size() / 2;
        frames.subList(0, half).forEach(t::offer);
        Thread.sleep(300); // the worker has seen them, with no report yet
        long ntp = SenderReportClock.epochMicrosToNtp(SyntheticMedia.T0_MICROS);
        clock.onSenderReport(MediaClock.Track.VIDEO, ntp, SyntheticMedia.VIDEO_RTP_BASE);
        clock.onSenderReport(MediaClock.Track.AUDIO, ntp, SyntheticMedia.AUDIO_RTP_BASE);
        frames.subList(half, frames.size()).forEach(t::offer);
        t.stop();
        System.out.println("late sender report: " + t.stats());
        assertThat(t.stats().decodedPictures()).as("every frame decoded, from the first keyframe").isEqualTo(90);
        assertThat(t.stats().unplaced()).isZero();
        assertThat(keyframeRequests).hasValue(0);
        assertThat(t.videoCodecString(0)).as("x264 ultrafast writes Constrained Baseline, whatever was asked")
                .startsWith("avc1.42c0");
        RenditionReport r = RenditionReport.probe(segments, 0, ladder.get(0), dir);
        assertThat(r.segments).as("3 s of media, from the start").hasSize(3);
        r.assertMatches(ladder.get(0), true, FAST);
    }

    @Test
    void garbageFramesDoNotStopTheLadder() throws IOException {
        List<EncodedFrame> video = SyntheticMedia.video(EncodedFrame.Codec.VP8, 320, 180, 30, 60, 30);
        List<EncodedFrame> audio = SyntheticMedia.opus(100);
        java.util.Random random = new java.util.Random(7);
        List<EncodedFrame> frames = new java.util.ArrayList<>();
        for (EncodedFrame f : SyntheticMedia.interleave(video, audio)) {
            if (random.nextInt(10) == 0) { // a broken frame with the same timing, as a bad depacketizer might give
                byte[] junk = new byte[random.nextInt(300)];
                random.nextBytes(junk);
                frames.add(new EncodedFrame(f.codec(), junk, f.rtpTimestamp(), f.clockRate(), random.nextBoolean()));
            }
            frames.add(f);
        }
        List<RenditionSpec> ladder = List.of(new RenditionSpec(320, 180, 30, 300_000, H264Profile.HIGH, 64_000, 1));
        AtomicInteger keyframeRequests = new AtomicInteger();
        List<Segment> segments = new CopyOnWriteArrayList<>();
        LadderTranscoder t = new LadderTranscoder(SyntheticMedia.clock(),
                TranscodeOptions.defaults().withPreset("ultrafast").withQueueCapacity(4096),
                keyframeRequests::incrementAndGet);
        t.start(ladder, dir.resolve("out"), segments::add);
        frames.forEach(t::offer);
        t.stop();
        System.out.println("garbage: " + t.stats());
        assertThat(t.stats().decodedPictures()).isGreaterThan(20);
        RenditionReport r = RenditionReport.probe(segments, 0, ladder.get(0), dir);
        r.assertMatches(ladder.get(0), true, FAST);
    }

    @Test
    void nothingLeaksOverTwentyStartStopCycles() {
        List<EncodedFrame> video = SyntheticMedia.video(EncodedFrame.Codec.VP8, 1280, 720, 30, 8);
        List<EncodedFrame> frames = SyntheticMedia.interleave(video, SyntheticMedia.opus(12));
        int cycles = Integer.getInteger("hibiki.leakCycles", 20);
        long[] nativeBytes = new long[cycles + 1];
        for (int i = 0; i < cycles; i++) {
            List<Segment> segments = new CopyOnWriteArrayList<>();
            LadderTranscoder t = new LadderTranscoder(SyntheticMedia.clock(),
                    TranscodeOptions.defaults().withPreset("ultrafast"), () -> { });
            t.start(QUICKSTART, dir.resolve("loop" + i), segments::add);
            frames.forEach(t::offer);
            t.stop();
            assertThat(segments).hasSize(2);
            nativeBytes[i + 1] = outsideJavaHeapBytes();
            System.out.printf("cycle %d: RSS %d MB, outside the Java heap %d MB%n", i + 1, residentBytes() >> 20,
                    nativeBytes[i + 1] >> 20);
        }
        long growth = nativeBytes[cycles] - nativeBytes[5];
        // one leaked 720p x264 encoder alone is tens of MB; 15 of them would be hundreds
        assertThat(growth).isLessThan(16L << 20);
    }

    /** RSS minus what the JVM has committed for its heaps (which grow with garbage, not with native leaks). */
    static long outsideJavaHeapBytes() {
        System.gc();
        var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        return residentBytes() - memory.getHeapMemoryUsage().getCommitted()
                - memory.getNonHeapMemoryUsage().getCommitted();
    }

    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS");
    }
}
