package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.ApiClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.hibiki.server.browser.ChannelPages.RECV_STATS;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.awaitDecoding;
import static dev.hibiki.server.browser.ChannelPages.awaitNotify;
import static dev.hibiki.server.browser.ChannelPages.connectionId;
import static dev.hibiki.server.browser.ChannelPages.eventTime;
import static dev.hibiki.server.browser.ChannelPages.framesDecoded;
import static dev.hibiki.server.browser.ChannelPages.notifies;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A single-stream channel (ImageFlux_20180905.CreateChannel) with the real sora-js-sdk in headless Chromium: one
 * sendonly publisher reaches recvonly viewers through Hibiki in every video codec, Sora's notifies tell who comes
 * and goes, and what the channel refuses or ends reaches the SDK with Sora's close codes.
 */
@Tag("browser")
class SingleStreamChannelBrowserTest extends ChannelBrowserTest {

    /** Acceptance: a viewer decodes video and plays audio within this long of starting to connect. */
    private static final long TIME_TO_MEDIA_MILLIS = 5000;


    @Override
    String tokenName() {
        return "single-stream-browser-tests";
    }

    @Test
    void twoViewersDecodeThePublisherWithinFiveSecondsOfConnecting() {
        JsonNode channel = pages.createSingleStream();
        HeadlessChromium sender = chromium.launch("sender");
        HeadlessChromium viewer1 = chromium.launch("viewer1");
        HeadlessChromium viewer2 = chromium.launch("viewer2");
        String publisherId = pages.publish(sender, channel, "video_codec_type=VP8");

        // Both viewers connect at the same time.
        pages.openViewer(viewer1, channel);
        pages.openViewer(viewer2, channel);
        for (HeadlessChromium viewer : List.of(viewer1, viewer2)) {
            viewer.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
            viewer.waitFor("window.hibikiDemo.remoteStreams.includes('" + publisherId + "')", WAIT);
            awaitDecoding(viewer, RECV_STATS, 30);

            // On the page's own clock: from connect() to the first stats showing a decoded frame / audio samples
            // (stats are read once a second, so this is an upper bound).
            long connecting = eventTime(viewer, "state", "state", "connecting");
            long video = eventTime(viewer, "first-video-frame", null, null);
            long audio = eventTime(viewer, "first-audio", null, null);
            assertThat(connecting).as("connecting logged").isGreaterThanOrEqualTo(0);
            assertThat(video - connecting).as(viewer.name() + " ms to the first decoded frame")
                    .isBetween(0L, TIME_TO_MEDIA_MILLIS);
            assertThat(audio - connecting).as(viewer.name() + " ms to the first audio samples")
                    .isBetween(0L, TIME_TO_MEDIA_MILLIS);
            System.out.printf("%s: first decoded frame %d ms, first audio %d ms after connect()%n",
                    viewer.name(), video - connecting, audio - connecting);
            assertThat(viewer.demoState().get("remoteStreams")).as("one publisher, one stream").hasSize(1);
            assertThat(viewer.demoState().at("/stats/video/codecs").toString()).contains("video/VP8");
        }
        assertThat(connectionId(viewer1)).isNotEqualTo(connectionId(viewer2));
        for (HeadlessChromium b : List.of(sender, viewer1, viewer2)) assertThat(b.consoleErrors()).isEmpty();

        // the SFU's own forwarding delay, one sample per packet and viewer, is on /metrics as cumulative buckets
        long all = forwardDelayCount("+Inf");
        assertThat(all).as("packets forwarded to the viewers").isGreaterThan(100);
        assertThat(forwardDelayCount("0.05")).as("forwarded within 50 ms").isGreaterThan(all / 2)
                .isLessThanOrEqualTo(forwardDelayCount("0.5"));
    }

