package dev.hibiki.sctp;

/**
 * The fields of an INIT or INIT-ACK chunk (RFC 9260 sections 3.3.2 and 3.3.3) and the optional parameters this
 * implementation reads: the state cookie, Forward-TSN-Supported (RFC 3758) and Supported Extensions (RFC 5061).
 * Unknown parameters are skipped or end the parameter walk as their upper two type bits say (section 3.2.1).
 */
record InitChunk(int initiateTag, long advertisedWindow, int outboundStreams, int inboundStreams, int initialTsn,
                 byte[] cookie, boolean forwardTsn, boolean reconfig) {
    static final int PARAM_IPV4_ADDRESS = 5;
    static final int PARAM_IPV6_ADDRESS = 6;
    static final int PARAM_STATE_COOKIE = 7;
    static final int PARAM_COOKIE_PRESERVATIVE = 9;
    static final int PARAM_HOST_NAME = 11;
    static final int PARAM_SUPPORTED_ADDRESS_TYPES = 12;
    static final int PARAM_SUPPORTED_EXTENSIONS = 0x8008;
    static final int PARAM_FORWARD_TSN_SUPPORTED = 0xC000;
    private static final int FIXED = 16;

    /** Parses the value of a chunk (after its four-byte header); null if malformed. */
    static InitChunk parse(byte[] b, int off, int len) {
        if (len < FIXED) {
            return null;
        }
        int tag = SctpPacket.i32(b, off);
        long window = SctpPacket.u32(b, off + 4);
        int outbound = SctpPacket.u16(b, off + 8);
        int inbound = SctpPacket.u16(b, off + 10);
        int tsn = SctpPacket.i32(b, off + 12);
        if (tag == 0 || outbound == 0 || inbound == 0) {
            return null;
        }
        byte[] cookie = null;
        boolean forwardTsn = false;
        boolean reconfig = false;
        int end = off + len;
        for (int p = off + FIXED; end - p >= 4; ) {
            int type = SctpPacket.u16(b, p);
            int length = SctpPacket.u16(b, p + 2);
            if (length < 4 || length > end - p) {
                return null;
            }
            switch (type) {
                case PARAM_STATE_COOKIE -> cookie = java.util.Arrays.copyOfRange(b, p + 4, p + length);
                case PARAM_FORWARD_TSN_SUPPORTED -> forwardTsn = true;
                case PARAM_SUPPORTED_EXTENSIONS -> {
                    for (int i = p + 4; i < p + length; i++) {
                        int chunk = b[i] & 0xff;
                        forwardTsn |= chunk == Chunk.FORWARD_TSN;
                        reconfig |= chunk == Chunk.RE_CONFIG;
                    }
                }
                case PARAM_IPV4_ADDRESS, PARAM_IPV6_ADDRESS, PARAM_COOKIE_PRESERVATIVE, PARAM_HOST_NAME,
                     PARAM_SUPPORTED_ADDRESS_TYPES -> {
                    // known, and meaningless over DTLS: the addresses are DTLS's
                }
                default -> {
                    if ((type & 0x8000) == 0) {
                        p = end;
                        continue;
                    }
                }
            }
            p += Chunk.padded(length);
        }
        return new InitChunk(tag, window, outbound, inbound, tsn, cookie, forwardTsn, reconfig);
    }

    /** Writes an INIT or INIT-ACK chunk advertising PR-SCTP and RE-CONFIG, with the cookie for an INIT-ACK. */
    static void write(PacketBuilder out, int type, int initiateTag, int window, int streams, int initialTsn,
                      byte[] cookie) {
        out.beginChunk(type, 0);
        out.putInt(initiateTag);
        out.putInt(window);
        out.putShort(streams);
        out.putShort(streams);
        out.putInt(initialTsn);
        out.putShort(PARAM_FORWARD_TSN_SUPPORTED);
        out.putShort(4);
        out.putShort(PARAM_SUPPORTED_EXTENSIONS);
        out.putShort(6);
        out.putByte(Chunk.RE_CONFIG);
        out.putByte(Chunk.FORWARD_TSN);
        out.putShort(0);
        if (cookie != null) {
            out.putShort(PARAM_STATE_COOKIE);
            out.putShort(4 + cookie.length);
            out.putBytes(cookie, 0, cookie.length);
        }
        out.endChunk();
    }
}
