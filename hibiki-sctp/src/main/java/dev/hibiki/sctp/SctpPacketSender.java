package dev.hibiki.sctp;

/** Where the association's packets go: each call is one SCTP packet, to be sent as one DTLS application data record. */
@FunctionalInterface
public interface SctpPacketSender {
    /**
     * Sends one packet. Called without the association's lock held, never concurrently for one association; must not
     * block. The array may be reused once this returns.
     */
    void send(byte[] buf, int off, int len);
}
