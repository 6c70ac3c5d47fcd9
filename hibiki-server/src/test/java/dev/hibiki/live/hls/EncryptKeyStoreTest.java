package dev.hibiki.live.hls;

import dev.hibiki.server.testing.Schema;
import dev.hibiki.live.channel.ChannelKind;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.channel.ChannelSpec;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.platform.persistence.SecretBox;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.platform.token.TokenService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** HLS keys at rest: sealed with the server key, and those of an older install sealed at start. */
class EncryptKeyStoreTest {

    @TempDir
    Path dir;

    @Test
    void keysAreStoredSealedAndReadBackAsIssued() throws Exception {
        String hex;
        try (Database db = Database.open(TestDatabases.h2(dir), dir, Schema.ALL)) {
            String owner = new TokenService(db.jdbi()).create("t").token().id();
            String channel = new ChannelService(db.jdbi()).create(owner,
                    new ChannelSpec(ChannelKind.MULTISTREAM, List.of(), null, null, null, null)).id();
            EncryptKeyStore store = new EncryptKeyStore(db.jdbi(), SecretBox.load("", dir));
            EncryptKeyStore.Issued issued = store.issue(owner, channel);
            hex = HexFormat.of().formatHex(issued.key());

            String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT encrypt_key FROM hls_encrypt_keys")
                    .mapTo(String.class).one());
            assertThat(stored).startsWith("v1:").doesNotContain(hex);
            assertThat(store.hexKey(owner, issued.kid())).contains(hex);
            assertThat(store.hexKey("someone-else", issued.kid())).isEmpty();

            // A key an older server stored in plain text is sealed at start and reads back the same.
            String plain = "00112233445566778899aabbccddeeff";
            db.jdbi().useHandle(h -> h.createUpdate("""
                    INSERT INTO hls_encrypt_keys (kid, owner_token_id, channel_id, encrypt_key, created_at)
                    VALUES ('OLDKID', :owner, :channel, :key, CURRENT_TIMESTAMP)""")
                    .bind("owner", owner).bind("channel", channel).bind("key", plain).execute());
            assertThat(store.sealPlaintextKeys()).isEqualTo(1);
            assertThat(store.sealPlaintextKeys()).isZero();
            String sealed = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT encrypt_key FROM hls_encrypt_keys WHERE kid = 'OLDKID'").mapTo(String.class).one());
            assertThat(sealed).startsWith("v1:");
            assertThat(store.hexKey(owner, "OLDKID")).contains(plain);
        }
        // A key issued sealed was never written to the database file in plain text (as hex or as raw bytes).
        byte[] file = Files.readAllBytes(dir.resolve("hibiki.mv.db"));
        assertThat(new String(file, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(hex)
                .doesNotContain(new String(HexFormat.of().parseHex(hex), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
}
