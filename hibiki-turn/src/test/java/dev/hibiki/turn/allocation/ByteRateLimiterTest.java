package dev.hibiki.turn.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRateLimiterTest {
    @Test
    void aSecondsWorthMayBurstThenTheRateRefills() {
        ByteRateLimiter limiter = new ByteRateLimiter(10_000, 0);

        assertThat(limiter.tryAcquire(10_000, 0)).isTrue();
        assertThat(limiter.tryAcquire(1, 0)).isFalse();
        assertThat(limiter.tryAcquire(1000, 99)).as("990 bytes refilled").isFalse();
        assertThat(limiter.tryAcquire(1000, 100)).isTrue();
    }

    @Test
    void refillsOfLessThanAByteAMillisecondAreNotLost() {
        ByteRateLimiter limiter = new ByteRateLimiter(500, 0);
        limiter.tryAcquire(500, 0);

        for (int ms = 1; ms < 200; ms++) {
            assertThat(limiter.tryAcquire(100, ms)).as("at %d ms", ms).isFalse();
        }
        assertThat(limiter.tryAcquire(100, 200)).isTrue();
    }

    @Test
    void unusedTokensAreCappedAtOneSecond() {
        ByteRateLimiter limiter = new ByteRateLimiter(1000, 0);

        assertThat(limiter.tryAcquire(1001, 60_000)).isFalse();
        assertThat(limiter.tryAcquire(1000, 60_000)).isTrue();
    }

    @Test
    void zeroMeansUnlimited() {
        ByteRateLimiter limiter = new ByteRateLimiter(0, 0);

        assertThat(limiter.tryAcquire(Integer.MAX_VALUE, 0)).isTrue();
        assertThat(limiter.tryAcquire(Integer.MAX_VALUE, 0)).isTrue();
    }
}
