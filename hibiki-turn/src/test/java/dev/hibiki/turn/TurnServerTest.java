package dev.hibiki.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.ice.stun.StunMessageType;
import dev.hibiki.ice.stun.StunMessageWriter;
import dev.hibiki.turn.auth.TurnCredential;
import dev.hibiki.turn.auth.TurnRestCredentials;
import dev.hibiki.turn.proto.TurnAttribute;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A real server on loopback, driven by {@link TurnTestClient} over UDP and over TCP, with UDP peers. */
class TurnServerTest {
    enum Transport { UDP, TCP }

    static final byte[] SECRET = "test-secret".getBytes(StandardCharsets.UTF_8);
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Set<InetSocketAddress> allowedPeers = ConcurrentHashMap.newKeySet();
    private TurnServer server;
    private TestPeer peer;
    private TurnTestClient client;

    @BeforeEach
    void start() throws IOException {
        server = TurnServer.start(TurnConfig.of(new InetSocketAddress(LOOPBACK, 0), LOOPBACK, "hibiki", SECRET,
                allowedPeers::contains));
        peer = new TestPeer(2000);
        allowedPeers.add(peer.address());
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) client.close();
        peer.close();
        server.close();
    }

    private TurnTestClient connect(Transport transport) throws IOException {
        TurnCredential credential = new TurnRestCredentials(SECRET, Clock.systemUTC()).issue("c1", Duration.ofMinutes(5));
        InetSocketAddress address = new InetSocketAddress(LOOPBACK, server.port());
        client = transport == Transport.UDP ? TurnTestClient.udp(address, credential.username(), credential.password())
                : TurnTestClient.tcp(address, credential.username(), credential.password());
        return client;
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void allocateIsChallengedWith401ThenGrantsARelayedAddress(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);

        StunMessage allocated = c.allocate();

        assertThat(c.realm).isEqualTo("hibiki");
        assertThat(c.nonce).isNotEmpty();
        assertThat(allocated.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(allocated.checkMessageIntegrity(c.key())).isTrue();
        assertThat(allocated.checkFingerprint()).isTrue();
        InetSocketAddress relayed = allocated.xorAddressAt(allocated.findAttribute(TurnAttribute.XOR_RELAYED_ADDRESS));
        assertThat(relayed.getAddress()).isEqualTo(LOOPBACK);
        assertThat(relayed.getPort()).isPositive();
        assertThat(allocated.xorMappedAddress()).isEqualTo(c.localAddress());
        assertThat(lifetime(allocated)).isEqualTo(600);
        assertThat(server.stats().allocationsCreated()).isEqualTo(1);
        assertThat(server.stats().activeAllocations()).isEqualTo(1);
        assertThat(server.stats().authFailures()).as("the first challenge is no failure").isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void sendIndicationsReachThePeerAndItsRepliesComeBackAsDataIndications(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);
        InetSocketAddress relayed = relayedAddress(c.allocate());
        assertThat(c.createPermission(peer.address()).messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);

        c.sendIndication(peer.address(), bytes("hello peer"));
        TestPeer.Datagram atPeer = peer.receive();
        assertThat(atPeer).isNotNull();
        assertThat(atPeer.from()).isEqualTo(relayed);
        assertThat(new String(atPeer.data(), StandardCharsets.UTF_8)).isEqualTo("hello peer");

        peer.send(relayed, bytes("hello client"));
        TurnTestClient.Received back = c.receiveData();
        assertThat(back).isNotNull();
        assertThat(back.peer()).isEqualTo(peer.address());
        assertThat(new String(back.data(), StandardCharsets.UTF_8)).isEqualTo("hello client");
        eventually(() -> server.stats().relayedPackets() == 2);
        assertThat(server.stats().relayedBytes()).isEqualTo(22);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void channelDataFlowsBothWaysOnceAChannelIsBound(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);
        InetSocketAddress relayed = relayedAddress(c.allocate());
        assertThat(c.channelBind(0x4001, peer.address()).messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);

        c.sendChannelData(0x4001, bytes("odd")); // 3 bytes: padded on TCP
        TestPeer.Datagram atPeer = peer.receive();
        assertThat(atPeer.from()).isEqualTo(relayed);
        assertThat(atPeer.data()).isEqualTo(bytes("odd"));

        peer.send(relayed, bytes("reply"));
        TurnTestClient.Received back = c.receiveData();
        assertThat(back.channel()).isEqualTo(0x4001);
        assertThat(back.data()).isEqualTo(bytes("reply"));

        c.sendChannelData(0x4002, bytes("unbound"));
        c.sendChannelData(0x4001, bytes("still here"));
        assertThat(peer.receive().data()).as("the unbound channel's data was dropped").isEqualTo(bytes("still here"));
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aPeerThePolicyDoesNotAllowIsRefusedAndNothingReachesIt(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);
        c.allocate();
        try (TestPeer stranger = new TestPeer(300)) {
            StunMessage permission = c.createPermission(peer.address(), stranger.address());
            StunMessage bind = c.channelBind(0x4000, stranger.address());

            assertThat(permission.errorCode()).isEqualTo(403);
            assertThat(permission.checkMessageIntegrity(c.key())).isTrue();
            assertThat(bind.errorCode()).isEqualTo(403);
            c.sendIndication(stranger.address(), bytes("let me out"));
            c.sendIndication(peer.address(), bytes("no permission either"));
            assertThat(stranger.receive()).isNull();
            assertThat(peer.receive()).as("the refused request installed no permission at all").isNull();
            assertThat(server.stats().refusedPeers()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRefreshWithLifetimeZeroDeletesTheAllocation(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);
        c.allocate();

        StunMessage refreshed = c.refresh(1200);
        assertThat(lifetime(refreshed)).isEqualTo(1200);
        StunMessage deleted = c.refresh(0);

        assertThat(deleted.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(lifetime(deleted)).isZero();
        assertThat(server.stats().activeAllocations()).isZero();
        assertThat(c.createPermission(peer.address()).errorCode()).isEqualTo(437);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aBindingRequestIsAnsweredWithTheClientsAddress(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);

        StunMessage binding = c.request(0x001, false, w -> { });

        assertThat(binding.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(binding.xorMappedAddress()).isEqualTo(c.localAddress());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSecondAllocateOnTheSameTupleIsAMismatch(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);
        c.allocate();

        StunMessage again = c.request(0x003, true, TurnTestClient::udpTransport);

        assertThat(again.errorCode()).isEqualTo(437);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aTransportOtherThanUdpIsUnsupported(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);
        c.allocate();
        c.refresh(0);

        StunMessage tcpRelay = c.request(0x003, true, w -> w.addUint32(TurnAttribute.REQUESTED_TRANSPORT, 6 << 24));

        assertThat(tcpRelay.errorCode()).isEqualTo(442);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void evenPortGetsAnEvenRelayedPortAndAReservationTokenIsDeclined(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);
        c.allocate();
        c.refresh(0);
        byte[] token = new byte[8];

        StunMessage reserved = c.request(0x003, true, w -> TurnTestClient.udpTransport(
                w.addBytes(TurnAttribute.RESERVATION_TOKEN, token, 0, 8)));
        StunMessage even = c.request(0x003, true, w -> TurnTestClient.udpTransport(
                w.addBytes(TurnAttribute.EVEN_PORT, new byte[] {0}, 0, 1)));

        assertThat(reserved.errorCode()).isEqualTo(508);
        assertThat(relayedAddress(even).getPort() % 2).isZero();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void dontFragmentIsAnUnknownAttribute(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);
        c.allocate();
        c.refresh(0);

        StunMessage refused = c.request(0x003, true, w -> TurnTestClient.udpTransport(
                w.addBytes(TurnAttribute.DONT_FRAGMENT, new byte[0], 0, 0)));

        assertThat(refused.errorCode()).isEqualTo(420);
    }

    @Test
    void closingTheTcpConnectionEndsItsAllocation() throws IOException {
        TurnTestClient c = connect(Transport.TCP);
        InetSocketAddress relayed = relayedAddress(c.allocate());
        assertThat(server.stats().activeAllocations()).isEqualTo(1);

        c.close();
        client = null;

        eventually(() -> server.stats().activeAllocations() == 0);
        eventually(() -> canBind(relayed)); // the relayed port is released once its reader has left it
    }

    private static boolean canBind(InetSocketAddress address) {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aRequestWithABadFingerprintIsDroppedUnanswered(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);
        byte[] binding = new StunMessageWriter(64).begin(StunMessageType.BINDING_REQUEST, new byte[12], 0)
                .addFingerprint().toByteArray();
        binding[binding.length - 1] ^= 1;

        c.sendRaw(binding);

        assertThat(c.receiveData()).isNull();
        eventually(() -> server.stats().malformedMessages() == 1);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void garbageIsCountedAndTheListenerKeepsServing(Transport transport) throws IOException {
        TurnTestClient c = connect(transport);
        if (transport == Transport.UDP) {
            c.sendRaw(new byte[] {0, 1, 0, 4, 1, 2, 3}); // a STUN header that lies about its length
            c.sendRaw(new byte[] {(byte) 0x80, 1, 2, 3});
        } else {
            c.sendRaw(new byte[] {0x40, 0, 0, 0}); // ChannelData on channel 0x4000, empty: well framed, no allocation
        }

        assertThat(c.allocate().messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(server.stats().malformedMessages() + server.stats().droppedPackets()).isPositive();
    }

    /** Waits up to two seconds for {@code condition}: counters of another thread's work. */
    static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 2 s").isLessThan(deadline);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static InetSocketAddress relayedAddress(StunMessage allocated) {
        return allocated.xorAddressAt(allocated.findAttribute(TurnAttribute.XOR_RELAYED_ADDRESS));
    }

    static long lifetime(StunMessage response) {
        int at = response.findAttribute(TurnAttribute.LIFETIME);
        byte[] b = response.buffer();
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
