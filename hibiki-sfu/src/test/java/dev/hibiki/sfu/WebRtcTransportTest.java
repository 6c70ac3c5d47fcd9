package dev.hibiki.sfu;

import dev.hibiki.dtls.DtlsCertificate;
import dev.hibiki.dtls.DtlsListener;
import dev.hibiki.dtls.DtlsOptions;
import dev.hibiki.dtls.DtlsRole;
import dev.hibiki.dtls.DtlsTransport;
import dev.hibiki.ice.IceSettings;
import dev.hibiki.ice.MonotonicClock;
import dev.hibiki.ice.UdpIceServer;
import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunMessageType;
import dev.hibiki.ice.stun.StunMessageWriter;
import dev.hibiki.rtp.rtcp.PliPacket;
import dev.hibiki.srtp.SrtpKeys;
import dev.hibiki.srtp.SrtpTransformer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real transport against a browser-like peer on loopback: a STUN check with USE-CANDIDATE, a DTLS handshake
 * in which the peer is the client, then SRTP both ways.
 */
class WebRtcTransportTest {

    private static final String PEER_UFRAG = "peer";
    private static final String PEER_PWD = "peerPassword0123456789ab";

    private final SfuCounters counters = new SfuCounters();
    private final ConnectionStats stats = new ConnectionStats();
    private final Events events = new Events();
    private final DtlsCertificate serverCertificate = DtlsCertificate.generate();
    private final DtlsCertificate peerCertificate = DtlsCertificate.generate();
    private UdpIceServer ice;
    private WebRtcTransport transport;
    private Peer peer;