    private long forwardDelayCount(String le) {
        ApiClient api = new ApiClient(fixture.baseUri());
        String body = api.send(api.request("/metrics").GET().build()).body();
        var m = java.util.regex.Pattern.compile("(?m)^hibiki_rtp_forward_delay_total\\{le=\"" + java.util.regex.Pattern.quote(le)
                + "\"} ([0-9.E+]+)$").matcher(body);
        assertThat(m.find()).as("bucket le=%s on /metrics", le).isTrue();
        return (long) Double.parseDouble(m.group(1));
    }

    /**
     * The late viewer learns the existing connections from its own connection.created; when the publisher leaves,
     * every viewer gets its connection.destroyed and drops its stream, stays connected, and gets the publisher's
     * stream again when it comes back.
     */
    @Test
    void viewersAreToldWhoIsThereAndWhenThePublisherLeaves() {
        JsonNode channel = pages.createSingleStream();
        HeadlessChromium sender = chromium.launch("sender");
        HeadlessChromium viewer1 = chromium.launch("viewer1");
        HeadlessChromium viewer2 = chromium.launch("viewer2");
        String publisherId = pages.publish(sender, channel, "video_codec_type=VP8");
        String viewer1Id = pages.view(viewer1, channel);
        viewer1.waitFor("window.hibikiDemo.remoteStreams.includes('" + publisherId + "')", WAIT);

        String viewer2Id = pages.view(viewer2, channel);
        awaitNotify(viewer2, "connection.created", viewer2Id);
        JsonNode created = notifies(viewer2, "connection.created").stream()
                .filter(n -> viewer2Id.equals(n.path("connection_id").asText()))
                .findFirst().orElseThrow();
        assertThat(created.get("role").asText()).isEqualTo("recvonly");
        assertThat(created.get("channel_connections").asInt()).as("publisher, viewer1 and itself").isEqualTo(3);
        assertThat(created.get("data").findValuesAsText("connection_id"))
                .as("connection.created to the newcomer lists the connections already there")
                .contains(publisherId, viewer1Id);
        // Those already there hear about the newcomer.
        awaitNotify(viewer1, "connection.created", viewer2Id);
        awaitNotify(sender, "connection.created", viewer2Id);
        viewer2.waitFor("window.hibikiDemo.remoteStreams.includes('" + publisherId + "')", WAIT);
        awaitDecoding(viewer2, RECV_STATS, 10);

        sender.eval("window.hibikiDemo.disconnect()");
        sender.waitFor("window.hibikiDemo.state === 'closed'", WAIT);
        for (HeadlessChromium viewer : List.of(viewer1, viewer2)) {
            awaitNotify(viewer, "connection.destroyed", publisherId);
            JsonNode destroyed = notifies(viewer, "connection.destroyed").getFirst();
            assertThat(destroyed.get("connection_id").asText()).isEqualTo(publisherId);
            assertThat(destroyed.get("role").asText()).isEqualTo("sendonly");
            assertThat(destroyed.get("channel_connections").asInt()).as("the two viewers remain").isEqualTo(2);
            viewer.waitFor("window.hibikiDemo.remoteStreams.length === 0", WAIT);
            viewer.waitFor("document.querySelectorAll('#remote video').length === 0", WAIT);
            assertThat(viewer.demoState().get("state").asText()).as("a viewer stays connected").isEqualTo("connected");
        }
        assertThat(sender.demoState().at("/closeEvent/kind").asText()).isEqualTo("normal");

        // The viewers wait on the empty channel; the publisher comes back and they get its new stream.
        sender.eval("window.hibikiDemo.connect()");
        sender.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        String republishedId = connectionId(sender);
        assertThat(republishedId).isNotEqualTo(publisherId);
        for (HeadlessChromium viewer : List.of(viewer1, viewer2)) {
            awaitNotify(viewer, "connection.created", republishedId);
            viewer.waitFor("window.hibikiDemo.remoteStreams.includes('" + republishedId + "')", WAIT);
            long before = framesDecoded(viewer, RECV_STATS);
            viewer.waitFor(RECV_STATS + ".video.framesDecoded > " + (before + 30), WAIT);
            assertThat(viewer.demoState().get("remoteStreams")).hasSize(1);
            assertThat(viewer.demoState().get("closeEvent").isNull()).as(viewer.name() + " never disconnected").isTrue();
        }
        for (HeadlessChromium b : List.of(sender, viewer1, viewer2)) assertThat(b.consoleErrors()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264"})
    void viewerDecodesThePublishersCodec(String codec) {
        JsonNode channel = pages.createSingleStream();
        HeadlessChromium sender = chromium.launch("sender");
        HeadlessChromium viewer = chromium.launch("viewer");
        String publisherId = pages.publish(sender, channel, "video_codec_type=" + codec);
        assertThat(sender.demoState().at("/stats/video/codec").asText()).isEqualTo("video/" + codec);

        pages.view(viewer, channel);
        viewer.waitFor("window.hibikiDemo.remoteStreams.includes('" + publisherId + "')", WAIT);
        awaitDecoding(viewer, RECV_STATS, 30);
        JsonNode video = viewer.demoState().at("/stats/video");
        assertThat(video.get("codecs")).extracting(JsonNode::asText).containsExactly("video/" + codec);
        assertThat(viewer.demoState().at("/stats/audio/codecs")).extracting(JsonNode::asText).containsExactly("audio/opus");
        assertThat(sender.consoleErrors()).isEmpty();
        assertThat(viewer.consoleErrors()).isEmpty();
    }

    @Test
    void aSecondPublisherIsRefusedWithTheSoraCloseCode() {
        JsonNode channel = pages.createSingleStream();
        HeadlessChromium first = chromium.launch("first-sender");
        HeadlessChromium second = chromium.launch("second-sender");
        pages.publish(first, channel, "");

        String error = pages.refusedPublisher(second, channel, "");

        assertThat(error).contains("Signaling failed", "CloseEventCode:4490", "SENDER-ALREADY-CONNECTED");
        // The refusal leaves the first publisher alone.
        long sent = first.json("window.hibikiDemo.stats.video.framesSent").asLong();
        first.waitFor("window.hibikiDemo.stats.video.framesSent > " + sent, WAIT);
        assertThat(first.demoState().get("state").asText()).isEqualTo("connected");
    }

    @Test
    void sendrecvIsRefusedWithTheSoraCloseCode() {
        JsonNode channel = pages.createSingleStream();
        HeadlessChromium browser = chromium.launch("sendrecv");

        String error = pages.refusedPublisher(browser, channel, "role=sendrecv");

        assertThat(browser.demoState().get("role").asText()).isEqualTo("sendrecv");
        assertThat(error).contains("Signaling failed", "CloseEventCode:4490", "INVALID-ROLE");
    }

    @Test
    void deleteChannelDisconnectsThePublisherAndTheViewer() {
        JsonNode channel = pages.createSingleStream();
        HeadlessChromium sender = chromium.launch("sender");
        HeadlessChromium viewer = chromium.launch("viewer");
        String publisherId = pages.publish(sender, channel, "");
        pages.view(viewer, channel);
        viewer.waitFor("window.hibikiDemo.remoteStreams.includes('" + publisherId + "')", WAIT);
        awaitDecoding(viewer, RECV_STATS, 10);

        pages.delete(channel);

        for (HeadlessChromium b : List.of(sender, viewer)) {
            b.waitFor("window.hibikiDemo.state === 'closed'", WAIT);
            JsonNode close = b.demoState().get("closeEvent");
            // sora-js-sdk: a WebSocket close 1000 after connecting is a normal SHUTDOWN with the server's reason.
            assertThat(close.get("kind").asText()).as(b.name()).isEqualTo("normal");
            assertThat(close.get("code").asInt()).as(b.name()).isEqualTo(1000);
            assertThat(close.get("reason").asText()).as(b.name()).isEqualTo("DISCONNECTED-API");
        }
        assertThat(sender.eval("document.getElementById('local').srcObject")).as("camera released").isNull();
        viewer.waitFor("window.hibikiDemo.remoteStreams.length === 0", WAIT);
    }
}
