package dev.hibiki.live.config;

import java.net.InetAddress;
import java.util.List;

/**
 * The relays clients are told of in the offer: the embedded TURN server and/or an operator's own (coturn with
 * {@code use-auth-secret}), and the ICE transport policy.
 *
 * @param enabled         whether the embedded TURN server runs
 * @param port            its UDP and TCP port (0 with {@code enabled}: any free port, for tests)
 * @param addresses       the addresses it relays from and is announced on; empty: the media addresses
 * @param externalUrls    {@code turn:}/{@code turns:} URLs of an operator's TURN server, empty for none
 * @param externalSecret  that server's shared secret (TURN REST credentials), or null
 * @param transportPolicy {@code all}, or {@code relay} for clients that must only use relays
 */
public record TurnSettings(boolean enabled, int port, List<InetAddress> addresses, List<String> externalUrls,
                           String externalSecret, String transportPolicy) {

    /** What an offer says without any relay. */
    public static final TurnSettings OFF = new TurnSettings(false, 0, List.of(), List.of(), null, "all");

    public TurnSettings {
        addresses = List.copyOf(addresses);
        externalUrls = List.copyOf(externalUrls);
        if (!transportPolicy.equals("all") && !transportPolicy.equals("relay")) {
            throw new IllegalArgumentException("transport policy is all or relay: " + transportPolicy);
        }
    }

    /** The embedded server on any free port, relaying from these addresses (tests). */
    public static TurnSettings embeddedOnAnyPort(List<InetAddress> addresses, String transportPolicy) {
        return new TurnSettings(true, 0, addresses, List.of(), null, transportPolicy);
    }
}
