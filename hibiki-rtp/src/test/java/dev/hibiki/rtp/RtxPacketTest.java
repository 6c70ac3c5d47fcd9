package dev.hibiki.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtxPacketTest {
    // Video packet with marker, one extension element, 3 payload bytes and 2 bytes of padding.
    private static final String ORIGINAL = "b0 e0 12 34 | 00 00 10 00 | 01 02 03 04 | be de 00 01 | 30 07 00 00 |"
            + " aa bb cc 00 02";

    @Test
    void encodesOsnAndRestoresTheOriginal() {
        byte[] b = Hex.bytes(ORIGINAL);
        RtpPacket original = new RtpPacket();
        assertThat(original.wrap(b, 0, b.length)).isTrue();
        byte[] rtxBuf = new byte[64];
        int n = RtxPacket.encode(original, 97, 0x0a0b0c0dL, 0x0777, rtxBuf, 0);
        assertThat(n).isEqualTo(20 + 2 + 3);
        assertThat(Hex.of(rtxBuf, 0, n)).isEqualTo("90e10777000010000a0b0c0d" + "bede000130070000" + "1234" + "aabbcc");
        RtpPacket rtx = new RtpPacket();
        assertThat(rtx.wrap(rtxBuf, 0, n)).isTrue();
        assertThat(RtxPacket.originalSequenceNumber(rtx)).isEqualTo(0x1234);

        byte[] restoredBuf = new byte[64];
        int m = RtxPacket.decode(rtx, 96, 0x01020304L, restoredBuf, 0);
        assertThat(Hex.of(restoredBuf, 0, m)).isEqualTo("90e01234000010000102030" + "4" + "bede000130070000" + "aabbcc");
    }

    @Test
    void worksInPlace() {
        byte[] b = new byte[40];
        byte[] packet = Hex.bytes(ORIGINAL);
        System.arraycopy(packet, 0, b, 0, packet.length);
        RtpPacket p = new RtpPacket();
        p.wrap(b, 0, packet.length);
        int n = RtxPacket.encode(p, 97, 9, 1, b, 0);
        assertThat(p.wrap(b, 0, n)).isTrue();
        int m = RtxPacket.decode(p, 96, 0x01020304L, b, 0);
        assertThat(Hex.of(b, 0, m)).isEqualTo("90e01234000010000102030" + "4" + "bede000130070000" + "aabbcc");
    }

    @Test
    void refusesPaddingOnlyProbesAndSmallBuffers() {
        byte[] probe = Hex.bytes("a0 61 00 01 | 00 00 00 00 | 00 00 00 09 | 00 00 00 04");
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(probe, 0, probe.length)).isTrue();
        assertThat(RtxPacket.decode(p, 96, 1, new byte[64], 0)).isEqualTo(-1);
        assertThat(RtxPacket.originalSequenceNumber(p)).isEqualTo(-1);
        byte[] b = Hex.bytes(ORIGINAL);
        p.wrap(b, 0, b.length);
        assertThat(RtxPacket.encode(p, 97, 1, 1, new byte[10], 0)).isEqualTo(-1);
    }
}
