package dev.hibiki.option;

import dev.hibiki.platform.persistence.RandomIds;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Login tokens: 256 random bits handed to the user once, stored as SHA-256 with an expiry; revoked (kept with
 * {@code revoked_at} until they expire) when the user is deleted, changes password, or the access code changes.
 */
final class LoginTokens {

    record Issued(String token, OffsetDateTime expiresAt) {
    }

    private static final int MAX_TOKEN_LENGTH = 200;

    private final Jdbi jdbi;
    private final OptionTimes times;
    private final Duration ttl;

    LoginTokens(Jdbi jdbi, OptionTimes times, Duration ttl) {
        this.jdbi = jdbi;
        this.times = times;
        this.ttl = ttl;
    }

    /** A new token for the user; expired ones are swept on the way. */
    Issued issue(Handle h, long userId) {
        String token = RandomIds.base64Url(32);
        OffsetDateTime now = times.now();
        OffsetDateTime expires = now.plus(ttl);
        h.createUpdate("DELETE FROM option_login_tokens WHERE expires_at <= :now").bind("now", now).execute();
        h.createUpdate("INSERT INTO option_login_tokens (hash, user_id, expires_at) VALUES (:hash, :user, :exp)")
                .bind("hash", SecretHash.of(token)).bind("user", userId).bind("exp", expires).execute();
        return new Issued(token, expires);
    }

    Issued issue(long userId) {
        return jdbi.inTransaction(h -> issue(h, userId));
    }

    /** The user whose token this is, while it is unexpired and not revoked. */
    Optional<OptionUser> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) return Optional.empty();
        return jdbi.withHandle(h -> h.createQuery(UserService.SELECT + """
                         WHERE u.id = (SELECT t.user_id FROM option_login_tokens t
                             WHERE t.hash = :hash AND t.expires_at > :now AND t.revoked_at IS NULL)""")
                .bind("hash", SecretHash.of(token)).bind("now", times.now())
                .map((rs, ctx) -> UserService.read(rs)).findOne());
    }

    void revokeUser(Handle h, long userId) {
        h.createUpdate("UPDATE option_login_tokens SET revoked_at = :now WHERE user_id = :user AND revoked_at IS NULL")
                .bind("now", times.now()).bind("user", userId).execute();
    }

    void revokeSystem(Handle h, String systemId) {
        h.createUpdate("""
                        UPDATE option_login_tokens SET revoked_at = :now WHERE revoked_at IS NULL
                        AND user_id IN (SELECT id FROM option_users WHERE system_id = :system)""")
                .bind("now", times.now()).bind("system", systemId).execute();
    }
}
