package dev.hibiki.dtls;

/**
 * Sends one DTLS datagram to the peer over the ICE-selected path. The bytes are only valid during the
 * call; copy them if they are queued. Must not block for long and should not throw: a lost datagram is
 * recovered by DTLS retransmission.
 */
@FunctionalInterface
public interface DtlsPacketSender {
    void send(byte[] buf, int off, int len);
}
