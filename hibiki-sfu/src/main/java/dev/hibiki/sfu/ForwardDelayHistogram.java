package dev.hibiki.sfu;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long forwarded packets spent inside the SFU: from the receive thread's copy of a publisher's packet to the
 * return of the {@code sendto} that carried it to one subscriber. One sample per packet and subscriber, in fixed
 * buckets, so that operators (and the fan-out benchmark) can read quantiles from {@code /metrics}.
 *
 * <p>Each send worker writes its own instance from its own thread: a plain read and a release store per sample,
 * no contention. Readers sum the workers' counts and may see a sample or two late.
 */
public final class ForwardDelayHistogram {

    /** Upper bounds of the buckets in nanoseconds; a last, unbounded bucket takes the rest. */
    static final long[] UPPER_BOUNDS_NANOS = {
            250_000, 500_000, 1_000_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000, 20_000_000, 50_000_000,
            100_000_000, 200_000_000, 500_000_000};

    private final AtomicLongArray counts = new AtomicLongArray(UPPER_BOUNDS_NANOS.length + 1);

    /** Records one sample; call from the owning thread only. */
    void record(long nanos) {
        int i = 0;
        while (i < UPPER_BOUNDS_NANOS.length && nanos > UPPER_BOUNDS_NANOS[i]) i++;
        counts.setRelease(i, counts.getPlain(i) + 1);
    }

    /** Samples in buckets 0 to {@code bucket}: cumulative, like a Prometheus histogram's. */
    long countUpTo(int bucket) {
        long n = 0;
        for (int i = 0; i <= bucket; i++) n += counts.getAcquire(i);
        return n;
    }

    /** Buckets, the unbounded one included. */
    public static int bucketCount() {
        return UPPER_BOUNDS_NANOS.length + 1;
    }

    /** The upper bound of bucket {@code i} in seconds; {@code +Inf} for the last. */
    public static double upperBoundSeconds(int i) {
        return i < UPPER_BOUNDS_NANOS.length ? UPPER_BOUNDS_NANOS[i] / 1e9 : Double.POSITIVE_INFINITY;
    }
}