    @BeforeEach
    void start() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ice = UdpIceServer.open(new InetSocketAddress(loopback, 0), IceSettings.DEFAULT, MonotonicClock.SYSTEM, 1);
        transport = new WebRtcTransport(ice, serverCertificate, events, counters, stats);
        peer = new Peer(new InetSocketAddress(loopback, ice.localPort()));
    }

    @AfterEach
    void stop() {
        if (peer != null) peer.close();
        transport.close();
        ice.close();
    }

    private void connect() throws Exception {
        transport.start(PEER_UFRAG, PEER_PWD, List.of(peerCertificate.fingerprint()), DtlsRole.SERVER);
        peer.checkAndHandshake(transport.localCredentials().ufrag(), transport.localCredentials().password());
        assertThat(events.connected.get(5, TimeUnit.SECONDS)).isTrue();
        peer.keys.get(5, TimeUnit.SECONDS);
    }

    @Test
    void decryptsWhatThePeerSendsAndEncryptsWhatTheSfuSends() throws Exception {
        connect();
        byte[] rtp = new Packets.Rtp(96, 0x1234).seq(1).timestamp(90).payload(Packets.VP8_KEYFRAME).build();
        peer.sendRtp(rtp);
        assertThat(events.rtp.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp);
        byte[] pli = Packets.rtcp(b -> b.addPli(0x1234, 0x5678));
        peer.sendRtcp(pli);
        assertThat(events.rtcp.poll(5, TimeUnit.SECONDS)).isEqualTo(pli);
        assertThat(counters.rtpReceived()).isEqualTo(1);
        assertThat(counters.rtcpReceived()).isEqualTo(1);

        byte[] out = Arrays.copyOf(rtp, rtp.length + MediaTransport.SEND_HEADROOM);
        assertThat(transport.sendRtp(out, 0, rtp.length)).isTrue();
        assertThat(peer.received.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp);
        byte[] rtcpOut = Arrays.copyOf(pli, pli.length + MediaTransport.SEND_HEADROOM);
        assertThat(transport.sendRtcp(rtcpOut, 0, pli.length)).isTrue();
        assertThat(PliPacket.mediaSsrc(peer.received.poll(5, TimeUnit.SECONDS), 0)).isEqualTo(0x5678);
        assertThat(counters.rtpForwarded()).isEqualTo(1);
        ConnectionStats.Snapshot s = stats.snapshot(-1);
        assertThat(s.packetsReceived()).isEqualTo(2);
        assertThat(s.packetsSent()).isEqualTo(2);

        byte[] forged = peer.protectRtp(new Packets.Rtp(96, 0x1234).seq(3).payload(new byte[10]).build());
        forged[forged.length - 1] ^= 1;
        peer.send(forged);
        byte[] marker = new Packets.Rtp(96, 0x1234).seq(4).payload(new byte[10]).build();
        peer.sendRtp(marker); // once it is in, the forged packet was handled before it
        assertThat(events.rtp.poll(5, TimeUnit.SECONDS)).isEqualTo(marker);
        assertThat(counters.srtpDropped()).as("authentication failed").isGreaterThanOrEqualTo(1);
    }

    @Test
    void theLossHookDropsIncomingRtpUntilItIsTakenAway() throws Exception {
        connect();
        transport.dropIncomingRtp(0.9);
        byte[] rtcp = Packets.rtcp(b -> b.addPli(1, 2));
        for (int i = 0; i < 100; i++) {
            peer.sendRtp(new Packets.Rtp(96, 0x1234).seq(i).payload(new byte[10]).build());
        }
        peer.sendRtcp(rtcp);
        assertThat(events.rtcp.poll(5, TimeUnit.SECONDS)).as("RTCP is never dropped").isEqualTo(rtcp);
        assertThat(events.rtp.size()).isBetween(1, 30);

        events.rtp.clear();
        transport.dropIncomingRtp(0);
        for (int i = 100; i < 110; i++) peer.sendRtp(new Packets.Rtp(96, 0x1234).seq(i).payload(new byte[10]).build());
        peer.sendRtcp(rtcp);
        assertThat(events.rtcp.poll(5, TimeUnit.SECONDS)).isEqualTo(rtcp);
        assertThat(events.rtp).hasSize(10);
    }

    @Test
    void aPeerWithAnotherCertificateFailsTheTransport() throws Exception {
        transport.start(PEER_UFRAG, PEER_PWD, List.of(DtlsCertificate.generate().fingerprint()), DtlsRole.SERVER);
        peer.checkAndHandshake(transport.localCredentials().ufrag(), transport.localCredentials().password());
        assertThat(events.failed.get(10, TimeUnit.SECONDS)).startsWith("DTLS-FAILED");
        assertThat(transport.sendRtp(new byte[64], 0, 12)).as("nothing goes out without keys").isFalse();
    }

    /** The SFU side's handler. */
    private static final class Events implements MediaTransport.Handler {
        final CompletableFuture<Boolean> connected = new CompletableFuture<>();
        final CompletableFuture<String> failed = new CompletableFuture<>();
        final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
        final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();

        @Override
        public void onTransportConnected() {
            connected.complete(true);
        }

        @Override
        public void onTransportFailed(String reason) {
            failed.complete(reason);
        }

        @Override
        public void onRtp(byte[] buf, int off, int len, long nowNanos) {
            rtp.add(Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len, long nowNanos) {
            rtcp.add(Arrays.copyOfRange(buf, off, off + len));
        }
    }

    /** The browser: ICE controlling with aggressive nomination, DTLS client, SRTP. */
    private final class Peer implements DtlsListener {
        final CompletableFuture<SrtpKeys> keys = new CompletableFuture<>();
        final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        private final CompletableFuture<Boolean> checked = new CompletableFuture<>();
        private final DatagramSocket socket;
        private final InetSocketAddress server;
        private final Thread reader;
        private volatile DtlsTransport dtls;
        private volatile SrtpTransformer srtp;

        Peer(InetSocketAddress server) throws SocketException {
            this.server = server;
            this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            this.reader = Thread.ofPlatform().daemon().name("test-peer").start(this::read);
        }

        void checkAndHandshake(String serverUfrag, String serverPwd) throws Exception {
            byte[] txid = new byte[12];
            ThreadLocalRandom.current().nextBytes(txid);
            StunMessageWriter check = new StunMessageWriter(256).begin(StunMessageType.BINDING_REQUEST, txid, 0)
                    .addUsername(serverUfrag + ":" + PEER_UFRAG)
                    .addPriority(0x7E7F00FFL)
                    .addIceControlling(ThreadLocalRandom.current().nextLong())
                    .addUseCandidate()
                    .addMessageIntegrity(StunCredentials.hmacSha1(StunCredentials.shortTermKey(serverPwd)))
                    .addFingerprint();
            send(check.toByteArray());
            assertThat(checked.get(5, TimeUnit.SECONDS)).isTrue();
            dtls = new DtlsTransport(DtlsRole.CLIENT, peerCertificate, List.of(serverCertificate.fingerprint()),
                    (buf, off, len) -> send(Arrays.copyOfRange(buf, off, off + len)), this, DtlsOptions.defaults());
            dtls.start();
        }

        byte[] protectRtp(byte[] rtp) {
            byte[] buf = Arrays.copyOf(rtp, rtp.length + MediaTransport.SEND_HEADROOM);
            return Arrays.copyOf(buf, srtp.protectRtp(buf, 0, rtp.length));
        }

        void sendRtp(byte[] rtp) {
            send(protectRtp(rtp));
        }

        void sendRtcp(byte[] rtcp) {
            byte[] buf = Arrays.copyOf(rtcp, rtcp.length + MediaTransport.SEND_HEADROOM);
            send(Arrays.copyOf(buf, srtp.protectRtcp(buf, 0, rtcp.length)));
        }

        void send(byte[] datagram) {
            try {
                socket.send(new DatagramPacket(datagram, datagram.length, server));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        private void read() {
            byte[] buf = new byte[2048];
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (IOException e) {
                    return;
                }
                int first = buf[0] & 0xff;
                if (first < 4) {
                    checked.complete(true); // the binding response
                } else if (first >= 20 && first <= 63) {
                    DtlsTransport t = dtls;
                    if (t != null) t.onDatagram(buf, 0, p.getLength());
                } else if (first >= 128 && first <= 191 && srtp != null) {
                    boolean rtcp = (buf[1] & 0xff) >= 192 && (buf[1] & 0xff) <= 223;
                    int n = rtcp ? srtp.unprotectRtcp(buf, 0, p.getLength()) : srtp.unprotectRtp(buf, 0, p.getLength());
                    if (n > 0) received.add(Arrays.copyOf(buf, n));
                }
            }
        }

        @Override
        public void onConnected(DtlsTransport transport, SrtpKeys srtpKeys) {
            srtp = new SrtpTransformer(srtpKeys);
            keys.complete(srtpKeys);
        }

        @Override
        public void onFailed(DtlsTransport transport, Exception cause) {
            keys.completeExceptionally(cause);
        }

        @Override
        public void onClosed(DtlsTransport transport) {
        }

        void close() {
            DtlsTransport t = dtls;
            if (t != null) t.close();
            socket.close();
            try {
                reader.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
