package dev.hibiki.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.TestDoubles.RecordingListener;
import dev.hibiki.ice.stun.StunMessageType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** A browser-side socket and its session on a server, after the browser's nominating check was answered. */
record CheckedPeer(BrowserSocket browser, IceLiteSession session) {
    static final String BROWSER_PASSWORD = "browserPassword0123456789";

    /**
     * Opens a browser socket, creates its session (with {@code listener} for its packets, if not null) and sends a
     * USE-CANDIDATE check, which must be answered with a success response from the server's port.
     */
    static CheckedPeer check(UdpIceServer server, String browserUfrag, PacketListener listener) throws IOException {
        BrowserSocket browser = new BrowserSocket(server.localAddress());
        IceLiteSession session = server.createSession(new RecordingListener());
        session.setRemoteCredentials(browserUfrag, BROWSER_PASSWORD);
        if (listener != null) session.setPacketListener(listener);
        var check = BrowserCheck.to(session.localCredentials(), browserUfrag).useCandidate();
        assertThat(browser.check(check).messageType())
                .as("%s is answered, from the shared port", browserUfrag)
                .isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        return new CheckedPeer(browser, session);
    }

    /**
     * Sends {@code datagram(i)} on {@code sessions.get(i)} from {@code sockets} threads at once, thread k on socket k
     * of the server's group ({@link UdpIceServer#useSendSocket}) serving sessions k, k + sockets, ...; returns when
     * all are sent and fails if any send was refused.
     */
    static void sendFromEverySocket(UdpIceServer server, int sockets, List<IceLiteSession> sessions,
                                    IntFunction<byte[]> datagram) throws InterruptedException {
        AtomicInteger refused = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < sockets; t++) {
            int socket = t;
            senders.add(Thread.ofPlatform().start(() -> {
                server.useSendSocket(socket);
                for (int i = socket; i < sessions.size(); i += sockets) {
                    byte[] d = datagram.apply(i);
                    if (!sessions.get(i).send(d, 0, d.length)) refused.incrementAndGet();
                }
            }));
        }
        for (Thread t : senders) t.join();
        assertThat(refused).as("sends refused").hasValue(0);
    }
}
