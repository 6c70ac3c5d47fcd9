package dev.hibiki.rtp.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.rtp.Hex;
import org.junit.jupiter.api.Test;

/** NACK, PLI, FIR, REMB. */
class RtcpFeedbackTest {
    @Test
    void nackPacksSequenceNumbersIntoPidAndBlp() {
        byte[] b = new byte[64];
        int[] seqs = {100, 101, 103, 116, 117, 200};
        int n = NackPacket.write(b, 0, 0x11223344L, 0x55667788L, seqs, 0, seqs.length);
        assertThat(n).isEqualTo(24);
        assertThat(Hex.of(b, 0, n)).isEqualTo("81cd0005" + "11223344" + "55667788"
                + "00648005" + "00750000" + "00c80000");
        NackPacket nack = new NackPacket();
        assertThat(nack.wrap(b, 0, n)).isTrue();
        assertThat(nack.senderSsrc()).isEqualTo(0x11223344L);
        assertThat(nack.mediaSsrc()).isEqualTo(0x55667788L);
        assertThat(nack.itemCount()).isEqualTo(3);
        assertThat(nack.pid(0)).isEqualTo(100);
        assertThat(nack.blp(0)).isEqualTo(0x8005);
        int[] out = new int[nack.lostCount()];
        assertThat(nack.lostSequenceNumbers(out)).isEqualTo(6);
        assertThat(out).containsExactly(seqs);
    }

    @Test
    void nackAcrossWrapAroundAndDuplicates() {
        byte[] b = new byte[64];
        int[] seqs = {65535, 65535, 0, 1, 15};
        int n = NackPacket.write(b, 0, 1, 2, seqs, 0, seqs.length);
        assertThat(Hex.of(b, 12, n - 12)).isEqualTo("ffff8003");
        NackPacket nack = new NackPacket();
        nack.wrap(b, 0, n);
        int[] out = new int[17];
        int count = nack.lostSequenceNumbers(out);
        assertThat(java.util.Arrays.copyOf(out, count)).containsExactly(65535, 0, 1, 15);
        int[] small = new int[2];
        assertThat(nack.lostSequenceNumbers(small)).isEqualTo(2);
        assertThat(NackPacket.write(new byte[12], 0, 1, 2, seqs, 0, seqs.length)).isEqualTo(-1);
        assertThat(NackPacket.write(b, 0, 1, 2, seqs, 0, 0)).isEqualTo(-1);
    }

    @Test
    void parsesHandWrittenNackFromChrome() {
        // Chrome NACK: sender 1, media 0x9c8b7a69, PID 0x1234 with 0x0101 (0x1235 and 0x123d).
        byte[] b = Hex.bytes("81 cd 00 03 | 00 00 00 01 | 9c 8b 7a 69 | 12 34 01 01");
        NackPacket nack = new NackPacket();
        assertThat(nack.wrap(b, 0, b.length)).isTrue();
        int[] out = new int[17];
        assertThat(nack.lostSequenceNumbers(out)).isEqualTo(3);
        assertThat(out).startsWith(0x1234, 0x1235, 0x123d);
        assertThat(PliPacket.is(b, 0, b.length)).isFalse();
    }

    @Test
    void pliBytes() {
        byte[] b = new byte[12];
        assertThat(PliPacket.write(b, 0, 0x00000001L, 0x9c8b7a69L)).isEqualTo(12);
        assertThat(Hex.of(b)).isEqualTo("81ce0002000000019c8b7a69");
        assertThat(PliPacket.is(b, 0, 12)).isTrue();
        assertThat(PliPacket.senderSsrc(b, 0)).isEqualTo(1);
        assertThat(PliPacket.mediaSsrc(b, 0)).isEqualTo(0x9c8b7a69L);
        assertThat(PliPacket.is(b, 0, 11)).isFalse();
        assertThat(PliPacket.write(new byte[11], 0, 1, 2)).isEqualTo(-1);
    }

