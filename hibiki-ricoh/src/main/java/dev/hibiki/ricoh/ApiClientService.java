package dev.hibiki.ricoh;

import dev.hibiki.platform.persistence.RandomIds;
import dev.hibiki.platform.token.TokenService;
import org.jdbi.v3.core.Jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * API clients (created by the operator with {@code hibiki client create}) and the short-lived access tokens they
 * get with the client credentials grant.
 */
public final class ApiClientService {

    public static final int DEFAULT_MAX_ROOMS = 10;
    private static final int MAX_NAME_LENGTH = 200;
    private static final int MAX_SECRET_LENGTH = 200;

    private final Jdbi jdbi;
    private final Clock clock;

    public ApiClientService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /**
     * Creates a client with a platform access token of its own, which owns its rooms' channels; that token's secret
     * is never used (channels are found by the token's id), so it is dropped here.
     *
     * @throws IllegalArgumentException for a bad name or room limit
     */
    public IssuedClient create(String name, int maxRooms) {
        String cleanName = name == null ? "" : name.strip();
        if (cleanName.isEmpty() || cleanName.length() > MAX_NAME_LENGTH
                || cleanName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the client name must be 1 to " + MAX_NAME_LENGTH
                    + " printable characters");
        }
        if (maxRooms < 1 || maxRooms > 100_000) {
            throw new IllegalArgumentException("--max-rooms must be 1 to 100000 (got " + maxRooms + ")");
        }
        String ownerTokenId = new TokenService(jdbi).create("ricoh client " + cleanName).token().id();
        String id = RandomIds.base32(26);
        String secret = RandomIds.base64Url(32);
        OffsetDateTime now = Times.now(clock);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO api_clients (id, name, secret_hash, max_rooms, owner_token_id, created_at)
                        VALUES (:id, :name, :hash, :max, :owner, :at)""")
                .bind("id", id).bind("name", cleanName).bind("hash", SecretHash.of(secret)).bind("max", maxRooms)
                .bind("owner", ownerTokenId).bind("at", now).execute());
        return new IssuedClient(new ApiClient(id, cleanName, maxRooms, ownerTokenId, now, null), secret);
    }

    public List<ApiClient> list() {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " ORDER BY created_at, id")
                .map((rs, ctx) -> read(rs)).list());
    }

    /**
     * Revokes a client, its access tokens and the platform token of its channels: its requests fail from then on
     * and its rooms take no new connections.
     *
     * @return false when no client has this id
     */
    public boolean revoke(String id) {
        Optional<ApiClient> client = find(id);
        if (client.isEmpty()) return false;
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE api_clients SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                    .bind("now", Times.now(clock)).bind("id", id).execute();
            h.createUpdate("DELETE FROM client_tokens WHERE client_id = :id").bind("id", id).execute();
        });
        new TokenService(jdbi).revoke(client.get().ownerTokenId());
        return true;
    }

    public Optional<ApiClient> find(String id) {
        return jdbi.withHandle(h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> read(rs)).findOne());
    }

    /** The active client with these credentials, if they are right. */
    public Optional<ApiClient> authenticate(String id, String secret) {
        if (id == null || secret == null || id.length() > 64 || secret.length() > MAX_SECRET_LENGTH) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT secret_hash FROM api_clients WHERE id = :id AND revoked_at IS NULL")
                        .bind("id", id).mapTo(String.class).findOne())
                .filter(hash -> SecretHash.matches(secret, hash))
                .flatMap(hash -> find(id));
    }

    /** A new bearer token for the client, valid for {@code ttl}; expired ones are swept on the way. */
    public String issueToken(String clientId, Duration ttl) {
        String token = RandomIds.base64Url(32);
        OffsetDateTime now = Times.now(clock);
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM client_tokens WHERE expires_at <= :now").bind("now", now).execute();
            h.createUpdate("INSERT INTO client_tokens (hash, client_id, expires_at) VALUES (:hash, :client, :exp)")
                    .bind("hash", SecretHash.of(token)).bind("client", clientId).bind("exp", now.plus(ttl)).execute();
        });
        return token;
    }

    /** The active client whose unexpired token this is. */
    public Optional<ApiClient> authenticateToken(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_SECRET_LENGTH) return Optional.empty();
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT client_id FROM client_tokens WHERE hash = :hash AND expires_at > :now""")
                        .bind("hash", SecretHash.of(token)).bind("now", Times.now(clock))
                        .mapTo(String.class).findOne())
                .flatMap(this::find)
                .filter(c -> c.revokedAt() == null);
    }

    private static final String SELECT =
            "SELECT id, name, max_rooms, owner_token_id, created_at, revoked_at FROM api_clients";

    private static ApiClient read(ResultSet rs) throws SQLException {
        return new ApiClient(rs.getString("id"), rs.getString("name"), rs.getInt("max_rooms"),
                rs.getString("owner_token_id"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class));
    }
}
