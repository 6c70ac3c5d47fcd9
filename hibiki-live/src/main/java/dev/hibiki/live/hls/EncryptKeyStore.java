package dev.hibiki.live.hls;

import dev.hibiki.platform.persistence.RandomIds;
import dev.hibiki.platform.persistence.SecretBox;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The AES-128 keys of encrypted HLS outputs, each under a random key id (kid) and visible only to its owner. Stored
 * sealed with the server key ({@link SecretBox}), bound to their kid.
 */
public final class EncryptKeyStore {
    private static final Logger LOG = LoggerFactory.getLogger(EncryptKeyStore.class);

    private static final int KID_LENGTH = 26; // 130 random bits
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new key: {@code key} is 16 bytes. */
    public record Issued(String kid, byte[] key) {
    }

    private final Jdbi jdbi;
    private final SecretBox box;

    public EncryptKeyStore(Jdbi jdbi, SecretBox box) {
        this.jdbi = jdbi;
        this.box = box;
    }

    private static String context(String kid) {
        return "hls_encrypt_keys:" + kid;
    }

    /**
     * Seals the keys a server from before sealing stored in plain text; run at start.
     *
     * @return how many were sealed
     */
    public int sealPlaintextKeys() {
        int sealed = jdbi.inTransaction(h -> {
            var plain = h.createQuery("SELECT kid, encrypt_key FROM hls_encrypt_keys WHERE encrypt_key NOT LIKE 'v1:%'")
                    .map((rs, ctx) -> new String[]{rs.getString(1), rs.getString(2).strip()}).list();
            for (String[] row : plain) {
                h.createUpdate("UPDATE hls_encrypt_keys SET encrypt_key = :key WHERE kid = :kid")
                        .bind("key", box.seal(HexFormat.of().parseHex(row[1]), context(row[0]))).bind("kid", row[0])
                        .execute();
            }
            return plain.size();
        });
        if (sealed > 0) LOG.info("sealed {} HLS encryption keys stored in plain text with the server key", sealed);
        return sealed;
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
                .bind("key", box.seal(key, context(kid))).bind("at", now)
                .execute());
        return new Issued(kid, key);
    }

    /** The key as 32 hex characters, if {@code kid} is one of this owner's. */
    public Optional<String> hexKey(String ownerTokenId, String kid) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT encrypt_key FROM hls_encrypt_keys WHERE kid = :kid AND owner_token_id = :owner""")
                .bind("kid", kid).bind("owner", ownerTokenId)
                .mapTo(String.class)
                .findOne())
                .map(stored -> SecretBox.isSealed(stored)
                        ? HexFormat.of().formatHex(box.open(stored, context(kid))) : stored.strip());
    }
}
