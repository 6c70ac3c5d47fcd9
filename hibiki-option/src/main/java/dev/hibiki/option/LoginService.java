package dev.hibiki.option;

import dev.hibiki.platform.security.PasswordHasher;
import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /api/login}'s check: an email is unique only within a system, so the access code picks the system
 * among those that have the address. Every failure looks the same to the caller, and costs about the same time.
 */
final class LoginService {

    /** A successful login. */
    record Login(OptionUser user, LoginTokens.Issued token) {
    }

    private record Candidate(long userId, String systemId, String passwordHash, String accessCodeHash) {
    }

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final LoginTokens tokens;
    /** Verified when the email is unknown, so that an unknown address takes as long as a wrong password. */
    private final String decoyHash;

    LoginService(Jdbi jdbi, PasswordHasher hasher, LoginTokens tokens) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.tokens = tokens;
        this.decoyHash = hasher.hash("decoy password, never matched");
    }

    /** The user and a new token, if the three credentials are right. */
    Optional<Login> login(String email, String password, String accessCode) {
        String address = email.strip().toLowerCase(Locale.ROOT);
        List<Candidate> candidates = jdbi.withHandle(h -> h.createQuery("""
                        SELECT u.id, u.system_id, u.password_hash, s.access_code_hash
                        FROM option_users u JOIN option_systems s ON s.id = u.system_id
                        WHERE u.email = :email ORDER BY u.id""")
                .bind("email", address)
                .map((rs, ctx) -> new Candidate(rs.getLong("id"), rs.getString("system_id"),
                        rs.getString("password_hash"), rs.getString("access_code_hash")))
                .list());
        if (candidates.isEmpty()) {
            hasher.verify(password, decoyHash);
            hasher.verify(accessCode, decoyHash);
            return Optional.empty();
        }
        for (Candidate c : candidates) {
            if (hasher.verify(accessCode, c.accessCodeHash()) && hasher.verify(password, c.passwordHash())) {
                return jdbi.inTransaction(h -> {
                    LoginTokens.Issued issued = tokens.issue(h, c.userId());
                    OptionUser user = h.createQuery(UserService.SELECT + " WHERE u.id = :id").bind("id", c.userId())
                            .map((rs, ctx) -> UserService.read(rs)).one();
                    return Optional.of(new Login(user, issued));
                });
            }
        }
        return Optional.empty();
    }
}