    @Test
    void firBytesAndParsing() {
        byte[] b = new byte[20];
        assertThat(FirPacket.write(b, 0, 1, 0x9c8b7a69L, 7)).isEqualTo(20);
        assertThat(Hex.of(b)).isEqualTo("84ce0004" + "00000001" + "00000000" + "9c8b7a69" + "07000000");
        FirPacket fir = new FirPacket();
        assertThat(fir.wrap(b, 0, 20)).isTrue();
        assertThat(fir.senderSsrc()).isEqualTo(1);
        assertThat(fir.entryCount()).isEqualTo(1);
        assertThat(fir.ssrc(0)).isEqualTo(0x9c8b7a69L);
        assertThat(fir.sequenceNumber(0)).isEqualTo(7);
        byte[] two = new byte[28];
        assertThat(FirPacket.write(two, 0, 1, new long[] {2, 3}, new int[] {255, 256})).isEqualTo(28);
        assertThat(fir.wrap(two, 0, 28)).isTrue();
        assertThat(fir.entryCount()).isEqualTo(2);
        assertThat(fir.sequenceNumber(0)).isEqualTo(255);
        assertThat(fir.sequenceNumber(1)).isZero();
        assertThat(PliPacket.is(b, 0, 20)).isFalse();
    }

    @Test
    void rembMatchesLibwebrtcLayout() {
        // Bitrate 0x3fb93 * 2 = 522022 bps: exponent 1, mantissa 0x3fb93, three SSRCs.
        String expected = "8fce0007" + "12345678" + "00000000" + "52454d42" + "0307fb93"
                + "23456789" + "2345678a" + "2345678b";
        byte[] b = new byte[32];
        long[] ssrcs = {0x23456789L, 0x2345678aL, 0x2345678bL};
        assertThat(RembPacket.write(b, 0, 0x12345678L, 522022, ssrcs)).isEqualTo(32);
        assertThat(Hex.of(b)).isEqualTo(expected);
        RembPacket remb = new RembPacket();
        assertThat(remb.wrap(b, 0, 32)).isTrue();
        assertThat(remb.senderSsrc()).isEqualTo(0x12345678L);
        assertThat(remb.bitrate()).isEqualTo(522022);
        assertThat(remb.ssrcCount()).isEqualTo(3);
        assertThat(remb.ssrc(2)).isEqualTo(0x2345678bL);
    }

    @Test
    void rembEdgeValues() {
        RembPacket remb = new RembPacket();
        byte[] b = new byte[24];
        RembPacket.write(b, 0, 1, 0x3FFFF, new long[] {9});
        assertThat(remb.wrap(b, 0, 24)).isTrue();
        assertThat(remb.bitrate()).isEqualTo(0x3FFFF);
        RembPacket.write(b, 0, 1, 10_000_000_000L, new long[] {9});
        remb.wrap(b, 0, 24);
        assertThat(remb.bitrate()).isLessThanOrEqualTo(10_000_000_000L).isGreaterThan(9_999_000_000L);
        RembPacket.write(b, 0, 1, -5, new long[] {9});
        remb.wrap(b, 0, 24);
        assertThat(remb.bitrate()).isZero();
        // Exponent 63 with a full mantissa saturates instead of overflowing.
        byte[] huge = Hex.bytes("8f ce 00 04 | 00 00 00 01 | 00 00 00 00 | 52 45 4d 42 | 00 ff ff ff");
        assertThat(remb.wrap(huge, 0, huge.length)).isTrue();
        assertThat(remb.bitrate()).isEqualTo(Long.MAX_VALUE);
        // Not REMB: another AFB message, or an SSRC count past the end.
        assertThat(remb.wrap(Hex.bytes("8f ce 00 04 | 00 00 00 01 | 00 00 00 00 | 41 42 43 44 | 00 00 00 01"), 0, 20))
                .isFalse();
        assertThat(remb.wrap(Hex.bytes("8f ce 00 04 | 00 00 00 01 | 00 00 00 00 | 52 45 4d 42 | 02 00 00 01"), 0, 20))
                .isFalse();
    }
}
