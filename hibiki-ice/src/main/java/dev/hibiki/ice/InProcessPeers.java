package dev.hibiki.ice;

import java.net.InetSocketAddress;

/** The media port as a TURN server in the same process reaches it: without a socket hop (see {@link InProcessPeer}). */
@FunctionalInterface
public interface InProcessPeers {
    /**
     * A peer at {@code address} (an address no socket of this port's peers uses: a relayed address the relay holds a
     * socket on) whose datagrams the port's sessions send to {@code toPeer}. Close it when the address is released.
     */
    InProcessPeer connectInProcess(InetSocketAddress address, InProcessPeer.Sink toPeer);
}
