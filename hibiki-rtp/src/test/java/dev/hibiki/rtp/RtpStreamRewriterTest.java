package dev.hibiki.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpStreamRewriterTest {
    private static final long OUT_SSRC = 0xAAAA0001L;
    private static final long A = 0x11111111L;
    private static final long B = 0x22222222L;
    private static final long MS = 1_000_000L;

    private final RtpStreamRewriter rewriter = new RtpStreamRewriter(OUT_SSRC, 90000, 1000, 50_000);

    /** Rewrites a fresh packet; returns it (rewritten) or null when dropped. */
    private RtpPacket send(long ssrc, int seq, long ts, long arrivalMs) {
        RtpPacket p = TestPackets.packet(96, seq, ts, ssrc, 4);
        return rewriter.rewrite(p, arrivalMs * MS) ? p : null;
    }

    @Test
    void firstPacketTakesInitialValuesAndFollowersKeepOffsets() {
        RtpPacket p = send(A, 40000, 3_000_000, 0);
        assertThat(p.sequenceNumber()).isEqualTo(1000);
        assertThat(p.timestamp()).isEqualTo(50_000);
        assertThat(p.ssrc()).isEqualTo(OUT_SSRC);
        RtpPacket q = send(A, 40001, 3_003_000, 33);
        assertThat(q.sequenceNumber()).isEqualTo(1001);
        assertThat(q.timestamp()).isEqualTo(53_000);
        assertThat(Hex.of(q.buffer(), 12, 4)).as("payload untouched").isEqualTo("41424344");
        assertThat(rewriter.lastSequenceNumber()).isEqualTo(1001);
        assertThat(rewriter.lastTimestamp()).isEqualTo(53_000);
        assertThat(rewriter.currentSourceSsrc()).isEqualTo(A);
    }

    @Test
    void sourceAndOutgoingWrapAround() {
        RtpStreamRewriter r = new RtpStreamRewriter(OUT_SSRC, 90000, 65534, 0xFFFFFF00L);
        int[] sourceSeqs = {65533, 65534, 65535, 0, 1, 2};
        int[] expected = {65534, 65535, 0, 1, 2, 3};
        for (int i = 0; i < sourceSeqs.length; i++) {
            RtpPacket p = TestPackets.packet(96, sourceSeqs[i], 0xFFFFFFF0L + i * 0x10, A, 1);
            assertThat(r.rewrite(p, i * MS)).isTrue();
            assertThat(p.sequenceNumber()).isEqualTo(expected[i]);
            assertThat(p.timestamp()).isEqualTo((0xFFFFFF00L + i * 0x10) & 0xFFFFFFFFL);
        }
        long source = r.sourceOf(1);
        assertThat(RtpStreamRewriter.sourceSsrc(source)).isEqualTo(A);
        assertThat(RtpStreamRewriter.sourceSequenceNumber(source)).isZero();
        assertThat(RtpStreamRewriter.sourceSequenceNumber(r.sourceOf(65534))).isEqualTo(65533);
    }

    @Test
    void reorderedPacketsMapToTheirOwnNumbers() {
        send(A, 10, 900, 0);
        assertThat(send(A, 12, 900, 1).sequenceNumber()).isEqualTo(1002);
        assertThat(send(A, 11, 900, 2).sequenceNumber()).isEqualTo(1001);
        assertThat(send(A, 15, 3900, 3).sequenceNumber()).isEqualTo(1005);
        assertThat(send(A, 13, 900, 4).sequenceNumber()).isEqualTo(1003);
        assertThat(rewriter.lastSequenceNumber()).isEqualTo(1005);
        assertThat(rewriter.lastTimestamp()).as("newest by sequence, not by arrival").isEqualTo(50_000 + 3000);
        assertThat(send(A, 12, 900, 5).sequenceNumber()).as("duplicate").isEqualTo(1002);
    }

    @Test
    void switchContinuesSequenceAndSpacesTimestampByWallClock() {
        send(A, 100, 9000, 0);
        send(A, 101, 12000, 33);
        RtpPacket first = send(B, 5000, 777_777, 73);
        assertThat(first.sequenceNumber()).isEqualTo(1002);
        // 40 ms after the last forwarded packet at 90 kHz.
        assertThat(first.timestamp()).isEqualTo(50_000 + 3000 + 3600);
        assertThat(first.ssrc()).isEqualTo(OUT_SSRC);
        RtpPacket next = send(B, 5001, 777_777 + 3000, 106);
        assertThat(next.sequenceNumber()).isEqualTo(1003);
        assertThat(next.timestamp()).isEqualTo(50_000 + 3000 + 3600 + 3000);
        assertThat(rewriter.currentSourceSsrc()).isEqualTo(B);
        assertThat(send(B, 4999, 777_777, 110)).as("older than the switch point").isNull();
        assertThat(send(B, 4990, 777_777, 110)).isNull();
    }

    @Test
    void switchGivesAtLeastOneTickEvenWithoutElapsedTime() {
        send(A, 100, 9000, 50);
        RtpPacket p = send(B, 7, 0, 50);
        assertThat(p.timestamp()).isEqualTo(50_001);
        RtpPacket q = send(A, 200, 0, 40);
        assertThat(q.timestamp()).as("arrival clock going backwards still advances").isEqualTo(50_002);
        assertThat(q.sequenceNumber()).isEqualTo(1002);
    }

    @Test
    void reverseMapAnswersAcrossSwitches() {
        send(A, 100, 0, 0);
        send(A, 101, 0, 1);
        send(A, 102, 0, 2);
        send(B, 9, 0, 3);
        send(B, 11, 0, 4);
        send(A, 500, 0, 5);
        // Outgoing 1000..1002 = A 100..102, 1003..1005 = B 9..11, 1006 = A 500.
        assertThat(rewriter.sourceOf(1001)).isEqualTo((A << 16) | 101);
        assertThat(rewriter.sourceOf(1003)).isEqualTo((B << 16) | 9);
        assertThat(rewriter.sourceOf(1004)).as("never sent, but inside B's segment: B 10").isEqualTo((B << 16) | 10);
        assertThat(rewriter.sourceOf(1006)).isEqualTo((A << 16) | 500);
        assertThat(rewriter.sourceOf(1007)).as("not sent yet").isEqualTo(-1);
        assertThat(rewriter.sourceOf(999)).as("before the first").isEqualTo(-1);
    }

    @Test
    void reverseMapForgetsSegmentsBeyondHistory() {
        for (int i = 0; i < RtpStreamRewriter.SEGMENT_HISTORY + 2; i++) {
            send(i % 2 == 0 ? A : B, 100 + i, 0, i);
        }
        assertThat(rewriter.sourceOf(1000)).isEqualTo(-1);
        assertThat(rewriter.sourceOf(1001)).isEqualTo(-1);
        assertThat(rewriter.sourceOf(1002)).isEqualTo((A << 16) | 102);
    }

    @Test
    void largeForwardJumpOnSameSsrcIsTreatedAsRestart() {
        send(A, 100, 9000, 0);
        RtpPacket p = send(A, 100 + RtpStreamRewriter.MAX_FORWARD_JUMP + 1, 123, 20);
        assertThat(p.sequenceNumber()).isEqualTo(1001);
        assertThat(p.timestamp()).isEqualTo(50_000 + 1800);
        RtpPacket small = send(A, 100 + RtpStreamRewriter.MAX_FORWARD_JUMP + 50, 123, 21);
        assertThat(small.sequenceNumber()).as("ordinary loss keeps the gap").isEqualTo(1050);
    }

    @Test
    void resyncStartsASegmentOnTheSameSsrc() {
        send(A, 100, 9000, 0);
        send(A, 101, 9000, 10);
        rewriter.resync();
        RtpPacket p = send(A, 7, 55, 30);
        assertThat(p.sequenceNumber()).isEqualTo(1002);
        assertThat(p.timestamp()).isEqualTo(50_000 + 1800);
        assertThat(send(A, 8, 55, 31).sequenceNumber()).isEqualTo(1003);
    }

    @Test
    void packetsFarBehindAreDroppedUntilTheyPersist() {
        send(A, 30000, 0, 0);
        for (int i = 0; i < 15; i++) {
            assertThat(send(A, 20000 + i, 0, 1 + i)).isNull();
        }
        RtpPacket p = send(A, 20015, 0, 20);
        assertThat(p).as("a stream that stays behind is a restart").isNotNull();
        assertThat(p.sequenceNumber()).isEqualTo(1001);
        assertThat(send(A, 20016, 0, 21).sequenceNumber()).isEqualTo(1002);
    }

    @Test
    void mapsPayloadTypes() {
        rewriter.mapPayloadType(96, 100);
        RtpPacket p = TestPackets.packet(96, 1, 0, A, 1);
        p.setMarker(true);
        rewriter.rewrite(p, 0);
        assertThat(p.payloadType()).isEqualTo(100);
        assertThat(p.marker()).isTrue();
        RtpPacket other = TestPackets.packet(97, 2, 0, A, 1);
        rewriter.rewrite(other, 0);
        assertThat(other.payloadType()).isEqualTo(97);
    }
}
