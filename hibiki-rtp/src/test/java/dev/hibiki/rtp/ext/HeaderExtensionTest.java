package dev.hibiki.rtp.ext;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hibiki.rtp.Hex;
import dev.hibiki.rtp.RtpPacket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderExtensionTest {
    private static final String FIXED = "90 60 00 01 | 00 00 00 02 | 00 00 00 03 |";

    private static RtpPacket packet(String hex) {
        byte[] b = Hex.bytes(hex);
        RtpPacket p = new RtpPacket();
        assertThat(p.wrap(b, 0, b.length)).isTrue();
        return p;
    }

    @Test
    void walksTheRfc8285OneByteExample() {
        // RFC 8285 §4.2 figure: id 1 L=0 (1 byte), id 2 L=1 (2 bytes), two padding bytes, id 3 L=3 (4 bytes).
        RtpPacket p = packet(FIXED + "be de 00 03 | 10 aa 21 bb | bb 00 00 33 | cc cc cc cc | ff");
        HeaderExtensionCursor c = new HeaderExtensionCursor();
        assertThat(c.reset(p)).isTrue();
        assertThat(c.isTwoByte()).isFalse();
        assertThat(c.next()).isTrue();
        assertThat(c.id()).isEqualTo(1);
        assertThat(c.dataLength()).isEqualTo(1);
        assertThat(Hex.of(p.buffer(), c.dataOffset(), c.dataLength())).isEqualTo("aa");
        assertThat(c.next()).isTrue();
        assertThat(c.id()).isEqualTo(2);
        assertThat(Hex.of(p.buffer(), c.dataOffset(), c.dataLength())).isEqualTo("bbbb");
        assertThat(c.next()).isTrue();
        assertThat(c.id()).isEqualTo(3);
        assertThat(Hex.of(p.buffer(), c.dataOffset(), c.dataLength())).isEqualTo("cccccccc");
        assertThat(c.next()).isFalse();
        assertThat(c.malformed()).isFalse();
        assertThat(p.payloadLength()).isEqualTo(1);
    }

    @Test
    void walksTheRfc8285TwoByteExample() {
        // RFC 8285 §4.3 figure: id 1 L=0, id 2 L=1, padding byte, id 3 L=4.
        RtpPacket p = packet(FIXED + "10 00 00 03 | 01 00 02 01 | bb 00 03 04 | cc cc cc cc");
        HeaderExtensionCursor c = new HeaderExtensionCursor();
        assertThat(c.reset(p)).isTrue();
        assertThat(c.isTwoByte()).isTrue();
        assertThat(c.next()).isTrue();
        assertThat(c.id()).isEqualTo(1);
        assertThat(c.dataLength()).isZero();
        assertThat(c.next()).isTrue();
        assertThat(c.id()).isEqualTo(2);
        assertThat(Hex.of(p.buffer(), c.dataOffset(), c.dataLength())).isEqualTo("bb");
        assertThat(c.next()).isTrue();
        assertThat(c.id()).isEqualTo(3);
        assertThat(Hex.of(p.buffer(), c.dataOffset(), c.dataLength())).isEqualTo("cccccccc");
        assertThat(c.next()).isFalse();
    }

    @Test
    void twoByteProfileAcceptsAppBits() {
        RtpPacket p = packet(FIXED + "10 0f 00 01 | 05 01 7f 00");
        HeaderExtensionCursor c = new HeaderExtensionCursor();
        assertThat(c.find(p, 5)).isTrue();
        assertThat(p.buffer()[c.dataOffset()]).isEqualTo((byte) 0x7f);
    }

    @Test
    void stopsAtReservedId15AndAtTruncatedElements() {
        HeaderExtensionCursor c = new HeaderExtensionCursor();
        RtpPacket reserved = packet(FIXED + "be de 00 01 | 10 aa f0 20");
        assertThat(c.reset(reserved)).isTrue();
        assertThat(c.next()).isTrue();
        assertThat(c.next()).isFalse();
        assertThat(c.malformed()).isFalse();
        assertThat(c.find(reserved, 2)).isFalse();

        RtpPacket truncated = packet(FIXED + "be de 00 01 | 10 aa 23 bb");
        assertThat(c.reset(truncated)).isTrue();
        assertThat(c.next()).isTrue();
        assertThat(c.next()).isFalse();
        assertThat(c.malformed()).isTrue();
        assertThat(TransportCcExtension.read(truncated, 2)).isEqualTo(-1);
    }

    @Test
    void unknownProfileAndNoExtensionAreReported() {
        HeaderExtensionCursor c = new HeaderExtensionCursor();
        assertThat(c.reset(packet(FIXED + "ab cd 00 01 | 10 aa 00 00"))).isFalse();
        assertThat(c.next()).isFalse();
        assertThat(c.reset(packet("80 60 00 01 00 00 00 02 00 00 00 03"))).isFalse();
    }

    @Test
    void typedReadersFindChromeAudioExtensions() {
        RtpPacket p = packet("90 6f 1a 2b | 00 01 e2 40 | 9c 8b 7a 69 |"
                + " be de 00 03 | 10 a8 22 12 34 56 31 00 05 40 30 00 | 78 0b");
        int level = AudioLevelExtension.read(p, 1);
        assertThat(AudioLevelExtension.voiceActivity(level)).isTrue();
        assertThat(AudioLevelExtension.level(level)).isEqualTo(40);
        assertThat(AbsSendTimeExtension.read(p, 2)).isEqualTo(0x123456);
        assertThat(TransportCcExtension.read(p, 3)).isEqualTo(5);
        assertThat(SdesExtension.read(p, 4)).isEqualTo("0");
        assertThat(SdesExtension.matches(p, 4, "0".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(SdesExtension.matches(p, 4, "1".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(SdesExtension.read(p, 9)).isNull();
        assertThat(TransportCcExtension.read(p, 9)).isEqualTo(-1);
        assertThat(AudioLevelExtension.read(p, 9)).isEqualTo(-1);
        assertThat(AbsSendTimeExtension.read(p, 9)).isEqualTo(-1);
    }

    @Test
    void transportCcAndAbsSendTimeAreWrittenInPlace() {
        RtpPacket p = packet("90 6f 1a 2b | 00 01 e2 40 | 9c 8b 7a 69 |"
                + " be de 00 03 | 10 a8 22 12 34 56 31 00 05 40 30 00 | 78 0b");
        assertThat(TransportCcExtension.write(p, 3, 0xBEEF)).isTrue();
        assertThat(TransportCcExtension.read(p, 3)).isEqualTo(0xBEEF);
        assertThat(AbsSendTimeExtension.write(p, 2, 0xABCDEF)).isTrue();
        assertThat(AbsSendTimeExtension.read(p, 2)).isEqualTo(0xABCDEF);
        assertThat(TransportCcExtension.write(p, 7, 1)).isFalse();
        assertThat(Hex.of(p.buffer(), 16, 12)).isEqualTo("10a822abcdef31beef403000");
    }

    @Test
    void readsRidAndRepairedRidWithTwoByteHeaders() {
        // rid "hi" under id 10, repaired rid "lo" under id 11, mid "video" padded with a zero by the sender.
        RtpPacket p = packet(FIXED + "10 00 00 05 | 0a 02 68 69 | 0b 02 6c 6f | 0c 06 76 69 64 65 6f 00 | 00 00 00 00");
        assertThat(SdesExtension.read(p, 10)).isEqualTo("hi");
        assertThat(SdesExtension.read(p, 11)).isEqualTo("lo");
        assertThat(SdesExtension.read(p, 12)).isEqualTo("video");
        assertThat(SdesExtension.matches(p, 12, "video".getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void absSendTimeConversions() {
        assertThat(AbsSendTimeExtension.fromNanos(1_000_000_000L)).isEqualTo(1 << 18);
        assertThat(AbsSendTimeExtension.fromNanos(500_000_000L)).isEqualTo(1 << 17);
        assertThat(AbsSendTimeExtension.fromNanos(64_000_000_000L)).isZero();
        assertThat(AbsSendTimeExtension.fromNanos(65_250_000_000L)).isEqualTo((1 << 18) + (1 << 16));
        assertThat(AbsSendTimeExtension.toNanos(1 << 17)).isEqualTo(500_000_000L);
        assertThat(AudioLevelExtension.encode(true, 200)).isEqualTo(0xFF);
    }

    @Test
    void writerBuildsOneByteBlockAndReplacesPacketExtensions() {
        RtpPacket src = packet("b0 6f 1a 2b | 00 01 e2 40 | 9c 8b 7a 69 |"
                + " be de 00 03 | 10 a8 22 12 34 56 31 00 05 40 30 00 | 78 0b 00 02");
        HeaderExtensionWriter w = new HeaderExtensionWriter().reset(false);
        assertThat(w.add16(5, 0x0102)).isTrue();
        assertThat(w.add(9, "a".getBytes(StandardCharsets.US_ASCII), 0, 1)).isTrue();
        assertThat(w.add24(15, 1)).as("id 15 is reserved").isFalse();
        assertThat(w.add(1, new byte[17], 0, 17)).as("one-byte form holds at most 16 bytes").isFalse();
        assertThat(w.blockLength()).isEqualTo(4 + 8);

        byte[] dst = new byte[100];
        int n = w.writePacket(src, dst, 2);
        assertThat(n).isEqualTo(12 + 12 + 4);
        assertThat(Hex.of(dst, 2, n)).isEqualTo("b06f1a2b0001e2409c8b7a69" + "bede0002" + "5101029061000000" + "780b0002");
        RtpPacket out = new RtpPacket();
        assertThat(out.wrap(dst, 2, n)).isTrue();
        assertThat(TransportCcExtension.read(out, 5)).isEqualTo(0x0102);
        assertThat(SdesExtension.read(out, 9)).isEqualTo("a");
        assertThat(out.payloadLength()).isEqualTo(2);
        assertThat(out.paddingLength()).isEqualTo(2);
    }

    @Test
    void writerCopiesElementsAndBuildsTwoByteBlocks() {
        RtpPacket src = packet("90 6f 1a 2b | 00 01 e2 40 | 9c 8b 7a 69 |"
                + " be de 00 03 | 10 a8 22 12 34 56 31 00 05 40 30 00 | 78 0b");
        HeaderExtensionCursor c = new HeaderExtensionCursor();
        HeaderExtensionWriter w = new HeaderExtensionWriter().reset(true);
        assertThat(c.find(src, 1)).isTrue();
        assertThat(w.copy(20, c, src.buffer())).isTrue();
        assertThat(w.add(21, new byte[0], 0, 0)).isTrue();
        byte[] dst = new byte[100];
        int n = w.writePacket(src, dst, 0);
        RtpPacket out = new RtpPacket();
        assertThat(out.wrap(dst, 0, n)).isTrue();
        assertThat(out.extensionProfile()).isEqualTo(0x1000);
        assertThat(AudioLevelExtension.read(out, 20)).isEqualTo(0xa8);
        assertThat(c.find(out, 21)).isTrue();
        assertThat(c.dataLength()).isZero();
        assertThat(Hex.of(dst, out.payloadOffset(), out.payloadLength())).isEqualTo("780b");
    }

    @Test
    void emptyWriterRemovesTheExtension() {
        RtpPacket src = packet("90 6f 1a 2b | 00 01 e2 40 | 9c 8b 7a 69 | be de 00 01 | 10 a8 00 00 | 78 0b");
        byte[] dst = new byte[100];
        int n = new HeaderExtensionWriter().reset(false).writePacket(src, dst, 0);
        assertThat(Hex.of(dst, 0, n)).isEqualTo("806f1a2b0001e2409c8b7a69780b");
        assertThat(new HeaderExtensionWriter().writePacket(src, new byte[5], 0)).isEqualTo(-1);
    }
}
