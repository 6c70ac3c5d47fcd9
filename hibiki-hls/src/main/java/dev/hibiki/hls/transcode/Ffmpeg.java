package dev.hibiki.hls.transcode;

import org.bytedeco.ffmpeg.avutil.AVRational;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/** Small helpers around the FFmpeg C API as JavaCPP exposes it. */
final class Ffmpeg {
    /** AVERROR(EAGAIN) on Linux: "send more input" / "take output first". */
    static final int EAGAIN = -11;
    static final int MICROS = 1_000_000;
    static final AVRational MICROS_BASE = av_make_q(1, MICROS);

    static {
        // A broken WebRTC stream makes decoders log an error per frame; the transcoder reports what matters
        // (need a keyframe, dropped frames) itself. -Dhibiki.ffmpeg.logLevel=32 (AV_LOG_INFO) brings the logs back.
        av_log_set_level(Integer.getInteger("hibiki.ffmpeg.logLevel", AV_LOG_FATAL));
    }

    private Ffmpeg() {
    }

    /** Loads the natives (first use unpacks them to ~/.javacpp/cache) and applies the log level. */
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

    /** Throws a {@link TranscodeException} for a negative return code of a set-up call. */
    static int check(int ret, String what) {
        if (ret < 0) throw new TranscodeException(what + ": " + error(ret));
        return ret;
    }

    static <T> T notNull(T value, String what) {
        if (value == null) throw new TranscodeException(what);
        return value;
    }
}
