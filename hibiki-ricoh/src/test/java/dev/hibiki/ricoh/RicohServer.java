package dev.hibiki.ricoh;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.live.LiveFeature;
import dev.hibiki.live.config.HlsSettings;
import dev.hibiki.live.config.MediaSettings;
import dev.hibiki.platform.InstalledFeatures;
import dev.hibiki.platform.PlatformServer;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.platform.config.PlatformConfig;
import dev.hibiki.platform.http.JsonBodyReader;
import dev.hibiki.platform.webhook.WebhookSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Live and the RICOH API on the platform, in process, with an HTTP client for the API's requests. */
final class RicohServer implements AutoCloseable {

    final MutableClock clock = new MutableClock();
    final RicohFeature ricoh = new RicohFeature(clock);
    final PlatformServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    RicohServer(Path dataDir, RicohSettings settings) {
        this(dataDir, settings, List.of());
    }

    /** @param between features that start after live and before the RICOH API (to provide it services) */
    RicohServer(Path dataDir, RicohSettings settings, List<dev.hibiki.platform.Feature> between) {
        this(dataDir, settings, between,
                new DatabaseSettings(DatabaseSettings.embeddedH2Url(dataDir.resolve("hibiki")), "", "", 4, true));
    }

    RicohServer(Path dataDir, RicohSettings settings, List<dev.hibiki.platform.Feature> between,
                DatabaseSettings database) {
        PlatformConfig config = new PlatformConfig("127.0.0.1", 0, List.of(), dataDir, null, database,
                Duration.ofSeconds(1), WebhookSettings.DEFAULT, "");
        List<dev.hibiki.platform.Feature> features = new java.util.ArrayList<>();
        features.add(new LiveFeature());
        features.addAll(between);
        features.add(ricoh);
        server = PlatformServer.start(config, new InstalledFeatures(features),
                Map.of(MediaSettings.class, new MediaSettings(0, List.of(InetAddress.getLoopbackAddress()), 1),
                        HlsSettings.class, HlsSettings.DEFAULT, RicohSettings.class, settings));
    }

    String base() {
        return server.urls().httpBase();
    }

    IssuedClient newClient(int maxRooms) {
        return ricoh.clients().create("test client", maxRooms);
    }

    static String basic(IssuedClient c) {
        return "Basic " + Base64.getEncoder().encodeToString((c.client().id() + ":" + c.secret())
                .getBytes(StandardCharsets.UTF_8));
    }

    static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> {
            if (!b.isEmpty()) b.append('&');
            b.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return b.toString();
    }

    HttpResponse<String> postToken(String authorization, String formBody) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base() + "/v1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody));
        if (authorization != null) r.header("Authorization", authorization);
        return send(r);
    }

    /** An access token of the client, by the client credentials grant. */
    String bearer(IssuedClient c) {
        HttpResponse<String> r = postToken(basic(c), "grant_type=client_credentials");
        if (r.statusCode() != 200) throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
        return "Bearer " + json(r).get("access_token").asText();
    }

    HttpResponse<String> request(String method, String path, String authorization, String jsonBody) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) r.header("Content-Type", "application/json");
        if (authorization != null) r.header("Authorization", authorization);
        return send(r);
    }

    private HttpResponse<String> send(HttpRequest.Builder r) {
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JsonBodyReader.mapper().readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + r.body(), e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
