package dev.hibiki.ice;

/** What a datagram on the shared port carries, told by its first byte (RFC 7983 section 7). */
public enum DatagramKind {
    /** 0..3 */
    STUN,
    /** 16..19 */
    ZRTP,
    /** 20..63 */
    DTLS,
    /** 64..79: TURN ChannelData, for the future relay. */
    TURN_CHANNEL,
    /** 128..191: RTP and RTCP (SRTP/SRTCP once keyed). */
    RTP,
    /** Anything else, including empty datagrams. */
    UNKNOWN;

    public static DatagramKind classify(byte[] buf, int off, int len) {
        return len <= 0 ? UNKNOWN : classify(buf[off] & 0xFF);
    }

    public static DatagramKind classify(int firstByte) {
        if (firstByte <= 3) {
            return firstByte >= 0 ? STUN : UNKNOWN;
        }
        if (firstByte >= 16 && firstByte <= 19) {
            return ZRTP;
        }
        if (firstByte >= 20 && firstByte <= 63) {
            return DTLS;
        }
        if (firstByte >= 64 && firstByte <= 79) {
            return TURN_CHANNEL;
        }
        if (firstByte >= 128 && firstByte <= 191) {
            return RTP;
        }
        return UNKNOWN;
    }
}
