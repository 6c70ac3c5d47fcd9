package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;
import dev.hibiki.rtp.SequenceNumbers;

/**
 * Builds transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) from received
 * packets added in ascending transport sequence order. Preallocated for a maximum status count; reusable
 * with {@link #reset}.
 *
 * <p>The first packet fixes the base sequence number and the reference time (its arrival rounded down to
 * 64 ms). Each delta is measured from the previous packet's time as encoded, so rounding never accumulates.
 * Chunks are chosen greedily: at each position the run-length chunk, the 14-symbol one-bit vector or the
 * 7-symbol two-bit vector that covers most statuses. The packet is 32-bit aligned with RTCP padding (P bit,
 * last byte = count), as libwebrtc does.
 */
public final class TransportCcFeedbackBuilder {
    private static final int MAX_RUN = 0x1FFF;

    private final int maxStatusCount;
    private final byte[] symbols;
    private final short[] deltas;
    private final short[] chunks;

    private long senderSsrc;
    private long mediaSsrc;
    private int feedbackCount;
    private int baseSequence;
    private int lastSequence;
    private int statusCount;
    private int receivedBytes;
    private long referenceTime;
    private long lastMicros;
    private int chunkCount = -1;

    /** @param maxStatusCount most packets (received or lost) one feedback may describe, 1..65535 */
    public TransportCcFeedbackBuilder(int maxStatusCount) {
        if (maxStatusCount < 1 || maxStatusCount > 0xFFFF) {
            throw new IllegalArgumentException("maxStatusCount must be 1..65535: " + maxStatusCount);
        }
        this.maxStatusCount = maxStatusCount;
        this.symbols = new byte[maxStatusCount];
        this.deltas = new short[maxStatusCount];
        this.chunks = new short[maxStatusCount];
    }

    /** Starts an empty feedback. */
    public void reset(long senderSsrc, long mediaSsrc, int feedbackCount) {
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.feedbackCount = feedbackCount & 0xFF;
        this.statusCount = 0;
        this.receivedBytes = 0;
        this.chunkCount = -1;
    }

    public boolean isEmpty() {
        return statusCount == 0;
    }

    public int statusCount() {
        return statusCount;
    }

    public int baseSequence() {
        return baseSequence;
    }

    /**
     * Adds a received packet. Returns false, changing nothing, when it cannot be added: its sequence number is
     * not after the last one added, the gap would exceed the maximum status count, or its delta does not fit
     * 16 signed bits of 250 µs (±8.19 s). The caller then writes this feedback and starts a new one.
     */
    public boolean addReceived(int sequenceNumber, long arrivalMicros) {
        int seq = sequenceNumber & 0xFFFF;
        int newCount;
        long base;
        if (statusCount == 0) {
            newCount = 1;
            base = Math.floorDiv(arrivalMicros, TransportCcFeedback.REFERENCE_TIME_MICROS)
                    * TransportCcFeedback.REFERENCE_TIME_MICROS;
        } else {
            int gap = SequenceNumbers.diff(seq, lastSequence);
            if (gap <= 0 || statusCount + gap > maxStatusCount) {
                return false;
            }
            newCount = statusCount + gap;
            base = lastMicros;
        }
        long ticks = Math.floorDiv(arrivalMicros - base + TransportCcFeedback.DELTA_MICROS / 2,
                TransportCcFeedback.DELTA_MICROS);
        int symbol;
        if (ticks >= 0 && ticks <= 0xFF) {
            symbol = TransportCcFeedback.RECEIVED_SMALL_DELTA;
        } else if (ticks >= Short.MIN_VALUE && ticks <= Short.MAX_VALUE) {
            symbol = TransportCcFeedback.RECEIVED_LARGE_DELTA;
        } else {
            return false;
        }
        if (statusCount == 0) {
            baseSequence = seq;
            referenceTime = base / TransportCcFeedback.REFERENCE_TIME_MICROS;
        }
        for (int i = statusCount; i < newCount - 1; i++) {
            symbols[i] = TransportCcFeedback.NOT_RECEIVED;
        }
        symbols[newCount - 1] = (byte) symbol;
        deltas[newCount - 1] = (short) ticks;
        receivedBytes += symbol == TransportCcFeedback.RECEIVED_SMALL_DELTA ? 1 : 2;
        statusCount = newCount;
        lastSequence = seq;
        lastMicros = base + ticks * TransportCcFeedback.DELTA_MICROS;
        chunkCount = -1;
        return true;
    }

    /** Bytes {@link #write} will produce, or 0 when empty. */
    public int length() {
        if (statusCount == 0) {
            return 0;
        }
        int unpadded = TransportCcFeedback.HEADER_LENGTH + 2 * encodeChunks() + receivedBytes;
        return unpadded + RtcpHeader.pad4(unpadded);
    }

    /** Writes the feedback at {@code dst[off..]}; returns its length, or -1 when empty or it does not fit. */
    public int write(byte[] dst, int off) {
        int total = length();
        if (total == 0 || !Bytes.inBounds(dst, off, total)) {
            return -1;
        }
        Feedback.writeHeader(dst, off, RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC, total, senderSsrc, mediaSsrc);
        Bytes.put16(dst, off + 12, baseSequence);
        Bytes.put16(dst, off + 14, statusCount);
        Bytes.put24(dst, off + 16, (int) referenceTime);
        dst[off + 19] = (byte) feedbackCount;
        int pos = off + TransportCcFeedback.HEADER_LENGTH;
        for (int i = 0; i < chunkCount; i++) {
            Bytes.put16(dst, pos, chunks[i]);
            pos += 2;
        }
        for (int i = 0; i < statusCount; i++) {
            if (symbols[i] == TransportCcFeedback.RECEIVED_SMALL_DELTA) {
                dst[pos++] = (byte) deltas[i];
            } else if (symbols[i] == TransportCcFeedback.RECEIVED_LARGE_DELTA) {
                Bytes.put16(dst, pos, deltas[i]);
                pos += 2;
            }
        }
        int padding = off + total - pos;
        if (padding > 0) {
            dst[off] |= 0x20;
            while (pos < off + total - 1) {
                dst[pos++] = 0;
            }
            dst[pos] = (byte) padding;
        }
        return total;
    }

    private int encodeChunks() {
        if (chunkCount >= 0) {
            return chunkCount;
        }
        int n = 0;
        int i = 0;
        while (i < statusCount) {
            int remaining = statusCount - i;
            int run = 1;
            while (run < remaining && run < MAX_RUN && symbols[i + run] == symbols[i]) {
                run++;
            }
            int oneBit = Math.min(14, remaining);
            for (int k = 0; k < oneBit; k++) {
                if (symbols[i + k] == TransportCcFeedback.RECEIVED_LARGE_DELTA) {
                    oneBit = 0;
                }
            }
            int twoBit = Math.min(7, remaining);
            if (run >= oneBit && run >= twoBit) {
                chunks[n++] = (short) ((symbols[i] << 13) | run);
                i += run;
            } else if (oneBit >= twoBit) {
                int chunk = 0x8000;
                for (int k = 0; k < oneBit; k++) {
                    chunk |= symbols[i + k] << (13 - k);
                }
                chunks[n++] = (short) chunk;
                i += oneBit;
            } else {
                int chunk = 0xC000;
                for (int k = 0; k < twoBit; k++) {
                    chunk |= symbols[i + k] << (12 - 2 * k);
                }
                chunks[n++] = (short) chunk;
                i += twoBit;
            }
        }
        chunkCount = n;
        return n;
    }
}
