package dev.hibiki.ice;

/**
 * Receives the non-STUN datagrams (DTLS, SRTP/SRTCP) of a session's validated paths, on the receive thread.
 *
 * <p>{@code buf} is the receive loop's buffer: it is valid only during the call and is overwritten by the next
 * datagram. Copy what you keep. The listener may decrypt in place within {@code [off, off+len)}. Do not block: the
 * whole port waits.
 */
@FunctionalInterface
public interface PacketListener {
    void onPacket(byte[] buf, int off, int len);
}
