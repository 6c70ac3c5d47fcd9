package dev.hibiki.sfu;

import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.rtcp.NtpTime;
import dev.hibiki.rtp.rtcp.PliPacket;
import dev.hibiki.rtp.rtcp.ReportBlock;
import dev.hibiki.rtp.rtcp.RtcpHeader;
import dev.hibiki.rtp.rtcp.SdesPacket;
import dev.hibiki.rtp.rtcp.SenderReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.hibiki.sfu.Packets.MID_ID;
import static dev.hibiki.sfu.Packets.VP8_DELTA;
import static dev.hibiki.sfu.Packets.VP8_KEYFRAME;
import static dev.hibiki.sfu.Packets.containing;
import static dev.hibiki.sfu.Packets.midOf;
import static dev.hibiki.sfu.Packets.part;
import static dev.hibiki.sfu.Packets.payloadOf;
import static dev.hibiki.sfu.Packets.rtp;
import static dev.hibiki.sfu.TestSfu.OPUS;
import static dev.hibiki.sfu.TestSfu.VP8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What a subscriber receives of a publisher's RTP: when it starts, and how the SFU rewrites it. */
class ForwardingTest {

    private static final long AUDIO = 0x1111_0001L;
    private static final long VIDEO = 0x2222_0002L;
    private static final long RTX = 0x3333_0003L;
    private static final long MS = 1_000_000L;

    private TestSfu sfu;
    private Router router;
    private TestSfu.Peer publisher;
    /** The arrival time of the first packet: now, since a send worker drops packets older than 200 ms. */
    private long t0;

    @BeforeEach
    void start() throws Exception {
        sfu = new TestSfu(2);
        router = sfu.router("ch");
        publisher = sfu.publisher(router, "P", AUDIO, VIDEO, RTX);
        t0 = System.nanoTime();
    }

    @AfterEach
    void stop() {
        sfu.close();
    }

    private Packets.Rtp video(int seq, long timestamp, byte[] payload) {
        return new Packets.Rtp(VP8, VIDEO).seq(seq).timestamp(timestamp)
                .mid(publisher.connection.sendMids().get("video")).payload(payload);
    }

    private void send(Packets.Rtp packet, long atNanos) {
        publisher.transport.receiveRtp(packet.build(), atNanos);
    }

    @Test
    void aNewSubscriberGetsNoVideoBeforeAKeyframeAndThePublisherIsAskedForOne() throws Exception {
        // sendrecv, so that its sections of the publisher's tracks have other mids than the publisher's own
        TestSfu.Peer viewer = sfu.join(router, new ConnectionSpec("V", true, true, true, true, null, null));
        viewer.connection.applyAnswer(new BrowserAnswer().to(viewer.connection.offer()));
        viewer.transport.connect();

        send(video(100, 9000, VP8_DELTA), t0);
        byte[] pli = part(publisher.transport.nextRtcp(containing(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)),
                RtcpHeader.PSFB, RtcpHeader.FMT_PLI).bytes();
        assertThat(PliPacket.mediaSsrc(pli, 0)).as("PLI for the publisher's video").isEqualTo(VIDEO);

        send(video(101, 12_000, VP8_KEYFRAME), t0 + 33 * MS);
        send(video(102, 15_000, VP8_DELTA), t0 + 66 * MS);
        byte[] first = viewer.transport.nextRtp();
        byte[] second = viewer.transport.nextRtp();
        assertThat(payloadOf(first)).as("the keyframe comes first; the interframe before it was held back")
                .isEqualTo(VP8_KEYFRAME);
        assertThat(payloadOf(second)).isEqualTo(VP8_DELTA);

        RtpPacket a = rtp(first);
        RtpPacket b = rtp(second);
        assertThat(a.ssrc()).as("the subscriber's own SSRC").isEqualTo(viewer.ssrcOf("P", "video")).isNotEqualTo(VIDEO);
        assertThat(a.payloadType()).isEqualTo(VP8);
        assertThat(b.sequenceNumber()).isEqualTo((a.sequenceNumber() + 1) & 0xFFFF);
        assertThat((b.timestamp() - a.timestamp()) & 0xFFFFFFFFL).isEqualTo(3000);
        assertThat(midOf(first, MID_ID)).as("the mid names the subscriber's section")
                .isEqualTo(viewer.midOf("P", "video")).isNotEqualTo(publisher.connection.sendMids().get("video"));
    }

