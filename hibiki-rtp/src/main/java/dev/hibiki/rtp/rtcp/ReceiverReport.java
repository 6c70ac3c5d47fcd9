package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;
import java.util.List;

/** Receiver report, PT 201 (RFC 3550 §6.4.2): reporter SSRC plus up to 31 report blocks. A reusable view. */
public final class ReceiverReport {
    private static final int BLOCKS_START = 8;

    private byte[] buf;
    private int off;
    private int blockCount;

    /** Views the RR at {@code buf[off .. off+len)}; false when it is not a well-formed RR. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int content = RtcpHeader.contentLength(buf, off, len);
        if (content < BLOCKS_START || RtcpHeader.packetType(buf, off) != RtcpHeader.RR) {
            return false;
        }
        int count = RtcpHeader.count(buf, off);
        if (BLOCKS_START + count * ReportBlock.LENGTH > content) {
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

    public int reportBlockCount() {
        return blockCount;
    }

    public ReportBlock reportBlock(int i) {
        return ReportBlock.read(buf, off + BLOCKS_START + i * ReportBlock.LENGTH);
    }

    public static int length(int blockCount) {
        return BLOCKS_START + blockCount * ReportBlock.LENGTH;
    }

    /** Writes an RR at {@code dst[off..]}; returns its length, or -1 when it does not fit or has over 31 blocks. */
    public static int write(byte[] dst, int off, long senderSsrc, List<ReportBlock> blocks) {
        int n = blocks.size();
        int total = length(n);
        if (n > 31 || !Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        RtcpHeader.write(dst, off, n, RtcpHeader.RR, total);
        Bytes.put32(dst, off + 4, senderSsrc);
        for (int i = 0; i < n; i++) {
            blocks.get(i).write(dst, off + BLOCKS_START + i * ReportBlock.LENGTH);
        }
        return total;
    }
}
