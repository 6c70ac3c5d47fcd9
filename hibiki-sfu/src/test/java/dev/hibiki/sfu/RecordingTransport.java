package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsFingerprint;
import dev.hibiki.dtls.DtlsRole;
import dev.hibiki.ice.IceCredentials;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link MediaTransport} without a network: it hands the SFU RTP and RTCP as a {@link WebRtcTransport} would
 * after decryption, and keeps a copy of every packet the SFU sends (unprotected) for the test to read. Like the
 * real one it sends nothing before it is connected.
 */
final class RecordingTransport implements MediaTransport {

    /** How long a test waits for a packet the SFU should send (its send workers run on their own threads). */
    static final Duration WAIT = Duration.ofSeconds(5);

    private final Handler handler;
    private final IceCredentials credentials = IceCredentials.random(new SecureRandom());
    private final BlockingQueue<byte[]> sentRtp = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> sentRtcp = new LinkedBlockingQueue<>();
    private volatile boolean connected;
    private volatile boolean closed;
    volatile DtlsRole role;
    volatile List<DtlsFingerprint> remoteFingerprints;
    volatile double incomingRtpLoss;
    /** When set, receives a copy of every application data record (SCTP packet) the SFU sends. */
    volatile java.util.function.Consumer<byte[]> applicationDataPeer;
    /** When set, sendRtp waits for it: a subscriber whose sends are slow. */
    volatile CountDownLatch sendGate;

    RecordingTransport(Handler handler) {
        this.handler = handler;
    }

    // ---------------------------------------------------------------- MediaTransport

    @Override
    public IceCredentials localCredentials() {
        return credentials;
    }

    @Override
    public void start(String remoteUfrag, String remotePwd, List<DtlsFingerprint> fingerprints, DtlsRole role) {
        this.role = role;
        this.remoteFingerprints = fingerprints;
    }

    /**
     * The largest application data record the real transport takes: a 1200-byte datagram less the record overhead of
     * an AEAD cipher suite (13 bytes of header, 8 of explicit nonce, 16 of tag).
     */
    static final int APPLICATION_DATA_LIMIT = 1200 - 37;

    @Override
    public boolean sendApplicationData(byte[] buf, int off, int len) {
        java.util.function.Consumer<byte[]> peer = applicationDataPeer;
        if (!connected || closed || peer == null || len > APPLICATION_DATA_LIMIT) return false;
        peer.accept(Arrays.copyOfRange(buf, off, off + len));
        return true;
    }

    /** Hands the SFU an application data record as the DTLS transport would after decryption. */
    void receiveApplicationData(byte[] packet) {
        handler.onApplicationData(packet, 0, packet.length);
    }

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        CountDownLatch gate = sendGate;
        if (gate != null) {
            try {
                gate.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return record(sentRtp, buf, off, len);
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return record(sentRtcp, buf, off, len);
    }

    private boolean record(BlockingQueue<byte[]> into, byte[] buf, int off, int len) {
        if (!connected || closed) return false;
        into.add(Arrays.copyOfRange(buf, off, off + len));
        return true;
    }

    @Override
    public void dropIncomingRtp(double fraction) {
        incomingRtpLoss = fraction;
    }

    @Override
    public void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- what the network would do

    /** ICE and DTLS are up: the SFU's handler hears it, and sends go out from now on. */
    void connect() {
        connected = true;
        handler.onTransportConnected();
    }

    void fail(String reason) {
        handler.onTransportFailed(reason);
    }

    /** A decrypted RTP packet from the peer, arriving at {@code nowNanos}. */
    void receiveRtp(byte[] packet, long nowNanos) {
        byte[] copy = Arrays.copyOf(packet, packet.length + 16); // the receive buffer is larger than the packet
        handler.onRtp(copy, 0, packet.length, nowNanos);
    }

    /** A decrypted RTCP compound packet from the peer. */
    void receiveRtcp(byte[] packet, long nowNanos) {
        handler.onRtcp(packet.clone(), 0, packet.length, nowNanos);
    }

    // ---------------------------------------------------------------- what the SFU sent

    /** The next RTP packet sent to the peer; fails after {@link #WAIT}. */
    byte[] nextRtp() {
        return take(sentRtp, "RTP");
    }

    /** The next RTCP compound packet sent to the peer; fails after {@link #WAIT}. */
    byte[] nextRtcp() {
        return take(sentRtcp, "RTCP");
    }

    /** The next RTCP compound packet that satisfies {@code wanted}, skipping others; fails after {@link #WAIT}. */
    byte[] nextRtcp(Predicate<byte[]> wanted) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            byte[] p = poll(sentRtcp, deadline - System.nanoTime());
            if (p == null) throw new AssertionError("no such RTCP within " + WAIT);
            if (wanted.test(p)) return p;
        }
    }

    /** Everything sent so far that is still unread, after waiting {@code quietMillis} for stragglers. */
    List<byte[]> drainRtp(long quietMillis) {
        return drain(sentRtp, quietMillis);
    }

    List<byte[]> drainRtcp(long quietMillis) {
        return drain(sentRtcp, quietMillis);
    }

    private static List<byte[]> drain(BlockingQueue<byte[]> queue, long quietMillis) {
        sleep(quietMillis);
        List<byte[]> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    private static byte[] take(BlockingQueue<byte[]> queue, String what) {
        byte[] p = poll(queue, WAIT.toNanos());
        if (p == null) throw new AssertionError("no " + what + " sent within " + WAIT);
        return p;
    }

    private static byte[] poll(BlockingQueue<byte[]> queue, long nanos) {
        try {
            return queue.poll(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
