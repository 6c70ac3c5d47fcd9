package dev.hibiki.turn.allocation;

import java.nio.ByteBuffer;

/**
 * The way back to one client: a UDP socket and the client's address, or a TCP connection. Sends are best effort,
 * like the datagrams they carry: a failure is counted and dropped by the sink, never thrown. Each call sends the
 * buffer's remaining bytes and may consume them.
 */
public interface ClientSink {
    /** Sends one STUN message (a response or a Data indication). */
    void sendMessage(ByteBuffer message);

    /** Sends one ChannelData message (header and data, unpadded); a stream transport pads it to 4 bytes. */
    void sendChannelData(ByteBuffer channelData);

    /** Whether a send may wait for the client (a stream connection waits while the client's window is shut). */
    default boolean mayWait() {
        return false;
    }
}
