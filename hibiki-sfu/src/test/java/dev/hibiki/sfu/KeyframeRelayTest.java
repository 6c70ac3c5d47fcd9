package dev.hibiki.sfu;

import dev.hibiki.rtp.rtcp.FirPacket;
import dev.hibiki.rtp.rtcp.PliPacket;
import dev.hibiki.rtp.rtcp.RtcpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.hibiki.sfu.Packets.VP8_KEYFRAME;
import static dev.hibiki.sfu.Packets.part;
import static dev.hibiki.sfu.Packets.parts;
import static dev.hibiki.sfu.TestSfu.VP8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A subscriber's PLI or FIR becomes a keyframe request to the publisher: at most one every 300 ms, and a FIR
 * instead of every third PLI while they keep coming.
 */
class KeyframeRelayTest {

    private static final long AUDIO = 0x1111_0001L;
    private static final long VIDEO = 0x2222_0002L;
    private static final long MS = 1_000_000L;
    private static final long VIEWER_RTCP_SSRC = 0x4444_0004L;

    private TestSfu sfu;
    private TestSfu.Peer publisher;
    private TestSfu.Peer viewer;
    private long t0;

    @BeforeEach
    void start() throws Exception {
        sfu = new TestSfu(1);
        Router router = sfu.router("ch");
        publisher = sfu.publisher(router, "P", AUDIO, VIDEO, 0x3333_0003L);
        viewer = sfu.viewer(router, "V");
        t0 = System.nanoTime();
        // a keyframe first, so that the subscriber is past its keyframe gate and asks for nothing itself
        publisher.transport.receiveRtp(
                new Packets.Rtp(VP8, VIDEO).seq(1).timestamp(0).payload(VP8_KEYFRAME).build(), t0);
        viewer.transport.nextRtp();
    }

    @AfterEach
    void stop() {
        sfu.close();
    }

    private void pliFromViewer(long mediaSsrc, long at) {
        viewer.transport.receiveRtcp(Packets.rtcp(b -> b.addPli(VIEWER_RTCP_SSRC, mediaSsrc)), at);
    }

    private void firFromViewer(long mediaSsrc, long at) {
        viewer.transport.receiveRtcp(Packets.rtcp(b -> b.addFir(VIEWER_RTCP_SSRC, mediaSsrc, 9)), at);
    }

    /** The next keyframe request the publisher got: "PLI ssrc" or "FIR ssrc seq". */
    private String requestToPublisher() {
        Packets.RtcpPart p = parts(publisher.transport.nextRtcp()).getFirst();
        assertThat(p.type()).isEqualTo(RtcpHeader.PSFB);
        if (p.format() == RtcpHeader.FMT_PLI) return "PLI " + PliPacket.mediaSsrc(p.bytes(), 0);
        FirPacket fir = new FirPacket();
        assertThat(fir.wrap(p.bytes(), 0, p.bytes().length)).isTrue();
        return "FIR " + fir.ssrc(0) + " " + fir.sequenceNumber(0);
    }

    @Test
    void keyframeRequestsReachThePublisherThrottledWithEveryThirdAFir() {
        long video = viewer.ssrcOf("P", "video");
        pliFromViewer(video, t0);
        assertThat(requestToPublisher()).isEqualTo("PLI " + VIDEO);

        pliFromViewer(video, t0 + 100 * MS);
        assertThat(publisher.transport.drainRtcp(100)).as("within 300 ms of the last request").isEmpty();

        firFromViewer(video, t0 + 400 * MS);
        assertThat(requestToPublisher()).isEqualTo("PLI " + VIDEO);
        pliFromViewer(video, t0 + 800 * MS);
        assertThat(requestToPublisher()).as("the third request in a row").isEqualTo("FIR " + VIDEO + " 0");
        pliFromViewer(video, t0 + 1200 * MS);
        assertThat(requestToPublisher()).isEqualTo("PLI " + VIDEO);

        pliFromViewer(video, t0 + 5000 * MS);
        pliFromViewer(video, t0 + 5400 * MS);
        assertThat(requestToPublisher()).as("after a quiet spell the count starts again").isEqualTo("PLI " + VIDEO);
        assertThat(requestToPublisher()).isEqualTo("PLI " + VIDEO);

        assertThat(viewer.connection.stats().plisReceived()).isEqualTo(7);
        assertThat(publisher.connection.stats().plisSent()).isEqualTo(5);
        assertThat(publisher.connection.stats().firsSent()).isEqualTo(1);
    }

    @Test
    void requestsForAudioOrForStreamsTheSubscriberDoesNotReceiveGoNowhere() {
        pliFromViewer(viewer.ssrcOf("P", "audio"), t0);
        pliFromViewer(0x7777_0007L, t0);
        firFromViewer(0x7777_0007L, t0);
        viewer.transport.receiveRtcp(Packets.rtcp(b -> b.addPli(VIEWER_RTCP_SSRC, 1)), t0); // well-formed, unknown
        assertThat(publisher.transport.drainRtcp(100)).isEmpty();
    }

    @Test
    void theRequestKeyframeApiAsksForEveryVideoStreamOfAPublisher() {
        assertThat(publisher.connection.requestKeyframes()).isTrue();
        assertThat(part(publisher.transport.nextRtcp(), RtcpHeader.PSFB, RtcpHeader.FMT_PLI).bytes())
                .satisfies(pli -> assertThat(PliPacket.mediaSsrc(pli, 0)).isEqualTo(VIDEO));
        assertThat(viewer.connection.requestKeyframes()).as("a connection that sends no video").isFalse();
    }
}
