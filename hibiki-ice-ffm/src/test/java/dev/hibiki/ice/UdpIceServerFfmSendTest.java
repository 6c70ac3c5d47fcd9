package dev.hibiki.ice;

import dev.hibiki.ice.stun.StunMessageType;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import dev.hibiki.ice.TestDoubles.RecordingListener;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The media port with its sends on {@code sendto} via FFM: peers on a socket group are answered and served from
 * the one port, from several sending threads, and every datagram went out through the accelerator.
 */
class UdpIceServerFfmSendTest {
    private static final String BROWSER_PASSWORD = "browserPassword0123456789";
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
                    BrowserSocket browser = new BrowserSocket(server.localAddress());
                    IceLiteSession session = server.createSession(new RecordingListener());
                    session.setRemoteCredentials("b" + i, BROWSER_PASSWORD);
                    browsers.add(browser);
                    sessions.add(session);
                    var check = BrowserCheck.to(session.localCredentials(), "b" + i).useCandidate();
                    assertThat(browser.check(check).messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
                    int peer = i;
                    Await.until("peer " + i + " connected", () -> sessions.get(peer).state() == IceState.CONNECTED);
                }
                long before = RecordingSendAccelerator.SENT.get();
                List<Thread> senders = new ArrayList<>();
                for (int t = 0; t < SOCKETS; t++) {
                    int socket = t;
                    senders.add(Thread.ofPlatform().start(() -> {
                        server.useSendSocket(socket);
                        for (int i = socket; i < PEERS; i += SOCKETS) {
                            assertThat(sessions.get(i).send(new byte[] {(byte) 0x80, 96, 0, (byte) i, 1, 2, 3}, 0, 7)).isTrue();
                        }
                    }));
                }
                for (Thread t : senders) t.join();
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
