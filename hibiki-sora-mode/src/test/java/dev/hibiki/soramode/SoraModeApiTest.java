package dev.hibiki.soramode;

import dev.hibiki.live.testing.SignalingClient;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.platform.http.JsonBodyReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sora's HTTP API for Sora-mode channels on the private listener, without a token (as Sora serves it); the public
 * listener still wants a token and does not see these channels.
 */
class SoraModeApiTest {

    static final String SECRET = SoraModeSignalingTest.SECRET;

    @TempDir
    static Path dataDir;
    static SoraModeServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = new SoraModeServer(dataDir, new SoraModeSettings(true, SECRET, null, null, false,
                new InetSocketAddress("127.0.0.1", 0)), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static HttpResponse<String> api(String base, String target, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).header("X-Sora-Target", target)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String privateBase() {
        return "http://127.0.0.1:" + server.soraMode.apiPort();
    }

    @Test
    void thePrivateApiListsAndDisconnectsASoraModeChannelWithoutAToken() throws Exception {
        try (SignalingClient peer = new SignalingClient(server.signalingUrl())) {
            peer.send("{\"type\":\"connect\",\"role\":\"sendrecv\",\"channel_id\":\"api-room\","
                    + "\"metadata\":{\"access_token\":\"" + SECRET + "\"}}");
            String connectionId = peer.next("offer").get("connection_id").asText();

            HttpResponse<String> list = api(privateBase(), "Sora_20201013.ListChannelConnections", "{\"channel_id\":\"api-room\"}");
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
            JsonNode listed = JsonBodyReader.mapper().readTree(list.body());
            assertThat(listed).extracting(c -> c.get("connection_id").asText()).containsExactly(connectionId);
            HttpResponse<String> all = api(privateBase(), "Sora_20201013.ListConnections", "{}");
            assertThat(JsonBodyReader.mapper().readTree(all.body())).extracting(c -> c.get("channel_id").asText())
                    .contains("api-room");

            HttpResponse<String> publicList = api(server.server.urls().httpBase(), "Sora_20201013.ListChannelConnections",
                    "{\"channel_id\":\"api-room\"}");
            assertThat(publicList.statusCode()).as("the public listener wants a token").isEqualTo(401);

            assertThat(api(privateBase(), "Sora_20151104.DisconnectChannel", "{\"channel_id\":\"api-room\"}").statusCode())
                    .isEqualTo(200);
            SignalingClient.Closed closed = peer.awaitClose();
            assertThat(closed.code()).isEqualTo(1000);
            assertThat(closed.reason()).isEqualTo("DISCONNECTED-API");
        }
    }
}
