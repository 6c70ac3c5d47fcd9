package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.server.testing.WebhookReceiver;
import dev.hibiki.server.testing.WebhookReceiver.Answer;
import dev.hibiki.platform.webhook.WebhookSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.hibiki.server.browser.ChannelPages.RECV_STATS;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.awaitDecoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhooks and the Sora API with the real sora-js-sdk in headless Chromium and a real HTTP receiver: the auth
 * webhook admits, refuses and times out; events arrive in order with Sora's fields; push reaches the page;
 * DisconnectConnection ends a viewer; the usage Stats API counts what flowed.
 */
@Tag("browser")
class WebhookBrowserTest extends ChannelBrowserTest {

    private final WebhookReceiver hooks = new WebhookReceiver();

    @Override
    String tokenName() {
        return "webhook-browser-tests";
    }

    @Override
    ServerFixture startFixture(Path dataDir) {
        // the receiver listens on loopback, which channels' webhooks may reach only when the operator allows it
        ServerFixture f = new ServerFixture(dataDir, TestDatabases.h2(dataDir), List.of(), null,
                new WebhookSettings(Duration.ofSeconds(2), 3, Duration.ofMillis(200), 1000, true));
        // connection.updated comes once a "minute" of connection time; a short one keeps the test short.
        f.server().signaling().setMinuteForTesting(Duration.ofSeconds(2));
        return f;
    }

    @AfterAll
    void stopHooks() {
        hooks.close();
    }

    private JsonNode channel(String authPath, String eventPath) {
        return pages.createMultistream("{\"auth_webhook_url\":\"" + hooks.url(authPath) + "\",\"event_webhook_url\":\""
                + hooks.url(eventPath) + "\"}");
    }

    private List<JsonNode> events(String path, String connectionId) {
        return hooks.calls(path).stream().map(WebhookReceiver.Call::body)
                .filter(b -> connectionId.equals(b.path("connection_id").asText())).toList();
    }

