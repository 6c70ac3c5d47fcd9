package dev.hibiki.bench.fanout;

/**
 * Fixed-bucket latency histogram: 10 µs buckets up to 500 ms, then 1 ms buckets up to 60 s, one overflow bucket,
 * exact max. One per IO thread (not thread-safe); {@link #add} merges them.
 */
final class LatencyHistogram {
    static final long BUCKET_NANOS = 10_000;
    private static final int FINE = 50_000; // 10 µs buckets up to 500 ms
    private static final long FINE_LIMIT = FINE * BUCKET_NANOS;
    private static final long COARSE_NANOS = 1_000_000;
    private static final int BUCKETS = FINE + 59_500; // then 1 ms buckets up to 60 s

    private final long[] counts = new long[BUCKETS + 1];
    private long total;
    private long sumNanos;
    private long maxNanos;
    private long negative;

    void record(long nanos) {
        if (nanos < 0) {
            // Clock reads on two threads of one process: a tiny negative value is possible only by a bug.
            negative++;
            nanos = 0;
        }
        int b = nanos < FINE_LIMIT ? (int) (nanos / BUCKET_NANOS)
                : (int) Math.min(FINE + (nanos - FINE_LIMIT) / COARSE_NANOS, BUCKETS);
        counts[b]++;
        total++;
        sumNanos += nanos;
        if (nanos > maxNanos) maxNanos = nanos;
    }

    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) counts[i] += other.counts[i];
        total += other.total;
        sumNanos += other.sumNanos;
        maxNanos = Math.max(maxNanos, other.maxNanos);
        negative += other.negative;
    }

    void clear() {
        java.util.Arrays.fill(counts, 0);
        total = sumNanos = maxNanos = negative = 0;
    }

    long count() {
        return total;
    }

    long negative() {
        return negative;
    }

    /** The upper edge of the bucket holding quantile q (0..1), in milliseconds; the max for q = 1. */
    double quantileMillis(double q) {
        if (total == 0) return Double.NaN;
        if (q >= 1) return maxNanos / 1e6;
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                if (i == BUCKETS) return maxNanos / 1e6;
                long upper = i < FINE ? (i + 1) * BUCKET_NANOS : FINE_LIMIT + (i - FINE + 1) * COARSE_NANOS;
                return Math.min(upper, maxNanos) / 1e6;
            }
        }
        return maxNanos / 1e6;
    }

    double meanMillis() {
        return total == 0 ? Double.NaN : sumNanos / (double) total / 1e6;
    }

    double maxMillis() {
        return maxNanos / 1e6;
    }
}
