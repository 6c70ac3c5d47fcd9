package dev.hibiki.sip.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** Small helpers around the FFmpeg C API as JavaCPP exposes it. */
final class Ffmpeg {
    static final int EAGAIN = -11;

    static {
        // -Dhibiki.ffmpeg.logLevel=32 (AV_LOG_INFO) shows FFmpeg's own logs (RTMP handshake, muxer warnings)
        av_log_set_level(Integer.getInteger("hibiki.ffmpeg.logLevel", AV_LOG_FATAL));
    }

    private Ffmpeg() {
    }

    static void init() {
        // the static initializer does the work
    }

    static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (" + code + ")";
    }

    static int check(int ret, String what) {
        if (ret < 0) throw new MediaException(what + ": " + error(ret));
        return ret;
    }

    static <T> T notNull(T value, String what) {
        if (value == null) throw new MediaException(what);
        return value;
    }
}
