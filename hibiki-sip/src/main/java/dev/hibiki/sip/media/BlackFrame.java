package dev.hibiki.sip.media;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

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
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

/**
 * One black 176x144 H.264 picture (SPS, PPS, IDR; constrained baseline), encoded once with libx264 and sent to far
 * ends that were offered video {@code sendrecv}, so they see a video stream and do not time it out.
 */
final class BlackFrame {
    static final int WIDTH = 176;
    static final int HEIGHT = 144;
    private static volatile List<byte[]> nals;

    private BlackFrame() {
    }

    /** The NAL units (without start codes), or an empty list when this FFmpeg has no H.264 encoder. */
    static List<byte[]> nalUnits() {
        List<byte[]> n = nals;
        if (n == null) {
            synchronized (BlackFrame.class) {
                if (nals == null) nals = encode();
                n = nals;
            }
        }
        return n;
    }

    private static List<byte[]> encode() {
        Ffmpeg.init();
        AVCodec codec = avcodec_find_encoder_by_name("libx264");
        if (codec == null) return List.of();
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        ByteArrayOutputStream annexB = new ByteArrayOutputStream();
        try {
            ctx.width(WIDTH);
            ctx.height(HEIGHT);
            ctx.pix_fmt(AV_PIX_FMT_YUV420P);
            ctx.time_base(av_make_q(1, 30));
            ctx.gop_size(1);
            ctx.thread_count(1); // one slice: zerolatency would cut the picture into one slice per thread
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "profile", "baseline", 0);
            av_dict_set(options, "preset", "ultrafast", 0);
            av_dict_set(options, "tune", "zerolatency", 0);
            int opened = avcodec_open2(ctx, codec, options);
            av_dict_free(options);
            Ffmpeg.check(opened, "open libx264");
            frame.format(AV_PIX_FMT_YUV420P);
            frame.width(WIDTH);
            frame.height(HEIGHT);
            Ffmpeg.check(av_frame_get_buffer(frame, 0), "av_frame_get_buffer");
            fill(frame, 0, HEIGHT, (byte) 16);      // black in video range
            fill(frame, 1, HEIGHT / 2, (byte) 128);
            fill(frame, 2, HEIGHT / 2, (byte) 128);
            frame.pts(0);
            avcodec_send_frame(ctx, frame);
            avcodec_send_frame(ctx, null);
            while (avcodec_receive_packet(ctx, packet) >= 0) {
                byte[] b = new byte[packet.size()];
                packet.data().get(b);
                annexB.writeBytes(b);
                av_packet_unref(packet);
            }
        } catch (MediaException e) {
            return List.of();
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(ctx);
        }
        return split(annexB.toByteArray());
    }

    private static void fill(AVFrame frame, int plane, int rows, byte value) {
        int stride = frame.linesize(plane);
        byte[] row = new byte[stride];
        java.util.Arrays.fill(row, value);
        for (int y = 0; y < rows; y++) frame.data(plane).position((long) y * stride).put(row, 0, stride);
        frame.data(plane).position(0);
    }

    /** Annex B → NAL units; SEI (x264's version banner) is left out. */
    static List<byte[]> split(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 3 <= b.length) {
            boolean sc3 = b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1;
            if (sc3) {
                if (start >= 0) add(out, b, start, trimZeros(b, start, i));
                start = i + 3;
                i += 3;
            } else {
                i++;
            }
        }
        if (start >= 0) add(out, b, start, b.length);
        return List.copyOf(out);
    }

    private static int trimZeros(byte[] b, int start, int end) {
        while (end > start && b[end - 1] == 0) end--;
        return end;
    }

    private static void add(List<byte[]> out, byte[] b, int from, int to) {
        if (to > from && (b[from] & 0x1F) != 6) out.add(java.util.Arrays.copyOfRange(b, from, to));
    }
}
