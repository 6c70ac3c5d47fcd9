package dev.hibiki.turn.auth;

import dev.hibiki.ice.stun.StunCredentials;
import java.time.Clock;

/**
 * Checks TURN REST usernames and derives the long-term key (RFC 8489 section 9.2.2) their MESSAGE-INTEGRITY must
 * match: MD5(username ":" realm ":" password) with the password recomputed from the shared secret. A forged password
 * therefore shows as a MESSAGE-INTEGRITY mismatch, which the caller checks with the key.
 */
public final class TurnCredentialVerifier {
    /** Why a username has no key. */
    public enum Refusal {
        /** Not {@code <unix seconds>:<id>}. */
        MALFORMED,
        /** Its expiry is in the past. */
        EXPIRED
    }

    /** The key for a username, or why there is none. */
    public record Verdict(byte[] key, Refusal refusal) {
        public boolean accepted() {
            return key != null;
        }
    }

    private final TurnRestCredentials passwords;
    private final String realm;
    private final Clock clock;

    public TurnCredentialVerifier(byte[] secret, String realm, Clock clock) {
        this.passwords = new TurnRestCredentials(secret, clock);
        this.realm = realm;
        this.clock = clock;
    }

    public Verdict verify(String username) {
        long expiry = expirySeconds(username);
        if (expiry < 0) {
            return new Verdict(null, Refusal.MALFORMED);
        }
        if (expiry * 1000 <= clock.millis()) {
            return new Verdict(null, Refusal.EXPIRED);
        }
        return new Verdict(StunCredentials.longTermKey(username, realm, passwords.password(username)), null);
    }

    /** The expiry before the first colon, or -1 when it is not a plain decimal number of seconds. */
    static long expirySeconds(String username) {
        int colon = username.indexOf(':');
        int digits = colon < 0 ? username.length() : colon;
        if (digits == 0 || digits > 12) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits; i++) {
            char c = username.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
