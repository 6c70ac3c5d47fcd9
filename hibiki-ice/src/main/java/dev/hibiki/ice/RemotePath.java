package dev.hibiki.ice;

import java.net.InetSocketAddress;

/** A remote address reached through one local transport: what ICE calls a candidate pair, seen from a lite agent. */
record RemotePath(IceTransport transport, DatagramDestination destination) {

    RemotePath(IceTransport transport, InetSocketAddress address) {
        this(transport, DatagramDestination.of(address));
    }

    InetSocketAddress address() {
        return destination.address();
    }
}
