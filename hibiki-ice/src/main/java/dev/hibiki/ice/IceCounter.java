package dev.hibiki.ice;

/** Counters kept by {@link UdpIceServer}; the DROPPED_* ones sum to {@link IceCounters#droppedTotal()}. */
public enum IceCounter {
    PACKETS_RECEIVED,
    BYTES_RECEIVED,
    STUN_RECEIVED,
    DTLS_RECEIVED,
    RTP_RECEIVED,
    PACKETS_SENT,
    BYTES_SENT,
    SEND_FAILURES,
    RECEIVE_ERRORS,
    BINDING_SUCCESS_SENT,
    BINDING_ERROR_SENT,
    /** Not STUN by the RFC 8489 framing rules although the first byte said so. */
    DROPPED_MALFORMED_STUN(true),
    /** Well-formed STUN other than a Binding request (indications, responses, other methods). */
    DROPPED_UNSUPPORTED_STUN(true),
    /** Binding request whose USERNAME has no local part we know (or no USERNAME at all). */
    DROPPED_UNKNOWN_UFRAG(true),
    DROPPED_BAD_FINGERPRINT(true),
    /** Binding request for a session that has failed or closed. */
    DROPPED_INACTIVE_SESSION(true),
    /** DTLS/RTP from an address no session has validated. */
    DROPPED_UNKNOWN_SOURCE(true),
    /** First byte outside the STUN, DTLS and RTP ranges. */
    DROPPED_UNKNOWN_KIND(true),
    /** DTLS/RTP for a session without a packet listener yet. */
    DROPPED_NO_LISTENER(true),
    /** A packet listener threw: the datagram is lost, the loop goes on. */
    LISTENER_FAILURES,
    /** A bug caught by the receive loop. */
    INTERNAL_ERRORS,
    /** ICE-TCP connections accepted on the media port number. */
    TCP_CONNECTIONS_ACCEPTED,
    /** ICE-TCP connections closed at once: too many open, or their first frame was not a STUN Binding request. */
    TCP_CONNECTIONS_REFUSED;

    private final boolean drop;

    IceCounter() {
        this(false);
    }

    IceCounter(boolean drop) {
        this.drop = drop;
    }

    public boolean isDrop() {
        return drop;
    }
}
