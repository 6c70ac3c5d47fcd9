package dev.hibiki.server.e2e;

import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write the server confirmed survives {@code kill -9}: channels created and deleted through the API, a token
 * revoked and a SIP app created with the CLI while the server runs; the server process is killed right after the
 * last confirmation, restarted on the same data, and each write is checked. On the embedded H2 database (where a
 * delayed write would be lost with the process) and on PostgreSQL.
 */
@Tag("e2e")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DurabilityIT {

    @TempDir
    Path tmp;

    private HibikiProcess server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void confirmedWritesSurviveKillDashNine(String database) throws Exception {
        Path dataDir = tmp.resolve("data");
        Map<String, String> env = database.equals("h2") ? Map.of() : postgres();
        String[] args = {"--data-dir", dataDir.toString(), "--http-port", "0"};
        server = HibikiProcess.serve(tmp, env, args);
        String token = server.initialToken();
        ApiClient api = new ApiClient(server.localUrl());

        HibikiProcess.Result other = HibikiProcess.run(tmp, env, "token", "create", "--data-dir", dataDir.toString(), "--name", "other");
        assertThat(other.exitCode()).as("%s", other).isZero();
        String otherToken = other.stdout().strip();
        assertThat(api.listChannelIds(otherToken)).isEmpty();
        String otherId = HibikiProcess.run(tmp, env, "token", "list", "--data-dir", dataDir.toString()).stdoutLines().stream()
                .filter(l -> l.endsWith(" other")).map(l -> l.split("\\s+")[0]).findFirst().orElseThrow();

        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++) kept.add(api.createChannel(token));
        String deleted = api.createChannel(token);
        assertThat(api.deleteChannel(token, deleted).status()).isEqualTo(200);
        assertThat(HibikiProcess.run(tmp, env, "token", "revoke", "--data-dir", dataDir.toString(), otherId).exitCode()).isZero();
        assertThat(HibikiProcess.run(tmp, env, "sip", "app", "create", "--data-dir", dataDir.toString(), "--key", "durable",
                "--url", "https://app.example.com/calls").exitCode()).isZero();
        String last = api.createChannel(token); // confirmed just before the kill
        kept.add(last);
        server.sigkill();

        server = HibikiProcess.serve(tmp, env, args);
        api = new ApiClient(server.localUrl());
        assertThat(api.listChannelIds(token)).as("channels confirmed before kill -9").containsExactlyInAnyOrderElementsOf(kept);
        assertThat(api.deleteChannel(token, deleted).status()).as("a confirmed delete stays done").isEqualTo(404);
        assertThat(api.call(otherToken, "ImageFlux_20200729.ListChannelIDs", null).status())
                .as("the revoked token stays revoked").isEqualTo(401);
        HibikiProcess.Result apps = HibikiProcess.run(tmp, env, "sip", "app", "list", "--data-dir", dataDir.toString());
        assertThat(apps.stdout()).contains("durable");
    }

    private static Map<String, String> postgres() {
        DatabaseSettings db = TestDatabases.freshPostgres();
        return Map.of("HIBIKI_DB_URL", db.url());
    }
}
