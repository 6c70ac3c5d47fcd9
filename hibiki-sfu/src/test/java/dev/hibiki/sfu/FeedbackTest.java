package dev.hibiki.sfu;

import dev.hibiki.rtp.rtcp.NackPacket;
import dev.hibiki.rtp.rtcp.ReceiverReport;
import dev.hibiki.rtp.rtcp.RembPacket;
import dev.hibiki.rtp.rtcp.ReportBlock;
import dev.hibiki.rtp.rtcp.RtcpHeader;
import dev.hibiki.rtp.rtcp.TransportCcFeedback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static dev.hibiki.sfu.Packets.VP8_DELTA;
import static dev.hibiki.sfu.Packets.part;
import static dev.hibiki.sfu.Packets.parts;
import static dev.hibiki.sfu.TestSfu.OPUS;
import static dev.hibiki.sfu.TestSfu.VP8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RTCP a publisher gets from the SFU's timer: NACKs and transport-wide feedback at every tick, a receiver
 * report and a REMB once a second.
 */
class FeedbackTest {

    private static final long AUDIO = 0x1111_0001L;
    private static final long VIDEO = 0x2222_0002L;
    private static final long MS = 1_000_000L;

    private TestSfu sfu;
    private Router router;
    private TestSfu.Peer publisher;
    private long t0;

    @BeforeEach
    void start() throws Exception {
        sfu = new TestSfu(1);
        router = sfu.router("ch");
        publisher = sfu.publisher(router, "P", AUDIO, VIDEO, 0x3333_0003L);
        t0 = System.nanoTime();
    }

    @AfterEach
    void stop() {
        sfu.close();
    }

    private void video(int seq, int transportSeq, long at) {
        publisher.transport.receiveRtp(new Packets.Rtp(VP8, VIDEO).seq(seq).timestamp(seq * 3000L)
                .transportSeq(transportSeq).payload(VP8_DELTA).build(), at);
    }

    /** The packets of a compound as type * 100 + format; the count field of other types is left out. */
    private List<Integer> types(byte[] compound) {
        return parts(compound).stream().map(p -> p.type() * 100
                + (p.type() == RtcpHeader.RTPFB || p.type() == RtcpHeader.PSFB ? p.format() : 0)).toList();
    }

