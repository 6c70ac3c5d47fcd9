package dev.hibiki.turn.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.ice.stun.StunCredentials;
import dev.hibiki.turn.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    private static final byte[] SECRET = "north-wind".getBytes(StandardCharsets.UTF_8);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final TurnRestCredentials issuer = new TurnRestCredentials(SECRET, clock);
    private final TurnCredentialVerifier verifier = new TurnCredentialVerifier(SECRET, "hibiki", clock);

    @Test
    void usernameIsExpiryColonIdAndPasswordIsTheBase64HmacSha1OfIt() throws Exception {
        TurnCredential credential = issuer.issue("conn1", Duration.ofHours(1));

        long expiry = Instant.parse("2026-12-07T13:00:00Z").getEpochSecond();
        assertThat(credential.username()).isEqualTo(expiry + ":conn1");
        assertThat(credential.expiresAt()).isEqualTo(Instant.ofEpochSecond(expiry));
        // what coturn's use-auth-secret computes
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA1"));
        String expected = Base64.getEncoder().encodeToString(
                mac.doFinal(credential.username().getBytes(StandardCharsets.UTF_8)));
        assertThat(credential.password()).isEqualTo(expected);
        assertThat(credential.toString()).doesNotContain(credential.password());
    }

    @Test
    void theVerifierDerivesTheLongTermKeyOfTheIssuedPassword() {
        TurnCredential credential = issuer.issue("conn1", Duration.ofMinutes(5));

        TurnCredentialVerifier.Verdict verdict = verifier.verify(credential.username());

        assertThat(verdict.accepted()).isTrue();
        assertThat(verdict.key()).isEqualTo(
                StunCredentials.longTermKey(credential.username(), "hibiki", credential.password()));
    }

    @Test
    void aPasswordFromAnotherSecretGivesAnotherKey() {
        TurnCredential forged = new TurnRestCredentials("guess".getBytes(StandardCharsets.UTF_8), clock)
                .issue("conn1", Duration.ofMinutes(5));

        byte[] forgedKey = StunCredentials.longTermKey(forged.username(), "hibiki", forged.password());

        assertThat(verifier.verify(forged.username()).key()).isNotEqualTo(forgedKey);
    }

    @Test
    void anExpiredUsernameIsRefused() {
        TurnCredential credential = issuer.issue("conn1", Duration.ofMinutes(5));
        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(verifier.verify(credential.username()).accepted()).isTrue();

        clock.advance(Duration.ofSeconds(1));

        TurnCredentialVerifier.Verdict verdict = verifier.verify(credential.username());
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.refusal()).isEqualTo(TurnCredentialVerifier.Refusal.EXPIRED);
    }

    @Test
    void usernamesWithoutANumericExpiryAreMalformed() {
        for (String username : new String[] {"", "alice", ":id", "12x:id", "-5:id", "1234567890123:id"}) {
            assertThat(verifier.verify(username).refusal()).as(username)
                    .isEqualTo(TurnCredentialVerifier.Refusal.MALFORMED);
        }
        long future = clock.instant().getEpochSecond() + 60;
        assertThat(verifier.verify(Long.toString(future)).accepted()).as("no id at all").isTrue();
    }
}
