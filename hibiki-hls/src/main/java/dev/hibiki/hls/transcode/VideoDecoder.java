package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_LOW_DELAY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

/**
 * Decodes one sender's video (VP8, VP9, H.264, AV1) into raw pictures. A frame that fails to decode, a corrupt
 * picture, or a delta frame while no keyframe has been decoded yet all answer {@link Result#NEED_KEYFRAME}: the
 * decoder is flushed and skips input until a keyframe, and the caller should ask the sender for one (PLI/FIR).
 *
 * <p>AV1 goes to {@code libaom-av1}: FFmpeg's own {@code av1} decoder only drives hardware decoders and this build
 * has no libdav1d. One thread only; not thread-safe.
 */
public final class VideoDecoder implements AutoCloseable {

    public enum Result {
        /** Accepted; zero or more pictures were handed to the sink. */
        OK,
        /** Skipped or broken: nothing decodes until a keyframe arrives. */
        NEED_KEYFRAME
    }

    /** Receives decoded pictures; the frame is only valid during the call. pts is the caller's, in microseconds. */
    @FunctionalInterface
    public interface PictureSink {
        void onPicture(AVFrame picture);
    }

    /** AV_FRAME_FLAG_CORRUPT (1 << 0), which the JavaCPP presets do not map. */
    private static final int FRAME_FLAG_CORRUPT = 1;

    private final EncodedFrame.Codec codec;
    private AVCodecContext context;
    private AVPacket packet;
    private AVFrame picture;
    private boolean waitingForKeyframe = true;
    private long decodedPictures;

    public VideoDecoder(EncodedFrame.Codec codec, int threads) {
        Ffmpeg.init();
        this.codec = codec;
        String name = decoderName(codec);
        AVCodec decoder = Ffmpeg.notNull(avcodec_find_decoder_by_name(name), "no decoder " + name + " in this FFmpeg");
        try {
            context = Ffmpeg.notNull(avcodec_alloc_context3(decoder), "avcodec_alloc_context3");
            context.thread_count(threads);
            // WebRTC never reorders frames: output each picture as soon as its frame is in
            context.flags(context.flags() | AV_CODEC_FLAG_LOW_DELAY);
            context.pkt_timebase(Ffmpeg.MICROS_BASE);
            Ffmpeg.check(avcodec_open2(context, decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null),
                    "open decoder " + name);
            packet = Ffmpeg.notNull(av_packet_alloc(), "av_packet_alloc");
            picture = Ffmpeg.notNull(av_frame_alloc(), "av_frame_alloc");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static String decoderName(EncodedFrame.Codec codec) {
        return switch (codec) {
            case VP8 -> "vp8";
            case VP9 -> "vp9";
            case H264 -> "h264";
            case AV1 -> "libaom-av1";
            case OPUS -> throw new IllegalArgumentException("OPUS is audio");
        };
    }

    public EncodedFrame.Codec codec() {
        return codec;
    }

    public long decodedPictures() {
        return decodedPictures;
    }

    /**
     * Decodes one frame.
     *
     * @param data       the encoded frame (see {@link EncodedFrame})
     * @param keyframe   whether the depacketizer saw a keyframe
     * @param ptsMicros  the frame's time, handed back as the picture's pts
     * @param sink       receives the pictures
     */
    public Result decode(byte[] data, int offset, int length, boolean keyframe, long ptsMicros, PictureSink sink) {
        if (waitingForKeyframe && !keyframe) return Result.NEED_KEYFRAME;
        if (length <= 0 || offset < 0 || offset + length > data.length) return broken();
        if (av_new_packet(packet, length) < 0) return broken();
        packet.data().put(data, offset, length);
        packet.pts(ptsMicros);
        packet.dts(ptsMicros);
        int ret = avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        if (ret < 0 && ret != Ffmpeg.EAGAIN) return broken();
        if (keyframe) waitingForKeyframe = false;
        boolean corrupt = false;
        while (true) {
            ret = avcodec_receive_frame(context, picture);
            if (ret == Ffmpeg.EAGAIN || ret == AVERROR_EOF) break;
            if (ret < 0) return broken();
            if ((picture.flags() & FRAME_FLAG_CORRUPT) != 0 || picture.decode_error_flags() != 0) {
                corrupt = true;
            } else {
                decodedPictures++;
                sink.onPicture(picture);
            }
            av_frame_unref(picture);
        }
        return corrupt ? broken() : Result.OK;
    }

    public Result decode(EncodedFrame frame, long ptsMicros, PictureSink sink) {
        return decode(frame.data(), 0, frame.data().length, frame.keyframe(), ptsMicros, sink);
    }

    private Result broken() {
        waitingForKeyframe = true;
        avcodec_flush_buffers(context);
        return Result.NEED_KEYFRAME;
    }

    @Override
    public void close() {
        if (picture != null) av_frame_free(picture);
        if (packet != null) av_packet_free(packet);
        if (context != null) avcodec_free_context(context);
        picture = null;
        packet = null;
        context = null;
    }
}
