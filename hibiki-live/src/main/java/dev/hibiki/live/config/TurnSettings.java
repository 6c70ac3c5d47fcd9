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
 * @param tls             TURN over TLS of the embedded server, or null for none
 */
public record TurnSettings(boolean enabled, int port, List<InetAddress> addresses, List<String> externalUrls,
                           String externalSecret, String transportPolicy, Tls tls) {

    /**
     * @param port     its port (0: any free one, for tests)
     * @param host     the name in the {@code turns:} URL, which the certificate must name
     * @param certFile the certificate chain (PEM)
     * @param keyFile  its private key (PEM, PKCS#8)
     */
    public record Tls(int port, String host, java.nio.file.Path certFile, java.nio.file.Path keyFile) {
    }

    /** What an offer says without any relay. */
    public static final TurnSettings OFF = new TurnSettings(false, 0, List.of(), List.of(), null, "all", null);

    /** With TURN over TLS as given. */
    public TurnSettings withTls(Tls newTls) {
        return new TurnSettings(enabled, port, addresses, externalUrls, externalSecret, transportPolicy, newTls);
    }

    public TurnSettings {
        addresses = List.copyOf(addresses);
        externalUrls = List.copyOf(externalUrls);
        if (!transportPolicy.equals("all") && !transportPolicy.equals("relay")) {
            throw new IllegalArgumentException("transport policy is all or relay: " + transportPolicy);
        }
    }

    /** The embedded server on any free port, relaying from these addresses (tests). */
    public static TurnSettings embeddedOnAnyPort(List<InetAddress> addresses, String transportPolicy) {
        return new TurnSettings(true, 0, addresses, List.of(), null, transportPolicy, null);
    }
}
