package dev.hibiki.platform;

import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.platform.config.PlatformConfig;
import dev.hibiki.platform.config.Setting;
import dev.hibiki.platform.persistence.MigrationFolder;
import dev.hibiki.platform.webhook.WebhookSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Feature contract as the platform runs it: order, migrations, routes, API targets, stop on failure. */
class PlatformServerTest {

    @TempDir
    Path dataDir;

    private final List<String> log = new ArrayList<>();

    /** A feature that records its lifecycle, serves one route and one API target, and owns one table. */
    private final class RecordingFeature implements Feature {
        private final String name;
        private final boolean failOnStart;

        RecordingFeature(String name, boolean failOnStart) {
            this.name = name;
            this.failOnStart = failOnStart;
        }

        @Override public String name() { return name; }
        @Override public List<Setting> settings() { return List.of(); }
        @Override public Optional<MigrationFolder> migrations() {
            return name.equals("first") ? Optional.of(new MigrationFolder("testfeature", List.of())) : Optional.empty();
        }
        @Override public List<Class<?>> commands() { return List.of(); }

        @Override
        public void start(Platform platform) {
            log.add("start " + name);
            if (failOnStart) throw new StartupException("cannot start " + name, new IllegalStateException());
            int notes = platform.jdbi().withHandle(h ->
                    h.select("SELECT COUNT(*) FROM test_feature_notes").mapTo(Integer.class).one());
            platform.routes(cfg -> cfg.routes.get("/" + name, ctx -> ctx.result(name + " " + notes + " "
                    + platform.settings(String.class))));
            platform.api().register("Test_" + name + ".Hello", call -> Map.of("from", name));
        }

        @Override
        public void stop() {
            log.add("stop " + name);
        }
    }

    private PlatformConfig config() {
        return new PlatformConfig("127.0.0.1", 0, List.of(), dataDir, null,
                new DatabaseSettings(DatabaseSettings.embeddedH2Url(dataDir.resolve("hibiki")), "", "", 4, true),
                Duration.ofSeconds(1), WebhookSettings.DEFAULT, "");
    }

    @Test
    void featuresStartInOrderServeTheirRoutesAndTargetsAndStopInReverse() throws Exception {
        InstalledFeatures installed = new InstalledFeatures(List.of(new RecordingFeature("first", false),
                new RecordingFeature("second", false)));
        try (PlatformServer server = PlatformServer.start(config(), installed, Map.of(String.class, "configured"))) {
            assertThat(log).containsExactly("start first", "start second");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> route = http.send(HttpRequest.newBuilder(URI.create(server.urls().httpBase() + "/second"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(route.body()).isEqualTo("second 0 configured");
            String token = server.initialToken().orElseThrow().secret();
            HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(server.urls().httpBase() + "/"))
                    .header("X-Sora-Target", "Test_first.Hello").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).isEqualTo(200);
            assertThat(api.body()).contains("\"from\":\"first\"");
        }
        assertThat(log).containsExactly("start first", "start second", "stop second", "stop first");
    }

    @Test
    void aFeatureThatCannotStartStopsTheOnesBeforeItAndReleasesTheDatabase() {
        InstalledFeatures failing = new InstalledFeatures(List.of(new RecordingFeature("first", false),
                new RecordingFeature("second", true)));
        assertThatThrownBy(() -> PlatformServer.start(config(), failing, Map.of(String.class, "x")))
                .isInstanceOf(StartupException.class).hasMessage("cannot start second");
        assertThat(log).containsExactly("start first", "start second", "stop second", "stop first");
        log.clear();
        InstalledFeatures working = new InstalledFeatures(List.of(new RecordingFeature("first", false)));
        try (PlatformServer again = PlatformServer.start(config(), working, Map.of(String.class, "x"))) {
            assertThat(log).containsExactly("start first");
        }
    }
}