    @Test
    void admittedConnectionsReportTheirLifeThroughEventsPushAndStats() {
        hooks.answer("/auth-ok", Answer.json("{\"allowed\":true,\"event_metadata\":{\"plan\":\"pro\"}}"));
        JsonNode channel = channel("/auth-ok", "/events-ok");
        String channelId = channel.get("channel_id").asText();
        HeadlessChromium sender = chromium.launch("sender");
        HeadlessChromium viewer = chromium.launch("viewer");
        String publisherId = pages.publish(sender, channel, "video_codec_type=VP8");
        String viewerId = pages.view(viewer, channel);
        viewer.waitFor("window.hibikiDemo.remoteStreams.includes('" + publisherId + "')", WAIT);
        awaitDecoding(viewer, RECV_STATS, 10);

        // connection.created for both, with Sora's envelope and data
        JsonNode created = hooks.awaitCall("/events-ok", c -> c.body().path("type").asText().equals("connection.created")
                && c.body().path("connection_id").asText().equals(publisherId), WAIT).body();
        assertThat(created.get("channel_id").asText()).isEqualTo(channelId);
        assertThat(created.get("role").asText()).isEqualTo("sendonly");
        assertThat(created.get("multistream").asBoolean()).isTrue();
        assertThat(created.get("label").asText()).isEqualTo("Hibiki");
        assertThat(created.get("id").asText()).hasSize(26);
        assertThat(created.get("session_id").asText()).hasSize(26);
        assertThat(created.get("event_metadata").get("plan").asText()).isEqualTo("pro");
        assertThat(created.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        JsonNode data = created.get("data");
        assertThat(data.get("minutes").asInt()).isZero();
        assertThat(data.get("audio").asBoolean()).isTrue();
        assertThat(data.get("video").asBoolean()).isTrue();
        assertThat(data.get("channel_connections").asInt()).isEqualTo(1);
        assertThat(data.get("channel_sendonly_connections").asInt()).isEqualTo(1);
        assertThat(data.get("created_time").asLong()).isPositive();
        assertThat(data.has("total_received_bytes")).isTrue();
        hooks.awaitCall("/events-ok", c -> c.body().path("type").asText().equals("connection.created")
                && c.body().path("connection_id").asText().equals(viewerId), WAIT);

        // connection.updated once a minute (here 2 s, checked at the 5 s ping), with the minutes so far
        JsonNode updated = hooks.awaitCall("/events-ok", c -> c.body().path("type").asText().equals("connection.updated")
                && c.body().path("connection_id").asText().equals(publisherId), WAIT).body();
        assertThat(updated.get("data").get("minutes").asInt()).isPositive();
        assertThat(updated.get("data").get("total_received_bytes").asLong()).as("media arrived from the sender")
                .isPositive();

        // push through the Sora API reaches the sdk's on('push')
        ApiClient.Response push = pages.call("Sora_20160711.PushConnection", "{\"channel_id\":\"" + channelId
                + "\",\"connection_id\":\"" + viewerId + "\",\"data\":{\"hello\":\"viewer\"}}");
        assertThat(push.status()).as(push.body()).isEqualTo(200);
        viewer.waitFor("window.hibikiDemo.events.some((e) => e.type === 'push' && e.data.hello === 'viewer')", WAIT);
        assertThat(sender.json("window.hibikiDemo.events.filter((e) => e.type === 'push').length").asInt()).isZero();

        // the stats API sees media flowing
        ApiClient.Response stats = pages.call("Sora_20170529.GetStatsConnection", "{\"channel_id\":\"" + channelId
                + "\",\"connection_id\":\"" + publisherId + "\"}");
        assertThat(stats.json().get("total_received_packets").asLong()).isPositive();
        assertThat(stats.json().get("total_received_bytes").asLong()).isPositive();
        assertThat(stats.json().get("jitter_ms").isNumber()).as("jitter of the sender's streams: %s", stats.body()).isTrue();
        // the viewer's receiver reports echo the sender reports Hibiki relays: a round-trip time, and bit rates
        JsonNode viewerStats = await().atMost(Duration.ofSeconds(15)).until(
                () -> pages.call("Sora_20170529.GetStatsConnection", "{\"channel_id\":\"" + channelId
                        + "\",\"connection_id\":\"" + viewerId + "\"}").json(),
                j -> j.path("rtt_ms").isNumber() && j.path("sent_bitrate_kbps").isNumber());
        assertThat(viewerStats.get("rtt_ms").asDouble()).as("loopback").isBetween(0.0, 1000.0);
        assertThat(viewerStats.get("sent_bitrate_kbps").asDouble()).isPositive();

        // the API disconnects the viewer: 1000 DISCONNECTED-API, and connection.destroyed says why
        ApiClient.Response disconnect = pages.call("Sora_20151104.DisconnectConnection", "{\"channel_id\":\"" + channelId
                + "\",\"connection_id\":\"" + viewerId + "\",\"reason\":{\"type\":\"normal\"}}");
        assertThat(disconnect.status()).as(disconnect.body()).isEqualTo(200);
        viewer.waitFor("window.hibikiDemo.state === 'closed'", WAIT);
        assertThat(viewer.demoState().get("closeEvent").get("reason").asText()).isEqualTo("DISCONNECTED-API");
        JsonNode destroyed = hooks.awaitCall("/events-ok", c -> c.body().path("type").asText().equals("connection.destroyed")
                && c.body().path("connection_id").asText().equals(viewerId), WAIT).body();
        assertThat(destroyed.get("data").get("reason").asText()).isEqualTo("DISCONNECTED-API");
        assertThat(destroyed.get("data").get("disconnect_api_reason").get("type").asText()).isEqualTo("normal");
        assertThat(destroyed.get("data").get("total_sent_bytes").asLong()).as("media was sent to the viewer").isPositive();
        assertThat(destroyed.get("data").get("destroyed_time").asLong())
                .isGreaterThanOrEqualTo(destroyed.get("data").get("created_time").asLong());

        // the publisher says goodbye itself: TYPE-DISCONNECT with sora-js-sdk's reason
        sender.eval("window.hibikiDemo.disconnect()");
        JsonNode senderGone = hooks.awaitCall("/events-ok", c -> c.body().path("type").asText().equals("connection.destroyed")
                && c.body().path("connection_id").asText().equals(publisherId), WAIT).body();
        assertThat(senderGone.get("data").get("reason").asText()).isEqualTo("TYPE-DISCONNECT");
        assertThat(senderGone.get("data").get("type_disconnect_reason").asText()).isEqualTo("NO-ERROR");
        assertThat(senderGone.get("data").get("total_received_bytes").asLong()).isPositive();

        // each connection's events arrive in order: created, updated once a minute, destroyed
        for (String id : List.of(publisherId, viewerId)) {
            List<String> types = events("/events-ok", id).stream().map(b -> b.get("type").asText()).toList();
            assertThat(types.getFirst()).isEqualTo("connection.created");
            assertThat(types.getLast()).isEqualTo("connection.destroyed");
            assertThat(types.subList(1, types.size() - 1)).as(id + ": %s", types).allMatch("connection.updated"::equals);
        }

        // usage: both connections counted for this channel
        JsonNode usage = await().atMost(Duration.ofSeconds(10)).until(
                () -> pages.call("ImageFlux_20180601.Stats", "{}").json(),
                j -> j.path("channels").findValuesAsText("channel_id").contains(channelId));
        JsonNode row = null;
        for (JsonNode r : usage.get("channels")) if (r.get("channel_id").asText().equals(channelId)) row = r;
        assertThat(row).isNotNull();
        assertThat(row.get("connections").asInt()).isEqualTo(2);
        assertThat(row.get("bytes_received").asLong()).isPositive();
        assertThat(row.get("bytes_sent").asLong()).isPositive();
        assertThat(row.get("connection_minutes").get("total").asDouble()).isPositive();
    }

    @Test
    void aRefusalReachesTheSdkAsA4490CloseWithTheReason() {
        hooks.answer("/auth-no", Answer.json("{\"allowed\":false,\"reason\":\"TICKET-EXPIRED\"}"));
        JsonNode channel = channel("/auth-no", "/events-no");
        HeadlessChromium browser = chromium.launch("refused");
        String error = pages.refusedPublisher(browser, channel, "");
        assertThat(error).contains("Signaling failed", "CloseEventCode:4490", "TICKET-EXPIRED");
        assertThat(hooks.calls("/auth-no")).hasSize(1);
        assertThat(hooks.calls("/events-no")).as("a refused connection is not reported as created").isEmpty();
    }

    @Test
    void aWebhookThatDoesNotAnswerInTimeRefusesTheConnection() {
        hooks.answer("/auth-slow", new Answer(200, "{\"allowed\":true}", Duration.ofSeconds(5)));
        JsonNode channel = channel("/auth-slow", "/events-slow");
        HeadlessChromium browser = chromium.launch("timeout");
        String error = pages.refusedPublisher(browser, channel, "");
        assertThat(error).contains("CloseEventCode:4490", "AUTH-WEBHOOK-TIMEOUT");
    }

    @Test
    void aSendersPlaylistIsAnnouncedByNotifyPlaylistUrlAndItsServedBytesAreCounted() throws Exception {
        String body = HlsBrowserTest.ONE_RUNG.replaceFirst("\\{", "{\"event_webhook_url\":\"" + hooks.url("/events-hls") + "\",");
        JsonNode channel = pages.create("ImageFlux_20200316.CreateMultistreamChannelWithHLS", body);
        String channelId = channel.get("channel_id").asText();
        HeadlessChromium sender = chromium.launch("hls-sender");
        String publisherId = pages.publish(sender, channel, "video_codec_type=VP8");

        JsonNode event = hooks.awaitCall("/events-hls", c -> c.body().path("type").asText().equals("notify.playlist_url"),
                Duration.ofSeconds(30)).body();
        assertThat(event.get("channel_id").asText()).isEqualTo(channelId);
        assertThat(event.get("connection_id").asText()).isEqualTo(publisherId);
        assertThat(event.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        String playlistUrl = event.get("playlist_url").asText();
        ApiClient.Response listed = pages.call("ImageFlux_20200207.ListPlaylistURLs", "{\"channel_id\":\"" + channelId + "\"}");
        assertThat(listed.json().get("hls").findValuesAsText("playlist_url")).containsExactly(playlistUrl);

        java.net.http.HttpResponse<byte[]> master = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(playlistUrl)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(master.statusCode()).isEqualTo(200);
        JsonNode usage = pages.call("ImageFlux_20180601.Stats", "{}").json();
        long served = 0;
        for (JsonNode r : usage.get("channels")) {
            if (r.get("channel_id").asText().equals(channelId)) served = r.get("hls_bytes_served").asLong();
        }
        assertThat(served).as("the master playlist we fetched").isGreaterThanOrEqualTo(master.body().length);
    }
}
