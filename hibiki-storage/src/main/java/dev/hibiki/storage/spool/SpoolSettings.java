package dev.hibiki.storage.spool;

import java.time.Duration;

/**
 * @param workers                threads uploading at once (each group has at most one upload under way)
 * @param maxBytes               disk the spool's copies may take; beyond it the oldest group's items are dropped
 * @param firstRetryDelay        wait after the first failed try; doubled after each further one
 * @param maxRetryDelay          the longest wait between tries
 * @param permanentErrorAttempts tries before an item whose store keeps refusing it for a lasting reason (access
 *                               denied, bucket gone, bad key) is given up; other failures are retried for ever
 */
public record SpoolSettings(int workers, long maxBytes, Duration firstRetryDelay, Duration maxRetryDelay,
                            int permanentErrorAttempts) {

    public SpoolSettings {
        if (workers < 1) throw new IllegalArgumentException("workers must be at least 1");
        if (maxBytes < 1) throw new IllegalArgumentException("maxBytes must be positive");
        if (firstRetryDelay.isNegative() || maxRetryDelay.compareTo(firstRetryDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= first <= max");
        }
        if (permanentErrorAttempts < 1) throw new IllegalArgumentException("permanentErrorAttempts must be at least 1");
    }

    /** 4 workers, 2 GiB, retries after 1 s doubling up to 60 s, 5 tries for lasting refusals. */
    public static SpoolSettings defaults() {
        return new SpoolSettings(4, 2L << 30, Duration.ofSeconds(1), Duration.ofSeconds(60), 5);
    }

    public SpoolSettings withWorkers(int n) {
        return new SpoolSettings(n, maxBytes, firstRetryDelay, maxRetryDelay, permanentErrorAttempts);
    }

    public SpoolSettings withMaxBytes(long bytes) {
        return new SpoolSettings(workers, bytes, firstRetryDelay, maxRetryDelay, permanentErrorAttempts);
    }

    public SpoolSettings withRetryDelays(Duration first, Duration max) {
        return new SpoolSettings(workers, maxBytes, first, max, permanentErrorAttempts);
    }

    public SpoolSettings withPermanentErrorAttempts(int attempts) {
        return new SpoolSettings(workers, maxBytes, firstRetryDelay, maxRetryDelay, attempts);
    }

    /** The wait before try {@code failures + 1}, with a quarter of jitter so that many groups do not retry at once. */
    Duration retryDelay(int failures, double random) {
        long first = firstRetryDelay.toMillis();
        long max = maxRetryDelay.toMillis();
        long d = first << Math.min(failures - 1, 30);
        if (d <= 0 || d > max) d = max;
        return Duration.ofMillis((long) (d * (0.75 + 0.25 * random)));
    }
}
