package dev.hibiki.dtls;

import dev.hibiki.srtp.SrtpProfile;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Tunables of a {@link DtlsTransport}.
 *
 * @param srtpProfiles SRTP profiles in order of preference (offered as client, chosen from as server)
 * @param handshakeTimeoutMillis the whole handshake must finish within this time
 * @param initialRetransmitMillis first flight retransmission timeout; doubles up to 60 s (RFC 6347)
 * @param mtu largest datagram sent; handshake messages are fragmented to fit
 * @param threadFactory makes the one thread per transport that runs the handshake and then reads
 *     alerts, retransmitted flights and application data
 */
public record DtlsOptions(List<SrtpProfile> srtpProfiles, int handshakeTimeoutMillis, int initialRetransmitMillis,
                          int mtu, ThreadFactory threadFactory) {
    /** GCM before AES-CM, as Chromium orders them. */
    public static final List<SrtpProfile> DEFAULT_PROFILES =
            List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES128_CM_HMAC_SHA1_80);

    public DtlsOptions {
        srtpProfiles = List.copyOf(srtpProfiles);
        if (srtpProfiles.isEmpty()) {
            throw new IllegalArgumentException("at least one SRTP profile is needed");
        }
        if (handshakeTimeoutMillis <= 0 || initialRetransmitMillis <= 0) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (mtu < 256 || mtu > 65_507) {
            throw new IllegalArgumentException("mtu out of range: " + mtu);
        }
        Objects.requireNonNull(threadFactory, "threadFactory");
    }

    /** Virtual threads: a transport's thread spends its life blocked on its datagram queue. */
    private static final ThreadFactory DEFAULT_THREADS = Thread.ofVirtual().name("hibiki-dtls-", 0).factory();

    /** GCM then AES-CM, 30 s handshake timeout, 1 s first retransmission, 1200-byte MTU, virtual threads. */
    public static DtlsOptions defaults() {
        return new DtlsOptions(DEFAULT_PROFILES, 30_000, 1_000, 1200, DEFAULT_THREADS);
    }

    public DtlsOptions withSrtpProfiles(List<SrtpProfile> profiles) {
        return new DtlsOptions(profiles, handshakeTimeoutMillis, initialRetransmitMillis, mtu, threadFactory);
    }

    public DtlsOptions withHandshakeTimeoutMillis(int millis) {
        return new DtlsOptions(srtpProfiles, millis, initialRetransmitMillis, mtu, threadFactory);
    }

    public DtlsOptions withInitialRetransmitMillis(int millis) {
        return new DtlsOptions(srtpProfiles, handshakeTimeoutMillis, millis, mtu, threadFactory);
    }

    public DtlsOptions withMtu(int bytes) {
        return new DtlsOptions(srtpProfiles, handshakeTimeoutMillis, initialRetransmitMillis, bytes, threadFactory);
    }

    public DtlsOptions withThreadFactory(ThreadFactory factory) {
        return new DtlsOptions(srtpProfiles, handshakeTimeoutMillis, initialRetransmitMillis, mtu, factory);
    }
}
