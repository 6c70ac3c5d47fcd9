package dev.hibiki.ice;

import java.time.Duration;
import java.util.Objects;

/**
 * Consent freshness timing (RFC 7675). Browsers send a consent check on the selected pair every few seconds.
 *
 * @param disconnectedTimeout silence after which a connected session reports DISCONNECTED (still sending)
 * @param failedTimeout       silence after which a session FAILs: counted from creation until the first valid check,
 *                            then from the latest valid check on the selected path (RFC 7675 uses 30 s)
 * @param checkInterval       how often the server looks at the clocks
 */
public record IceSettings(Duration disconnectedTimeout, Duration failedTimeout, Duration checkInterval) {
    public static final IceSettings DEFAULT =
            new IceSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1));

    public IceSettings {
        Objects.requireNonNull(disconnectedTimeout, "disconnectedTimeout");
        Objects.requireNonNull(failedTimeout, "failedTimeout");
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (disconnectedTimeout.isNegative() || disconnectedTimeout.isZero()
                || failedTimeout.isNegative() || failedTimeout.isZero()
                || checkInterval.isNegative() || checkInterval.isZero()) {
            throw new IllegalArgumentException("ICE timeouts must be positive");
        }
        if (disconnectedTimeout.compareTo(failedTimeout) > 0) {
            throw new IllegalArgumentException("disconnectedTimeout must not exceed failedTimeout");
        }
    }

    /** Default timing with another consent (failed) timeout; the disconnected mark stays at most a third of it. */
    public static IceSettings withConsentTimeout(Duration failedTimeout) {
        Duration third = failedTimeout.dividedBy(3);
        Duration disconnected = third.compareTo(DEFAULT.disconnectedTimeout) < 0 ? third : DEFAULT.disconnectedTimeout;
        return new IceSettings(disconnected, failedTimeout, DEFAULT.checkInterval);
    }
}
