package dev.hibiki.rtp.rtcp;

import dev.hibiki.rtp.Bytes;
import dev.hibiki.rtp.SequenceNumbers;

/**
 * Transport-wide congestion control feedback, PT 205 FMT 15 (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1), decoded into per-packet status and arrival times.
 *
 * <p>Reusable: {@link #parse} fills internal arrays that grow to the largest status count seen and are then
 * reused, so steady-state parsing allocates nothing. Status symbols: {@link #NOT_RECEIVED},
 * {@link #RECEIVED_SMALL_DELTA} (1-byte delta, 0..63.75 ms), {@link #RECEIVED_LARGE_DELTA} (2-byte signed
 * delta). The reserved symbol 3 makes the packet malformed.
 */
public final class TransportCcFeedback {
    public static final int NOT_RECEIVED = 0;
    public static final int RECEIVED_SMALL_DELTA = 1;
    public static final int RECEIVED_LARGE_DELTA = 2;

    /** Reference time unit in microseconds (64 ms). */
    public static final long REFERENCE_TIME_MICROS = 64_000;
    /** Receive delta unit in microseconds (250 µs). */
    public static final long DELTA_MICROS = 250;

    static final int HEADER_LENGTH = 20;

    private long senderSsrc;
    private long mediaSsrc;
    private int baseSequence;
    private int statusCount;
    private int referenceTime;
    private int feedbackCount;
    private int receivedCount;
    private byte[] symbols = new byte[64];
    private int[] deltas = new int[64];

    /**
     * Decodes the feedback at {@code buf[off .. off+len)}; false when it is not a TWCC feedback or it is
     * malformed (chunks or deltas running past the end, reserved symbol). Bytes after the last delta are
     * ignored (zero padding).
     */
    public boolean parse(byte[] buf, int off, int len) {
        statusCount = 0;
        receivedCount = 0;
        int content = Feedback.contentLength(buf, off, len, RtcpHeader.RTPFB, RtcpHeader.FMT_TRANSPORT_CC);
        if (content < HEADER_LENGTH) {
            return false;
        }
        int end = off + content;
        int count = Bytes.u16(buf, off + 14);
        ensureCapacity(count);
        int pos = off + HEADER_LENGTH;
        int filled = 0;
        while (filled < count) {
            if (pos + 2 > end) {
                return false;
            }
            int chunk = Bytes.u16(buf, pos);
            pos += 2;
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >>> 13) & 3;
                int run = Math.min(chunk & 0x1FFF, count - filled);
                if (symbol == 3 && run > 0) {
                    return false;
                }
                for (int i = 0; i < run; i++) {
                    symbols[filled++] = (byte) symbol;
                }
            } else if ((chunk & 0x4000) == 0) {
                for (int bit = 13; bit >= 0 && filled < count; bit--) {
                    symbols[filled++] = (byte) ((chunk >>> bit) & 1);
                }
            } else {
                for (int shift = 12; shift >= 0 && filled < count; shift -= 2) {
                    int symbol = (chunk >>> shift) & 3;
                    if (symbol == 3) {
                        return false;
                    }
                    symbols[filled++] = (byte) symbol;
                }
            }
        }
        int received = 0;
        for (int i = 0; i < count; i++) {
            int symbol = symbols[i];
            if (symbol == RECEIVED_SMALL_DELTA) {
                if (pos + 1 > end) {
                    return false;
                }
                deltas[i] = buf[pos] & 0xFF;
                pos += 1;
                received++;
            } else if (symbol == RECEIVED_LARGE_DELTA) {
                if (pos + 2 > end) {
                    return false;
                }
                deltas[i] = (short) Bytes.u16(buf, pos);
                pos += 2;
                received++;
            } else {
                deltas[i] = 0;
            }
        }
        senderSsrc = Bytes.u32(buf, off + 4);
        mediaSsrc = Bytes.u32(buf, off + 8);
        baseSequence = Bytes.u16(buf, off + 12);
        referenceTime = Bytes.s24(buf, off + 16);
        feedbackCount = buf[off + 19] & 0xFF;
        statusCount = count;
        receivedCount = received;
        return true;
    }

    private void ensureCapacity(int count) {
        if (symbols.length < count) {
            int size = Math.max(count, symbols.length * 2);
            symbols = new byte[size];
            deltas = new int[size];
        }
    }

    public long senderSsrc() {
        return senderSsrc;
    }

    public long mediaSsrc() {
        return mediaSsrc;
    }

    public int baseSequence() {
        return baseSequence;
    }

    public int statusCount() {
        return statusCount;
    }

    /** Sequence number of the i-th status. */
    public int sequenceNumber(int i) {
        return SequenceNumbers.add(baseSequence, i);
    }

    /** Signed 24-bit reference time in units of 64 ms. */
    public int referenceTime() {
        return referenceTime;
    }

    /** Feedback packet count, 0..255, incremented by the sender of each feedback. */
    public int feedbackCount() {
        return feedbackCount;
    }

    public int receivedCount() {
        return receivedCount;
    }

    /** Status symbol of the i-th packet. */
    public int status(int i) {
        return symbols[i];
    }

    public boolean isReceived(int i) {
        return symbols[i] != NOT_RECEIVED;
    }

    /** Receive delta of the i-th packet in 250 µs ticks (relative to the previous received one); 0 if lost. */
    public int deltaTicks(int i) {
        return deltas[i];
    }

    /**
     * Arrival times in microseconds of the received packets on the receiver's clock (reference time plus the
     * running sum of deltas), written to {@code out[i]} for each status i; lost packets get
     * {@link Long#MIN_VALUE}. {@code out} must hold {@link #statusCount()} entries.
     */
    public void arrivalTimesMicros(long[] out) {
        long time = referenceTime * REFERENCE_TIME_MICROS;
        for (int i = 0; i < statusCount; i++) {
            if (symbols[i] == NOT_RECEIVED) {
                out[i] = Long.MIN_VALUE;
            } else {
                time += deltas[i] * DELTA_MICROS;
                out[i] = time;
            }
        }
    }
}
