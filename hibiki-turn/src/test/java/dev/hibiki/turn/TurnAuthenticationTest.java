package dev.hibiki.turn;

import static dev.hibiki.turn.TurnServerTest.LOOPBACK;
import static dev.hibiki.turn.TurnServerTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.stun.StunAttribute;
import dev.hibiki.ice.stun.StunClass;
import dev.hibiki.ice.stun.StunMessage;
import dev.hibiki.turn.auth.TurnCredential;
import dev.hibiki.turn.auth.TurnRestCredentials;
import dev.hibiki.turn.proto.TurnMethod;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Long-term credentials against a real server whose clock the test moves. */
class TurnAuthenticationTest {
    private final MutableClock clock = new MutableClock(Instant.now());
    private TurnServer server;
    private TurnTestClient client;

    @BeforeEach
    void start() throws IOException {
        server = TurnServer.start(TurnConfig.of(new InetSocketAddress(LOOPBACK, 0), LOOPBACK, "hibiki", SECRET,
                peer -> true).withClock(clock));
    }

    @AfterEach
    void stop() throws IOException {
        if (client != null) client.close();
        server.close();
    }

    private TurnTestClient client(TurnCredential credential) throws IOException {
        client = TurnTestClient.udp(new InetSocketAddress(LOOPBACK, server.port()), credential.username(),
                credential.password());
        return client;
    }

    private TurnCredential issue(byte[] secret, Duration ttl) {
        return new TurnRestCredentials(secret, clock).issue("conn", ttl);
    }

    @Test
    void aForgedPasswordIsRefusedWith401AndCounted() throws IOException {
        TurnCredential forged = issue("not-the-secret".getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5));

        StunMessage refused = client(forged).allocate();

        assertThat(refused.errorCode()).isEqualTo(401);
        assertThat(refused.stringAttribute(StunAttribute.REALM)).as("the client may retry").isEqualTo("hibiki");
        assertThat(refused.stringAttribute(StunAttribute.NONCE)).isNotEmpty();
        assertThat(server.stats().authFailures()).isEqualTo(1);
        assertThat(server.stats().activeAllocations()).isZero();
    }

    @Test
    void anExpiredUsernameIsRefusedWith401AndCounted() throws IOException {
        TurnCredential credential = issue(SECRET, Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(31));

        StunMessage refused = client(credential).allocate();

        assertThat(refused.errorCode()).isEqualTo(401);
        assertThat(server.stats().authFailures()).isEqualTo(1);
    }

    @Test
    void aStaleNonceEarns438WithAFreshOneThatWorks() throws IOException {
        TurnTestClient c = client(issue(SECRET, Duration.ofHours(1)));
        c.retryStaleNonce = false;
        assertThat(c.allocate().messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        clock.advance(Duration.ofMinutes(11));

        StunMessage stale = c.refresh(600);
        assertThat(stale.errorCode()).isEqualTo(438);
        String fresh = stale.stringAttribute(StunAttribute.NONCE);
        assertThat(fresh).isNotEqualTo(c.nonce);
        c.nonce = fresh;

        assertThat(c.refresh(600).messageClass()).isEqualTo(StunClass.SUCCESS_RESPONSE);
        assertThat(server.stats().authFailures()).as("a stale nonce is no failure").isZero();
    }

    @Test
    void aSignedRequestWithoutNonceIsABadRequest() throws IOException {
        TurnTestClient c = client(issue(SECRET, Duration.ofHours(1)));
        c.allocate();

        StunMessage bad = c.request(TurnMethod.REFRESH, false, w -> w.addUsername("x")
                .addMessageIntegrity(new byte[16]));

        assertThat(bad.errorCode()).isEqualTo(400);
    }

    @Test
    void requestsOnAnAllocationMustUseItsUsername() throws IOException {
        TurnTestClient c = client(issue(SECRET, Duration.ofHours(1)));
        c.allocate();
        TurnCredential other = new TurnRestCredentials(SECRET, clock).issue("other", Duration.ofHours(1));
        c.useCredentials(other.username(), other.password());

        assertThat(c.refresh(600).errorCode()).isEqualTo(441);
    }
}
