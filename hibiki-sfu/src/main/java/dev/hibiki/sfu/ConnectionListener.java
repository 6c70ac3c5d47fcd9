package dev.hibiki.sfu;

import dev.hibiki.sctp.DataChannel;

/** What a connection tells its signaling session. Called from SFU threads; implementations must not block. */
public interface ConnectionListener {

    /** ICE and DTLS are up and media can flow. */
    void onConnected(Connection connection);

    /** The set of forwarded tracks changed: send this offer ({@code re-offer}) and apply the re-answer. */
    void onRenegotiationNeeded(Connection connection, String offerSdp);

    /** The transport failed or closed (consent lost, DTLS failure, channel removed); the reason is Sora-style. */
    void onClosed(Connection connection, String reason);

    /** The connection's SCTP association is up (its spec asked for data channels): channels can be opened. */
    default void onDataChannelsReady(Connection connection) {
    }

    /** A data channel is open: the peer opened it, or it acknowledged one {@link Connection#openDataChannel} opened. */
    default void onDataChannelOpen(Connection connection, DataChannel channel) {
    }

    /** One whole message on a data channel; the array is the listener's to keep. */
    default void onDataChannelMessage(Connection connection, DataChannel channel, byte[] data, boolean binary) {
    }

    /** A data channel was closed by either side. */
    default void onDataChannelClosed(Connection connection, DataChannel channel) {
    }
}
