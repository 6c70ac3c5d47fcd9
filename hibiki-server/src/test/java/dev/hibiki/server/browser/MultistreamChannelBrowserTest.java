package dev.hibiki.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.hibiki.server.browser.ChannelPages.SENDRECV_STATS;
import static dev.hibiki.server.browser.ChannelPages.WAIT;
import static dev.hibiki.server.browser.ChannelPages.awaitDecoding;
import static dev.hibiki.server.browser.ChannelPages.awaitNotify;
import static dev.hibiki.server.browser.ChannelPages.events;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multistream channel (ImageFlux_20200316.CreateMultistreamChannel) with sendrecv peers: send.html with
 * role=sendrecv, the real sora-js-sdk in headless Chromium, Hibiki forwarding each peer to the other.
 */
@Tag("browser")
class MultistreamChannelBrowserTest extends ChannelBrowserTest {


    @Override
    String tokenName() {
        return "multistream-browser-tests";
    }

    @Test
    void twoSendrecvPeersDecodeEachOtherAndNotThemselves() {
        JsonNode channel = pages.createMultistream();
        HeadlessChromium alice = chromium.launch("alice");
        HeadlessChromium bob = chromium.launch("bob");
        String aliceId = pages.publish(alice, channel, "role=sendrecv");
        String bobId = pages.publish(bob, channel, "role=sendrecv");
        assertThat(aliceId).isNotEqualTo(bobId);

        awaitNotify(alice, "connection.created", bobId);
        for (Peer p : List.of(new Peer(alice, aliceId, bobId), new Peer(bob, bobId, aliceId))) {
            HeadlessChromium b = p.browser();
            assertThat(b.demoState().get("role").asText()).isEqualTo("sendrecv");
            b.waitFor("window.hibikiDemo.remoteStreams.includes('" + p.otherId() + "')", WAIT);
            awaitDecoding(b, SENDRECV_STATS, 30);

            JsonNode state = b.demoState();
            // Sora names a forwarded stream after its sender's connection id, and never sends a peer its own.
            assertThat(state.get("remoteStreams")).extracting(JsonNode::asText).containsExactly(p.otherId());
            List<String> trackStreams = new ArrayList<>();
            for (JsonNode track : events(b, "track")) track.get("streams").forEach(s -> trackStreams.add(s.asText()));
            assertThat(trackStreams).as(b.name() + " streams of its track events")
                    .isNotEmpty().containsOnly(p.otherId()).doesNotContain(p.ownId());
            // Below the SDK (which drops a stream named after the peer itself): the peer connection receives one
            // audio and one video track, the other peer's, not its own echoed back.
            JsonNode tracks = state.at("/stats/received/tracks");
            assertThat(tracks).extracting(t -> t.get("kind").asText()).containsExactlyInAnyOrder("audio", "video");
            assertThat(state.at("/stats/received/video/framesDecoded").asLong()).isPositive();
            assertThat(state.at("/stats/received/audio/totalSamplesReceived").asLong()).isPositive();
            // And it still sends.
            assertThat(state.at("/stats/video/framesSent").asLong()).isPositive();
            assertThat(state.at("/stats/audio/packetsSent").asLong()).isPositive();
        }
        // Stop one: the other is told and drops its stream, and keeps running.
        bob.eval("window.hibikiDemo.disconnect()");
        bob.waitFor("window.hibikiDemo.state === 'closed'", WAIT);
        awaitNotify(alice, "connection.destroyed", bobId);
        alice.waitFor("window.hibikiDemo.remoteStreams.length === 0", WAIT);
        assertThat(alice.demoState().get("state").asText()).isEqualTo("connected");
        assertThat(alice.consoleErrors()).isEmpty();
        assertThat(bob.consoleErrors()).isEmpty();
    }

    private record Peer(HeadlessChromium browser, String ownId, String otherId) {
    }
}
