package dev.hibiki.rtp;

/** Test helper: builds minimal RTP packets. */
public final class TestPackets {
    private TestPackets() {}

    public static byte[] bytes(int pt, int seq, long ts, long ssrc, int payloadLength) {
        byte[] b = new byte[12 + payloadLength];
        b[0] = (byte) 0x80;
        b[1] = (byte) pt;
        Bytes.put16(b, 2, seq);
        Bytes.put32(b, 4, ts);
        Bytes.put32(b, 8, ssrc);
        for (int i = 0; i < payloadLength; i++) {
            b[12 + i] = (byte) (seq + i);
        }
        return b;
    }

    public static RtpPacket packet(int pt, int seq, long ts, long ssrc, int payloadLength) {
        byte[] b = bytes(pt, seq, ts, ssrc, payloadLength);
        RtpPacket p = new RtpPacket();
        if (!p.wrap(b, 0, b.length)) {
            throw new AssertionError("invalid test packet");
        }
        return p;
    }
}