    @Test
    void audioIsForwardedFromTheFirstPacket() throws Exception {
        TestSfu.Peer viewer = sfu.viewer(router, "V");
        publisher.transport.receiveRtp(new Packets.Rtp(OPUS, AUDIO).seq(7).timestamp(960)
                .mid(publisher.connection.sendMids().get("audio")).payload(Packets.OPUS).build(), t0);

        byte[] out = viewer.transport.nextRtp();
        assertThat(rtp(out).ssrc()).isEqualTo(viewer.ssrcOf("P", "audio"));
        assertThat(rtp(out).payloadType()).isEqualTo(OPUS);
        assertThat(payloadOf(out)).isEqualTo(Packets.OPUS);
        assertThat(midOf(out, MID_ID)).isEqualTo(viewer.midOf("P", "audio"));
    }

    @Test
    void aSenderRestartKeepsTheSubscribersSequenceNumbersAndTimestampsContinuous() throws Exception {
        TestSfu.Peer viewer = sfu.viewer(router, "V");
        send(video(100, 9000, VP8_KEYFRAME), t0);
        send(video(101, 12_000, VP8_DELTA), t0 + 33 * MS);
        viewer.transport.nextRtp();
        RtpPacket before = rtp(viewer.transport.nextRtp());
        assertThat(publisher.transport.drainRtcp(0)).as("no keyframe request before the restart").isEmpty();

        // The encoder restarted: sequence numbers and timestamps jump, the SSRC stays.
        send(video(20_000, 5_000_000, VP8_KEYFRAME), t0 + 1033 * MS);
        RtpPacket after = rtp(viewer.transport.nextRtp());
        assertThat(after.ssrc()).isEqualTo(before.ssrc());
        assertThat(after.sequenceNumber()).isEqualTo((before.sequenceNumber() + 1) & 0xFFFF);
        assertThat((after.timestamp() - before.timestamp()) & 0xFFFFFFFFL)
                .as("advanced by the second between the arrivals, at 90 kHz").isCloseTo(90_000L, within(1L));
        send(video(20_001, 5_003_000, VP8_DELTA), t0 + 1066 * MS);
        RtpPacket next = rtp(viewer.transport.nextRtp());
        assertThat(next.sequenceNumber()).isEqualTo((after.sequenceNumber() + 1) & 0xFFFF);
        assertThat((next.timestamp() - after.timestamp()) & 0xFFFFFFFFL).isEqualTo(3000);

        byte[] pli = part(publisher.transport.nextRtcp(containing(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)),
                RtcpHeader.PSFB, RtcpHeader.FMT_PLI).bytes();
        assertThat(PliPacket.mediaSsrc(pli, 0)).as("a jump too large to NACK asks for a keyframe").isEqualTo(VIDEO);
    }

    @Test
    void theSendersReportIsRelayedOnTheSubscribersTimelineAndItsEchoGivesTheRoundTrip() throws Exception {
        TestSfu.Peer viewer = sfu.viewer(router, "V");
        send(video(100, 9000, VP8_KEYFRAME), t0);
        RtpPacket forwarded = rtp(viewer.transport.nextRtp());
        long ntp = NtpTime.fromEpochNanos(1_700_000_000_000_000_000L);

        byte[] senderReport = Packets.rtcp(b -> b.addSenderReport(VIDEO, ntp, 9000 + 90_000, 1, 5, List.of()));
        long beforeRelay = System.nanoTime(); // the relay stamps its send on the real clock, after this
        publisher.transport.receiveRtcp(senderReport, t0 + 10 * MS);
        byte[] relayed = viewer.transport.nextRtcp();
        SenderReport sr = new SenderReport();
        byte[] srBytes = part(relayed, RtcpHeader.SR, -1).bytes();
        assertThat(sr.wrap(srBytes, 0, srBytes.length)).isTrue();
        assertThat(sr.senderSsrc()).isEqualTo(forwarded.ssrc());
        assertThat(sr.ntpTimestamp()).isEqualTo(ntp);
        assertThat(sr.rtpTimestamp()).isEqualTo((forwarded.timestamp() + 90_000) & 0xFFFFFFFFL);
        assertThat(sr.packetCount()).isEqualTo(1);
        assertThat(sr.octetCount()).isEqualTo(VP8_KEYFRAME.length);
        byte[] sdes = part(relayed, RtcpHeader.SDES, -1).bytes();
        assertThat(SdesPacket.parse(sdes, 0, sdes.length).getFirst().cname()).isEqualTo("hibiki");

        ReportBlock echo = new ReportBlock(forwarded.ssrc(), 0, 0, forwarded.sequenceNumber(), 0,
                NtpTime.compact(ntp), NtpTime.durationToCompact(5 * MS));
        assertThat(viewer.connection.stats().roundTripMillis()).isEqualTo(-1);
        long arrival = System.nanoTime() + 25 * MS;
        viewer.transport.receiveRtcp(Packets.receiverReport(0x4444, echo), arrival);
        // at least 25 ms after the send less the receiver's 5 ms; at most that plus however long this thread took
        // since just before the relay (the bound holds on a loaded machine too)
        assertThat(viewer.connection.stats().roundTripMillis()).as("25 ms later, 5 ms of it at the receiver")
                .isBetween(19.0, (arrival - beforeRelay) / 1e6 - 5 + 1);
    }

