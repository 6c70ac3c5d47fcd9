package dev.hibiki.server.browser;

import dev.hibiki.live.config.TurnSettings;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.soramode.SoraModeSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.hibiki.server.browser.ChannelPages.SENDRECV_STATS;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.awaitDecoding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TURN over TLS: two sora-js-sdk peers that may not send UDP, whose admission (a Sora-mode JWT, as an auth webhook
 * answer would) says {@code turn_tls_only}, meet through the embedded server's {@code turns:} relay, with a
 * certificate (made by openssl, as Let's Encrypt's would be) that the test browsers trust.
 */
@Tag("browser")
class TurnTlsBrowserTest extends ChannelBrowserTest {

    private static final String SECRET = "turn-tls-browser-test-secret-0123456789";
    private static final String NO_UDP = "--webrtc-ip-handling-policy=disable_non_proxied_udp";
    private NginxTlsProxy.Tls tls;

    @Override
    String tokenName() {
        return "turn-tls-browser-tests";
    }

    @Override
    ServerFixture startFixture(Path dataDir) {
        tls = NginxTlsProxy.Tls.selfSigned(dataDir);
        TurnSettings turn = TurnSettings.embeddedOnAnyPort(List.of(InetAddress.getLoopbackAddress()), "relay")
                .withTls(new TurnSettings.Tls(0, "localhost", tls.certificateFile(), tls.keyFile()));
        return new ServerFixture(dataDir, TestDatabases.h2(dataDir), turn,
                new SoraModeSettings(true, SECRET, null, null, false));
    }

    @Test
    void twoPeersWithoutUdpMeetThroughTheTlsRelay() {
        String token = SoraModeTokens.jwt(SECRET, "{\"exp\":" + (Instant.now().getEpochSecond() + 300) + ",\"turn_tls_only\":true}");
        HeadlessChromium alice = chromium.launch("tls-alice", NO_UDP, tls.chromiumFlag());
        HeadlessChromium bob = chromium.launch("tls-bob", NO_UDP, tls.chromiumFlag());
        for (HeadlessChromium b : List.of(alice, bob)) {
            b.open(URI.create(fixture.baseUri() + "demo/send.html?autoconnect=1&role=sendrecv&channel_id=tls-room"
                    + "&metadata=" + URLEncoder.encode("{\"access_token\":\"" + token + "\"}", StandardCharsets.UTF_8)));
        }
        for (HeadlessChromium b : List.of(alice, bob)) {
            b.waitFor("window.hibikiDemo.state === 'connected'", WAIT);
            b.waitFor("window.hibikiDemo.remoteStreams.length === 1", WAIT);
            awaitDecoding(b, SENDRECV_STATS, 30);
        }
        assertThat(alice.consoleErrors()).isEmpty();
    }
}
