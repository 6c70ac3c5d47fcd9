package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.hibiki.server.browser.ChannelPages.sleep;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The reverse-proxy example of docs/DEPLOY.md, run for real: Debian's nginx with {@code deploy/nginx-hibiki.conf}
 * terminates TLS in front of a Hibiki whose public URL is the nginx origin ({@code https://localhost:PORT}), and
 * everything below goes through nginx. The API hands out {@code wss://} and {@code https://} URLs; headless Chromium
 * loads send.html over https and sora-js-sdk signals over {@code wss://} and publishes (media goes straight to the
 * UDP port); the HLS playlists and segments arrive with the caching headers the guide promises and decode; hls.html
 * plays them. Taking the example's WebSocket upgrade headers out stops signaling at nginx.
 */
@Tag("browser")
class ReverseProxyBrowserTest extends ChannelBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CREATE_CHANNEL = ChannelPages.CREATE_CHANNEL;

    private int httpsPort;
    private NginxTlsProxy.Tls tls;
    private NginxTlsProxy nginx;
    private HttpClient https;

    @TempDir
    Path work;

    @Override
    String tokenName() {
        return "reverse-proxy-browser-tests";
    }

    /** The public URL has to be known before Hibiki starts, so nginx's https port is chosen first. */
    @Override
    ServerFixture startFixture(Path dataDir) {
        httpsPort = NginxTlsProxy.freePort();
        return new ServerFixture(dataDir, TestDatabases.h2(dataDir), List.of(),
                URI.create("https://localhost:" + httpsPort));
    }

    @BeforeAll
    void startNginx(@TempDir Path dir) {
        tls = NginxTlsProxy.Tls.selfSigned(dir);
        https = tls.httpClient();
        int httpPort = NginxTlsProxy.freePort();
        nginx = NginxTlsProxy.start(dir.resolve("nginx"),
                NginxTlsProxy.siteConfig(httpsPort, httpPort, tls, fixture.server().port()), httpsPort, httpPort);
    }

    @AfterAll
    void stopNginx() {
        if (nginx != null) nginx.close();
    }

    @Test
    void publishesAndPlaysHlsThroughNginxOverTls() throws IOException {
        URI base = nginx.httpsBase();
        HttpResponse<String> created = post(base, CREATE_CHANNEL, HlsBrowserTest.ONE_RUNG);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.version()).as("nginx speaks HTTP/2 to clients").isEqualTo(HttpClient.Version.HTTP_2);
        JsonNode channel = JSON.readTree(created.body());
        String channelId = channel.get("channel_id").asText();
        assertThat(channel.get("sora_url").asText()).isEqualTo("wss://localhost:" + httpsPort + "/signaling");
        URI master = URI.create(channel.get("playlist_url").asText());
        assertThat(master.toString()).startsWith("https://localhost:" + httpsPort + "/hls/" + channelId + "/")
                .endsWith("/index.m3u8");

        HeadlessChromium sender = chromium.launch("sender", tls.chromiumFlag());
        sender.open(demoPage("send.html", channel, "autoconnect=1&video_codec_type=VP8"));
        sender.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        sender.waitFor("window.hibikiDemo.stats.video && window.hibikiDemo.stats.video.framesSent > 0", WAIT);
        assertThat(sender.eval("location.protocol")).isEqualTo("https:");
        assertThat(nginx.accessLog()).as("sora-js-sdk's WebSocket was upgraded through nginx")
                .containsPattern("\"GET /signaling HTTP/1\\.1\" 101 ");

        HttpResponse<String> masterResponse = await200(master);
        assertThat(header(masterResponse, "content-type")).startsWith("application/vnd.apple.mpegurl");
        assertThat(header(masterResponse, "cache-control")).as("playlists are never cached").isEqualTo("no-cache");
        URI media = HlsPlaylists.uris(master, masterResponse.body()).getFirst();
        assertThat(media.toString()).startsWith("https://localhost:" + httpsPort + "/hls/");
        HttpResponse<String> mediaResponse = awaitSegments(media, 2);
        assertThat(header(mediaResponse, "cache-control")).isEqualTo("no-cache");

        URI segmentUri = HlsPlaylists.uris(media, mediaResponse.body()).getLast();
        HttpResponse<Path> segment = send(HttpRequest.newBuilder(segmentUri).build(),
                HttpResponse.BodyHandlers.ofFile(work.resolve("segment.ts")));
        assertThat(segment.statusCode()).isEqualTo(200);
        assertThat(header(segment, "content-type")).isEqualTo("video/mp2t");
        assertThat(header(segment, "cache-control")).as("segments are cacheable for good")
                .isEqualTo("public, max-age=31536000, immutable");
        JsonNode probe = Ffprobe.probe(segment.body());
        JsonNode video = Ffprobe.stream(probe, "video");
        assertThat(video.get("codec_name").asText()).isEqualTo("h264");
        assertThat(video.get("width").asInt()).isEqualTo(640);
        assertThat(video.get("height").asInt()).isEqualTo(360);
        assertThat(Ffprobe.stream(probe, "audio").get("codec_name").asText()).isEqualTo("aac");

        HeadlessChromium viewer = chromium.launch("hls-viewer", tls.chromiumFlag());
        viewer.open(base.resolve("/demo/hls.html?url=" + URLEncoder.encode(master.toString(), StandardCharsets.UTF_8)));
        viewer.waitFor("window.hibikiDemo.state === 'playing'", WAIT);
        double start = viewer.json("document.getElementById('video').currentTime").asDouble();
        sleep(3000);
        double end = viewer.json("document.getElementById('video').currentTime").asDouble();
        assertThat(end - start).as("hls.js keeps playing through nginx").isGreaterThan(2.0);
        assertThat(viewer.consoleErrors()).isEmpty();
        assertThat(nginx.accessLog()).as("hls.js fetched the segments from nginx")
                .containsPattern("\"GET /hls/" + channelId + "/\\S+\\.ts HTTP/2\\.0\" 200 ");

        sender.eval("window.hibikiDemo.disconnect()");
        pages.delete(channel);
    }

    /**
     * The example's {@code proxy_set_header Upgrade} and {@code Connection} lines are what let signaling through:
     * the same configuration without them still proxies plain requests, but the WebSocket handshake fails.
     */
    @Test
    void signalingPassesOnlyWithTheUpgradeHeaders(@TempDir Path dir) throws Exception {
        JsonNode channel = pages.createSingleStream();
        String connect = "{\"type\":\"connect\",\"role\":\"recvonly\",\"channel_id\":\""
                + channel.get("channel_id").asText() + "\"}";
        assertThat(firstSignalingMessage(nginx.httpsBase(), connect)).contains("\"type\":\"offer\"");

        int httpsPort2 = NginxTlsProxy.freePort();
        int httpPort2 = NginxTlsProxy.freePort();
        String site = NginxTlsProxy.siteConfig(httpsPort2, httpPort2, tls, fixture.server().port());
        String stripped = site.lines()
                .filter(l -> !l.contains("proxy_set_header Upgrade") && !l.contains("proxy_set_header Connection"))
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(site.lines().count() - stripped.lines().count()).as("the two upgrade lines").isEqualTo(2);
        try (NginxTlsProxy withoutUpgrade = NginxTlsProxy.start(dir, stripped, httpsPort2, httpPort2)) {
            URI base = withoutUpgrade.httpsBase();
            assertThat(get(base.resolve("/health")).statusCode()).as("plain requests still pass").isEqualTo(200);
            assertThatThrownBy(() -> firstSignalingMessage(base, connect))
                    .hasCauseInstanceOf(WebSocketHandshakeException.class);
        }
        pages.delete(channel);
    }

    @Test
    void plainHttpMovesToHttpsAndMetricsStayPrivate() {
        HttpResponse<String> redirect = get(URI.create("http://localhost:" + nginx.httpPort() + "/demo/send.html?x=1"));
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(header(redirect, "location")).isEqualTo("https://localhost/demo/send.html?x=1");

        HttpResponse<String> health = get(nginx.httpsBase().resolve("/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
        assertThat(header(health, "strict-transport-security")).isEqualTo("max-age=31536000");
        assertThat(get(nginx.httpsBase().resolve("/metrics")).statusCode()).as("outside the monitoring network")
                .isEqualTo(403);
    }

    /** The demo page with the channel's id and sora_url, as a user pastes them from the CreateChannel answer. */
    private URI demoPage(String page, JsonNode channel, String extraQuery) {
        return nginx.httpsBase().resolve("/demo/" + page
                + "?channel_id=" + URLEncoder.encode(channel.get("channel_id").asText(), StandardCharsets.UTF_8)
                + "&sora_url=" + URLEncoder.encode(channel.get("sora_url").asText(), StandardCharsets.UTF_8)
                + "&" + extraQuery);
    }

    /** Opens {@code wss://…/signaling} below {@code base}, sends {@code connect} and returns the first answer. */
    private String firstSignalingMessage(URI base, String connect) throws Exception {
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    inbox.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
        URI signaling = URI.create("wss://localhost:" + base.getPort() + "/signaling");
        WebSocket ws;
        try {
            ws = https.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(signaling, listener)
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("WebSocket to " + signaling + " failed: " + e.getCause(), e.getCause());
        }
        try {
            ws.sendText(connect, true).get(5, TimeUnit.SECONDS);
            String first = inbox.poll(10, TimeUnit.SECONDS);
            if (first == null) throw new AssertionError("no answer to connect through " + signaling);
            return first;
        } finally {
            ws.abort();
        }
    }

    private HttpResponse<String> post(URI url, String target, String body) {
        return send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .header("X-Sora-Target", target).header("Authorization", "Bearer " + pages.token())
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(URI url) {
        return send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> await200(URI url) {
        @SuppressWarnings("unchecked")
        HttpResponse<String>[] last = new HttpResponse[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> (last[0] = get(url)).statusCode() == 200);
        return last[0];
    }

    private HttpResponse<String> awaitSegments(URI media, int count) {
        @SuppressWarnings("unchecked")
        HttpResponse<String>[] last = new HttpResponse[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = get(media);
            return last[0].statusCode() == 200 && HlsPlaylists.uris(media, last[0].body()).size() >= count;
        });
        return last[0];
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return https.send(HttpRequest.newBuilder(request, (k, v) -> true).timeout(Duration.ofSeconds(10)).build(),
                    body);
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

}
