package dev.hibiki.hls.transcode;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_set_silence;

class AacEncoderTest {
    AVFrame pcm;
    List<Long> pts = new ArrayList<>();
    AacEncoder aac;

    @BeforeEach
    void setUp() {
        Ffmpeg.init();
        pcm = av_frame_alloc();
        pcm.format(AV_SAMPLE_FMT_FLTP);
        pcm.sample_rate(48_000);
        av_channel_layout_default(pcm.ch_layout(), 2);
        pcm.nb_samples(960);
        av_frame_get_buffer(pcm, 0);
        av_samples_set_silence(pcm.data(), 0, 960, 2, AV_SAMPLE_FMT_FLTP); // unset memory may hold NaNs
        aac = new AacEncoder(96_000, p -> pts.add(p.pts()));
    }

    @AfterEach
    void tearDown() {
        aac.close();
        av_frame_free(pcm);
    }

    /** Packet pts must step by exactly one AAC frame: the stream never has a hole or an overlap. */
    void assertContinuous() {
        for (int i = 1; i < pts.size(); i++) assertThat(pts.get(i) - pts.get(i - 1)).isEqualTo(1024);
    }

    @Test
    void contiguousInputGivesContiguousPackets() {
        for (int i = 0; i < 50; i++) aac.encode(pcm, 960L * i);
        aac.flush();
        assertContinuous();
        assertThat(pts.get(0)).as("the encoder's priming frame").isEqualTo(-1024);
        assertThat((pts.size() - 1) * 1024L).isGreaterThanOrEqualTo(50 * 960);
        assertThat(aac.silenceSamples()).isZero();
        assertThat(aac.droppedFrames()).isZero();
    }

    @Test
    void holesBecomeSilenceAndLateFramesAreDropped() {
        aac.encode(pcm, 0);
        aac.encode(pcm, 960);
        aac.encode(pcm, 960 * 12); // 200 ms of DTX
        aac.encode(pcm, 960 * 2); // arrives after the hole was filled
        aac.encode(pcm, 960 * 13 + 100); // 2 ms jitter: absorbed
        aac.fillSilenceUntil(48_000);
        aac.flush();
        assertContinuous();
        assertThat(aac.silenceSamples()).isEqualTo(960 * 10 + (48_000 - 960 * 14));
        assertThat(aac.droppedFrames()).isEqualTo(1);
        assertThat(aac.position()).isEqualTo(48_000);
    }

    @Test
    void aLateStartIsPaddedFromTheOrigin() {
        aac.encode(pcm, 4800); // audio begins 100 ms after the first video frame
        aac.flush();
        assertContinuous();
        assertThat(aac.silenceSamples()).isEqualTo(4800);
    }
}
