package dev.hibiki.hls.transcode;

import dev.hibiki.hls.playlist.SegmentCipher;
import dev.hibiki.hls.playlist.SegmentFormat;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close_dyn_buf;
import static org.bytedeco.ffmpeg.global.avformat.avio_open_dyn_buf;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

/**
 * Muxes one rendition's H.264 and AAC packets into MPEG-TS or fragmented-MP4 segments. One libavformat muxer runs for
 * the whole stream (continuity counters and timestamps continue across segments); its output goes to an in-memory
 * AVIOContext (a dynamic buffer) that is swapped at each cut, so a segment is a byte array that can be encrypted and
 * written to a file or any {@link SegmentOutput}. Each segment starts with an IDR frame (x264 repeats SPS/PPS before
 * each). MPEG-TS: PAT/PMT are re-sent at the start of every segment, so every segment decodes on its own.
 * Fragmented MP4: the {@code mp4} muxer cuts one fragment (moof + mdat) per segment, only when told to
 * ({@code frag_custom}); it writes ftyp + moov with the first fragment ({@code delay_moov}, so the avcC comes from the
 * first keyframe), and those bytes before the first moof become the init segment ({@link SegmentOutput#writeInit}).
 *
 * <p>Cuts happen at the first video keyframe whose time is at or after the next segment boundary of the
 * {@link SegmentSchedule}. Audio that starts after a boundary waits for that keyframe, and the keyframe waits for
 * the audio before the boundary (the AAC encoder lags video by a frame or two; at most a second of video is held),
 * so audio and video of a segment cover the same span. Timestamps: 90 kHz, {@link #PTS_OFFSET} plus the time since the
 * ladder's origin. One thread only.
 */
