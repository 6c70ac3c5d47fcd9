package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;
import dev.hibiki.rtp.SequenceNumbers;

/**
 * Generic NACK, PT 205 FMT 1 (RFC 4585 §6.2.1): FCI items of a packet id (PID) and a bitmask of the 16
 * following lost packets (BLP). A reusable view plus a writer that packs a list of sequence numbers.
 */
public final class NackPacket {
    private static final int ITEM_LENGTH = 4;
    /** Most sequence numbers one FCI item can carry: the PID and the 16 bits of its BLP. */
    public static final int SEQS_PER_ITEM = 17;

    private byte[] buf;
    private int off;
    private int itemCount;

    /** Views the NACK at {@code buf[off .. off+len)}; false when it is not a generic NACK. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        int content = Feedback.contentLength(buf, off, len, RtcpHeader.RTPFB, RtcpHeader.FMT_NACK);
        if (content < 0) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.itemCount = (content - Feedback.FCI_START) / ITEM_LENGTH;
        return true;
    }

    public long senderSsrc() {
        return Bytes.u32(buf, off + 4);
    }

    public long mediaSsrc() {
        return Bytes.u32(buf, off + 8);
    }

    public int itemCount() {
        return itemCount;
    }

    public int pid(int item) {
        return Bytes.u16(buf, off + Feedback.FCI_START + ITEM_LENGTH * item);
    }

    public int blp(int item) {
        return Bytes.u16(buf, off + Feedback.FCI_START + ITEM_LENGTH * item + 2);
    }

    /** Number of sequence numbers the packet reports lost (duplicates across items counted again). */
    public int lostCount() {
        int n = 0;
        for (int i = 0; i < itemCount; i++) {
            n += 1 + Integer.bitCount(blp(i));
        }
        return n;
    }

    /**
     * Writes the lost sequence numbers, in packet order, into {@code out}; returns how many were written (at most
     * {@code out.length}; size it with {@link #lostCount()} or {@code SEQS_PER_ITEM * itemCount()}).
     */
    public int lostSequenceNumbers(int[] out) {
        int n = 0;
        for (int i = 0; i < itemCount && n < out.length; i++) {
            int pid = pid(i);
            int blp = blp(i);
            out[n++] = pid;
            for (int bit = 0; bit < 16 && n < out.length; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    out[n++] = SequenceNumbers.add(pid, bit + 1);
                }
            }
        }
        return n;
    }

    /** FCI items needed for {@code seqs[from .. from+count)}, packed as {@link #write} does. */
    public static int itemsNeeded(int[] seqs, int from, int count) {
        int items = 0;
        int pid = -1;
        for (int i = from; i < from + count; i++) {
            int seq = seqs[i] & 0xFFFF;
            int d = pid < 0 ? -1 : SequenceNumbers.diff(seq, pid);
            if (d < 0 || d > 16) {
                items++;
                pid = seq;
            }
        }
        return items;
    }

    public static int length(int items) {
        return Feedback.FCI_START + ITEM_LENGTH * items;
    }

    /**
     * Writes a NACK for {@code seqs[from .. from+count)}; returns its length, or -1 when it does not fit (or
     * {@code count} is 0). A sequence number within 16 after the current item's PID joins that item's BLP,
     * otherwise it starts a new item, so an ascending list (in RTP order) packs tightest.
     */
    public static int write(byte[] dst, int off, long senderSsrc, long mediaSsrc, int[] seqs, int from, int count) {
        if (count <= 0 || from < 0 || from + count > seqs.length) {
            return -1;
        }
        int total = length(itemsNeeded(seqs, from, count));
        if (!Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        Feedback.writeHeader(dst, off, RtcpHeader.RTPFB, RtcpHeader.FMT_NACK, total, senderSsrc, mediaSsrc);
        int itemPos = off + Feedback.FCI_START - ITEM_LENGTH;
        int pid = -1;
        int blp = 0;
        for (int i = from; i < from + count; i++) {
            int seq = seqs[i] & 0xFFFF;
            int d = pid < 0 ? -1 : SequenceNumbers.diff(seq, pid);
            if (d >= 1 && d <= 16) {
                blp |= 1 << (d - 1);
            } else if (d != 0) {
                if (pid >= 0) {
                    Bytes.put16(dst, itemPos + 2, blp);
                }
                itemPos += ITEM_LENGTH;
                pid = seq;
                blp = 0;
                Bytes.put16(dst, itemPos, pid);
            }
        }
        Bytes.put16(dst, itemPos + 2, blp);
        return total;
    }
}
