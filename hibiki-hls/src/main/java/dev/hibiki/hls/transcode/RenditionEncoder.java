package dev.hibiki.hls.transcode;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_ref;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

/**
 * One rung's video: scale to the rendition's size, convert to its constant frame rate, encode H.264. Keyframes
 * fall exactly on the first frame of every segment (see {@link SegmentSchedule}) and nowhere else (no scene-cut
 * keyframes), so every rendition of the ladder cuts its segments at the same source instants.
 *
 * <p>Rate control: VBV with maxrate = bufsize = the rendition's bps (one second of buffer) and a target of 90 %
 * of it, which keeps every second of a segment under the advertised bitrate. Packets (time base 1/fps, pts = frame
 * number since the origin) go to the sink. One thread only.
 */
public final class RenditionEncoder implements AutoCloseable {
    static final double TARGET_SHARE = 0.9;

    private final RenditionSpec spec;
    private final int fps;
    private final PacketSink sink;
    private final SegmentSchedule schedule;
    private final FrameRateConverter rateConverter;
    private final VideoScaler scaler;
    private AVCodecContext context;
    private AVFrame scaled;
    private AVFrame passed;
    private AVFrame previous;
    private AVPacket packet;
    private long lastKeySegment = Long.MIN_VALUE;
    private long encodedFrames;
    private long repeatedFrames;
    private long droppedFrames;

    public RenditionEncoder(RenditionSpec spec, TranscodeOptions options, PacketSink sink) {
        Ffmpeg.init();
        this.spec = spec;
        this.fps = spec.fps();
        this.sink = sink;
        this.schedule = new SegmentSchedule(spec.durationMicros());
        this.rateConverter = new FrameRateConverter(fps, 2 * fps);
        this.scaler = new VideoScaler(spec.encodedWidth(), spec.encodedHeight(), options.scaleMode());
        String name = options.encoderName();
        AVCodec codec = Ffmpeg.notNull(avcodec_find_encoder_by_name(name), "no encoder " + name + " in this FFmpeg");
        AVDictionary opts = new AVDictionary(null);
        try {
            context = Ffmpeg.notNull(avcodec_alloc_context3(codec), "avcodec_alloc_context3");
            context.width(spec.encodedWidth());
            context.height(spec.encodedHeight());
            context.pix_fmt(AV_PIX_FMT_YUV420P);
            context.time_base(av_make_q(1, fps));
            context.framerate(av_make_q(fps, 1));
            context.bit_rate(Math.round(spec.videoBps() * TARGET_SHARE));
            context.rc_max_rate(spec.videoBps());
            int buffer = (int) Math.min(bufferBits(spec), Integer.MAX_VALUE);
            context.rc_buffer_size(buffer);
            // start half full: the first keyframe cannot borrow a whole buffer that the average then pays back
            context.rc_initial_buffer_occupancy(buffer / 2);
            context.gop_size(keyframeInterval(spec));
            context.max_b_frames(0);
            context.thread_count(options.encoderThreads());
            context.profile(spec.profile().avProfile());
            if (name.startsWith("libx264")) {
                av_dict_set(opts, "preset", options.preset(), 0);
                av_dict_set(opts, "tune", "zerolatency", 0);
                av_dict_set(opts, "forced-idr", "1", 0);
                av_dict_set(opts, "x264-params", "scenecut=0:open-gop=0", 0);
            } else if (name.equals("libopenh264")) {
                av_dict_set(opts, "rc_mode", "bitrate", 0);
                av_dict_set(opts, "allow_skip_frames", "0", 0);
            }
            Ffmpeg.check(avcodec_open2(context, codec, opts), "open " + name + " " + spec);
            scaled = Ffmpeg.notNull(av_frame_alloc(), "av_frame_alloc");
            scaled.format(AV_PIX_FMT_YUV420P);
            scaled.width(spec.encodedWidth());
            scaled.height(spec.encodedHeight());
            Ffmpeg.check(av_frame_get_buffer(scaled, 0), "av_frame_get_buffer");
            passed = Ffmpeg.notNull(av_frame_alloc(), "av_frame_alloc");
            packet = Ffmpeg.notNull(av_packet_alloc(), "av_packet_alloc");
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            av_dict_free(opts);
        }
    }

    /**
     * One second of maxrate, or one segment's worth when segments are shorter: any window of a segment's length
     * then holds at most about twice the rate, however many keyframes it starts with.
     */
    static long bufferBits(RenditionSpec spec) {
        return Math.round(spec.videoBps() * Math.min(1.0, spec.durationSeconds()));
    }

    /** Frames per segment, rounded up: the encoder's own keyframe limit, reached only if a forced one is missed. */
    static int keyframeInterval(RenditionSpec spec) {
        return (int) Math.max(1, Math.ceil(spec.fps() * spec.durationSeconds() - 1e-9));
    }

    public RenditionSpec spec() {
        return spec;
    }

    AVCodecContext context() {
        return context;
    }

    public long encodedFrames() {
        return encodedFrames;
    }

    public long repeatedFrames() {
        return repeatedFrames;
    }

    public long droppedFrames() {
        return droppedFrames;
    }

    /**
     * @param picture a decoded picture (any size and pixel format)
     * @param micros  its time since the ladder's origin
     */
    public void encode(AVFrame picture, long micros) {
        long slot = rateConverter.slotFor(micros);
        if (slot < 0) {
            droppedFrames++;
            return;
        }
        if (previous != null) {
            for (long s = rateConverter.repeatFrom(slot); s < slot; s++) {
                send(previous, s);
                repeatedFrames++;
            }
        }
        AVFrame frame;
        if (scaler.passThrough(picture)) {
            av_frame_unref(passed);
            if (av_frame_ref(passed, picture) < 0) {
                droppedFrames++;
                return;
            }
            frame = passed;
        } else {
            // the encoder may still hold the last picture: writing into it would change a queued frame
            if (av_frame_make_writable(scaled) < 0 || !scaler.scale(picture, scaled)) {
                droppedFrames++;
                return;
            }
            frame = scaled;
        }
        send(frame, slot);
        rateConverter.filled(slot);
        previous = frame;
    }

    private void send(AVFrame frame, long slot) {
        long segment = schedule.indexAt(SegmentSchedule.slotMicros(slot, fps));
        boolean key = segment != lastKeySegment;
        lastKeySegment = segment;
        frame.pts(slot);
        frame.pict_type(key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        if (avcodec_send_frame(context, frame) < 0) return;
        encodedFrames++;
        receive();
    }

    private void receive() {
        while (avcodec_receive_packet(context, packet) >= 0) {
            sink.onPacket(packet);
            av_packet_unref(packet);
        }
    }

    /** Drains the encoder; it takes no frames afterwards. */
    public void flush() {
        if (context == null) return;
        if (avcodec_send_frame(context, null) >= 0) receive();
    }

    @Override
    public void close() {
        scaler.close();
        if (packet != null) av_packet_free(packet);
        if (passed != null) av_frame_free(passed);
        if (scaled != null) av_frame_free(scaled);
        if (context != null) avcodec_free_context(context);
        packet = null;
        passed = null;
        scaled = null;
        previous = null;
        context = null;
    }
}
