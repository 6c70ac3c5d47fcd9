package dev.hibiki.server.hls;

import dev.hibiki.server.persistence.RandomIds;
import org.jdbi.v3.core.Jdbi;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/** The AES-128 keys of encrypted HLS outputs, each under a random key id (kid) and visible only to its owner. */
public final class EncryptKeyStore {

    private static final int KID_LENGTH = 26; // 130 random bits
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new key: {@code key} is 16 bytes. */
    public record Issued(String kid, byte[] key) {
    }

    private final Jdbi jdbi;

    public EncryptKeyStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Makes and stores a key for one output of the owner's channel. */
    public Issued issue(String ownerTokenId, String channelId) {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String kid = RandomIds.base32(KID_LENGTH);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO hls_encrypt_keys (kid, owner_token_id, channel_id, encrypt_key, created_at)
                        VALUES (:kid, :owner, :channel, :key, :at)""")
                .bind("kid", kid).bind("owner", ownerTokenId).bind("channel", channelId)
                .bind("key", HexFormat.of().formatHex(key)).bind("at", now)
                .execute());
        return new Issued(kid, key);
    }

    /** The key as 32 hex characters, if {@code kid} is one of this owner's. */
    public Optional<String> hexKey(String ownerTokenId, String kid) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT encrypt_key FROM hls_encrypt_keys WHERE kid = :kid AND owner_token_id = :owner""")
                .bind("kid", kid).bind("owner", ownerTokenId)
                .mapTo(String.class)
                .findOne());
    }
}
