package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;
import java.util.List;

/**
 * Sender report, PT 200 (RFC 3550 §6.4.1): sender info plus up to 31 report blocks. A reusable view;
 * profile-specific extensions after the blocks are ignored.
 */
public final class SenderReport {
    static final int SENDER_INFO_END = 28;

    private byte[] buf;
    private int off;
    private int blockCount;

    /** Views the SR at {@code buf[off .. off+len)}; false when it is not a well-formed SR. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int content = RtcpHeader.contentLength(buf, off, len);
        if (content < SENDER_INFO_END || RtcpHeader.packetType(buf, off) != RtcpHeader.SR) {
            return false;
        }
        int count = RtcpHeader.count(buf, off);
        if (SENDER_INFO_END + count * ReportBlock.LENGTH > content) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.blockCount = count;
        return true;
    }

    public long senderSsrc() {
        return Bytes.u32(buf, off + 4);
    }

    /** 64-bit NTP timestamp (see {@link NtpTime}). */
    public long ntpTimestamp() {
        return Bytes.u64(buf, off + 8);
    }

    public long rtpTimestamp() {
        return Bytes.u32(buf, off + 16);
    }

    public long packetCount() {
        return Bytes.u32(buf, off + 20);
    }

    public long octetCount() {
        return Bytes.u32(buf, off + 24);
    }

    public int reportBlockCount() {
        return blockCount;
    }

    public ReportBlock reportBlock(int i) {
        return ReportBlock.read(buf, off + SENDER_INFO_END + i * ReportBlock.LENGTH);
    }

    public static int length(int blockCount) {
        return SENDER_INFO_END + blockCount * ReportBlock.LENGTH;
    }

    /** Writes an SR at {@code dst[off..]}; returns its length, or -1 when it does not fit or has over 31 blocks. */
    public static int write(byte[] dst, int off, long senderSsrc, long ntpTimestamp, long rtpTimestamp,
                            long packetCount, long octetCount, List<ReportBlock> blocks) {
        int n = blocks.size();
        int total = length(n);
        if (n > 31 || !Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        RtcpHeader.write(dst, off, n, RtcpHeader.SR, total);
        Bytes.put32(dst, off + 4, senderSsrc);
        Bytes.put64(dst, off + 8, ntpTimestamp);
        Bytes.put32(dst, off + 16, rtpTimestamp);
        Bytes.put32(dst, off + 20, packetCount);
        Bytes.put32(dst, off + 24, octetCount);
        for (int i = 0; i < n; i++) {
            blocks.get(i).write(dst, off + SENDER_INFO_END + i * ReportBlock.LENGTH);
        }
        return total;
    }
}
