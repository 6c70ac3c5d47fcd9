package dev.hibiki.ice;

import dev.hibiki.ice.TestDoubles.RecordingListener;
import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ICE-TCP (RFC 6544, passive): a client that connects to the media port number over TCP and sends its checks and
 * media in RFC 4571 frames gets a session like a UDP client; a connection that sends media without a check is
 * closed; the candidates announce the TCP port below the UDP one.
 */
class IceTcpTest {
    private static final String BROWSER_UFRAG = "chrm";
    private static final String BROWSER_PASSWORD = "browserPassword0123456789";
    private static final byte[] DTLS_LIKE = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 0};
    private static final byte[] RTP_LIKE = {(byte) 0x80, 111, 0, 1, 0, 0, 0, 100, 0x12, 0x34, 0x56, 0x78, 9, 9};

    private UdpIceServer server;
    private final BlockingQueue<byte[]> delivered = new LinkedBlockingQueue<>();
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void openServer() throws IOException {
        server = UdpIceServer.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), IceSettings.DEFAULT);
        server.openTcp();
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    private static void writeFrame(OutputStream out, byte[] message) throws IOException {
        byte[] frame = new byte[message.length + 2];
        frame[0] = (byte) (message.length >>> 8);
        frame[1] = (byte) message.length;
        System.arraycopy(message, 0, frame, 2, message.length);
        out.write(frame);
        out.flush();
    }

    private static byte[] readFrame(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] message = new byte[in.readUnsignedShort()];
        in.readFully(message);
        return message;
    }

    @Test
    void aTcpClientChecksConnectsAndExchangesFramedMedia() throws Exception {
        IceLiteSession session = server.createSession(listener);
        session.setRemoteCredentials(BROWSER_UFRAG, BROWSER_PASSWORD);
        session.setPacketListener((buf, off, len) -> delivered.add(Arrays.copyOfRange(buf, off, off + len)));
        try (Socket browser = new Socket(server.localAddress().getAddress(), server.localPort())) {
            browser.setSoTimeout(5_000);
            BrowserCheck check = BrowserCheck.to(session.localCredentials(), BROWSER_UFRAG).useCandidate();
            writeFrame(browser.getOutputStream(), check.build());

            byte[] answer = readFrame(browser);
            StunMessage response = StunMessage.parse(answer, 0, answer.length);
            assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
            assertThat(response.transactionId()).isEqualTo(check.transactionId());
            assertThat(response.xorMappedAddress()).isEqualTo(browser.getLocalSocketAddress());
            assertThat(response.checkMessageIntegrity(
                    StunCredentials.shortTermKey(session.localCredentials().password()))).isTrue();
            Await.until("CONNECTED", () -> session.state() == IceState.CONNECTED);
            assertThat(session.selectedAddress()).isEqualTo(browser.getLocalSocketAddress());

            // One frame written in two pieces, then two frames in one write: the stream is reframed either way.
            OutputStream out = browser.getOutputStream();
            out.write(new byte[] {0, (byte) DTLS_LIKE.length, DTLS_LIKE[0], DTLS_LIKE[1]});
            out.flush();
            out.write(Arrays.copyOfRange(DTLS_LIKE, 2, DTLS_LIKE.length));
            byte[] two = new byte[2 * (RTP_LIKE.length + 2)];
            for (int i = 0; i < 2; i++) {
                two[i * (RTP_LIKE.length + 2) + 1] = (byte) RTP_LIKE.length;
                System.arraycopy(RTP_LIKE, 0, two, i * (RTP_LIKE.length + 2) + 2, RTP_LIKE.length);
            }
            out.write(two);
            out.flush();
            assertThat(next()).isEqualTo(DTLS_LIKE);
            assertThat(next()).isEqualTo(RTP_LIKE);
            assertThat(next()).isEqualTo(RTP_LIKE);

            byte[] outgoing = {(byte) 0x90, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
            assertThat(session.send(outgoing, 1, outgoing.length - 1)).isTrue();
            assertThat(readFrame(browser)).isEqualTo(Arrays.copyOfRange(outgoing, 1, outgoing.length));
            assertThat(server.counters().get(IceCounter.TCP_CONNECTIONS_ACCEPTED)).isEqualTo(1);
        }
    }

    @Test
    void aConnectionThatSendsMediaBeforeAnyCheckIsClosed() throws Exception {
        try (Socket stranger = new Socket(server.localAddress().getAddress(), server.localPort())) {
            stranger.setSoTimeout(5_000);
            writeFrame(stranger.getOutputStream(), RTP_LIKE);
            assertThat(stranger.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        }
        Await.until("the refusal to be counted", () -> server.counters().get(IceCounter.TCP_CONNECTIONS_REFUSED) == 1);
    }

    @Test
    void candidatesAnnounceTheTcpPortAsPassiveBelowEveryUdpCandidate() {
        List<IceCandidate> candidates = server.hostCandidates(List.of(InetAddress.getLoopbackAddress()));
        assertThat(candidates).extracting(IceCandidate::protocol).containsExactly("udp", "tcp");
        IceCandidate udp = candidates.get(0);
        IceCandidate tcp = candidates.get(1);
        assertThat(tcp.port()).isEqualTo(server.localPort());
        assertThat(tcp.sdpValue()).endsWith("typ host tcptype passive");
        assertThat(tcp.priority()).isLessThan(udp.priority());
        assertThat(tcp.foundation()).isNotEqualTo(udp.foundation());
    }

    @Test
    void closingTheServerClosesItsTcpConnections() throws Exception {
        try (Socket client = new Socket(server.localAddress().getAddress(), server.localPort())) {
            client.setSoTimeout(5_000);
            Await.until("accepted", () -> server.counters().get(IceCounter.TCP_CONNECTIONS_ACCEPTED) == 1);
            server.close();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    private byte[] next() throws InterruptedException {
        byte[] datagram = delivered.poll(Await.BOUND_MILLIS, TimeUnit.MILLISECONDS);
        assertThat(datagram).as("a frame reached the listener").isNotNull();
        return datagram;
    }
}
