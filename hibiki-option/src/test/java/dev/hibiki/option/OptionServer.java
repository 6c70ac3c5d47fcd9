package dev.hibiki.option;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.live.LiveFeature;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.live.config.HlsSettings;
import dev.hibiki.live.config.MediaSettings;
import dev.hibiki.platform.InstalledFeatures;
import dev.hibiki.platform.PlatformServer;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.platform.config.PlatformConfig;
import dev.hibiki.platform.http.JsonBodyReader;
import dev.hibiki.platform.security.PasswordHasher;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Live and the option on the platform, in process, with an HTTP client for the document's requests. */
final class OptionServer implements AutoCloseable {

    /** Cheap Argon2id parameters: the tests hash hundreds of passwords on a shared machine. */
    static final PasswordHasher CHEAP = new PasswordHasher(new PasswordHasher.Parameters(64, 1, 1));

    static final String LADDER = """
            [{"durationSeconds":1,"startTimeOffset":-2,"video":{"width":640,"height":480,"fps":12,"bps":2465792},
              "audio":{"bps":64000}}]""";

    final MutableClock clock = new MutableClock();
    final List<String> deletedChannels = new CopyOnWriteArrayList<>();
    final OptionFeature option = new OptionFeature(clock, CHEAP, deletedChannels::add)
            .withoutBackgroundSweep();
    final PlatformServer server;
    /** What the platform handed the features, for looking at channels directly. */
    private volatile dev.hibiki.platform.Platform platform;
    private final HttpClient http = HttpClient.newHttpClient();
    private static final AtomicInteger SYSTEMS = new AtomicInteger();
    /** Each test's logins come from an address of their own, so that one test's failures throttle no other. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    /** A system's master: its login token, the access code and the ids. */
    record Master(String systemId, long userId, String email, String password, String accessCode, String token) {
        String bearer() {
            return "Bearer " + token;
        }
    }

    OptionServer(Path dataDir, DatabaseSettings database, OptionSettings settings) {
        PlatformConfig config = new PlatformConfig("127.0.0.1", 0, List.of(), dataDir, null, database,
                Duration.ofSeconds(1), WebhookSettings.DEFAULT, "");
        server = PlatformServer.start(config, new InstalledFeatures(List.of(new LiveFeature(), probe(), option)),
                Map.of(MediaSettings.class, new MediaSettings(0, List.of(InetAddress.getLoopbackAddress()), 1),
                        HlsSettings.class, HlsSettings.DEFAULT, OptionSettings.class, settings));
    }

    String base() {
        return server.urls().httpBase();
    }

    /** A new system whose master is logged in. */
    Master newSystem() {
        int n = SYSTEMS.incrementAndGet();
        String email = "master" + n + "@example.com";
        SystemService.CreatedSystem s = option.systems().create("org " + n, "master " + n, email, "Password123");
        String token = login(email, "Password123", s.accessCode());
        return new Master(s.systemId(), s.masterUserId(), email, "Password123", s.accessCode(), token);
    }

    /** Logs in and returns the token; fails the test when the login is refused. */
    String login(String email, String password, String accessCode) {
        HttpResponse<String> r = postLogin(email, password, accessCode, nextAddress());
        if (r.statusCode() != 200) throw new IllegalStateException("login: " + r.statusCode() + " " + r.body());
        return json(r).get("token").asText();
    }

    static String nextAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "10.0." + (n / 250) + "." + (n % 250 + 1);
    }

    HttpResponse<String> postLogin(String email, String password, String accessCode, String clientAddress) {
        String body = "{\"email\":" + quote(email) + ",\"password\":" + quote(password) + ",\"access_code\":"
                + quote(accessCode) + "}";
        return send(HttpRequest.newBuilder(URI.create(base() + "/api/login"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", clientAddress)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Creates a user with the given permissions (names among delivery, view, schedule, user, is_master) as the
     * master, and logs them in.
     *
     * @return "Bearer token" and the user id
     */
    Map.Entry<String, Long> newUser(Master master, String... permissions) {
        int n = SYSTEMS.incrementAndGet();
        String email = "user" + n + "@example.com";
        StringBuilder body = new StringBuilder("{\"name\":\"user " + n + "\",\"email\":\"" + email
                + "\",\"password\":\"Password123\"");
        for (String p : permissions) body.append(",\"").append(p).append("\":true");
        body.append('}');
        HttpResponse<String> r = request("POST", "/api/user", master.bearer(), body.toString());
        if (r.statusCode() != 200) throw new IllegalStateException("create user: " + r.statusCode() + " " + r.body());
        long id = json(r).get("user_id").asLong();
        return Map.entry("Bearer " + login(email, "Password123", master.accessCode()), id);
    }

    /** A schedule from {@code startInMinutes} to {@code endInMinutes} from now, as the master; returns its id. */
    String newSchedule(Master master, int startInMinutes, int endInMinutes) {
        HttpResponse<String> r = request("POST", "/api/schedule", master.bearer(), scheduleBody("live",
                localIn(startInMinutes), localIn(endInMinutes)));
        if (r.statusCode() != 200) throw new IllegalStateException("create schedule: " + r.statusCode() + " " + r.body());
        return json(r).get("schedule_id").asText();
    }

    /** The option's local time (Asia/Tokyo in these tests) this many minutes from the test clock's now. */
    String localIn(long minutes) {
        return OptionTimes.PLAIN.format(java.time.LocalDateTime.ofInstant(clock.instant().plusSeconds(minutes * 60)
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS), OptionSettings.DEFAULT.zone()));
    }

    static String scheduleBody(String name, String start, String end) {
        return "{\"name\":" + quote(name) + ",\"start_datetime\":" + quote(start) + ",\"end_datetime\":"
                + quote(end) + ",\"imageflux_params\":" + LADDER + "}";
    }

    HttpResponse<String> request(String method, String path, String authorization, String jsonBody) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) r.header("Content-Type", "application/json");
        if (authorization != null) r.header("Authorization", authorization);
        return send(r);
    }

    HttpResponse<String> send(HttpRequest.Builder r) {
        try {
            return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }

    ChannelService channels() {
        return platform.find(ChannelService.class).orElseThrow();
    }

    private dev.hibiki.platform.Feature probe() {
        return new dev.hibiki.platform.Feature() {
            @Override
            public String name() {
                return "test probe";
            }

            @Override
            public void start(dev.hibiki.platform.Platform p) {
                platform = p;
            }

            @Override
            public void stop() {
            }
        };
    }

    static String query(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> b.append(b.isEmpty() ? "?" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    static String quote(String s) {
        try {
            return JsonBodyReader.mapper().writeValueAsString(s);
        } catch (IOException e) {
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

    /** The error code of an option error, after checking its shape ({@code ok:false} beside {@code error}). */
    static String errorCode(HttpResponse<String> r) {
        JsonNode body = json(r);
        if (!body.path("ok").isBoolean() || body.get("ok").asBoolean()) {
            throw new AssertionError("an error without \"ok\": false: " + r.body());
        }
        if (body.path("error").path("message").asText().isBlank()) throw new AssertionError("no message: " + r.body());
        return body.get("error").get("code").asText();
    }

    @Override
    public void close() {
        server.close();
    }
}
