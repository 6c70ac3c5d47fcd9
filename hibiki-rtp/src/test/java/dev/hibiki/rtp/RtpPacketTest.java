package dev.hibiki.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RtpPacketTest {
    // Opus from Chrome: PT 111, one-byte extensions: 1 = ssrc-audio-level (V=1, 40 dBov), 2 = abs-send-time,
    // 3 = transport-wide seq, 4 = mid "0".
    static final String OPUS = "90 6f 1a 2b | 00 01 e2 40 | 9c 8b 7a 69 |"
            + " be de 00 03 | 10 a8 22 12 34 56 31 00 05 40 30 00 |"
            + " 78 0b e4 c1 36 ec c5 8d";

    @Test
    void parsesHeaderFieldsAndLengths() {
        byte[] b = Hex.bytes(OPUS);
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.hasPadding()).isFalse();
        assertThat(p.hasExtension()).isTrue();
        assertThat(p.csrcCount()).isZero();
        assertThat(p.marker()).isFalse();
        assertThat(p.payloadType()).isEqualTo(111);
        assertThat(p.sequenceNumber()).isEqualTo(0x1a2b);
        assertThat(p.timestamp()).isEqualTo(123456);
        assertThat(p.ssrc()).isEqualTo(0x9c8b7a69L);
        assertThat(p.headerLength()).isEqualTo(12 + 4 + 12);
        assertThat(p.payloadOffset()).isEqualTo(28);
        assertThat(p.payloadLength()).isEqualTo(8);
        assertThat(p.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(p.extensionDataOffset()).isEqualTo(16);
        assertThat(p.extensionDataLength()).isEqualTo(12);
    }

    @Test
    void readsUnsignedValuesAboveSignedRange() {
        byte[] b = Hex.bytes("80 e0 ff ff | ff ff ff ff | ff ff ff fe | 01");
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.sequenceNumber()).isEqualTo(65535);
        assertThat(p.timestamp()).isEqualTo(0xFFFFFFFFL);
        assertThat(p.ssrc()).isEqualTo(0xFFFFFFFEL);
    }

    @Test
    void handlesCsrcsPaddingAndOffsetIntoLargerBuffer() {
        // P=1, CC=2, payload "aa bb", 3 bytes of padding.
        byte[] packet = Hex.bytes("a2 60 00 01 | 00 00 00 02 | 00 00 00 03 | 00 00 00 0a | 00 00 00 0b | aa bb 00 00 03");
        byte[] b = new byte[packet.length + 10];
        System.arraycopy(packet, 0, b, 5, packet.length);
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 5, packet.length)).isTrue();
        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.csrc(0)).isEqualTo(10);
        assertThat(p.csrc(1)).isEqualTo(11);
        assertThat(p.headerLength()).isEqualTo(20);
        assertThat(p.payloadOffset()).isEqualTo(25);
        assertThat(p.payloadLength()).isEqualTo(2);
        assertThat(p.paddingLength()).isEqualTo(3);
        assertThat(p.extensionDataOffset()).isEqualTo(-1);
        assertThat(p.extensionProfile()).isEqualTo(-1);
    }

    @Test
    void paddingOnlyPacketIsValid() {
        // Bandwidth probe: P=1, the whole payload is padding.
        byte[] b = Hex.bytes("a0 60 00 01 | 00 00 00 02 | 00 00 00 03 | 00 00 00 04");
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        assertThat(p.payloadLength()).isZero();
    }

    @Test
    void rejectsMalformedPackets() {
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(Hex.bytes("80 60 00 01 00 00 00 02 00 00 00"), 0, 11)).as("short").isFalse();
        assertThat(p.wrap(Hex.bytes("40 60 00 01 00 00 00 02 00 00 00 03"), 0, 12)).as("version 1").isFalse();
        assertThat(p.wrap(Hex.bytes("81 60 00 01 00 00 00 02 00 00 00 03 00 00"), 0, 14)).as("csrc cut").isFalse();
        assertThat(p.wrap(Hex.bytes("90 60 00 01 00 00 00 02 00 00 00 03 be de"), 0, 14)).as("ext header cut")
                .isFalse();
        assertThat(p.wrap(Hex.bytes("90 60 00 01 00 00 00 02 00 00 00 03 be de 00 02 10 aa 00 00"), 0, 20))
                .as("ext data cut").isFalse();
        assertThat(p.wrap(Hex.bytes("a0 60 00 01 00 00 00 02 00 00 00 03 aa 00"), 0, 14)).as("padding 0")
                .isFalse();
        assertThat(p.wrap(Hex.bytes("a0 60 00 01 00 00 00 02 00 00 00 03 aa 03"), 0, 14)).as("padding too long")
                .isFalse();
        assertThat(p.isWrapped()).isFalse();
        byte[] ok = Hex.bytes("80 60 00 01 00 00 00 02 00 00 00 03");
        assertThat(p.wrap(ok, 1, 12)).as("range past the array").isFalse();
        assertThat(p.wrap(ok, -1, 12)).isFalse();
        assertThat(p.wrap(null, 0, 12)).isFalse();
    }

    @Test
    void settersWriteInPlaceWithoutTouchingNeighbours() {
        byte[] b = Hex.bytes(OPUS);
        RtpPacket p = new RtpPacket();
        p.wrap(b, 0, b.length);
        p.setSequenceNumber(65535);
        p.setTimestamp(0xFFFFFFFFL);
        p.setSsrc(0x01020304L);
        p.setPayloadType(100);
        p.setMarker(true);
        assertThat(Hex.of(b, 0, 12)).isEqualTo("90e4ffffffffffff01020304");
        p.setPayloadType(0x7F + 1 + 5);
        assertThat(p.payloadType()).isEqualTo(5);
        assertThat(p.marker()).isTrue();
        p.setMarker(false);
        assertThat(p.payloadType()).isEqualTo(5);
        assertThat(p.marker()).isFalse();
        assertThat(Hex.of(b, 12, b.length - 12)).isEqualTo(Hex.normalize(OPUS).substring(24));
    }

    @Test
    void copyToCopiesWholePacket() {
        byte[] b = Hex.bytes(OPUS);
        RtpPacket p = new RtpPacket();
        p.wrap(b, 0, b.length);
        byte[] dst = new byte[100];
        assertThat(p.copyTo(dst, 3)).isEqualTo(b.length);
        assertThat(Hex.of(dst, 3, b.length)).isEqualTo(Hex.of(b));
        assertThat(p.copyTo(new byte[10], 0)).isEqualTo(-1);
    }

    @Test
    void demuxSeparatesRtpRtcpAndOthers() {
        byte[] rtp = Hex.bytes(OPUS);
        byte[] rr = Hex.bytes("81 c9 00 07");
        byte[] stun = Hex.bytes("00 01 00 00 21 12 a4 42");
        byte[] dtls = Hex.bytes("16 fe fd 00");
        // Payload type 96 with the marker bit: second byte 0xe0 = 224, outside 192..223, so RTP.
        byte[] rtpMarker = Hex.bytes("80 e0 00 01 00 00 00 00 00 00 00 01");
        assertThat(RtpDemux.isRtpOrRtcp(rtp, 0, rtp.length)).isTrue();
        assertThat(RtpDemux.isRtcp(rtp, 0, rtp.length)).isFalse();
        assertThat(RtpDemux.isRtp(rtp, 0, rtp.length)).isTrue();
        assertThat(RtpDemux.isRtcp(rr, 0, rr.length)).isTrue();
        assertThat(RtpDemux.isRtp(rr, 0, rr.length)).isFalse();
        assertThat(RtpDemux.isRtp(rtpMarker, 0, rtpMarker.length)).isTrue();
        assertThat(RtpDemux.isRtpOrRtcp(stun, 0, stun.length)).isFalse();
        assertThat(RtpDemux.isRtpOrRtcp(dtls, 0, dtls.length)).isFalse();
        assertThat(RtpDemux.isRtpOrRtcp(new byte[0], 0, 0)).isFalse();
        for (int pt = 192; pt <= 223; pt++) {
            assertThat(RtpDemux.isRtcp(new byte[] {(byte) 0x80, (byte) pt, 0, 1}, 0, 4)).isTrue();
        }
        assertThat(RtpDemux.isRtcp(new byte[] {(byte) 0x80, (byte) 191, 0, 1}, 0, 4)).isFalse();
    }

    @Test
    void sequenceNumberArithmeticWraps() {
        assertThat(SequenceNumbers.diff(0, 65535)).isEqualTo(1);
        assertThat(SequenceNumbers.diff(65535, 0)).isEqualTo(-1);
        assertThat(SequenceNumbers.isNewer(2, 65530)).isTrue();
        assertThat(SequenceNumbers.add(65535, 2)).isEqualTo(1);
        assertThat(SequenceNumbers.extend(1, 0x1FFFE)).isEqualTo(0x20001);
        assertThat(SequenceNumbers.extend(65534, 0x20001)).isEqualTo(0x1FFFE);
    }
}