    @Test
    void eachTickNacksWhatIsMissingAndReportsArrivalsAndEverySecondAReceiverReportAndARemb() {
        publisher.transport.receiveRtp(new Packets.Rtp(OPUS, AUDIO).seq(50).timestamp(960).transportSeq(10)
                .payload(Packets.OPUS).build(), t0);
        video(1, 11, t0 + 5 * MS);
        video(2, 12, t0 + 10 * MS);
        video(4, 14, t0 + 20 * MS); // 3, transport 13, lost

        sfu.sfu.sendFeedback(t0 + 30 * MS);
        byte[] first = publisher.transport.nextRtcp();
        assertThat(types(first)).containsExactly(RtcpHeader.RR * 100, RtcpHeader.RTPFB * 100 + RtcpHeader.FMT_NACK,
                RtcpHeader.RTPFB * 100 + RtcpHeader.FMT_TRANSPORT_CC, RtcpHeader.PSFB * 100 + RtcpHeader.FMT_AFB);

        byte[] rr = part(first, RtcpHeader.RR, -1).bytes();
        ReceiverReport report = new ReceiverReport();
        assertThat(report.wrap(rr, 0, rr.length)).isTrue();
        assertThat(report.reportBlockCount()).isEqualTo(2);
        ReportBlock audio = report.reportBlock(0);
        ReportBlock video = report.reportBlock(1);
        assertThat(audio.ssrc()).isEqualTo(AUDIO);
        assertThat(audio.cumulativeLost()).isZero();
        assertThat(video.ssrc()).isEqualTo(VIDEO);
        assertThat(video.highestSequence()).isEqualTo(4);
        assertThat(video.cumulativeLost()).isEqualTo(1);
        assertThat(video.fractionLost()).isEqualTo(256 / 4);

        byte[] nackBytes = part(first, RtcpHeader.RTPFB, RtcpHeader.FMT_NACK).bytes();
        NackPacket nack = new NackPacket();
        assertThat(nack.wrap(nackBytes, 0, nackBytes.length)).isTrue();
        assertThat(nack.mediaSsrc()).isEqualTo(VIDEO);
        int[] lost = new int[17];
        assertThat(Arrays.copyOf(lost, nack.lostSequenceNumbers(lost))).containsExactly(3);
        assertThat(nack.senderSsrc()).isEqualTo(report.senderSsrc());

        byte[] twccBytes = part(first, RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC).bytes();
        TransportCcFeedback twcc = new TransportCcFeedback();
        assertThat(twcc.parse(twccBytes, 0, twccBytes.length)).isTrue();
        assertThat(twcc.baseSequence()).isEqualTo(10);
        assertThat(twcc.statusCount()).isEqualTo(5);
        assertThat(twcc.receivedCount()).isEqualTo(4);
        assertThat(twcc.isReceived(3)).as("transport sequence number 13").isFalse();
        assertThat(twcc.mediaSsrc()).as("the first published stream").isEqualTo(AUDIO);

        byte[] rembBytes = part(first, RtcpHeader.PSFB, RtcpHeader.FMT_AFB).bytes();
        RembPacket remb = new RembPacket();
        assertThat(remb.wrap(rembBytes, 0, rembBytes.length)).isTrue();
        assertThat(remb.bitrate()).isEqualTo(TestSfu.DEFAULT_VIDEO_KBPS * 1000L);
        assertThat(remb.ssrcCount()).isEqualTo(1);
        assertThat(remb.ssrc(0)).isEqualTo(VIDEO);
        assertThat(publisher.connection.stats().nackedPacketsRequested()).isEqualTo(1);
        assertThat(publisher.connection.stats().jitterMillis()).as("of the streams it sends").isNotNegative();

        sfu.sfu.sendFeedback(t0 + 80 * MS);
        assertThat(publisher.transport.drainRtcp(50)).as("nothing new, and the NACK's retry is not due").isEmpty();

        video(5, 15, t0 + 90 * MS);
        sfu.sfu.sendFeedback(t0 + 140 * MS);
        assertThat(types(publisher.transport.nextRtcp())).as("the retry of the NACK and the new arrival")
                .containsExactly(RtcpHeader.RTPFB * 100 + RtcpHeader.FMT_NACK,
                        RtcpHeader.RTPFB * 100 + RtcpHeader.FMT_TRANSPORT_CC);

        video(3, 13, t0 + 150 * MS); // recovered
        sfu.sfu.sendFeedback(t0 + 1100 * MS);
        assertThat(types(publisher.transport.nextRtcp())).as("a second later").containsExactly(RtcpHeader.RR * 100,
                RtcpHeader.PSFB * 100 + RtcpHeader.FMT_AFB);
    }

    @Test
    void theRembCarriesTheBitRateTheConnectionAskedFor() throws Exception {
        TestSfu.Peer slow = sfu.join(router, new ConnectionSpec("S", true, false, false, true, null, 800));
        slow.connection.applyAnswer(new BrowserAnswer().sending("video", VP8, TestSfu.VP8_RTX, 0x6666_0006L, null)
                .to(slow.connection.offer()));
        slow.transport.connect();
        sfu.sfu.sendFeedback(t0);
        byte[] rembBytes = part(slow.transport.nextRtcp(), RtcpHeader.PSFB, RtcpHeader.FMT_AFB).bytes();
        RembPacket remb = new RembPacket();
        assertThat(remb.wrap(rembBytes, 0, rembBytes.length)).isTrue();
        assertThat(remb.bitrate()).isEqualTo(800_000);
        assertThat(slow.connection.offer()).contains("b=AS:800");
    }

    @Test
    void aReceiverOrAConnectionNotUpYetGetsNoFeedback() throws Exception {
        TestSfu.Peer viewer = sfu.viewer(router, "V");
        TestSfu.Peer pending = sfu.join(router, TestSfu.sender("Q"));
        sfu.sfu.sendFeedback(t0);
        assertThat(viewer.transport.drainRtcp(50)).isEmpty();
        assertThat(pending.transport.drainRtcp(0)).isEmpty();
        assertThat(viewer.connection.stats().jitterMillis()).as("it sends nothing").isEqualTo(-1);
    }
}
