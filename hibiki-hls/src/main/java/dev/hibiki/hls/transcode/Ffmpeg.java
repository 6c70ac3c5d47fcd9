package dev.hibiki.hls.transcode;

import dev.hibiki.ffmpeg.FfmpegLibrary;
import org.bytedeco.ffmpeg.avutil.AVRational;

import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

/** {@link FfmpegLibrary} with the transcoder's exception, and the microsecond time base it works in. */
final class Ffmpeg {
    /** AVERROR(EAGAIN) on Linux: "send more input" / "take output first". */
    static final int EAGAIN = FfmpegLibrary.EAGAIN;
    static final int MICROS = 1_000_000;
    static final AVRational MICROS_BASE = av_make_q(1, MICROS);

    static {
        // as before the library moved: touching this class loads FFmpeg and applies the log level
        FfmpegLibrary.init();
    }

    private Ffmpeg() {
    }

    /** Loads the natives (first use unpacks them to ~/.javacpp/cache) and applies the log level. */
    static void init() {
        FfmpegLibrary.init();
    }

    static String error(int code) {
        return FfmpegLibrary.error(code);
    }

    /** Throws a {@link TranscodeException} for a negative return code of a set-up call. */
    static int check(int ret, String what) {
        return FfmpegLibrary.check(ret, what, TranscodeException::new);
    }

    static <T> T notNull(T value, String what) {
        return FfmpegLibrary.notNull(value, what, TranscodeException::new);
    }
}
