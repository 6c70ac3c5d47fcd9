package dev.hibiki.sipgateway;

import java.net.URI;
import java.time.OffsetDateTime;

/** A SIP gateway application: calls placed with its key report their state changes to its callback URL. */
public record SipApp(String key, URI callbackUrl, OffsetDateTime createdAt) {
}
