package dev.hibiki.dtls;

import dev.hibiki.srtp.SrtpKeys;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS-SRTP association (RFC 5764) over an ICE-selected path, on bctls.
 *
 * <p>Datagrams from the ICE receive thread go to {@link #onDatagram}, which only copies them into a queue.
 * A thread of this transport's own runs the handshake, reports through the {@link DtlsListener}, and then
 * keeps reading: it answers retransmitted final flights, notices close_notify and alerts, and hands up
 * application data. Outgoing datagrams go through the {@link DtlsPacketSender}.
 *
 * <p>The peer is authenticated only by its certificate fingerprint from the remote SDP.
 */
public final class DtlsTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsTransport.class);
    private static final BcTlsCrypto CRYPTO = new DtlsRecordCrypto(new SecureRandom());

    /** Life cycle; CONNECTED is the only state with keys. */
    public enum State { NEW, CONNECTING, CONNECTED, CLOSED, FAILED }

    private final DtlsRole role;
    private final DtlsCertificate certificate;
    private final List<DtlsFingerprint> remoteFingerprints;
    private final DtlsListener listener;
    private final DtlsOptions options;
    private final QueuedDatagramTransport datagrams;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    private volatile DTLSTransport dtls;
    private volatile SrtpKeys keys;
    private volatile int cipherSuite = -1;
    private volatile boolean closeRequested;
    private volatile boolean closeNotifyReceived;

    public DtlsTransport(DtlsRole role, DtlsCertificate certificate, DtlsFingerprint remoteFingerprint,
                         DtlsPacketSender sender, DtlsListener listener) {
        this(role, certificate, List.of(remoteFingerprint), sender, listener, DtlsOptions.defaults());
    }

    /**
     * @param remoteFingerprints every {@code a=fingerprint} of the remote description; the peer's
     *     certificate must match one
     */
    public DtlsTransport(DtlsRole role, DtlsCertificate certificate, List<DtlsFingerprint> remoteFingerprints,
                         DtlsPacketSender sender, DtlsListener listener, DtlsOptions options) {
        this.role = Objects.requireNonNull(role, "role");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.remoteFingerprints = List.copyOf(remoteFingerprints);
        if (this.remoteFingerprints.isEmpty()) {
            throw new IllegalArgumentException("the remote fingerprint is required");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.options = Objects.requireNonNull(options, "options");
        this.datagrams = new QueuedDatagramTransport(Objects.requireNonNull(sender, "sender"), options.mtu());
    }

    /**
     * Starts the handshake on this transport's thread. As client it sends the ClientHello at once, so call
     * it once ICE has a selected pair; as server it may be called any time (datagrams that arrive
     * earlier are kept).
     *
     * @throws IllegalStateException if already started or closed
     */
    public void start() {
        if (!state.compareAndSet(State.NEW, State.CONNECTING)) {
            throw new IllegalStateException("DTLS transport is " + state.get());
        }
        options.threadFactory().newThread(this::run).start();
    }

    /**
     * Feeds one DTLS datagram (first byte 20..63, RFC 7983) from the ICE layer. Copies it and returns at
     * once; never blocks or throws for bad input. Datagrams beyond a small queue are dropped.
     */
    public void onDatagram(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return;
        }
        datagrams.offer(buf, off, len);
    }

    /**
     * Sends application data (SCTP) in one DTLS record.
     *
     * @throws IllegalStateException if not connected
     * @throws IllegalArgumentException if {@code len} exceeds {@link #applicationDataLimit()}
     * @throws IOException if bctls fails the connection
     */
    public void sendApplicationData(byte[] buf, int off, int len) throws IOException {
        DTLSTransport t = dtls;
        if (t == null || state.get() != State.CONNECTED) {
            throw new IllegalStateException("DTLS transport is " + state.get());
        }
        if (len > t.getSendLimit()) {
            throw new IllegalArgumentException("record of " + len + " bytes exceeds " + t.getSendLimit());
        }
        t.send(buf, off, len);
    }

    /** Largest application data record that fits the MTU, or 0 before the handshake completes. */
    public int applicationDataLimit() {
        DTLSTransport t = dtls;
        try {
            return t == null ? 0 : t.getSendLimit();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Sends close_notify if connected and stops. The listener gets {@link DtlsListener#onClosed} (from
     * the transport's thread, or from this call if the transport was never started). Idempotent.
     */
    @Override
    public void close() {
        closeRequested = true;
        if (state.compareAndSet(State.NEW, State.CLOSED)) {
            datagrams.close();
            notifyClosed();
            return;
        }
        DTLSTransport t = dtls;
        if (t != null) {
            try {
                t.close();
            } catch (IOException | RuntimeException e) {
                LOG.debug("closing DTLS: {}", e.toString());
            }
        }
        datagrams.close();
    }

    public DtlsRole role() {
        return role;
    }

    public State state() {
        return state.get();
    }

    /** The negotiated keys, or {@code null} before {@link State#CONNECTED}. */
    public SrtpKeys srtpKeys() {
        return keys;
    }

    /** IANA id of the negotiated cipher suite, or -1 before the handshake completes. */
    public int cipherSuite() {
        return cipherSuite;
    }

    /** Datagrams dropped: queue full, oversized, after close, or failed sends. */
    public long droppedDatagrams() {
        return datagrams.droppedDatagrams();
    }

    private void run() {
        DTLSTransport t;
        try {
            if (role == DtlsRole.SERVER) {
                DtlsSrtpServer server = new DtlsSrtpServer(CRYPTO, certificate, remoteFingerprints, options, this);
                t = new DTLSServerProtocol().accept(server, datagrams);
                keys = server.srtpKeys();
                cipherSuite = server.cipherSuite();
            } else {
                DtlsSrtpClient client = new DtlsSrtpClient(CRYPTO, certificate, remoteFingerprints, options, this);
                t = new DTLSClientProtocol().connect(client, datagrams);
                keys = client.srtpKeys();
                cipherSuite = client.cipherSuite();
            }
        } catch (IOException | RuntimeException e) {
            finish(e);
            return;
        }
        dtls = t;
        if (closeRequested) {
            close();
        } else if (state.compareAndSet(State.CONNECTING, State.CONNECTED)) {
            LOG.debug("DTLS {} connected: suite 0x{}, {}", role, Integer.toHexString(cipherSuite), keys);
            try {
                listener.onConnected(this, keys);
            } catch (RuntimeException e) {
                LOG.warn("DTLS listener onConnected failed", e);
            }
        }
        receiveLoop(t);
    }

    /** Runs for the life of the association; ends when bctls or the queue reports closure or failure. */
    private void receiveLoop(DTLSTransport t) {
        byte[] buf = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
        try {
            while (true) {
                int n = t.receive(buf, 0, buf.length, 0);
                if (n > 0) {
                    try {
                        listener.onApplicationData(this, buf, 0, n);
                    } catch (RuntimeException e) {
                        LOG.warn("DTLS listener onApplicationData failed", e);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            finish(e);
        }
    }

    private void finish(Exception cause) {
        datagrams.close();
        if (closeRequested || closeNotifyReceived) {
            if (transitionToEnd(State.CLOSED)) {
                notifyClosed();
            }
            return;
        }
        if (transitionToEnd(State.FAILED)) {
            LOG.debug("DTLS {} failed: {}", role, cause.toString());
            try {
                listener.onFailed(this, cause);
            } catch (RuntimeException e) {
                LOG.warn("DTLS listener onFailed failed", e);
            }
        }
    }

    private boolean transitionToEnd(State end) {
        while (true) {
            State current = state.get();
            if (current == State.CLOSED || current == State.FAILED) {
                return false;
            }
            if (state.compareAndSet(current, end)) {
                return true;
            }
        }
    }

    private void notifyClosed() {
        try {
            listener.onClosed(this);
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener onClosed failed", e);
        }
    }

    void cipherSuiteSelected(int suite) {
        datagrams.expectCiphertextOfAtLeast(DtlsSrtpSupport.minimumCiphertextLength(suite));
    }

    void alertReceived(short level, short description) {
        if (description == AlertDescription.close_notify) {
            closeNotifyReceived = true;
        }
        LOG.debug("DTLS {} received alert {} {}", role, AlertLevel.getText(level),
                AlertDescription.getText(description));
    }

    void alertRaised(short level, short description, String message) {
        LOG.debug("DTLS {} raised alert {} {}: {}", role, AlertLevel.getText(level),
                AlertDescription.getText(description), message);
    }
}
