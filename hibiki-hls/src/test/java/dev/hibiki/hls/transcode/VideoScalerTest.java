package dev.hibiki.hls.transcode;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;

class VideoScalerTest {
    static AVFrame frame(int w, int h, int luma) {
        Ffmpeg.init();
        AVFrame f = av_frame_alloc();
        f.format(AV_PIX_FMT_YUV420P);
        f.width(w);
        f.height(h);
        av_frame_get_buffer(f, 0);
        Pointer.memset(f.data(0), luma, (long) f.linesize(0) * h);
        Pointer.memset(f.data(1), 128, (long) f.linesize(1) * h / 2);
        Pointer.memset(f.data(2), 128, (long) f.linesize(2) * h / 2);
        return f;
    }

    static int luma(AVFrame f, int x, int y) {
        return f.data(0).get((long) y * f.linesize(0) + x) & 0xFF;
    }

    @Test
    void widerSourceIsLetterboxed() {
        AVFrame in = frame(640, 360, 200);
        AVFrame out = frame(640, 480, 0);
        try (VideoScaler scaler = new VideoScaler(640, 480, ScaleMode.FIT)) {
            assertThat(scaler.scale(in, out)).isTrue();
        }
        // 640x360 fits as 640x360, centred: 60 black rows above and below
        assertThat(luma(out, 320, 0)).isEqualTo(16);
        assertThat(luma(out, 320, 59)).isEqualTo(16);
        assertThat(luma(out, 320, 60)).isEqualTo(200);
        assertThat(luma(out, 0, 240)).isEqualTo(200);
        assertThat(luma(out, 639, 419)).isEqualTo(200);
        assertThat(luma(out, 320, 420)).isEqualTo(16);
        av_frame_free(in);
        av_frame_free(out);
    }

    @Test
    void portraitSourceIsPillarboxedAndFollowsSizeChanges() {
        AVFrame portrait = frame(360, 640, 180);
        AVFrame landscape = frame(1280, 720, 100);
        AVFrame out = frame(640, 360, 0);
        try (VideoScaler scaler = new VideoScaler(640, 360, ScaleMode.FIT)) {
            assertThat(scaler.scale(portrait, out)).isTrue();
            // 360x640 fits as 202x360 (even), left edge at (640 - 202) / 2 = 219, rounded down to even: 218
            assertThat(luma(out, 217, 180)).isEqualTo(16);
            assertThat(luma(out, 218, 180)).isEqualTo(180);
            assertThat(luma(out, 419, 180)).isEqualTo(180);
            for (int x = 420; x < 640; x++) assertThat(luma(out, x, 180)).as("x %d", x).isEqualTo(16);
            assertThat(scaler.scale(landscape, out)).isTrue();
            assertThat(luma(out, 0, 0)).isEqualTo(100);
            assertThat(luma(out, 639, 359)).isEqualTo(100);
        }
        av_frame_free(portrait);
        av_frame_free(landscape);
        av_frame_free(out);
    }

    @Test
    void stretchFillsTheWholeFrame() {
        AVFrame in = frame(360, 640, 180);
        AVFrame out = frame(640, 360, 0);
        try (VideoScaler scaler = new VideoScaler(640, 360, ScaleMode.STRETCH)) {
            assertThat(scaler.scale(in, out)).isTrue();
        }
        assertThat(luma(out, 0, 0)).isEqualTo(180);
        assertThat(luma(out, 639, 359)).isEqualTo(180);
        av_frame_free(in);
        av_frame_free(out);
    }
}
