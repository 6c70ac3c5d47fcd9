package dev.hibiki.turn;

import static dev.hibiki.turn.TurnServerTest.LOOPBACK;
import static dev.hibiki.turn.TurnServerTest.SECRET;
import static dev.hibiki.turn.TurnServerTest.bytes;
import static dev.hibiki.turn.TurnServerTest.eventually;
import static dev.hibiki.turn.TurnServerTest.relayedAddress;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.turn.auth.TurnCredential;
import dev.hibiki.turn.auth.TurnRestCredentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A TCP client that stops reading while its peer keeps sending: once the socket buffers between them are full, the
 * relay's write to it blocks, and after the client write timeout the server disconnects that client and ends its
 * allocation (freeing the relay thread); a client that reads is served all the while.
 */
class StalledClientTest {

    static final Duration WRITE_TIMEOUT = Duration.ofMillis(300);
    /** No byte rate limit, so that the peer fills the buffers quickly. */
    static final TurnQuotas QUOTAS = new TurnQuotas(8, Duration.ofHours(1), 0, WRITE_TIMEOUT);

    private TurnServer server;
    private TestPeer peer;

    @BeforeEach
    void start() throws IOException {
        peer = new TestPeer(2000);
        server = TurnServer.start(TurnConfig.of(new InetSocketAddress(LOOPBACK, 0), LOOPBACK, "hibiki", SECRET,
                peer.address()::equals).withQuotas(QUOTAS));
    }

    @AfterEach
    void stop() {
        if (peer != null) peer.close();
        if (server != null) server.close();
    }

    static TurnCredential credential(String connectionId) {
        return new TurnRestCredentials(SECRET, Clock.systemUTC()).issue(connectionId, Duration.ofMinutes(5));
    }

    @Test
    void aTcpClientThatReadsNothingIsDisconnectedAndItsAllocationEnds() throws IOException {
        InetSocketAddress tcp = new InetSocketAddress(LOOPBACK, server.port());
        TurnCredential stalledCredential = credential("stalled");
        try (TurnTestClient stalled = TurnTestClient.tcp(tcp, stalledCredential.username(), stalledCredential.password())) {
            InetSocketAddress relayed = relayedAddress(stalled.allocate());
            assertThat(stalled.createPermission(peer.address()).messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);

            // the client reads nothing from here on
            assertThat(peer.flood(relayed, () -> server.stats().stalledClients() == 1, Duration.ofSeconds(20)))
                    .as("disconnected once a write blocked for %s", WRITE_TIMEOUT).isTrue();
            eventually(() -> server.stats().activeAllocations() == 0);

            TurnCredential readerCredential = credential("reader");
            try (TurnTestClient reader = TurnTestClient.tcp(tcp, readerCredential.username(), readerCredential.password())) {
                InetSocketAddress readerRelay = relayedAddress(reader.allocate());
                assertThat(reader.createPermission(peer.address()).messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
                peer.send(readerRelay, bytes("still served"));
                TurnTestClient.Received received = reader.receiveData();
                assertThat(received).isNotNull();
                assertThat(received.data()).isEqualTo(bytes("still served"));
            }
            assertThat(server.stats().stalledClients()).isEqualTo(1);
        }
    }
}
