package dev.hibiki.server.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.hibiki.live.channel.ChannelKind;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.channel.ChannelSpec;
import dev.hibiki.live.hls.EncryptKeyStore;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.platform.persistence.SecretBox;
import dev.hibiki.platform.token.IssuedToken;
import dev.hibiki.platform.token.TokenService;
import dev.hibiki.platform.usage.ConnectionUsage;
import dev.hibiki.platform.usage.UsageService;
import dev.hibiki.server.testing.Schema;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.sipgateway.SipAppService;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database created when all migrations were one sequence ({@code single-sequence-schema/V1..V5}, as the server
 * shipped them, history in {@code flyway_schema_history}) opens with the per-module migration folders without losing
 * a row, and the services read what was written before the upgrade. Also from a database that stopped at V3.
 */
class SchemaUpgradeTest {

    private static final SecretBox BOX = SecretBox.of(new byte[32]);

    @TempDir
    Path dir;

    @Test
    void h2DatabaseAtTheLastSingleSequenceVersionKeepsEveryRow() {
        upgradeFromV5(h2());
    }

    @Test
    void postgresDatabaseAtTheLastSingleSequenceVersionKeepsEveryRow() {
        upgradeFromV5(TestDatabases.freshPostgres());
    }

    @Test
    void h2DatabaseThatStoppedAtV3GetsTheLaterMigrationsOfEachModule() {
        upgradeFromV3(h2());
    }

    @Test
    void postgresDatabaseThatStoppedAtV3GetsTheLaterMigrationsOfEachModule() {
        upgradeFromV3(TestDatabases.freshPostgres());
    }

    @Test
    void aNewDatabaseGetsEveryFolderFromItsFirstVersion() {
        DatabaseSettings db = h2();
        try (Database opened = Database.open(db, dir, Schema.ALL)) {
            assertThat(history(opened.jdbi(), "flyway_history_platform")).containsEntry("1", true).containsEntry("2", true);
            assertThat(history(opened.jdbi(), "flyway_history_live")).containsEntry("1", true).containsEntry("4", true);
            assertThat(history(opened.jdbi(), "flyway_history_sipgateway")).containsEntry("1", true);
            int channels = opened.jdbi().withHandle(h -> h.select("SELECT COUNT(*) FROM channels").mapTo(Integer.class).one());
            assertThat(channels).isZero();
        }
    }

