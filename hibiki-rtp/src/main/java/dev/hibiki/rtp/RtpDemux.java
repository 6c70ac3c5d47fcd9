package dev.hibiki.rtp;

/**
 * Tells RTP from RTCP on one BUNDLE/rtcp-mux port by looking at the first bytes of a datagram.
 */
public final class RtpDemux {
    private RtpDemux() {}

    /** RFC 7983: a first byte in 128..191 is RTP or RTCP (STUN, DTLS, TURN channels use other ranges). */
    public static boolean isRtpOrRtcp(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len) || len < 1) {
            return false;
        }
        int b = buf[off] & 0xFF;
        return b >= 128 && b <= 191;
    }

    /**
     * RFC 5761 §4: with rtcp-mux, a second byte (RTCP packet type, or RTP marker + payload type) in 192..223
     * is RTCP. Payload types 64..95 are therefore never used for RTP.
     */
    public static boolean isRtcp(byte[] buf, int off, int len) {
        if (!isRtpOrRtcp(buf, off, len) || len < 4) {
            return false;
        }
        int pt = buf[off + 1] & 0xFF;
        return pt >= 192 && pt <= 223;
    }

    /** An RTP (not RTCP) packet by the two rules above; {@link RtpPacket#wrap} still validates the header. */
    public static boolean isRtp(byte[] buf, int off, int len) {
        return isRtpOrRtcp(buf, off, len) && len >= 12 && !isRtcp(buf, off, len);
    }
}
