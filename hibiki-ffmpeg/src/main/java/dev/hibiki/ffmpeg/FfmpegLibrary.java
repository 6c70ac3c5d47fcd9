package dev.hibiki.ffmpeg;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

/**
 * The FFmpeg C library as JavaCPP exposes it, loaded once per process with one log level: by default only fatal
 * messages, since a broken input makes decoders and muxers log an error per frame and the callers report what
 * matters themselves. {@code -Dhibiki.ffmpeg.logLevel=32} (AV_LOG_INFO) brings FFmpeg's own logs back.
 */
public final class FfmpegLibrary {

    /** AVERROR(EAGAIN) on Linux: "send more input" / "take output first". */
    public static final int EAGAIN = -11;

    static {
        av_log_set_level(Integer.getInteger("hibiki.ffmpeg.logLevel", AV_LOG_FATAL));
    }

    private FfmpegLibrary() {
    }

    /** Loads the natives (first use unpacks them to ~/.javacpp/cache) and applies the log level. */
    public static void init() {
        // the static initializer does the work
    }

    /** FFmpeg's text for a negative return code, with the code: {@code "Invalid argument (-22)"}. */
    public static String error(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.UTF_8) + " (" + code + ")";
    }

    /** {@code ret} when it is not negative; otherwise throws {@code failure("what: error text")}. */
    public static int check(int ret, String what, Function<String, ? extends RuntimeException> failure) {
        if (ret < 0) throw failure.apply(what + ": " + error(ret));
        return ret;
    }

    /** {@code value} when it is not null (an allocation or lookup succeeded); otherwise throws {@code failure(what)}. */
    public static <T> T notNull(T value, String what, Function<String, ? extends RuntimeException> failure) {
        if (value == null) throw failure.apply(what);
        return value;
    }
}
