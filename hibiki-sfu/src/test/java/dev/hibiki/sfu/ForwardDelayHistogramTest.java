package dev.hibiki.sfu;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardDelayHistogramTest {

    @Test
    void samplesFallIntoTheFirstBucketWhoseBoundTheyDoNotExceed() {
        ForwardDelayHistogram h = new ForwardDelayHistogram();
        h.record(0);                // ≤ 0.25 ms
        h.record(250_000);          // ≤ 0.25 ms (bounds are inclusive)
        h.record(250_001);          // ≤ 0.5 ms
        h.record(4_000_000);        // ≤ 5 ms
        h.record(2_000_000_000L);   // beyond the last bound
        int last = ForwardDelayHistogram.bucketCount() - 1;
        assertThat(h.countUpTo(0)).isEqualTo(2);
        assertThat(h.countUpTo(1)).as("cumulative").isEqualTo(3);
        assertThat(h.countUpTo(4)).isEqualTo(3);
        assertThat(h.countUpTo(5)).isEqualTo(4);
        assertThat(h.countUpTo(last - 1)).isEqualTo(4);
        assertThat(h.countUpTo(last)).isEqualTo(5);
        assertThat(ForwardDelayHistogram.upperBoundSeconds(5)).isEqualTo(0.005);
        assertThat(ForwardDelayHistogram.upperBoundSeconds(last)).isInfinite();
    }
}
