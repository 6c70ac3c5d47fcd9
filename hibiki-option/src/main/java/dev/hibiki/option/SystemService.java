package dev.hibiki.option;

import dev.hibiki.platform.persistence.RandomIds;
import dev.hibiki.platform.security.PasswordHasher;
import dev.hibiki.platform.token.TokenService;
import org.jdbi.v3.core.Jdbi;

import java.util.Optional;

/**
 * Systems (organisations): each has an access code that its users give at login, and a platform access token that
 * owns its schedules' channels. The access code is stored as an Argon2id hash: codes chosen by people are short.
 */
final class SystemService {

    /** A new system's master and the access code, which is shown this once. */
    record CreatedSystem(String systemId, long masterUserId, String accessCode) {
    }

    private static final int MAX_SYSTEM_NAME = 200;

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final OptionTimes times;
    private final LoginTokens tokens;

    SystemService(Jdbi jdbi, PasswordHasher hasher, OptionTimes times, LoginTokens tokens) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.times = times;
        this.tokens = tokens;
    }

    /**
     * Creates a system with its master user and a random access code.
     *
     * @throws OptionException (INVALID) for a bad name, email or password
     */
    CreatedSystem create(String systemName, String userName, String email, String password) {
        String name = OptionRules.text("the system name", systemName, MAX_SYSTEM_NAME);
        String master = OptionRules.name(userName);
        String address = OptionRules.email(email);
        String pw = OptionRules.password(password);
        // 100 random bits in base32: typed by people, so no characters that read alike.
        String accessCode = RandomIds.base32(20);
        String accessHash = hasher.hash(accessCode);
        String passwordHash = hasher.hash(pw);
        String ownerTokenId = new TokenService(jdbi).create("option system " + name).token().id();
        String systemId = RandomIds.base32(26);
        long userId = jdbi.inTransaction(h -> {
            h.createUpdate("""
                            INSERT INTO option_systems (id, name, access_code_hash, owner_token_id, created_at)
                            VALUES (:id, :name, :hash, :owner, :at)""")
                    .bind("id", systemId).bind("name", name).bind("hash", accessHash).bind("owner", ownerTokenId)
                    .bind("at", times.now()).execute();
            return UserService.insert(h, systemId, master, address, passwordHash, true, Permissions.ALL, times.now());
        });
        return new CreatedSystem(systemId, userId, accessCode);
    }

    /** Whether the code is the system's access code (compared in constant time by the hash check). */
    boolean accessCodeMatches(String systemId, String accessCode) {
        return jdbi.withHandle(h -> h.createQuery("SELECT access_code_hash FROM option_systems WHERE id = :id")
                        .bind("id", systemId).mapTo(String.class).findOne())
                .map(hash -> hasher.verify(accessCode, hash)).orElse(false);
    }

    /**
     * Sets a new access code and revokes every login token of the system, since everyone logged in with the old one.
     *
     * @throws OptionException (FORBIDDEN) unless the caller is a master; (INVALID) for a bad code
     */
    void changeAccessCode(OptionUser caller, String newCode) {
        if (!caller.master()) throw OptionException.forbidden("only a master user may change the access code");
        String hash = hasher.hash(OptionRules.accessCode(newCode));
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE option_systems SET access_code_hash = :hash WHERE id = :id")
                    .bind("hash", hash).bind("id", caller.systemId()).execute();
            tokens.revokeSystem(h, caller.systemId());
        });
    }

    /** The platform token that owns the system's channels. */
    Optional<String> ownerTokenId(String systemId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT owner_token_id FROM option_systems WHERE id = :id")
                .bind("id", systemId).mapTo(String.class).findOne());
    }
}
