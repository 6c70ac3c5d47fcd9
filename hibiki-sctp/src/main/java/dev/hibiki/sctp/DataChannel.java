package dev.hibiki.sctp;

import java.nio.charset.StandardCharsets;

/**
 * One WebRTC data channel (RFC 8831): a pair of SCTP streams with the same id, named by DCEP or negotiated out of
 * band. Thread-safe: its state is guarded by the association's lock.
 */
public final class DataChannel {
    static final int PPID_STRING = 51;
    static final int PPID_STRING_PARTIAL = 52;
    static final int PPID_BINARY = 53;
    static final int PPID_BINARY_PARTIAL = 54;
    static final int PPID_STRING_EMPTY = 56;
    static final int PPID_BINARY_EMPTY = 57;
    private static final byte[] EMPTY_PAYLOAD = {0};

    private final SctpAssociation association;
    private final int streamId;
    private final String label;
    private final String protocol;
    private final boolean ordered;
    private final Integer maxRetransmits;
    private final Integer maxPacketLifeTimeMs;
    // guarded by the association's lock
    boolean acknowledged;
    boolean closing;
    boolean closed;
    boolean incomingReset;
    boolean outgoingReset;
    private long buffered;

    DataChannel(SctpAssociation association, int streamId, String label, String protocol, boolean ordered,
                Integer maxRetransmits, Integer maxPacketLifeTimeMs) {
        this.association = association;
        this.streamId = streamId;
        this.label = label;
        this.protocol = protocol;
        this.ordered = ordered;
        this.maxRetransmits = maxRetransmits;
        this.maxPacketLifeTimeMs = maxPacketLifeTimeMs;
    }

    public int streamId() {
        return streamId;
    }

    public String label() {
        return label;
    }

    public String protocol() {
        return protocol;
    }

    public boolean ordered() {
        return ordered;
    }

    public Integer maxRetransmits() {
        return maxRetransmits;
    }

    public Integer maxPacketLifeTimeMs() {
        return maxPacketLifeTimeMs;
    }

    /**
     * Whether messages can be sent: from {@link SctpAssociation#openChannel} (RFC 8832 lets messages follow the
     * DATA_CHANNEL_OPEN before its ACK) until {@link #close} or the peer's reset.
     */
    public boolean isOpen() {
        synchronized (association.lock) {
            return !closing && !closed;
        }
    }

    /**
     * Queues one message (PPID 53 binary or 51 string; an empty one as PPID 57 or 56 with one byte, RFC 8831
     * section 6.6).
     *
     * @throws IllegalStateException if the channel or the association is closing or closed
     * @throws IllegalArgumentException if the message is larger than the association's max-message-size
     */
    public void send(byte[] data, boolean binary) {
        if (data.length == 0) {
            association.send(this, binary ? PPID_BINARY_EMPTY : PPID_STRING_EMPTY, EMPTY_PAYLOAD.clone());
        } else {
            association.send(this, binary ? PPID_BINARY : PPID_STRING, data.clone());
        }
    }

    /** Sends a string message, UTF-8 encoded. */
    public void sendText(String text) {
        send(text.getBytes(StandardCharsets.UTF_8), false);
    }

    /** Bytes of this channel's messages queued or in flight, not yet acknowledged nor abandoned. */
    public long bufferedAmount() {
        synchronized (association.lock) {
            return buffered;
        }
    }

    /** Closes the channel by resetting its outgoing stream (RFC 8831 section 6.7); the peer resets its side in turn. */
    public void close() {
        association.closeChannel(this);
    }

    void queued(int bytes) {
        buffered += bytes;
    }

    void released(int bytes) {
        buffered -= bytes;
    }

    static boolean isBinary(int ppid) {
        return ppid == PPID_BINARY || ppid == PPID_BINARY_PARTIAL || ppid == PPID_BINARY_EMPTY;
    }

    static boolean isUserMessage(int ppid) {
        return ppid == PPID_STRING || ppid == PPID_STRING_PARTIAL || ppid == PPID_STRING_EMPTY || isBinary(ppid);
    }

    static boolean isEmptyMessage(int ppid) {
        return ppid == PPID_STRING_EMPTY || ppid == PPID_BINARY_EMPTY;
    }

    @Override
    public String toString() {
        return "DataChannel[" + streamId + " '" + label + "']";
    }
}
