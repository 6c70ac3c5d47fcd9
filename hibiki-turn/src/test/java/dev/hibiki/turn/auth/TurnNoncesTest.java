package dev.hibiki.turn.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.turn.MutableClock;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TurnNoncesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final TurnNonces nonces = new TurnNonces(clock, Duration.ofMinutes(10), new SecureRandom());
    private final InetAddress client = InetAddress.getLoopbackAddress();

    @Test
    void aNonceIsValidForItsClientDuringItsLifetime() {
        String nonce = nonces.issue(client);
        clock.advance(Duration.ofMinutes(9));

        assertThat(nonces.isValid(nonce, client)).isTrue();

        clock.advance(Duration.ofMinutes(1));
        assertThat(nonces.isValid(nonce, client)).as("stale").isFalse();
    }

    @Test
    void aNonceGivenToAnotherAddressIsInvalid() throws Exception {
        String nonce = nonces.issue(client);

        assertThat(nonces.isValid(nonce, InetAddress.getByName("192.0.2.7"))).isFalse();
    }

    @Test
    void forgedOrGarbledNoncesAreInvalid() {
        String nonce = nonces.issue(client);
        char last = nonce.charAt(nonce.length() - 1);
        String tampered = nonce.substring(0, nonce.length() - 1) + (last == '0' ? '1' : '0');
        TurnNonces otherServer = new TurnNonces(clock, Duration.ofMinutes(10), new SecureRandom());

        assertThat(nonces.isValid(tampered, client)).isFalse();
        assertThat(nonces.isValid(otherServer.issue(client), client)).as("another key").isFalse();
        assertThat(nonces.isValid("zzzzzzzz" + nonce.substring(8), client)).isFalse();
        assertThat(nonces.isValid("", client)).isFalse();
        assertThat(nonces.isValid(null, client)).isFalse();
    }
}
