package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hibiki.ice.IceCounter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static dev.hibiki.server.browser.ChannelPages.RECV_STATS;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.awaitDecoding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Browsers that may not send UDP (Chromium's "disable_non_proxied_udp" policy, as set by networks and
 * administrators that let only TCP out) publish and watch over ICE-TCP: the sora-js-sdk demo pages, unchanged,
 * connect through the passive TCP candidates of the offer.
 */
@Tag("browser")
class IceTcpBrowserTest extends ChannelBrowserTest {

    private static final String NO_UDP = "--webrtc-ip-handling-policy=disable_non_proxied_udp";

    @Override
    String tokenName() {
        return "ice-tcp-browser-tests";
    }

    @Test
    void aSenderAndAViewerWithoutUdpConnectOverTcp() {
        assertThat(fixture.server().sfu().candidates()).anySatisfy(c -> assertThat(c).contains(" tcp ", "tcptype passive"));
        JsonNode channel = pages.createMultistream();
        HeadlessChromium sender = chromium.launch("sender-no-udp", NO_UDP);
        HeadlessChromium viewer = chromium.launch("viewer-no-udp", NO_UDP);
        pages.publish(sender, channel, "");
        pages.view(viewer, channel);
        viewer.waitFor("window.hibikiDemo.remoteStreams.length === 1", WAIT);
        awaitDecoding(viewer, RECV_STATS, 30);
        assertThat(fixture.server().sfu().iceCount(IceCounter.TCP_CONNECTIONS_ACCEPTED))
                .as("both browsers came over TCP").isGreaterThanOrEqualTo(2);
        assertThat(sender.consoleErrors()).isEmpty();
        assertThat(viewer.consoleErrors()).isEmpty();
    }
}
