package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;

/** The common part of RFC 4585 feedback packets: header, SSRC of packet sender, SSRC of media source. */
final class Feedback {
    static final int FCI_START = 12;

    private Feedback() {}

    /** Content length of a feedback packet of the given type and FMT, or -1 when it is something else. */
    static int contentLength(byte[] buf, int off, int len, int packetType, int format) {
        int content = RtcpHeader.contentLength(buf, off, len);
        if (content < FCI_START || RtcpHeader.packetType(buf, off) != packetType
                || RtcpHeader.count(buf, off) != format) {
            return -1;
        }
        return content;
    }

    static void writeHeader(byte[] dst, int off, int packetType, int format, int totalLength,
                            long senderSsrc, long mediaSsrc) {
        RtcpHeader.write(dst, off, format, packetType, totalLength);
        Bytes.put32(dst, off + 4, senderSsrc);
        Bytes.put32(dst, off + 8, mediaSsrc);
    }
}
