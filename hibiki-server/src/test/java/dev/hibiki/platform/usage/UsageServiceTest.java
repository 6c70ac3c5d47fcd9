package dev.hibiki.platform.usage;

import dev.hibiki.server.testing.Schema;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.platform.token.TokenService;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The billing numbers of ImageFlux_20180601.Stats, on H2 and PostgreSQL. */
class UsageServiceTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    @SuppressWarnings("unchecked")
    void connectionTimeIsCutToTheRangeAndBytesCountWhereTheConnectionEnded(String db) {
        try (Database database = Database.open(db.equals("h2") ? TestDatabases.h2(dir) : TestDatabases.freshPostgres(), dir, Schema.ALL)) {
            UsageService usage = new UsageService(database.jdbi());
            String owner = new TokenService(database.jdbi()).create("a").token().id();
            Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
            // 10 minutes sendonly, fully inside; 4 minutes recvonly, of which 2 inside; another owner's
            usage.recordConnection(new ConnectionUsage("c1", "ch1", owner, "sendonly", t0.plusSeconds(60),
                    t0.plusSeconds(660), 1_000, 10));
            usage.recordConnection(new ConnectionUsage("c2", "ch2", owner, "recvonly", t0.plusSeconds(3480),
                    t0.plusSeconds(3720), 5, 2_000));
            usage.recordConnection(new ConnectionUsage("c3", "ch1", "someone-else", "sendonly", t0, t0.plusSeconds(600),
                    7, 7));
            UsageService.Report r = usage.report(owner, t0, t0.plusSeconds(3600), List.of());

            Map<String, Object> total = r.total().toJson();
            Map<String, Object> minutes = (Map<String, Object>) total.get("connection_minutes");
            assertThat(minutes.get("sendonly")).isEqualTo(10.0);
            assertThat(minutes.get("recvonly")).isEqualTo(2.0);
            assertThat(minutes.get("total")).isEqualTo(12.0);
            assertThat(total.get("connections")).isEqualTo(2L);
            assertThat(total.get("bytes_received")).as("c2 ended after the range: its bytes are not in it").isEqualTo(1_000L);
            assertThat(r.byChannel()).containsOnlyKeys("ch1", "ch2");

            // a live connection counts up to now, with its bytes so far
            Instant now = Instant.now();
            UsageService.Report live = usage.report(owner, now.minusSeconds(120), now.plusSeconds(1),
                    List.of(new ConnectionUsage("c4", "ch3", owner, "sendrecv", now.minusSeconds(60), now, 42, 43)));
            Map<String, Object> liveTotal = live.byChannel().get("ch3").toJson();
            assertThat((Double) ((Map<String, Object>) liveTotal.get("connection_minutes")).get("sendrecv"))
                    .isBetween(0.99, 1.01);
            assertThat(liveTotal.get("bytes_sent")).isEqualTo(43L);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void hlsBytesAreCountedPerChannelAndHour(String db) {
        try (Database database = Database.open(db.equals("h2") ? TestDatabases.h2(dir) : TestDatabases.freshPostgres(), dir, Schema.ALL)) {
            UsageService usage = new UsageService(database.jdbi());
            usage.addHlsBytes("ch1", "tok_a", 1000);
            usage.addHlsBytes("ch1", "tok_a", 500);
            usage.flush();
            usage.addHlsBytes("ch1", "tok_a", 1);
            usage.addHlsBytes("ch2", "tok_b", 99);
            Instant now = Instant.now();
            UsageService.Report r = usage.report("tok_a", now.minusSeconds(7200), now.plusSeconds(60), List.of());
            assertThat(r.byChannel().get("ch1").toJson().get("hls_bytes_served")).isEqualTo(1501L);
            assertThat(r.byChannel()).doesNotContainKey("ch2");
        }
    }
}
