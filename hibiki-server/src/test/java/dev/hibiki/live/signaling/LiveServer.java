package dev.hibiki.live.signaling;

import dev.hibiki.server.testing.Schema;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.ice.IceSettings;
import dev.hibiki.live.channel.ChannelService;
import dev.hibiki.platform.config.DatabaseSettings;
import dev.hibiki.platform.http.BearerAuthenticator;
import dev.hibiki.platform.http.HttpServer;
import dev.hibiki.platform.http.PublicUrls;
import dev.hibiki.platform.http.SoraTargetDispatcher;
import dev.hibiki.live.imageflux.ImageFluxChannelApi;
import dev.hibiki.platform.persistence.Database;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.platform.token.TokenService;
import dev.hibiki.sfu.Sfu;
import dev.hibiki.sfu.SfuConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static dev.hibiki.live.imageflux.ImageFluxChannelApi.CREATE_CHANNEL;
import static dev.hibiki.live.imageflux.ImageFluxChannelApi.CREATE_MULTISTREAM_CHANNEL;
import static dev.hibiki.live.imageflux.ImageFluxChannelApi.DELETE_CHANNEL;
import static dev.hibiki.live.imageflux.ImageFluxChannelApi.LIST_CHANNEL_IDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Hibiki in this JVM (H2, HTTP and media on ephemeral ports) plus one tenant: creates and deletes channels through
 * the ImageFlux API as an application would, and opens signaling WebSockets to the {@code sora_url} it hands out.
 */
final class LiveServer implements AutoCloseable {

    /** A single-rendition CreateChannel body (the single-stream channel with HLS). */
    static final String SINGLE_STREAM_BODY = """
            {"hls":[{"durationSeconds":1,"startTimeOffset":-2,
                     "video":{"width":640,"height":360,"fps":30,"bps":500000},"audio":{"bps":96000}}]}""";

    private final URI baseUri;
    private final AutoCloseable closer;
    private final ApiClient api;
    private final String token;
    private final Function<String, String> newToken;
    private final Sfu sfu;
    private volatile URI signalingUrl;

    private LiveServer(URI baseUri, Sfu sfu, Function<String, String> newToken, AutoCloseable closer) {
        this.baseUri = baseUri;
        this.sfu = sfu;
        this.closer = closer;
        this.api = new ApiClient(baseUri);
        this.newToken = newToken;
        this.token = newToken.apply("signaling-test");
    }

    /** The real server as {@code hibiki serve} assembles it (ping every 5 s, 3 missed pongs). */
    static LiveServer start(Path dataDir) {
        return start(dataDir, TestDatabases.h2(dataDir));
    }

    static LiveServer start(Path dataDir, DatabaseSettings database) {
        return start(dataDir, database, dev.hibiki.platform.webhook.WebhookSettings.DEFAULT);
    }

    static LiveServer start(Path dataDir, DatabaseSettings database, dev.hibiki.platform.webhook.WebhookSettings webhooks) {
        ServerFixture fixture = new ServerFixture(dataDir, database, List.of(), null, webhooks);
        return new LiveServer(fixture.baseUri(), fixture.server().sfu(), fixture::newToken, fixture);
    }

    /**
     * The same parts (database, channel API, SFU, signaling endpoint, HTTP front) wired as HibikiServer wires them,
     * but with the signaling keep-alive timing chosen by the test.
     */
    static LiveServer startWithPing(Path dataDir, Duration pingInterval, int missedPongLimit) {
        Database database = Database.open(TestDatabases.h2(dataDir), dataDir, Schema.ALL);
        Sfu sfu;
        try {
            sfu = Sfu.start(new SfuConfig(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    List.of(InetAddress.getLoopbackAddress()), IceSettings.DEFAULT, 2500));
        } catch (IOException e) {
            database.close();
            throw new UncheckedIOException(e);
        }
        TokenService tokens = new TokenService(database.jdbi());
        ChannelService channels = new ChannelService(database.jdbi());
        PublicUrls urls = new PublicUrls();
        SoraTargetDispatcher api = new SoraTargetDispatcher(new BearerAuthenticator(tokens));
        SignalingEndpoint signaling = new SignalingEndpoint(channels, sfu, "Hibiki test", pingInterval, missedPongLimit);
        // the connect deadline scaled like the pings, so tests of it stay short
        signaling.setConnectTimeoutForTesting(pingInterval.multipliedBy(missedPongLimit * 3L));
        new ImageFluxChannelApi(channels, urls, signaling::disconnectChannel,
                dev.hibiki.platform.webhook.WebhookSettings.DEFAULT.policy()).registerWith(api);
        HttpServer http = new HttpServer(new HttpServer.Settings("127.0.0.1", 0, List.of(), Duration.ofSeconds(2)),
                api, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), signaling::register);
        http.start();
        URI base = URI.create("http://127.0.0.1:" + http.port());
        urls.setBase(base);
        http.markReady();
        return new LiveServer(URI.create(base + "/"), sfu, name -> tokens.create(name).secret(), () -> {
            try {
                http.stop();
            } finally {
                signaling.close();
                sfu.close();
                database.close();
            }
        });
    }

    ApiClient api() {
        return api;
    }

    String token() {
        return token;
    }

    /** Another tenant's token. */
    String newToken(String name) {
        return newToken.apply(name);
    }

    URI baseUri() {
        return baseUri;
    }

    /** The UDP port every ICE candidate in an offer must name. */
    int mediaPort() {
        return sfu.mediaPort();
    }

    /** WebRTC connections the SFU holds in all channels: zero once every client is gone. */
    int sfuConnections() {
        return sfu.connectionCount();
    }

    /** Waits until the SFU holds no connection (the server learns of closed sockets asynchronously). */
    void awaitNoSfuConnections(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (sfuConnections() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(sfuConnections() + " SFU connections left " + timeout + " after their clients");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The {@code sora_url} the ImageFlux API hands out (known after the first channel was created). */
    URI signalingUrl() {
        if (signalingUrl == null) createMultistreamChannel();
        return signalingUrl;
    }

    /** ImageFlux_20200316.CreateMultistreamChannel → channel_id. */
    String createMultistreamChannel() {
        return create(CREATE_MULTISTREAM_CHANNEL, "{}");
    }

    /** CreateMultistreamChannel with this request body (webhook URLs, ...) → channel_id. */
    String createMultistreamChannel(String body) {
        return create(CREATE_MULTISTREAM_CHANNEL, body);
    }

    /** ImageFlux_20180905.CreateChannel (legacy single stream with HLS) → channel_id. */
    String createSingleStreamChannel() {
        return create(CREATE_CHANNEL, SINGLE_STREAM_BODY);
    }

    /** ImageFlux_20180501.DeleteChannel. */
    void deleteChannel(String channelId) {
        ApiClient.Response r = api.call(DELETE_CHANNEL, token, "{\"channel_id\":\"" + channelId + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** ImageFlux_20200729.ListChannelIDs: proves the API still answers. */
    List<String> listChannelIds() {
        ApiClient.Response r = api.call(LIST_CHANNEL_IDS, token, "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return java.util.stream.StreamSupport.stream(r.json().get("channel_ids").spliterator(), false)
                .map(JsonNode::asText).toList();
    }

    private String create(String target, String body) {
        ApiClient.Response r = api.call(target, token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode json = r.json();
        signalingUrl = URI.create(json.get("sora_url").asText());
        return json.get("channel_id").asText();
    }

    /** A new signaling WebSocket to the sora_url. */
    SignalingClient client() {
        return SignalingClient.open(signalingUrl());
    }

    @Override
    public void close() throws Exception {
        closer.close();
    }
}
