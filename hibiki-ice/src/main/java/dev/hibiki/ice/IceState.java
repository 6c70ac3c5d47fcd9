package dev.hibiki.ice;

/**
 * Life cycle of an {@link IceLiteSession}.
 *
 * <pre>
 * NEW ──setRemoteCredentials──▶ CHECKING
 * NEW/CHECKING ──first valid check──▶ CONNECTED ◀──valid check on the selected path── DISCONNECTED
 * CONNECTED ──no consent for disconnectedTimeout──▶ DISCONNECTED
 * any but CLOSED ──no consent for failedTimeout──▶ FAILED (terminal: stop sending, addresses forgotten)
 * any ──close()──▶ CLOSED
 * </pre>
 */
public enum IceState {
    /** Created; the remote answer has not been applied and no check has arrived yet. */
    NEW,
    /** Remote credentials known; waiting for the first valid connectivity check. */
    CHECKING,
    /** A path is selected (provisionally or nominated) and consent is fresh: media may flow. */
    CONNECTED,
    /** Consent has not been refreshed for a while; sending still works and a valid check brings it back. */
    DISCONNECTED,
    /** Consent expired (RFC 7675) or never came: the session no longer sends or receives. */
    FAILED,
    /** Closed by its owner or by the server. */
    CLOSED;

    /** Whether {@link IceLiteSession#send} may transmit in this state. */
    public boolean canSend() {
        return this == CONNECTED || this == DISCONNECTED;
    }

    public boolean isTerminal() {
        return this == FAILED || this == CLOSED;
    }
}
