package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;

/**
 * Full intra request, PT 206 FMT 4 (RFC 5104 §4.3.1): FCI entries of (SSRC, command sequence number); the
 * media source field of the header is unused and 0. A reusable view plus writers.
 */
public final class FirPacket {
    private static final int ENTRY_LENGTH = 8;

    private byte[] buf;
    private int off;
    private int entryCount;

    /** Views the FIR at {@code buf[off .. off+len)}; false when it is not a FIR. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int content = Feedback.contentLength(buf, off, len, RtcpHeader.PSFB, RtcpHeader.FMT_FIR);
        if (content < 0) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.entryCount = (content - Feedback.FCI_START) / ENTRY_LENGTH;
        return true;
    }

    public long senderSsrc() {
        return Bytes.u32(buf, off + 4);
    }

    public int entryCount() {
        return entryCount;
    }

    /** The SSRC a keyframe is requested from. */
    public long ssrc(int entry) {
        return Bytes.u32(buf, off + Feedback.FCI_START + ENTRY_LENGTH * entry);
    }

    /** Command sequence number 0..255: a repeated request carries the same number. */
    public int sequenceNumber(int entry) {
        return buf[off + Feedback.FCI_START + ENTRY_LENGTH * entry + 4] & 0xFF;
    }

    public static int length(int entries) {
        return Feedback.FCI_START + ENTRY_LENGTH * entries;
    }

    /** Writes a FIR with one entry; returns its length or -1. */
    public static int write(byte[] dst, int off, long senderSsrc, long mediaSsrc, int sequenceNumber) {
        return write(dst, off, senderSsrc, new long[] {mediaSsrc}, new int[] {sequenceNumber});
    }

    /** Writes a FIR with an entry per {@code ssrcs[i]}/{@code sequenceNumbers[i]}; returns its length or -1. */
    public static int write(byte[] dst, int off, long senderSsrc, long[] ssrcs, int[] sequenceNumbers) {
        int n = ssrcs.length;
        int total = length(n);
        if (n == 0 || sequenceNumbers.length != n || !Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        Feedback.writeHeader(dst, off, RtcpHeader.PSFB, RtcpHeader.FMT_FIR, total, senderSsrc, 0);
        for (int i = 0; i < n; i++) {
            int at = off + Feedback.FCI_START + ENTRY_LENGTH * i;
            Bytes.put32(dst, at, ssrcs[i]);
            Bytes.put32(dst, at + 4, (long) (sequenceNumbers[i] & 0xFF) << 24);
        }
        return total;
    }
}
