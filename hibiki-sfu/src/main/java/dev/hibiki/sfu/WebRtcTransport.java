package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsCertificate;
import dev.hibiki.dtls.DtlsFingerprint;
import dev.hibiki.dtls.DtlsListener;
import dev.hibiki.dtls.DtlsOptions;
import dev.hibiki.dtls.DtlsRole;
import dev.hibiki.dtls.DtlsTransport;
import dev.hibiki.ice.IceCredentials;
import dev.hibiki.ice.IceLiteSession;
import dev.hibiki.ice.IceSessionListener;
import dev.hibiki.ice.IceState;
import dev.hibiki.ice.PacketListener;
import dev.hibiki.ice.UdpIceServer;
import dev.hibiki.rtp.RtpDemux;
import dev.hibiki.srtp.SrtpKeys;
import dev.hibiki.srtp.SrtpStatus;
import dev.hibiki.srtp.SrtpTransformer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * ICE-lite + DTLS + SRTP for one connection: decrypted RTP and RTCP go up to a {@link MediaTransport.Handler},
 * and {@link #sendRtp}/{@link #sendRtcp} encrypt in place and send on the selected path.
 */
final class WebRtcTransport implements MediaTransport, PacketListener, IceSessionListener, DtlsListener {

    private final IceLiteSession ice;
    private final DtlsCertificate certificate;
    private final Handler handler;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final LongAdder srtpFailures = new LongAdder();
    private volatile DtlsTransport dtls;
    private volatile SrtpTransformer srtp;

    private final SfuCounters counters;
    private final ConnectionStats stats;

    WebRtcTransport(UdpIceServer server, DtlsCertificate certificate, Handler handler, SfuCounters counters,
                    ConnectionStats stats) {
        this.counters = counters;
        this.stats = stats;
        this.certificate = certificate;
        this.handler = handler;
        this.ice = server.createSession(this);
        this.ice.setPacketListener(this);
    }

    @Override
    public IceCredentials localCredentials() {
        return ice.localCredentials();
    }

    @Override
    public void start(String remoteUfrag, String remotePwd, List<DtlsFingerprint> remoteFingerprints, DtlsRole role) {
        ice.setRemoteCredentials(remoteUfrag, remotePwd);
        DtlsTransport t = new DtlsTransport(role, certificate, remoteFingerprints, ice::send, this, DtlsOptions.defaults());
        dtls = t;
        if (role == DtlsRole.SERVER || ice.selectedAddress() != null) t.start();
    }

    @Override
    public boolean sendRtp(byte[] buf, int off, int len) {
        SrtpTransformer s = srtp;
        if (s == null) return false;
        int n = s.protectRtp(buf, off, len);
        if (SrtpStatus.isFailure(n)) {
            srtpFailures.increment();
            return false;
        }
        if (!ice.send(buf, off, n)) return false;
        counters.rtpForwarded.increment();
        stats.onSent(n);
        return true;
    }

    @Override
    public boolean sendRtcp(byte[] buf, int off, int len) {
        SrtpTransformer s = srtp;
        if (s == null) return false;
        int n = s.protectRtcp(buf, off, len);
        if (SrtpStatus.isFailure(n)) {
            srtpFailures.increment();
            return false;
        }
        if (!ice.send(buf, off, n)) return false;
        stats.onSent(n);
        return true;
    }

    @Override
    public boolean sendApplicationData(byte[] buf, int off, int len) {
        DtlsTransport t = dtls;
        if (t == null || t.state() != DtlsTransport.State.CONNECTED) return false;
        try {
            t.sendApplicationData(buf, off, len);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    long srtpFailures() {
        SrtpTransformer s = srtp;
        return srtpFailures.sum() + (s == null ? 0 : s.authFailures() + s.replayedPackets() + s.invalidPackets());
    }

    // ---------------------------------------------------------------- ICE

    @Override
    public void onPacket(byte[] buf, int off, int len) {
        int first = buf[off] & 0xff;
        if (first >= 20 && first <= 63) {
            DtlsTransport t = dtls;
            if (t != null) t.onDatagram(buf, off, len);
            return;
        }
        if (first < 128 || first > 191) return;
        SrtpTransformer s = srtp;
        if (s == null) return;
        if (RtpDemux.isRtcp(buf, off, len)) {
            int n = s.unprotectRtcp(buf, off, len);
            if (n > 0) {
                counters.rtcpReceived.increment();
                stats.packetsReceived.increment();
                stats.bytesReceived.add(len);
                handler.onRtcp(buf, off, n, System.nanoTime());
            } else {
                counters.srtpDropped.increment();
            }
        } else {
            int n = s.unprotectRtp(buf, off, len);
            if (n > 0) {
                counters.rtpReceived.increment();
                stats.packetsReceived.increment();
                stats.bytesReceived.add(len);
                handler.onRtp(buf, off, n, System.nanoTime());
            } else {
                counters.srtpDropped.increment();
            }
        }
    }

    @Override
    public void onStateChanged(IceLiteSession session, IceState state) {
        switch (state) {
            case CONNECTED -> {
                DtlsTransport t = dtls;
                if (t != null && t.role() == DtlsRole.CLIENT && t.state() == DtlsTransport.State.NEW) t.start();
            }
            case FAILED -> fail("ICE-CONNECTION-FAILED: no ICE consent from the client");
            default -> { }
        }
    }

    // ---------------------------------------------------------------- DTLS

    @Override
    public void onConnected(DtlsTransport transport, SrtpKeys keys) {
        srtp = new SrtpTransformer(keys);
        handler.onTransportConnected();
    }

    @Override
    public void onApplicationData(DtlsTransport transport, byte[] buf, int off, int len) {
        handler.onApplicationData(buf, off, len);
    }

    @Override
    public void onFailed(DtlsTransport transport, Exception cause) {
        fail("DTLS-FAILED: " + cause.getMessage());
    }

    @Override
    public void onClosed(DtlsTransport transport) {
        fail("DTLS-CLOSED");
    }

    private void fail(String reason) {
        if (failed.compareAndSet(false, true)) handler.onTransportFailed(reason);
    }

    /** Puts an {@link IncomingRtpLoss} in front of this transport, or takes it away for 0. */
    @Override
    public void dropIncomingRtp(double fraction) {
        if (failed.get()) return; // closed: the session has no listener to replace
        ice.setPacketListener(fraction > 0 ? new IncomingRtpLoss(this, fraction) : this);
    }

    @Override
    public void close() {
        failed.set(true);
        ice.close();
        DtlsTransport t = dtls;
        if (t != null) t.close();
        SrtpTransformer s = srtp;
        if (s != null) s.close();
    }
}
