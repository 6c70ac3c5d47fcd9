package dev.hibiki.ice;

import java.net.InetSocketAddress;

/**
 * What an ICE session reaches a remote address through: the shared UDP port, an ICE-TCP connection, or an
 * {@link InProcessPeer} (a TURN allocation in the same process). Thread-safe.
 */
public interface IceTransport {
    /** Transport token as written in candidates: "udp" or "tcp". */
    String protocol();

    /** Sends one datagram (or framed message) to {@code remote}; false when it could not be sent. */
    boolean sendTo(byte[] buf, int off, int len, InetSocketAddress remote);

    /** {@link #sendTo(byte[], int, int, InetSocketAddress)} to a destination decoded once (a session's media). */
    default boolean sendTo(byte[] buf, int off, int len, DatagramDestination remote) {
        return sendTo(buf, off, len, remote.address());
    }
}