    private void upgradeFromV5(DatabaseSettings db) {
        IssuedToken token;
        String channelId;
        EncryptKeyStore.Issued key;
        try (HikariDataSource ds = dataSource(db)) {
            singleSequence(ds, "5");
            Jdbi jdbi = Jdbi.create(ds);
            token = new TokenService(jdbi).create("before the upgrade");
            channelId = channelOfTheOldSchema(jdbi, token.token().id());
            key = new EncryptKeyStore(jdbi, BOX).issue(token.token().id(), channelId);
            new SipAppService(jdbi).create("app-before", "https://example.com/callback");
            UsageService usage = new UsageService(jdbi);
            usage.recordConnection(new ConnectionUsage("conn-before", channelId, token.token().id(), "sendonly",
                    Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-01T00:10:00Z"), 1000, 2000));
        }
        for (int open = 0; open < 2; open++) {
            try (Database upgraded = Database.open(db, dir, Schema.ALL)) {
                Jdbi jdbi = upgraded.jdbi();
                assertThat(history(jdbi, "flyway_history_platform")).containsEntry("2", true).doesNotContainKey("1");
                assertThat(history(jdbi, "flyway_history_live")).containsEntry("4", true).doesNotContainKey("1");
                assertThat(history(jdbi, "flyway_history_sipgateway")).containsEntry("1", true).hasSize(1);
                assertThat(new TokenService(jdbi).authenticate(token.secret())).contains(token.token().id());
                assertThat(new ChannelService(jdbi).findLive(channelId)).hasValueSatisfying(c ->
                        assertThat(c.spec().iceTransportPolicy()).as("the server's policy").isNull());
                assertThat(new EncryptKeyStore(jdbi, BOX).hexKey(token.token().id(), key.kid()))
                        .contains(HexFormat.of().formatHex(key.key()));
                assertThat(new SipAppService(jdbi).find("app-before")).isPresent();
                assertThat(new UsageService(jdbi).report(token.token().id(), Instant.parse("2026-11-30T00:00:00Z"),
                        Instant.parse("2026-12-02T00:00:00Z"), List.of()).byChannel()).containsKey(channelId);
                // and the upgraded schema takes new rows
                assertThat(new ChannelService(jdbi).create(token.token().id(),
                        new ChannelSpec(ChannelKind.MULTISTREAM, List.of(), null, null, null, null)).id()).isNotBlank();
            }
        }
    }

    private void upgradeFromV3(DatabaseSettings db) {
        IssuedToken token;
        String channelId;
        String plaintextKey = "00112233445566778899aabbccddeeff";
        try (HikariDataSource ds = dataSource(db)) {
            singleSequence(ds, "3");
            Jdbi jdbi = Jdbi.create(ds);
            token = new TokenService(jdbi).create("before the upgrade");
            channelId = channelOfTheOldSchema(jdbi, token.token().id());
            // V2's key column held the key in hex, unsealed
            jdbi.useHandle(h -> h.execute("INSERT INTO hls_encrypt_keys (kid, owner_token_id, channel_id, encrypt_key, "
                    + "created_at) VALUES ('kid-before', ?, ?, ?, CURRENT_TIMESTAMP)", token.token().id(), channelId,
                    plaintextKey));
        }
        try (Database upgraded = Database.open(db, dir, Schema.ALL)) {
            Jdbi jdbi = upgraded.jdbi();
            assertThat(history(jdbi, "flyway_history_platform")).containsEntry("2", true);
            assertThat(history(jdbi, "flyway_history_live")).containsEntry("2", true).containsEntry("4", true);
            assertThat(history(jdbi, "flyway_history_sipgateway")).containsEntry("1", true);
            EncryptKeyStore keys = new EncryptKeyStore(jdbi, BOX);
            assertThat(keys.sealPlaintextKeys()).isEqualTo(1);
            assertThat(keys.hexKey(token.token().id(), "kid-before")).contains(plaintextKey);
            assertThat(new SipAppService(jdbi).create("app-after", "https://example.com/cb").key()).isEqualTo("app-after");
            assertThat(new TokenService(jdbi).authenticate(token.secret())).contains(token.token().id());
        }
    }

    /** A channel row as the single sequence's schema holds it (today's ChannelService writes later columns). */
    private static String channelOfTheOldSchema(Jdbi jdbi, String ownerTokenId) {
        String id = "channel-before-the-upgrade-" + System.nanoTime();
        jdbi.useHandle(h -> h.execute("INSERT INTO channels (id, owner_token_id, kind, created_at)"
                + " VALUES (?, ?, ?, CURRENT_TIMESTAMP)", id, ownerTokenId, ChannelKind.MULTISTREAM.dbValue()));
        return id;
    }

    private DatabaseSettings h2() {
        return new DatabaseSettings(DatabaseSettings.durable("jdbc:h2:file:" + dir.resolve("single-sequence")), "sa",
                "", 4, false);
    }

    private static HikariDataSource dataSource(DatabaseSettings db) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.url());
        if (!db.user().isEmpty()) hc.setUsername(db.user());
        if (!db.password().isEmpty()) hc.setPassword(db.password());
        hc.setMaximumPoolSize(2);
        return new HikariDataSource(hc);
    }

    /** Migrates as the server did when its migrations were one folder, up to {@code target}. */
    private static void singleSequence(HikariDataSource ds, String target) {
        Flyway.configure().dataSource(ds).locations("classpath:single-sequence-schema").target(target).load().migrate();
    }

    /** Version → success of a Flyway history table, baseline rows included. */
    private static Map<String, Boolean> history(Jdbi jdbi, String table) {
        return jdbi.withHandle(h -> {
            Map<String, Boolean> rows = new TreeMap<>();
            h.createQuery("SELECT \"version\", \"success\" FROM \"" + table + "\" WHERE \"version\" IS NOT NULL")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getBoolean(2)))
                    .forEach(e -> rows.put(e.getKey(), e.getValue()));
            return rows;
        });
    }
}
