package dev.hibiki.rtp.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.rtp.Hex;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SR, RR, SDES, BYE and compound packets. */
class RtcpReportTest {
    /** A Firefox RR + SDES + BYE + PLI + RTPFB FMT 5 compound packet from a packet dump (pion/rtcp test data). */
    static final String FIREFOX_COMPOUND = ""
            + "81 c9 00 07 | 90 2f 9e 2e | bc 5e 9a 40 | 00 00 00 00 | 00 00 46 e1 | 00 00 01 11 | 09 f3 64 32 | 00 02 4a 79 |"
            + "81 ca 00 0c | 90 2f 9e 2e | 01 26 7b 39 63 30 30 65 62 39 32 2d 31 61 66 62 2d 39 64 34 39 2d"
            + " 61 34 37 64 2d 39 31 66 36 34 65 65 65 36 39 66 35 7d 00 00 00 00 |"
            + "81 cb 00 01 | 90 2f 9e 2e |"
            + "81 ce 00 02 | 90 2f 9e 2e | 90 2f 9e 2e |"
            + "85 cd 00 02 | 90 2f 9e 2e | 90 2f 9e 2e";

    @Test
    void iteratesAndParsesARealCompoundPacket() {
        byte[] b = Hex.bytes(FIREFOX_COMPOUND);
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        assertThat(it.reset(b, 0, b.length)).isTrue();

        assertThat(it.next()).isTrue();
        assertThat(it.packetType()).isEqualTo(RtcpHeader.RR);
        assertThat(it.offset()).isZero();
        assertThat(it.length()).isEqualTo(32);
        ReceiverReport rr = new ReceiverReport();
        assertThat(rr.wrap(b, it.offset(), it.length())).isTrue();
        assertThat(rr.senderSsrc()).isEqualTo(0x902f9e2eL);
        assertThat(rr.reportBlockCount()).isEqualTo(1);
        assertThat(rr.reportBlock(0)).isEqualTo(new ReportBlock(0xbc5e9a40L, 0, 0, 0x46e1, 273, 0x9f36432, 150137));

        assertThat(it.next()).isTrue();
        assertThat(it.packetType()).isEqualTo(RtcpHeader.SDES);
        assertThat(it.offset()).isEqualTo(32);
        List<SdesPacket.Chunk> chunks = SdesPacket.parse(b, it.offset(), it.length());
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).ssrc()).isEqualTo(0x902f9e2eL);
        assertThat(chunks.get(0).cname()).isEqualTo("{9c00eb92-1afb-9d49-a47d-91f64eee69f5}");

        assertThat(it.next()).isTrue();
        assertThat(it.packetType()).isEqualTo(RtcpHeader.BYE);
        assertThat(it.offset()).isEqualTo(84);
        ByePacket bye = new ByePacket();
        assertThat(bye.wrap(b, it.offset(), it.length())).isTrue();
        assertThat(bye.sourceCount()).isEqualTo(1);
        assertThat(bye.ssrc(0)).isEqualTo(0x902f9e2eL);
        assertThat(bye.reason()).isNull();

        assertThat(it.next()).isTrue();
        assertThat(it.packetType()).isEqualTo(RtcpHeader.PSFB);
        assertThat(it.count()).isEqualTo(RtcpHeader.FMT_PLI);
        assertThat(PliPacket.is(b, it.offset(), it.length())).isTrue();
        assertThat(PliPacket.mediaSsrc(b, it.offset())).isEqualTo(0x902f9e2eL);

        assertThat(it.next()).isTrue();
        assertThat(it.packetType()).isEqualTo(RtcpHeader.RTPFB);
        assertThat(it.count()).isEqualTo(5);
        assertThat(it.firstSsrc()).isEqualTo(0x902f9e2eL);
        assertThat(new NackPacket().wrap(b, it.offset(), it.length())).isFalse();

        assertThat(it.next()).isFalse();
        assertThat(it.malformed()).isFalse();
    }

    @Test
    void iteratorStopsAtAMalformedPacketKeepingEarlierOnes() {
        byte[] b = Hex.bytes("81 ce 00 02 | 00 00 00 01 | 00 00 00 02 | 81 ce 00 09 | 00 00 00 01");
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        it.reset(b, 0, b.length);
        assertThat(it.next()).isTrue();
        assertThat(it.next()).isFalse();
        assertThat(it.malformed()).isTrue();
        assertThat(it.next()).isFalse();
    }

    @Test
    void iteratorHonoursPadding() {
        // RR without blocks, P bit, 4 bytes of padding counted in the length.
        byte[] b = Hex.bytes("a0 c9 00 02 | 00 00 00 07 | 00 00 00 04");
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        it.reset(b, 0, b.length);
        assertThat(it.next()).isTrue();
        assertThat(it.length()).isEqualTo(12);
        assertThat(it.contentLength()).isEqualTo(8);
        ReceiverReport rr = new ReceiverReport();
        assertThat(rr.wrap(b, 0, b.length)).isTrue();
        assertThat(rr.senderSsrc()).isEqualTo(7);
        byte[] badPadding = Hex.bytes("a0 c9 00 02 | 00 00 00 07 | 00 00 00 00");
        it.reset(badPadding, 0, badPadding.length);
        assertThat(it.next()).isFalse();
        assertThat(it.malformed()).isTrue();
    }

    @Test
    void parsesAHandWrittenSenderReport() {
        byte[] b = Hex.bytes("81 c8 00 0c | 2b 5f 7d 11 | e9 a1 2c 3d 80 00 00 00 | 00 01 e2 40 | 00 00 03 e8 | 00 0f 42 40 |"
                + " 11 22 33 44 | 05 ff ff fe | 00 01 ff ff | 00 00 00 20 | 2c 3d 80 00 | 00 01 80 00");
        SenderReport sr = new SenderReport();
        assertThat(sr.wrap(b, 0, b.length)).isTrue();
        assertThat(sr.senderSsrc()).isEqualTo(0x2b5f7d11L);
        assertThat(sr.ntpTimestamp()).isEqualTo(0xe9a12c3d80000000L);
        assertThat(sr.rtpTimestamp()).isEqualTo(123456);
        assertThat(sr.packetCount()).isEqualTo(1000);
        assertThat(sr.octetCount()).isEqualTo(1_000_000);
        assertThat(sr.reportBlockCount()).isEqualTo(1);
        ReportBlock block = sr.reportBlock(0);
        assertThat(block.ssrc()).isEqualTo(0x11223344L);
        assertThat(block.fractionLost()).isEqualTo(5);
        assertThat(block.cumulativeLost()).as("signed 24 bit").isEqualTo(-2);
        assertThat(block.highestSequence()).isEqualTo(0x1ffff);
        assertThat(block.jitter()).isEqualTo(32);
        assertThat(block.lastSenderReport()).isEqualTo(NtpTime.compact(sr.ntpTimestamp()));
        assertThat(block.delaySinceLastSenderReport()).isEqualTo(0x18000);
        // 0x18000 / 65536 s = 1.5 s.
        assertThat(NtpTime.compactToNanos(block.delaySinceLastSenderReport())).isEqualTo(1_500_000_000L);
        assertThat(new ReceiverReport().wrap(b, 0, b.length)).isFalse();
        assertThat(sr.wrap(b, 0, b.length - 1)).as("truncated").isFalse();
    }

    @Test
    void senderReportRoundTripsExactly() {
        List<ReportBlock> blocks = List.of(
                new ReportBlock(0x01020304L, 25, 100, 0x00020010L, 90, 0x11112222L, 0x00010000L),
                new ReportBlock(0xfffffffeL, 255, -5, 0xffffffffL, 0, 0, 0));
        byte[] b = new byte[80];
        int n = SenderReport.write(b, 4, 0xdeadbeefL, 0xe9a12c3d12345678L, 0xfffffff0L, 7, 8, blocks);
        assertThat(n).isEqualTo(76);
        assertThat(Hex.of(b, 4, 28)).isEqualTo("82c80012deadbeefe9a12c3d12345678fffffff00000000700000008");
        assertThat(Hex.of(b, 32, 24)).isEqualTo("010203041900006400020010" + "0000005a1111222200010000");
        assertThat(Hex.of(b, 56, 24)).isEqualTo("fffffffeff" + "fffffb" + "ffffffff000000000000000000000000");
        SenderReport sr = new SenderReport();
        assertThat(sr.wrap(b, 4, n)).isTrue();
        assertThat(sr.senderSsrc()).isEqualTo(0xdeadbeefL);
        assertThat(sr.rtpTimestamp()).isEqualTo(0xfffffff0L);
        assertThat(sr.reportBlock(0)).isEqualTo(blocks.get(0));
        assertThat(sr.reportBlock(1)).isEqualTo(blocks.get(1));
        assertThat(SenderReport.write(new byte[40], 0, 1, 2, 3, 4, 5, blocks)).isEqualTo(-1);
    }

    @Test
    void receiverReportRoundTripsExactly() {
        ReportBlock block = new ReportBlock(0xbc5e9a40L, 0, 0, 0x46e1, 273, 0x9f36432, 150137);
        byte[] b = new byte[32];
        assertThat(ReceiverReport.write(b, 0, 0x902f9e2eL, List.of(block))).isEqualTo(32);
        assertThat(Hex.of(b)).isEqualTo(Hex.normalize(FIREFOX_COMPOUND).substring(0, 64));
        byte[] empty = new byte[8];
        assertThat(ReceiverReport.write(empty, 0, 1, List.of())).isEqualTo(8);
        assertThat(Hex.of(empty)).isEqualTo("80c9000100000001");
    }

    @Test
    void sdesCnameIsTerminatedAndPadded() {
        byte[] b = new byte[16];
        assertThat(SdesPacket.writeCname(b, 0, 0x01020304L, "abc")).isEqualTo(16);
        assertThat(Hex.of(b)).isEqualTo("81ca0003" + "01020304" + "0103616263000000");
        // Item plus null exactly fills 4 bytes.
        byte[] c = new byte[12];
        assertThat(SdesPacket.writeCname(c, 0, 1, "a")).isEqualTo(12);
        assertThat(Hex.of(c)).isEqualTo("81ca0002" + "00000001" + "01016100");
        // Item exactly 4 bytes: the null needs another word.
        byte[] d = new byte[16];
        assertThat(SdesPacket.writeCname(d, 0, 1, "ab")).isEqualTo(16);
        assertThat(Hex.of(d)).isEqualTo("81ca0003" + "00000001" + "0102616200000000");
        assertThat(SdesPacket.parse(d, 0, 16).get(0).cname()).isEqualTo("ab");
        assertThat(SdesPacket.writeCname(new byte[100], 0, 1, "x".repeat(256))).isEqualTo(-1);
    }

    @Test
    void sdesRoundTripsSeveralChunksAndItems() {
        List<SdesPacket.Chunk> chunks = List.of(
                new SdesPacket.Chunk(1, List.of(new SdesPacket.Item(SdesPacket.CNAME, "user@host"),
                        new SdesPacket.Item(SdesPacket.TOOL, "hibiki"))),
                new SdesPacket.Chunk(0xffffffffL, List.of(new SdesPacket.Item(SdesPacket.CNAME, "名前"))));
        byte[] b = new byte[SdesPacket.length(chunks)];
        assertThat(SdesPacket.write(b, 0, chunks)).isEqualTo(b.length);
        assertThat(b.length % 4).isZero();
        assertThat(SdesPacket.parse(b, 0, b.length)).isEqualTo(chunks);
        // Unterminated chunk.
        assertThat(SdesPacket.parse(Hex.bytes("81 ca 00 02 | 00 00 00 01 | 01 02 61 62"), 0, 12)).isNull();
        // Item running past the end.
        assertThat(SdesPacket.parse(Hex.bytes("81 ca 00 02 | 00 00 00 01 | 01 09 61 62"), 0, 12)).isNull();
    }

    @Test
    void byeWithReasonRoundTrips() {
        byte[] b = new byte[16];
        assertThat(ByePacket.write(b, 0, new long[] {0x902f9e2eL}, "bye")).isEqualTo(12);
        assertThat(Hex.of(b, 0, 12)).isEqualTo("81cb0002902f9e2e03627965");
        ByePacket bye = new ByePacket();
        assertThat(bye.wrap(b, 0, 12)).isTrue();
        assertThat(bye.reason()).isEqualTo("bye");
        assertThat(ByePacket.write(b, 0, new long[] {1, 2}, "x")).isEqualTo(16);
        assertThat(Hex.of(b)).isEqualTo("82cb0003000000010000000201780000");
        assertThat(bye.wrap(b, 0, 16)).isTrue();
        assertThat(bye.ssrc(1)).isEqualTo(2);
        assertThat(bye.reason()).isEqualTo("x");
        // Reason length running past the packet.
        assertThat(bye.wrap(Hex.bytes("81 cb 00 02 | 00 00 00 01 | 09 61 62 63"), 0, 12)).isFalse();
    }

    @Test
    void compoundBuilderWritesSrPlusSdesWithinTheLimit() {
        byte[] b = new byte[200];
        RtcpCompoundBuilder builder = new RtcpCompoundBuilder().reset(b, 10, 60);
        assertThat(builder.addSenderReport(5, 0x1_0000_0000L, 90000, 10, 1000, List.of())).isTrue();
        assertThat(builder.addSdesCname(5, "cname")).isTrue();
        int afterSdes = builder.length();
        assertThat(afterSdes).isEqualTo(28 + 16);
        assertThat(builder.addRemb(5, 1_000_000, new long[] {1, 2})).as("28 bytes do not fit in 16").isFalse();
        assertThat(builder.length()).isEqualTo(afterSdes);
        assertThat(builder.addPli(5, 6)).isTrue();
        assertThat(builder.addPli(5, 7)).isFalse();

        RtcpCompoundIterator it = new RtcpCompoundIterator();
        it.reset(b, 10, builder.length());
        int[] types = new int[4];
        int n = 0;
        while (it.next()) {
            types[n++] = it.packetType();
        }
        assertThat(it.malformed()).isFalse();
        assertThat(n).isEqualTo(3);
        assertThat(types).startsWith(RtcpHeader.SR, RtcpHeader.SDES, RtcpHeader.PSFB);
    }

    @Test
    void compoundBuilderWritesRrSdesAndFeedback() {
        byte[] b = new byte[1200];
        RtcpCompoundBuilder builder = new RtcpCompoundBuilder().reset(b, 0, b.length);
        assertThat(builder.addReceiverReport(1, List.of(new ReportBlock(2, 0, 0, 100, 0, 0, 0)))).isTrue();
        assertThat(builder.addSdesCname(1, "x")).isTrue();
        assertThat(builder.addNack(1, 2, new int[] {5, 6, 9}, 0, 3)).isTrue();
        assertThat(builder.addNack(1, 2, new int[] {5}, 0, 0)).isFalse();
        assertThat(builder.addFir(1, 2, 3)).isTrue();
        assertThat(builder.addRemb(1, 500_000, new long[] {2})).isTrue();
        assertThat(builder.addBye(new long[] {1}, null)).isTrue();
        TransportCcFeedbackBuilder twcc = new TransportCcFeedbackBuilder(100);
        twcc.reset(1, 2, 0);
        twcc.addReceived(10, 1_000_000);
        assertThat(builder.addTransportCc(twcc)).isTrue();

        RtcpCompoundIterator it = new RtcpCompoundIterator();
        it.reset(b, 0, builder.length());
        NackPacket nack = new NackPacket();
        FirPacket fir = new FirPacket();
        RembPacket remb = new RembPacket();
        TransportCcFeedback feedback = new TransportCcFeedback();
        int count = 0;
        while (it.next()) {
            count++;
            if (nack.wrap(b, it.offset(), it.length())) {
                assertThat(nack.lostCount()).isEqualTo(3);
            }
            if (fir.wrap(b, it.offset(), it.length())) {
                assertThat(fir.sequenceNumber(0)).isEqualTo(3);
            }
            if (remb.wrap(b, it.offset(), it.length())) {
                assertThat(remb.bitrate()).isEqualTo(500_000);
            }
            if (feedback.parse(b, it.offset(), it.length())) {
                assertThat(feedback.baseSequence()).isEqualTo(10);
            }
        }
        assertThat(count).isEqualTo(7);
        assertThat(it.malformed()).isFalse();
    }

    @Test
    void ntpConversionsAndRoundTripTime() {
        long epochNanos = 1_700_000_000_123_456_789L;
        long ntp = NtpTime.fromEpochNanos(epochNanos);
        assertThat(ntp >>> 32).isEqualTo(1_700_000_000L + NtpTime.EPOCH_OFFSET_SECONDS);
        assertThat(NtpTime.toEpochNanos(ntp)).isBetween(epochNanos - 1, epochNanos);
        // SR sent at ntp; the receiver held it 0.5 s; the RR arrives 0.6 s after the SR was sent: RTT 100 ms.
        ReportBlock block = new ReportBlock(1, 0, 0, 0, 0, NtpTime.compact(ntp),
                NtpTime.durationToCompact(500_000_000L));
        long arrival = NtpTime.fromEpochNanos(epochNanos + 600_000_000L);
        assertThat(NtpTime.roundTripNanos(arrival, block)).isBetween(99_900_000L, 100_100_000L);
        assertThat(NtpTime.roundTripNanos(arrival, new ReportBlock(1, 0, 0, 0, 0, 0, 0))).isEqualTo(-1);
    }
}
