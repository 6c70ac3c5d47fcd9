package dev.hibiki.turn.allocation;

import java.io.IOException;
import java.net.InetAddress;

/** Opens the relayed side of a new allocation on one of the server's relay addresses. */
@FunctionalInterface
public interface RelayTransportFactory {
    RelayTransport open(InetAddress relayAddress) throws IOException;

    /** A real UDP socket on an ephemeral port of the address. */
    static RelayTransportFactory datagramChannels() {
        return DatagramRelayTransport::open;
    }
}
