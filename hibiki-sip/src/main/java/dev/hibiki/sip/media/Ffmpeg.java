package dev.hibiki.sip.media;

import dev.hibiki.ffmpeg.FfmpegLibrary;

/** {@link FfmpegLibrary} with this package's exception: a failed FFmpeg call ends the call's media. */
final class Ffmpeg {
    static final int EAGAIN = FfmpegLibrary.EAGAIN;

    static {
        // as before the library moved: touching this class loads FFmpeg and applies the log level
        FfmpegLibrary.init();
    }

    private Ffmpeg() {
    }

    static void init() {
        FfmpegLibrary.init();
    }

    static String error(int code) {
        return FfmpegLibrary.error(code);
    }

    static int check(int ret, String what) {
        return FfmpegLibrary.check(ret, what, MediaException::new);
    }

    static <T> T notNull(T value, String what) {
        return FfmpegLibrary.notNull(value, what, MediaException::new);
    }
}
