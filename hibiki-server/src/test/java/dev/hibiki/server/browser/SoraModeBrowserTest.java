package dev.hibiki.server.browser;

import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.soramode.SoraModeSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import static dev.hibiki.server.browser.ChannelPages.SENDRECV_STATS;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.awaitDecoding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sora mode with the unmodified sora-js-sdk: two sendrecv peers meet in a channel nobody created, each admitted by
 * an HS256 JWT signed with the operator's secret key, and decode each other; a forged token is refused with the
 * reason the SDK shows.
 */
@Tag("browser")
class SoraModeBrowserTest extends ChannelBrowserTest {

    private static final String SECRET = "browser-test-secret-0123456789abcdef";

    @Override
    String tokenName() {
        return "sora-mode-browser-tests";
    }

    @Override
    ServerFixture startFixture(Path dataDir) {
        return new ServerFixture(dataDir, TestDatabases.h2(dataDir), new SoraModeSettings(true, SECRET, null, null, false));
    }

    @Test
    void twoPeersWithJwtsMeetInAChannelNobodyCreated() {
        long exp = Instant.now().getEpochSecond() + 300;
        HeadlessChromium alice = chromium.launch("alice");
        HeadlessChromium bob = chromium.launch("bob");
        open(alice, "sora-room", SoraModeTokens.jwt(SECRET, "{\"channel_id\":\"sora-room\",\"exp\":" + exp + "}"));
        open(bob, "sora-room", SoraModeTokens.jwt(SECRET, "{\"channel_id\":\"sora-room\",\"exp\":" + exp + "}"));
        for (HeadlessChromium b : new HeadlessChromium[] {alice, bob}) {
            b.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
            b.waitFor("window.hibikiDemo.remoteStreams.length === 1", WAIT);
            awaitDecoding(b, SENDRECV_STATS, 30);
        }

        HeadlessChromium mallory = chromium.launch("mallory");
        open(mallory, "sora-room", SoraModeTokens.jwt("not-the-secret-not-the-secret-0000", "{\"exp\":" + exp + "}"));
        mallory.waitFor("window.hibikiDemo.state === 'error'", WAIT);
        assertThat(mallory.demoState().get("error").asText()).contains("INVALID-ACCESS-TOKEN");
    }

    private void open(HeadlessChromium browser, String channelId, String token) {
        String metadata = "{\"access_token\":\"" + token + "\"}";
        browser.open(URI.create(fixture.baseUri() + "demo/send.html?autoconnect=1&role=sendrecv&channel_id="
                + channelId + "&metadata=" + URLEncoder.encode(metadata, StandardCharsets.UTF_8)));
    }
}