public final class Segmenter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Segmenter.class);
    /** Ten seconds: leaves room for the AAC encoder's priming samples before the origin and for the PCR delay. */
    public static final long PTS_OFFSET = 10 * 90_000L;
    /** Audio held for a late video keyframe beyond this many packets (≈1.4 s) goes into the current segment. */
    static final int MAX_PENDING_AUDIO = 64;
    private static final AVRational TS_BASE = av_make_q(1, 90_000);

    private final int rendition;
    private final int fps;
    private final SegmentSchedule schedule;
    private final AVRational videoBase;
    private final AVRational audioBase = av_make_q(1, AudioDecoder.SAMPLE_RATE);
    private final SegmentOutput output;
    private final byte[] aesKey;
    private final SegmentListener listener;
    private final SegmentFormat segmentFormat;
    private boolean initWritten;
    /** Audio that starts after the next boundary, waiting for the video keyframe that opens that segment. */
    private final ArrayDeque<AVPacket> pendingAudio = new ArrayDeque<>();
    /** The keyframe that opens the next segment and what follows it, waiting for the audio before the boundary. */
    private final ArrayDeque<AVPacket> pendingVideo = new ArrayDeque<>();
    private long audioEndMicros = Long.MIN_VALUE;
    private AVFormatContext format;
    private AVStream videoStream;
    private AVStream audioStream;
    private AVPacket scratch;
    private long originEpochMicros;
    private boolean started;
    private long segmentIndex;
    private long segmentStartPts;
    private long sequence;
    private long lastVideoEndPts;
    private boolean finished;

    /**
     * @param audio    the AAC encoder whose packets will come, or null for video-only segments
     * @param aesKey   16 bytes: each segment is AES-128-CBC encrypted (PKCS#7) with its media sequence number as
     *                 the IV, as players assume when EXT-X-KEY has no IV attribute (RFC 8216 §5.2); null: clear.
     *                 MPEG-TS only.
     */
    public Segmenter(int rendition, RenditionEncoder video, AacEncoder audio, SegmentOutput output,
                     byte[] aesKey, SegmentFormat segmentFormat, SegmentListener listener) {
        Ffmpeg.init();
        this.rendition = rendition;
        this.fps = video.spec().fps();
        this.schedule = new SegmentSchedule(video.spec().durationMicros());
        this.videoBase = av_make_q(1, fps);
        this.output = output;
        if (aesKey != null && aesKey.length != 16) throw new IllegalArgumentException("AES-128 keys have 16 bytes");
        this.aesKey = aesKey == null ? null : aesKey.clone();
        this.listener = listener;
        this.segmentFormat = segmentFormat;
        if (aesKey != null && segmentFormat != SegmentFormat.MPEGTS) {
            throw new IllegalArgumentException("AES-128 encryption is only supported with MPEG-TS segments");
        }
        boolean fmp4 = segmentFormat == SegmentFormat.FMP4;
        String muxer = fmp4 ? "mp4" : "mpegts";
        AVDictionary muxerOptions = new AVDictionary(null);
        try {
            format = new AVFormatContext(null);
            Ffmpeg.check(avformat_alloc_output_context2(format, null, muxer, (String) null), muxer + " muxer");
            videoStream = addStream(video.context());
            if (audio != null) audioStream = addStream(audio.context());
            openBuffer();
            if (fmp4) {
                // skip_trailer: no mfra after the last fragment, it is a live segment like the others
                av_dict_set(muxerOptions, "movflags",
                        "frag_custom+empty_moov+delay_moov+default_base_moof+skip_trailer", 0);
            }
            Ffmpeg.check(avformat_write_header(format, muxerOptions), muxer + " header");
            scratch = Ffmpeg.notNull(av_packet_alloc(), "av_packet_alloc");
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            av_dict_free(muxerOptions);
        }
    }

    private AVStream addStream(AVCodecContext encoder) {
        AVStream stream = Ffmpeg.notNull(avformat_new_stream(format, null), "avformat_new_stream");
        Ffmpeg.check(avcodec_parameters_from_context(stream.codecpar(), encoder), "codec parameters");
        stream.time_base(TS_BASE);
        return stream;
    }

    private void openBuffer() {
        AVIOContext pb = new AVIOContext(null);
        Ffmpeg.check(avio_open_dyn_buf(pb), "avio_open_dyn_buf");
        format.pb(pb);
    }

    private byte[] closeBuffer() {
        BytePointer buffer = new BytePointer((Pointer) null);
        int size = avio_close_dyn_buf(format.pb(), buffer);
        format.pb(null);
        byte[] bytes = new byte[Math.max(0, size)];
        if (size > 0) buffer.get(bytes, 0, size);
        av_free(buffer);
        return bytes;
    }

    /** The Unix epoch microseconds of the ladder's origin (pts {@link #PTS_OFFSET}), for program date-times. */
    public void origin(long epochMicros) {
        this.originEpochMicros = epochMicros;
    }

    public long segmentsWritten() {
        return sequence;
    }

    /** @param packet an H.264 packet, time base 1/fps, pts = frame number since the origin */
    public void writeVideo(AVPacket packet) {
        if (finished) return;
        if (!pendingVideo.isEmpty()) {
            hold(pendingVideo, packet);
            if (pendingVideo.size() > fps) cut(); // audio stalled for a second: do not wait any longer
            return;
        }
        boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
        long index = schedule.indexAt(SegmentSchedule.slotMicros(packet.pts(), fps));
        if (!started) {
            if (!key) return; // a segment must start with a keyframe
            startSegment(index, videoPts(packet));
        } else if (key && index > segmentIndex) {
            if (audioStream != null && audioEndMicros < schedule.startMicros(index)) {
                // the AAC encoder lags: wait for the audio that still belongs to the current segment
                hold(pendingVideo, packet);
                return;
            }
            endSegment(videoPts(packet));
            startSegment(index, videoPts(packet));
        }
        writeVideoNow(packet);
        releasePendingAudio(false);
    }

    /** @param packet an AAC packet, time base 1/48000, pts = samples since the origin */
    public void writeAudio(AVPacket packet) {
        if (finished || audioStream == null) return;
        long duration = packet.duration() > 0 ? packet.duration() : 1024;
        audioEndMicros = Math.max(audioEndMicros,
                Math.floorDiv((packet.pts() + duration) * Ffmpeg.MICROS, AudioDecoder.SAMPLE_RATE));
        if (started && pendingAudio.isEmpty() && audioSegment(packet) <= segmentIndex) {
            write(packet, audioBase, audioStream);
            if (!pendingVideo.isEmpty() && audioEndMicros >= pendingBoundaryMicros()) cut();
            return;
        }
        hold(pendingAudio, packet);
        if (!pendingVideo.isEmpty()) cut(); // this audio starts after the boundary: the segment's audio is complete
        if (pendingAudio.size() > MAX_PENDING_AUDIO) releasePendingAudio(true);
    }

    private long videoPts(AVPacket packet) {
        return av_rescale_q(packet.pts(), videoBase, TS_BASE) + PTS_OFFSET;
    }

    private void writeVideoNow(AVPacket packet) {
        write(packet, videoBase, videoStream);
        lastVideoEndPts = videoPts(packet) + 90_000L / fps;
    }

    private long pendingBoundaryMicros() {
        AVPacket first = pendingVideo.peekFirst();
        return schedule.startMicros(schedule.indexAt(SegmentSchedule.slotMicros(first.pts(), fps)));
    }

    /** Starts the segment whose keyframe waits in {@link #pendingVideo} and writes the held packets into it. */
    private void cut() {
        AVPacket first = pendingVideo.peekFirst();
        if (first == null) return;
        long index = schedule.indexAt(SegmentSchedule.slotMicros(first.pts(), fps));
        endSegment(videoPts(first));
        startSegment(index, videoPts(first));
        while (!pendingVideo.isEmpty()) {
            AVPacket p = pendingVideo.pollFirst();
            writeVideoNow(p);
            av_packet_free(p);
        }
        releasePendingAudio(false);
    }

    private static void hold(ArrayDeque<AVPacket> queue, AVPacket packet) {
        AVPacket copy = av_packet_clone(packet);
        if (copy != null) queue.addLast(copy);
    }

    private long audioSegment(AVPacket packet) {
        return schedule.indexAt(Math.floorDiv(packet.pts() * Ffmpeg.MICROS, AudioDecoder.SAMPLE_RATE));
    }

    private void releasePendingAudio(boolean overflow) {
        while (!pendingAudio.isEmpty()) {
            AVPacket p = pendingAudio.peekFirst();
            if (!overflow && (!started || audioSegment(p) > segmentIndex)) break;
            if (started) write(p, audioBase, audioStream);
            av_packet_free(pendingAudio.pollFirst());
            overflow = overflow && pendingAudio.size() > MAX_PENDING_AUDIO / 2;
        }
    }

    private void write(AVPacket packet, AVRational from, AVStream stream) {
        if (av_packet_ref(scratch, packet) < 0) return;
        av_packet_rescale_ts(scratch, from, stream.time_base());
        long offset = av_rescale_q(PTS_OFFSET, TS_BASE, stream.time_base());
        scratch.pts(scratch.pts() + offset);
        scratch.dts(scratch.dts() + offset);
        scratch.stream_index(stream.index());
        int ret = av_write_frame(format, scratch);
        av_packet_unref(scratch);
        if (ret < 0) LOG.debug("rendition {}: packet not muxed: {}", rendition, Ffmpeg.error(ret));
    }

    private void startSegment(long index, long pts) {
        if (started) {
            openBuffer();
            if (segmentFormat == SegmentFormat.MPEGTS) {
                // the new buffer must begin with PAT/PMT so the segment stands alone
                av_opt_set(format.priv_data(), "mpegts_flags", "+resend_headers", 0);
            }
        }
        started = true;
        segmentIndex = index;
        segmentStartPts = pts;
    }

    private void endSegment(long endPts) {
        flush();
        publish(closeBuffer(), endPts);
    }

    /** MPEG-TS: writes the audio the muxer gathers into bigger PES packets; fMP4: cuts the fragment. */
    private void flush() {
        av_write_frame(format, null);
        if (segmentFormat == SegmentFormat.FMP4 && !initWritten) {
            av_write_frame(format, null); // with delay_moov the first flush writes only ftyp + moov
        }
    }

    private void publish(byte[] bytes, long endPts) {
        if (segmentFormat == SegmentFormat.FMP4 && !initWritten) {
            initWritten = true;
            int initLength = Mp4Boxes.offsetOf(bytes, "moof");
            byte[] init = java.util.Arrays.copyOf(bytes, initLength);
            bytes = java.util.Arrays.copyOfRange(bytes, initLength, bytes.length);
            try {
                output.writeInit(rendition, init);
            } catch (IOException | RuntimeException e) {
                LOG.warn("rendition {}: init segment lost, its segments will not play: {}", rendition, e.toString());
            }
        }
        long seq = sequence++;
        double duration = (endPts - segmentStartPts) / 90_000.0;
        long startMicros = originEpochMicros + (segmentStartPts - PTS_OFFSET) * Ffmpeg.MICROS / 90_000;
        Instant pdt = Instant.ofEpochSecond(Math.floorDiv(startMicros, Ffmpeg.MICROS),
                Math.floorMod(startMicros, Ffmpeg.MICROS) * 1000L);
        byte[] stored = aesKey == null ? bytes : SegmentCipher.encrypt(aesKey, sequenceIv(seq), bytes);
        Path path;
        try {
            path = output.write(rendition, seq, duration, pdt, stored);
        } catch (IOException | RuntimeException e) {
            LOG.warn("rendition {}: segment {} lost: {}", rendition, seq, e.toString());
            return;
        }
        listener.onSegment(new Segment(rendition, seq, path, duration, stored.length, pdt, segmentStartPts,
                aesKey != null));
    }

    /** The implicit AES-128 IV of a segment: its media sequence number, 128-bit big-endian. */
    public static byte[] sequenceIv(long sequence) {
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) iv[15 - i] = (byte) (sequence >>> (8 * i));
        return iv;
    }

    /** Writes held audio, the trailer and the last segment. */
    public void finish() {
        if (finished || format == null) return;
        cut();
        releasePendingAudio(true);
        finished = true;
        if (!started) return;
        flush();
        av_write_trailer(format);
        publish(closeBuffer(), lastVideoEndPts);
    }

    @Override
    public void close() {
        while (!pendingAudio.isEmpty()) av_packet_free(pendingAudio.pollFirst());
        while (!pendingVideo.isEmpty()) av_packet_free(pendingVideo.pollFirst());
        if (scratch != null) av_packet_free(scratch);
        scratch = null;
        if (format != null) {
            if (format.pb() != null) closeBuffer();
            avformat_free_context(format);
            format = null;
        }
    }
}
