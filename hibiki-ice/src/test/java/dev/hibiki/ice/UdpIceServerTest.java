package dev.hibiki.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hibiki.ice.TestDoubles.RecordingListener;
import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunErrorCode;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageType;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared port on loopback against a Chromium-like client. */
class UdpIceServerTest {
    private static final String BROWSER_UFRAG = "chrm";
    private static final String BROWSER_PASSWORD = "browserPassword0123456789";
    private static final byte[] DTLS_LIKE = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0};
    private static final byte[] RTP_LIKE = {(byte) 0x80, 111, 0, 1, 0, 0, 0, 100, 0x12, 0x34, 0x56, 0x78, 9, 9};

    private UdpIceServer server;
    private final BlockingQueue<byte[]> delivered = new LinkedBlockingQueue<>();
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void openServer() throws IOException {
        server = UdpIceServer.open(loopback(), IceSettings.DEFAULT);
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void chromeLikeClientConnectsAndExchangesMedia() throws Exception {
        IceLiteSession session = server.createSession(listener);
        session.setRemoteCredentials(BROWSER_UFRAG, BROWSER_PASSWORD);
        session.setPacketListener(this::collect);
        try (BrowserSocket browser = new BrowserSocket(server.localAddress());
             BrowserSocket stranger = new BrowserSocket(server.localAddress())) {
            BrowserCheck check = BrowserCheck.to(session.localCredentials(), BROWSER_UFRAG).useCandidate();

            StunMessage response = browser.check(check);

            assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
            assertThat(response.xorMappedAddress()).isEqualTo(browser.address());
            assertThat(response.checkMessageIntegrity(
                    StunCredentials.shortTermKey(session.localCredentials().password()))).isTrue();
            assertThat(response.checkFingerprint()).isTrue();
            Await.until("CONNECTED", () -> session.state() == IceState.CONNECTED);
            assertThat(session.selectedAddress()).isEqualTo(browser.address());
            assertThat(session.isNominated()).isTrue();

            browser.send(DTLS_LIKE);
            browser.send(RTP_LIKE);
            assertThat(next()).isEqualTo(DTLS_LIKE);
            assertThat(next()).isEqualTo(RTP_LIKE);

            stranger.send(DTLS_LIKE);
            Await.until("the stranger's datagram to be dropped",
                    () -> server.counters().get(IceCounter.DROPPED_UNKNOWN_SOURCE) == 1);
            browser.send(RTP_LIKE);
            assertThat(next()).as("only the browser's datagrams arrive").isEqualTo(RTP_LIKE);

            byte[] outgoing = {(byte) 0x90, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
            assertThat(session.send(outgoing, 1, outgoing.length - 1)).isTrue();
            assertThat(browser.receive()).isEqualTo(Arrays.copyOfRange(outgoing, 1, outgoing.length));

            IceCounters counters = server.counters();
            assertThat(counters.get(IceCounter.BINDING_SUCCESS_SENT)).isEqualTo(1);
            assertThat(counters.get(IceCounter.DTLS_RECEIVED)).isEqualTo(2);
            assertThat(counters.get(IceCounter.RTP_RECEIVED)).isEqualTo(2);
            assertThat(counters.get(IceCounter.PACKETS_SENT)).isEqualTo(2);

            session.close();
            assertThat(server.sessionCount()).isZero();
            assertThat(server.routedAddressCount()).isZero();
            assertThat(session.send(outgoing, 0, outgoing.length)).isFalse();
            browser.send(RTP_LIKE);
            Await.until("datagrams of a closed session to be dropped",
                    () -> server.counters().get(IceCounter.DROPPED_UNKNOWN_SOURCE) == 2);
        }
        assertThat(listener.states).containsExactly(IceState.CHECKING, IceState.CONNECTED, IceState.CLOSED);
    }

    @Test
    void checksBeforeTheAnswerWorkAndRegularNominationFollows() throws Exception {
        IceLiteSession session = server.createSession(listener);
        session.setPacketListener(this::collect);
        try (BrowserSocket browser = new BrowserSocket(server.localAddress())) {
            IceCredentials local = session.localCredentials();

            assertThat(browser.check(BrowserCheck.to(local, BROWSER_UFRAG)).messageType())
                    .isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
            Await.until("provisional selection", () -> browser.address().equals(session.selectedAddress()));
            assertThat(session.isNominated()).isFalse();
            browser.send(DTLS_LIKE);
            assertThat(next()).as("DTLS may start before nomination").isEqualTo(DTLS_LIKE);

            session.setRemoteCredentials(BROWSER_UFRAG, BROWSER_PASSWORD);
            browser.check(BrowserCheck.to(local, BROWSER_UFRAG).useCandidate());
            Await.until("nomination", session::isNominated);
        }
    }

    @Test
    void unknownUfragIsDroppedWithoutAnswer() throws Exception {
        IceLiteSession session = server.createSession(listener);
        try (BrowserSocket browser = new BrowserSocket(server.localAddress())) {
            IceCredentials stranger = new IceCredentials("zzzzzzzz", "strangerPassword01234567");
            browser.send(BrowserCheck.to(stranger, BROWSER_UFRAG).build());
            browser.send(BrowserCheck.to(session.localCredentials(), BROWSER_UFRAG).username(null).build());

            BrowserCheck valid = BrowserCheck.to(session.localCredentials(), BROWSER_UFRAG);
            browser.send(valid.build());

            // The loop answers in order: the first datagram back must answer the third request.
            byte[] first = browser.receive();
            StunMessage response = StunMessage.parse(first, 0, first.length);
            assertThat(response.transactionId()).isEqualTo(valid.transactionId());
            assertThat(server.counters().get(IceCounter.DROPPED_UNKNOWN_UFRAG)).isEqualTo(2);
        }
    }

    @Test
    void wrongPasswordGets401OverTheWire() throws Exception {
        IceLiteSession session = server.createSession(listener);
        try (BrowserSocket browser = new BrowserSocket(server.localAddress())) {
            StunMessage response = browser.check(
                    BrowserCheck.to(session.localCredentials(), BROWSER_UFRAG).password("wrongPassword00000000000"));

            assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
            assertThat(response.errorCode()).isEqualTo(StunErrorCode.UNAUTHORIZED);
            // Counted once the answer is out, so possibly just after it arrived here.
            Await.until("the error response to be counted",
                    () -> server.counters().get(IceCounter.BINDING_ERROR_SENT) == 1);
            assertThat(session.selectedAddress()).isNull();
        }
    }

    @Test
    void consentExpiryFailsTheSessionAndForgetsItsAddress() throws Exception {
        server.close();
        IceSettings quick = new IceSettings(Duration.ofMillis(50), Duration.ofMillis(1000), Duration.ofMillis(20));
        server = UdpIceServer.open(loopback(), quick);
        IceLiteSession connected = server.createSession(listener);
        RecordingListener idleListener = new RecordingListener();
        IceLiteSession neverChecked = server.createSession(idleListener);
        try (BrowserSocket browser = new BrowserSocket(server.localAddress())) {
            browser.check(BrowserCheck.to(connected.localCredentials(), BROWSER_UFRAG).useCandidate());

            Await.until("consent to expire", () -> connected.state() == IceState.FAILED);
            Await.until("the idle session to fail", () -> neverChecked.state() == IceState.FAILED);

            assertThat(listener.states).containsExactly(IceState.CONNECTED, IceState.DISCONNECTED, IceState.FAILED);
            assertThat(idleListener.states).containsExactly(IceState.FAILED);
            assertThat(server.routedAddressCount()).isZero();
            browser.send(BrowserCheck.to(connected.localCredentials(), BROWSER_UFRAG).build());
            Await.until("checks of a failed session to be dropped",
                    () -> server.counters().get(IceCounter.DROPPED_INACTIVE_SESSION) == 1);
        }
    }

    @Test
    void browserPortReusedByANewSessionMovesTheRoute() throws Exception {
        IceLiteSession old = server.createSession(listener);
        old.setPacketListener((buf, off, len) -> delivered.add(new byte[] {'o'}));
        IceLiteSession fresh = server.createSession(new RecordingListener());
        fresh.setPacketListener((buf, off, len) -> delivered.add(new byte[] {'f'}));
        try (BrowserSocket browser = new BrowserSocket(server.localAddress())) {
            browser.check(BrowserCheck.to(old.localCredentials(), BROWSER_UFRAG).useCandidate());
            browser.check(BrowserCheck.to(fresh.localCredentials(), "new1").useCandidate());
            Await.until("the old session to lose the address", () -> old.selectedAddress() == null);

            browser.send(RTP_LIKE);
            assertThat(next()).containsExactly('f');
            old.close();
            browser.send(RTP_LIKE);
            assertThat(next()).as("closing the old session leaves the new route alone").containsExactly('f');
        }
    }

    @Test
    void fuzzedDatagramsNeverStopTheLoop() throws Exception {
        IceLiteSession session = server.createSession(listener);
        AtomicInteger seen = new AtomicInteger();
        session.setPacketListener((buf, off, len) -> {
            if (seen.incrementAndGet() % 7 == 0) {
                throw new IllegalStateException("a listener bug");
            }
        });
        Random random = new Random(7983);
        try (BrowserSocket browser = new BrowserSocket(server.localAddress())) {
            IceCredentials local = session.localCredentials();
            browser.check(BrowserCheck.to(local, BROWSER_UFRAG).useCandidate());
            byte[] validCheck = BrowserCheck.to(local, BROWSER_UFRAG).build();
            for (int batch = 1; batch <= 30; batch++) {
                for (int i = 0; i < 100; i++) {
                    browser.send(fuzzDatagram(random, validCheck));
                }
                // Pace the batches so loopback never overflows the socket buffer and every datagram is seen.
                long received = 1 + 100L * batch;
                Await.until("fuzz batch " + batch + " to be processed",
                        () -> server.counters().get(IceCounter.PACKETS_RECEIVED) == received);
            }

            assertThat(server.isReceiving()).isTrue();
            assertThat(server.counters().get(IceCounter.INTERNAL_ERRORS)).isZero();
            assertThat(server.counters().droppedTotal()).isPositive();
            assertThat(server.counters().get(IceCounter.LISTENER_FAILURES)).isPositive();
            StunMessage response = browser.check(BrowserCheck.to(local, BROWSER_UFRAG));
            assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
            assertThat(session.selectedAddress()).isEqualTo(browser.address());
        }
    }

    private static byte[] fuzzDatagram(Random random, byte[] validCheck) {
        switch (random.nextInt(5)) {
            case 0 -> {
                return new byte[random.nextInt(3)]; // empty and tiny
            }
            case 1 -> { // a corrupted copy of a real check
                byte[] copy = validCheck.clone();
                copy[20 + random.nextInt(copy.length - 20)] ^= (byte) (1 + random.nextInt(255));
                return copy;
            }
            case 2 -> { // a truncated real check
                return Arrays.copyOf(validCheck, random.nextInt(validCheck.length));
            }
            default -> { // noise with every possible first byte
                byte[] noise = new byte[1 + random.nextInt(1200)];
                random.nextBytes(noise);
                return noise;
            }
        }
    }

    @Test
    void sendingFromAnInterruptedThreadLeavesThePortOpen() throws Exception {
        IceLiteSession session = server.createSession(listener);
        try (BrowserSocket browser = new BrowserSocket(server.localAddress())) {
            browser.check(BrowserCheck.to(session.localCredentials(), BROWSER_UFRAG).useCandidate());
            Await.until("CONNECTED", () -> session.state() == IceState.CONNECTED);

            Thread.currentThread().interrupt();
            boolean sent;
            try {
                sent = session.send(RTP_LIKE, 0, RTP_LIKE.length);
            } finally {
                Thread.interrupted();
            }

            assertThat(sent).isTrue();
            assertThat(browser.receive()).isEqualTo(RTP_LIKE);
            assertThat(browser.check(BrowserCheck.to(session.localCredentials(), BROWSER_UFRAG)).messageType())
                    .as("the shared socket survived").isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        }
    }

    @Test
    void closeStopsTheLoopAndClosesSessions() throws Exception {
        IceLiteSession session = server.createSession(listener);
        int port = server.localPort();

        server.close();

        assertThat(server.isReceiving()).isFalse();
        assertThat(session.state()).isEqualTo(IceState.CLOSED);
        assertThatThrownBy(() -> server.createSession(listener)).isInstanceOf(IllegalStateException.class);
        InetSocketAddress sameAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (DatagramSocket rebound = new DatagramSocket(sameAddress)) {
            assertThat(rebound.getLocalPort()).as("the port is free again").isEqualTo(port);
        }
    }

    @Test
    void sessionsGetDistinctStrongCredentials() {
        IceLiteSession a = server.createSession(listener);
        IceLiteSession b = server.createSession(listener);

        assertThat(a.localUfrag()).hasSize(IceCredentials.UFRAG_LENGTH).isNotEqualTo(b.localUfrag());
        assertThat(a.localCredentials().password()).hasSizeGreaterThanOrEqualTo(22)
                .matches("[A-Za-z0-9]+")
                .isNotEqualTo(b.localCredentials().password());
        assertThat(server.tryRegister(new IceCredentials(a.localUfrag(), "anotherPassword012345678"), listener))
                .as("a taken ufrag is refused").isNull();
        assertThat(server.sessionCount()).isEqualTo(2);
    }

    private void collect(byte[] buf, int off, int len) {
        delivered.add(Arrays.copyOfRange(buf, off, off + len));
    }

    private byte[] next() throws InterruptedException {
        byte[] datagram = delivered.poll(Await.BOUND_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(datagram).as("a datagram reached the listener").isNotNull();
        return datagram;
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
