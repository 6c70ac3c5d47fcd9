package dev.hibiki.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hibiki.srtp.SrtpKeys;
import dev.hibiki.srtp.SrtpProfile;
import dev.hibiki.srtp.SrtpTransformer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DtlsTransportTest {
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate("server", java.time.Duration.ofDays(1));
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate("client", java.time.Duration.ofDays(1));
    private static final DtlsCertificate OTHER_CERT = DtlsCertificate.generate();
    private static final DtlsOptions FAST_RETRANSMIT = DtlsOptions.defaults().withInitialRetransmitMillis(100);

    private final DatagramPipe pipe = new DatagramPipe();
    private final RecordingListener serverEvents = new RecordingListener();
    private final RecordingListener clientEvents = new RecordingListener();
    private DtlsTransport server;
    private DtlsTransport client;

    @AfterEach
    void closeAll() {
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.close();
        }
    }

    /** Hibiki server on pipe end A, Hibiki client on end B. */
    private void hibikiPair(DtlsFingerprint serverExpects, DtlsFingerprint clientExpects, DtlsOptions serverOptions,
                            DtlsOptions clientOptions) {
        server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(serverExpects), pipe.senderA(), serverEvents,
                serverOptions);
        client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, List.of(clientExpects), pipe.senderB(), clientEvents,
                clientOptions);
        pipe.connect(server::onDatagram, client::onDatagram);
        server.start();
        client.start();
    }

    private void hibikiPair() {
        hibikiPair(CLIENT_CERT.fingerprint(), SERVER_CERT.fingerprint(), FAST_RETRANSMIT, FAST_RETRANSMIT);
    }

    @Test
    void serverAndClientDeriveMirroredKeysAndProtectMediaForEachOther() throws Exception {
        hibikiPair();
        SrtpKeys serverKeys = serverEvents.awaitConnected();
        SrtpKeys clientKeys = clientEvents.awaitConnected();

        assertThat(serverKeys.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(serverKeys.mirrors(clientKeys)).isTrue();
        assertThat(serverKeys.localMasterKey()).isNotEqualTo(serverKeys.remoteMasterKey());
        assertThat(server.state()).isEqualTo(DtlsTransport.State.CONNECTED);
        assertThat(server.cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        assertThat(client.cipherSuite()).isEqualTo(server.cipherSuite());
        assertThat(serverEvents.connectedThread).startsWith("hibiki-dtls-");

        try (SrtpTransformer atServer = new SrtpTransformer(serverKeys);
             SrtpTransformer atClient = new SrtpTransformer(clientKeys)) {
            byte[] packet = new byte[100];
            packet[0] = (byte) 0x80;
            packet[11] = 1;
            int len = atClient.protectRtp(packet, 0, 60);
            assertThat(atServer.unprotectRtp(packet, 0, len)).isEqualTo(60);
            len = atServer.protectRtcp(rtcpReceiverReport(), 0, 8);
            assertThat(len).isPositive();
            byte[] rr = rtcpReceiverReport();
            int rrLen = atServer.protectRtcp(rr, 0, 8);
            assertThat(atClient.unprotectRtcp(rr, 0, rrLen)).isEqualTo(8);
        }

        client.close();
        clientEvents.awaitClosed();
        serverEvents.awaitClosed(); // the client's close_notify
        assertThat(server.state()).isEqualTo(DtlsTransport.State.CLOSED);
        assertThat(serverEvents.failed).isNotDone();
        assertThat(serverEvents.endings.get()).isEqualTo(1);
    }

    @Test
    void serverCloseReachesTheClient() throws Exception {
        hibikiPair();
        serverEvents.awaitConnected();
        clientEvents.awaitConnected();
        server.close();
        server.close();
        serverEvents.awaitClosed();
        clientEvents.awaitClosed();
        assertThat(clientEvents.failed).isNotDone();
    }

    @Test
    void chromiumLikeClientGetsGcmAndAes128GcmSuiteFromTheServer() throws Exception {
        server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()), pipe.senderA(),
                serverEvents, FAST_RETRANSMIT);
        QueuedDatagramTransport clientSide = new QueuedDatagramTransport(pipe.senderB(), 1200);
        pipe.connect(server::onDatagram, clientSide::offer);
        server.start();
        var outcome = new PlainBcPeers.ChromiumLikeClient(CLIENT_CERT, new int[] {0x0007, 0x0001}, 56)
                .connect(clientSide).get(20, TimeUnit.SECONDS);
        SrtpKeys keys = serverEvents.awaitConnected();

        assertThat(outcome.cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        assertThat(outcome.srtpProfile()).isEqualTo(0x0007);
        assertThat(DtlsFingerprint.sha256(outcome.peerCertificate())).isEqualTo(SERVER_CERT.fingerprint());
        // RFC 5764 §4.2 layout, split by hand: client key 16 | server key 16 | client salt 12 | server salt 12.
        byte[] m = outcome.keyingMaterial();
        assertThat(keys.remoteMasterKey()).isEqualTo(Arrays.copyOfRange(m, 0, 16));
        assertThat(keys.localMasterKey()).isEqualTo(Arrays.copyOfRange(m, 16, 32));
        assertThat(keys.remoteMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 32, 44));
        assertThat(keys.localMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 44, 56));
    }

    @Test
    void aClientHelloSpanningSeveralDatagramsWithAHybridGroupIsAccepted() throws Exception {
        server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()), pipe.senderA(),
                serverEvents, FAST_RETRANSMIT);
        QueuedDatagramTransport clientSide = new QueuedDatagramTransport(pipe.senderB(), 1200);
        java.util.concurrent.atomic.AtomicInteger laterFragments = new java.util.concurrent.atomic.AtomicInteger();
        pipe.dropBtoA((n, buf, off, len) -> {
            // A client_hello handshake fragment whose fragment_offset (bytes 6..8 of its header) is not 0.
            if (buf[off] == 22 && buf[off + 13] == 1 && (buf[off + 19] | buf[off + 20] | buf[off + 21]) != 0) {
                laterFragments.incrementAndGet();
            }
            return false;
        });
        pipe.connect(server::onDatagram, clientSide::offer);
        server.start();
        var outcome = new PlainBcPeers.ChromiumLikeClient(CLIENT_CERT, new int[] {0x0007, 0x0001}, 56)
                .bulky().connect(clientSide).get(20, TimeUnit.SECONDS);
        SrtpKeys keys = serverEvents.awaitConnected();

        assertThat(laterFragments.get()).as("ClientHello fragments after the first").isPositive();
        assertThat(outcome.version()).isEqualTo(org.bouncycastle.tls.ProtocolVersion.DTLSv12);
        assertThat(outcome.cipherSuite()).isEqualTo(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
        assertThat(keys.remoteMasterKey()).isEqualTo(Arrays.copyOfRange(outcome.keyingMaterial(), 0, 16));
    }

    @Test
    void serverFallsBackToAesCmWhenThatIsAllTheClientOffers() throws Exception {
        server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()), pipe.senderA(),
                serverEvents, FAST_RETRANSMIT);
        QueuedDatagramTransport clientSide = new QueuedDatagramTransport(pipe.senderB(), 1200);
        pipe.connect(server::onDatagram, clientSide::offer);
        server.start();
        var outcome = new PlainBcPeers.ChromiumLikeClient(CLIENT_CERT, new int[] {0x0002, 0x0001}, 60)
                .connect(clientSide).get(20, TimeUnit.SECONDS);
        SrtpKeys keys = serverEvents.awaitConnected();

        assertThat(outcome.srtpProfile()).isEqualTo(0x0001);
        assertThat(keys.profile()).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
        byte[] m = outcome.keyingMaterial();
        assertThat(keys.remoteMasterKey()).isEqualTo(Arrays.copyOfRange(m, 0, 16));
        assertThat(keys.localMasterKey()).isEqualTo(Arrays.copyOfRange(m, 16, 32));
        assertThat(keys.remoteMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 32, 46));
        assertThat(keys.localMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 46, 60));
    }

    @Test
    void clientAgainstAPlainBctlsServer() throws Exception {
        QueuedDatagramTransport serverSide = new QueuedDatagramTransport(pipe.senderA(), 1200);
        client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, List.of(SERVER_CERT.fingerprint()), pipe.senderB(),
                clientEvents, FAST_RETRANSMIT);
        pipe.connect(serverSide::offer, client::onDatagram);
        var pending = new PlainBcPeers.PlainServer(SERVER_CERT, 56).accept(serverSide);
        client.start();
        var outcome = pending.get(20, TimeUnit.SECONDS);
        SrtpKeys keys = clientEvents.awaitConnected();

        assertThat(outcome.srtpProfile()).as("first offered profile").isEqualTo(0x0007);
        assertThat(DtlsFingerprint.sha256(outcome.peerCertificate())).isEqualTo(CLIENT_CERT.fingerprint());
        byte[] m = outcome.keyingMaterial();
        assertThat(keys.localMasterKey()).isEqualTo(Arrays.copyOfRange(m, 0, 16));
        assertThat(keys.remoteMasterKey()).isEqualTo(Arrays.copyOfRange(m, 16, 32));
        assertThat(keys.localMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 32, 44));
        assertThat(keys.remoteMasterSalt()).isEqualTo(Arrays.copyOfRange(m, 44, 56));
    }

    @Test
    void serverRejectsAClientWhoseCertificateDoesNotMatchTheFingerprint() throws Exception {
        hibikiPair(OTHER_CERT.fingerprint(), SERVER_CERT.fingerprint(), FAST_RETRANSMIT, FAST_RETRANSMIT);
        Exception serverCause = serverEvents.awaitFailed();
        Exception clientCause = clientEvents.awaitFailed();
        assertThat(serverCause).isInstanceOf(TlsFatalAlert.class);
        assertThat(((TlsFatalAlert) serverCause).getAlertDescription()).isEqualTo(AlertDescription.bad_certificate);
        assertThat(clientCause).isInstanceOf(TlsFatalAlertReceived.class);
        assertThat(serverEvents.connected).isNotDone();
        assertThat(server.state()).isEqualTo(DtlsTransport.State.FAILED);
        assertThat(server.srtpKeys()).isNull();
    }

    @Test
    void clientRejectsAServerWhoseCertificateDoesNotMatchTheFingerprint() throws Exception {
        hibikiPair(CLIENT_CERT.fingerprint(), DtlsFingerprint.of("sha-1", OTHER_CERT.encoded()),
                FAST_RETRANSMIT, FAST_RETRANSMIT);
        Exception clientCause = clientEvents.awaitFailed();
        assertThat(((TlsFatalAlert) clientCause).getAlertDescription()).isEqualTo(AlertDescription.bad_certificate);
        assertThat(serverEvents.awaitFailed()).isInstanceOf(TlsFatalAlertReceived.class);
        assertThat(clientEvents.connected).isNotDone();
    }

    @Test
    void anyOfSeveralFingerprintsIsAccepted() throws Exception {
        server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT,
                List.of(OTHER_CERT.fingerprint(), DtlsFingerprint.of("sha-512", CLIENT_CERT.encoded())),
                pipe.senderA(), serverEvents, FAST_RETRANSMIT);
        client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, List.of(SERVER_CERT.fingerprint()), pipe.senderB(),
                clientEvents, FAST_RETRANSMIT);
        pipe.connect(server::onDatagram, client::onDatagram);
        server.start();
        client.start();
        assertThat(serverEvents.awaitConnected().mirrors(clientEvents.awaitConnected())).isTrue();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {3, 11, 29})
    void garbageDuringAndAfterTheHandshakeIsIgnored(int seed) throws Exception {
        pipe.sprinkleGarbage(true, seed);
        hibikiPair();
        SrtpKeys serverKeys = serverEvents.awaitConnected();
        assertThat(serverKeys.mirrors(clientEvents.awaitConnected())).isTrue();

        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = DatagramPipe.garbage(random, true);
            server.onDatagram(junk, 0, junk.length);
            client.onDatagram(junk, 0, junk.length);
            if (i % 200 == 0) {
                Thread.sleep(5); // let the DTLS threads drain the queue instead of dropping
            }
        }
        server.onDatagram(null, 0, 10);
        server.onDatagram(new byte[4], 3, 5);
        server.onDatagram(new byte[4], -1, 2);
        server.onDatagram(new byte[5000], 0, 5000);

        Thread.sleep(300);
        if (serverEvents.failed.isDone()) {
            throw new AssertionError("server failed", serverEvents.failed.get());
        }
        if (clientEvents.failed.isDone()) {
            throw new AssertionError("client failed", clientEvents.failed.get());
        }
        byte[] hello = "sctp would go here".getBytes();
        client.sendApplicationData(hello, 0, hello.length);
        waitUntil(() -> !serverEvents.applicationData.isEmpty());
        assertThat(serverEvents.applicationData.get(0)).isEqualTo(hello);
        assertThat(server.state()).isEqualTo(DtlsTransport.State.CONNECTED);

        pipe.sprinkleGarbage(false);
        client.close();
        serverEvents.awaitClosed();
        assertThat(serverEvents.failed).isNotDone();
        assertThat(clientEvents.failed).isNotDone();
    }

    @Test
    void lostDatagramsAreRetransmitted() throws Exception {
        pipe.dropAtoB((n, buf, off, len) -> n < 2); // the start of the server's first flight
        pipe.dropBtoA((n, buf, off, len) -> n == 1); // part of the client's second flight
        hibikiPair();
        assertThat(serverEvents.awaitConnected().mirrors(clientEvents.awaitConnected())).isTrue();
    }

    @Test
    void lostFinalFlightIsRecoveredByThePostHandshakeReader() throws Exception {
        // Losing the server's last flight (ChangeCipherSpec, then Finished in epoch 1) makes the client
        // retransmit its own flight, which the server, already connected, must answer from its reader.
        java.util.concurrent.atomic.AtomicInteger finalFlightLosses = new java.util.concurrent.atomic.AtomicInteger();
        pipe.dropAtoB((n, buf, off, len) -> {
            boolean finalFlight = buf[off] == 20 || (buf[off] == 22 && buf[off + 3] == 0 && buf[off + 4] == 1);
            return finalFlight && finalFlightLosses.getAndIncrement() < 2;
        });
        hibikiPair();
        assertThat(serverEvents.awaitConnected().mirrors(clientEvents.awaitConnected())).isTrue();
        assertThat(finalFlightLosses.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTooShortEncryptedRecordIsDiscardedNotFatal() throws Exception {
        hibikiPair();
        serverEvents.awaitConnected();
        clientEvents.awaitConnected();
        // application_data, DTLS 1.2, epoch 1, sequence 99, 5 bytes: shorter than any GCM ciphertext.
        byte[] record = {23, (byte) 0xFE, (byte) 0xFD, 0, 1, 0, 0, 0, 0, 0, 99, 0, 5, 1, 2, 3, 4, 5};
        server.onDatagram(record, 0, record.length);
        client.onDatagram(record, 0, record.length);
        byte[] data = {42};
        client.sendApplicationData(data, 0, 1);
        server.sendApplicationData(data, 0, 1);
        waitUntil(() -> !serverEvents.applicationData.isEmpty() && !clientEvents.applicationData.isEmpty());
        assertThat(server.state()).isEqualTo(DtlsTransport.State.CONNECTED);
        assertThat(client.state()).isEqualTo(DtlsTransport.State.CONNECTED);
        assertThat(server.droppedDatagrams()).isEqualTo(1);
        assertThat(client.droppedDatagrams()).isEqualTo(1);
    }

    @Test
    void handshakeTimesOutWithoutAPeer() throws Exception {
        DtlsOptions quick = FAST_RETRANSMIT.withHandshakeTimeoutMillis(700);
        server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()), pipe.senderA(),
                serverEvents, quick);
        client = new DtlsTransport(DtlsRole.CLIENT, CLIENT_CERT, List.of(SERVER_CERT.fingerprint()), pipe.senderB(),
                clientEvents, quick);
        pipe.connect((b, o, l) -> { }, (b, o, l) -> { }); // a black hole both ways
        server.start();
        client.start();
        assertThat(clientEvents.awaitFailed()).isNotNull();
        assertThat(client.state()).isEqualTo(DtlsTransport.State.FAILED);
        assertThat(pipe.sentAtoB()).isZero();
    }

    @Test
    void noCommonSrtpProfileFailsTheHandshake() throws Exception {
        hibikiPair(CLIENT_CERT.fingerprint(), SERVER_CERT.fingerprint(),
                FAST_RETRANSMIT.withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM)),
                FAST_RETRANSMIT.withSrtpProfiles(List.of(SrtpProfile.AES128_CM_HMAC_SHA1_80)));
        assertThat(serverEvents.awaitFailed()).isInstanceOf(TlsFatalAlert.class);
        assertThat(clientEvents.awaitFailed()).isInstanceOf(TlsFatalAlertReceived.class);
    }

    @Test
    void clientWithoutUseSrtpIsRefused() throws Exception {
        server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, List.of(CLIENT_CERT.fingerprint()), pipe.senderA(),
                serverEvents, FAST_RETRANSMIT);
        QueuedDatagramTransport clientSide = new QueuedDatagramTransport(pipe.senderB(), 1200);
        pipe.connect(server::onDatagram, clientSide::offer);
        server.start();
        var outcome = new PlainBcPeers.ChromiumLikeClient(CLIENT_CERT, null, 56).connect(clientSide);
        assertThat(serverEvents.awaitFailed()).isInstanceOf(TlsFatalAlert.class);
        assertThat(outcome).failsWithin(20, TimeUnit.SECONDS);
    }

    @Test
    void closeBeforeStartEndsAtOnce() {
        server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, CLIENT_CERT.fingerprint(), (b, o, l) -> { },
                serverEvents);
        server.close();
        assertThat(serverEvents.closed).isDone();
        assertThat(server.state()).isEqualTo(DtlsTransport.State.CLOSED);
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> server.sendApplicationData(new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeDuringTheHandshakeReportsClosedNotFailed() throws Exception {
        server = new DtlsTransport(DtlsRole.SERVER, SERVER_CERT, CLIENT_CERT.fingerprint(), (b, o, l) -> { },
                serverEvents);
        server.start();
        Thread.sleep(50);
        server.close();
        serverEvents.awaitClosed();
        assertThat(serverEvents.failed).isNotDone();
    }

    @Test
    void remoteSetupDecidesTheRole() {
        assertThat(DtlsRole.fromRemoteSetup("active")).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsRole.fromRemoteSetup("passive")).isEqualTo(DtlsRole.CLIENT);
        assertThat(DtlsRole.fromRemoteSetup(" ACTPASS ")).isEqualTo(DtlsRole.CLIENT);
        assertThatThrownBy(() -> DtlsRole.fromRemoteSetup("holdconn")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsRole.fromRemoteSetup(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] rtcpReceiverReport() {
        byte[] rr = new byte[8 + SrtpTransformer.MAX_OVERHEAD];
        rr[0] = (byte) 0x80;
        rr[1] = (byte) 201;
        rr[3] = 1;
        rr[7] = 9;
        return rr;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
