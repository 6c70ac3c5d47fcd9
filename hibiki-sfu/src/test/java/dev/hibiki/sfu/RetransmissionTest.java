package dev.hibiki.sfu;

import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.RtxPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static dev.hibiki.sfu.Packets.VP8_DELTA;
import static dev.hibiki.sfu.Packets.VP8_KEYFRAME;
import static dev.hibiki.sfu.Packets.payloadOf;
import static dev.hibiki.sfu.Packets.rtp;
import static dev.hibiki.sfu.TestSfu.OPUS;
import static dev.hibiki.sfu.TestSfu.VP8;
import static dev.hibiki.sfu.TestSfu.VP8_RTX;
import static org.assertj.core.api.Assertions.assertThat;

/** A subscriber's NACK is answered from the publisher's packet cache, on the subscriber's own numbering. */
class RetransmissionTest {

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
    }

    @AfterEach
    void stop() {
        sfu.close();
    }

    private RtpPacket forwardVideo(int seq, byte[] payload, long at) {
        publisher.transport.receiveRtp(new Packets.Rtp(VP8, VIDEO).seq(seq).timestamp(seq * 3000L)
                .payload(payload).build(), at);
        return rtp(viewer.transport.nextRtp());
    }

    private void nack(long mediaSsrc, int... seqs) {
        viewer.transport.receiveRtcp(Packets.rtcp(b -> b.addNack(VIEWER_RTCP_SSRC, mediaSsrc, seqs, 0, seqs.length)),
                System.nanoTime());
    }

    @Test
    void aNackedVideoPacketIsResentAsRtxWithItsSequenceNumberAtTheSubscriber() {
        forwardVideo(100, VP8_KEYFRAME, t0);
        RtpPacket lost = forwardVideo(101, VP8_DELTA, t0 + 33 * MS);
        forwardVideo(102, VP8_DELTA, t0 + 66 * MS);

        nack(viewer.ssrcOf("P", "video"), lost.sequenceNumber());
        byte[] rtx = viewer.transport.nextRtp();
        RtpPacket p = rtp(rtx);
        assertThat(p.ssrc()).isEqualTo(viewer.rtxSsrcOf("P"));
        assertThat(p.payloadType()).isEqualTo(VP8_RTX);
        assertThat(RtxPacket.originalSequenceNumber(p)).isEqualTo(lost.sequenceNumber());
        byte[] payload = payloadOf(rtx);
        assertThat(Arrays.copyOfRange(payload, RtxPacket.OSN_LENGTH, payload.length)).isEqualTo(VP8_DELTA);

        // The send worker counts a retransmission once its send returned, which may be after this thread took the
        // packet from the transport.
        org.awaitility.Awaitility.await().atMost(RecordingTransport.WAIT)
                .untilAsserted(() -> assertThat(viewer.connection.stats().retransmissionsSent()).isEqualTo(1));
        assertThat(viewer.connection.stats().nacksReceived()).isEqualTo(1);
    }

    @Test
    void aNackedAudioPacketIsResentAsItWasSentSinceOpusHasNoRtx() {
        publisher.transport.receiveRtp(new Packets.Rtp(OPUS, AUDIO).seq(7).timestamp(960).payload(Packets.OPUS)
                .build(), t0);
        byte[] original = viewer.transport.nextRtp();

        nack(viewer.ssrcOf("P", "audio"), rtp(original).sequenceNumber());
        byte[] resent = viewer.transport.nextRtp();
        assertThat(resent).isEqualTo(original);
    }

    @Test
    void nacksForPacketsNeverSentOrStreamsNotForwardedAreIgnored() {
        RtpPacket only = forwardVideo(100, VP8_KEYFRAME, t0);
        nack(viewer.ssrcOf("P", "video"), (only.sequenceNumber() + 1) & 0xFFFF, (only.sequenceNumber() - 500) & 0xFFFF);
        nack(0x7777_0007L, only.sequenceNumber());
        assertThat(viewer.transport.drainRtp(200)).isEmpty();
        assertThat(viewer.connection.stats().nacksReceived()).isEqualTo(2);
        assertThat(viewer.connection.stats().retransmissionsSent()).isZero();
    }
}
