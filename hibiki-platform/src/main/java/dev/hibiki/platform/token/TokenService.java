package dev.hibiki.platform.token;

import dev.hibiki.platform.persistence.RandomIds;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues, checks and revokes API access tokens.
 *
 * <p>Tokens are 256 random bits, so a single SHA-256 is enough to store them safely: a slow password hash such as
 * Argon2id defends guessable secrets and would cost milliseconds on every API call. Lookups go by hash, so
 * checking a token never compares secrets byte by byte.
 */
public final class TokenService {

    public static final String TOKEN_PREFIX = "hbk_";
    private static final String INITIAL_TOKEN_FLAG = "initial_token_issued";
    private static final int MAX_NAME_LENGTH = 200;

    /**
     * How long a successful lookup is trusted without asking the database again. Revocations made by this process
     * apply at once (the cache is cleared); a revocation by another process ({@code hibiki token revoke} while the
     * server runs) applies within this time.
     */
    public static final Duration REVOCATION_DELAY = Duration.ofSeconds(1);
    private static final int MAX_CACHED = 10_000;

    private final Jdbi jdbi;
    private final long cacheNanos;
    /** token hash -> active token; only positive answers, so a token created by the CLI works at once. */
    private final ConcurrentHashMap<String, CachedToken> activeByHash = new ConcurrentHashMap<>();

    private record CachedToken(String id, long checkedAtNanos) {
    }

    public TokenService(Jdbi jdbi) {
        this(jdbi, REVOCATION_DELAY);
    }

    TokenService(Jdbi jdbi, Duration cacheFor) {
        this.jdbi = jdbi;
        this.cacheNanos = cacheFor.toNanos();
    }

    public IssuedToken create(String name) {
        String cleanName = validName(name);
        return jdbi.inTransaction(h -> insert(h, cleanName));
    }

    /**
     * Issues a token named "initial" the first time Hibiki starts on a database, and never again, even after that
     * token is revoked.
     */
    public Optional<IssuedToken> issueInitialToken() {
        try {
            return jdbi.inTransaction(h -> {
                boolean issued = h.createQuery("SELECT COUNT(*) FROM server_state WHERE state_key = :n")
                        .bind("n", INITIAL_TOKEN_FLAG).mapTo(Integer.class).one() > 0;
                if (issued) return Optional.empty();
                h.createUpdate("INSERT INTO server_state (state_key, state_value) VALUES (:n, :v)")
                        .bind("n", INITIAL_TOKEN_FLAG).bind("v", now().toString()).execute();
                return Optional.of(insert(h, "initial"));
            });
        } catch (UnableToExecuteStatementException raced) {
            // Two processes started at once on one database: the other one issued it.
            return Optional.empty();
        }
    }

    /** @return the id of the active token with this secret, if any */
    public Optional<String> authenticate(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX) || secret.length() > 200) return Optional.empty();
        String hash = hash(secret);
        long now = System.nanoTime();
        CachedToken cached = activeByHash.get(hash);
        if (cached != null && now - cached.checkedAtNanos() < cacheNanos) return Optional.of(cached.id());
        Optional<String> id = jdbi.withHandle(h -> h.createQuery(
                        "SELECT id FROM access_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .bind("hash", hash)
                .mapTo(String.class)
                .findOne());
        if (id.isPresent()) {
            // Dropping everything when full is crude, but bounded; real deployments have a handful of tokens.
            if (activeByHash.size() >= MAX_CACHED) activeByHash.clear();
            activeByHash.put(hash, new CachedToken(id.get(), now));
        } else {
            activeByHash.remove(hash);
        }
        return id;
    }

    public List<AccessToken> list() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, name, created_at, revoked_at FROM access_tokens ORDER BY created_at, id")
                .map((rs, ctx) -> new AccessToken(rs.getString("id"), rs.getString("name"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("revoked_at", OffsetDateTime.class)))
                .list());
    }

    /**
     * Revokes a token; requests with it fail from then on.
     *
     * @return false when no token has this id
     */
    public boolean revoke(String id) {
        return jdbi.withHandle(h -> {
            int found = h.createQuery("SELECT COUNT(*) FROM access_tokens WHERE id = :id")
                    .bind("id", id).mapTo(Integer.class).one();
            if (found == 0) return false;
            h.createUpdate("UPDATE access_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .bind("now", now()).bind("id", id).execute();
            activeByHash.clear();
            return true;
        });
    }

    private static IssuedToken insert(org.jdbi.v3.core.Handle h, String name) {
        String id = "tok_" + RandomIds.base32(16);
        String secret = TOKEN_PREFIX + RandomIds.base64Url(32);
        OffsetDateTime created = now();
        h.createUpdate("INSERT INTO access_tokens (id, name, token_hash, created_at) VALUES (:id, :name, :hash, :at)")
                .bind("id", id).bind("name", name).bind("hash", hash(secret)).bind("at", created)
                .execute();
        return new IssuedToken(new AccessToken(id, name, created, null), secret);
    }

    private static String validName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > MAX_NAME_LENGTH || n.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("token name must be 1 to " + MAX_NAME_LENGTH
                    + " printable characters");
        }
        return n;
    }

    static String hash(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static OffsetDateTime now() {
        // Microseconds: what both H2 and PostgreSQL store, so values read back compare equal.
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
