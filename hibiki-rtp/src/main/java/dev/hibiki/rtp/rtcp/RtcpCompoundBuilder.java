package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Appends RTCP packets one after another into a caller's buffer, up to a size limit (the MTU budget), to form
 * a compound packet such as SR+SDES or RR+SDES+NACK (RFC 3550 §6.1 wants a report first and an SDES with
 * CNAME; RFC 5506 allows a lone feedback packet). Each {@code add…} returns false and leaves the packet as it
 * was when the next part does not fit. Reusable with {@link #reset}.
 */
public final class RtcpCompoundBuilder {
    private byte[] dst;
    private int start;
    private int limit;
    private int pos;

    /** Writes into {@code dst[off .. off+maxLength)}. */
    public RtcpCompoundBuilder reset(byte[] dst, int off, int maxLength) {
        if (!Bytes.inBounds(dst, off, maxLength)) {
            throw new IllegalArgumentException("range outside the buffer");
        }
        this.dst = dst;
        this.start = off;
        this.limit = off + maxLength;
        this.pos = off;
        return this;
    }

    /** Bytes written so far. */
    public int length() {
        return pos - start;
    }

    public boolean isEmpty() {
        return pos == start;
    }

    private boolean fits(int length) {
        return length > 0 && length <= limit - pos;
    }

    private boolean advance(int written) {
        if (written < 0) {
            return false;
        }
        pos += written;
        return true;
    }

    public boolean addSenderReport(long senderSsrc, long ntpTimestamp, long rtpTimestamp, long packetCount,
                                   long octetCount, List<ReportBlock> blocks) {
        return fits(SenderReport.length(blocks.size())) && advance(SenderReport.write(
                dst, pos, senderSsrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount, blocks));
    }

    public boolean addReceiverReport(long senderSsrc, List<ReportBlock> blocks) {
        return fits(ReceiverReport.length(blocks.size()))
                && advance(ReceiverReport.write(dst, pos, senderSsrc, blocks));
    }

    public boolean addSdesCname(long ssrc, String cname) {
        return cname.getBytes(StandardCharsets.UTF_8).length <= 255 && fits(SdesPacket.cnameLength(cname))
                && advance(SdesPacket.writeCname(dst, pos, ssrc, cname));
    }

    public boolean addSdes(List<SdesPacket.Chunk> chunks) {
        return fits(SdesPacket.length(chunks)) && advance(SdesPacket.write(dst, pos, chunks));
    }

    public boolean addBye(long[] ssrcs, String reason) {
        return fits(ByePacket.length(ssrcs.length, reason)) && advance(ByePacket.write(dst, pos, ssrcs, reason));
    }

    public boolean addPli(long senderSsrc, long mediaSsrc) {
        return fits(PliPacket.LENGTH) && advance(PliPacket.write(dst, pos, senderSsrc, mediaSsrc));
    }

    public boolean addFir(long senderSsrc, long mediaSsrc, int sequenceNumber) {
        return fits(FirPacket.length(1)) && advance(FirPacket.write(dst, pos, senderSsrc, mediaSsrc, sequenceNumber));
    }

    public boolean addNack(long senderSsrc, long mediaSsrc, int[] seqs, int from, int count) {
        return count > 0 && from >= 0 && from + count <= seqs.length
                && fits(NackPacket.length(NackPacket.itemsNeeded(seqs, from, count)))
                && advance(NackPacket.write(dst, pos, senderSsrc, mediaSsrc, seqs, from, count));
    }

    public boolean addRemb(long senderSsrc, long bitrate, long[] ssrcs) {
        return fits(RembPacket.length(ssrcs.length)) && advance(RembPacket.write(dst, pos, senderSsrc, bitrate, ssrcs));
    }

    public boolean addTransportCc(TransportCcFeedbackBuilder feedback) {
        return fits(feedback.length()) && advance(feedback.write(dst, pos));
    }
}
