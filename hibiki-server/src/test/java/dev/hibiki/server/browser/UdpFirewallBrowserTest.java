package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hibiki.ice.IceCounter;
import dev.hibiki.live.config.TurnSettings;
import dev.hibiki.server.testing.ServerFixture;
import dev.hibiki.server.testing.TestDatabases;
import dev.hibiki.soramode.SoraModeSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WindowType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static dev.hibiki.server.browser.ChannelPages.RECV_STATS;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.awaitDecoding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser on a network whose firewall drops UDP (Chromium in a network namespace, nftables dropping every UDP
 * datagram to and from this host; {@link UdpDroppingNamespace}) still publishes and views: over ICE-TCP, and with
 * ICE-TCP off ({@code media.tcp: false}) through the embedded TURN server over TCP and over TLS with
 * {@code iceTransportPolicy: "relay"}. Each case is one Chromium with the sender's page in one tab and the viewer's
 * in another; the selected candidate pair of both says which way the media went.
 */
@Tag("browser")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UdpFirewallBrowserTest {

    private static final String SECRET = "udp-firewall-browser-test-secret-0123456789";

    @RegisterExtension
    final ChromiumExtension chromium = new ChromiumExtension();

    private UdpDroppingNamespace network;
    /** Media over UDP and ICE-TCP, no relays. */
    private ServerFixture iceTcpServer;
    /** No ICE-TCP; relays only, over UDP, TCP and TLS; Sora mode, so that a JWT can ask for TCP or TLS relays. */
    private ServerFixture relayServer;
    private NginxTlsProxy.Tls tls;
    private ChannelPages iceTcpPages;
    private ChannelPages relayPages;

    @BeforeAll
    void start(@TempDir Path dataDir) throws IOException {
        network = UdpDroppingNamespace.open();
        chromium.driveThrough(network.chromedriver());
        InetAddress host = network.hostAddress();
        Path iceTcpData = Files.createDirectories(dataDir.resolve("ice-tcp"));
        iceTcpServer = new ServerFixture(iceTcpData, TestDatabases.h2(iceTcpData), host, true, TurnSettings.OFF,
                SoraModeSettings.DEFAULT);
        iceTcpPages = new ChannelPages(iceTcpServer, "udp-firewall-browser-tests");
        Path relayData = Files.createDirectories(dataDir.resolve("relay"));
        tls = NginxTlsProxy.Tls.selfSigned(relayData, List.of(host));
        TurnSettings turn = TurnSettings.embeddedOnAnyPort(List.of(host), "relay")
                .withTls(new TurnSettings.Tls(0, host.getHostAddress(), tls.certificateFile(), tls.keyFile()));
        relayServer = new ServerFixture(relayData, TestDatabases.h2(relayData), host, false, turn,
                new SoraModeSettings(true, SECRET, null, null, false));
        relayPages = new ChannelPages(relayServer, "udp-firewall-browser-tests");
    }

    @AfterAll
    void stop() {
        try {
            if (iceTcpServer != null) iceTcpServer.close();
            if (relayServer != null) relayServer.close();
        } finally {
            if (network != null) network.close();
        }
    }

    @Test
    void overIceTcp() {
        assertThat(network.udpToHostLeaves(iceTcpServer.server().sfu().mediaPort())).as("UDP is dropped").isFalse();
        HeadlessChromium browser = chromium.launch("ice-tcp", UdpDroppingNamespace.secureOriginFlag(iceTcpServer.baseUri()));
        publishAndView(browser, iceTcpPages, iceTcpPages.createMultistream(), "");
        for (JsonNode pair : selectedPairs(browser)) {
            // the server's passive TCP host candidate; the browser's side is its active TCP connection, whose port
            // is known only once connected, so Chromium reports it as peer-reflexive
            assertThat(pair.get("remoteType").asText()).as(pair.toString()).isEqualTo("host");
            assertThat(pair.get("remote").asText()).as(pair.toString()).endsWith("/tcp");
            assertThat(pair.get("localType").asText()).as(pair.toString()).isIn("host", "prflx");
            assertThat(pair.get("local").asText()).as(pair.toString()).endsWith("/tcp");
        }
        assertThat(iceTcpServer.server().sfu().iceCount(IceCounter.TCP_CONNECTIONS_ACCEPTED)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void withoutIceTcpThroughTurnOverTcp() {
        // The certificate is not trusted here, so of the relays only TURN over TCP can work.
        throughTheRelay("turn_tcp_only", "tcp");
    }

    @Test
    void withoutIceTcpThroughTurnOverTls() {
        throughTheRelay("turn_tls_only", "tls", tls.chromiumFlag());
    }

    /** Sender and viewer with a Sora-mode JWT whose payout keeps only some relays, which they must then use. */
    private void throughTheRelay(String payout, String relayProtocol, String... extraFlags) {
        assertThat(relayServer.server().sfu().candidates()).as("media.tcp is off").noneMatch(c -> c.contains(" tcp "));
        String token = SoraModeTokens.jwt(SECRET, "{\"exp\":" + (Instant.now().getEpochSecond() + 300)
                + ",\"" + payout + "\":true}");
        String room = "firewalled-" + relayProtocol;
        JsonNode channel = JsonNodeFactory.instance.objectNode().put("channel_id", room)
                .put("sora_url", relayServer.baseUri().resolve("/signaling").toString().replace("http:", "ws:"));
        String[] flags = new String[extraFlags.length + 1];
        flags[0] = UdpDroppingNamespace.secureOriginFlag(relayServer.baseUri());
        System.arraycopy(extraFlags, 0, flags, 1, extraFlags.length);
        HeadlessChromium browser = chromium.launch("relay-" + relayProtocol, flags);
        publishAndView(browser, relayPages, channel, "metadata="
                + URLEncoder.encode("{\"access_token\":\"" + token + "\"}", StandardCharsets.UTF_8));
        for (JsonNode pair : selectedPairs(browser)) {
            assertThat(pair.get("localType").asText()).as(pair.toString()).isEqualTo("relay");
            assertThat(pair.get("relayProtocol").asText()).as(pair.toString()).isEqualTo(relayProtocol);
        }
    }

    /** send.html in the first tab, recv.html in a second, until the viewer decodes the sender's video. */
    private static void publishAndView(HeadlessChromium browser, ChannelPages pages, JsonNode channel, String query) {
        pages.publish(browser, channel, query);
        browser.driver().switchTo().newWindow(WindowType.TAB);
        pages.view(browser, channel, query);
        browser.waitFor("window.hibikiDemo.remoteStreams.length === 1", WAIT);
        awaitDecoding(browser, RECV_STATS, 30);
    }

    /** The selected candidate pair of every tab's connection (the demo pages' stats.transport). */
    private static List<JsonNode> selectedPairs(HeadlessChromium browser) {
        String current = browser.driver().getWindowHandle();
        try {
            List<JsonNode> pairs = browser.driver().getWindowHandles().stream().map(tab -> {
                browser.driver().switchTo().window(tab);
                browser.waitFor("window.hibikiDemo.stats.transport && window.hibikiDemo.stats.transport.localType", WAIT);
                return browser.json("window.hibikiDemo.stats.transport");
            }).toList();
            assertThat(pairs).as("the sender's and the viewer's").hasSize(2);
            return pairs;
        } finally {
            browser.driver().switchTo().window(current);
        }
    }
}
