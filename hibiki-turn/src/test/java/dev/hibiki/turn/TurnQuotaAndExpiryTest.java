package dev.hibiki.turn;

import static dev.hibiki.turn.TurnServerTest.LOOPBACK;
import static dev.hibiki.turn.TurnServerTest.SECRET;
import static dev.hibiki.turn.TurnServerTest.bytes;
import static dev.hibiki.turn.TurnServerTest.lifetime;
import static dev.hibiki.turn.TurnServerTest.relayedAddress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.turn.auth.TurnCredential;
import dev.hibiki.turn.auth.TurnRestCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quotas and lifetimes on a real server whose clock the test moves. */
class TurnQuotaAndExpiryTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final List<TurnTestClient> clients = new ArrayList<>();
    private TurnServer server;
    private TestPeer peer;

    private void start(TurnQuotas quotas) throws IOException {
        peer = new TestPeer(500);
        InetSocketAddress allowed = peer.address();
        server = TurnServer.start(TurnConfig.of(new InetSocketAddress(LOOPBACK, 0), LOOPBACK, "hibiki", SECRET,
                allowed::equals).withClock(clock).withQuotas(quotas));
    }

    @AfterEach
    void stop() throws IOException {
        for (TurnTestClient c : clients) c.close();
        if (peer != null) peer.close();
        if (server != null) server.close();
    }

    private TurnTestClient client(TurnCredential credential) throws IOException {
        TurnTestClient c = TurnTestClient.udp(new InetSocketAddress(LOOPBACK, server.port()), credential.username(),
                credential.password());
        clients.add(c);
        return c;
    }

    private TurnCredential credential(String id) {
        return new TurnRestCredentials(SECRET, clock).issue(id, Duration.ofHours(2));
    }

    @Test
    void aUsernameGetsItsQuotaOfAllocationsThen486() throws IOException {
        start(new TurnQuotas(2, Duration.ofHours(1), 0));
        TurnCredential shared = credential("c1");

        assertThat(client(shared).allocate().messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(client(shared).allocate().messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        StunMessage third = client(shared).allocate();
        StunMessage otherUser = client(credential("c2")).allocate();

        assertThat(third.errorCode()).isEqualTo(486);
        assertThat(otherUser.messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(server.stats().quotaRefusals()).isEqualTo(1);
    }

    @Test
    void lifetimesAreCappedAndRaisedToTheDefault() throws IOException {
        start(new TurnQuotas(0, Duration.ofMinutes(30), 0));
        TurnTestClient c = client(credential("c1"));
        c.allocate();

        assertThat(lifetime(c.refresh(7200))).isEqualTo(1800);
        assertThat(lifetime(c.refresh(60))).isEqualTo(600);
    }

    @Test
    void anAllocationExpiresWithItsLifetimeAndItsRelayedAddressCloses() throws IOException {
        start(new TurnQuotas(0, Duration.ofHours(1), 0));
        TurnTestClient c = client(credential("c1"));
        InetSocketAddress relayed = relayedAddress(c.allocate());
        c.createPermission(peer.address());

        clock.advance(Duration.ofSeconds(599));
        server.expireAllocations();
        assertThat(server.stats().activeAllocations()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        server.expireAllocations();
        assertThat(server.stats().activeAllocations()).isZero();
        assertThat(c.createPermission(peer.address()).errorCode()).isEqualTo(437);
        peer.send(relayed, bytes("anyone there?"));
        assertThat(c.receiveData()).isNull();
    }

    @Test
    void aPermissionExpiresAfter300SecondsUnlessRefreshed() throws IOException {
        start(new TurnQuotas(0, Duration.ofHours(1), 0));
        TurnTestClient c = client(credential("c1"));
        InetSocketAddress relayed = relayedAddress(c.allocate());
        c.createPermission(peer.address());

        clock.advance(Duration.ofSeconds(300));
        c.sendIndication(peer.address(), bytes("late"));
        peer.send(relayed, bytes("late too"));
        assertThat(peer.receive()).isNull();
        assertThat(c.receiveData()).isNull();

        c.createPermission(peer.address());
        c.sendIndication(peer.address(), bytes("renewed"));
        assertThat(peer.receive().data()).isEqualTo(bytes("renewed"));
    }

    @Test
    void aChannelExpiresAfter600Seconds() throws IOException {
        start(new TurnQuotas(0, Duration.ofHours(1), 0));
        TurnTestClient c = client(credential("c1"));
        c.allocate();
        c.refresh(3600);
        c.channelBind(0x4000, peer.address());

        clock.advance(Duration.ofSeconds(299));
        c.createPermission(peer.address()); // the permission alone would outlive the channel
        clock.advance(Duration.ofSeconds(301));
        c.sendChannelData(0x4000, bytes("expired channel"));

        assertThat(peer.receive()).isNull();
    }

    @Test
    void datagramsAboveTheByteRateAreDropped() throws IOException {
        start(new TurnQuotas(0, Duration.ofHours(1), 1000));
        TurnTestClient c = client(credential("c1"));
        c.allocate();
        c.channelBind(0x4000, peer.address());

        for (int i = 0; i < 5; i++) {
            c.sendChannelData(0x4000, new byte[300]);
        }
        int received = 0;
        while (peer.receive() != null) {
            received++;
        }

        assertThat(received).as("1000 bytes a second, the clock standing still").isEqualTo(3);
        assertThat(server.stats().droppedPackets()).isEqualTo(2);
    }
}
