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
 * reason the SDK shows. Messaging over data channels (demo/messaging.html): DataChannel signaling switches, messages
 * reach the other peer (zlib and the sender header where a peer asked for them), and a connection that closed its
 * WebSocket learns of the disconnect API from type close on the signaling channel.
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
        // alice signals over data channels only: bob's tracks reach her by a re-offer on the signaling channel, his
        // arrival by a notify on the notify channel.
        open(alice, "sora-room", SoraModeTokens.jwt(SECRET, "{\"channel_id\":\"sora-room\",\"exp\":" + exp + "}"),
                "&data_channel_signaling=1&ignore_disconnect_websocket=1");
        alice.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
        alice.waitFor("window.hibikiDemo.events.some(e => e.type === 'signaling' && e.kind === 'onmessage-switched')", WAIT);
        open(bob, "sora-room", SoraModeTokens.jwt(SECRET, "{\"channel_id\":\"sora-room\",\"exp\":" + exp + "}"), "");
        for (HeadlessChromium b : new HeadlessChromium[] {alice, bob}) {
            b.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
            b.waitFor("window.hibikiDemo.remoteStreams.length === 1", WAIT);
            awaitDecoding(b, SENDRECV_STATS, 30);
        }
        String bobId = bob.demoState().get("connectionId").asText();
        alice.waitFor("window.hibikiDemo.events.some(e => e.type === 'signaling' && e.kind === 'onmessage-re-offer'"
                + " && e.transport === 'datachannel')", WAIT);
        alice.waitFor("window.hibikiDemo.events.some(e => e.type === 'notify' && e.event_type === 'connection.created'"
                + " && e.connection_id === '" + bobId + "')", WAIT);

        HeadlessChromium mallory = chromium.launch("mallory");
        open(mallory, "sora-room", SoraModeTokens.jwt("not-the-secret-not-the-secret-0000", "{\"exp\":" + exp + "}"));
        mallory.waitFor("window.hibikiDemo.state === 'error'", WAIT);
        assertThat(mallory.demoState().get("error").asText()).contains("INVALID-ACCESS-TOKEN");
    }

    @Test
    void messagingBetweenTwoPeersOverDataChannels() throws Exception {
        HeadlessChromium alice = chromium.launch("alice");
        HeadlessChromium bob = chromium.launch("bob");
        // alice's #chat is compressed and her messages arrive with the sender's connection id; bob's is plain.
        openMessaging(alice, "chat-room", "&compress=1&header=1");
        openMessaging(bob, "chat-room", "");
        for (HeadlessChromium b : new HeadlessChromium[] {alice, bob}) {
            b.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
            b.waitFor("window.hibikiDemo.switched !== null && window.hibikiDemo.dataChannels.includes('#chat')", WAIT);
            assertThat(b.demoState().get("switched").get("ignore_disconnect_websocket").asBoolean()).isFalse();
        }
        String aliceId = alice.demoState().get("connectionId").asText();
        String bobId = bob.demoState().get("connectionId").asText();

        alice.evalAsync("await window.hibikiDemo.send('hello from alice'); return true;");
        bob.waitFor("window.hibikiDemo.received.length === 1", WAIT);
        assertThat(bob.demoState().get("received").get(0).get("text").asText()).isEqualTo("hello from alice");
        assertThat(bob.demoState().get("received").get(0).get("label").asText()).isEqualTo("#chat");

        bob.evalAsync("await window.hibikiDemo.send('こんにちは from bob'); return true;");
        alice.waitFor("window.hibikiDemo.received.length === 1", WAIT);
        String received = alice.demoState().get("received").get(0).get("text").asText();
        assertThat(received.substring(0, 26)).isEqualTo(bobId);
        assertThat(received.substring(26)).isEqualTo("こんにちは from bob");
        assertThat(alice.demoState().get("received")).hasSize(1).as("no echo of alice's own message");
        assertThat(aliceId).isNotEqualTo(bobId);
        String metrics = pages.api().send(pages.api().request("/metrics").GET().build()).body();
        assertThat(metrics).containsPattern("(?m)^hibiki_datachannel_messages_relayed_total 2\\.0$")
                .containsPattern("(?m)^hibiki_datachannel_messages_dropped_total 0\\.0$");
    }

    @Test
    void aConnectionWithoutWebSocketIsToldOfTheDisconnectApiOnTheSignalingChannel() throws Exception {
        HeadlessChromium carol = chromium.launch("carol");
        openMessaging(carol, "quiet-room", "&ignore_disconnect_websocket=1");
        carol.waitFor("window.hibikiDemo.state === 'connected' && window.hibikiDemo.switched !== null", WAIT);
        assertThat(carol.demoState().get("switched").get("ignore_disconnect_websocket").asBoolean()).isTrue();
        // The SDK closed its WebSocket after switched; the connection lives on over the data channels.
        Thread.sleep(1_000);
        assertThat(fixture.server().signaling().connections("quiet-room")).hasSize(1);

        assertThat(fixture.server().signaling().disconnect("quiet-room", c -> true, null)).isEqualTo(1);
        carol.waitFor("window.hibikiDemo.closeEvent !== null", WAIT);
        assertThat(carol.demoState().get("closeEvent").get("reason").asText()).isEqualTo("DISCONNECTED-API");
        assertThat(carol.demoState().get("closeEvent").get("code").asInt()).isEqualTo(1000);
        org.awaitility.Awaitility.await().atMost(WAIT)
                .until(() -> fixture.server().signaling().connections("quiet-room").isEmpty());
    }

    private void openMessaging(HeadlessChromium browser, String channelId, String options) {
        String metadata = "{\"access_token\":\"" + SECRET + "\"}";
        browser.open(URI.create(fixture.baseUri() + "demo/messaging.html?autoconnect=1&channel_id=" + channelId
                + "&metadata=" + URLEncoder.encode(metadata, StandardCharsets.UTF_8) + options));
    }

    private void open(HeadlessChromium browser, String channelId, String token) {
        open(browser, channelId, token, "");
    }

    private void open(HeadlessChromium browser, String channelId, String token, String options) {
        String metadata = "{\"access_token\":\"" + token + "\"}";
        browser.open(URI.create(fixture.baseUri() + "demo/send.html?autoconnect=1&role=sendrecv&channel_id="
                + channelId + "&metadata=" + URLEncoder.encode(metadata, StandardCharsets.UTF_8) + options));
    }
}
