package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;

/** Picture loss indication, PT 206 FMT 1 (RFC 4585 §6.3.1): 12 bytes, no FCI. */
public final class PliPacket {
    public static final int LENGTH = 12;

    private PliPacket() {}

    /** True when {@code buf[off .. off+len)} is a PLI. */
    public static boolean is(byte[] buf, int off, int len) {
        return Feedback.contentLength(buf, off, len, RtcpHeader.PSFB, RtcpHeader.FMT_PLI) >= 0;
    }

    /** SSRC of the media source the PLI asks a keyframe for; call only after {@link #is}. */
    public static long mediaSsrc(byte[] buf, int off) {
        return Bytes.u32(buf, off + 8);
    }

    public static long senderSsrc(byte[] buf, int off) {
        return Bytes.u32(buf, off + 4);
    }

    /** Writes a PLI; returns 12, or -1 when it does not fit. */
    public static int write(byte[] dst, int off, long senderSsrc, long mediaSsrc) {
        if (!Bytes.inBounds(dst, off, LENGTH)) {
            return -1;
        }
        Feedback.writeHeader(dst, off, RtcpHeader.PSFB, RtcpHeader.FMT_PLI, LENGTH, senderSsrc, mediaSsrc);
        return LENGTH;
    }
}
