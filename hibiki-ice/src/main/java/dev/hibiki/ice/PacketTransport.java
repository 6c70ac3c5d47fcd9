package dev.hibiki.ice;

/** Where DTLS and SRTP write their datagrams: the connection's currently selected path. Thread-safe. */
public interface PacketTransport {
    /**
     * Sends {@code buf[off, off+len)} as one datagram; the bytes are consumed before returning. False when there is
     * no usable path (not yet connected, failed, closed) or the socket refused.
     */
    boolean send(byte[] buf, int off, int len);
}
