package dev.hibiki.turn.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues short-lived TURN credentials in the TURN REST scheme that coturn's {@code use-auth-secret} also checks:
 * {@code username = <unix expiry seconds>:<id>}, {@code password = base64(HMAC-SHA1(secret, username))}. The server
 * needs no state per credential: {@link TurnCredentialVerifier} recomputes the password from the username.
 */
public final class TurnRestCredentials {
    private final SecretKeySpec secret;
    private final Clock clock;

    public TurnRestCredentials(byte[] secret, Clock clock) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("an empty TURN secret");
        }
        this.secret = new SecretKeySpec(secret.clone(), "HmacSHA1");
        this.clock = clock;
    }

    /** Credentials for {@code id} (a connection id: no colon needed, any is kept) valid for {@code ttl} from now. */
    public TurnCredential issue(String id, Duration ttl) {
        Instant expiry = clock.instant().plus(ttl);
        String username = expiry.getEpochSecond() + ":" + id;
        return new TurnCredential(username, password(username), Instant.ofEpochSecond(expiry.getEpochSecond()));
    }

    /** The password that belongs to {@code username}. */
    String password(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(secret);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 is a mandatory JDK algorithm", e);
        }
    }
}
