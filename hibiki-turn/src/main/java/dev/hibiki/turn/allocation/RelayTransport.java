package dev.hibiki.turn.allocation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The relayed side of one allocation: the address peers see, how datagrams leave it and how arriving ones reach the
 * allocation. {@link DatagramRelayTransport} is a real UDP socket; {@link MediaPortRelayTransport} hands datagrams
 * for the SFU's media port straight to its dispatch in the same process, saving a socket hop each way.
 */
public interface RelayTransport extends AutoCloseable {
    InetSocketAddress relayedAddress();

    /** Starts delivering datagrams from peers to {@code receiver}; called once. */
    void start(RelayReceiver receiver);

    /** Sends the buffer's remaining bytes to {@code peer} as one datagram. */
    void send(ByteBuffer datagram, InetSocketAddress peer) throws IOException;

    /** Releases the relayed address; idempotent and quiet. */
    @Override
    void close();
}
