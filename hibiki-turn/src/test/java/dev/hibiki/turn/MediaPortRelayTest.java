package dev.hibiki.turn;

import static dev.hibiki.turn.TurnServerTest.LOOPBACK;
import static dev.hibiki.turn.TurnServerTest.SECRET;
import static dev.hibiki.turn.TurnServerTest.bytes;
import static dev.hibiki.turn.TurnServerTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.IceLiteSession;
import dev.hibiki.ice.IceSettings;
import dev.hibiki.ice.IceState;
import dev.hibiki.ice.InProcessPeer;
import dev.hibiki.ice.InProcessPeers;
import dev.hibiki.ice.UdpIceServer;
import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageType;
import dev.hibiki.ice.stun.StunMessageWriter;
import dev.hibiki.turn.allocation.RelayTransportFactory;
import dev.hibiki.turn.auth.TurnCredential;
import dev.hibiki.turn.auth.TurnRestCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Allocations relaying to a real {@link UdpIceServer} in process ({@link RelayTransportFactory#inProcess}): the
 * client's checks and media reach an ICE session from the relayed address without a socket hop, and what the session
 * sends comes back to the client as ChannelData or a Data indication.
 */
class MediaPortRelayTest {
    private static final int CHANNEL = 0x4000;

    private UdpIceServer ice;
    private InetSocketAddress mediaPort;
    private TurnServer turn;
    private TurnCredential credential;
    /** The relayed addresses the media port was connected to in process, and how many datagrams went back. */
    private final List<InetSocketAddress> connected = new CopyOnWriteArrayList<>();
    private final AtomicInteger toRelay = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        ice = UdpIceServer.open(new InetSocketAddress(LOOPBACK, 0), IceSettings.DEFAULT);
        mediaPort = ice.localAddress();
        InProcessPeers counting = (address, sink) -> {
            connected.add(address);
            return ice.connectInProcess(address, (buf, off, len) -> {
                toRelay.incrementAndGet();
                return sink.receive(buf, off, len);
            });
        };
        turn = TurnServer.start(TurnConfig.of(new InetSocketAddress(LOOPBACK, 0), LOOPBACK, "hibiki", SECRET,
                        peer -> true)
                .withRelayTransports(RelayTransportFactory.inProcess(counting, List.of(mediaPort))));
        credential = new TurnRestCredentials(SECRET, Clock.systemUTC()).issue("c", Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        turn.close();
        ice.close();
    }

    @Test
    void aUdpClientOnAChannelReachesTheSessionFromItsRelayedAddressAndGetsChannelDataBack() throws Exception {
        IceLiteSession session = ice.createSession((s, state) -> { });
        BlockingQueue<byte[]> media = packetsOf(session);
        try (TurnTestClient client = udpClient()) {
            InetSocketAddress relayed = TurnServerTest.relayedAddress(client.allocate());
            client.channelBind(CHANNEL, mediaPort);

            client.sendChannelData(CHANNEL, check(session, 1));
            TurnTestClient.Received answer = client.receiveData();
            assertThat(answer.channel()).isEqualTo(CHANNEL);
            StunMessage response = StunMessage.parse(answer.data(), 0, answer.data().length);
            assertThat(response.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            assertThat(response.xorMappedAddress()).isEqualTo(relayed);
            // the response leaves before the session selects the path it came on
            eventually(() -> relayed.equals(session.selectedAddress()));
            assertThat(session.state()).isEqualTo(IceState.CONNECTED);
            assertThat(connected).containsExactly(relayed);

            byte[] toClient = rtp("from the SFU");
            TurnTestClient.Received back = mediaBothWays(data -> client.sendChannelData(CHANNEL, data), session,
                    media, toClient, client);
            assertThat(back.channel()).isEqualTo(CHANNEL);
            // check, its response, media both ways
            eventually(() -> turn.stats().relayedPackets() == 4);

            assertThat(client.refresh(0).messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
            assertThat(session.send(toClient, 0, toClient.length)).as("the relayed address is gone").isFalse();
        }
    }

    @Test
    void aTcpClientWithSendIndicationsGetsDataIndicationsThroughTheQueue() throws Exception {
        IceLiteSession session = ice.createSession((s, state) -> { });
        BlockingQueue<byte[]> media = packetsOf(session);
        try (TurnTestClient client = TurnTestClient.tcp(turn.tcpAddress(), credential.username(),
                credential.password())) {
            InetSocketAddress relayed = TurnServerTest.relayedAddress(client.allocate());
            client.createPermission(mediaPort);

            client.sendIndication(mediaPort, check(session, 2));
            TurnTestClient.Received answer = client.receiveData();
            assertThat(answer.peer()).isEqualTo(mediaPort);
            assertThat(StunMessage.parse(answer.data(), 0, answer.data().length).xorMappedAddress()).isEqualTo(relayed);

            TurnTestClient.Received back = mediaBothWays(data -> client.sendIndication(mediaPort, data), session,
                    media, rtp("answer"), client);
            assertThat(back.peer()).isEqualTo(mediaPort);
        }
    }

    @Test
    void datagramsWithoutPermissionAreDroppedAndCounted() throws Exception {
        IceLiteSession session = ice.createSession((s, state) -> { });
        try (TurnTestClient client = udpClient()) {
            client.allocate();
            client.sendIndication(mediaPort, check(session, 3));
            eventually(() -> turn.stats().droppedPackets() == 1);
            assertThat(connected).isEmpty();
            assertThat(session.selectedAddress()).isNull();
        }
    }

    @Test
    void aPeerOtherThanTheMediaPortIsRelayedThroughTheSocket() throws Exception {
        try (TurnTestClient client = udpClient(); TestPeer peer = new TestPeer(2000)) {
            InetSocketAddress relayed = TurnServerTest.relayedAddress(client.allocate());
            client.channelBind(CHANNEL, peer.address());
            client.sendChannelData(CHANNEL, bytes("by socket"));
            TestPeer.Datagram arrived = peer.receive();
            assertThat(arrived.from()).isEqualTo(relayed);
            assertThat(arrived.data()).isEqualTo(bytes("by socket"));
            peer.send(relayed, bytes("back by socket"));
            assertThat(client.receiveData().data()).isEqualTo(bytes("back by socket"));
            assertThat(connected).isEmpty();
            assertThat(toRelay).hasValue(0);
        }
    }

    /** The datagrams a client sends towards the media port, one way or another. */
    @FunctionalInterface
    private interface ToMediaPort {
        void send(byte[] data) throws IOException;
    }

    /**
     * Media from the client reaches the session, and {@code toClient}, sent by the session, reaches the client; what
     * came back is returned for its channel or peer.
     */
    private static TurnTestClient.Received mediaBothWays(ToMediaPort toMediaPort, IceLiteSession session,
                                                         BlockingQueue<byte[]> media, byte[] toClient,
                                                         TurnTestClient client) throws Exception {
        toMediaPort.send(rtp("from the client"));
        assertThat(media.poll(2, TimeUnit.SECONDS)).isEqualTo(rtp("from the client"));
        assertThat(session.send(toClient, 0, toClient.length)).isTrue();
        TurnTestClient.Received back = client.receiveData();
        assertThat(back.data()).isEqualTo(toClient);
        return back;
    }

    private TurnTestClient udpClient() throws IOException {
        return TurnTestClient.udp(turn.udpAddress(), credential.username(), credential.password());
    }

    private static BlockingQueue<byte[]> packetsOf(IceLiteSession session) {
        BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();
        session.setPacketListener((buf, off, len) -> packets.add(java.util.Arrays.copyOfRange(buf, off, off + len)));
        return packets;
    }

    /** A browser's nominating connectivity check to the session. */
    private static byte[] check(IceLiteSession session, int transaction) {
        byte[] transactionId = new byte[12];
        transactionId[11] = (byte) transaction;
        return new StunMessageWriter(512).begin(StunMessageType.BINDING_REQUEST, transactionId, 0)
                .addUsername(session.localUfrag() + ":browser")
                .addIceControlling(42)
                .addUseCandidate()
                .addPriority(0x6E7F1EFFL)
                .addMessageIntegrity(StunCredentials.shortTermKey(session.localCredentials().password()))
                .addFingerprint()
                .toByteArray();
    }

    /** Bytes whose first one (0x80, RTP version 2) makes the port route them to the session as media. */
    private static byte[] rtp(String payload) {
        byte[] text = bytes(payload);
        byte[] packet = new byte[12 + text.length];
        packet[0] = (byte) 0x80;
        System.arraycopy(text, 0, packet, 12, text.length);
        return packet;
    }
}
