package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.server.testing.ApiClient;
import dev.hibiki.server.testing.ApiClient.Response;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.hibiki.server.browser.ChannelPages.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * send.html and recv.html, served by an in-process Hibiki, in headless Chromium with the real sora-js-sdk:
 * what an ImageFlux user does with the quickstart samples.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoPagesBrowserTest {

    private static final String CREATE_CHANNEL = "ImageFlux_20180905.CreateChannel";
    /** Generous: only a failing test waits this long, and the machine may be busy. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    @RegisterExtension
    final ChromiumExtension chromium = new ChromiumExtension();

    private ServerFixture fixture;
    private ApiClient api;
    private String token;

    @BeforeAll
    void startServer() {
        fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir));
        api = new ApiClient(fixture.baseUri());
        token = fixture.newToken("browser-tests");
    }

    @AfterAll
    void stopServer() {
        if (fixture != null) fixture.close();
    }

    @Test
    void pagesLoadTheSoraSdkWithoutErrors() {
        HeadlessChromium browser = chromium.launch("browser");
        for (String page : new String[] {"send", "recv"}) {
            browser.open(demo(page + ".html"));
            browser.waitFor("typeof window.hibikiDemo === 'object' && window.hibikiDemo.state === 'idle'", WAIT);

            JsonNode state = browser.demoState();
            assertThat(state.get("page").asText()).isEqualTo(page);
            assertThat(state.get("sdkHasConnection").asBoolean()).as("Sora.connection is a function").isTrue();
            assertThat(state.get("sdkVersion").asText()).matches("\\d{4}\\.\\d+\\.\\d+.*");
            assertThat(state.get("signalingUrl").isNull()).isTrue();
            assertThat(browser.eval("document.getElementById('sora_url').value"))
                    .as("default sora_url").isEqualTo("ws://127.0.0.1:" + fixture.server().port() + "/signaling");
        }
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /**
     * Until Hibiki answers /signaling, connecting fails quickly and visibly. When signaling exists this is the
     * test to replace with {@link #publisherIsReceivedThroughHibiki()}.
     */
    @Test
    void aDeletedChannelIsRefusedWithAReason() {
        JsonNode channel = createChannel();
        String id = channel.get("channel_id").asText();
        assertThat(api.call("ImageFlux_20180501.DeleteChannel", token, "{\"channel_id\":\"" + id + "\"}").status())
                .isEqualTo(200);
        HeadlessChromium sender = chromium.launch("sender");

        sender.open(demo("send.html", channel, "autoconnect=1"));
        sender.waitFor("window.hibikiDemo && window.hibikiDemo.state === 'error'", WAIT);

        JsonNode state = sender.demoState();
        assertThat(state.get("channelId").asText()).isEqualTo(id);
        // sora-js-sdk reports the close code and reason of the refusal.
        assertThat(state.get("error").asText()).contains("Signaling failed", "4490", "CHANNEL-NOT-FOUND");
        assertThat(state.get("connectionId").isNull()).isTrue();
        assertThat(sender.driver().findElement(By.id("status")).getText()).startsWith("error");
        // The camera is released after the failure.
        assertThat(sender.eval("document.getElementById('local').srcObject")).isNull();
    }

    @Test
    void publisherIsReceivedThroughHibiki() {
        JsonNode channel = createChannel();
        HeadlessChromium sender = chromium.launch("sender");
        HeadlessChromium receiver = chromium.launch("receiver");

        sender.open(demo("send.html", channel, "autoconnect=1&video_codec_type=VP8"));
        sender.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        String publisherId = sender.demoState().get("connectionId").asText();
        assertThat(publisherId).isNotBlank();
        sender.waitFor("window.hibikiDemo.stats.video && window.hibikiDemo.stats.video.framesSent > 0", WAIT);

        receiver.open(demo("recv.html", channel, "autoconnect=1"));
        receiver.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        // Sora names a publisher's stream after its connection id.
        receiver.waitFor("window.hibikiDemo.remoteStreams.includes('" + publisherId + "')", WAIT);
        receiver.waitFor("window.hibikiDemo.stats.video && window.hibikiDemo.stats.video.framesDecoded > 0", WAIT);
        long decoded = receiver.demoState().at("/stats/video/framesDecoded").asLong();
        receiver.waitFor("window.hibikiDemo.stats.video.framesDecoded > " + (decoded + 30), WAIT);
        receiver.waitFor("window.hibikiDemo.stats.audio.totalSamplesReceived > 0", WAIT);
        assertThat(receiver.demoState().at("/stats/video/codecs").toString()).contains("video/VP8");

        sender.eval("window.hibikiDemo.disconnect()");
        sender.waitFor("window.hibikiDemo.state === 'closed'", WAIT);
        assertThat(sender.driver().findElement(By.id("status")).getText())
                .isEqualTo("closed: this page disconnected: 1000 TYPE-DISCONNECT (the client sent disconnect)");
        assertThat(sender.json("window.hibikiDemo.stats").isEmpty()).as("no stats of the closed connection").isTrue();
        receiver.waitFor("window.hibikiDemo.remoteStreams.length === 0", WAIT);
        assertThat(sender.consoleErrors()).isEmpty();
        assertThat(receiver.consoleErrors()).isEmpty();
    }

    /**
     * send.html?source=clock in a browser with a user's autoplay policy, connecting by itself: the page says its sound
     * waits for a click, and after one its quiet tone reaches a viewer, audibly (a level, not samples of silence).
     */
    @Test
    void clockSourceSendsAQuietToneAViewerReceives() {
        JsonNode channel = createChannel();
        HeadlessChromium sender = chromium.launch("sender", true);
        HeadlessChromium receiver = chromium.launch("receiver");

        sender.open(demo("send.html", channel, "autoconnect=1&source=clock"));
        sender.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        sender.waitFor("!document.getElementById('audio-notice').hidden", WAIT);
        assertThat(sender.json("window.hibikiDemo.generatedAudio").asText()).isEqualTo("suspended");
        sender.driver().findElement(By.id("start-audio")).click();
        sender.waitFor("window.hibikiDemo.generatedAudio === 'running'", WAIT);
        assertThat(sender.eval("document.getElementById('audio-notice').hidden")).isEqualTo(true);
        sender.waitFor("window.hibikiDemo.stats.audio && window.hibikiDemo.stats.audio.packetsSent > 0", WAIT);

        receiver.open(demo("recv.html", channel, "autoconnect=1"));
        receiver.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        receiver.waitFor("window.hibikiDemo.stats.audio && window.hibikiDemo.stats.audio.totalSamplesReceived > 0", WAIT);
        // as a viewer does to hear it: Chromium measures the level it plays out, 0 while the video is muted
        receiver.eval("document.querySelector('#remote video').muted = false");
        // the tone's amplitude is 0.05 of full scale; silence reads 0
        receiver.waitFor("window.hibikiDemo.stats.audio.audioLevel > 0.01", WAIT);
        assertThat(receiver.json("window.hibikiDemo.stats.audio.audioLevel").asDouble()).isLessThan(0.2);
        sender.eval("window.hibikiDemo.disconnect()");
    }

    /**
     * DeleteChannel while a publisher and a viewer are connected, on pages as narrow as a phone's: each page says the
     * server closed the connection and why, keeps no figures of the connection that is gone, and every line of its
     * event log stays in view, its number included.
     */
    @Test
    void deletingTheChannelShowsWhyAndClearsTheStats() {
        JsonNode channel = createChannel();
        HeadlessChromium sender = chromium.launch("sender");
        HeadlessChromium receiver = chromium.launch("receiver");
        for (HeadlessChromium b : List.of(sender, receiver)) b.driver().manage().window().setSize(new Dimension(480, 900));
        sender.open(demo("send.html", channel, "autoconnect=1"));
        sender.waitFor("window.hibikiDemo.stats.video && window.hibikiDemo.stats.video.framesSent > 0", WAIT);
        receiver.open(demo("recv.html", channel, "autoconnect=1"));
        receiver.waitFor("window.hibikiDemo.stats.video && window.hibikiDemo.stats.video.framesDecoded > 0", WAIT);
        for (HeadlessChromium b : List.of(sender, receiver)) assertEventLogInView(b);

        String id = channel.get("channel_id").asText();
        assertThat(api.call("ImageFlux_20180501.DeleteChannel", token, "{\"channel_id\":\"" + id + "\"}").status())
                .isEqualTo(200);

        for (HeadlessChromium b : List.of(sender, receiver)) {
            b.waitFor("window.hibikiDemo.state === 'closed'", WAIT);
            assertThat(b.driver().findElement(By.id("status")).getText()).as(b.name()).isEqualTo(
                    "closed: the server closed the connection: 1000 DISCONNECTED-API (the channel was deleted, or the"
                            + " Sora API disconnected this connection)");
        }
        sleep(2500); // more than two turns of the stats loop
        for (HeadlessChromium b : List.of(sender, receiver)) {
            assertThat(b.json("window.hibikiDemo.stats").isEmpty()).as(b.name() + " stats").isTrue();
            assertThat(b.eval("document.getElementById('stats').textContent")).as(b.name()).isEqualTo("");
            assertEventLogInView(b);
        }
    }

    /**
     * Every line of the page's event log lies within the log's box (long lines wrap instead of running out of view)
     * and starts with its number; at least one line had to wrap, or the check proves nothing.
     */
    private static void assertEventLogInView(HeadlessChromium browser) {
        JsonNode log = browser.json("""
                (() => {
                  const ol = document.getElementById('log');
                  const left = ol.getBoundingClientRect().left + ol.clientLeft;
                  const right = left + ol.clientWidth;
                  const result = { lines: ol.children.length, wrapped: 0, outOfView: [], unnumbered: [] };
                  for (const li of ol.children) {
                    const range = document.createRange();
                    range.selectNodeContents(li);
                    const rects = [...range.getClientRects()];
                    if (new Set(rects.map((r) => Math.round(r.top))).size > 1) result.wrapped++;
                    if (rects.some((r) => r.left < left - 0.5 || r.right > right + 0.5)) result.outOfView.push(li.textContent);
                    if (!/^\\d+\\. /.test(li.textContent)) result.unnumbered.push(li.textContent);
                  }
                  return result;
                })()""");
        assertThat(log.get("lines").asInt()).as(browser.name() + " log lines").isPositive();
        assertThat(log.get("outOfView")).as(browser.name() + " lines out of view").isEmpty();
        assertThat(log.get("unnumbered")).as(browser.name() + " lines without their number").isEmpty();
        assertThat(log.get("wrapped").asInt()).as(browser.name() + " lines that wrap").isPositive();
    }


    private JsonNode createChannel() {
        Response r = api.call(CREATE_CHANNEL, token, """
                {"hls":[{"durationSeconds":1,"startTimeOffset":-2,
                         "video":{"width":640,"height":360,"fps":30,"bps":500000},"audio":{"bps":96000}}]}""");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private URI demo(String page) {
        return fixture.baseUri().resolve("/demo/" + page);
    }

    /** The page with the channel's id and sora_url, as a user pastes them from the CreateChannel response. */
    private URI demo(String page, JsonNode channel, String extraQuery) {
        return fixture.baseUri().resolve("/demo/" + page
                + "?channel_id=" + encode(channel.get("channel_id").asText())
                + "&sora_url=" + encode(channel.get("sora_url").asText())
                + (extraQuery.isEmpty() ? "" : "&" + extraQuery));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
