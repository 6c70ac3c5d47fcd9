package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes.
 *
 * @param ssrc source this block reports on
 * @param fractionLost 0..255, lost fraction since the previous report in 1/256
 * @param cumulativeLost signed 24-bit count of packets lost
 * @param highestSequence extended highest sequence number received (cycles &lt;&lt; 16 | seq)
 * @param jitter interarrival jitter in timestamp units
 * @param lastSenderReport middle 32 bits of the NTP time of the last SR received (LSR), 0 if none
 * @param delaySinceLastSenderReport delay since that SR in 1/65536 s (DLSR)
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
                          long lastSenderReport, long delaySinceLastSenderReport) {
    public static final int LENGTH = 24;

    public static ReportBlock read(byte[] b, int off) {
        return new ReportBlock(Bytes.u32(b, off), b[off + 4] & 0xFF, Bytes.s24(b, off + 5), Bytes.u32(b, off + 8),
                Bytes.u32(b, off + 12), Bytes.u32(b, off + 16), Bytes.u32(b, off + 20));
    }

    /** Writes the 24 bytes at {@code dst[off..]}; cumulative lost is clamped to the signed 24-bit range. */
    public void write(byte[] dst, int off) {
        Bytes.put32(dst, off, ssrc);
        dst[off + 4] = (byte) fractionLost;
        Bytes.put24(dst, off + 5, Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost)));
        Bytes.put32(dst, off + 8, highestSequence);
        Bytes.put32(dst, off + 12, jitter);
        Bytes.put32(dst, off + 16, lastSenderReport);
        Bytes.put32(dst, off + 20, delaySinceLastSenderReport);
    }
}
