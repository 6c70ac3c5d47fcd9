package dev.hibiki.hls.transcode;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;

import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_compare;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

/**
 * Decodes Opus packets into PCM in the one format the AAC encoders take: planar float, stereo, 48 kHz. A packet
 * that does not decode is dropped (each Opus packet stands alone; the gap becomes silence in {@link AacEncoder}).
 * One thread only.
 */
public final class AudioDecoder implements AutoCloseable {
    public static final int SAMPLE_RATE = 48_000;
    public static final int CHANNELS = 2;

    /** Receives PCM (planar float stereo 48 kHz); valid only during the call; pts is the caller's microseconds. */
    @FunctionalInterface
    public interface PcmSink {
        void onPcm(AVFrame pcm);
    }

    private AVCodecContext context;
    private AVPacket packet;
    private AVFrame decoded;
    private AVFrame converted;
    private AVChannelLayout stereo;
    private SwrContext swr;
    private long failures;

    public AudioDecoder() {
        Ffmpeg.init();
        AVCodec decoder = Ffmpeg.notNull(avcodec_find_decoder_by_name("opus"), "no opus decoder in this FFmpeg");
        try {
            stereo = new AVChannelLayout();
            av_channel_layout_default(stereo, CHANNELS);
            context = Ffmpeg.notNull(avcodec_alloc_context3(decoder), "avcodec_alloc_context3");
            // WebRTC's opus/48000/2: without extradata the decoder needs to be told the layout
            Ffmpeg.check(av_channel_layout_copy(context.ch_layout(), stereo), "channel layout");
            context.sample_rate(SAMPLE_RATE);
            context.pkt_timebase(Ffmpeg.MICROS_BASE);
            Ffmpeg.check(avcodec_open2(context, decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null), "open opus");
            packet = Ffmpeg.notNull(av_packet_alloc(), "av_packet_alloc");
            decoded = Ffmpeg.notNull(av_frame_alloc(), "av_frame_alloc");
            converted = Ffmpeg.notNull(av_frame_alloc(), "av_frame_alloc");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Packets that did not decode. */
    public long failures() {
        return failures;
    }

    /** @return false when the packet did not decode (nothing reached the sink) */
    public boolean decode(byte[] data, int offset, int length, long ptsMicros, PcmSink sink) {
        if (length <= 0 || offset < 0 || offset + length > data.length || av_new_packet(packet, length) < 0) {
            failures++;
            return false;
        }
        packet.data().put(data, offset, length);
        packet.pts(ptsMicros);
        packet.dts(ptsMicros);
        int ret = avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        if (ret < 0) {
            failures++;
            return false;
        }
        boolean any = false;
        while (avcodec_receive_frame(context, decoded) >= 0) {
            AVFrame out = toStereoFloat(decoded);
            if (out != null) {
                out.pts(decoded.pts());
                any = true;
                sink.onPcm(out);
            }
            av_frame_unref(decoded);
        }
        if (!any) failures++;
        return any;
    }

    private AVFrame toStereoFloat(AVFrame in) {
        if (in.format() == AV_SAMPLE_FMT_FLTP && in.sample_rate() == SAMPLE_RATE
                && av_channel_layout_compare(in.ch_layout(), stereo) == 0) {
            return in;
        }
        if (swr == null) {
            SwrContext s = new SwrContext(null);
            if (swr_alloc_set_opts2(s, stereo, AV_SAMPLE_FMT_FLTP, SAMPLE_RATE, in.ch_layout(), in.format(),
                    in.sample_rate(), 0, null) < 0 || swr_init(s) < 0) {
                swr_free(s);
                return null;
            }
            swr = s;
        }
        av_frame_unref(converted);
        av_channel_layout_copy(converted.ch_layout(), stereo);
        converted.format(AV_SAMPLE_FMT_FLTP);
        converted.sample_rate(SAMPLE_RATE);
        return swr_convert_frame(swr, converted, in) < 0 ? null : converted;
    }

    @Override
    public void close() {
        if (swr != null) swr_free(swr);
        if (converted != null) av_frame_free(converted);
        if (decoded != null) av_frame_free(decoded);
        if (packet != null) av_packet_free(packet);
        if (context != null) avcodec_free_context(context);
        if (stereo != null) {
            av_channel_layout_uninit(stereo);
            stereo.close();
        }
        swr = null;
        converted = null;
        decoded = null;
        packet = null;
        context = null;
        stereo = null;
    }
}
