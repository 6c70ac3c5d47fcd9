package dev.hibiki.sip.media;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class AudioJitterBufferTest {
    private static final int F = AudioJitterBuffer.FRAME_SAMPLES;

    private static float[] frame(float value) {
        float[] f = new float[F];
        Arrays.fill(f, value);
        return f;
    }

    private static float read(AudioJitterBuffer b) {
        float[] out = new float[F];
        b.read(out);
        return out[0];
    }

    @Test
    void playsPacketsAfterTheDelayInTimestampOrderAndSilenceForGaps() {
        AudioJitterBuffer b = new AudioJitterBuffer();
        b.write(1, 1000, frame(0.1f), F);
        b.write(1, 1000 + 2 * F, frame(0.3f), F); // arrives before the one it follows
        b.write(1, 1000 + F, frame(0.2f), F);
        // 480 samples of delay: three silent frames first
        assertThat(read(b)).isZero();
        assertThat(read(b)).isZero();
        assertThat(read(b)).isZero();
        assertThat(read(b)).isEqualTo(0.1f);
        assertThat(read(b)).isEqualTo(0.2f);
        assertThat(read(b)).isEqualTo(0.3f);
        assertThat(read(b)).isZero(); // nothing came: silence
        b.write(1, 1000 + F, frame(0.9f), F); // long played: dropped
        assertThat(b.latePackets()).isEqualTo(1);
    }

    @Test
    void timestampWrapAndNewSsrcKeepPlaying() {
        AudioJitterBuffer b = new AudioJitterBuffer();
        b.write(1, 0xFFFFFFFFL - F + 1, frame(0.1f), F);
        b.write(1, 0, frame(0.2f), F);
        for (int i = 0; i < 3; i++) read(b);
        assertThat(read(b)).isEqualTo(0.1f);
        assertThat(read(b)).isEqualTo(0.2f);
        b.write(2, 777, frame(0.5f), F); // another source: re-anchored one delay ahead
        for (int i = 0; i < 3; i++) assertThat(read(b)).isZero();
        assertThat(read(b)).isEqualTo(0.5f);
    }
}
