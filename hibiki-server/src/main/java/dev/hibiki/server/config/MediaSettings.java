package dev.hibiki.server.config;

import java.net.InetAddress;
import java.util.List;

/**
 * @param port      the one UDP port every peer's media uses (0: any free port)
 * @param addresses the addresses announced in ICE candidates; empty: the machine's interface addresses
 */
public record MediaSettings(int port, List<InetAddress> addresses) {

    public static final MediaSettings DEFAULT = new MediaSettings(50000, List.of());

    public MediaSettings {
        addresses = List.copyOf(addresses);
    }
}
