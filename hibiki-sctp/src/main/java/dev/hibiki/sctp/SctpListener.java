package dev.hibiki.sctp;

/**
 * What an association reports. Called without the association's lock held and one call at a time per association,
 * in the order the events happened; a listener may call back into the association and its channels.
 */
public interface SctpListener {
    /** The four-way handshake completed; channels can carry messages now. */
    default void onEstablished(SctpAssociation association) {}

    /**
     * A channel opened: the peer's DATA_CHANNEL_OPEN arrived (and was acknowledged), our own {@link
     * SctpAssociation#openChannel} got its DATA_CHANNEL_ACK, or a negotiated channel became usable.
     */
    void onChannelOpen(DataChannel channel);

    /** One whole message; the array is the listener's to keep. */
    void onMessage(DataChannel channel, byte[] data, boolean binary);

    /** Both directions of the channel's stream were reset, or the association closed while the channel was open. */
    default void onChannelClosed(DataChannel channel) {}

    /** The association ended: SHUTDOWN completed, an ABORT was sent or received, or the peer stopped answering. */
    default void onClosed(SctpAssociation association, String reason) {}
}