    @Test
    void aTrackSinkSeesThePublishersMediaAndSenderReports() throws Exception {
        assertThat(sfu.publishedTracks).extracting(PublishedTrack::codecName).containsExactlyInAnyOrder("opus", "VP8");
        PublishedTrack track = sfu.publishedTracks.stream().filter(t -> t.codecName().equals("VP8"))
                .findFirst().orElseThrow();
        assertThat(track.clockRate()).isEqualTo(90_000);
        assertThat(track.connectionId()).isEqualTo("P");
        List<String> seen = new CopyOnWriteArrayList<>();
        TrackSink sink = new TrackSink() {
            @Override
            public void onRtp(RtpPacket packet) {
                seen.add("rtp " + packet.sequenceNumber());
            }

            @Override
            public void onSenderReport(long ntpTimestamp, long rtpTimestamp) {
                seen.add("sr " + rtpTimestamp);
            }
        };
        track.addSink(sink);
        send(video(5, 100, VP8_KEYFRAME), t0);
        publisher.transport.receiveRtcp(
                Packets.rtcp(b -> b.addSenderReport(VIDEO, 1L << 32, 100, 1, 5, List.of())), t0);
        track.removeSink(sink);
        send(video(6, 200, VP8_DELTA), t0 + MS);
        assertThat(seen).containsExactly("rtp 5", "sr 100");

        track.requestKeyframe();
        byte[] pli = part(publisher.transport.nextRtcp(containing(RtcpHeader.PSFB, RtcpHeader.FMT_PLI)),
                RtcpHeader.PSFB, RtcpHeader.FMT_PLI).bytes();
        assertThat(PliPacket.mediaSsrc(pli, 0)).isEqualTo(VIDEO);
    }

    @Test
    void aStreamWhoseSsrcTheAnswerDidNotNameIsLearntFromItsMidAndThenPublished() throws Exception {
        TestSfu.Peer firefox = sfu.join(router, TestSfu.sender("F"));
        firefox.connection.applyAnswer(new BrowserAnswer()
                .sending("audio", OPUS, null, null, null)
                .sending("video", VP8, TestSfu.VP8_RTX, null, null)
                .to(firefox.connection.offer()));
        firefox.transport.connect();
        TestSfu.Peer viewer = sfu.viewer(router, "V");
        assertThat(sfu.publications).containsExactly("published P 2");

        long learnt = 0x5555_0005L;
        firefox.transport.receiveRtp(new Packets.Rtp(VP8, learnt).seq(1).timestamp(1)
                .mid(firefox.connection.sendMids().get("video")).payload(VP8_KEYFRAME).build(), t0);
        assertThat(sfu.publications).containsExactly("published P 2", "published F 1");
        viewer.answerReOffer();
        firefox.transport.receiveRtp(new Packets.Rtp(VP8, learnt).seq(2).timestamp(3001)
                .mid(firefox.connection.sendMids().get("video")).payload(VP8_KEYFRAME).build(), t0 + 33 * MS);
        byte[] out = viewer.transport.nextRtp();
        assertThat(rtp(out).ssrc()).isEqualTo(viewer.ssrcOf("F", "video"));
        assertThat(payloadOf(out)).isEqualTo(VP8_KEYFRAME);
    }
}
