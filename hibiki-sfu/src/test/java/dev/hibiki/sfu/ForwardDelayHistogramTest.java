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
        long[] counts = new long[ForwardDelayHistogram.bucketCount()];
        h.addTo(counts);
        h.addTo(counts); // adding twice doubles: addTo sums into what is there
        assertThat(counts[0]).isEqualTo(4);
        assertThat(counts[1]).isEqualTo(2);
        assertThat(counts[5]).isEqualTo(2);
        assertThat(counts[counts.length - 1]).isEqualTo(2);
        assertThat(ForwardDelayHistogram.upperBoundSeconds(5)).isEqualTo(0.005);
        assertThat(ForwardDelayHistogram.upperBoundSeconds(counts.length - 1)).isInfinite();
    }
}
