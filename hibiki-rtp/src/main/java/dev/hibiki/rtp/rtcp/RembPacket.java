package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;

/**
 * Receiver estimated maximum bitrate, PT 206 FMT 15 (draft-alvestrand-rmcat-remb-03): "REMB", the number of
 * SSRCs, a bitrate as 6-bit exponent and 18-bit mantissa (bps = mantissa &lt;&lt; exponent), then the SSRCs it
 * applies to. A reusable view plus a writer.
 */
public final class RembPacket {
    private static final int IDENTIFIER = 0x52454D42; // "REMB"
    private static final int SSRCS_START = 20;

    private byte[] buf;
    private int off;
    private int ssrcCount;

    /** Views the REMB at {@code buf[off .. off+len)}; false when it is not a REMB (other AFB messages too). */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int content = Feedback.contentLength(buf, off, len, RtcpHeader.PSFB, RtcpHeader.FMT_AFB);
        if (content < SSRCS_START || Bytes.u32(buf, off + 12) != IDENTIFIER) {
            return false;
        }
        int count = buf[off + 16] & 0xFF;
        if (SSRCS_START + 4 * count > content) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.ssrcCount = count;
        return true;
    }

    public long senderSsrc() {
        return Bytes.u32(buf, off + 4);
    }

    /** Estimated bitrate in bits per second; saturates at {@link Long#MAX_VALUE}. */
    public long bitrate() {
        int exponent = (buf[off + 17] & 0xFF) >>> 2;
        long mantissa = Bytes.u24(buf, off + 17) & 0x3FFFF;
        if (mantissa != 0 && exponent > Long.numberOfLeadingZeros(mantissa) - 1) {
            return Long.MAX_VALUE;
        }
        return mantissa << exponent;
    }

    public int ssrcCount() {
        return ssrcCount;
    }

    public long ssrc(int i) {
        return Bytes.u32(buf, off + SSRCS_START + 4 * i);
    }

    public static int length(int ssrcCount) {
        return SSRCS_START + 4 * ssrcCount;
    }

    /**
     * Writes a REMB for {@code bitrate} bps (negative counts as 0; precision is lost beyond 18 significant bits,
     * always rounding down); returns its length or -1 (no room, over 255 SSRCs).
     */
    public static int write(byte[] dst, int off, long senderSsrc, long bitrate, long[] ssrcs) {
        int total = length(ssrcs.length);
        if (ssrcs.length > 255 || !Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        long value = Math.max(0, bitrate);
        int exponent = 0;
        while ((value >>> exponent) > 0x3FFFF) {
            exponent++;
        }
        long mantissa = value >>> exponent;
        Feedback.writeHeader(dst, off, RtcpHeader.PSFB, RtcpHeader.FMT_AFB, total, senderSsrc, 0);
        Bytes.put32(dst, off + 12, IDENTIFIER);
        dst[off + 16] = (byte) ssrcs.length;
        Bytes.put24(dst, off + 17, (int) ((exponent << 18) | mantissa));
        for (int i = 0; i < ssrcs.length; i++) {
            Bytes.put32(dst, off + SSRCS_START + 4 * i, ssrcs[i]);
        }
        return total;
    }
}
