package dev.hibiki.hls.transcode;

import dev.hibiki.hls.EncodedFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MediaClockTest {
    static EncodedFrame video(long rtp) {
        return new EncodedFrame(EncodedFrame.Codec.VP8, new byte[1], rtp & 0xFFFF_FFFFL, 90_000, false);
    }

    static EncodedFrame audio(long rtp) {
        return new EncodedFrame(EncodedFrame.Codec.OPUS, new byte[1], rtp & 0xFFFF_FFFFL, 48_000, true);
    }

    @Test
    void ntpTimestampsConvertToUnixTime() {
        // RFC 5905: the NTP era starts 1900-01-01; 2208988800 s before the Unix epoch
        assertThat(SenderReportClock.ntpToEpochMicros(2_208_988_800L << 32)).isZero();
        assertThat(SenderReportClock.ntpToEpochMicros((2_208_988_801L << 32) | 0x8000_0000L)).isEqualTo(1_500_000);
        long t = 1_700_000_000_123_456L;
        assertThat(SenderReportClock.ntpToEpochMicros(SenderReportClock.epochMicrosToNtp(t))).isBetween(t - 1, t);
    }

    @Test
    void senderReportsPutBothTracksOnOneTimeline() {
        SenderReportClock clock = new SenderReportClock();
        assertThat(clock.captureMicros(video(1000), 0)).as("no SR yet").isEqualTo(MediaClock.UNKNOWN);
        long t0 = 1_700_000_000_000_000L;
        clock.onSenderReport(MediaClock.Track.VIDEO, SenderReportClock.epochMicrosToNtp(t0), 0xFFFF_FF00L);
        assertThat(clock.captureMicros(audio(5), 0)).as("no audio SR yet").isEqualTo(MediaClock.UNKNOWN);
        clock.onSenderReport(MediaClock.Track.AUDIO, SenderReportClock.epochMicrosToNtp(t0 + 20_000), 777);

        assertThat(clock.captureMicros(video(0xFFFF_FF00L), 0)).isBetween(t0 - 1, t0);
        // 90 000 ticks later, across the 32-bit wrap
        assertThat(clock.captureMicros(video(0xFFFF_FF00L + 90_000), 0)).isBetween(t0 + 999_999, t0 + 1_000_000);
        // a frame captured before the report
        assertThat(clock.captureMicros(video(0xFFFF_FF00L - 9_000), 0)).isBetween(t0 - 100_001, t0 - 100_000);
        assertThat(clock.captureMicros(audio(777 + 48_000), 0)).isBetween(t0 + 1_019_999, t0 + 1_020_000);
    }

    @Test
    void arrivalClockAnchorsEachTrackAtItsFirstFrameAndIgnoresJitter() {
        ArrivalClock clock = new ArrivalClock();
        long now = System.nanoTime();
        long first = clock.captureMicros(video(0xFFFF_0000L), now);
        // arrives 30 ms late but its RTP time says 33.3 ms after the first: jitter does not move it
        long second = clock.captureMicros(video(0xFFFF_0000L + 3000), now + 63_333_000L);
        assertThat(second - first).isEqualTo(33_333);
        long wrapped = clock.captureMicros(video(0xFFFF_0000L + 90_000), now + 1_000_000_000L);
        assertThat(wrapped - first).isEqualTo(1_000_000);
        long a = clock.captureMicros(audio(42), now + 10_000_000_000L);
        assertThat(a - first).isBetween(9_990_000L, 10_010_000L);
    }

    @Test
    void arrivalClockReanchorsWhenTheSenderJumps() {
        ArrivalClock clock = new ArrivalClock();
        long now = System.nanoTime();
        long first = clock.captureMicros(video(1000), now);
        // RTP jumps an hour ahead while only 40 ms passed: a restarted sender, not an hour of media
        long jumped = clock.captureMicros(video(1000 + 90_000L * 3600), now + 40_000_000L);
        assertThat(jumped - first).isBetween(39_000L, 41_000L);
        long next = clock.captureMicros(video(1000 + 90_000L * 3600 + 3000), now + 73_000_000L);
        assertThat(next - jumped).isEqualTo(33_333);
    }
}
