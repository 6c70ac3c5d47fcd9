package dev.hibiki.sfu;

import dev.hibiki.rtp.RtpPacket;
import dev.hibiki.rtp.ext.SdesExtension;
import dev.hibiki.rtp.rtcp.RtcpCompoundBuilder;
import dev.hibiki.rtp.rtcp.RtcpCompoundIterator;
import dev.hibiki.rtp.rtcp.ReportBlock;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Builds the packets a browser sends and reads the ones the SFU sends, with hibiki-rtp's views. */
final class Packets {

    static final int MID_ID = 4;
    static final int TWCC_ID = 3;
    /** VP8 payload descriptor S=1 PID=0, then a payload header with P=0: the first packet of a keyframe. */
    static final byte[] VP8_KEYFRAME = {0x10, 0x00, 0x11, 0x22, 0x33};
    /** S=1 and P=1: the first packet of an interframe. */
    static final byte[] VP8_DELTA = {0x10, 0x01, 0x44, 0x55};
    static final byte[] OPUS = {(byte) 0xfc, 0x01, 0x02};

    private Packets() {
    }

    /** An RTP packet builder: header fields, one-byte header extensions (RFC 8285), payload. */
    static final class Rtp {
        private int payloadType;
        private int seq;
        private long timestamp;
        private long ssrc;
        private boolean marker;
        private final List<byte[]> extensions = new ArrayList<>();
        private byte[] payload = new byte[0];

        Rtp(int payloadType, long ssrc) {
            this.payloadType = payloadType;
            this.ssrc = ssrc;
        }

        Rtp seq(int seq) {
            this.seq = seq & 0xFFFF;
            return this;
        }

        Rtp timestamp(long timestamp) {
            this.timestamp = timestamp & 0xFFFFFFFFL;
            return this;
        }

        Rtp marker() {
            this.marker = true;
            return this;
        }

        Rtp mid(String mid) {
            return extension(MID_ID, mid.getBytes(StandardCharsets.US_ASCII));
        }

        Rtp transportSeq(int seq) {
            return extension(TWCC_ID, new byte[]{(byte) (seq >> 8), (byte) seq});
        }

        Rtp extension(int id, byte[] data) {
            byte[] element = new byte[1 + data.length];
            element[0] = (byte) (id << 4 | (data.length - 1));
            System.arraycopy(data, 0, element, 1, data.length);
            extensions.add(element);
            return this;
        }

        Rtp payload(byte[] payload) {
            this.payload = payload.clone();
            return this;
        }

        byte[] build() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x80 | (extensions.isEmpty() ? 0 : 0x10));
            out.write((marker ? 0x80 : 0) | payloadType);
            out.write(seq >> 8);
            out.write(seq);
            writeInt(out, timestamp);
            writeInt(out, ssrc);
            if (!extensions.isEmpty()) {
                ByteArrayOutputStream block = new ByteArrayOutputStream();
                for (byte[] e : extensions) block.writeBytes(e);
                while (block.size() % 4 != 0) block.write(0);
                out.write(0xBE);
                out.write(0xDE);
                out.write(block.size() / 4 >> 8);
                out.write(block.size() / 4);
                out.writeBytes(block.toByteArray());
            }
            out.writeBytes(payload);
            return out.toByteArray();
        }

        private static void writeInt(ByteArrayOutputStream out, long v) {
            out.write((int) (v >> 24));
            out.write((int) (v >> 16));
            out.write((int) (v >> 8));
            out.write((int) v);
        }
    }

    static RtpPacket rtp(byte[] bytes) {
        RtpPacket p = new RtpPacket();
        if (!p.wrap(bytes, 0, bytes.length)) throw new AssertionError("not RTP: " + Arrays.toString(bytes));
        return p;
    }

    static byte[] payloadOf(byte[] bytes) {
        RtpPacket p = rtp(bytes);
        return Arrays.copyOfRange(bytes, p.payloadOffset(), p.payloadOffset() + p.payloadLength());
    }

    static String midOf(byte[] bytes, int id) {
        return SdesExtension.read(rtp(bytes), id);
    }

    /** An RTCP compound packet written by hibiki-rtp's builder. */
    static byte[] rtcp(Consumer<RtcpCompoundBuilder> content) {
        byte[] buf = new byte[1500];
        RtcpCompoundBuilder b = new RtcpCompoundBuilder().reset(buf, 0, buf.length);
        content.accept(b);
        return Arrays.copyOf(buf, b.length());
    }

    static byte[] receiverReport(long senderSsrc, ReportBlock block) {
        return rtcp(b -> b.addReceiverReport(senderSsrc, List.of(block)));
    }

    /** One packet of an RTCP compound: its type, format and bytes. */
    record RtcpPart(int type, int format, byte[] bytes) {
    }

    static List<RtcpPart> parts(byte[] compound) {
        RtcpCompoundIterator it = new RtcpCompoundIterator();
        if (!it.reset(compound, 0, compound.length)) throw new AssertionError("not RTCP");
        List<RtcpPart> out = new ArrayList<>();
        while (it.next()) {
            out.add(new RtcpPart(it.packetType(), it.count(),
                    Arrays.copyOfRange(it.buffer(), it.offset(), it.offset() + it.length())));
        }
        if (it.malformed()) throw new AssertionError("malformed RTCP");
        return out;
    }

    /** Whether the compound holds a packet of this type and format (format -1: any). */
    static Predicate<byte[]> containing(int type, int format) {
        return compound -> parts(compound).stream()
                .anyMatch(p -> p.type() == type && (format < 0 || p.format() == format));
    }

    static RtcpPart part(byte[] compound, int type, int format) {
        return parts(compound).stream().filter(p -> p.type() == type && (format < 0 || p.format() == format))
                .findFirst().orElseThrow(() -> new AssertionError("no RTCP " + type + "/" + format));
    }
}
