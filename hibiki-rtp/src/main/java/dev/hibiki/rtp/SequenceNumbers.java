package dev.hibiki.rtp;

/** Arithmetic on 16-bit RTP sequence numbers (RFC 3550 §A.1), where comparisons must survive wrap-around. */
public final class SequenceNumbers {
    private SequenceNumbers() {}

    /** The signed distance {@code a - b} in -32768..32767; positive when {@code a} is newer than {@code b}. */
    public static int diff(int a, int b) {
        return (short) (a - b);
    }

    /** True when {@code a} comes after {@code b} in RTP order. */
    public static boolean isNewer(int a, int b) {
        return diff(a, b) > 0;
    }

    /** {@code seq + delta} kept in 0..65535. */
    public static int add(int seq, int delta) {
        return (seq + delta) & 0xFFFF;
    }

    /**
     * Extends {@code seq} to a 64-bit counter using the closest value to {@code reference} (an extended
     * sequence number seen before): the result differs from {@code reference} by at most 32768.
     */
    public static long extend(int seq, long reference) {
        return reference + diff(seq, (int) (reference & 0xFFFF));
    }
}
