package dev.hibiki.platform.webhook;

import dev.hibiki.net.OutboundAddressPolicy;

import java.time.Duration;

/**
 * How Hibiki calls its customers' webhooks.
 *
 * @param timeout         how long one webhook call may take, connect to last byte; an auth webhook that takes
 *                        longer refuses the connection
 * @param eventAttempts   tries per event (1 = no retry); later tries wait {@code firstRetryDelay}, then twice as
 *                        long each time
 * @param firstRetryDelay wait before the second try of an event
 * @param eventQueueLimit events waiting for delivery, over all receivers (one receiver may hold a tenth of it);
 *                        when full the oldest waiting event of the receiver is dropped (and counted), so a receiver
 *                        that is down never grows memory
 * @param allowPrivateNetworks whether a channel's webhooks may point to loopback, private or link-local addresses
 *                        (see {@link #policy()}); off by default, since a tenant could otherwise make Hibiki call
 *                        the operator's internal services
 */
public record WebhookSettings(Duration timeout, int eventAttempts, Duration firstRetryDelay, int eventQueueLimit,
                              boolean allowPrivateNetworks) {

    public static final WebhookSettings DEFAULT =
            new WebhookSettings(Duration.ofSeconds(5), 3, Duration.ofSeconds(1), 10_000, false);

    /** The same settings with private networks allowed (or not). */
    public WebhookSettings withPrivateNetworks(boolean allowed) {
        return new WebhookSettings(timeout, eventAttempts, firstRetryDelay, eventQueueLimit, allowed);
    }

    /** Where a channel's webhooks may connect: checked when the channel is created and before each connection. */
    public OutboundAddressPolicy policy() {
        return OutboundAddressPolicy.of(allowPrivateNetworks, "webhook.allow_private_networks");
    }

    public WebhookSettings {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        if (eventAttempts < 1) throw new IllegalArgumentException("eventAttempts must be at least 1");
        if (eventQueueLimit < 1) throw new IllegalArgumentException("eventQueueLimit must be at least 1");
    }
}
