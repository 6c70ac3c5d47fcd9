package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsFingerprint;
import dev.hibiki.dtls.DtlsRole;
import dev.hibiki.ice.IceCredentials;
import dev.hibiki.srtp.SrtpTransformer;

import java.util.List;

/**
 * The secure media path of one connection, as the SFU core uses it: decrypted RTP and RTCP come up to a
 * {@link Handler}, and what is handed to the send methods goes out protected. {@link WebRtcTransport} (ICE-lite +
 * DTLS + SRTP) is the one implementation in production; the SFU's tests put one in its place that records what
 * is sent and hands the SFU packets as the real one would after decryption.
 */
interface MediaTransport {

    /** Room to leave after a packet in buffers handed to the send methods: protection grows it in place. */
    int SEND_HEADROOM = SrtpTransformer.MAX_OVERHEAD;

    /** Creates the transport of a new connection, which reports to {@code handler} and counts into {@code stats}. */
    @FunctionalInterface
    interface Factory {
        MediaTransport create(Handler handler, ConnectionStats stats);
    }

    /** What the transport reports; called on the ICE receive thread (and the DTLS thread for the state changes). */
    interface Handler {
        void onTransportConnected();

        void onTransportFailed(String reason);

        /** A decrypted RTP packet; the buffer is valid only during the call. */
        void onRtp(byte[] buf, int off, int len, long nowNanos);

        /** A decrypted RTCP compound packet; the buffer is valid only during the call. */
        void onRtcp(byte[] buf, int off, int len, long nowNanos);

        /** A DTLS application data record (an SCTP packet of the data channels); valid only during the call. */
        default void onApplicationData(byte[] buf, int off, int len) {
        }
    }

    /** The ICE credentials this side puts into its offer. */
    IceCredentials localCredentials();

    /** Applies the answer's ICE and DTLS parameters; the handshake starts when it is this side's turn. */
    void start(String remoteUfrag, String remotePwd, List<DtlsFingerprint> remoteFingerprints, DtlsRole role);

    /**
     * Protects {@code buf[off, off+len)} in place (it needs {@link #SEND_HEADROOM} spare bytes after it) and sends
     * it; false when it did not go out (not connected yet, or the send failed).
     */
    boolean sendRtp(byte[] buf, int off, int len);

    /** As {@link #sendRtp}, for an RTCP compound packet. */
    boolean sendRtcp(byte[] buf, int off, int len);

    /** Sends one DTLS application data record (an SCTP packet); false when it did not go out. */
    boolean sendApplicationData(byte[] buf, int off, int len);

    /**
     * From now on drops this fraction of the incoming RTP at random before it is decrypted, as a lossy network
     * would (0: none). A test hook (see {@link Sfu#setIncomingRtpLossForTesting}).
     */
    void dropIncomingRtp(double fraction);

    /** Stops sending and receiving; idempotent. */
    void close();
}
