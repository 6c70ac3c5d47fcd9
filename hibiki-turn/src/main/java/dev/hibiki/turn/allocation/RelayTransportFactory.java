package dev.hibiki.turn.allocation;

import dev.hibiki.ice.InProcessPeers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Set;

/** Opens the relayed side of a new allocation on one of the server's relay addresses. */
@FunctionalInterface
public interface RelayTransportFactory {
    RelayTransport open(InetAddress relayAddress) throws IOException;

    /** A real UDP socket on an ephemeral port of the address. */
    static RelayTransportFactory datagramChannels() {
        return DatagramRelayTransport::open;
    }

    /**
     * A real UDP socket on an ephemeral port of the address, through which peers other than {@code mediaEndpoints}
     * are reached; those are reached in process through {@code mediaPort} ({@link MediaPortRelayTransport}).
     */
    static RelayTransportFactory inProcess(InProcessPeers mediaPort, Collection<InetSocketAddress> mediaEndpoints) {
        Set<InetSocketAddress> endpoints = Set.copyOf(mediaEndpoints);
        return address -> new MediaPortRelayTransport(DatagramRelayTransport.open(address), mediaPort, endpoints);
    }
}
