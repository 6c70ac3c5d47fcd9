package dev.hibiki.platform.http;

import dev.hibiki.server.testing.Schema;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ApiClient.Response;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.platform.token.TokenService;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP envelope around any target: internal errors, CORS. */
class HttpServerErrorTest {

    @TempDir
    Path dir;

    private Database database;
    private HttpServer server;
    private ApiClient api;
    private String token;

    @BeforeEach
    void start() {
        database = Database.open(TestDatabases.h2(dir), dir, Schema.ALL);
        TokenService tokens = new TokenService(database.jdbi());
        token = tokens.create("t").secret();
        SoraTargetDispatcher dispatcher = new SoraTargetDispatcher(new BearerAuthenticator(tokens))
                .register("Test.Fail", call -> {
                    throw new IllegalStateException("secret internal detail");
                })
                .register("Test.Echo", call -> Map.of("echo", call.body()));
        server = new HttpServer(new HttpServer.Settings("127.0.0.1", 0, List.of("https://app.example.com"),
                Duration.ofSeconds(5)), dispatcher, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        server.start();
        server.markReady();
        api = new ApiClient(URI.create("http://127.0.0.1:" + server.port() + "/"));
    }

    @AfterEach
    void stop() {
        server.stop();
        database.close();
    }

    @Test
    void internalErrorsAre500WithoutDetails() {
        Response r = api.call("Test.Fail", token, "{}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.errorCode()).isEqualTo("INTERNAL_ERROR");
        String requestId = r.header("X-Request-Id").orElseThrow();
        assertThat(r.errorMessage()).contains(requestId);
        assertThat(r.body()).doesNotContain("secret internal detail", "IllegalStateException", "at dev.hibiki");
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        Response preflight = api.send(api.request("/").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example.com")
                .header("Access-Control-Request-Method", "POST").build());
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).contains("https://app.example.com");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST, OPTIONS");
        assertThat(preflight.header("Access-Control-Allow-Headers")).hasValueSatisfying(h ->
                assertThat(h).contains("x-sora-target", "Authorization", "Content-Type"));
        assertThat(preflight.header("Access-Control-Max-Age")).contains("1000");

        Response stranger = api.send(api.request("/").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.com").build());
        assertThat(stranger.header("Access-Control-Allow-Origin")).isEmpty();

        Response call = api.send(api.request("/").header("Origin", "https://app.example.com")
                .header("X-Sora-Target", "Test.Echo").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build());
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.json().get("echo").get("a").asInt()).isEqualTo(1);
        assertThat(call.header("Access-Control-Allow-Origin")).contains("https://app.example.com");
    }

    @Test
    void healthIs503UntilReadyAndAfterStop() {
        server.stop();
        HttpServer notReady = new HttpServer(new HttpServer.Settings("127.0.0.1", 0, List.of(), Duration.ofSeconds(5)),
                new SoraTargetDispatcher(new BearerAuthenticator(new TokenService(database.jdbi()))),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        notReady.start();
        try {
            ApiClient c = new ApiClient(URI.create("http://127.0.0.1:" + notReady.port() + "/"));
            assertThat(c.send(c.request("/health").GET().build()).status()).isEqualTo(503);
            notReady.markReady();
            assertThat(c.send(c.request("/health").GET().build()).status()).isEqualTo(200);
        } finally {
            notReady.stop();
        }
        server = notReady; // stopped twice in @AfterEach: stop is idempotent
    }
}
