package dev.hibiki.turn;

import java.time.Duration;

/**
 * Limits per credential, per allocation and per client connection.
 *
 * @param allocationsPerUsername how many allocations one username may hold at once (0: no limit); a TURN REST
 *                               username is per connection, so a handful is plenty (one per ICE transport)
 * @param maxLifetime            the longest LIFETIME granted; clients refresh before it runs out
 * @param bytesPerSecond         relayed bytes per second per allocation, both directions together (0: no limit);
 *                               datagrams above it are dropped
 * @param clientWriteTimeout     how long one write to a TCP or TLS client may block (the client reads nothing, its
 *                               window stays shut) before that client is disconnected and its allocation ends, so
 *                               that the allocation's relay thread is never held for longer
 */
public record TurnQuotas(int allocationsPerUsername, Duration maxLifetime, long bytesPerSecond,
                         Duration clientWriteTimeout) {
    /** RFC 8656's default allocation lifetime, which is also the least a request is granted. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

    /** A TCP or TLS client's writes may block this long by default. */
    public static final Duration DEFAULT_CLIENT_WRITE_TIMEOUT = Duration.ofSeconds(10);

    public static TurnQuotas defaults() {
        return new TurnQuotas(8, Duration.ofHours(1), 5_000_000);
    }

    /** With the default client write timeout. */
    public TurnQuotas(int allocationsPerUsername, Duration maxLifetime, long bytesPerSecond) {
        this(allocationsPerUsername, maxLifetime, bytesPerSecond, DEFAULT_CLIENT_WRITE_TIMEOUT);
    }

    public TurnQuotas {
        if (allocationsPerUsername < 0 || bytesPerSecond < 0 || maxLifetime.isNegative() || maxLifetime.isZero()
                || clientWriteTimeout.isNegative() || clientWriteTimeout.isZero()) {
            throw new IllegalArgumentException("invalid TURN quotas: " + allocationsPerUsername + ", " + maxLifetime
                    + ", " + bytesPerSecond + ", " + clientWriteTimeout);
        }
    }

    /**
     * The lifetime granted for a requested one (RFC 8656 section 7.2): at least the default, at most the cap (which
     * wins when it is below the default).
     */
    public long grantedLifetimeSeconds(long requestedSeconds) {
        return Math.min(Math.max(requestedSeconds, DEFAULT_LIFETIME.toSeconds()), maxLifetime.toSeconds());
    }
}
