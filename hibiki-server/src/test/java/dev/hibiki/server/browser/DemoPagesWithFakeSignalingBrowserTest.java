package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static dev.hibiki.server.browser.FakeSoraSignaling.CLIENT_CONNECTION_ID;
import static dev.hibiki.server.browser.FakeSoraSignaling.PUBLISHER_STREAM_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pages' whole client path with the real sora-js-sdk against {@link FakeSoraSignaling}: buttons, state,
 * preview, remote videos, stats, track removal. When Hibiki's signaling exists the same assertions run against it
 * in {@link DemoPagesBrowserTest}; this class keeps the pages honest independently of the server.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoPagesWithFakeSignalingBrowserTest {

    /** Generous: only a failing test waits this long, and the machine may be busy. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    @RegisterExtension
    final ChromiumExtension chromium = new ChromiumExtension();

    private ServerFixture fixture;

    @BeforeAll
    void startServer() {
        fixture = new ServerFixture(dataDir, TestDatabases.h2(dataDir));
    }

    @AfterAll
    void stopServer() {
        if (fixture != null) fixture.close();
    }

    @Test
    void sendPagePublishesAndDisconnects() {
        HeadlessChromium browser = chromium.launch("sender");
        browser.open(page("send.html?channel_id=fake-channel&video_codec_type=VP8&metadata=%7B%22user%22%3A%22alice%22%7D"));
        browser.waitFor("window.hibikiDemo && window.hibikiDemo.state === 'idle'", WAIT);
        FakeSoraSignaling.install(browser);

        browser.driver().findElement(By.name("connect")).click();
        browser.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        browser.waitFor("window.hibikiDemo.stats.video && window.hibikiDemo.stats.video.framesSent > 10", WAIT);
        browser.waitFor("document.getElementById('local').videoWidth > 0", WAIT);

        JsonNode state = browser.demoState();
        assertThat(state.get("connectionId").asText()).isEqualTo(CLIENT_CONNECTION_ID);
        assertThat(state.at("/stats/video/codec").asText()).isEqualTo("video/VP8");
        assertThat(state.at("/stats/audio/packetsSent").asLong()).isPositive();
        assertThat(state.at("/stats/transport/pairState").asText()).isEqualTo("succeeded");
        assertThat(state.get("events").findValuesAsText("type")).contains("signaling", "notify", "connected");
        assertThat(browser.json("window.fakeSora.received").toString()).contains("connect", "answer", "candidate");
        assertThat(browser.driver().findElement(By.id("status")).getText()).isEqualTo("connected");
        assertThat(browser.driver().findElement(By.id("stats")).getText()).contains("framesSent");

        browser.driver().findElement(By.name("disconnect")).click();
        browser.waitFor("window.hibikiDemo.state === 'closed'", WAIT);
        assertThat(browser.eval("document.getElementById('local').srcObject")).isNull();
        assertThat(browser.json("window.fakeSora.received").toString()).contains("disconnect");
        assertThat(browser.json("window.hibikiDemo.events.filter((e) => e.type === 'disconnect')").findValuesAsText("kind"))
                .containsExactly("normal");
        assertThat(browser.json("window.fakeSora.error").isNull()).isTrue();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void sendPageShowsAnErrorWhenTheServerDropsTheConnectionAndCanReconnect() {
        HeadlessChromium browser = chromium.launch("sender");
        browser.open(page("send.html?channel_id=fake-channel"));
        browser.waitFor("window.hibikiDemo && window.hibikiDemo.state === 'idle'", WAIT);
        FakeSoraSignaling.install(browser);
        browser.eval("window.hibikiDemo.connect()");
        browser.waitFor("window.hibikiDemo.state === 'connected'", WAIT);

        browser.eval("window.fakeSora.dropConnection()");
        browser.waitFor("window.hibikiDemo.state === 'error'", WAIT);
        assertThat(browser.demoState().get("error").asText()).isNotBlank();
        assertThat(browser.eval("document.getElementById('local').srcObject")).isNull();
        assertThat(browser.driver().findElement(By.name("connect")).isEnabled()).isTrue();

        browser.driver().findElement(By.name("connect")).click();
        browser.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        browser.waitFor("window.hibikiDemo.stats.video && window.hibikiDemo.stats.video.framesSent > 0", WAIT);
    }

    @Test
    void recvPagePlaysRemoteStreamsAndRemovesThem() {
        HeadlessChromium browser = chromium.launch("receiver");
        browser.open(page("recv.html?channel_id=fake-channel"));
        browser.waitFor("window.hibikiDemo && window.hibikiDemo.state === 'idle'", WAIT);
        FakeSoraSignaling.install(browser);

        browser.eval("window.hibikiDemo.connect()");
        browser.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        browser.waitFor("window.hibikiDemo.remoteStreams.includes('" + PUBLISHER_STREAM_ID + "')", WAIT);
        browser.waitFor("window.hibikiDemo.stats.video && window.hibikiDemo.stats.video.framesDecoded > 10", WAIT);
        browser.waitFor("window.hibikiDemo.stats.audio.totalSamplesReceived > 0", WAIT);
        browser.waitFor("document.querySelector('#remote video').videoWidth > 0", WAIT);

        JsonNode state = browser.demoState();
        assertThat(state.get("remoteStreams")).hasSize(1);
        assertThat(state.at("/stats/video/packetsLost").isNumber()).isTrue();
        assertThat(state.at("/stats/video/nackCount").isNumber()).isTrue();
        assertThat(state.at("/stats/video/jitter").isNumber()).isTrue();
        assertThat(state.at("/stats/tracks")).hasSize(2);

        browser.eval("window.fakeSora.destroyPublisher()");
        browser.waitFor("window.hibikiDemo.remoteStreams.length === 0", WAIT);
        assertThat(browser.eval("document.querySelectorAll('#remote video').length")).isEqualTo(0L);

        browser.eval("window.hibikiDemo.disconnect()");
        browser.waitFor("window.hibikiDemo.state === 'closed'", WAIT);
        assertThat(browser.json("window.fakeSora.error").isNull()).isTrue();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    private URI page(String pathAndQuery) {
        return fixture.baseUri().resolve("/demo/" + pathAndQuery);
    }
}
