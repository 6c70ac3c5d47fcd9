package dev.hibiki.rtp;

/**
 * Receiver-side loss tracking for one incoming stream (the publisher leg): decides which sequence numbers to
 * NACK and when.
 *
 * <p>{@link #onReceived} marks the numbers skipped by a forward jump as missing and clears numbers that
 * arrive late. {@link #pendingNacks} returns, in RTP order, the missing numbers due for a (re)request: the first
 * request after {@code initialDelay} (a grace period for reordering), then every {@code retryInterval} (set it
 * to about one round-trip time), at most {@code maxRetries} times and only while the number is younger than
 * {@code maxAge}; after that it is given up. A forward jump larger than {@code maxGap} resets the state instead
 * of requesting that many packets; {@link #onReceived} then returns {@link #RESET} so the caller can ask for a
 * keyframe. Allocation-free; not thread-safe.
 */
public final class NackGenerator {
    /** First packet of the stream. */
    public static final int FIRST = 0;
    /** Newer than any seen before. */
    public static final int NEW = 1;
    /** A missing packet arrived (reordered or retransmitted). */
    public static final int RECOVERED = 2;
    /** Already received, given up on, or older than the tracking window. */
    public static final int OLD = 3;
    /** The jump exceeded maxGap: tracking restarted at this packet; the caller should request a keyframe. */
    public static final int RESET = 4;

    private static final long NEVER = Long.MIN_VALUE;

    private final int capacity;
    private final int mask;
    private final int maxGap;
    private final int maxRetries;
    private final long initialDelayNanos;
    private final long maxAgeNanos;
    private long retryIntervalNanos;

    private final long[] missingExt;
    private final long[] missingSince;
    private final long[] lastRequested;
    private final int[] retries;
    private int missingCount;
    private long lowestMissing;
    private long highest = -1;

    /** Defaults: 1024 tracked, maxGap 500, 100 ms retry interval, 10 retries, no initial delay, 1 s max age. */
    public NackGenerator() {
        this(1024, 500, 100_000_000L, 10, 0, 1_000_000_000L);
    }

    /**
     * @param capacity sequence numbers tracked behind the newest; a power of two, 16..32768
     * @param maxGap largest forward jump whose skipped numbers are requested; below {@code capacity}
     * @param retryIntervalNanos time between requests for the same number
     * @param maxRetries requests per number before giving up
     * @param initialDelayNanos wait before the first request, for reordering
     * @param maxAgeNanos time after which a missing number is given up
     */
    public NackGenerator(int capacity, int maxGap, long retryIntervalNanos, int maxRetries,
                         long initialDelayNanos, long maxAgeNanos) {
        if (capacity < 16 || capacity > 32768 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two in 16..32768: " + capacity);
        }
        if (maxGap < 1 || maxGap >= capacity) {
            throw new IllegalArgumentException("maxGap must be in 1.." + (capacity - 1) + ": " + maxGap);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxGap = maxGap;
        this.retryIntervalNanos = retryIntervalNanos;
        this.maxRetries = maxRetries;
        this.initialDelayNanos = initialDelayNanos;
        this.maxAgeNanos = maxAgeNanos;
        this.missingExt = new long[capacity];
        this.missingSince = new long[capacity];
        this.lastRequested = new long[capacity];
        this.retries = new int[capacity];
        java.util.Arrays.fill(missingExt, -1);
    }

    /** Updates the retry interval, typically to the current round-trip time. */
    public void setRetryIntervalNanos(long retryIntervalNanos) {
        this.retryIntervalNanos = retryIntervalNanos;
    }

    /** Records the arrival of {@code seq}; returns {@link #FIRST}, {@link #NEW}, {@link #RECOVERED}, {@link #OLD} or {@link #RESET}. */
    public int onReceived(int seq, long nowNanos) {
        seq &= 0xFFFF;
        if (highest < 0) {
            highest = 0x10000L + seq;
            return FIRST;
        }
        long ext = SequenceNumbers.extend(seq, highest);
        long d = ext - highest;
        if (d > maxGap) {
            clearMissing();
            highest = ext;
            return RESET;
        }
        if (d > 0) {
            for (long e = highest + 1; e < ext; e++) {
                markMissing(e, nowNanos);
            }
            highest = ext;
            return NEW;
        }
        if (d == 0 || -d >= capacity) {
            return OLD;
        }
        int slot = (int) (ext & mask);
        if (missingExt[slot] == ext) {
            missingExt[slot] = -1;
            missingCount--;
            return RECOVERED;
        }
        return OLD;
    }

    private void markMissing(long ext, long now) {
        int slot = (int) (ext & mask);
        if (missingExt[slot] >= 0) {
            missingCount--;
        }
        missingExt[slot] = ext;
        missingSince[slot] = now;
        lastRequested[slot] = NEVER;
        retries[slot] = 0;
        if (missingCount++ == 0) {
            lowestMissing = ext;
        }
    }

    private void clearMissing() {
        java.util.Arrays.fill(missingExt, -1);
        missingCount = 0;
    }

    /**
     * Writes the sequence numbers to NACK now into {@code out} (ascending RTP order) and records the request;
     * returns how many were written, at most {@code out.length}. Numbers that exhausted their retries or their
     * age are dropped here.
     */
    public int pendingNacks(long nowNanos, int[] out) {
        if (missingCount == 0) {
            return 0;
        }
        long windowStart = highest - capacity + 1;
        if (lowestMissing < windowStart) {
            // Some entries fell behind the window without being visited: forget them.
            recount(windowStart);
            lowestMissing = windowStart;
        }
        int n = 0;
        long newLowest = -1;
        for (long e = lowestMissing; e < highest && missingCount > 0; e++) {
            int slot = (int) (e & mask);
            if (missingExt[slot] != e) {
                continue;
            }
            if (retries[slot] >= maxRetries || nowNanos - missingSince[slot] > maxAgeNanos) {
                missingExt[slot] = -1;
                missingCount--;
                continue;
            }
            if (newLowest < 0) {
                newLowest = e;
            }
            boolean due = lastRequested[slot] == NEVER
                    ? nowNanos - missingSince[slot] >= initialDelayNanos
                    : nowNanos - lastRequested[slot] >= retryIntervalNanos;
            if (due && n < out.length) {
                out[n++] = (int) (e & 0xFFFF);
                lastRequested[slot] = nowNanos;
                retries[slot]++;
            }
        }
        if (newLowest >= 0) {
            lowestMissing = newLowest;
        }
        return n;
    }

    private void recount(long windowStart) {
        int count = 0;
        for (int i = 0; i < capacity; i++) {
            if (missingExt[i] >= 0 && missingExt[i] < windowStart) {
                missingExt[i] = -1;
            } else if (missingExt[i] >= 0) {
                count++;
            }
        }
        missingCount = count;
    }

    /** Sequence numbers currently tracked as missing. */
    public int missingCount() {
        return missingCount;
    }

    public boolean isMissing(int seq) {
        if (highest < 0) {
            return false;
        }
        long ext = SequenceNumbers.extend(seq & 0xFFFF, highest);
        return ext < highest && highest - ext < capacity && missingExt[(int) (ext & mask)] == ext;
    }
}
