package dev.hibiki.ricoh;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static dev.hibiki.ricoh.RicohServer.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing client secrets or tokens: after 30 failures in a minute an address gets 429 with Retry-After on the
 * token endpoint and the rooms API alike, before any secret is checked; other addresses are not affected. The
 * addresses are told apart by X-Forwarded-For, which the server trusts from a proxy on loopback (as the test is).
 */
class ClientAuthThrottleTest {

    @TempDir
    static Path dataDir;
    static RicohServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = new RicohServer(dataDir, RicohSettings.DEFAULT);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<String> token(String from, String clientId, String secret) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString(RicohServer.form(java.util.Map.of(
                        "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> rooms(String from, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.base() + "/v1/rooms"))
                .header("X-Forwarded-For", from).header("Authorization", authorization).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wrongSecretsFromOneAddressAreThrottledOnTheTokenEndpointAndTheRoomsApi() throws Exception {
        IssuedClient c = server.newClient(1);
        String guesser = "203.0.113.7";
        for (int i = 0; i < 30; i++) {
            assertThat(token(guesser, c.client().id(), "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = token(guesser, c.client().id(), c.secret());
        assertThat(throttled.statusCode()).as("even the right secret waits").isEqualTo(429);
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(json(throttled).get("error").asText()).isEqualTo("temporarily_unavailable");

        HttpResponse<String> api = rooms(guesser, RicohServer.basic(c));
        assertThat(api.statusCode()).isEqualTo(429);
        assertThat(json(api).get("error").get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");

        assertThat(token("203.0.113.8", c.client().id(), c.secret()).statusCode())
                .as("another address is not affected").isEqualTo(200);
    }

    @Test
    void wrongBearerTokensOnTheRoomsApiCountToo() throws Exception {
        String guesser = "198.51.100.9";
        for (int i = 0; i < 30; i++) {
            assertThat(rooms(guesser, "Bearer guess-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(rooms(guesser, "Bearer guess").statusCode()).isEqualTo(429);
    }
}
