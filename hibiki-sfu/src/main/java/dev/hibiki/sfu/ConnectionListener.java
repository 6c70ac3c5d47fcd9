package dev.hibiki.sfu;

/** What a connection tells its signaling session. Called from SFU threads; implementations must not block. */
public interface ConnectionListener {

    /** ICE and DTLS are up and media can flow. */
    void onConnected(Connection connection);

    /** The set of forwarded tracks changed: send this offer ({@code re-offer}) and apply the re-answer. */
    void onRenegotiationNeeded(Connection connection, String offerSdp);

    /** The transport failed or closed (consent lost, DTLS failure, channel removed); the reason is Sora-style. */
    void onClosed(Connection connection, String reason);
}
