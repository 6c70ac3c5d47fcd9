package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ApiClient.Response;
import dev.hibiki.server.testing.ServerFixture;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the browser tests of the media plane share: channels made with the ImageFlux API, the demo pages opened
 * on them (send.html as sendonly or sendrecv, recv.html), and readers of the pages' {@code window.hibikiDemo}.
 */
final class ChannelPages {

    /** Generous: only a failing test waits this long, and the machine may be busy. */
    static final Duration WAIT = Duration.ofSeconds(20);

    static final String CREATE_CHANNEL = "ImageFlux_20180905.CreateChannel";
    static final String CREATE_MULTISTREAM_CHANNEL = "ImageFlux_20200316.CreateMultistreamChannel";
    static final String DELETE_CHANNEL = "ImageFlux_20180501.DeleteChannel";

    /** The receiving side's stats on recv.html; send.html with role=sendrecv has them under stats.received. */
    static final String RECV_STATS = "window.hibikiDemo.stats";
    static final String SENDRECV_STATS = "window.hibikiDemo.stats.received";

    private final ServerFixture fixture;
    private final ApiClient api;
    private final String token;

    ApiClient api() {
        return api;
    }

    String token() {
        return token;
    }

    ChannelPages(ServerFixture fixture, String tokenName) {
        this.fixture = fixture;
        this.api = new ApiClient(fixture.baseUri());
        this.token = fixture.newToken(tokenName);
    }

    /** A single-stream channel (one sendonly publisher, recvonly viewers); returns the CreateChannel response. */
    JsonNode createSingleStream() {
        return create(CREATE_CHANNEL, """
                {"hls":[{"durationSeconds":1,"startTimeOffset":-2,
                         "video":{"width":640,"height":360,"fps":30,"bps":500000},"audio":{"bps":96000}}]}""");
    }

    JsonNode createMultistream() {
        return create(CREATE_MULTISTREAM_CHANNEL, "{}");
    }

    /** A multistream channel created with this body (webhook URLs, ...). */
    JsonNode createMultistream(String body) {
        return create(CREATE_MULTISTREAM_CHANNEL, body);
    }

    /** Calls the API as this page set's tenant. */
    Response call(String target, String body) {
        return api.call(target, token, body);
    }

    void delete(JsonNode channel) {
        Response r = api.call(DELETE_CHANNEL, token, "{\"channel_id\":\"" + channel.get("channel_id").asText() + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** A channel made with any ImageFlux create operation and body. */
    JsonNode create(String target, String body) {
        Response r = api.call(target, token, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** The page with the channel's id and sora_url, as a user pastes them from the CreateChannel response. */
    URI page(String page, JsonNode channel, String extraQuery) {
        return fixture.baseUri().resolve("/demo/" + page
                + "?channel_id=" + encode(channel.get("channel_id").asText())
                + "&sora_url=" + encode(channel.get("sora_url").asText())
                + (extraQuery.isEmpty() ? "" : "&" + extraQuery));
    }

    /**
     * Opens send.html connecting at once ({@code query} adds e.g. video_codec_type or role), waits until it is
     * connected and sending video, and returns its connection id.
     */
    String publish(HeadlessChromium browser, JsonNode channel, String query) {
        browser.open(page("send.html", channel, "autoconnect=1" + (query.isEmpty() ? "" : "&" + query)));
        browser.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        browser.waitFor("window.hibikiDemo.stats.video && window.hibikiDemo.stats.video.framesSent > 0", WAIT);
        return connectionId(browser);
    }

    /** Opens recv.html connecting at once and waits until it is connected; returns its connection id. */
    String view(HeadlessChromium browser, JsonNode channel) {
        return view(browser, channel, "");
    }

    /** The same, {@code query} adding e.g. metadata. */
    String view(HeadlessChromium browser, JsonNode channel, String query) {
        browser.open(page("recv.html", channel, "autoconnect=1" + (query.isEmpty() ? "" : "&" + query)));
        browser.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        return connectionId(browser);
    }

    /** Opens recv.html connecting at once, without waiting for the connection. */
    void openViewer(HeadlessChromium browser, JsonNode channel) {
        browser.open(page("recv.html", channel, "autoconnect=1"));
    }

    /** Opens send.html with the page's connect() refused by the server; returns the error the page shows. */
    String refusedPublisher(HeadlessChromium browser, JsonNode channel, String query) {
        browser.open(page("send.html", channel, "autoconnect=1" + (query.isEmpty() ? "" : "&" + query)));
        browser.waitFor("window.hibikiDemo.state === 'error'", WAIT);
        JsonNode state = browser.demoState();
        assertThat(state.get("connectionId").isNull()).as("no connection id after a refusal").isTrue();
        assertThat(browser.eval("document.getElementById('local').srcObject")).as("camera released").isNull();
        return state.get("error").asText();
    }

    static String connectionId(HeadlessChromium browser) {
        String id = browser.demoState().get("connectionId").asText();
        assertThat(id).as(browser.name() + " connection id").isNotBlank();
        return id;
    }

    /**
     * Waits until the receiving stats at {@code stats} (RECV_STATS or SENDRECV_STATS) show decoded video and audio
     * samples, then until {@code moreFrames} more frames are decoded: media flows, not just one frame.
     */
    static void awaitDecoding(HeadlessChromium browser, String stats, int moreFrames) {
        browser.waitFor(stats + " && " + stats + ".video.framesDecoded > 0", WAIT);
        browser.waitFor(stats + ".audio.totalSamplesReceived > 0", WAIT);
        long decoded = framesDecoded(browser, stats);
        browser.waitFor(stats + ".video.framesDecoded > " + (decoded + moreFrames), WAIT);
    }

    static long framesDecoded(HeadlessChromium browser, String stats) {
        return browser.json(stats + ".video.framesDecoded").asLong();
    }

    /** The page's recorded events of one type, oldest first. */
    static List<JsonNode> events(HeadlessChromium browser, String type) {
        JsonNode all = browser.json("window.hibikiDemo.events.filter((e) => e.type === '" + type + "')");
        List<JsonNode> out = new ArrayList<>();
        all.forEach(out::add);
        return out;
    }

    /** The page's recorded notify events of one event_type, oldest first. */
    static List<JsonNode> notifies(HeadlessChromium browser, String eventType) {
        return events(browser, "notify").stream()
                .filter(n -> eventType.equals(n.path("event_type").asText()))
                .toList();
    }

    /** The page clock (ms since the page started) of its first event of this type with these fields, or -1. */
    static long eventTime(HeadlessChromium browser, String type, String field, String value) {
        return events(browser, type).stream()
                .filter(e -> field == null || value.equals(e.path(field).asText()))
                .mapToLong(e -> e.get("t").asLong())
                .findFirst().orElse(-1);
    }

    /** Waits until the page recorded a notify of this event_type about this connection. */
    static void awaitNotify(HeadlessChromium browser, String eventType, String connectionId) {
        browser.waitFor("window.hibikiDemo.events.some((e) => e.type === 'notify' && e.event_type === '"
                + eventType + "' && e.connection_id === '" + connectionId + "')", WAIT);
    }

    /** Waits on the test's own clock (pages are polled, not awaited, where a test samples over time). */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
