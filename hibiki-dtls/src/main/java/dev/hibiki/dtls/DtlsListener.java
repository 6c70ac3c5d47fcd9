package dev.hibiki.dtls;

import dev.hibiki.srtp.SrtpKeys;

/**
 * Events of one {@link DtlsTransport}, delivered on its own handshake thread (never the ICE receive
 * thread). Exactly one of {@link #onFailed} / {@link #onClosed} ends a transport's life.
 */
public interface DtlsListener {
    /** The handshake completed and the peer's certificate matched the SDP fingerprint. */
    void onConnected(DtlsTransport transport, SrtpKeys keys);

    /** The handshake or connection failed: timeout, fingerprint mismatch, fatal alert, no common profile. */
    void onFailed(DtlsTransport transport, Exception cause);

    /** Closed cleanly: the peer sent close_notify or {@link DtlsTransport#close()} was called. */
    void onClosed(DtlsTransport transport);

    /**
     * Application data (SCTP for DataChannels), valid only during the call. Unused until DataChannels
     * are implemented.
     */
    default void onApplicationData(DtlsTransport transport, byte[] buf, int off, int len) {
    }
}
