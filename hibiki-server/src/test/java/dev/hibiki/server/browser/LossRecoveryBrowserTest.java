package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.hibiki.server.browser.ChannelPages.RECV_STATS;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.awaitDecoding;
import static dev.hibiki.server.browser.ChannelPages.framesDecoded;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packet loss on the publisher's leg, made with the SFU's test hook (loopback loses nothing): Hibiki NACKs what it
 * missed, the publishing browser retransmits, and the viewer keeps decoding. Its own server, as the hook is global.
 */
@Tag("browser")
class LossRecoveryBrowserTest extends ChannelBrowserTest {

    private static final double LOSS = 0.05;
    private static final Duration OBSERVED = Duration.ofSeconds(5);
    private static final int CHECKPOINTS = 5;

    @Override
    String tokenName() {
        return "loss-browser-tests";
    }

    @AfterEach
    void noLoss() {
        fixture.server().sfu().setIncomingRtpLossForTesting(0);
    }

    @Test
    void viewerKeepsDecodingAndThePublisherIsNackedUnderFivePercentLoss() throws InterruptedException {
        JsonNode channel = pages.createSingleStream();
        HeadlessChromium sender = chromium.launch("sender");
        HeadlessChromium viewer = chromium.launch("viewer");
        String publisherId = pages.publish(sender, channel, "video_codec_type=VP8");
        pages.view(viewer, channel);
        viewer.waitFor("window.hibikiDemo.remoteStreams.includes('" + publisherId + "')", WAIT);
        awaitDecoding(viewer, RECV_STATS, 10);
        long nacksBefore = sender.json("window.hibikiDemo.stats.video.nackCount").asLong();

        fixture.server().sfu().setIncomingRtpLossForTesting(LOSS);
        List<Long> decoded = new ArrayList<>();
        decoded.add(framesDecoded(viewer, RECV_STATS));
        for (int i = 0; i < CHECKPOINTS; i++) {
            Thread.sleep(OBSERVED.dividedBy(CHECKPOINTS));
            decoded.add(framesDecoded(viewer, RECV_STATS));
        }
        // The publisher's outbound-rtp: Hibiki asked for the lost packets and the browser resent them.
        sender.waitFor("window.hibikiDemo.stats.video.nackCount > " + nacksBefore, WAIT);
        sender.waitFor("window.hibikiDemo.stats.video.retransmittedPacketsSent > 0", WAIT);
        JsonNode sent = sender.demoState().at("/stats/video");
        JsonNode received = viewer.demoState().at("/stats/video");
        fixture.server().sfu().setIncomingRtpLossForTesting(0);

        // Stats refresh once a second: over every two checkpoints (2 s) the count must have moved, and over the
        // whole window the viewer decoded at a usable rate (at least 10 fps of the fake camera's 30).
        for (int i = 2; i < decoded.size(); i++) {
            assertThat(decoded.get(i)).as("framesDecoded %s: no freeze of 2 s", decoded).isGreaterThan(decoded.get(i - 2));
        }
        assertThat(decoded.getLast() - decoded.getFirst()).as("frames decoded in %s s under %s loss: %s",
                OBSERVED.toSeconds(), LOSS, decoded).isGreaterThanOrEqualTo(10L * OBSERVED.toSeconds());
        assertThat(sent.get("nackCount").asLong()).as("publisher nackCount").isPositive();
        assertThat(sent.get("retransmittedPacketsSent").asLong()).as("publisher retransmittedPacketsSent").isPositive();
        System.out.printf("loss %.0f%%: framesDecoded %s; publisher nackCount %d, retransmittedPacketsSent %d;"
                        + " viewer packetsLost %d, nackCount %d, pliCount %d%n",
                LOSS * 100, decoded, sent.get("nackCount").asLong(), sent.get("retransmittedPacketsSent").asLong(),
                received.get("packetsLost").asLong(), received.get("nackCount").asLong(), received.get("pliCount").asLong());
        assertThat(viewer.consoleErrors()).isEmpty();
    }
}
