package dev.hibiki.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The media port served by several SO_REUSEPORT sockets, one per fan-out thread. */
class UdpIceServerSocketGroupTest {
    private static final int SOCKETS = 4;
    private static final int PEERS = 24;

    @Test
    void everyPeerIsAnsweredAndServedFromTheOnePortWhicheverSocketItsDatagramsReach() throws Exception {
        try (UdpIceServer server = UdpIceServer.open(loopback(0), IceSettings.DEFAULT, MonotonicClock.SYSTEM, SOCKETS)) {
            assertThat(server.socketCount()).isEqualTo(SOCKETS);
            List<BrowserSocket> browsers = new ArrayList<>();
            List<IceLiteSession> sessions = new ArrayList<>();
            ConcurrentHashMap<Integer, List<byte[]>> received = new ConcurrentHashMap<>();
            AtomicBoolean concurrentDispatch = new AtomicBoolean();
            AtomicBoolean inside = new AtomicBoolean();
            java.util.Set<String> receiveThreads = ConcurrentHashMap.newKeySet();
            try {
                for (int i = 0; i < PEERS; i++) {
                    List<byte[]> inbox = received.computeIfAbsent(i, k -> new CopyOnWriteArrayList<>());
                    CheckedPeer peer = CheckedPeer.check(server, "b" + i, (buf, off, len) -> {
                        if (!inside.compareAndSet(false, true)) concurrentDispatch.set(true);
                        receiveThreads.add(Thread.currentThread().getName());
                        inbox.add(Arrays.copyOfRange(buf, off, off + len));
                        inside.set(false);
                    });
                    browsers.add(peer.browser());
                    sessions.add(peer.session());
                }
                for (int i = 0; i < PEERS; i++) {
                    int peer = i;
                    Await.until("peer " + i + " connected", () -> sessions.get(peer).state() == IceState.CONNECTED);
                    browsers.get(i).send(new byte[] {(byte) 0x80, 111, 0, (byte) i, 0, 0, 0, 0, 1, 2, 3, 4});
                }
                for (int i = 0; i < PEERS; i++) {
                    int peer = i;
                    Await.until("peer " + i + "'s RTP delivered to its session", () -> received.get(peer).size() == 1);
                    assertThat(received.get(i).get(0)[3]).isEqualTo((byte) i);
                }
                assertThat(concurrentDispatch).as("sessions never see two receive threads at once").isFalse();
                assertThat(receiveThreads).as("the kernel spread %d peers over the sockets", PEERS).hasSizeGreaterThan(1);

                // Each sending thread on its own socket; every datagram still comes from the shared port
                // (BrowserSocket.receive checks the source).
                CheckedPeer.sendFromEverySocket(server, SOCKETS, sessions, i -> new byte[] {(byte) 0x80, 96, 0, (byte) i});
                for (int i = 0; i < PEERS; i++) {
                    assertThat(browsers.get(i).receive()).containsExactly((byte) 0x80, 96, 0, (byte) i);
                }
                assertThat(server.counters().get(IceCounter.SEND_FAILURES)).isZero();
            } finally {
                browsers.forEach(BrowserSocket::close);
            }
            server.close();
            assertThat(server.isReceiving()).as("every receive thread stopped").isFalse();
        }
    }

    @Test
    void aPortInUseIsRefusedAsWithOneSocket() throws Exception {
        try (UdpIceServer first = UdpIceServer.open(loopback(0), IceSettings.DEFAULT, MonotonicClock.SYSTEM, 2)) {
            int port = first.localPort();
            assertThatThrownBy(() -> UdpIceServer.open(loopback(port), IceSettings.DEFAULT, MonotonicClock.SYSTEM, 2))
                    .isInstanceOf(BindException.class);
            assertThatThrownBy(() -> UdpIceServer.open(loopback(port), IceSettings.DEFAULT))
                    .isInstanceOf(BindException.class);
        }
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }
}
