package dev.hibiki.hls.rtp;

import dev.hibiki.rtp.RtpPacket;

/** Test helper: RTP packets as bytes, and views over them. */
final class Rtp {
    static final long SSRC = 0x1234_5678L;

    private Rtp() {}

    static byte[] packet(int pt, int seq, long ts, long ssrc, boolean marker, byte[] payload) {
        byte[] b = new byte[12 + payload.length];
        b[0] = (byte) 0x80;
        b[1] = (byte) ((marker ? 0x80 : 0) | pt);
        b[2] = (byte) (seq >>> 8);
        b[3] = (byte) seq;
        b[4] = (byte) (ts >>> 24);
        b[5] = (byte) (ts >>> 16);
        b[6] = (byte) (ts >>> 8);
        b[7] = (byte) ts;
        b[8] = (byte) (ssrc >>> 24);
        b[9] = (byte) (ssrc >>> 16);
        b[10] = (byte) (ssrc >>> 8);
        b[11] = (byte) ssrc;
        System.arraycopy(payload, 0, b, 12, payload.length);
        return b;
    }

    static RtpPacket view(byte[] packet) {
        RtpPacket p = new RtpPacket();
        if (!p.wrap(packet, 0, packet.length)) {
            throw new AssertionError("invalid test packet");
        }
        return p;
    }

    static int seq(byte[] packet) {
        return ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
    }
}
