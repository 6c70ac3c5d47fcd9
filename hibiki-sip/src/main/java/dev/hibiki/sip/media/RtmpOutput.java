package dev.hibiki.sip.media;

import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

/**
 * One RTMP publish: FFmpeg's FLV muxer writing through its RTMP protocol. AAC audio always; H.264 video when a
 * parameter set (SPS+PPS, Annex B) is given, passed through as it came. A write that fails means the connection
 * is gone: the caller closes this output and opens another.
 */
public final class RtmpOutput implements AutoCloseable {
    private static final AVRational MILLIS = av_make_q(1, 1000);
    private static final AVRational VIDEO_CLOCK = av_make_q(1, 90_000);
    /** Bounds each network read/write, so a dead server cannot stall the call's media thread for long. */
    private static final int IO_TIMEOUT_MILLIS = 3000;
    private static final String IO_TIMEOUT_MICROS = Long.toString(IO_TIMEOUT_MILLIS * 1000L);
    private static final boolean NO_PROXY_SET = System.getenv("no_proxy") != null && !System.getenv("no_proxy").isBlank();

    private AVFormatContext format;
    private ConnectTunnel tunnel;
    private AVStream audio;
    private AVStream video;
    private AVPacket scratch;
    private final AVRational audioClock;
    private boolean headerWritten;
    private long audioShift = -1;

    /**
     * Connects to {@code address}, which was checked, and publishes to {@code target}; FFmpeg never looks the
     * target's host up itself. {@code videoParameterSets} is null for audio only.
     *
     * <p>{@code rtmp}: FFmpeg is given the URL with the address in place of the host, and the connect command's
     * {@code tcUrl} is set to the one the URL with the host name gives, so the server sees the name as before.
     * {@code rtmps}: FFmpeg keeps the URL with the name, which TLS sends as the server name, and reaches the
     * address through a {@link ConnectTunnel} (FFmpeg's TLS {@code http_proxy} option). FFmpeg leaves the proxy
     * out for hosts its {@code no_proxy} environment variable names, so while that variable is set the rtmps URL,
     * too, gets the address in place of the host, and its TLS then carries no server name.
     *
     * @throws MediaException when the server cannot be reached or refuses the stream
     */
    public RtmpOutput(RtmpTarget target, InetAddress address, AVCodecContext audioEncoder, byte[] videoParameterSets,
                      int width, int height) {
        Ffmpeg.init();
        audioClock = audioEncoder.time_base();
        AVDictionary options = new AVDictionary(null);
        try {
            av_dict_set(options, "rw_timeout", IO_TIMEOUT_MICROS, 0);
            String url;
            if (target.tls() && !NO_PROXY_SET) {
                try {
                    tunnel = new ConnectTunnel(new InetSocketAddress(address, target.effectivePort()), IO_TIMEOUT_MILLIS);
                } catch (IOException e) {
                    throw new MediaException("rtmps tunnel: " + e.getMessage());
                }
                url = target.url();
                av_dict_set(options, "http_proxy", tunnel.proxyUrl(), 0);
            } else {
                url = target.at(address);
                av_dict_set(options, "rtmp_tcurl", target.tcUrl(), 0);
            }
            format = new AVFormatContext(null);
            Ffmpeg.check(avformat_alloc_output_context2(format, null, "flv", url), "flv muxer");
            audio = Ffmpeg.notNull(avformat_new_stream(format, null), "avformat_new_stream");
            Ffmpeg.check(avcodec_parameters_from_context(audio.codecpar(), audioEncoder), "audio parameters");
            audio.time_base(MILLIS);
            if (videoParameterSets != null) addVideo(videoParameterSets, width, height);
            AVIOContext pb = new AVIOContext(null);
            int opened = avio_open2(pb, url, AVIO_FLAG_WRITE, null, options);
            Ffmpeg.check(opened, "connect " + url);
            format.pb(pb);
            Ffmpeg.check(avformat_write_header(format, (AVDictionary) null), "publish " + url);
            headerWritten = true;
            scratch = Ffmpeg.notNull(av_packet_alloc(), "av_packet_alloc");
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            av_dict_free(options);
        }
    }

    private void addVideo(byte[] parameterSets, int width, int height) {
        video = Ffmpeg.notNull(avformat_new_stream(format, null), "avformat_new_stream");
        video.codecpar().codec_type(AVMEDIA_TYPE_VIDEO);
        video.codecpar().codec_id(AV_CODEC_ID_H264);
        video.codecpar().width(width);
        video.codecpar().height(height);
        BytePointer extradata = new BytePointer(av_malloc(parameterSets.length + 64));
        extradata.position(0).put(parameterSets, 0, parameterSets.length);
        video.codecpar().extradata(extradata);
        video.codecpar().extradata_size(parameterSets.length);
        video.time_base(MILLIS);
    }

    public boolean hasVideo() {
        return video != null;
    }

    /** Writes an encoder's AAC packet (time base of the encoder). False when the connection failed. */
    public boolean writeAudio(AVPacket packet) {
        if (av_packet_ref(scratch, packet) < 0) return true;
        // the AAC encoder's priming makes the first packets' timestamps negative, which FLV cannot carry
        if (audioShift < 0) audioShift = Math.max(0, -scratch.pts());
        scratch.pts(scratch.pts() + audioShift);
        scratch.dts(scratch.dts() + audioShift);
        av_packet_rescale_ts(scratch, audioClock, audio.time_base());
        scratch.stream_index(audio.index());
        int ret = av_write_frame(format, scratch);
        av_packet_unref(scratch);
        return usable(ret, "audio");
    }

    /** Writes one H.264 access unit (Annex B) with its 90 kHz timestamp. False when the connection failed. */
    public boolean writeVideo(byte[] accessUnit, int length, long timestamp90k, boolean keyFrame) {
        if (video == null) return true;
        if (av_new_packet(scratch, length) < 0) return true;
        scratch.data().position(0).put(accessUnit, 0, length);
        scratch.pts(timestamp90k);
        scratch.dts(timestamp90k);
        scratch.flags(keyFrame ? 1 : 0); // AV_PKT_FLAG_KEY
        av_packet_rescale_ts(scratch, VIDEO_CLOCK, video.time_base());
        scratch.stream_index(video.index());
        int ret = av_write_frame(format, scratch);
        av_packet_unref(scratch);
        return usable(ret, "video");
    }

    /**
     * A muxer that refuses one packet (EINVAL: a timestamp out of order, a malformed unit) costs that packet;
     * anything else means the connection is gone.
     */
    private static boolean usable(int ret, String what) {
        if (ret >= 0) return true;
        if (ret == -22) {
            org.slf4j.LoggerFactory.getLogger(RtmpOutput.class).debug("{} packet refused by the muxer", what);
            return true;
        }
        org.slf4j.LoggerFactory.getLogger(RtmpOutput.class).info("RTMP write failed: {}", Ffmpeg.error(ret));
        return false;
    }

    /** Ends the publish cleanly when the connection still works (the server sees the stream end). */
    @Override
    public void close() {
        if (format != null) {
            if (headerWritten) av_write_trailer(format);
            if (format.pb() != null) {
                AVIOContext pb = format.pb();
                avio_closep(pb);
                format.pb(null);
            }
            avformat_free_context(format);
            format = null;
        }
        if (scratch != null) av_packet_free(scratch);
        scratch = null;
        if (tunnel != null) tunnel.close();
        tunnel = null;
    }
}
