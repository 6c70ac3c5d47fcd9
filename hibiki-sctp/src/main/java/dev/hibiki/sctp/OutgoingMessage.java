package dev.hibiki.sctp;

/**
 * One message queued on a stream, with its partial reliability policy (RFC 3758): abandoned after {@code
 * maxRetransmits} retransmissions or after {@code expiresAtNanos}. Its fragments get TSNs as they are first sent,
 * so a message that expires before that costs no TSN and no SSN.
 */
final class OutgoingMessage {
    static final int UNLIMITED = -1;

    final DataChannel channel;
    final int stream;
    final int ppid;
    final byte[] data;
    final boolean unordered;
    final int maxRetransmits;
    final long expiresAtNanos;
    /** Bytes already given TSNs. */
    int assigned;
    int ssn;
    /** Bytes neither acknowledged nor abandoned; they count in the channel's buffered amount. */
    int unacked;
    boolean abandoned;

    OutgoingMessage(DataChannel channel, int stream, int ppid, byte[] data, boolean unordered, int maxRetransmits,
                    long expiresAtNanos) {
        this.channel = channel;
        this.stream = stream;
        this.ppid = ppid;
        this.data = data;
        this.unordered = unordered;
        this.maxRetransmits = maxRetransmits;
        this.expiresAtNanos = expiresAtNanos;
        this.unacked = data.length;
    }

    boolean expired(long nowNanos) {
        return nowNanos - expiresAtNanos >= 0;
    }

    void released(int bytes) {
        unacked -= bytes;
        if (channel != null) {
            channel.released(bytes);
        }
    }
}
