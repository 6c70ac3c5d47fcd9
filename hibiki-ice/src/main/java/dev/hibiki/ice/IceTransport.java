package dev.hibiki.ice;

import java.net.InetSocketAddress;

/**
 * A local socket an ICE session reaches remote addresses through: the shared UDP port today; an ICE-TCP connection or
 * a TURN allocation can implement it later. Thread-safe.
 */
public interface IceTransport {
    /** Transport token as written in candidates: "udp" (later "tcp"). */
    String protocol();

    /** Sends one datagram (or framed message) to {@code remote}; false when it could not be sent. */
    boolean sendTo(byte[] buf, int off, int len, InetSocketAddress remote);

    /** {@link #sendTo(byte[], int, int, InetSocketAddress)} to a destination decoded once (a session's media). */
    default boolean sendTo(byte[] buf, int off, int len, DatagramDestination remote) {
        return sendTo(buf, off, len, remote.address());
    }
}
