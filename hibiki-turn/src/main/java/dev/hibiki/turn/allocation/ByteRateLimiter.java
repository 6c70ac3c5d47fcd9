package dev.hibiki.turn.allocation;

/**
 * A token bucket over bytes: {@code bytesPerSecond} refilled continuously, at most one second's worth banked, so a
 * burst after a quiet spell is allowed but the average cannot exceed the rate. Zero means unlimited. Tokens are kept
 * in thousandths of a byte, so that refills every millisecond at low rates are not rounded away.
 */
public final class ByteRateLimiter {
    private final long bytesPerSecond;
    private final long capacity;
    private long milliTokens;
    private long lastMillis;

    public ByteRateLimiter(long bytesPerSecond, long nowMillis) {
        this.bytesPerSecond = bytesPerSecond;
        this.capacity = bytesPerSecond * 1000;
        this.milliTokens = capacity;
        this.lastMillis = nowMillis;
    }

    /** Takes {@code bytes} from the bucket when it holds that many; false means drop the datagram. */
    public synchronized boolean tryAcquire(int bytes, long nowMillis) {
        if (bytesPerSecond <= 0) {
            return true;
        }
        long elapsed = nowMillis - lastMillis;
        if (elapsed > 0) {
            milliTokens = elapsed >= 1000 ? capacity : Math.min(capacity, milliTokens + elapsed * bytesPerSecond);
            lastMillis = nowMillis;
        }
        long cost = bytes * 1000L;
        if (milliTokens < cost) {
            return false;
        }
        milliTokens -= cost;
        return true;
    }
}
