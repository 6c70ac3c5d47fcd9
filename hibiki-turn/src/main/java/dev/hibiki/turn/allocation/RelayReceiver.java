package dev.hibiki.turn.allocation;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Where a {@link RelayTransport} delivers what peers send to the relayed address. */
@FunctionalInterface
public interface RelayReceiver {
    /**
     * Bytes a transport leaves free before each datagram, so that the receiver can put a ChannelData header in front
     * of it without copying.
     */
    int HEADROOM = 4;

    /**
     * One datagram from {@code peer}: the remaining bytes of an array-backed buffer, the transport's, reused for the next
     * datagram; {@link #HEADROOM} bytes before its position are the receiver's to write.
     */
    void receive(InetSocketAddress peer, ByteBuffer datagram);

    /**
     * Whether {@link #receive} may wait for the client (a stream connection whose window is shut): a transport that
     * delivers on threads that must not wait queues for such a receiver instead.
     */
    default boolean mayWait() {
        return false;
    }

    /** Counts a datagram the transport dropped before handing it over (its queue was full). */
    default void dropped() {
    }
}
