package dev.hibiki.ice;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The media port with its sends on {@code sendto} via FFM: peers on a socket group are answered and served from
 * the one port, from several sending threads, and every datagram went out through the accelerator.
 */
class UdpIceServerFfmSendTest {
    private static final int SOCKETS = 2;
    private static final int PEERS = 8;

    @Test
    void sessionsSendThroughTheAcceleratorFromTheSharedPort() throws Exception {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        try (UdpIceServer server = UdpIceServer.open(bind, IceSettings.DEFAULT, MonotonicClock.SYSTEM, SOCKETS)) {
            assertThat(server.sendPath()).startsWith("sendto via FFM");
            List<BrowserSocket> browsers = new ArrayList<>();
            List<IceLiteSession> sessions = new ArrayList<>();
            try {
                for (int i = 0; i < PEERS; i++) {
                    CheckedPeer checked = CheckedPeer.check(server, "b" + i, null);
                    browsers.add(checked.browser());
                    sessions.add(checked.session());
                    int peer = i;
                    Await.until("peer " + i + " connected", () -> sessions.get(peer).state() == IceState.CONNECTED);
                }
                long before = RecordingSendAccelerator.SENT.get();
                CheckedPeer.sendFromEverySocket(server, SOCKETS, sessions, i -> new byte[] {(byte) 0x80, 96, 0, (byte) i, 1, 2, 3});
                for (int i = 0; i < PEERS; i++) {
                    // BrowserSocket.receive also checks that the datagram came from the server's port
                    assertThat(browsers.get(i).receive()).containsExactly((byte) 0x80, 96, 0, (byte) i, 1, 2, 3);
                }
                assertThat(RecordingSendAccelerator.SENT.get() - before).as("sent through sendto via FFM").isEqualTo(PEERS);
                assertThat(server.counters().get(IceCounter.PACKETS_SENT)).isGreaterThanOrEqualTo(PEERS);
                assertThat(server.counters().get(IceCounter.SEND_FAILURES)).isZero();
            } finally {
                browsers.forEach(BrowserSocket::close);
            }
        }
    }
}
