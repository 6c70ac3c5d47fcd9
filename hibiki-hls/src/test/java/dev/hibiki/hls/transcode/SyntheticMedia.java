package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PROFILE_H264_CONSTRAINED_BASELINE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

/**
 * Test input made with FFmpeg in-process, as a WebRTC sender would produce it: a moving test pattern encoded with
 * libvpx (VP8/VP9), libx264 (H.264 constrained baseline, Annex B) or libaom (AV1) with a single keyframe at the
 * start, and a 440 Hz tone encoded with libopus in 20 ms packets. RTP timestamps start at arbitrary values; the
 * video's wraps around 2^32 early on.
 */
final class SyntheticMedia {
    /** Capture time of the first video frame and the first audio packet: 2023-11-14T22:13:20Z. */
    static final long T0_MICROS = 1_700_000_000_000_000L;
    static final long VIDEO_RTP_BASE = 0xFFFF_0000L;
    static final long AUDIO_RTP_BASE = 123_456_789L;

    private SyntheticMedia() {
    }

    static List<EncodedFrame> video(EncodedFrame.Codec codec, int width, int height, int fps, int frames) {
        return video(codec, width, height, fps, frames, 100_000);
    }

    /** @param gop frames between keyframes (WebRTC: one at the start, then only on request) */
    static List<EncodedFrame> video(EncodedFrame.Codec codec, int width, int height, int fps, int frames, int gop) {
        Ffmpeg.init();
        String name = switch (codec) {
            case VP8 -> "libvpx";
            case VP9 -> "libvpx-vp9";
            case H264 -> "libx264";
            case AV1 -> "libaom-av1";
            case OPUS -> throw new IllegalArgumentException();
        };
        Map<String, String> options = switch (codec) {
            case VP8 -> Map.of("deadline", "realtime", "cpu-used", "16", "lag-in-frames", "0");
            case VP9 -> Map.of("deadline", "realtime", "cpu-used", "8", "lag-in-frames", "0", "row-mt", "1");
            case H264 -> Map.of("preset", "ultrafast", "tune", "zerolatency");
            case AV1 -> Map.of("usage", "realtime", "cpu-used", "8", "lag-in-frames", "0");
            case OPUS -> Map.of();
        };
        AVCodec encoder = avcodec_find_encoder_by_name(name);
        AVCodecContext ctx = avcodec_alloc_context3(encoder);
        ctx.width(width);
        ctx.height(height);
        ctx.pix_fmt(AV_PIX_FMT_YUV420P);
        ctx.time_base(av_make_q(1, fps));
        ctx.framerate(av_make_q(fps, 1));
        ctx.bit_rate((long) width * height * fps / 10); // ≈2.8 Mbps at 720p30: a good WebRTC sender
        ctx.gop_size(gop);
        ctx.max_b_frames(0);
        ctx.thread_count(1); // on a busy machine a second encoder thread only waits for the first
        if (codec == EncodedFrame.Codec.H264) ctx.profile(AV_PROFILE_H264_CONSTRAINED_BASELINE);
        AVDictionary dict = new AVDictionary(null);
        options.forEach((k, v) -> av_dict_set(dict, k, v, 0));
        Ffmpeg.check(avcodec_open2(ctx, encoder, dict), "open " + name);
        av_dict_free(dict);
        AVFrame frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_YUV420P);
        frame.width(width);
        frame.height(height);
        Ffmpeg.check(av_frame_get_buffer(frame, 0), "buffer");
        AVPacket packet = av_packet_alloc();
        List<EncodedFrame> out = new ArrayList<>();
        for (int n = 0; n <= frames; n++) {
            AVFrame input = null;
            if (n < frames) {
                av_frame_make_writable(frame);
                paint(frame, width, height, n);
                frame.pts(n);
                input = frame;
            }
            avcodec_send_frame(ctx, input);
            while (avcodec_receive_packet(ctx, packet) >= 0) {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                long rtp = (VIDEO_RTP_BASE + packet.pts() * 90_000 / fps) & 0xFFFF_FFFFL;
                out.add(new EncodedFrame(codec, data, rtp, 90_000, (packet.flags() & AV_PKT_FLAG_KEY) != 0));
                av_packet_unref(packet);
            }
        }
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(ctx);
        return out;
    }

    /** A gradient that scrolls, a bright box that moves and a noisy patch: some detail and motion to encode. */
    static void paint(AVFrame frame, int width, int height, int n) {
        int strideY = frame.linesize(0);
        byte[] y = new byte[strideY * height];
        int box = Math.max(8, width / 8);
        int boxX = (n * 8) % Math.max(1, width - box);
        int boxY = height / 3;
        for (int row = 0; row < height; row++) {
            int base = row * strideY;
            int start = row + 4 * n;
            for (int col = 0; col < width; col++) y[base + col] = (byte) (col + start);
            if (row >= boxY && row < boxY + box) java.util.Arrays.fill(y, base + boxX, base + boxX + box, (byte) 235);
        }
        long seed = n * 0x9E3779B97F4A7C15L;
        for (int row = 0; row < box && row < height; row++) {
            for (int col = 0; col < box; col++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                y[row * strideY + col] = (byte) (64 + ((seed >>> 33) & 0x7F));
            }
        }
        frame.data(0).put(y, 0, y.length);
        for (int plane = 1; plane < 3; plane++) {
            int stride = frame.linesize(plane);
            byte[] c = new byte[stride * (height / 2)];
            for (int row = 0; row < height / 2; row++) {
                for (int col = 0; col < width / 2; col++) {
                    c[row * stride + col] = (byte) (plane == 1 ? 96 + ((col + n) & 0x3F) : 96 + ((row - n) & 0x3F));
                }
            }
            frame.data(plane).put(c, 0, c.length);
        }
    }

    /** 20 ms Opus packets of a 440 Hz stereo tone. */
    static List<EncodedFrame> opus(int packets) {
        Ffmpeg.init();
        AVCodec encoder = avcodec_find_encoder_by_name("libopus");
        AVCodecContext ctx = avcodec_alloc_context3(encoder);
        ctx.sample_fmt(AV_SAMPLE_FMT_FLT);
        ctx.sample_rate(48_000);
        av_channel_layout_default(ctx.ch_layout(), 2);
        ctx.bit_rate(64_000);
        ctx.time_base(av_make_q(1, 48_000));
        Ffmpeg.check(avcodec_open2(ctx, encoder, (AVDictionary) null), "open libopus");
        int frameSize = ctx.frame_size();
        AVFrame frame = av_frame_alloc();
        frame.format(AV_SAMPLE_FMT_FLT);
        frame.sample_rate(48_000);
        av_channel_layout_default(frame.ch_layout(), 2);
        frame.nb_samples(frameSize);
        Ffmpeg.check(av_frame_get_buffer(frame, 0), "buffer");
        AVPacket packet = av_packet_alloc();
        List<EncodedFrame> out = new ArrayList<>();
        float[] samples = new float[frameSize * 2];
        long sample = 0;
        for (int i = 0; i <= packets; i++) {
            AVFrame input = null;
            if (i < packets) {
                av_frame_make_writable(frame);
                for (int s = 0; s < frameSize; s++) {
                    float v = (float) (0.3 * Math.sin(2 * Math.PI * 440 * (sample + s) / 48_000.0));
                    samples[2 * s] = v;
                    samples[2 * s + 1] = v;
                }
                new org.bytedeco.javacpp.FloatPointer(frame.data(0)).put(samples);
                frame.pts(sample);
                sample += frameSize;
                input = frame;
            }
            avcodec_send_frame(ctx, input);
            while (avcodec_receive_packet(ctx, packet) >= 0) {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                // libopus reports its pre-skip as a negative first pts; RTP carries the capture position
                long pos = Math.max(0, packet.pts() + ctx.initial_padding());
                out.add(new EncodedFrame(EncodedFrame.Codec.OPUS, data, (AUDIO_RTP_BASE + pos) & 0xFFFF_FFFFL,
                        48_000, true));
                av_packet_unref(packet);
            }
        }
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(ctx);
        return out.subList(0, Math.min(out.size(), packets));
    }

    /** A clock that knows both tracks' RTP timestamps at {@link #T0_MICROS}, as from the sender's RTCP SRs. */
    static SenderReportClock clock() {
        SenderReportClock clock = new SenderReportClock();
        long ntp = SenderReportClock.epochMicrosToNtp(T0_MICROS);
        clock.onSenderReport(MediaClock.Track.VIDEO, ntp, VIDEO_RTP_BASE);
        clock.onSenderReport(MediaClock.Track.AUDIO, ntp, AUDIO_RTP_BASE);
        return clock;
    }

    /** Video and audio merged in capture order, as they would arrive. */
    static List<EncodedFrame> interleave(List<EncodedFrame> video, List<EncodedFrame> audio) {
        List<EncodedFrame> out = new ArrayList<>(video.size() + audio.size());
        int a = 0;
        for (EncodedFrame v : video) {
            long vt = ((v.rtpTimestamp() - VIDEO_RTP_BASE) & 0xFFFF_FFFFL) * 1_000_000 / 90_000;
            while (a < audio.size()
                    && ((audio.get(a).rtpTimestamp() - AUDIO_RTP_BASE) & 0xFFFF_FFFFL) * 1_000_000 / 48_000 <= vt) {
                out.add(audio.get(a++));
            }
            out.add(v);
        }
        while (a < audio.size()) out.add(audio.get(a++));
        return out;
    }
}
