package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.hibiki.server.browser.ChannelPages.sleep;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * hls.html opened on a playlist URL before anyone publishes, as a newcomer does: it says it waits for the broadcast
 * and keeps asking while the channel exists, plays when a sender publishes, and says the channel is gone, and stops
 * asking, once the channel is deleted or when it never existed.
 */
@Tag("browser")
class HlsPageBrowserTest extends ChannelBrowserTest {

    /** More than two of the page's 2 s retry intervals. */
    private static final long QUIET_MILLIS = 5000;

    @Override
    String tokenName() {
        return "hls-page-tests";
    }

    @Test
    void waitsForTheBroadcastPlaysItAndStopsWhenTheChannelIsDeleted() {
        JsonNode channel = pages.create(ChannelPages.CREATE_CHANNEL, HlsBrowserTest.ONE_RUNG);
        HeadlessChromium viewer = chromium.launch("hls-viewer");
        viewer.open(hlsPage(URI.create(channel.get("playlist_url").asText())));

        viewer.waitFor("window.hibikiDemo.state === 'waiting'", WAIT);
        assertThat(status(viewer)).startsWith("waiting for the broadcast: nobody is publishing to this channel yet");
        assertThat(viewer.json("window.hibikiDemo.notFoundCode").asText()).isEqualTo("PLAYLIST_NOT_LIVE");
        viewer.waitFor("window.hibikiDemo.playlistChecks >= 3", WAIT);
        assertThat(viewer.json("window.hibikiDemo.state").asText()).as("still waiting, not failed").isEqualTo("waiting");

        HeadlessChromium sender = chromium.launch("sender");
        pages.publish(sender, channel, "video_codec_type=VP8");
        viewer.waitFor("window.hibikiDemo.state === 'playing'", Duration.ofSeconds(40));
        viewer.waitFor("document.getElementById('video').currentTime > 1", WAIT);
        assertThat(status(viewer)).isEqualTo("playing");

        pages.delete(channel);
        viewer.waitFor("window.hibikiDemo.state === 'gone'", WAIT);
        assertThat(status(viewer)).startsWith("no such channel: it was deleted or never existed");
        assertThat(viewer.json("window.hibikiDemo.notFoundCode").asText()).isEqualTo("PLAYLIST_NOT_FOUND");
        assertThat(viewer.json("document.getElementById('latency').textContent").asText())
                .as("no latency of the playback that stopped").isEqualTo("–");
        assertStopsAsking(viewer);
    }

    @Test
    void saysAtOnceThatADeletedChannelIsGone() {
        JsonNode channel = pages.create(ChannelPages.CREATE_CHANNEL, HlsBrowserTest.ONE_RUNG);
        pages.delete(channel);
        HeadlessChromium viewer = chromium.launch("hls-viewer");
        viewer.open(hlsPage(URI.create(channel.get("playlist_url").asText())));

        viewer.waitFor("window.hibikiDemo.state === 'gone'", WAIT);
        assertThat(status(viewer)).startsWith("no such channel: it was deleted or never existed");
        assertThat(viewer.json("window.hibikiDemo.playlistChecks").asInt()).isEqualTo(1);
        assertStopsAsking(viewer);
    }

    private static void assertStopsAsking(HeadlessChromium viewer) {
        long checks = viewer.json("window.hibikiDemo.playlistChecks").asLong();
        sleep(QUIET_MILLIS);
        assertThat(viewer.json("window.hibikiDemo.playlistChecks").asLong()).as("no more requests").isEqualTo(checks);
        assertThat(viewer.json("window.hibikiDemo.state").asText()).isEqualTo("gone");
    }

    private static String status(HeadlessChromium browser) {
        return browser.json("document.getElementById('status').textContent").asText();
    }

    private URI hlsPage(URI playlist) {
        return fixture.baseUri().resolve("/demo/hls.html?url="
                + URLEncoder.encode(playlist.toString(), StandardCharsets.UTF_8));
    }

}
