package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;

/**
 * The common 4-byte RTCP header (RFC 3550 §6.4): V=2, P, a 5-bit count (RC/SC) or feedback message type (FMT),
 * packet type, and the length in 32-bit words minus one.
 */
public final class RtcpHeader {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** Transport-layer feedback (RFC 4585): generic NACK, transport-wide CC. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585): PLI, FIR, REMB. */
    public static final int PSFB = 206;

    public static final int FMT_NACK = 1;
    public static final int FMT_TRANSPORT_CC = 15;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    /** Application-layer feedback; REMB is one. */
    public static final int FMT_AFB = 15;

    public static final int LENGTH = 4;

    private RtcpHeader() {}

    /**
     * Length in bytes announced by the header at {@code buf[off]}, or -1 when fewer than 4 bytes are available,
     * the version is not 2, or the announced length exceeds {@code available}.
     */
    public static int packetLength(byte[] buf, int off, int available) {
        if (!Bytes.inBounds(buf, off, available) || available < LENGTH || (buf[off] & 0xC0) != 0x80) {
            return -1;
        }
        int length = 4 * (Bytes.u16(buf, off + 2) + 1);
        return length <= available ? length : -1;
    }

    /**
     * Length in bytes without the padding, or -1 when the header is invalid (see {@link #packetLength}) or the
     * padding count is 0 or does not fit after the header.
     */
    public static int contentLength(byte[] buf, int off, int available) {
        int length = packetLength(buf, off, available);
        if (length < 0 || (buf[off] & 0x20) == 0) {
            return length;
        }
        int padding = buf[off + length - 1] & 0xFF;
        return padding == 0 || padding > length - LENGTH ? -1 : length - padding;
    }

    public static int count(byte[] buf, int off) {
        return buf[off] & 0x1F;
    }

    public static int packetType(byte[] buf, int off) {
        return buf[off + 1] & 0xFF;
    }

    /** Writes a header without padding for a packet of {@code totalLength} bytes (a multiple of 4). */
    public static void write(byte[] dst, int off, int countOrFormat, int packetType, int totalLength) {
        dst[off] = (byte) (0x80 | (countOrFormat & 0x1F));
        dst[off + 1] = (byte) packetType;
        Bytes.put16(dst, off + 2, totalLength / 4 - 1);
    }

    /** Zero bytes needed to round {@code length} up to a multiple of 4. */
    static int pad4(int length) {
        return (4 - (length & 3)) & 3;
    }
}
