package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

/**
 * Not a test: bench/hls-transcode.sh runs it ({@code -Dhibiki.bench=true -Dhibiki.bench.input=FILE.webm}).
 * The input (VP8 + Opus, made by the script with the ffmpeg CLI) is demuxed into the frames a WebRTC sender would
 * deliver, then:
 * <ol>
 *   <li>{@code cpu}: the quickstart ladder transcodes it once as fast as it can; prints the process CPU seconds,
 *       which the script compares with the ffmpeg CLI doing the same ladder on the same file;</li>
 *   <li>{@code realtime}: N senders at once, each fed at the pace of a live sender for the whole file; a sender
 *       keeps up when its transcoder dropped nothing and finished its queue right after the last frame.</li>
 * </ol>
 */
@EnabledIfSystemProperty(named = "hibiki.bench", matches = "true")
class HlsTranscodeBenchmark {

    private static final String PRESET = System.getProperty("hibiki.bench.preset", "superfast");
    private static final List<RenditionSpec> LADDER = LadderTranscoderTest.QUICKSTART;

    @Test
    void run() throws Exception {
        Path input = Path.of(System.getProperty("hibiki.bench.input"));
        Path out = Files.createTempDirectory("hls-bench");
        List<EncodedFrame> frames = demux(input);
        long videoFrames = frames.stream().filter(f -> f.codec() != EncodedFrame.Codec.OPUS).count();
        double mediaSeconds = videoFrames / 30.0;
        TranscodeOptions options = TranscodeOptions.defaults().withPreset(PRESET).withQueueCapacity(4096);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        // warm-up (JIT, native libraries), then the measured pass
        LadderTranscoderTest.transcode(LADDER, frames.subList(0, Math.min(frames.size(), 300)), options,
                SyntheticMedia.clock(), out.resolve("warmup"));
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        LadderTranscoderTest.Run r = LadderTranscoderTest.transcode(LADDER, frames, options, SyntheticMedia.clock(),
                out.resolve("cpu"));
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        System.out.printf("BENCH cpu preset=%s media=%.1fs frames=%d cpu=%.2fs wall=%.2fs segments=%d dropped=%d%n",
                PRESET, mediaSeconds, videoFrames, cpu, (System.nanoTime() - wall0) / 1e9, r.segments().size(),
                r.stats().droppedVideo());

        for (String n : System.getProperty("hibiki.bench.senders", "").split(",")) {
            if (!n.isBlank()) realtime(Integer.parseInt(n.trim()), frames, options, out.resolve("rt" + n.trim()), os);
        }
    }

    /** N live senders: each frame is offered when its capture time comes (all senders share one timeline). */
    private static void realtime(int senders, List<EncodedFrame> frames, TranscodeOptions options, Path out,
                                 com.sun.management.OperatingSystemMXBean os) throws Exception {
        List<LadderTranscoder> transcoders = new ArrayList<>();
        List<List<Segment>> segments = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            List<Segment> s = new CopyOnWriteArrayList<>();
            segments.add(s);
            LadderTranscoder t = new LadderTranscoder(SyntheticMedia.clock(), options.withQueueCapacity(256), () -> { });
            t.start(LADDER, out.resolve("s" + i), s::add);
            transcoders.add(t);
        }
        long cpu0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        long firstVideoTs = frames.stream().filter(f -> f.codec() != EncodedFrame.Codec.OPUS).findFirst()
                .orElseThrow().rtpTimestamp();
        long firstAudioTs = frames.stream().filter(f -> f.codec() == EncodedFrame.Codec.OPUS).findFirst()
                .map(EncodedFrame::rtpTimestamp).orElse(0L);
        long maxQueueLagNanos = 0;
        for (EncodedFrame f : frames) {
            boolean audio = f.codec() == EncodedFrame.Codec.OPUS;
            long due = audio ? (f.rtpTimestamp() - firstAudioTs) * 1_000_000_000L / 48_000
                    : (f.rtpTimestamp() - firstVideoTs) * 1_000_000_000L / 90_000;
            long wait = start + due - System.nanoTime();
            if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            for (LadderTranscoder t : transcoders) t.offer(f);
        }
        long fed = System.nanoTime();
        for (LadderTranscoder t : transcoders) t.stop();
        double drain = (System.nanoTime() - fed) / 1e9;
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        long dropped = 0;
        long segs = 0;
        for (int i = 0; i < senders; i++) {
            dropped += transcoders.get(i).stats().droppedVideo();
            segs += segments.get(i).size();
        }
        System.out.printf("BENCH realtime senders=%d preset=%s wall=%.1fs cpu=%.1fs (%.2f cores) dropped_video=%d "
                        + "segments=%d drain_after_last_frame=%.2fs keeps_up=%s%n", senders, PRESET, wall, cpu,
                cpu / wall, dropped, segs, drain, dropped == 0 && drain < 2.0);
    }

    /** The file's VP8 and Opus packets as depacketized WebRTC frames (RTP clocks 90 kHz and 48 kHz). */
    static List<EncodedFrame> demux(Path file) {
        Ffmpeg.init();
        AVFormatContext fmt = new AVFormatContext(null);
        Ffmpeg.check(avformat_open_input(fmt, file.toString(), null, (AVDictionary) null), "open " + file);
        List<EncodedFrame> out = new ArrayList<>();
        AVPacket pkt = av_packet_alloc();
        try {
            Ffmpeg.check(avformat_find_stream_info(fmt, (AVDictionary) null), "stream info");
            while (av_read_frame(fmt, pkt) >= 0) {
                AVStream st = fmt.streams(pkt.stream_index());
                int type = st.codecpar().codec_type();
                if (type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO) {
                    boolean video = type == AVMEDIA_TYPE_VIDEO;
                    int rate = video ? 90_000 : 48_000;
                    long ts = av_rescale_q(pkt.pts(), st.time_base(), av_make_q(1, rate));
                    byte[] data = new byte[pkt.size()];
                    pkt.data().get(data);
                    long base = video ? SyntheticMedia.VIDEO_RTP_BASE : SyntheticMedia.AUDIO_RTP_BASE;
                    out.add(new EncodedFrame(video ? EncodedFrame.Codec.VP8 : EncodedFrame.Codec.OPUS, data,
                            base + ts, rate, video && (pkt.flags() & AV_PKT_FLAG_KEY) != 0));
                }
                av_packet_unref(pkt);
            }
        } finally {
            av_packet_free(pkt);
            avformat_close_input(fmt);
        }
        return out;
    }
}
